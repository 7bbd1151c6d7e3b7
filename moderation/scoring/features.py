"""The fitted vocabulary: n-gram hashes (`ngrams.py`) to columns, then one tf-idf row per text.

A fitted, sorted vocabulary of hashes maps them to columns (a direct-address table on their low bits), then
sublinear tf x idf with an l2 norm per block (chars, words). All heads share this one sparse row.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from moderation.scoring.ngrams import (
    BATCH_CHARS,
    I64,
    MAX_CHARS,
    TAG_WORD,
    U64,
    NGrams,
    powers,
    word_hash,
)

# Old pickled models (`model.joblib`, unpickled by training/migrate.py) name the class here.
from moderation.scoring.ngrams import HashedNGrams as HashedNGrams

F32 = npt.NDArray[np.float32]

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


_MASK_POWERS: U64 = powers(_MAX_MASKED_TOKEN)[0]


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
                base[row] = word_hash(token.replace("*", "\0")) ^ TAG_WORD
                stars = [len(token) - 1 - at for at, c in enumerate(token) if c == "*"]
                positions[row] = _MASK_POWERS[stars]
            with np.errstate(over="ignore"):
                hashes = (base[:, np.newaxis] + (positions[:, np.newaxis, :] * fills[np.newaxis, :, :]).sum(axis=2)) ^ (
                    TAG_WORD
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

    def _columns(self, hashes: U64) -> tuple[I64, I64]:
        """Return (positions in `hashes`, columns) of the hashes that are in the vocabulary, in `hashes`' order.

        `lookup` for the scoring path: only the found ones, without the columns of the rest or a mask of them.
        """
        pos = self._slots[hashes & _SLOT_MASK]
        retry = np.flatnonzero(pos == self._crowded)
        if retry.shape[0]:  # a slot shared by several vocabulary hashes: binary-search those few
            pos = pos.astype(np.int64)
            pos[retry] = np.minimum(np.searchsorted(self.hashes, hashes[retry]), self.size - 1)
        found = self._slot_hashes[pos] == hashes
        if not hashes.all():  # the hash 0 matched a slot with no column of its own
            found &= pos < self.size
        at = np.flatnonzero(found)
        return at, pos[at].astype(np.int64)

    def row(self, grams: NGrams | U64) -> tuple[I64, F32]:
        """Return (columns, values) of one document's tf-idf row, from its n-grams or just their hashes.

        The columns come out in increasing order (the vocabulary's hashes are sorted, so are its columns).
        """
        hashes = grams.hashes if isinstance(grams, NGrams) else grams
        if hashes.shape[0] == 0 or self.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        # every n-gram looked up first, then the columns of the found ones sorted and counted: fewer and
        # narrower numbers to sort than every hash. `take` with intp indices: numpy's general gather (any other
        # integer type, or fancy indexing) costs several times more on these few thousand values.
        pos = self._slots.take(np.bitwise_and(hashes, _SLOT_MASK).view(np.int64))
        retry = np.flatnonzero(pos == self._crowded)
        if retry.shape[0]:  # a slot shared by several vocabulary hashes: binary-search those few
            pos[retry] = np.minimum(np.searchsorted(self.hashes, hashes.take(retry)), self.size - 1)
        found = self._slot_hashes.take(pos) == hashes
        if not hashes.all():  # the hash 0 matched a slot with no column of its own
            found &= pos < self.size
        ordered = np.sort(pos[found])
        if ordered.shape[0] == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        # np.unique(ordered, return_counts=True), without its wrapper's cost (this runs once per comment)
        first = np.empty(ordered.shape[0], dtype=np.bool_)
        first[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        counts = np.empty(starts.shape[0], dtype=np.int64)
        np.subtract(starts[1:], starts[:-1], out=counts[:-1])
        counts[-1] = ordered.shape[0] - starts[-1]
        cols = ordered.take(starts).astype(np.int64)
        values = ((1.0 + np.log(counts)) * self.idf.take(cols)).astype(np.float32)
        words = self.block.take(cols).astype(np.bool_)
        # each block's l2 norm, summed in column order as `np.dot(values[mask], values[mask])` sums it
        for part in (np.flatnonzero(~words), np.flatnonzero(words)):
            share = values.take(part)
            norm = float(np.sqrt(np.dot(share, share)))
            if norm > 0:
                values[part] = share / np.float32(norm)
        return cols, values

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
