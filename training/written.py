"""Comments written for training by helpers given a brief and none of the project's files: one kind of spam, and
genuine readers on the same topics, line i of the readers' file matching line i of the spam's in topic, length,
opening and punctuation habits, so that only what the spam does tells the two apart.

The files are in `training/written/`, one comment per line under a `#` header that says who wrote them, when and
from which brief. Training only: never a check set (those are `training/check_comments/`, and the tests keep the
two apart).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from moderation.scoring.language import detect_language, resolve_language
from moderation.scoring.normalize import normalize_text
from training.data import Record, comment_lines, make_labels
from training.splits import SEED
from training.synthetic import reader_identity

WRITTEN = Path(__file__).parent / "written"


@dataclass(frozen=True)
class WrittenPair:
    """A spam file and its readers' file, line for line."""

    source: str
    spam: str
    readers: str
    #: Both files' language, or None where they mix French and English (each comment's detected, French by default).
    language: str | None
    #: Whether the spam may carry something to follow (a link, a handle): the readers then carry some too.
    links: bool = False


#: Since 2026.12.07-17 (issue 19: spam with nothing to follow in the text, whose authored templates did not
#: generalise to comments written blind: `private_sale` fired on 4 of sellers_blind_2.txt's 30 sales).
PAIRS = (
    WrittenPair("written_sales_fr", "sales_fr.txt", "sale_readers_fr.txt", "fr"),
    WrittenPair("written_sales_en", "sales_en.txt", "sale_readers_en.txt", "en"),
    WrittenPair("written_outreach", "outreach.txt", "site_readers.txt", None),
    # the contact phrases on both sides: with the three pairs above alone, whose readers never ask to be contacted,
    # « Écrivez-moi si vous voulez les chiffres de l'Insee que j'ai compilés » scored spam 0.74, held (-16 approved it)
    WrittenPair("written_contact", "contact_sales.txt", "contact_readers.txt", None),
    # the spam of blogs and video pages, links and all, each beside a comment under the same kind of page, for a site
    # whose spam the public sets never showed (a whole source held out: docs/models.md, 2026.12.07-18)
    WrittenPair("written_web_en", "web_spam_en.txt", "web_readers_en.txt", "en", links=True),
    WrittenPair("written_web_fr", "web_spam_fr.txt", "web_readers_fr.txt", "fr", links=True),
    # the pointer words on both sides, after the web pairs alone held « J'ai mis le lien de cet article sur mon profil
    # Facebook... » (spam 0.52) and « Ma mère m'envoie les articles par WhatsApp... » (0.44). It did not bring them
    # back (0.59 and 0.55 with it: its spam raises the same words); kept for the blind readers it holds fewer of
    # (seller_readers_blind.txt 3 -> 2, site_readers_blind.txt 1 -> 0 in the news profile; docs/models.md)
    WrittenPair("written_pointers", "pointer_spam.txt", "pointer_readers.txt", None, links=True),
    # the spam of technical and how-to blogs (fake support numbers, praise whose point is a link, offers to the blog's
    # owner), each beside a reader of the same post quoting error codes, versions, prices and documentation links, and
    # warning against the scam numbers: the kind of site issue 19 names, whose spam no public set holds (2026.12.07-19)
    WrittenPair("written_tech_en", "tech_spam_en.txt", "tech_readers_en.txt", "en", links=True),
    WrittenPair("written_tech_fr", "tech_spam_fr.txt", "tech_readers_fr.txt", "fr", links=True),
    # classified ads said plainly (« Vends Clio IV diesel 2016, 110 000 km, TBE... MP »), each beside a reader as terse
    # on the same item who sells nothing: -18 approved 9 of sellers_blind_3.txt's 30 sales, mostly ads of that shape
    WrittenPair("written_ads_fr", "ads_fr.txt", "ad_readers_fr.txt", "fr"),
    WrittenPair("written_ads_en", "ads_en.txt", "ad_readers_en.txt", "en"),
)


def read_written(name: str) -> list[str]:
    """The comments of one file of `training/written/`, without its `#` header."""
    return comment_lines(WRITTEN / name)


def written_records(*, fast: bool = False, seed: int = SEED) -> list[Record]:
    """Every pair's spam (spam 1) and readers (spam 0), the first 20 of each with `fast`; spam label only.

    Both sides draw the commenter from `reader_identity` on one seeded stream, so the form's fields say nothing of
    the label.
    """
    rng = random.Random(seed + 23)
    out: list[Record] = []
    for pair in PAIRS:
        for name, spam in ((pair.readers, 0), (pair.spam, 1)):
            for text in read_written(name)[: 20 if fast else None]:
                language = pair.language or resolve_language(detect_language(normalize_text(text)), "fr")
                out.append(Record.authored(text, language, pair.source, make_labels(spam=spam), **reader_identity(rng)))
    return out
