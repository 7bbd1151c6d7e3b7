"""Realistic readers: civil news comments from ordinary identities, and plain threats, through the real decision.

The comments (`training/check_comments/*.txt`) were written for this check, in the register of comments on politics
and war; they are never trained on (tests/integration/test_realistic_readers.py checks that no authored
training row repeats them). The identities are what real readers type: e-mails with and without digits at
French and international providers, personal websites, empty fields. Every model card reports these figures.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from moderation.config import Settings
from moderation.intake.decision import assess
from moderation.scoring.base import Scorer, Submission
from training.card import with_section
from training.data import comment_lines

DATA = Path(__file__).resolve().parent / "check_comments"

#: (author, e-mail, website): what readers fill in, digits and all.
IDENTITIES: tuple[tuple[str, str, str], ...] = (
    ("Marie L.", "marie.l.1987@hotmail.fr", ""),
    ("user20931", "user20931@yahoo.fr", ""),
    ("Jean Dupont", "jdupont1987@orange.fr", ""),
    ("Jean-Pierre Moreau", "jean-pierre.moreau@laposte.net", ""),
    ("Sophie", "sophie.martin75@gmail.com", ""),
    ("Karim B.", "karim.benali@free.fr", ""),
    ("Claire", "claire.durand@sfr.fr", "https://claire-durand.fr"),
    ("Thomas Leroy", "thomas.leroy@wanadoo.fr", "http://tleroy.free.fr"),
    ("Anne", "anne1962@outlook.fr", ""),
    ("nico_76", "nico76@live.fr", ""),
    ("Pierre", "pierre.garnier@proton.me", "https://blog.garnier.me"),
    ("Frank Bernard", "frank.bernard@gmx.fr", "https://www.linkedin.com/in/frank-bernard"),
    ("Elizabeth Smith", "liz.smith84@btinternet.com", ""),
    ("John", "john.walker@gmail.com", "https://johnwalker.substack.com"),
    ("M. Roux", "m.roux@univ-lyon2.fr", ""),
    ("Sarah K", "sarahk2001@icloud.com", ""),
    ("Olivier", "olivier.fontaine@bbox.fr", "https://github.com/ofontaine"),
    ("", "", ""),
    ("Anonyme", "", ""),
    ("Lecteur", "lecteur.assidu@yahoo.com", ""),
    ("David", "d.nguyen@ac-versailles.fr", ""),
    ("Inès", "ines.haddad92@hotmail.com", ""),
    ("Michael", "michael.brown1979@aol.com", "https://www.michaelbrown.co.uk"),
    ("Laura", "laura_m@msn.com", "https://laura-m.wordpress.com"),
)

#: How many identities each civil comment is posted with (rotating through the whole list).
IDENTITIES_PER_COMMENT = 4


def read_lines(name: str) -> list[str]:
    """The comments of one check set, without its `#` header."""
    return comment_lines(DATA / name)


def read_blocks(name: str) -> list[str]:
    """The comments of one file whose comments run over several lines, separated by a line holding only "----"."""
    text = (DATA / name).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return [block.strip("\n") for block in body.split("\n----\n") if block.strip()]


def read_triples(name: str) -> list[tuple[str, str, str]]:
    """The tab-separated rows of three fields of one file, without its `#` header."""
    rows = []
    for line in read_lines(name):
        first, second, third = line.split("\t")
        rows.append((first, second, third))
    return rows


CIVIL = {"fr": read_lines("civil_comments_fr.txt"), "en": read_lines("civil_comments_en.txt")}
ABUSIVE = read_lines("abusive_comments.txt")
#: Spam giving only a contact (a number, an address, a handle) and civil comments giving a number (site memory checks).
CONTACT_SPAM = read_lines("contact_spam.txt")
CIVIL_PHONES = read_lines("civil_phones.txt")
CIVIL_FIGURES = read_lines("civil_figures.txt")
#: A technical blog's readers citing links (docs, issues, their own repos) and praise spam with a link.
TECH_LINKS = read_lines("tech_links.txt")
PRAISE_LINK_SPAM = read_lines("praise_link_spam.txt")
#: Comment spam a news site receives (first, three an earlier model approved) and readers citing their sources.
NEWS_SPAM = read_lines("news_spam.txt")
#: Product and scam ads dressed as testimonies or tips (a probe of 2026.12.06-16; site memory checks).
PRODUCT_SPAM = read_lines("product_spam.txt")
#: WordPress spam whose payload is the author link: (name, website, generic compliment).
WEBSITE_SPAM = read_triples("website_spam.tsv")
SOURCED = read_lines("sourced_comments.txt")
#: Civil news comments naming a group, each with its hateful twin on the same group: (language, civil, hateful).
IDENTITY_MENTIONS = read_triples("identity_mentions.tsv")
#: A group characterised as a whole (savages, a cancer, rats, a burden), each beside a civil news sentence on the same
#: group: (language, civil, hateful). Written after -17 approved 17 of the 47 twins above, to check it on other words.
GROUP_GENERALISATIONS = read_triples("group_generalisations.tsv")

#: Comments on the hateful templates' frames ("who wrote this", "typical", "derrière tout ça"): (kind, language,
#: comment), kind "civil" (said of a writer's work, an event, an institution) or "hateful" (the frame on a group).
HATE_FRAMES = read_triples("hate_frames.tsv")
#: A technical blog's readers using its jargon ("kill the process", "kill -9", "the daemon dies"): civil.
TECH_JARGON = read_lines("tech_jargon.txt")
#: A tutorial's readers asking and answering: commands, pasted errors and output, versions, addresses, error codes.
TECH_QUESTIONS = read_blocks("tech_questions.txt")
#: A blog's readers saying what they did with a post (subscribed, bookmarked, shared, printed): genuine.
BLOG_THANKS = read_lines("blog_thanks.txt")
#: Readers talking money in the news (their pay, rent, bills, pension, prices): civil, no offer.
MONEY_TALK = read_lines("money_talk.txt")
#: Comment spam of the kinds blogs and news sites receive, written after -4 (a fresh check of the spam head and rules).
WORDPRESS_SPAM = read_lines("wordpress_spam.txt")
#: Readers on the topics spam talks of (crypto, WhatsApp, Ozempic, casinos, loans, scams): civil, no link, no offer.
SPAM_TOPICS = read_lines("spam_topics.txt")
#: Offers with no link in the text (a promo code, "link in my bio", a miracle diet, a dating lure, a channel).
LINKLESS_OFFERS = read_lines("linkless_offers.txt")
#: Offers with no link and no number (lessons, resale, coaching, services, a channel, a book): written before -9.
SOFT_OFFERS = read_lines("soft_offers.txt")
#: Readers on those offers' topics (diets, shops and promo codes, dating apps, channels, trading): civil, no offer.
OFFER_TOPICS = read_lines("offer_topics.txt")
#: Readers using the words the offer-pointer column reads (a code, a link on their page, "contactez-moi"): civil.
POINTER_READERS = read_lines("pointer_readers.txt")
#: Self-promotion: the commenter's own channel, video, music, blog, shop or account ("abonnez-vous à ma chaîne").
SELF_PROMOTION = read_lines("self_promotion.txt")
#: Readers using the words of self-promotion for others' work or for news ("Allez voir le reportage d'Arte"): civil.
PROMOTION_READERS = read_lines("promotion_readers.txt")
#: Business outreach to the site with nothing to follow in the text (guest posts, paid links, SEO, design, ads).
OUTREACH_OFFERS = read_lines("outreach_offers.txt")
#: Readers on what outreach sells (sponsored articles, search rankings, ads, design, reviews): civil, no offer.
OUTREACH_READERS = read_lines("outreach_readers.txt")
#: Readers telling what a brand's support or customer service did for them, with no number and no offer: civil.
SUPPORT_READERS = read_lines("support_readers.txt")
#: A second outreach check, in other words: offers made to the site itself (guest articles, link deals, sponsorship,
#: hosting, apps), with nothing to follow in the text; and readers addressing the desk (a topic, a bug, a correction).
SITE_OFFERS = read_lines("site_offers.txt")
SITE_READERS = read_lines("site_readers.txt")
#: A third, written by a helper blind to the project's files and to the site-offer column: offers to the site, and
#: readers addressing it with the offers' words.
SITE_OFFERS_BLIND = read_lines("site_offers_blind.txt")
SITE_READERS_BLIND = read_lines("site_readers_blind.txt")
#: Sales to the readers with nothing to follow (goods, rentals, lessons, services, crafts, wellness), and readers on
#: buying and selling who sell nothing: two pairs written by helpers blind to the project (the first pair was read to
#: widen the sale column; the second was not read before the model built on it was measured).
SELLERS_BLIND = read_lines("sellers_blind.txt")
SELLER_READERS_BLIND = read_lines("seller_readers_blind.txt")
SELLERS_BLIND_2 = read_lines("sellers_blind_2.txt")
SELLER_READERS_BLIND_2 = read_lines("seller_readers_blind_2.txt")
#: A third pair and a fourth outreach check, by a third helper blind to the project, not read before the first model
#: trained on comments other helpers wrote from a like brief (training/written/) was measured on them.
SELLERS_BLIND_3 = read_lines("sellers_blind_3.txt")
SELLER_READERS_BLIND_3 = read_lines("seller_readers_blind_3.txt")
SITE_OFFERS_BLIND_2 = read_lines("site_offers_blind_2.txt")
SITE_READERS_BLIND_2 = read_lines("site_readers_blind_2.txt")
#: Written by two more helpers blind to the project, not read by the lead: the spam of technical and how-to blogs (fake
#: support numbers, praise with a link, offers to the owner) and their readers, in English and French; and sales and
#: paid services offered to a news site's readers with nothing to follow, and readers on buying and selling.
TECH_BLOG_SPAM_BLIND = read_lines("tech_blog_spam_blind.txt")
TECH_BLOG_READERS_BLIND = read_lines("tech_blog_readers_blind.txt")
ADS_BLIND = read_lines("ads_blind.txt")
AD_READERS_BLIND = read_lines("ad_readers_blind.txt")


Profile = Literal["news", "blog"]


@functools.cache
def _decision_settings(profile: Profile) -> Settings:
    """Return the settings the decision reads, built once (not once per comment decided)."""
    # only the decision's rules are read: all at their defaults but the site profile's own (profanity_alone)
    return Settings(model_dir=Path("unused"), site_profile=profile)


def decide(scorer: Scorer, text: str, identity: tuple[str, str, str], profile: Profile = "news") -> str:
    """The status the intake's decision gives this comment from this reader (default discussion settings of the
    site profile whose cuts `scorer` carries)."""
    author, email, url = identity
    submission = Submission(text=text, author=author, email=email, url=url)
    return assess(submission=submission, scorer=scorer, settings=_decision_settings(profile), explain=False).status


def not_approved(
    scorer: Scorer, cases: list[tuple[str, tuple[str, str, str]]], profile: Profile = "news"
) -> list[tuple[str, str, str]]:
    """The cases (comment, identity) the decision does not approve, as (status, comment, the identity's e-mail)."""
    decided = [(decide(scorer, text, identity, profile), text, identity[1]) for text, identity in cases]
    return [case for case in decided if case[0] != "approved"]


def civil_cases(language: str) -> list[tuple[str, tuple[str, str, str]]]:
    """Every civil comment of a language with its identities."""
    offset = 0 if language == "fr" else len(CIVIL["fr"])  # the English ones continue the rotation
    return [
        (text, IDENTITIES[((offset + i) * IDENTITIES_PER_COMMENT + k) % len(IDENTITIES)])
        for i, text in enumerate(CIVIL[language])
        for k in range(IDENTITIES_PER_COMMENT)
    ]


def _product_line(product: dict[str, Any] | None) -> list[str]:
    """The card's line on product ads (versions evaluated before 2026-12-06 afternoon lack it)."""
    if not product:
        return []
    texts = "; ".join(f"“{t}”" for t in product["approved_texts"])
    return [
        "Product ads dressed as testimonies or tips (`training/check_comments/product_spam.txt`), by these cuts alone: "
        f"{product['approved']} of {product['n']} approved"
        + (f": {texts}." if texts else ".")
        + " Through the intake the site memory holds a link to a shop the site never approved (`unseen_link`): "
        "`tests/integration/test_contact_spam.py` posts them all."
    ]


def reader_figures(scorer: Scorer, *, blog: Scorer | None = None) -> dict[str, Any]:
    """Share of civil comments approved and marked spam per language, and the plain threats approved, with the
    check sets; with `blog` (the same version with the blog profile's cuts), the readers' figures decided by it."""
    figures = profile_figures(scorer)
    figures["identity_mentions"] = identity_mention_figures(scorer)
    figures["group_generalisations"] = identity_mention_figures(scorer, GROUP_GENERALISATIONS)
    figures["hate_frames"] = hate_frame_figures(scorer)
    jargon = [text for status, text in in_turn(scorer, TECH_JARGON) if status != "approved"]
    figures["tech_jargon"] = {"n": len(TECH_JARGON), "held": len(jargon), "held_texts": jargon}
    figures["blog_links"] = blog_link_figures(scorer)
    if blog is not None:
        figures["blog_profile"] = profile_figures(blog, "blog")
        figures["blog_profile"]["blog_links"] = blog_link_figures(blog, "blog")
        # the blog profile approves swearing said of no one (Settings.profanity_alone): its jargon and hate checks
        held = [text for status, text in in_turn(blog, TECH_JARGON, "blog") if status != "approved"]
        figures["blog_profile"]["tech_jargon"] = {"n": len(TECH_JARGON), "held": len(held), "held_texts": held}
        figures["blog_profile"]["hateful_twins"] = {
            "identity_mentions": identity_mention_figures(blog, profile="blog"),
            "group_generalisations": identity_mention_figures(blog, GROUP_GENERALISATIONS, profile="blog"),
            "hate_frames": hate_frame_figures(blog, "blog"),
        }
    return figures


def in_turn(scorer: Scorer, texts: list[str], profile: Profile = "news") -> list[tuple[str, str]]:
    """(status, comment) of each comment, posted from one reader identity in turn."""
    return [(decide(scorer, text, IDENTITIES[i % len(IDENTITIES)], profile), text) for i, text in enumerate(texts)]


def blog_link_figures(scorer: Scorer, profile: Profile = "news") -> dict[str, Any]:
    """A technical blog's readers citing a link (not approved) and praise spam with a link (approved), each comment
    from one reader identity in turn."""
    held = [text for status, text in in_turn(scorer, TECH_LINKS, profile) if status != "approved"]
    approved = [text for status, text in in_turn(scorer, PRAISE_LINK_SPAM, profile) if status == "approved"]
    return {
        "tech_links": {"n": len(TECH_LINKS), "held": len(held), "held_texts": held},
        "praise_link_spam": {"n": len(PRAISE_LINK_SPAM), "approved": len(approved), "approved_texts": approved},
    }


def profile_figures(scorer: Scorer, profile: Profile = "news") -> dict[str, Any]:
    """What a site profile's cuts (the scorer's) and decision rules do to readers: civil comments per language and
    per kind of identity, plain threats, news spam from ordinary-looking identities and readers citing their
    sources (and, for the blog profile, its readers' jargon)."""
    figures: dict[str, Any] = {}
    for language in CIVIL:
        statuses = [decide(scorer, text, identity, profile) for text, identity in civil_cases(language)]
        figures[f"civil_{language}"] = {
            "n": len(statuses),
            "approved": round(statuses.count("approved") / len(statuses), 4),
            "spam": statuses.count("spam"),
        }
    approved = [text for text in ABUSIVE if decide(scorer, text, IDENTITIES[0], profile) == "approved"]
    figures["abusive"] = {"n": len(ABUSIVE), "approved": len(approved), "approved_texts": approved}
    figures["by_identity"] = identity_figures(scorer, profile)
    # spam from ordinary-looking identities (no shortcut in the fields), and sourced comments from the same
    spam = [text for status, text in in_turn(scorer, NEWS_SPAM, profile) if status == "approved"]
    figures["news_spam"] = {"n": len(NEWS_SPAM), "approved": len(spam), "approved_texts": spam}
    product = [text for status, text in in_turn(scorer, PRODUCT_SPAM, profile) if status == "approved"]
    figures["product_spam"] = {"n": len(PRODUCT_SPAM), "approved": len(product), "approved_texts": product}
    held = [text for status, text in in_turn(scorer, SOURCED, profile) if status != "approved"]
    figures["sourced"] = {"n": len(SOURCED), "approved": len(SOURCED) - len(held), "not_approved_texts": held}
    return figures


def civil_and_hateful(
    scorer: Scorer, civil: list[tuple[str, tuple[str, str, str]]], hateful: list[str], profile: Profile = "news"
) -> dict[str, Any]:
    """Civil cases (comment, identity) not approved or marked spam, and hateful comments approved (first identity)."""
    held = not_approved(scorer, civil, profile)
    approved = [text for text in hateful if decide(scorer, text, IDENTITIES[0], profile) == "approved"]
    return {
        "civil": len(civil),
        "held": round(len(held) / len(civil), 4),
        "spam": sum(status == "spam" for status, _, _ in held),
        "held_texts": sorted({text for _, text, _ in held}),
        "hateful": len(hateful),
        "hateful_approved": len(approved),
        "hateful_approved_texts": approved,
    }


def hate_frame_figures(scorer: Scorer, profile: Profile = "news") -> dict[str, Any]:
    """Civil comments on the hateful templates' frames not approved (from every fourth identity), hateful approved."""
    civil = [(text, identity) for kind, _, text in HATE_FRAMES if kind == "civil" for identity in IDENTITIES[::4]]
    return civil_and_hateful(scorer, civil, [text for kind, _, text in HATE_FRAMES if kind == "hateful"], profile)


def identity_mention_cases(
    language: str, pairs: list[tuple[str, str, str]] = IDENTITY_MENTIONS
) -> list[tuple[str, tuple[str, str, str]]]:
    """Every civil comment naming a group, in one language, with its identities (rotating as `civil_cases`)."""
    civil = [text for lang, text, _ in pairs if lang == language]
    return [
        (text, IDENTITIES[(i * IDENTITIES_PER_COMMENT + k) % len(IDENTITIES)])
        for i, text in enumerate(civil)
        for k in range(IDENTITIES_PER_COMMENT)
    ]


def identity_mention_figures(
    scorer: Scorer, pairs: list[tuple[str, str, str]] = IDENTITY_MENTIONS, *, profile: Profile = "news"
) -> dict[str, dict[str, Any]]:
    """Per language: civil comments naming a group held (not approved) or marked spam, hateful twins approved."""
    return {
        language: civil_and_hateful(
            scorer,
            identity_mention_cases(language, pairs),
            [twin for lang, _, twin in pairs if lang == language],
            profile,
        )
        for language in ("fr", "en")
    }


#: Free-mail providers readers use (the rest are employers, universities, own domains).
FREE_MAIL = frozenset(
    {
        *("gmail.com", "hotmail.fr", "hotmail.com", "yahoo.fr", "yahoo.com", "outlook.fr", "live.fr", "msn.com"),
        *("aol.com", "icloud.com", "gmx.fr", "free.fr", "orange.fr", "sfr.fr", "wanadoo.fr", "laposte.net"),
        *("bbox.fr", "btinternet.com", "proton.me"),
    }
)

#: The kinds of identity a reader's fields show; one identity may be of several kinds.
IDENTITY_KINDS: dict[str, Callable[[tuple[str, str, str]], bool]] = {
    "e-mail with digits": lambda i: any(c.isdigit() for c in i[1]),
    "free-mail provider": lambda i: i[1].rsplit("@", 1)[-1] in FREE_MAIL,
    "personal website": lambda i: bool(i[2]),
    "empty website": lambda i: not i[2],
    "no e-mail": lambda i: not i[1],
}


def identity_figures(scorer: Scorer, profile: Profile = "news") -> dict[str, dict[str, float | int]]:
    """Per kind of identity: civil comments (both languages) approved, and plain threats approved from it."""
    civil = [(text, identity) for language in CIVIL for text, identity in civil_cases(language)]
    statuses = [(identity, decide(scorer, text, identity, profile)) for text, identity in civil]
    threats = [(identity, decide(scorer, text, identity, profile)) for text in ABUSIVE for identity in IDENTITIES]
    figures: dict[str, dict[str, float | int]] = {}
    for kind, has in IDENTITY_KINDS.items():
        mine = [status for identity, status in statuses if has(identity)]
        theirs = [status for identity, status in threats if has(identity)]
        figures[kind] = {
            "civil": len(mine),
            "approved": round(mine.count("approved") / len(mine), 4) if mine else 0.0,
            "spam": mine.count("spam"),
            "threats": len(theirs),
            "threats_approved": theirs.count("approved"),
        }
    return figures


def readers_markdown(figures: dict[str, Any]) -> list[str]:
    """The model card's section on realistic readers."""
    abusive = figures["abusive"]
    lines = [
        "",
        "## Realistic readers (`training/news_readers.py`: civil news comments × reader identities, plain threats)",
        "",
        "| set | comments × identities | approved | marked spam |",
        "|---|---|---|---|",
    ]
    for language in ("fr", "en"):
        e = figures[f"civil_{language}"]
        lines.append(f"| civil, {language} | {e['n']} | {e['approved']:.1%} | {e['spam']} |")
    lines += [
        "",
        f"Plain threats and group hate without slurs: {abusive['approved']} of {abusive['n']} approved"
        + (": " + "; ".join(f"“{t}”" for t in abusive["approved_texts"]) if abusive["approved_texts"] else "."),
    ]
    if "by_identity" in figures:  # versions evaluated before 2026-12-06 lack it
        lines += [
            "",
            "By the reader's identity (civil comments of both languages; the 23 plain threats posted from every "
            "identity of the kind):",
            "",
            *_identity_table(figures["by_identity"]),
        ]
    if "news_spam" in figures:  # versions evaluated before the news-spam check lack them
        spam, sourced = figures["news_spam"], figures["sourced"]
        lines += [
            "",
            "News-site comment spam (`training/check_comments/news_spam.txt`): "
            f"{spam['approved']} of {spam['n']} approved"
            + (": " + "; ".join(f"“{t}”" for t in spam["approved_texts"]) if spam["approved_texts"] else "."),
            *_product_line(figures.get("product_spam")),
            "Readers citing sources with links (`training/check_comments/sourced_comments.txt`): "
            f"{sourced['approved']} of {sourced['n']} approved"
            + (
                ": not " + "; ".join(f"“{t}”" for t in sourced["not_approved_texts"])
                if sourced["not_approved_texts"]
                else "."
            ),
        ]
    if "identity_mentions" in figures:  # versions evaluated before 2026-12-06's check lack them
        lines += _twin_lines(
            figures["identity_mentions"],
            "Civil news comments naming a group (women, children, civilians, refugees, Ukrainians, Palestinians, "
            "Israelis, Jews, Muslims, migrants), each beside a hateful twin on the same group "
            "(`training/check_comments/identity_mentions.tsv`):",
        )
    if "group_generalisations" in figures:  # versions evaluated before its check (2026-12-06, 22:25 UTC) lack them
        lines += _twin_lines(
            figures["group_generalisations"],
            "A group characterised as a whole (savages, born thieves, a cancer, rats, a burden), each beside a civil "
            "news sentence on the same group (`training/check_comments/group_generalisations.tsv`, a second check "
            "of hate without slurs, on other words):",
        )
    if "hate_frames" in figures:  # versions evaluated before 2026-12-06's frames check lack them
        e = figures["hate_frames"]
        lines += [
            "",
            "Comments on the hateful templates' frames (“who wrote this”, “typical”, “derrière tout ça”), said of "
            "a writer's work, an event or an institution, and the same frames pinned on a group "
            f"(`training/check_comments/hate_frames.tsv`): civil {e['held']:.1%} of {e['civil']} "
            f"(comment × identity) not approved, {e['spam']} marked spam; hateful {e['hateful_approved']} of "
            f"{e['hateful']} approved.",
            "Civil not approved: "
            + ("; ".join(f"“{t}”" for t in e["held_texts"]) if e["held_texts"] else "none")
            + ".",
            "Hateful approved: "
            + ("; ".join(f"“{t}”" for t in e["hateful_approved_texts"]) if e["hateful_approved_texts"] else "none")
            + ".",
        ]
    if "blog_profile" in figures:  # versions evaluated before 2026-12-06's per-source blog cut lack them
        blog = figures["blog_profile"]
        lines += [
            "",
            "The same readers decided with the `blog` profile's cuts (`MODERATION_SITE_PROFILE=blog`): civil approved "
            f"FR {blog['civil_fr']['approved']:.1%} / EN {blog['civil_en']['approved']:.1%}, "
            f"{blog['civil_fr']['spam'] + blog['civil_en']['spam']} marked spam; plain threats "
            f"{blog['abusive']['approved']} of {blog['abusive']['n']} approved; news spam "
            f"{blog['news_spam']['approved']} of {blog['news_spam']['n']} approved; sourced comments "
            f"{blog['sourced']['approved']} of {blog['sourced']['n']} approved.",
            *_product_line(blog.get("product_spam")),
            *_blog_rule_lines(blog),
            "",
            *_identity_table(blog["by_identity"]),
        ]
    for name, links in (
        ("news", figures.get("blog_links")),
        ("blog", figures.get("blog_profile", {}).get("blog_links")),
    ):
        if links is None:  # versions evaluated before 2026-12-06's link checks lack them
            continue
        e, spam = links["tech_links"], links["praise_link_spam"]
        lines += [
            "",
            f"With the `{name}` profile's cuts: a technical blog's readers citing a link (docs, an issue, their own "
            f"repo; `training/check_comments/tech_links.txt`) {e['held']} of {e['n']} not approved; praise spam with "
            f"a link (`praise_link_spam.txt`) {spam['approved']} of {spam['n']} approved.",
        ]
    if "tech_jargon" in figures:  # versions evaluated before 2026-12-06's jargon check lack them
        e = figures["tech_jargon"]
        lines += [
            "",
            "A technical blog's readers using its jargon (“kill the process”, “kill -9”, “the daemon dies”; "
            f"`training/check_comments/tech_jargon.txt`): {e['held']} of {e['n']} not approved"
            + (": " + "; ".join(f"“{t}”" for t in e["held_texts"]) if e["held_texts"] else "."),
        ]
    return lines


def _blog_rule_lines(blog: dict[str, Any]) -> list[str]:
    """What the blog profile's decision rules (swearing said of no one approved) do to its jargon and hate checks."""
    if "hateful_twins" not in blog:  # versions evaluated before 2026-12-07 lack them
        return []
    twins = blog["hateful_twins"]
    jargon = blog["tech_jargon"]
    counted = [
        ("identity_mentions.tsv", sum(e["hateful_approved"] for e in twins["identity_mentions"].values()),
         sum(e["hateful"] for e in twins["identity_mentions"].values())),
        ("group_generalisations.tsv", sum(e["hateful_approved"] for e in twins["group_generalisations"].values()),
         sum(e["hateful"] for e in twins["group_generalisations"].values())),
        ("hate_frames.tsv", twins["hate_frames"]["hateful_approved"], twins["hate_frames"]["hateful"]),
    ]  # fmt: skip
    return [
        "With the blog profile's rules (swearing said of no one approved: `MODERATION_PROFANITY_ALONE`), a technical "
        f"blog's jargon (`tech_jargon.txt`) {jargon['held']} of {jargon['n']} not approved"
        + (": " + "; ".join(f"“{t}”" for t in jargon["held_texts"]) if jargon["held_texts"] else "")
        + "; hateful twins approved: "
        + ", ".join(f"{name} {approved} of {n}" for name, approved, n in counted)
        + ".",
    ]


def _identity_table(by_identity: dict[str, dict[str, Any]]) -> list[str]:
    """Civil comments approved and threats approved per kind of reader identity, as a markdown table."""
    lines = [
        "| identity | civil comments | approved | marked spam | threats posted | threats approved |",
        "|---|---|---|---|---|---|",
    ]
    for kind, e in by_identity.items():
        lines.append(
            f"| {kind} | {e['civil']} | {e['approved']:.1%} | {e['spam']} | {e['threats']} | {e['threats_approved']} |"
        )
    return lines


def with_readers_section(card: str, figures: dict[str, Any]) -> str:
    """A model card with its realistic-readers section replaced, or added before its targets."""
    return with_section(card, "Realistic readers", readers_markdown(figures))


def _twin_lines(figures: dict[str, dict[str, Any]], heading: str) -> list[str]:
    """The report's table of civil comments naming a group and their hateful twins, per language."""
    lines = [
        "",
        heading,
        "",
        "| language | civil comments × identities | not approved | marked spam | hateful twins | twins approved |",
        "|---|---|---|---|---|---|",
    ]
    for language, e in figures.items():
        lines.append(
            f"| {language} | {e['civil']} | {e['held']:.1%} | {e['spam']} | {e['hateful']} | {e['hateful_approved']} |"
        )
    missed = [t for e in figures.values() for t in e["hateful_approved_texts"]]
    held = [t for e in figures.values() for t in e["held_texts"]]
    return [
        *lines,
        "",
        "Civil comments not approved: " + ("; ".join(f"“{t}”" for t in held) if held else "none") + ".",
        "Hateful twins approved: " + ("; ".join(f"“{t}”" for t in missed) if missed else "none") + ".",
    ]
