"""Loaders for every labelled set under the shared data folder, each mapped to one schema.

Every loader returns `Record`s: text, language, source, use ("train", "train_mt" or "eval"), an optional
fixed split (official test files), and labels for `LABELS`. A label the source does not support is NaN
(masked), never guessed. Two rules apply to every toxicity source, stated here once:

- when a row is labelled non-toxic, every toxicity sub-head (insult, threat, ...) is 0 too, since a
  non-toxic text holds no insult or threat;
- `spam` stays NaN on toxicity sets and toxicity stays NaN on spam sets (training decides, explicitly,
  whether to use them as negatives of the other task).
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import math
import sys
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moderation.scoring.base import HEADS

#: The model's heads, in the order of its weight columns (spam first, then the toxicity heads).
LABELS: tuple[str, ...] = HEADS
TOXICITY_HEADS: tuple[str, ...] = HEADS[1:]
NAN = math.nan

csv.field_size_limit(sys.maxsize)


@dataclass(slots=True)
class Record:
    """One labelled text in the common schema."""

    text: str
    language: str
    source: str
    use: str  # "train", "train_mt" (machine-translated: never evaluated) or "eval" (never trained)
    labels: dict[str, float]
    fixed_split: str | None = None  # "test": official test files; "train": synthetic, training only
    group: str = ""  # rows sharing a group stay on one side of a split (translations of one message)
    author: str = ""
    email: str = ""
    url: str = ""
    weight: float = 1.0
    meta: dict[str, str] = field(default_factory=dict)

    @classmethod
    def authored(cls, text: str, language: str, source: str, labels: dict[str, float], **fields: Any) -> Record:
        """A row written for this project (synthetic, contrastive, obfuscated copy): trained on, never tested."""
        return cls(text=text, language=language, source=source, use="train", labels=labels, fixed_split="train",
                   **fields)  # fmt: skip


class DataFormatError(Exception):
    """Raised when a data file does not have the columns its SOURCE.md describes."""


def make_labels(**known: float | int | bool | None) -> dict[str, float]:
    """Return a full label dict: given heads as floats, every other head NaN (masked)."""
    labels = {head: NAN for head in LABELS}
    for head, value in known.items():
        if head not in labels:
            raise KeyError(head)
        labels[head] = NAN if value is None else float(value)
    if labels["toxicity"] == 0.0:
        for head in TOXICITY_HEADS:
            labels[head] = 0.0
    return labels


def _read_csv(path: Path, *, delimiter: str = ",", errors: str = "strict") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", errors=errors, newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def _require(row: dict[str, str], path: Path, *columns: str) -> None:
    missing = [c for c in columns if c not in row]
    if missing:
        raise DataFormatError(f"{path}: missing columns {missing}")


# --------------------------------------------------------------------------------------------- spam


def load_youtube_spam(root: Path) -> list[Record]:
    """UCI YouTube Spam Collection: CLASS 1 = spam, 0 = ham; AUTHOR kept as metadata."""
    records: list[Record] = []
    for path in sorted((root / "youtube_spam").glob("Youtube0*.csv")):
        for row in _read_csv(path):
            _require(row, path, "CONTENT", "CLASS", "AUTHOR", "COMMENT_ID")
            records.append(
                Record(
                    text=row["CONTENT"],
                    language="en",
                    source="youtube_spam",
                    use="train",
                    labels=make_labels(spam=int(row["CLASS"])),
                    author=row["AUTHOR"],
                    meta={"id": row["COMMENT_ID"]},
                )
            )
    return records


def load_youtube_spam_2014(root: Path) -> list[Record]:
    """Pre-UCI YouTube sets (eval only): TAG 1 = spam; comments whose id is in the UCI set are dropped."""
    uci_ids = {r.meta["id"] for r in load_youtube_spam(root)}
    folder = root / "youtube_spam_2014"
    paths = sorted((folder / "oct2014").glob("*.csv")) + sorted((folder / "nov2014").glob("*.original"))
    records: list[Record] = []
    seen: set[str] = set()
    for path in paths:
        for row in _read_csv(path):
            _require(row, path, "COMMENT_ID", "CONTENT", "TAG")
            cid = row["COMMENT_ID"]
            if cid in uci_ids or cid in seen:
                continue
            seen.add(cid)
            records.append(
                Record(
                    text=row["CONTENT"],
                    language="en",
                    source="youtube_spam_2014",
                    use="eval",
                    labels=make_labels(spam=int(row["TAG"])),
                    author=row.get("AUTHOR", ""),
                    fixed_split="test",
                )
            )
    return records


def load_sms_spam(root: Path) -> list[Record]:
    """UCI SMS Spam Collection: headerless TSV `label<TAB>text`, label spam / ham."""
    records: list[Record] = []
    path = root / "sms_spam" / "SMSSpamCollection"
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            label, _, text = line.rstrip("\r\n").partition("\t")
            if label not in ("spam", "ham"):
                raise DataFormatError(f"{path}: unexpected label {label!r}")
            records.append(
                Record(
                    text=text,
                    language="en",
                    source="sms_spam",
                    use="train",
                    labels=make_labels(spam=label == "spam"),
                    group=_group_key(text),
                )
            )
    return records


def load_multilingual_sms_spam_fr(root: Path) -> list[Record]:
    """Machine-translated French SMS (train MT): labels spam / ham; grouped with the English original."""
    path = root / "multilingual_sms_spam_fr_de" / "data-en-hi-de-fr.csv"
    records: list[Record] = []
    for row in _read_csv(path):
        _require(row, path, "labels", "text", "text_fr")
        records.append(
            Record(
                text=row["text_fr"],
                language="fr",
                source="multilingual_sms_spam_fr",
                use="train_mt",
                labels=make_labels(spam=row["labels"] == "spam"),
                group=_group_key(row["text"]),
            )
        )
    return records


def load_instagram_scam(root: Path) -> list[Record]:
    """ScamSpot Instagram comments (the plus-reported superset only): scam 1 = spam, 0 = legitimate."""
    path = root / "instagram_scam_comments_en" / "comments-rated-plus-reported.csv"
    records: list[Record] = []
    for row in _read_csv(path):
        _require(row, path, "scam", "msg")
        records.append(
            Record(
                text=row["msg"],
                language="en",
                source="instagram_scam_en",
                use="train",
                labels=make_labels(spam=int(row["scam"])),
            )
        )
    return records


#: Janitr tags that make a post spam; `clean` makes it ham; topic-only rows are masked.
JANITR_SPAM_TAGS = frozenset(
    {
        "scam", "phishing", "spam", "promo", "affiliate", "lead_gen", "engagement_bait", "bot",
        "giveaway", "reply_spam", "recovery_scam", "ai_generated_reply",
    }
)  # fmt: skip


def load_janitr(root: Path) -> list[Record]:
    """Janitr X replies: any spam/scam/promo tag = spam, `clean` = ham, topic-only = masked; mocks dropped."""
    path = root / "janitr_x_scam_spam_en" / "sample.jsonl"
    records: list[Record] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            if str(row.get("source_id", "")).startswith("x_mock"):
                continue  # hand-written mock rows, not real posts
            tags = set(row.get("labels", []))
            spam: int | None = 1 if tags & JANITR_SPAM_TAGS else (0 if "clean" in tags else None)
            if spam is None:
                continue
            records.append(
                Record(
                    text=row["text"],
                    language="other" if "topic_language_other" in tags else "en",
                    source="janitr_x_en",
                    use="train",
                    labels=make_labels(spam=spam),
                )
            )
    return records


@dataclass(frozen=True, slots=True)
class SpamLexicon:
    """Positive-only contact-form spam lists (phrases, names, e-mails) used as seeds, not rows."""

    phrases: tuple[str, ...]
    names: tuple[str, ...]
    emails: tuple[str, ...]


def load_contact_form_lexicon(root: Path) -> SpamLexicon:
    """Load the contact-form spam phrase, name and e-mail lists (JSON arrays of strings)."""
    folder = root / "contact_form_spam_phrases"

    def read(name: str) -> tuple[str, ...]:
        values = json.loads((folder / name).read_text(encoding="utf-8"))
        return tuple(str(v) for v in values if str(v).strip())

    return SpamLexicon(read("messages.json"), read("names.json"), read("emails.json"))


def load_spam_phrases(root: Path) -> tuple[str, ...]:
    """Return the spam phrases of the weighted blocklist feature: wp_comment_blocklist and the contact-form list."""
    path = root / "wp_comment_blocklist" / "blacklist.txt"
    entries = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return (*entries, *load_contact_form_lexicon(root).phrases)


# ----------------------------------------------------------------------------------------- toxicity


def load_davidson(root: Path) -> list[Record]:
    """Davidson HSOL: class 0 hate, 1 offensive -> toxic; 2 neither -> non-toxic; hate -> identity_attack."""
    path = root / "davidson_hsol" / "labeled_data.csv"
    records: list[Record] = []
    for row in _read_csv(path):
        _require(row, path, "class", "tweet")
        cls = int(row["class"])
        records.append(
            Record(
                text=row["tweet"],
                language="en",
                source="davidson_en",
                use="train",
                labels=make_labels(toxicity=cls in (0, 1), identity_attack=cls == 0),
            )
        )
    return records


def load_olid(root: Path) -> list[Record]:
    """OLID: subtask_a OFF = toxic, NOT = non-toxic; the official test set A keeps split "test"."""
    folder = root / "olid_en"
    records: list[Record] = []
    for row in _read_csv(folder / "olid-training-v1.0.tsv", delimiter="\t"):
        _require(row, folder, "tweet", "subtask_a")
        records.append(
            Record(
                text=row["tweet"],
                language="en",
                source="olid_en",
                use="train",
                labels=make_labels(toxicity=row["subtask_a"].strip() == "OFF"),
            )
        )
    gold = {r["id"].strip(): r["label"].strip() for r in _read_csv(folder / "labels-levela.csv")}
    for row in _read_csv(folder / "testset-levela.tsv", delimiter="\t"):
        label = gold[row["id"].strip()]
        records.append(
            Record(
                text=row["tweet"],
                language="en",
                source="olid_en_test",
                use="train",
                labels=make_labels(toxicity=label == "OFF"),
                fixed_split="test",
            )
        )
    return records


def load_jigsaw(root: Path) -> list[Record]:
    """Jigsaw subset: toxicity = any of the six labels (is_bad); obscene -> profanity; tests fixed."""
    folder = root / "jigsaw_en_subset"
    files = (
        ("train.5k.csv", "jigsaw_en", None),
        ("test.balanced.csv", "jigsaw_en_test_balanced", "test"),
        ("test.indist.1.csv", "jigsaw_en_test_indist", "test"),
    )
    records: list[Record] = []
    for name, source, split in files:
        for row in _read_csv(folder / name):
            _require(row, folder / name, "comment_text", "toxic", "obscene", "insult", "threat")
            flags = {k: int(row[k]) for k in ("toxic", "severe_toxic", "obscene", "threat", "insult")}
            flags["identity_hate"] = int(row["identity_hate"])
            records.append(
                Record(
                    text=row["comment_text"],
                    language="en",
                    source=source,
                    use="train",
                    labels=make_labels(
                        toxicity=any(flags.values()),
                        severe_toxicity=flags["severe_toxic"],
                        insult=flags["insult"],
                        threat=flags["threat"],
                        identity_attack=flags["identity_hate"],
                        profanity=flags["obscene"],
                    ),
                    fixed_split=split,
                )
            )
    return records


def load_hatecheck(root: Path) -> list[Record]:
    """HateCheck (eval only): hateful -> toxicity and identity_attack 1; functionality kept in meta."""
    path = root / "hatecheck_en" / "test_suite_cases.csv"
    records: list[Record] = []
    for row in _read_csv(path):
        _require(row, path, "test_case", "label_gold", "functionality")
        hateful = row["label_gold"] == "hateful"
        records.append(
            Record(
                text=row["test_case"],
                language="en",
                source="hatecheck_en",
                use="eval",
                labels=make_labels(toxicity=hateful, identity_attack=hateful),
                fixed_split="test",
                meta={"functionality": row["functionality"]},
            )
        )
    return records


#: MLMA targets that are protected characteristics (an attack on them is an identity attack).
MLMA_PROTECTED = frozenset({"origin", "gender", "religion", "disability", "sexual_orientation"})


def load_mlma(root: Path) -> list[Record]:
    """MLMA FR and EN: single-label "normal" = non-toxic, anything else toxic; hateful+protected = identity."""
    records: list[Record] = []
    for name, language in (("fr_dataset.csv", "fr"), ("en_dataset.csv", "en")):
        path = root / "mlma_fr" / name
        for row in _read_csv(path):
            _require(row, path, "tweet", "sentiment", "target")
            kinds = set(row["sentiment"].split("_"))
            toxic = kinds != {"normal"}
            identity = 1 if ("hateful" in kinds and row["target"] in MLMA_PROTECTED) else None
            records.append(
                Record(
                    text=row["tweet"],
                    language=language,
                    source=f"mlma_{language}",
                    use="train",
                    labels=make_labels(toxicity=toxic, identity_attack=identity if toxic else 0),
                )
            )
    return records


def load_ftr(root: Path) -> list[Record]:
    """FTR French tweets: 1 racist -> toxicity and identity_attack 1; 0 only says "not racist"."""
    path = root / "ftr_fr" / "FTR_new_labels.csv"
    records: list[Record] = []
    for row in _read_csv(path, errors="replace"):
        _require(row, path, "tweet", "label")
        racist = row["label"].strip() == "1"
        records.append(
            Record(
                text=row["tweet"],
                language="fr",
                source="ftr_fr",
                use="train",
                # a non-racist tweet may still be toxic (keyword-collected), so toxicity is masked
                labels=make_labels(toxicity=1 if racist else None, identity_attack=racist),
            )
        )
    return records


def _content_label_csv(path: Path, source: str, use: str, *, grouped: bool = False) -> list[Record]:
    """Rows of a ToxiFrench-repository CSV: `content`, `label` 1 toxic / 0 (and `original_text` if grouped)."""
    return [
        Record(
            text=row["content"],
            language="fr",
            source=source,
            use=use,
            labels=make_labels(toxicity=int(row["label"])),
            group=_group_key(row["original_text"]) if grouped else "",
        )
        for row in _read_csv(path)
    ]


def load_toxifrench(root: Path) -> list[Record]:
    """ToxiFrench balanced benchmark (native forum posts): label 1 toxic / 0 non-toxic."""
    return _content_label_csv(root / "toxifrench_fr" / "ToxiFrenchBalanced.csv", "toxifrench_fr", "train")


def load_toxifrench_extra(root: Path) -> list[Record]:
    """HateDay (native, train): 1 hateful -> toxic; RTP-LX and Jigsaw-FR (train MT): 1 toxic / 0."""
    folder = root / "toxifrench_extra_fr"
    return [
        *_content_label_csv(folder / "HateDay-french.csv", "hateday_fr", "train"),
        *_content_label_csv(folder / "RTP-LX-french.csv", "rtplx_fr_mt", "train_mt"),
        *_content_label_csv(folder / "JigsawBilingualBalanced.csv", "jigsaw_fr_mt", "train_mt", grouped=True),
    ]


def load_cyberagressionado(root: Path) -> list[Record]:
    """CyberAgressionAdo (eval only): VERBAL_ABUSE != none or HATE_SPEECH yes = toxic; sub-types mapped."""
    records: list[Record] = []
    for path in sorted((root / "cyberagressionado_fr" / "scenarii").glob("*.csv")):
        for row in _read_csv(path):
            _require(row, path, "TEXT", "HATE_SPEECH", "VERBAL_ABUSE")
            abuse = row["VERBAL_ABUSE"].strip()
            hate = row["HATE_SPEECH"].strip() == "yes"
            toxic = hate or abuse != "none"
            records.append(
                Record(
                    text=row["TEXT"].strip(),
                    language="fr",
                    source="cyberagressionado_fr",
                    use="eval",
                    labels=make_labels(
                        toxicity=toxic,
                        insult=1 if abuse == "name_calling" else (0 if not toxic else None),
                        threat=1 if abuse == "threat" else (0 if not toxic else None),
                        identity_attack=1 if hate else (0 if not toxic else None),
                    ),
                    fixed_split="test",
                )
            )
    return records


def load_stormfront(root: Path) -> list[Record]:
    """Stormfront sentences: hate -> toxicity and identity_attack 1, noHate -> 0; `relation` and idk dropped.

    Sentences of one user share a group, so a user's sentences stay on one side of the split (SOURCE.md).
    """
    folder = root / "stormfront_hate_en"
    path = folder / "annotations_metadata.csv"
    records: list[Record] = []
    for row in _read_csv(path):
        _require(row, path, "file_id", "user_id", "label")
        if row["label"] not in ("hate", "noHate"):
            continue
        text = (folder / "all_files" / f"{row['file_id']}.txt").read_text(encoding="utf-8", errors="replace").strip()
        if not text:
            continue
        hate = row["label"] == "hate"
        records.append(
            Record(
                text=text,
                language="en",
                source="stormfront_en",
                use="train",
                labels=make_labels(toxicity=hate, identity_attack=hate),
                group=f"stormfront-user:{row['user_id']}",
            )
        )
    return records


def load_toxigen_demonstrations(root: Path) -> list[Record]:
    """ToxiGen demonstrations: hate_* files -> toxicity and identity_attack 1, neutral_* -> 0 (group in meta)."""
    records: list[Record] = []
    for path in sorted((root / "toxigen_demonstrations_en" / "demonstrations").glob("*/*.txt")):
        kind, _, group = path.stem.partition("_")
        if kind not in ("hate", "neutral"):
            raise DataFormatError(f"{path}: a file name must start with hate_ or neutral_")
        hate = kind == "hate"
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip().lstrip("-").strip()
            if text:
                records.append(
                    Record(
                        text=text,
                        language="en",
                        source="toxigen_en",
                        use="train",
                        labels=make_labels(toxicity=hate, identity_attack=hate),
                        meta={"group": group.removesuffix("_sentences")},
                    )
                )
    return records


def load_grand_debat_ideas(root: Path) -> list[Record]:
    """Grand Débat notable ideas: benign French political opinions -> toxicity 0 (ids and zip dropped)."""
    path = root / "grand_debat_ideas_fr" / "idees_marquantes.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        Record(
            text=str(row["reponse"]),
            language="fr",
            source="grand_debat_ideas_fr",
            use="train",
            labels=make_labels(toxicity=0),
        )
        for row in rows
        if str(row.get("reponse") or "").strip()
    ]


def load_grand_debat_dissident(root: Path) -> list[Record]:
    """DissidentIA: "dissident" and "non dissident" are both civil criticism -> toxicity 0; inclassable dropped."""
    path = root / "grand_debat_dissident_fr" / "labels_v4.csv"
    records: list[Record] = []
    for row in _read_csv(path):
        _require(row, path, "text", "label")
        if row["label"] not in ("dissident", "non dissident"):
            continue
        records.append(
            Record(
                text=row["text"],
                language="fr",
                source="grand_debat_dissident_fr",
                use="train",
                labels=make_labels(toxicity=0),
                meta={"dissident": str(row["label"] == "dissident")},
            )
        )
    return records


#: XED emotion ids that may carry insults (anger, disgust): those lines are masked, not called benign.
XED_MASKED_EMOTIONS = frozenset({"1", "3"})


def load_xed_subtitles(root: Path) -> list[Record]:
    """XED French subtitles: lines without anger/disgust -> toxicity 0; others masked; malformed dropped."""
    path = root / "xed_subtitles_fr" / "fr-projections.tsv"
    records: list[Record] = []
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for fields in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(fields) != 2 or not fields[0].strip():
                continue
            emotions = {e.strip() for e in fields[1].split(",")}
            benign = not (emotions & XED_MASKED_EMOTIONS)
            records.append(
                Record(
                    text=fields[0],
                    language="fr",
                    source="xed_subtitles_fr",
                    use="train",
                    labels=make_labels(toxicity=0 if benign else None),
                )
            )
    return records


# ------------------------------------------------------------------------------ moderators' labels


def load_moderator_labels(path: Path, *, weight: float = 5.0) -> list[Record]:
    """Load the site moderators' JSONL export, one row per comment, weighted up by `weight`.

    Each line: {"text", "author", "email", "url", "language", "labels": {"spam": 0/1, "toxicity": 0/1, ...}}.
    Heads missing from `labels` are masked; unknown head names are ignored; rows without text are skipped.
    """
    records: list[Record] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            text = str(row.get("text") or "")
            if not text.strip():
                continue
            given = row.get("labels") or {}
            known = {h: given[h] for h in LABELS if h in given and given[h] is not None}
            records.append(
                Record(
                    text=text,
                    language=str(row.get("language") or ""),
                    source="moderator_labels",
                    use="train",
                    labels=make_labels(**known),
                    author=str(row.get("author") or ""),
                    email=str(row.get("email") or ""),
                    url=str(row.get("url") or ""),
                    weight=weight,
                    meta={"line": str(number)},
                )
            )
    return records


# ------------------------------------------------------------------------------------------- all


#: Every loader, by the data folder it reads (the folder name is the key in the manifest).
LOADERS: dict[str, Callable[[Path], list[Record]]] = {
    "youtube_spam": load_youtube_spam,
    "youtube_spam_2014": load_youtube_spam_2014,
    "sms_spam": load_sms_spam,
    "multilingual_sms_spam_fr_de": load_multilingual_sms_spam_fr,
    "instagram_scam_comments_en": load_instagram_scam,
    "janitr_x_scam_spam_en": load_janitr,
    "davidson_hsol": load_davidson,
    "olid_en": load_olid,
    "jigsaw_en_subset": load_jigsaw,
    "hatecheck_en": load_hatecheck,
    "mlma_fr": load_mlma,
    "ftr_fr": load_ftr,
    "toxifrench_fr": load_toxifrench,
    "toxifrench_extra_fr": load_toxifrench_extra,
    "cyberagressionado_fr": load_cyberagressionado,
    "stormfront_hate_en": load_stormfront,
    "toxigen_demonstrations_en": load_toxigen_demonstrations,
    "grand_debat_ideas_fr": load_grand_debat_ideas,
    "grand_debat_dissident_fr": load_grand_debat_dissident,
    "xed_subtitles_fr": load_xed_subtitles,
}

#: Native-French benign sources: the false-positive rate on them is the "French => toxic" guard.
BENIGN_FRENCH_SOURCES = frozenset({"grand_debat_ideas_fr", "grand_debat_dissident_fr", "xed_subtitles_fr"})


def load_all(root: Path, *, hold_out: Collection[str] = ()) -> list[Record]:
    """Load every data set under `root` (the shared data folder); sets named in `hold_out` become eval only.

    Holding out a whole source (every row of it in the test split, none trained on) measures how the model
    generalises to spam it has never seen, which rows of a source it trains on cannot.
    """
    unknown = sorted(set(hold_out) - set(LOADERS))
    if unknown:
        raise KeyError(f"cannot hold out unknown data set(s): {', '.join(unknown)}")
    records: list[Record] = []
    for folder, loader in LOADERS.items():
        loaded = loader(root)
        if folder in hold_out:
            loaded = [dataclasses.replace(r, use="eval", fixed_split="test") for r in loaded]
        records.extend(loaded)
    return records


#: A folder holding more data files than this is recorded as one hash (of its files' name-sorted concatenation).
MANY_FILES = 100


def source_files(root: Path) -> dict[str, dict[str, str]]:
    """Return {folder: {relative file path: sha256}} for every data file the loaders read.

    A sub-folder of more than MANY_FILES files (stormfront's 10,944 one-sentence files) is one entry,
    `<folder>/` -> sha256 of its files' contents concatenated in name order, as its SOURCE.md states it.
    """
    result: dict[str, dict[str, str]] = {}
    for folder in [*LOADERS, "contact_form_spam_phrases", "wp_comment_blocklist"]:
        by_dir: dict[Path, list[Path]] = {}
        for path in sorted((root / folder).rglob("*")):
            if (
                path.is_file()
                and path.suffix in (".csv", ".tsv", ".json", ".jsonl", ".original", ".txt", "")
                and path.name not in ("LICENSE", "SHA256SUMS.local", "license.txt")
            ):
                by_dir.setdefault(path.parent, []).append(path)
        hashes: dict[str, str] = {}
        for directory, paths in by_dir.items():
            if len(paths) > MANY_FILES:
                digest = hashlib.sha256()
                for path in sorted(paths, key=lambda p: p.name):
                    digest.update(path.read_bytes())
                hashes[f"{directory.relative_to(root)}/"] = digest.hexdigest()
                continue
            for path in paths:
                hashes[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
        result[folder] = dict(sorted(hashes.items()))
    return result


def _group_key(text: str) -> str:
    return " ".join(text.lower().split())
