"""One shared, fast text featurisation: hashed char 3-5-grams and word 1-2-grams on normalised text.

Every n-gram gets a 64-bit polynomial hash computed with numpy (no Python loop per n-gram); a fitted,
sorted vocabulary of hashes maps them to columns (`np.searchsorted`), then sublinear tf x idf with an l2
norm per block (chars, words). All heads share this one sparse row.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from moderation.scoring.normalize import fold_accents, normalize_text

#: Longest normalised text featurised; the rest is ignored (comments are far shorter).
MAX_CHARS = 8000
CHAR_NGRAMS: tuple[int, ...] = (3, 4, 5)
_P = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_Q = np.uint64(0x9E3779B97F4A7C15)
_TAG_WORD = np.uint64(0xA5A5A5A5A5A5A5A5)
_TAG_BIGRAM = np.uint64(0x5A5A5A5A12345678)
_TAG_CHAR = np.uint64(0x3C3C3C3C3C3C3C3C)

U64 = npt.NDArray[np.uint64]
F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]


def _powers(size: int = MAX_CHARS + 8) -> tuple[U64, U64]:
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

_SLOT_MASK = np.uint64((1 << 21) - 1)
# Starts only where a token starts, and never gives back letters (`*+`): a long run of letters without a `*`
# is skipped in one pass, not rescanned from each of its letters (linear time).
_MASKED_TOKEN = re.compile(r"(?<![a-z0-9])[a-z0-9]*+\*[a-z0-9*]*")
#: Longest masked token worth filling: longer ones are no vocabulary word, and trying 125 fills of a
#: thousands-long token would cost far more than the scoring itself.
_MAX_MASKED_TOKEN = 64
_VOWELS = "aeiou"
#: Most distinct masked tokens filled per text: ordinary comments hold a handful; a text made of thousands of
#: them keeps the rest as written instead of costing thousands of lookups.
MAX_MASKED_TOKENS = 256
#: Per number of masks (1-3): every vowel filling in `itertools.product` order, as strings and as code points.
_VOWEL_WORDS: dict[int, list[str]] = {m: ["".join(c) for c in itertools.product(_VOWELS, repeat=m)] for m in (1, 2, 3)}
_VOWEL_FILLS: dict[int, U64] = {
    m: np.array([[ord(c) for c in w] for w in words], dtype=np.uint64) for m, words in _VOWEL_WORDS.items()
}


_MASK_POWERS: U64 = _powers(_MAX_MASKED_TOKEN)[0]


def _word_hash(word: str) -> np.uint64:
    """Return the vocabulary hash of a single word (the word-unigram feature `ngrams` would emit)."""
    value = 0
    for ch in word:
        value = (value * int(_P) + ord(ch)) % 2**64
    return np.uint64(value) ^ _TAG_WORD


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
        self._pw, self._ipw = _powers()

    def __getstate__(self) -> dict[str, object]:
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._pw, self._ipw = _powers()

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
                hashes.append(wh ^ _TAG_WORD)
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
        isword = _WORD_CHARACTERS[np.minimum(codes, _WORD_TABLE_TOP)].view(np.int8)
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
            np.bitwise_xor(wh, _TAG_WORD, out=wh)
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
            self._pw, self._ipw = _powers(n + 1)
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
                hashes.append(wh ^ _TAG_WORD)
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


class Vocabulary:
    """Fitted hash vocabulary with idf weights; turns feature texts into l2-normalised tf-idf rows."""

    def __init__(self, hashes: U64, idf: F32, block: npt.NDArray[np.int8]) -> None:
        order = np.argsort(hashes)
        self.hashes: U64 = hashes[order]
        self.idf: F32 = idf[order].astype(np.float32)
        self.block: npt.NDArray[np.int8] = block[order]
        self.ngrams = HashedNGrams()
        self._build_slots()

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        for derived in ("_slots", "_slot_hashes", "_crowded"):  # rebuilt on load: keeps the artifact small
            state.pop(derived, None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._build_slots()

    def _build_slots(self) -> None:
        """Build a direct-address table on the hashes' low bits: one memory access per lookup.

        A slot holds its hash's column, or one of two columns past the end: no hash has those low bits
        (`size`), or several have (`size + 1`: binary-searched). Both stand for the hash 0 in `_slot_hashes`,
        so a lookup compares every hash once, without testing for them first.
        """
        slot_of = (self.hashes & _SLOT_MASK).astype(np.int64)
        first_slots, first_index, counts = np.unique(slot_of, return_index=True, return_counts=True)
        self._crowded = self.size + 1
        self._slots = np.full(_SLOT_MASK + 1, self.size, dtype=np.int32)
        self._slots[first_slots] = np.where(counts > 1, self._crowded, first_index).astype(np.int32)
        self._slot_hashes = np.concatenate((self.hashes, np.zeros(2, dtype=np.uint64)))

    def unmask(self, feature_text: str) -> str:
        """Fill masked letters ("lib*rals", "m**de") with the vowels that make a known word.

        Each `*` becomes one of a, e, i, o, u; among the spellings whose word is in the vocabulary the most
        common (lowest idf) wins. Length is kept, so offsets stay valid; unresolved tokens stay as they are.
        Only tokens starting in the first MAX_CHARS characters (the featurised ones) are filled, at most
        MAX_MASKED_TOKENS distinct ones, every candidate of all of them hashed and looked up in one numpy pass.
        """
        if "*" not in feature_text[:MAX_CHARS]:
            return feature_text
        spans: list[tuple[int, int, str]] = []
        distinct: dict[str, int] = {}
        for match in _MASKED_TOKEN.finditer(feature_text, 0, min(len(feature_text), MAX_CHARS + _MAX_MASKED_TOKEN)):
            if match.start() >= MAX_CHARS:
                break
            token = match.group()
            if match.end() == MAX_CHARS + _MAX_MASKED_TOKEN and match.end() < len(feature_text):
                continue  # cut by the window: longer than any token worth filling
            masks = token.count("*")
            if masks > 3 or len(token) - masks < 2 or len(token) > _MAX_MASKED_TOKEN:
                continue
            if token not in distinct:
                if len(distinct) >= MAX_MASKED_TOKENS:
                    continue
                distinct[token] = len(distinct)
            spans.append((match.start(), match.end(), token))
        if not spans:
            return feature_text
        fills = self._fills(list(distinct))
        pieces: list[str] = []
        last = 0
        for start, end, token in spans:
            filled = fills[distinct[token]]
            if filled is not None:
                pieces.append(feature_text[last:start])
                pieces.append(filled)
                last = end
        if not pieces:
            return feature_text
        pieces.append(feature_text[last:])
        return "".join(pieces)

    def _fills(self, tokens: Sequence[str]) -> list[str | None]:
        """The best vowel filling of each masked token (None when no filling is a vocabulary word).

        A word's hash is sum(code_i * P**(len - 1 - i)) modulo 2**64, so every candidate's hash is the token's
        hash with its `*` counted as 0, plus each filled vowel's code times its position's power.
        """
        out: list[str | None] = [None] * len(tokens)
        by_masks: dict[int, list[int]] = {}
        for i, token in enumerate(tokens):
            by_masks.setdefault(token.count("*"), []).append(i)
        for masks, members in by_masks.items():
            fills = _VOWEL_FILLS[masks]  # (candidates, masks) vowel codes, itertools.product order
            base = np.empty(len(members), dtype=np.uint64)
            positions = np.empty((len(members), masks), dtype=np.uint64)
            for row, i in enumerate(members):
                token = tokens[i]
                base[row] = _word_hash(token.replace("*", "\0")) ^ _TAG_WORD
                stars = [len(token) - 1 - at for at, c in enumerate(token) if c == "*"]
                positions[row] = _MASK_POWERS[stars]
            with np.errstate(over="ignore"):
                hashes = (base[:, np.newaxis] + (positions[:, np.newaxis, :] * fills[np.newaxis, :, :]).sum(axis=2)) ^ (
                    _TAG_WORD
                )
            cols, found = self.lookup(hashes.ravel())
            idf = np.where(found, self.idf[cols], np.inf).reshape(hashes.shape)
            best = np.argmin(idf, axis=1)
            for row, i in enumerate(members):
                if np.isfinite(idf[row, best[row]]):
                    vowels = iter(_VOWEL_WORDS[masks][int(best[row])])
                    out[i] = "".join(next(vowels) if c == "*" else c for c in tokens[i])
        return out

    @property
    def size(self) -> int:
        """Number of columns."""
        return int(self.hashes.shape[0])

    @classmethod
    def fit(cls, feature_texts: Sequence[str], *, min_df: int = 2, max_features: int = 300_000) -> Vocabulary:
        """Fit on feature texts: keep n-grams seen in `min_df` documents, the most frequent first."""
        extractor = HashedNGrams()
        per_doc: list[U64] = []
        blocks: list[npt.NDArray[np.int8]] = []
        for text in feature_texts:
            grams = extractor.ngrams(text)
            uniq, first = np.unique(grams.hashes, return_index=True)
            per_doc.append(uniq)
            blocks.append(grams.block[first])
        all_hashes = np.concatenate(per_doc) if per_doc else np.zeros(0, dtype=np.uint64)
        all_blocks = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.int8)
        uniq, first, df = np.unique(all_hashes, return_index=True, return_counts=True)
        keep = df >= min_df
        uniq, df, blk = uniq[keep], df[keep], all_blocks[first[keep]]
        if uniq.shape[0] > max_features:
            top = np.argsort(-df, kind="stable")[:max_features]
            uniq, df, blk = uniq[top], df[top], blk[top]
        n_docs = len(per_doc)
        idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        return cls(uniq, idf, blk.astype(np.int8))

    def lookup(self, hashes: U64) -> tuple[I64, npt.NDArray[np.bool_]]:
        """Return the column of each hash and whether it is in the vocabulary."""
        if self.size == 0:
            return np.zeros(hashes.shape[0], dtype=np.int64), np.zeros(hashes.shape[0], dtype=np.bool_)
        pos = self._slots[hashes & _SLOT_MASK].astype(np.int64)
        found = self._slot_hashes[pos] == hashes
        # a slot shared by several vocabulary hashes: binary-search those few
        retry = np.flatnonzero(pos == self._crowded)
        if retry.shape[0]:
            again = np.minimum(np.searchsorted(self.hashes, hashes[retry]), self.size - 1)
            hit = self.hashes[again] == hashes[retry]
            pos[retry[hit]] = again[hit]
            found[retry] = hit
        if not hashes.all():  # the hash 0 matched a slot with no column of its own
            found &= pos < self.size
        return np.minimum(pos, self.size - 1), found

    def row(self, grams: NGrams | U64) -> tuple[I64, F32]:
        """Return (columns, values) of one document's tf-idf row, from its n-grams or just their hashes."""
        hashes = grams.hashes if isinstance(grams, NGrams) else grams
        if hashes.shape[0] == 0 or self.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        # np.unique(hashes, return_counts=True), without its wrapper's cost (this runs once per comment)
        ordered = np.sort(hashes)
        first = np.empty(ordered.shape[0], dtype=np.bool_)
        first[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        uniq = ordered[first]
        starts = np.flatnonzero(first)
        counts = np.empty(starts.shape[0], dtype=np.int64)
        np.subtract(starts[1:], starts[:-1], out=counts[:-1])
        counts[-1] = ordered.shape[0] - starts[-1]
        cols, found = self.lookup(uniq)
        cols, counts = cols[found], counts[found]
        if cols.shape[0] == 0:
            return cols, np.zeros(0, dtype=np.float32)
        values = ((1.0 + np.log(counts)) * self.idf[cols]).astype(np.float32)
        words = self.block[cols].astype(np.bool_)
        for mask in (~words, words):
            norm = float(np.sqrt(np.dot(values[mask], values[mask])))
            if norm > 0:
                values[mask] /= norm
        order = np.argsort(cols)
        return cols[order], values[order]

    def transform(self, feature_texts: Sequence[str]) -> sp.csr_matrix:
        """Return the tf-idf matrix (documents x columns) of many feature texts, vectorised in chunks."""
        blocks: list[sp.csr_matrix] = []
        start = 0
        while start < len(feature_texts) or not blocks:
            size = 0
            stop = start
            while stop < len(feature_texts) and (stop == start or size + len(feature_texts[stop]) < BATCH_CHARS):
                size += min(len(feature_texts[stop]), MAX_CHARS) + 2
                stop += 1
            blocks.append(self._transform_chunk(feature_texts[start:stop]))
            start = stop
            if start >= len(feature_texts):
                break
        return sp.vstack(blocks, format="csr") if len(blocks) > 1 else blocks[0]

    def _transform_chunk(self, feature_texts: Sequence[str]) -> sp.csr_matrix:
        n_docs = len(feature_texts)
        doc, hashes, _ = self.ngrams.batch(feature_texts)
        if hashes.shape[0] == 0 or self.size == 0:
            return sp.csr_matrix((n_docs, self.size), dtype=np.float32)
        cols, found = self.lookup(hashes)
        # scipy sums duplicate (document, column) pairs row by row: cheaper than one global sort
        counts = sp.csr_matrix(
            (np.ones(int(found.sum()), dtype=np.float64), (doc[found], cols[found])), shape=(n_docs, self.size)
        )
        counts.sum_duplicates()
        indptr = counts.indptr.astype(np.int64)
        cols = counts.indices.astype(np.int64)
        rows = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(indptr))
        values = (1.0 + np.log(counts.data)) * self.idf[cols].astype(np.float64)
        group = rows * 2 + self.block[cols].astype(np.int64)
        norms = np.sqrt(np.bincount(group, weights=values * values, minlength=2 * n_docs))
        values = values / np.where(norms[group] > 0, norms[group], 1.0)
        return sp.csr_matrix(
            (values.astype(np.float32), cols.astype(np.int64), indptr.astype(np.int64)),
            shape=(n_docs, self.size),
        )
