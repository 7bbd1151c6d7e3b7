"""The scoring's fast paths give what the plain patterns and loops they replace gave (issue 24: scores unchanged)."""

from __future__ import annotations

import re
import unicodedata
from re import _constants as sre_c  # type: ignore[attr-defined]  # re's own parser: the patterns' structure
from re import _parser as sre_parse  # type: ignore[attr-defined]

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.scoring import characters, language, lexicon, links, metadata, normalize, phrases, spam_signals
from moderation.scoring.features import Vocabulary

_ANCHORED = {
    "crypto": metadata._CRYPTO,
    "messaging": spam_signals._MESSAGING_AT,
    "support": spam_signals._SUPPORT_AT,
    "money_offer": spam_signals._MONEY_OFFER_AT,
    "praise": spam_signals._PRAISE_AT,
    "offer_pointer": spam_signals._POINTER_AT,
    "self_promotion": spam_signals._SELF_PROMOTION_AT,
    "seller": spam_signals._SELLER_AT,
    "site_addressed": spam_signals._SITE_ADDRESSED_AT,
    "private_seller": spam_signals._PRIVATE_SELLER_AT,
    "reader_call": spam_signals._READER_CALL_AT,
}


def _leading_literals(items: list[tuple[object, object]]) -> set[str]:
    """Every literal text a match of the parsed pattern `items` can start with (up to its first class or repeat)."""
    if not items:
        return {""}
    op, av = items[0]
    rest = list(items[1:])
    if op is sre_c.AT or op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
        return _leading_literals(rest)  # zero width
    if op is sre_c.LITERAL:
        return {chr(av) + tail for tail in _leading_literals(rest)}  # type: ignore[call-overload]
    if op is sre_c.SUBPATTERN:
        return _leading_literals(list(av[-1]) + rest)  # type: ignore[index]
    if op is sre_c.BRANCH:
        return {p for branch in av[1] for p in _leading_literals(list(branch) + rest)}  # type: ignore[index]
    if op is sre_c.IN and all(o is sre_c.LITERAL for o, _ in av):  # type: ignore[attr-defined]
        return {p for _, code in av for p in _leading_literals([(sre_c.LITERAL, code), *rest])}  # type: ignore[attr-defined]
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT) and av[0] == 0:  # type: ignore[index]
        return _leading_literals(rest) | _leading_literals(list(av[2]))  # type: ignore[index]
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
        return _leading_literals(list(av[2]))  # type: ignore[index]
    return {""}  # a character class or anything else: no literal beyond this point


@pytest.mark.parametrize("name", sorted(_ANCHORED))
def test_every_match_of_an_anchored_pattern_starts_with_one_of_its_literals(name: str) -> None:
    anchored = _ANCHORED[name]
    parsed = sre_parse.parse(anchored.pattern.pattern, anchored.pattern.flags)
    for prefix in _leading_literals(list(parsed)):
        assert prefix.startswith(anchored.starts), f"{name}: a match may start with {prefix!r}"


def _fragments(pattern: re.Pattern[str]) -> list[str]:
    words = re.findall(r"[a-zà-ÿ0-9'.]+", pattern.pattern.replace("\\s", " ").replace("\\.", "."))
    return [*words, " ", "  ", "x", "s", "é", "-", "/", "\n", "0x", "ab12"]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_anchored_patterns_find_what_the_whole_text_search_finds(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(_ANCHORED)))
    anchored = _ANCHORED[name]
    pieces = data.draw(st.lists(st.sampled_from(_fragments(anchored.pattern)), max_size=14))
    text = "".join(pieces)
    assert anchored.count(text) == len(anchored.pattern.findall(text))
    assert anchored.search(text) == bool(anchored.pattern.search(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted({f for a in _ANCHORED.values() for f in _fragments(a.pattern)} | {"é", "’"})),
                max_size=20))  # fmt: skip
