"""Every labelled set under the shared data folder, as a table of sources read by one loader into one schema.

A `Source` says where its rows are (a set's folder and files), which column holds the text, how a row's
columns become labels, and what the rows are for (language, use, fixed split). `load_set` reads every source
of a set into `Record`s: text, language, source, use ("train", "train_mt" or "eval"), an optional fixed
split (official test files), and labels for `LABELS`. A label the source does not support is NaN (masked),
never guessed. Two rules apply to every toxicity source, stated here once:

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
from collections.abc import Callable, Collection, Iterator, Mapping
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
    """Raised when a data file does not have the columns or values its SOURCE.md describes."""


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


# ------------------------------------------------------------------------------------------ reading


class Row(dict[str, Any]):
    """One row of a data file, by column; reading a column the file lacks raises DataFormatError."""

    __slots__ = ("path",)

    def __init__(self, path: Path, values: Mapping[str, Any]) -> None:
        super().__init__(values)
        self.path = path

    def __missing__(self, column: str) -> Any:
        raise DataFormatError(f"{self.path}: missing column {column!r}")


#: Reads a set's rows, given the set's folder.
Reader = Callable[[Path], Iterator[Row]]


def comment_lines(path: Path) -> list[str]:
    """The comments of a file written for this project, one per line, without its `#` header (the check sets of
    training/check_comments/, the training comments of training/written/)."""
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _paths(folder: Path, patterns: tuple[str, ...]) -> Iterator[Path]:
    """Each pattern's files in name order; a plain name is that one file (missing: an error when opened)."""
    for pattern in patterns:
        if any(c in pattern for c in "*?["):
            yield from sorted(folder.glob(pattern))
        else:
            yield folder / pattern


def csv_files(*patterns: str, delimiter: str = ",", errors: str = "strict") -> Reader:
    """Read the rows of CSV (or TSV) files with a header line."""

    def read(folder: Path) -> Iterator[Row]:
        for path in _paths(folder, patterns):
            with path.open(encoding="utf-8", errors=errors, newline="") as handle:
                for values in csv.DictReader(handle, delimiter=delimiter):
                    yield Row(path, values)

    return read


def jsonl_file(name: str) -> Reader:
    """Read one JSON object a line (blank lines skipped)."""

    def read(folder: Path) -> Iterator[Row]:
        path = folder / name
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield Row(path, json.loads(line))

    return read


def json_file(name: str) -> Reader:
    """Read a JSON array of objects."""

    def read(folder: Path) -> Iterator[Row]:
        path = folder / name
        for values in json.loads(path.read_text(encoding="utf-8")):
            yield Row(path, values)

    return read


def _group_key(text: str) -> str:
    return " ".join(text.lower().split())


def grouped_by(column: str) -> Callable[[Row], str]:
    """Group rows by the normalised text of `column` (a translation with its original)."""
    return lambda row: _group_key(row[column])


# ------------------------------------------------------------------------------------- the one shape


@dataclass(frozen=True, slots=True)
class Source:
    """One labelled source of a set: its files, its text column, its label mapping and what its rows are for."""

    name: str  # each Record's `source`
    folder: str  # the set: its folder in the data folder and its name in data_manifest.json
    read: Reader
    #: A row's labels (`make_labels`), or None when the row carries no label this project uses (dropped).
    labels: Callable[[Row], dict[str, float] | None]
    text: str = "text"
    strip: bool = False  # strip the text (chat exports pad it)
    language: str | Callable[[Row], str] = "en"
    use: str = "train"
    split: str | None = None
    group: Callable[[Row], str] | None = None
    author: str | None = None  # the column naming the author, when the set has one
    meta: Callable[[Row], dict[str, str]] | None = None


