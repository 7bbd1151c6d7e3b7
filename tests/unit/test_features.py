"""The shared featuriser: batch and single paths agree, lookups are exact, masks are filled from the vocabulary."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.scoring.base import Submission
from moderation.scoring.features import MAX_MASKED_TOKENS, Vocabulary
from moderation.scoring.lexicon import lexicon_values
from moderation.scoring.metadata import METADATA_FEATURES, metadata_values
from moderation.scoring.ngrams import MAX_CHARS, HashedNGrams, feature_text

CORPUS = [
    "Les libéraux ont tort sur le budget.",
    "The liberals are wrong about the budget!",
    "Casino en ligne : bonus gratuit sur https://jackpot.example",
    "T'es qu'un connard, ferme ta gueule.",
    "Merci pour cet article très clair.",
] * 2


def _vocabulary() -> Vocabulary:
    return Vocabulary.fit([feature_text(t) for t in CORPUS], min_df=1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=6))
def test_batch_transform_equals_one_row_at_a_time(texts: list[str]) -> None:
    vocabulary = _vocabulary()
    features = [feature_text(t) for t in [*texts, *CORPUS[:3]]]
    matrix = vocabulary.transform(features)
    for i, text in enumerate(features):
        cols, values = vocabulary.row(vocabulary.ngrams.hashes(text))
        assert np.array_equal(matrix[i].indices, cols)
        assert np.allclose(matrix[i].data, values, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_fast_hashes_equal_the_spanned_ngrams(text: str) -> None:
    extractor = HashedNGrams()
    folded = feature_text(text)
    assert np.array_equal(extractor.hashes(folded), extractor.ngrams(folded).hashes)


def test_lookup_matches_a_binary_search() -> None:
    vocabulary = _vocabulary()
    rng = np.random.default_rng(0)
    queries = np.concatenate([vocabulary.hashes, rng.integers(0, 2**63, 500, dtype=np.uint64)])
    cols, found = vocabulary.lookup(queries)
    assert found[: vocabulary.size].all() and not found[vocabulary.size :].any()
    assert np.array_equal(cols[: vocabulary.size], np.arange(vocabulary.size))


def test_masked_letters_are_filled_with_a_known_word_and_length_is_kept() -> None:
    vocabulary = _vocabulary()
    text = "the lib*rals are wr*ng, 2*3"
    filled = vocabulary.unmask(text)
    assert filled == "the liberals are wrong, 2*3"
    assert len(filled) == len(text)


def test_only_masked_tokens_in_the_scored_characters_are_filled() -> None:
    vocabulary = _vocabulary()
    head = "the lib*rals "
    text = head + "x" * (MAX_CHARS - len(head)) + " wr*ng"
    filled = vocabulary.unmask(text)
    assert filled.startswith("the liberals ")
    assert filled.endswith(" wr*ng")  # past the featurised stretch: left as written, never looked up
    assert len(filled) == len(text)


def test_at_most_max_masked_tokens_distinct_tokens_are_filled_per_text() -> None:
    vocabulary = _vocabulary()
    decoys = " ".join(f"q{i:04d}*" for i in range(MAX_MASKED_TOKENS))  # distinct, none a known word
    filled = vocabulary.unmask(f"{decoys} wr*ng lib*rals")
    assert filled.endswith(" wr*ng lib*rals")  # the budget went to the decoys: bounded work, not a scan per token
    assert vocabulary.unmask("wr*ng lib*rals") == "wrong liberals"


def test_lexicon_counts_obfuscated_targeted_insults() -> None:
    values = dict(
        zip(
            ["en_p", "en_i", "fr_p", "fr_i", "slur", "threat", "targeted", "any", "share"],
            lexicon_values(feature_text("T'es qu'un c0nn4rd, je vais te buter")),
            strict=True,
        )
    )
    assert values["fr_p"] > 0 and values["targeted"] > 0 and values["threat"] > 0
    assert not any(lexicon_values(feature_text("Macron mène une politique désastreuse.")))


def test_metadata_flags_links_commercial_fields_and_contacts() -> None:
    spam = Submission(
        text="GAGNEZ 500€ sur https://casino.xyz/bonus, appelez le +33 6 12 34 56 78",
        author="Casino Bonus",
        email="promo123@casino.xyz",
        url="https://casino.xyz/a/b?x=1",
    )
    values = dict(zip(METADATA_FEATURES, metadata_values(spam, "fr"), strict=True))
    for name in ("has_link", "suspicious_tld", "url_field_commercial", "author_commercial", "email_digits"):
        assert values[name] == 1.0, name
    assert values["phones"] > 0 and values["money"] > 0 and values["uppercase_ratio"] > 0.1
    ham = dict(zip(METADATA_FEATURES, metadata_values(Submission(text="Bonne analyse."), "fr"), strict=True))
    assert ham["has_link"] == 0 and ham["url_field"] == 0
