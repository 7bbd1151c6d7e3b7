"""N-gram hashing: every char 3-5-gram and word 1-2-gram of normalised text, as 64-bit polynomial hashes.

Every n-gram gets its hash computed with numpy from prefix sums (no Python loop per n-gram); the vocabulary
(`features.Vocabulary`) maps the hashes to tf-idf columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from moderation.scoring.characters import fold_accents
from moderation.scoring.normalize import normalize_text

#: Longest normalised text featurised; the rest is ignored (comments are far shorter).
MAX_CHARS = 8000
CHAR_NGRAMS: tuple[int, ...] = (3, 4, 5)
_P = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_Q = np.uint64(0x9E3779B97F4A7C15)
TAG_WORD = np.uint64(0xA5A5A5A5A5A5A5A5)
_TAG_BIGRAM = np.uint64(0x5A5A5A5A12345678)
_TAG_CHAR = np.uint64(0x3C3C3C3C3C3C3C3C)

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


def powers(size: int = MAX_CHARS + 8) -> tuple[U64, U64]:
    """Return P**i and P**-i modulo 2**64 for i < size."""
    pinv = np.uint64(pow(int(_P), -1, 2**64))
    pw = np.ones(size, dtype=np.uint64)
    ipw = np.ones(size, dtype=np.uint64)
    if size > 1:
        pw[1:] = np.cumprod(np.full(size - 1, _P, dtype=np.uint64))  # wraps modulo 2**64
        ipw[1:] = np.cumprod(np.full(size - 1, pinv, dtype=np.uint64))
    return pw, ipw


_CHAR_TAGS = {size: _TAG_CHAR + np.uint64(size) for size in CHAR_NGRAMS}
#: Word characters for `hashes` (as `ngrams` tests them): a-z, 0-9 and every code point from U+00C0 on but
#: U+2000-U+2BFF (punctuation, symbols); the last entry stands for every code point from U+2C00 on.
_WORD_TABLE_TOP = np.uint32(0x2C00)
_WORD_CHARACTERS = np.zeros(0x2C01, dtype=np.bool_)
_WORD_CHARACTERS[97:123] = _WORD_CHARACTERS[48:58] = _WORD_CHARACTERS[0xC0:0x2000] = _WORD_CHARACTERS[0x2C00] = True


def word_hash(word: str) -> np.uint64:
    """Return the vocabulary hash of a single word (the word-unigram feature `ngrams` would emit)."""
    value = 0
    for ch in word:
        value = (value * int(_P) + ord(ch)) % 2**64
    return np.uint64(value) ^ TAG_WORD


#: Largest number of characters hashed in one vectorised pass of `HashedNGrams.batch`.
BATCH_CHARS = 262_144


@dataclass(frozen=True, slots=True)
class NGrams:
    """Every n-gram of one text: its hash, its span in the normalised text, and its block (0 char, 1 word)."""

    hashes: U64
    starts: I64
    ends: I64
    block: npt.NDArray[np.int8]


class HashedNGrams:
    """Computes n-gram hashes and spans for feature text (normalised, accent-folded)."""

    def __init__(self) -> None:
        self._pw, self._ipw = powers()

    def __getstate__(self) -> dict[str, object]:
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._pw, self._ipw = powers()

    def ngrams(self, feature_text: str) -> NGrams:
        """Return the hashes and spans of every char 3-5-gram and word 1-2-gram of `feature_text`."""
        text = feature_text[:MAX_CHARS]
        padded = f" {text} "
        codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        n = codes.shape[0]
        with np.errstate(over="ignore"):
            prefix = np.zeros(n + 1, dtype=np.uint64)
            np.cumsum(codes * self._ipw[:n], out=prefix[1:])
            hashes: list[U64] = []
            starts: list[I64] = []
            ends: list[I64] = []
            for size in CHAR_NGRAMS:
                if n < size:
                    continue
                a = np.arange(0, n - size + 1, dtype=np.int64)
                b = a + size
                hashes.append((self._pw[b - 1] * (prefix[b] - prefix[a])) ^ (_TAG_CHAR + np.uint64(size)))
                starts.append(a - 1)
                ends.append(b - 1)
            n_char = sum(h.shape[0] for h in hashes)
            inner = codes[1:-1]
            isword = ((inner >= 97) & (inner <= 122)) | ((inner >= 48) & (inner <= 57))
            isword |= (inner >= 0xC0) & ~((inner >= 0x2000) & (inner <= 0x2BFF))
            edges = np.diff(np.concatenate(([0], isword.astype(np.int8), [0])))
            w_start = np.flatnonzero(edges == 1).astype(np.int64)
            w_end = np.flatnonzero(edges == -1).astype(np.int64)
            n_word = 0
            if w_start.shape[0]:
                # spans in padded coordinates are +1
                wh = self._pw[w_end] * (prefix[w_end + 1] - prefix[w_start + 1])
                hashes.append(wh ^ TAG_WORD)
                starts.append(w_start)
                ends.append(w_end)
                n_word += wh.shape[0]
                if wh.shape[0] > 1:
                    hashes.append((wh[:-1] * _Q + wh[1:]) ^ _TAG_BIGRAM)
                    starts.append(w_start[:-1])
                    ends.append(w_end[1:])
                    n_word += wh.shape[0] - 1
        if not hashes:
            empty_u = np.zeros(0, dtype=np.uint64)
            empty_i = np.zeros(0, dtype=np.int64)
            return NGrams(empty_u, empty_i, empty_i, np.zeros(0, dtype=np.int8))
        block = np.concatenate((np.zeros(n_char, dtype=np.int8), np.ones(n_word, dtype=np.int8)))
        return NGrams(np.concatenate(hashes), np.concatenate(starts), np.concatenate(ends), block)

    def hashes(self, feature_text: str) -> U64:
        """Return the same hashes as `ngrams` (same order), without spans: the scoring fast path.

        Few numpy calls (each costs microseconds whatever its size, and a comment is short): every hash is
        written in place into one array, and a table says which characters are word characters. Integer
        arrays wrap modulo 2**64 without a warning, so no `errstate` either.
        """
        text = feature_text[:MAX_CHARS]
        codes = np.frombuffer(f" {text} ".encode("utf-32-le"), dtype=np.uint32)
        n = codes.shape[0]
        prefix = np.empty(n + 1, dtype=np.uint64)
        prefix[0] = 0
        np.cumsum(np.multiply(codes, self._ipw[:n], dtype=np.uint64), out=prefix[1:])
        # a word character inside the padding spaces: the pads are none, so words start and end inside the text
        isword = _WORD_CHARACTERS.take(np.minimum(codes, _WORD_TABLE_TOP)).view(np.int8)  # take: cheaper than []
        edges = isword[1:] - isword[:-1]  # +1: a word starts at inner index i; -1: one ends there
        w_start = np.flatnonzero(edges == 1)
        words = w_start.shape[0]
        sizes = [size for size in CHAR_NGRAMS if n >= size]
        total = sum(n - size + 1 for size in sizes) + (2 * words - 1 if words else 0)
        out = np.empty(total, dtype=np.uint64)
        at = 0
        for size in sizes:  # slices, not gathers: hash(a, a + size) for every a at once
            window = out[at : at + n - size + 1]
            np.subtract(prefix[size : n + 1], prefix[: n - size + 1], out=window)
            np.multiply(window, self._pw[size - 1 : n], out=window)
            np.bitwise_xor(window, _CHAR_TAGS[size], out=window)
            at += n - size + 1
        if words:
            w_end = np.flatnonzero(edges == -1)
            wh = out[at : at + words]
            np.subtract(prefix[w_end + 1], prefix[w_start + 1], out=wh)
            np.multiply(wh, self._pw[w_end], out=wh)
            bigrams = out[at + words :]
            np.multiply(wh[:-1], _Q, out=bigrams)
            np.add(bigrams, wh[1:], out=bigrams)
            np.bitwise_xor(bigrams, _TAG_BIGRAM, out=bigrams)
            np.bitwise_xor(wh, TAG_WORD, out=wh)
        return out

    def batch(self, feature_texts: Sequence[str]) -> tuple[I64, U64, npt.NDArray[np.int8]]:
        """Return (document index, hash, block) of every n-gram of many texts, hashed in one pass.

        Gives exactly the n-grams `ngrams` gives for each text; used for batch scoring and training.
        """
        padded = [f" {t[:MAX_CHARS]} " for t in feature_texts]
        lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
        n = int(lengths.sum())
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int8)
        if self._pw.shape[0] < n + 1:
            self._pw, self._ipw = powers(n + 1)
        codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        doc_of = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)
        docs: list[I64] = []
        hashes: list[U64] = []
        blocks: list[npt.NDArray[np.int8]] = []
        with np.errstate(over="ignore"):
            prefix = np.zeros(n + 1, dtype=np.uint64)
            np.cumsum(codes * self._ipw[:n], out=prefix[1:])
            for size in CHAR_NGRAMS:
                if n < size:
                    continue
                a = np.arange(0, n - size + 1, dtype=np.int64)
                b = a + size
                inside = doc_of[a] == doc_of[b - 1]
                a, b = a[inside], b[inside]
                hashes.append((self._pw[b - 1] * (prefix[b] - prefix[a])) ^ (_TAG_CHAR + np.uint64(size)))
                docs.append(doc_of[a])
                blocks.append(np.zeros(a.shape[0], dtype=np.int8))
            isword = ((codes >= 97) & (codes <= 122)) | ((codes >= 48) & (codes <= 57))
            isword |= (codes >= 0xC0) & ~((codes >= 0x2000) & (codes <= 0x2BFF))
            edges = np.diff(np.concatenate(([0], isword.astype(np.int8), [0])))
            w_start = np.flatnonzero(edges == 1).astype(np.int64)
            w_end = np.flatnonzero(edges == -1).astype(np.int64)
            if w_start.shape[0]:
                wh = self._pw[w_end - 1] * (prefix[w_end] - prefix[w_start])
                w_doc = doc_of[w_start]
                hashes.append(wh ^ TAG_WORD)
                docs.append(w_doc)
                blocks.append(np.ones(wh.shape[0], dtype=np.int8))
                same = w_doc[:-1] == w_doc[1:]
                hashes.append(((wh[:-1] * _Q + wh[1:]) ^ _TAG_BIGRAM)[same])
                docs.append(w_doc[:-1][same])
                blocks.append(np.ones(int(same.sum()), dtype=np.int8))
        return np.concatenate(docs), np.concatenate(hashes), np.concatenate(blocks)


def feature_text(text: str) -> str:
    """Return the text the featuriser sees: normalised, then accent-folded."""
    return fold_accents(normalize_text(text))
