"""Loaders read the real shared files into one schema; splits are de-duplicated and keep eval sets out."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, needs_data
from training.data import (
    LABELS,
    SETS,
    SOURCES,
    DataFormatError,
    Record,
    Source,
    csv_files,
    load_all,
    load_contact_form_lexicon,
    load_moderator_labels,
    load_set,
    load_source,
    load_spam_phrases,
    make_labels,
)
from training.sources import load_manifest
from training.splits import assign_splits, dedup_key, deduplicate, subsample

#: Per set: rows and (head, positives) as documented in each SOURCE.md, and the fingerprint of every row loaded
#: (every field, in order): a change to what a set yields for training must update it on purpose.
EXPECTED: dict[str, tuple[int, str, int, str]] = {
    "youtube_spam": (1956, "spam", 1005, "500b8bc12847ddf0"),
    "sms_spam": (5574, "spam", 747, "99b2257abc2c1742"),
    "multilingual_sms_spam_fr_de": (5572, "spam", 747, "e0567d91f71e20b1"),
    "instagram_scam_comments_en": (3586, "spam", 1288, "be7e837cd34e00d2"),
    "davidson_hsol": (24783, "toxicity", 20620, "c2bfa95ace6114de"),
    "olid_en": (14100, "toxicity", 4640, "ab062769549ca869"),
    "jigsaw_en_subset": (5620, "toxicity", 715, "2c0a1e39776aa477"),
    "hatecheck_en": (3728, "toxicity", 2563, "a7cfa11782c3cfdf"),
    "ftr_fr": (2856, "identity_attack", 927, "224f04bcf741ec0d"),
    "toxifrench_fr": (1388, "toxicity", 694, "ad6c8acecdfbebee"),
    "toxifrench_extra_fr": (2068, "toxicity", 1034, "829221a8f3f47c2e"),
    "cyberagressionado_fr": (2921, "toxicity", 1180, "d5483fdf31c3f4b1"),
    "grand_debat_ideas_fr": (2204, "toxicity", 0, "dccbc23d1ad95ed9"),
    "grand_debat_dissident_fr": (1078, "toxicity", 0, "e4f6e8b07f2513a7"),  # 1,117 rows less the "inclassable" ones
    # 4,281 less mocks and topic-only rows (masked, dropped)
    "janitr_x_scam_spam_en": (2977, "spam", 983, "146953db5cf8a04f"),
    "mlma_fr": (9661, "toxicity", 8179, "251ef3598cbb1f06"),  # 4,014 French + 5,647 English tweets
    "xed_subtitles_fr": (7303, "toxicity", 0, "55d0f6d29352f206"),  # lines with anger or disgust have toxicity masked
    "youtube_spam_2014": (1224, "spam", 400, "1e22cbe7109943d1"),  # the comments that are not in the UCI set
    "stormfront_hate_en": (10703, "toxicity", 1196, "c05b666360e959c7"),  # 10,944 less `relation` and idk/skip
    "toxigen_demonstrations_en": (627, "toxicity", 342, "8c0a1d253cd24b1f"),
}


def _fingerprint(records: list[Record]) -> str:
    digest = hashlib.sha256()
    for record in records:
        row = dataclasses.asdict(record)
        row["labels"] = {k: None if math.isnan(v) else v for k, v in row["labels"].items()}
        digest.update(json.dumps(row, ensure_ascii=False).encode() + b"\n")
    return digest.hexdigest()[:16]


@needs_data
@pytest.mark.parametrize("name", SETS)
def test_each_set_loads_its_real_files_into_the_common_schema_unchanged(name: str) -> None:
    records = load_set(DATA_DIR, name)
    assert records
    for record in records[:500]:
        assert isinstance(record.text, str)
        assert set(record.labels) == set(LABELS)
        assert record.language in ("fr", "en", "other")
        assert record.use in ("train", "train_mt", "eval")
        assert all(math.isnan(v) or v in (0.0, 1.0) for v in record.labels.values())
    rows, head, positives, fingerprint = EXPECTED[name]
    assert len(records) == rows
    assert sum(1 for r in records if r.labels[head] == 1.0) == positives
    assert _fingerprint(records) == fingerprint


def test_every_set_has_expected_counts() -> None:
    assert set(EXPECTED) == set(SETS)


def test_every_source_reads_a_set_of_the_manifest_and_eval_only_sets_are_never_trained_on() -> None:
    manifest = load_manifest()["sets"]
    assert set(SETS) <= set(manifest)
    for source in SOURCES:
        if manifest[source.folder]["use"].startswith("eval only"):
            assert (source.use, source.split) == ("eval", "test"), source.name
    assert len({source.name for source in SOURCES}) == len(SOURCES)


def test_a_file_without_a_column_its_source_reads_is_refused_with_its_path(tmp_path: Path) -> None:
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "rows.csv").write_text("message,label\nhello,1\n", encoding="utf-8")
    source = Source("s", "set", csv_files("rows.csv"), lambda row: make_labels(spam=int(row["label"])))
    with pytest.raises(DataFormatError, match=r"rows\.csv: missing column 'text'"):
        load_source(tmp_path, source)
    renamed = dataclasses.replace(source, text="message")
    assert [(r.text, r.labels["spam"]) for r in load_source(tmp_path, renamed)] == [("hello", 1.0)]


@needs_data
def test_eval_only_and_machine_translated_sets_are_marked() -> None:
    uses = {name: {r.use for r in load_set(DATA_DIR, name)} for name in SETS}
    assert uses["hatecheck_en"] == {"eval"}
    assert uses["cyberagressionado_fr"] == {"eval"}
    assert uses["youtube_spam_2014"] == {"eval"}
    assert uses["multilingual_sms_spam_fr_de"] == {"train_mt"}
    assert "train_mt" in uses["toxifrench_extra_fr"]


@needs_data
def test_youtube_2014_drops_the_comments_already_in_the_uci_set() -> None:
    uci = {r.meta["id"] for r in load_set(DATA_DIR, "youtube_spam")}
    (later,) = [source for source in SOURCES if source.name == "youtube_spam_2014"]
    ids = [row["COMMENT_ID"] for row in later.read(DATA_DIR / later.folder)]
    assert len(ids) == len(set(ids)) == EXPECTED["youtube_spam_2014"][0]
    assert not set(ids) & uci


@needs_data
def test_contact_form_lists_load_as_a_lexicon() -> None:
    lexicon = load_contact_form_lexicon(DATA_DIR)
    assert len(lexicon.phrases) > 300 and len(lexicon.names) > 100 and len(lexicon.emails) > 200


def test_unknown_labels_are_masked_and_non_toxic_zeroes_sub_heads() -> None:
    spam_only = make_labels(spam=1)
    assert spam_only["spam"] == 1.0 and math.isnan(spam_only["toxicity"])
    clean = make_labels(toxicity=0)
    assert all(clean[h] == 0.0 for h in LABELS if h != "spam") and math.isnan(clean["spam"])


def test_moderator_labels_load_with_weight_and_mask_missing_heads(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(
        '{"text": "Super article", "author": "A", "email": "a@b.fr", "url": "", "language": "fr", '
        '"labels": {"spam": 0, "toxicity": 0}}\n\n'
        '{"text": "casino", "labels": {"spam": 1}}\n{"text": "", "labels": {"spam": 1}}\n',
        encoding="utf-8",
    )
    records = load_moderator_labels(path, weight=5)
    assert [r.text for r in records] == ["Super article", "casino"]
    assert records[0].weight == 5 and records[0].labels["insult"] == 0.0
    assert records[1].labels["spam"] == 1.0 and math.isnan(records[1].labels["toxicity"])


def _record(text: str, source: str, use: str = "train", split: str | None = None, spam: int = 0) -> Record:
    return Record(text=text, language="en", source=source, use=use, labels=make_labels(spam=spam), fixed_split=split)


def test_deduplication_uses_normalised_text_and_keeps_the_eval_copy() -> None:
    records = [
        _record("Check out MY channel!!", "a"),
        _record("check out my channel!!", "b", use="eval", split="test"),
        _record("Ch3ck out my channel!!", "c"),
    ]
    kept = deduplicate(records)
    assert [r.source for r in kept] == ["b"]
    assert dedup_key("Ch3ck") == dedup_key("check")


def test_splits_never_put_eval_only_rows_in_train_and_keep_translations_together() -> None:
    natives = [_record(f"message number {i}", "sms", spam=i % 5 == 0) for i in range(200)]
    for r in natives:
        r.group = r.text
    translations = [
        Record(
            text=f"message numéro {i}",
            language="fr",
            source="mt",
            use="train_mt",
            labels=make_labels(spam=i % 5 == 0),
            group=f"message number {i}",
        )
        for i in range(200)
    ]
    evals = [_record(f"eval text {i}", "ev", use="eval", split="test") for i in range(20)]
    splits = assign_splits([*natives, *translations, *evals])
    assert not any(r.use == "eval" for r in splits["train"] + splits["validation"])
    assert not any(r.use == "train_mt" for r in splits["validation"] + splits["test"])
    side = {r.group: name for name, rs in splits.items() for r in rs if r.source == "sms"}
    assert all(side[r.group] == "train" for r in splits["train"] if r.source == "mt")
    assert sum(1 for r in splits["train"] if r.source == "mt") == side.__len__() - sum(
        1 for v in side.values() if v != "train"
    )
    assert 140 <= sum(1 for r in splits["train"] if r.source == "sms") <= 180


@needs_data
def test_real_splits_are_disjoint_on_normalised_text() -> None:
    records = [record for name in SETS for record in load_set(DATA_DIR, name)]
    splits = assign_splits(deduplicate(subsample(records, per_source=400)))
    keys = {name: {dedup_key(r.text) for r in rs} for name, rs in splits.items()}
    assert not keys["train"] & keys["test"]
    assert not keys["train"] & keys["validation"]
    assert not keys["validation"] & keys["test"]
    assert not any(r.use == "eval" for r in splits["train"])


@needs_data
def test_stormfront_keeps_each_user_on_one_side_of_the_split() -> None:
    records = load_set(DATA_DIR, "stormfront_hate_en")
    splits = assign_splits(records, seed=1)
    side = {r.group: name for name, rows in splits.items() for r in rows}
    for name, rows in splits.items():
        assert all(side[r.group] == name for r in rows), name
    assert len(side) > 1000 and all(r.group.startswith("stormfront-user:") for r in records)


@needs_data
def test_a_held_out_source_is_never_trained_on_and_is_tested_whole() -> None:
    held = [r for r in load_all(DATA_DIR, hold_out=("instagram_scam_comments_en",)) if r.source == "instagram_scam_en"]
    assert len(held) == 3586 and {(r.use, r.fixed_split) for r in held} == {("eval", "test")}
    splits = assign_splits(held, seed=1)
    assert not splits["train"] and not splits["validation"] and len(splits["test"]) == len(held)
    with pytest.raises(KeyError):
        load_all(DATA_DIR, hold_out=("no_such_set",))


@needs_data
def test_the_spam_phrase_list_holds_the_blocklist_and_the_contact_form_phrases() -> None:
    phrases = load_spam_phrases(DATA_DIR)
    assert len(phrases) == 62204 + len(load_contact_form_lexicon(DATA_DIR).phrases)