def load_source(root: Path, source: Source) -> list[Record]:
    """Read one source's rows under `root` (the shared data folder) into records."""
    records: list[Record] = []
    for row in source.read(root / source.folder):
        labels = source.labels(row)
        if labels is None:
            continue
        text = str(row[source.text])
        records.append(
            Record(
                text=text.strip() if source.strip else text,
                language=source.language if isinstance(source.language, str) else source.language(row),
                source=source.name,
                use=source.use,
                labels=labels,
                fixed_split=source.split,
                group=source.group(row) if source.group else "",
                author=row.get(source.author, "") if source.author else "",
                meta=source.meta(row) if source.meta else {},
            )
        )
    return records


# ---------------------------------------------------------------------------- readers of odd formats


def _sms_lines(folder: Path) -> Iterator[Row]:
    """The headerless SMS Spam Collection: `label<TAB>text` a line, label spam or ham."""
    path = folder / "SMSSpamCollection"
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            label, _, text = line.rstrip("\r\n").partition("\t")
            if label not in ("spam", "ham"):
                raise DataFormatError(f"{path}: unexpected label {label!r}")
            yield Row(path, {"label": label, "text": text})


def _youtube_2014_new_comments(folder: Path) -> Iterator[Row]:
    """The pre-UCI YouTube files, each comment once, without those the UCI set (youtube_spam) already holds."""
    seen = {row["COMMENT_ID"] for row in _YOUTUBE_UCI(folder.parent / "youtube_spam")}
    for row in csv_files("oct2014/*.csv", "nov2014/*.original")(folder):
        if row["COMMENT_ID"] not in seen:
            seen.add(row["COMMENT_ID"])
            yield row


def _olid_test(folder: Path) -> Iterator[Row]:
    """OLID's official test set A, each tweet with its gold label (labels-levela.csv) as `subtask_a`."""
    gold = {row["id"].strip(): row["label"] for row in csv_files("labels-levela.csv")(folder)}
    for row in csv_files("testset-levela.tsv", delimiter="\t")(folder):
        row["subtask_a"] = gold[row["id"].strip()]
        yield row


def _stormfront_sentences(folder: Path) -> Iterator[Row]:
    """Annotated Stormfront sentences labelled hate or noHate, each with its text file's content as `text`."""
    for row in csv_files("annotations_metadata.csv")(folder):
        if row["label"] in ("hate", "noHate"):
            text = (folder / "all_files" / f"{row['file_id']}.txt").read_text(encoding="utf-8", errors="replace")
            if text.strip():
                row["text"] = text.strip()
                yield row


def _toxigen_lines(folder: Path) -> Iterator[Row]:
    """ToxiGen demonstration lines, with `kind` (hate or neutral) and `group` from the file name."""
    for path in sorted((folder / "demonstrations").glob("*/*.txt")):
        kind, _, group = path.stem.partition("_")
        if kind not in ("hate", "neutral"):
            raise DataFormatError(f"{path}: a file name must start with hate_ or neutral_")
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip().lstrip("-").strip()
            if text:
                yield Row(path, {"text": text, "kind": kind, "group": group.removesuffix("_sentences")})


def _xed_lines(folder: Path) -> Iterator[Row]:
    """XED's headerless, unquoted `text<TAB>emotion ids` lines; malformed lines dropped."""
    path = folder / "fr-projections.tsv"
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for fields in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(fields) == 2 and fields[0].strip():
                yield Row(path, {"text": fields[0], "emotions": fields[1]})


_YOUTUBE_UCI = csv_files("Youtube0*.csv")


# ------------------------------------------------------------------------------------ label mappings


#: Janitr tags that make a post spam; `clean` makes it ham; topic-only rows are masked.
JANITR_SPAM_TAGS = frozenset(
    {
        "scam", "phishing", "spam", "promo", "affiliate", "lead_gen", "engagement_bait", "bot",
        "giveaway", "reply_spam", "recovery_scam", "ai_generated_reply",
    }
)  # fmt: skip


def _janitr(row: Row) -> dict[str, float] | None:
    """Any spam/scam/promo tag = spam, `clean` = ham; topic-only rows and hand-written mocks are dropped."""
    if str(row.get("source_id", "")).startswith("x_mock"):
        return None
    tags = set(row.get("labels", []))
    return make_labels(spam=1) if tags & JANITR_SPAM_TAGS else (make_labels(spam=0) if "clean" in tags else None)


