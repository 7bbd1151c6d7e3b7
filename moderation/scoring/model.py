"""The trained scorer: shared n-gram features, one stacked linear layer for every head, Platt calibration."""

from __future__ import annotations

import copy
import functools
import itertools
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from moderation.scoring.base import AuthorField, FieldInfluence, Scores, Span, Submission, Thresholds
from moderation.scoring.characters import fold_accents
from moderation.scoring.features import Vocabulary
from moderation.scoring.language import detect_language
from moderation.scoring.lexicon import (
    GROUP_FEATURES,
    LEXICON_FEATURES,
    group_derogation_value,
    is_lexicon_word,
    lexicon_values,
)
from moderation.scoring.links import find_links
from moderation.scoring.metadata import METADATA_FEATURES, metadata_values
from moderation.scoring.ngrams import MAX_CHARS
from moderation.scoring.normalize import Normalized, normalize, normalize_text
from moderation.scoring.phrases import PhraseTable
from moderation.scoring.spam_signals import (
    LINK_SHARE_FEATURES,
    OFFER_FEATURES,
    PRIVATE_SALE_FEATURES,
    SELF_PROMOTION_FEATURES,
    SITE_OFFER_FEATURES,
    SPAM_SIGNAL_FEATURES,
    link_share_value,
    offer_pointer_value,
    private_sale_value,
    self_promotion_value,
    site_offer_value,
    spam_signal_values,
)
from moderation.scoring.wordlists import folded_words

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

#: Longest stretch of a comment that is read (the features use the first MAX_CHARS normalised characters).
MAX_INPUT_CHARS = 20_000

#: How many spans an explanation returns per head at most.
MAX_SPANS = 5
#: How many words with a positive weight are checked on their own per head (see `LinearScorer._alone_scores`).
MAX_CANDIDATES = 24
#: A word explains an abuse head when, on its own, it scores at least this on that head or on toxicity.
WORD_ALONE_MIN = 0.5
#: Heads explained by weight alone (their words are not abuse to score on their own).
SPAM_HEAD_NAMES = frozenset({"spam"})

#: Dense columns appended to the n-gram row, in blocks in the order they were added: spam metadata and insult/profanity
#: lexicon hits, the comment-spam signals (since 2026.12.05-2), a group named and given a vile nature (2026.12.06-18),
#: the comment's share of links (2026.12.07-5), an offer pointing to a code, a profile or a private message
#: (2026.12.07-10), self-promotion (2026.12.07-12), a seller offering the site a service and a reader-to-reader sale
#: (2026.12.07-16). Each block comes after the others, so a version trained before one reads the leading columns only.
DENSE_BLOCKS: tuple[tuple[str, ...], ...] = (
    METADATA_FEATURES + LEXICON_FEATURES, SPAM_SIGNAL_FEATURES, GROUP_FEATURES, LINK_SHARE_FEATURES, OFFER_FEATURES,
    SELF_PROMOTION_FEATURES, SITE_OFFER_FEATURES + PRIVATE_SALE_FEATURES,
)  # fmt: skip
DENSE_FEATURES: tuple[str, ...] = tuple(itertools.chain.from_iterable(DENSE_BLOCKS))
#: How many dense columns each generation of versions has weights for, oldest first (the last: every column).
DENSE_GENERATIONS: tuple[int, ...] = tuple(itertools.accumulate(len(block) for block in DENSE_BLOCKS))


def dense_features(
    submission: Submission, feature_text: str, language: str, phrases: PhraseTable | None = None
) -> npt.NDArray[np.float32]:
    """Return the dense columns of one submission (metadata signals, lexicon hits, comment-spam signals)."""
    return np.asarray(dense_values(submission, feature_text, language, phrases), dtype=np.float32)


def dense_values(
    submission: Submission, feature_text: str, language: str, phrases: PhraseTable | None = None
) -> tuple[float, ...]:
    """`dense_features` as Python floats: one conversion to float32 for the three blocks, not one each."""
    links = find_links(submission.text[:MAX_INPUT_CHARS])  # one scan, read by both blocks
    return (
        metadata_values(submission, language, links)
        + lexicon_values(feature_text)
        + spam_signal_values(submission, phrases, links)
        + (
            group_derogation_value(feature_text),
            link_share_value(submission, links),
            offer_pointer_value(submission),
            self_promotion_value(submission),
            site_offer_value(submission),
            private_sale_value(submission),
        )
    )