def test_one_pass_finds_the_literals_each_pattern_s_own_scan_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    patterns = spam_signals._ANCHORED.patterns
    found = spam_signals._ANCHORED.candidates(text)
    assert found == [anchored._candidates(text) for anchored in patterns]
    for anchored, candidates in zip(patterns, found, strict=True):
        assert anchored.count(text, candidates) == len(anchored.pattern.findall(text))
        assert anchored.search(text, candidates) == bool(anchored.pattern.search(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*lexicon._threats(), " ", "x", "é", "a", "ou", "e"]), max_size=12))
def test_threat_phrases_are_counted_as_each_phrase_s_own_search_counts(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert lexicon._threat_count(text) == sum(1 for phrase in lexicon._threats() if phrase in text)


# The patterns as they were written before they were made to start with a character class: the oracles.
_OLD_MONEY_OR_RUN = re.compile(
    r"([$€£])\s?\d[\d\s.,]*+(?:k|m)?|\d[\d\s.,]*+([$€£]|(?:k€|euros?|dollars?|usd|eur|btc|usdt|bitcoins?)\b)?",
    re.IGNORECASE,
)
_OLD_MONEY_RATE = re.compile(
    r"(?:[$€£]\s?\d[\d.,]*+|(?<![\d.,])\d[\d.,]*+\s?(?:[$€£]|k€|euros?|dollars?|usd|eur)(?![a-z]))"
    r"\s*(?:par|per|a|an|/|each|every|chaque|tous\sles)\s*(?:jour|journ[ée]e|semaine|mois|heure|h|day|week|"
    r"month|hour|hr)\b"
)
_MONEY_PIECES = ["1", "23", "$", "€", "£", " ", ".", ",", "k", "m", "k€", "euros", "usd", "eur", "btc", "x", "EUR",
                 "par", "per", "a", "/", "jour", "day", "h", "mois", "\n", "٣"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_MONEY_PIECES), max_size=16))
def test_money_patterns_match_what_they_matched_before(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert metadata._MONEY_OR_RUN.findall(text) == _OLD_MONEY_OR_RUN.findall(text)
    assert [m.span() for m in spam_signals._MONEY_RATE.finditer(text)] == [
        m.span() for m in _OLD_MONEY_RATE.finditer(text)
    ]


_PHONE_PIECES = ["0", "12", "345", "+", "33", "(", ")", " ", ".", "-", "\u00a0", "x", "٣٤", "€", "?", "é", "’", "😀"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PHONE_PIECES), max_size=20))
def test_a_phone_number_is_counted_only_where_its_hint_is_and_counted_as_before(pieces: list[str]) -> None:
    text = "".join(pieces)
    if metadata._PHONE.search(text):
        assert metadata._PHONE_HINT.search(text)
    numbers = [m for m in metadata._PHONE.finditer(text) if metadata.is_phone(text, m.start(), m.group())]
    assert metadata.phone_count(text) == len(numbers)
    if metadata._char_classes(text)[3]:  # the emoji scan is skipped
        assert not metadata._EMOJI.search(text)


_OLD_LEET_INNER = re.compile(rf"(?<={normalize._LETTER})[{normalize._LEET_CHARS}]+(?={normalize._LETTER})")
_OLD_LEET_LEAD = re.compile(rf"(?<![\w$€@])[$€](?={normalize._LETTER}{{2}})")
_NORMALISER_PIECES = ["a", "b", "é", "É", "ß", "ǅ", "İ", "ꜱ", "0", "1", "3", "$", "€", "@", "!", "|", "²", "٣", " ",
                      "\n", "\t", "\u00a0", ".", "-", "_", "*", "aa", "ll", "éé", "!!", "ßß", "\ufdfa", "\u3349",
                      "一一", "🅰"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_NORMALISER_PIECES), max_size=120))