def _jigsaw(row: Row) -> dict[str, float]:
    """Toxicity = any of the six Jigsaw labels; obscene -> profanity, identity_hate -> identity_attack."""
    flags = {k: int(row[k]) for k in ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")}
    return make_labels(
        toxicity=any(flags.values()),
        severe_toxicity=flags["severe_toxic"],
        insult=flags["insult"],
        threat=flags["threat"],
        identity_attack=flags["identity_hate"],
        profanity=flags["obscene"],
    )


#: MLMA targets that are protected characteristics (an attack on them is an identity attack).
MLMA_PROTECTED = frozenset({"origin", "gender", "religion", "disability", "sexual_orientation"})


def _mlma(row: Row) -> dict[str, float]:
    """Single-label "normal" = non-toxic, anything else toxic; hateful towards a protected target = identity."""
    kinds = set(row["sentiment"].split("_"))
    toxic = kinds != {"normal"}
    identity = 1 if ("hateful" in kinds and row["target"] in MLMA_PROTECTED) else None
    return make_labels(toxicity=toxic, identity_attack=identity if toxic else 0)


def _cyberagressionado(row: Row) -> dict[str, float]:
    """VERBAL_ABUSE other than none, or HATE_SPEECH yes = toxic; name calling, threats and hate mapped."""
    abuse = row["VERBAL_ABUSE"].strip()
    hate = row["HATE_SPEECH"].strip() == "yes"
    toxic = hate or abuse != "none"
    unknown_if_toxic = None if toxic else 0
    return make_labels(
        toxicity=toxic,
        insult=1 if abuse == "name_calling" else unknown_if_toxic,
        threat=1 if abuse == "threat" else unknown_if_toxic,
        identity_attack=1 if hate else unknown_if_toxic,
    )


#: XED emotion ids that may carry insults (anger, disgust): those lines are masked, not called benign.
XED_MASKED_EMOTIONS = frozenset({"1", "3"})


def _xed(row: Row) -> dict[str, float]:
    """A line without anger or disgust is non-toxic; the others are masked."""
    emotions = {e.strip() for e in row["emotions"].split(",")}
    return make_labels(toxicity=None if emotions & XED_MASKED_EMOTIONS else 0)


def _davidson(row: Row) -> dict[str, float]:
    """Class 0 hate and 1 offensive are toxic, 2 neither is not; hate is an identity attack."""
    cls = int(row["class"])
    return make_labels(toxicity=cls in (0, 1), identity_attack=cls == 0)


def _olid(row: Row) -> dict[str, float]:
    """Subtask A: OFF = toxic, NOT = non-toxic."""
    return make_labels(toxicity=row["subtask_a"].strip() == "OFF")


def _ftr(row: Row) -> dict[str, float]:
    """1 racist -> toxic and identity attack; 0 only says "not racist" (keyword-collected), so toxicity is masked."""
    racist = row["label"].strip() == "1"
    return make_labels(toxicity=1 if racist else None, identity_attack=racist)


def _toxic_flag(row: Row) -> dict[str, float]:
    """The ToxiFrench repository's `label`: 1 toxic, 0 not."""
    return make_labels(toxicity=int(row["label"]))


def _hateful(hate: Callable[[Row], bool]) -> Callable[[Row], dict[str, float]]:
    """Hate -> toxicity and identity_attack 1; otherwise both 0."""
    return lambda row: make_labels(toxicity=hate(row), identity_attack=hate(row))


def _benign(row: Row) -> dict[str, float]:
    return make_labels(toxicity=0)


# ------------------------------------------------------------------------------------------ the table


#: Every labelled source, in load order (sets in this order, a set's sources in this order).
SOURCES: tuple[Source, ...] = (
    # ---- spam
    Source("youtube_spam", "youtube_spam", _YOUTUBE_UCI, lambda row: make_labels(spam=int(row["CLASS"])),
           text="CONTENT", author="AUTHOR", meta=lambda row: {"id": row["COMMENT_ID"]}),
    # eval only: the pre-UCI files, less the comments the UCI set holds
    Source("youtube_spam_2014", "youtube_spam_2014", _youtube_2014_new_comments,
           lambda row: make_labels(spam=int(row["TAG"])), text="CONTENT", author="AUTHOR", use="eval", split="test"),
    Source("sms_spam", "sms_spam", _sms_lines, lambda row: make_labels(spam=row["label"] == "spam"),
           group=grouped_by("text")),
    # machine-translated: grouped with the English original so both stay on one side of a split
    Source("multilingual_sms_spam_fr", "multilingual_sms_spam_fr_de", csv_files("data-en-hi-de-fr.csv"),
           lambda row: make_labels(spam=row["labels"] == "spam"), text="text_fr", language="fr", use="train_mt",
           group=grouped_by("text")),
    # ScamSpot Instagram comments, the plus-reported superset only
    Source("instagram_scam_en", "instagram_scam_comments_en", csv_files("comments-rated-plus-reported.csv"),
           lambda row: make_labels(spam=int(row["scam"])), text="msg"),
    Source("janitr_x_en", "janitr_x_scam_spam_en", jsonl_file("sample.jsonl"), _janitr,
           language=lambda row: "other" if "topic_language_other" in row.get("labels", []) else "en"),
    # ---- toxicity
    # Davidson HSOL: class 0 hate, 1 offensive -> toxic; 2 neither; hate -> identity_attack
    Source("davidson_en", "davidson_hsol", csv_files("labeled_data.csv"), _davidson, text="tweet"),
    # OLID subtask A: OFF = toxic, NOT = non-toxic; the official test set A keeps split "test"
    Source("olid_en", "olid_en", csv_files("olid-training-v1.0.tsv", delimiter="\t"), _olid, text="tweet"),
    Source("olid_en_test", "olid_en", _olid_test, _olid, text="tweet", split="test"),
    Source("jigsaw_en", "jigsaw_en_subset", csv_files("train.5k.csv"), _jigsaw, text="comment_text"),
    Source("jigsaw_en_test_balanced", "jigsaw_en_subset", csv_files("test.balanced.csv"), _jigsaw,
           text="comment_text", split="test"),
    Source("jigsaw_en_test_indist", "jigsaw_en_subset", csv_files("test.indist.1.csv"), _jigsaw,
           text="comment_text", split="test"),
    # HateCheck (eval only), its functional test case kept in meta
    Source("hatecheck_en", "hatecheck_en", csv_files("test_suite_cases.csv"),
           _hateful(lambda row: row["label_gold"] == "hateful"), text="test_case", use="eval", split="test",
           meta=lambda row: {"functionality": row["functionality"]}),
    Source("mlma_fr", "mlma_fr", csv_files("fr_dataset.csv"), _mlma, text="tweet", language="fr"),
    Source("mlma_en", "mlma_fr", csv_files("en_dataset.csv"), _mlma, text="tweet"),
    Source("ftr_fr", "ftr_fr", csv_files("FTR_new_labels.csv", errors="replace"), _ftr, text="tweet", language="fr"),
    # ToxiFrench repository CSVs: `content`, `label` 1 toxic / 0
    Source("toxifrench_fr", "toxifrench_fr", csv_files("ToxiFrenchBalanced.csv"), _toxic_flag,
           text="content", language="fr"),
    Source("hateday_fr", "toxifrench_extra_fr", csv_files("HateDay-french.csv"), _toxic_flag,
           text="content", language="fr"),
    Source("rtplx_fr_mt", "toxifrench_extra_fr", csv_files("RTP-LX-french.csv"), _toxic_flag,
           text="content", language="fr", use="train_mt"),
    Source("jigsaw_fr_mt", "toxifrench_extra_fr", csv_files("JigsawBilingualBalanced.csv"), _toxic_flag,
           text="content", language="fr", use="train_mt", group=grouped_by("original_text")),
    Source("cyberagressionado_fr", "cyberagressionado_fr", csv_files("scenarii/*.csv"), _cyberagressionado,
           text="TEXT", strip=True, language="fr", use="eval", split="test"),
    # Stormfront sentences: a user's sentences share a group, so they stay on one side of the split
    Source("stormfront_en", "stormfront_hate_en", _stormfront_sentences, _hateful(lambda row: row["label"] == "hate"),
           group=lambda row: f"stormfront-user:{row['user_id']}"),
    Source("toxigen_en", "toxigen_demonstrations_en", _toxigen_lines, _hateful(lambda row: row["kind"] == "hate"),
           meta=lambda row: {"group": row["group"]}),
    # ---- benign French: their false-positive rate is the "French => toxic" guard (BENIGN_FRENCH_SOURCES)
    Source("grand_debat_ideas_fr", "grand_debat_ideas_fr", json_file("idees_marquantes.json"),
           lambda row: _benign(row) if str(row.get("reponse") or "").strip() else None, text="reponse",
           language="fr"),
    # DissidentIA: "dissident" and "non dissident" are both civil criticism; "inclassable" is dropped
    Source("grand_debat_dissident_fr", "grand_debat_dissident_fr", csv_files("labels_v4.csv"),
           lambda row: _benign(row) if row["label"] in ("dissident", "non dissident") else None,
           language="fr", meta=lambda row: {"dissident": str(row["label"] == "dissident")}),
    Source("xed_subtitles_fr", "xed_subtitles_fr", _xed_lines, _xed, language="fr"),
)  # fmt: skip

#: The sets (data folders) the sources read, in load order.
SETS: tuple[str, ...] = tuple(dict.fromkeys(source.folder for source in SOURCES))

#: Native-French benign sources: the false-positive rate on them is the "French => toxic" guard.
BENIGN_FRENCH_SOURCES = frozenset({"grand_debat_ideas_fr", "grand_debat_dissident_fr", "xed_subtitles_fr"})


def load_set(root: Path, folder: str) -> list[Record]:
    """Load every source of one set (a folder of the shared data folder `root`); raise KeyError if unknown."""
    if folder not in SETS:
        raise KeyError(f"unknown data set {folder!r}")
    return [record for source in SOURCES if source.folder == folder for record in load_source(root, source)]


def load_all(root: Path, *, hold_out: Collection[str] = ()) -> list[Record]:
    """Load every data set under `root` (the shared data folder); sets named in `hold_out` become eval only.

    Holding out a whole source (every row of it in the test split, none trained on) measures how the model
    generalises to spam it has never seen, which rows of a source it trains on cannot.
    """
    unknown = sorted(set(hold_out) - set(SETS))
    if unknown:
        raise KeyError(f"cannot hold out unknown data set(s): {', '.join(unknown)}")
    records: list[Record] = []
    for folder in SETS:
        loaded = load_set(root, folder)
        if folder in hold_out:
            loaded = [dataclasses.replace(r, use="eval", fixed_split="test") for r in loaded]
        records.extend(loaded)
    return records


# ------------------------------------------------------------------------------------- spam lexicons


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


# -------------------------------------------------------------------------------------- provenance


#: A folder holding more data files than this is recorded as one hash (of its files' name-sorted concatenation).
MANY_FILES = 100


def source_files(root: Path) -> dict[str, dict[str, str]]:
    """Return {folder: {relative file path: sha256}} for every data file the loaders read.

    A sub-folder of more than MANY_FILES files (stormfront's 10,944 one-sentence files) is one entry,
    `<folder>/` -> sha256 of its files' contents concatenated in name order, as its SOURCE.md states it.
    """
    result: dict[str, dict[str, str]] = {}
    for folder in [*SETS, "contact_form_spam_phrases", "wp_comment_blocklist"]:
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