class LinearScorer:
    """A model version: vocabulary, a (features x heads) weight matrix, biases and Platt parameters.

    Safe to share between threads: scoring only reads the arrays.
    """

    #: The spam phrase table (wp_comment_blocklist) the spam signals count hits of; None in versions before it.
    phrases: PhraseTable | None = None

    def __init__(
        self,
        *,
        version: str,
        heads: Sequence[str],
        vocabulary: Vocabulary,
        text_weights: F32,
        meta_weights: F32,
        bias: F32,
        platt_a: F64,
        platt_b: F64,
        thresholds: dict[str, Thresholds],
        phrases: PhraseTable | None = None,
    ) -> None:
        self._version = version
        self.phrases = phrases
        self.heads: tuple[str, ...] = tuple(heads)
        self.vocabulary = vocabulary
        self.text_weights = np.ascontiguousarray(text_weights, dtype=np.float32)
        self.meta_weights = np.ascontiguousarray(meta_weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.platt_a = np.asarray(platt_a, dtype=np.float64)
        self.platt_b = np.asarray(platt_b, dtype=np.float64)
        self._thresholds = dict(thresholds)
        if self.text_weights.shape != (vocabulary.size, len(self.heads)):
            raise ValueError("text weights do not match the vocabulary and heads")
        # versions trained before the comment-spam signals have weights for the leading columns only
        if self.meta_weights.shape not in ((n, len(self.heads)) for n in DENSE_GENERATIONS):
            raise ValueError("dense weights do not match the dense features")

    @property
    def version(self) -> str:
        """Name of the model version (its folder under `model/`)."""
        return self._version

    def with_version(self, version: str) -> LinearScorer:
        """A copy of this scorer under another name (the folder name wins over the name pickled inside)."""
        renamed = copy.copy(self)
        renamed._version = version
        return renamed

    @property
    def thresholds(self) -> dict[str, Thresholds]:
        """Cut-offs per head, as chosen on validation."""
        return dict(self._thresholds)

    def set_thresholds(self, thresholds: dict[str, Thresholds]) -> None:
        """Replace the thresholds (used by training once they are chosen)."""
        self._thresholds = dict(thresholds)

    # ------------------------------------------------------------------------------------- scoring

    def decision_values(self, submissions: Sequence[Submission]) -> tuple[npt.NDArray[np.float64], list[str]]:
        """Return uncalibrated linear scores (submissions x heads) and the detected languages."""
        n = len(submissions)
        dense = np.empty((n, len(DENSE_FEATURES)), dtype=np.float32)
        languages: list[str] = []
        folded_texts: list[str] = []
        for i, submission in enumerate(submissions):
            norm = normalize_text(submission.text[:MAX_INPUT_CHARS])
            language = detect_language(norm)
            languages.append(language)
            folded = self.vocabulary.unmask(fold_accents(norm))
            folded_texts.append(folded)
            dense[i] = dense_values(submission, folded, language, self.phrases)
        if n == 1:
            cols, values = self.vocabulary.row(self.vocabulary.ngrams.hashes(folded_texts[0]))
            # `take` copies whole rows; fancy indexing of a 2-D array goes through numpy's general gather (4x the CPU)
            text_z = (values @ self.text_weights.take(cols, axis=0))[np.newaxis, :]
        else:  # one vectorised hashing pass and one sparse product for the whole batch
            text_z = np.asarray(self.vocabulary.transform(folded_texts) @ self.text_weights)
        # versions trained before the comment-spam signals have weights for the leading columns only
        used = dense[:, : self.meta_weights.shape[0]]
        z: npt.NDArray[np.float64] = text_z.astype(np.float64) + (used @ self.meta_weights + self.bias)
        return z, languages

    def calibrate(self, z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Map linear scores to calibrated probabilities with the stored Platt parameters."""
        return platt(z, self.platt_a, self.platt_b)

    def score(self, submission: Submission, *, explain: bool = True) -> Scores:
        """Score one submission; with `explain`, give spans for heads at or above their approve cut."""
        z, languages = self.decision_values([submission])
        probs = self.calibrate(z)[0].tolist()  # Python floats, as float() of each gives
        scores = dict(zip(self.heads, probs, strict=True))
        spans: dict[str, list[Span]] = {}
        if explain:
            leaning = [h for h in self.heads if scores[h] >= min(0.5, self._thresholds.get(h, _NEVER).approve)]
            if leaning:
                spans = self.explain(submission, leaning)
        return Scores(scores=scores, language=languages[0], model_version=self._version, spans=spans)

    def score_many(self, submissions: Sequence[Submission]) -> list[Scores]:
        """Score many submissions (no spans), in input order."""
        if not submissions:
            return []
        z, languages = self.decision_values(submissions)
        probs = self.calibrate(z)
        return [
            Scores(
                scores={head: float(p) for head, p in zip(self.heads, row, strict=True)},
                language=language,
                model_version=self._version,
            )
            for row, language in zip(probs, languages, strict=True)
        ]

    # -------------------------------------------------------------------------------- explanations

    def explain(self, submission: Submission, heads: Sequence[str]) -> dict[str, list[Span]]:
        """Return, per head, the words of the original text whose n-grams pushed the score up."""
        tracked = normalize(submission.text[:MAX_INPUT_CHARS])
        text = self.vocabulary.unmask(fold_accents(tracked.text))
        n = min(len(text), MAX_CHARS)
        grams = self.vocabulary.ngrams.ngrams(text)
        cols, found = self.vocabulary.lookup(grams.hashes)
        row_cols, row_values = self.vocabulary.row(grams)  # sorted, one entry per column
        starts = np.clip(grams.starts[found], 0, max(n - 1, 0))
        ends = np.clip(grams.ends[found], 1, max(n, 1))
        occurrence_cols = cols[found]
        # each occurrence of an n-gram carries an equal share of its column's tf-idf value
        uniq, inverse, counts = np.unique(occurrence_cols, return_inverse=True, return_counts=True)
        column_value = np.zeros(uniq.shape[0], dtype=np.float64)
        if row_cols.shape[0]:
            at = np.minimum(np.searchsorted(row_cols, uniq), row_cols.shape[0] - 1)
            present = row_cols[at] == uniq
            column_value[present] = row_values[at[present]]
        per_occurrence = (column_value / counts)[inverse]
        words = _content_words(text[:n])
        word_starts = np.asarray([a for a, _ in words], dtype=np.int64)
        word_ends = np.asarray([b for _, b in words], dtype=np.int64)
        lexicon_hits = np.asarray([is_lexicon_word(text[a:b]) for a, b in words], dtype=bool)
        lexicon = np.asarray(lexicon_values(text), dtype=np.float64) if lexicon_hits.any() else None
        lexicon_words = {word for word, hit in zip(words, lexicon_hits, strict=True) if hit}
        candidates: dict[str, list[tuple[float, int, int]]] = {}
        for head in heads:
            h = self.heads.index(head)
            contrib = per_occurrence * self.text_weights[occurrence_cols, h]
            density = np.zeros(n + 1, dtype=np.float64)
            lengths = np.maximum(ends - starts, 1)
            np.add.at(density, starts, contrib / lengths)
            np.add.at(density, ends, -contrib / lengths)
            per_char = np.cumsum(density)[:n]
            cumulative = np.concatenate(([0.0], np.cumsum(per_char)))
            # the best words by weight (ties: later words first), in numpy: one Python step per kept span
            weights = cumulative[word_ends] - cumulative[word_starts]
            if lexicon is not None:
                weights = weights + self._lexicon_share(lexicon, lexicon_hits, h)
            positive = np.flatnonzero(weights > 0)
            order = positive[np.lexsort((word_ends[positive], word_starts[positive], weights[positive]))[::-1]]
            candidates[head] = [
                (float(weights[i]), int(word_starts[i]), int(word_ends[i])) for i in order[:MAX_CANDIDATES]
            ]
        alone = self._alone_scores(submission, tracked, candidates, heads)
        result: dict[str, list[Span]] = {}
        for head in heads:
            h = self.heads.index(head)
            kept = []
            for weight, a, b in candidates[head]:
                start, end = tracked.original_span(a, b)
                word = _span_text(submission.text, start, end)
                # a word of the abuse lexicon is never neutral: « ntm » alone scores 0.49 on toxicity
                if head in alone and (a, b) not in lexicon_words and _neutral_alone(alone[head], word, head):
                    continue
                kept.append((weight, start, end, word))
            spans: list[Span] = []
            # A spam word is kept within a quarter of the strongest; an abusive word on its own merit: "putain"
            # beside "fdp" weighs little in context (its lexicon hit carries it), yet a moderator marks both.
            floor = 0.25 * kept[0][0] if kept and head not in alone else 0.0
            for weight, start, end, word in kept[:MAX_SPANS]:
                if weight < floor:
                    break
                spans.append(Span(start, end, word, round(weight, 4)))
            if self.meta_weights[: len(METADATA_FEATURES), h].any():
                spans.extend(self._link_spans(submission, h))
            result[head] = sorted(spans, key=lambda s: s.start)
        return result

    def _lexicon_share(self, lexicon: F64, hits: npt.NDArray[np.bool_], head: int) -> F64:
        """What the lexicon's columns add to a head's logit, shared equally by the lexicon words the comment holds
        (a rare abbreviation such as « ntm » weighs little as n-grams: its lexicon hit carries it); threat phrases
        are phrases, not words, and keep their share."""
        first = len(METADATA_FEATURES)
        block = lexicon * self.meta_weights[first : first + len(LEXICON_FEATURES), head]
        block[LEXICON_FEATURES.index("lex_threat")] = 0.0
        total = float(block.sum())
        return np.where(hits, total / int(hits.sum()), 0.0) if total > 0 else np.zeros(hits.shape[0])

    def _alone_scores(
        self,
        submission: Submission,
        tracked: Normalized,
        candidates: dict[str, list[tuple[float, int, int]]],
        heads: Sequence[str],
    ) -> dict[str, dict[str, dict[str, float]]]:
        """Score each abuse head's candidate words on their own (one batch): head -> word -> scores.

        A word whose n-grams carry weight in context ("ministre", "journaliste", the fragment "quelqu" of
        "quelqu'un") can still be a word no moderator would mark: the model learnt it from templated abuse of
        public figures. A word that really moved the score scores high on its own ("fdp", the masked "P*tain").
        """
        words: dict[str, None] = {}
        for head in heads:
            if head in SPAM_HEAD_NAMES:
                continue  # spam words and links are explained by weight and metadata, not as abuse
            for _weight, a, b in candidates[head]:
                start, end = tracked.original_span(a, b)
                words[_span_text(submission.text, start, end)] = None
        if not words:
            return {}
        scored = self.score_many([Submission(text=word, lang=submission.lang) for word in words])
        by_word = {word: s.scores for word, s in zip(words, scored, strict=True)}
        return {head: by_word for head in heads if head not in SPAM_HEAD_NAMES}

    def field_influence(self, submission: Submission, heads: Sequence[str]) -> list[FieldInfluence]:
        """Return the author fields (e-mail, website, name) that raised each head's probability, largest first.

        A field's influence is counterfactual: the head's probability as scored, and as it would be with that
        field left empty (its dense columns at zero), everything else equal. Fields that move a head by less
        than MIN_FIELD_INFLUENCE are left out.
        """
        wanted = [h for h in heads if h in self.heads]
        if not wanted:
            return []
        z, languages = self.decision_values([submission])
        norm_text = self.vocabulary.unmask(fold_accents(normalize_text(submission.text[:MAX_INPUT_CHARS])))
        dense = dense_features(submission, norm_text, languages[0], self.phrases).astype(np.float64)
        out: list[FieldInfluence] = []
        probability = self.calibrate(z[0])
        for head in wanted:
            h = self.heads.index(head)
            score = float(probability[h])
            shares: dict[AuthorField, float] = {}
            for name, columns in AUTHOR_FIELD_FEATURES.items():
                idx = [i for i in map(DENSE_FEATURES.index, columns) if i < self.meta_weights.shape[0]]
                shares[name] = float(dense[idx] @ self.meta_weights[idx, h].astype(np.float64))
            # Near certainty one field alone moves the probability little though the fields together decide it:
            # then each field carrying a quarter of their joint push is named too.
            joint = sum(v for v in shares.values() if v > 0)
            joint_decides = score - self._without(z[0], h, joint) >= MIN_FIELD_INFLUENCE
            for name, share in shares.items():
                if share <= 0:
                    continue
                without = self._without(z[0], h, share)
                if score - without >= MIN_FIELD_INFLUENCE or (joint_decides and share >= 0.25 * joint):
                    out.append(FieldInfluence(field=name, head=head, score=round(score, 4), without=round(without, 4)))
        return sorted(out, key=lambda f: f.without - f.score)

    def _without(self, z: npt.NDArray[np.float64], head: int, share: float) -> float:
        """Return a head's probability with `share` taken off its linear score."""
        moved = z.copy()
        moved[head] -= share
        return float(self.calibrate(moved)[head])

    def _link_spans(self, submission: Submission, head: int) -> list[Span]:
        link_weight = float(self.meta_weights[METADATA_FEATURES.index("has_link"), head])
        if link_weight <= 0:
            return []
        # the same stretch the scores read: links past it did not count, and scanning them is wasted CPU
        links = find_links(submission.text[:MAX_INPUT_CHARS])[:MAX_SPANS]
        return [Span(a, b, _span_text(submission.text, a, b), round(link_weight, 4)) for a, b in links]


def platt(z: F64 | float, a: F64 | float, b: F64 | float) -> F64:
    """Return sigmoid(a z + b), the logit clipped to +-35 so exp never overflows."""
    # np.clip's wrapper costs more than the two ufuncs it stands for on seven values (NaN goes through both alike)
    logits = np.minimum(np.maximum(np.asarray(a, dtype=np.float64) * np.asarray(z, dtype=np.float64) + b, -35.0), 35.0)
    return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)


_NEVER = Thresholds(approve=0.5, reject=1.01)

#: Longest `text` a span carries (its start and end stay exact): a 65 KB link would otherwise be copied into
#: every answer and stored explanation.
MAX_SPAN_TEXT = 200


def _span_text(text: str, start: int, end: int) -> str:
    return text[start : min(end, start + MAX_SPAN_TEXT)]


def _neutral_alone(alone: dict[str, dict[str, float]], word: str, head: str) -> bool:
    """True when a candidate word should be left out: on its own it scores low on `head` and on toxicity."""
    scores = alone.get(word, {})
    return max(scores.get(head, 0.0), scores.get("toxicity", 0.0)) < WORD_ALONE_MIN


#: Dense columns that read each author field: a field's share of a score is what these columns add.
AUTHOR_FIELD_FEATURES: dict[AuthorField, tuple[str, ...]] = {
    "email": ("email_field", "email_free", "email_custom_domain", "email_digits", "email_domain_matches_url"),
    "website": (
        "link_matches_website",
        "url_field",
        "url_field_deep",
        "url_field_commercial",
        "url_field_suspicious_tld",
        "email_domain_matches_url",
        "blocklist_fields",
    ),
    "name": ("author_like_url", "author_commercial", "author_many_words", "author_digits", "link_in_name"),
}

#: A field is named when leaving it empty would lower the head's probability by at least this much.
MIN_FIELD_INFLUENCE = 0.1


@functools.cache
def _stop_words() -> frozenset[str]:
    return folded_words("stopwords-fr") | folded_words("stopwords-en")


def _content_words(text: str) -> list[tuple[int, int]]:
    """Return the spans of the words of feature text that can explain a score: no stop word, no single letter.

    A word followed by an apostrophe is checked with what follows too, so "don" of "don't" is left out.
    """
    stop = _stop_words()
    out = []
    for a, b in _word_spans(text):
        word = text[a:b]
        if b - a < 2 or word in stop:
            continue
        if b < len(text) and text[b] in "'’":
            tail = b + 1
            while tail < len(text) and text[tail].isalpha():
                tail += 1
            if f"{word}'{text[b + 1 : tail]}" in stop:
                continue
        out.append((a, b))
    return out


# A word: letters and digits (`str.isalnum`, which is `\w` without `_`) and the leetspeak signs kept in words.
_WORD = re.compile(r"(?:[^\W_]|[*$@€])+")


def _word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]
