"""One shared, fast text featurisation: hashed char 3-5-grams and word 1-2-grams on normalised text.

Every n-gram gets a 64-bit polynomial hash computed with numpy (no Python loop per n-gram); a fitted,
sorted vocabulary of hashes maps them to columns (`np.searchsorted`), then sublinear tf x idf with an l2
norm per block (chars, words). All heads share this one sparse row.
"""

from __future__ import annotations

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


def _powers() -> tuple[U64, U64]:
    pinv = np.uint64(pow(int(_P), -1, 2**64))
    size = MAX_CHARS + 8
    pw = np.empty(size, dtype=np.uint64)
    ipw = np.empty(size, dtype=np.uint64)
    pw[0] = ipw[0] = 1
    with np.errstate(over="ignore"):
        for i in range(1, size):
            pw[i] = pw[i - 1] * _P
            ipw[i] = ipw[i - 1] * pinv
    return pw, ipw


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
        pos = np.searchsorted(self.hashes, hashes)
        pos = np.minimum(pos, self.hashes.shape[0] - 1)
        found = self.hashes[pos] == hashes
        return pos.astype(np.int64), found

    def row(self, grams: NGrams) -> tuple[I64, F32]:
        """Return (columns, values) of one document's tf-idf row."""
        if grams.hashes.shape[0] == 0 or self.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        cols, found = self.lookup(grams.hashes)
        cols = cols[found]
        if cols.shape[0] == 0:
            return cols, np.zeros(0, dtype=np.float32)
        uniq, counts = np.unique(cols, return_counts=True)
        values = ((1.0 + np.log(counts)) * self.idf[uniq]).astype(np.float32)
        blk = self.block[uniq]
        for b in (0, 1):
            mask = blk == b
            norm = float(np.sqrt(np.dot(values[mask], values[mask])))
            if norm > 0:
                values[mask] /= norm
        return uniq, values

    def transform(self, feature_texts: Sequence[str]) -> sp.csr_matrix:
        """Return the tf-idf matrix (documents x columns) of many feature texts."""
        indptr = [0]
        indices: list[I64] = []
        data: list[F32] = []
        for text in feature_texts:
            cols, values = self.row(self.ngrams.ngrams(text))
            indices.append(cols)
            data.append(values)
            indptr.append(indptr[-1] + cols.shape[0])
        return sp.csr_matrix(
            (
                np.concatenate(data) if data else np.zeros(0, dtype=np.float32),
                np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(feature_texts), self.size),
            dtype=np.float32,
        )
