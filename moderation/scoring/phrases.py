"""Substring hits of a spam phrase list (wp_comment_blocklist) in a submission, in linear time, stored as hashes.

The list (62,204 phrases and URL fragments from real WordPress comment spam, MIT) is a weighted feature of the
spam head, never a block rule: its entries also hit a few percent of genuine comments. WordPress matches each
entry as a case-insensitive substring of the name, e-mail, website and text; so does this table, without
keeping the phrases themselves (only 64-bit polynomial hashes, as the n-gram vocabulary does):

- an entry of 5 to 7 characters is looked up by the hash of every window of its length;
- a longer entry by the hash of its first 8 characters, then confirmed by the hash of its whole length at that
  position (O(1) from the prefix sums). At most MAX_PER_PREFIX entries share one 8-character prefix, so a
  text costs at most 4 hash passes plus MAX_PER_PREFIX checks per window: linear in its length.

Entries shorter than 5 characters (punctuation constructs such as ":))", two-letter strings) are left out:
they hit ordinary text far too often to say anything.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_P = np.uint64(0x100000001B3)
_TAG = np.uint64(0x6A09E667F3BCC909)
#: Shortest entry kept; window lengths below KEY_CHARS are exact entries, KEY_CHARS is a long entry's prefix.
MIN_CHARS = 5
KEY_CHARS = 8
#: Longest entry kept (longer ones are sentences that never recur verbatim).
MAX_CHARS = 64
#: Most entries kept per 8-character prefix (the rest are dropped when the table is built).
MAX_PER_PREFIX = 16
#: Longest stretch of a submission's fields read.
MAX_TEXT = 20_000


def canonical(text: str) -> str:
    """Return the form entries and submissions are compared in: NFKC, case-folded, whitespace runs as one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # every character `str.split` splits at but the space is unprintable: a printable text with no run of spaces
    # and none at its ends is its own `" ".join(split())`, without a string object per word
    if folded.isprintable() and "  " not in folded and folded[:1] != " " and folded[-1:] != " ":
        return folded
    return " ".join(folded.split())


def _codes(text: str) -> U64:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