def test_normaliser_fast_paths_rewrite_as_the_plain_steps(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert characters.map_characters(text) == text.translate(characters.CHAR_TABLE)
    assert normalize._squeeze_runs(text) == normalize._RE_REPEAT.sub(normalize._squeeze, text)
    long = text * (normalize._SQUEEZE_NUMPY_FROM // max(len(text), 1) + 1)  # the numpy path
    assert normalize._squeeze_runs(long) == normalize._RE_REPEAT.sub(normalize._squeeze, long)
    for new, old in ((normalize._RE_LEET_INNER, _OLD_LEET_INNER), (normalize._RE_LEET_LEAD, _OLD_LEET_LEAD)):
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


def _old_evidence(words: list[str]) -> tuple[float, float]:
    fr_words, en_words = language._function_words()
    fr = en = 0.0
    for token in words:
        parts = re.split(r"['’]", token)
        if len(parts) > 1:
            if parts[0] in language._FR_ELISION:
                fr += 1
            elif parts[-1] in language._EN_CONTRACTION:
                en += 1
        for part in parts:
            fr += part in fr_words
            en += part in en_words
    return fr, en


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["le", "the", "c'est", "don't", "aujourd'hui", "qu’il", "it's", "x", "l'", "'", "de",
                                 "and", "vous", "you", "abc", "t'"]), max_size=30))  # fmt: skip
def test_language_evidence_is_counted_as_before(words: list[str]) -> None:
    elided = [w for w in words if "'" in w or "’" in w]
    plain = [w for w in words if w not in elided]
    assert language._evidence(plain, elided) == _old_evidence(words)


_OLD_URL_HINT = re.compile(rf"://|www\.|\.(?:{links._TLDS})\b", re.IGNORECASE)  # the plain alternation


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([":", "/", "//", "w", "W", "ww", "www", ".", "com", "COM", "Fr", "x", "in", " ", "é",
                                 "K", "\u212a", "ſ", "h", "\n", "1", "İ", "services", "Shop", "pics"]),
                max_size=12))  # fmt: skip
def test_the_link_hint_fires_where_it_did(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert bool(links.URL_HINT.search(text)) == bool(_OLD_URL_HINT.search(text))
    assert links.has_url_hint(text) == bool(_OLD_URL_HINT.search(text))


@pytest.mark.parametrize("holds_zero", [False, True])
def test_vocabulary_lookup_is_exact_on_shared_slots_and_the_zero_hash(holds_zero: bool) -> None:
    rng = np.random.default_rng(1)
    base = rng.integers(1, 2**63, 300, dtype=np.uint64)
    crowded = (base[:20] & ~np.uint64((1 << 21) - 1)) | np.uint64(12345)  # 20 hashes in one slot
    stored = np.unique(np.concatenate([base, crowded, np.zeros(int(holds_zero), dtype=np.uint64)]))
    vocabulary = Vocabulary(stored, np.ones(stored.shape[0], dtype=np.float32), np.zeros(stored.shape[0], np.int8))
    absent = np.concatenate([rng.integers(1, 2**63, 300, dtype=np.uint64), crowded + np.uint64(1 << 40)])
    queries = np.concatenate([stored, absent, np.zeros(3, dtype=np.uint64)])
    cols, found = vocabulary.lookup(queries)
    at = np.minimum(np.searchsorted(vocabulary.hashes, queries), vocabulary.size - 1)
    expected = vocabulary.hashes[at] == queries
    assert np.array_equal(found, expected)
    assert np.array_equal(cols[found], at[expected])
    assert (cols >= 0).all() and (cols < vocabulary.size).all()


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["http://", "https://", "www.", "a.com", "b.fr/x", ".", ":", "x", "é", "-", "/", "<",
                                 "'", " ", "\n", "\u00a0", "K", "\u212a", "exemple", "CO", ".io", "Www.", "1", "\"",
                                 ". ", "www.1"]),
                max_size=14))  # fmt: skip
def test_links_are_found_where_the_whole_text_scan_finds_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    # every match of the pattern, but links no reader can follow ("http://exemple", one label; "http://127.0.0.1")
    scan = [m for m in links._URL.finditer(text) if not links.is_local_link(m.group())]
    expected = [m.span() for m in scan] if links.URL_HINT.search(text) else []
    assert links.find_links(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZé ß\t\n\u00a0\u2028\u3000\u200bﬁ①x."), max_size=20))
def test_the_phrase_tables_canonical_form_is_nfkc_case_folded_with_single_spaces(text: str) -> None:
    assert phrases.canonical(text) == " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab é0134579$@€!|- x'"), max_size=30))