class _Hasher:
    """Polynomial hashes of every window of a string, from prefix sums (as `ngrams.HashedNGrams`)."""

    def __init__(self, size: int) -> None:
        pinv = np.uint64(pow(int(_P), -1, 2**64))
        self.pw = np.ones(size + 1, dtype=np.uint64)
        self.ipw = np.ones(size + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            self.pw[1:] = np.cumprod(np.full(size, _P, dtype=np.uint64))
            self.ipw[1:] = np.cumprod(np.full(size, pinv, dtype=np.uint64))

    # Integer arrays wrap modulo 2**64 without a warning: no `errstate` (a few microseconds each) on this path.
    def prefix(self, codes: U64) -> U64:
        out = np.empty(codes.shape[0] + 1, dtype=np.uint64)
        out[0] = 0
        np.cumsum(np.multiply(codes, self.ipw[: codes.shape[0]]), out=out[1:])
        return out

    def window(self, prefix: U64, starts: I64, length: int | I64) -> U64:
        ends = starts + length
        return np.asarray(self.pw[ends - 1] * (prefix[ends] - prefix[starts]), dtype=np.uint64)


def _key(hashes: U64, length: int) -> U64:
    with np.errstate(over="ignore"):
        return np.asarray(hashes ^ (_TAG + np.uint64(length)), dtype=np.uint64)


_SLOT_BITS = 20
_SLOT_MASK = np.uint64((1 << _SLOT_BITS) - 1)


class PhraseTable:
    """A fitted set of spam phrases (as hashes); counts which of them occur in a text."""

    def __init__(self, keys: U64, full: U64, lengths: npt.NDArray[np.int16]) -> None:
        order = np.lexsort((full, keys))
        keys, self.full, self.lengths = keys[order], full[order], lengths[order].astype(np.int16)
        #: one row per distinct key; its entries are full[start : start + count]
        self.keys, self.starts, self.counts = np.unique(keys, return_index=True, return_counts=True)
        self._build()

    def __getstate__(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in ("keys", "starts", "counts", "full", "lengths")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._build()

    def _build(self) -> None:
        """Build the hasher and a direct-address table on the keys' low bits (one memory access per window).

        The table holds, per slot, its key's row, or one of two rows past the end with no entries: `_EMPTY` (no
        key has those low bits) and `_CROWDED` (several have: binary-searched). A window that lands on either
        compares with a key of 0 and, should it be 0, finds a row of no entries: no test for them per window.
        """
        self._hasher = _Hasher(2 * MAX_TEXT + MAX_CHARS + 8)  # a text and the author fields
        slot = (self.keys & _SLOT_MASK).astype(np.int64)
        first_slots, first_index, per_slot = np.unique(slot, return_index=True, return_counts=True)
        rows = self.keys.shape[0]
        self._empty_row, self._crowded_row = rows, rows + 1
        self._rows = np.full(1 << _SLOT_BITS, self._empty_row, dtype=np.int32)
        self._rows[first_slots] = np.where(per_slot > 1, self._crowded_row, first_index).astype(np.int32)
        none = np.zeros(2, dtype=np.int64)
        self._row_keys = np.concatenate((self.keys, none.astype(np.uint64)))
        self._row_starts = np.concatenate((self.starts.astype(np.int64), none))
        self._row_counts = np.concatenate((self.counts.astype(np.int64), none))

    @property
    def size(self) -> int:
        """Number of entries kept."""
        return int(self.full.shape[0])

    @classmethod
    def fit(cls, entries: Iterable[str]) -> PhraseTable:
        """Build the table from phrases (duplicates, and entries outside MIN_CHARS..MAX_CHARS, dropped)."""
        hasher = _Hasher(MAX_CHARS + 8)
        zero = np.zeros(1, dtype=np.int64)
        keys: list[int] = []
        full: list[int] = []
        lengths: list[int] = []
        per_prefix: dict[int, int] = {}
        for entry in sorted({canonical(e) for e in entries}):
            n = len(entry)
            if not MIN_CHARS <= n <= MAX_CHARS or not any(c.isalnum() for c in entry):
                continue
            prefix = hasher.prefix(_codes(entry))
            size = min(n, KEY_CHARS)
            key = int(_key(hasher.window(prefix, zero, size), size)[0])
            per_prefix[key] = per_prefix.get(key, 0) + 1
            if per_prefix[key] > MAX_PER_PREFIX:
                continue
            keys.append(key)
            full.append(int(hasher.window(prefix, zero, n)[0]))
            lengths.append(n)
        return cls(
            np.asarray(keys, dtype=np.uint64), np.asarray(full, dtype=np.uint64), np.asarray(lengths, dtype=np.int16)
        )

    def hits(self, text: str) -> int:
        """Return how many distinct entries occur in `text` (as case-insensitive substrings)."""
        return self.hits_per_part([text])[0]

    def hits_per_part(self, parts: Sequence[str]) -> list[int]:
        """Return, for each text of `parts`, how many distinct entries occur in it (one hashing pass for all)."""
        # NFKC may lengthen a text ("\ufdfa" is 18 characters): cut again after it, and the whole to the hasher's size
        canon = [canonical(part[:MAX_TEXT])[:MAX_TEXT] for part in parts]
        text = "\x00".join(canon)[: self._hasher.pw.shape[0] - 1]  # no entry holds NUL: none spans two parts
        n = len(text)
        if n < MIN_CHARS or self.size == 0:
            return [0] * len(parts)
        # the prefix sums as `_Hasher.prefix(_codes(text))`, the codes widened by the product (one numpy call fewer)
        prefix = np.empty(n + 1, dtype=np.uint64)
        prefix[0] = 0
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        np.cumsum(np.multiply(codes, self._hasher.ipw[:n], dtype=np.uint64), out=prefix[1:])
        pw = self._hasher.pw
        sizes = range(MIN_CHARS, min(KEY_CHARS, n) + 1)
        # window i of size s starts at i minus the windows of the smaller sizes (Python ints: a handful of sizes)
        firsts = [sum(n - smaller + 1 for smaller in range(MIN_CHARS, size)) for size in sizes]
        keys = np.empty(firsts[-1] + n - sizes[-1] + 1, dtype=np.uint64)
        for size, offset in zip(sizes, firsts, strict=True):
            count = n - size + 1
            window = keys[offset : offset + count]  # every window of this size at once, from slices
            np.subtract(prefix[size : n + 1], prefix[: n - size + 1], out=window)
            np.multiply(window, pw[size - 1 : n], out=window)
            np.bitwise_xor(window, _TAG + np.uint64(size), out=window)
        # `take` with intp indices: indexing with other integer types (the keys' uint64 low bits, the int32 rows)
        # goes through numpy's general, casting gather at several times the cost
        slots = np.bitwise_and(keys, _SLOT_MASK).view(np.int64)  # below 2**20: the same values as int64
        row = self._rows.take(slots).astype(np.int64)
        found = self._row_keys.take(row) == keys
        retry = np.flatnonzero(row == self._crowded_row)
        if retry.shape[0]:  # a slot shared by several keys: binary-search those few
            again = np.minimum(np.searchsorted(self.keys, keys[retry]), self.keys.shape[0] - 1)
            hit = self.keys[again] == keys[retry]
            row[retry[hit]] = again[hit]
            found[retry[hit]] = True
        matched = np.flatnonzero(found)
        if not matched.shape[0]:
            return [0] * len(parts)
        first = np.asarray(firsts, dtype=np.int64)
        starts = matched - first[np.searchsorted(first, matched, side="right") - 1]
        # every entry under the key, confirmed on its whole length at that position
        rows = row.take(matched)
        counts = self._row_counts.take(rows)
        offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        entry = np.repeat(self._row_starts.take(rows), counts) + offsets
        at = np.repeat(starts, counts)
        length = self.lengths.take(entry).astype(np.int64)
        fits = at + length <= n
        entry, at, length = entry[fits], at[fits], length[fits]
        ok = self._hasher.window(prefix, at, length) == self.full.take(entry)
        if not ok.any():  # prefixes met, no whole entry: most texts
            return [0] * len(parts)
        ends = np.cumsum([len(c) + 1 for c in canon])  # each part ends before its separator
        part = np.searchsorted(ends, at[ok], side="right")
        pairs = np.unique(part * self.size + entry[ok])
        return [int(c) for c in np.bincount(pairs // self.size, minlength=len(parts))]