def test_leet_signs_are_replaced_where_they_occur_as_the_whole_text_substitution_replaces_them(text: str) -> None:
    for pattern, signs in ((normalize._RE_LEET_INNER, normalize._LEET_SIGNS), (normalize._RE_LEET_LEAD, "$€")):
        state = normalize._Plain(text)
        state.apply_at(pattern, normalize._leet, signs)
        assert state.text == pattern.sub(normalize._leet, text)


def _rewritten_as_before(text: str) -> str:
    """Steps 2-6 as the normaliser ran them before its fast paths: whole-text substitutions, every round in full."""
    unmask = normalize._Unmasker()
    for _ in range(normalize._MAX_ROUNDS):
        start, changed = text, False
        if "  " in start:
            text = normalize._RE_SPACES.sub(" ", text)
        steps = (
            (any(c in start for c in normalize._LEET_TRIGGERS), normalize._RE_LEET_INNER, normalize._leet, 0),
            ("$" in start or "€" in start, normalize._RE_LEET_LEAD, normalize._leet, 0),
            (unmask.budget > 0 and any(c in start for c in normalize._MASK_TRIGGERS), normalize._RE_MASKED, unmask, -1),
        )
        for wanted, pattern, repl, count in steps:
            if wanted:
                new = pattern.sub(repl, text, count=unmask.budget if count < 0 else 0)
                changed |= new != text
                text = new
        text = normalize._RE_REPEAT.sub(normalize._squeeze, text)
        hinted = normalize._RE_SPACED_HINT.search(f" {text} ") is not None
        joined = normalize._RE_SPACED.sub(normalize._join, text) if hinted else text
        if joined != text:
            text, changed = normalize._RE_REPEAT.sub(normalize._squeeze, joined), True
        if not changed and (unmask.budget <= 0 or not any(c in text for c in normalize._MASK_TRIGGERS)):
            break
    return text


_REWRITE_PIECES = ["a", "b", "o", "é", "0", "1", "4", "$", "€", "@", "!", "*", " ", "  ", ".", "-", "/", "aa", "oo",
                   "f*ck", "c0nn4rd", "p u t", "e.n.c", " a b c ", "fuu*k", "$alope", "x"]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_REWRITE_PIECES), max_size=60))
def test_the_normaliser_rewrites_as_it_did_with_every_step_run_in_every_round(pieces: list[str]) -> None:
    text = "".join(pieces)
    plain = normalize._Plain(text)
    normalize._run_steps(plain)
    assert plain.text == _rewritten_as_before(text)
    tracked = normalize._Tracked(text, list(range(len(text))), list(range(1, len(text) + 1)))
    normalize._run_steps(tracked)
    assert tracked.text == plain.text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["l", "a", "é", "ɏ", "z", "'", "’", "''", " ", "-", "1", ".", "Ω", "ı"]), max_size=24))
def test_language_words_are_the_word_pattern_s_words(pieces: list[str]) -> None:
    text = "".join(pieces)
    plain, elided = language._words(text)
    found = language._WORD.findall(text)
    assert sorted(plain + elided) == sorted(found)
    assert all("'" in w or "’" in w for w in elided) and not any("'" in w or "’" in w for w in plain)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([" ", ".", "-", "_", "·", "/", "a", "b", "é", "1", "²", "?", "’", "ł", "Ω", "ſ", "①"]),
                max_size=14))  # fmt: skip
def test_the_spaced_letters_precheck_never_skips_a_text_the_hint_matches(pieces: list[str]) -> None:
    text = "".join(pieces)
    if normalize._RE_SPACED_HINT.search(f" {text} "):
        assert normalize._may_hold_spaced_letters(text)
