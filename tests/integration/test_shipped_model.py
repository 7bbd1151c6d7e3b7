"""The committed model (model/CURRENT) catches French and English abuse and spam, and spares civil text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.scoring.base import Submission
from moderation.scoring.model import LinearScorer


@pytest.fixture(scope="module")
def scorer(shipped_scorer: LinearScorer) -> LinearScorer:
    """The shipped model."""
    return shipped_scorer


ABUSE = [
    "T'es qu'un connard.",
    "Ferme ta gueule, espèce de salope.",
    "Va te faire enculer, sale con.",
    "You are a fucking idiot.",
    "Shut up, you stupid bitch.",
    "c0nn4rd",
    "T'es qu'un c0nn4rd de merde",
    "f*ck you, moron",
    "s a l o p e",
    "Espèce d'enc*lé",
    "Quel соnnаrd ce type",  # Cyrillic о and а
    "Je vais te retrouver et te buter.",
]
CIVIL = [
    "Macron mène une politique désastreuse.",
    "Je ne suis pas d'accord avec cette réforme, elle pénalise les retraités.",
    "Le gouvernement a tort sur le budget de la défense, à mon avis.",
    "La guerre en Ukraine doit cesser, il faut des négociations sérieuses.",
    "Très bon produit, livraison rapide, je recommande.",
    "Restaurant agréable, service un peu lent mais plats excellents.",
    "Hôtel bien situé, chambre propre, personnel accueillant.",
    "Merci pour cet article très complet.",
]
FRENCH_SPAM = [
    "Casino en ligne : 500€ de bonus sans dépôt sur https://casino-bonus-fr.com 🎰",
    "Super article ! Visitez mon site http://www.gagner-argent-facile.net pour gagner 3000€ par mois",
    "Investissez dans le Bitcoin, rendement garanti de 30% par mois, contactez @crypto_pro sur Telegram",
]


@pytest.mark.parametrize("text", ABUSE)
def test_french_and_english_abuse_scores_high_even_obfuscated(scorer: LinearScorer, text: str) -> None:
    assert scorer.score(Submission(text=text), explain=False).scores["toxicity"] >= 0.7, text


@pytest.mark.parametrize("text", CIVIL)
def test_civil_criticism_and_french_reviews_score_low(scorer: LinearScorer, text: str) -> None:
    scores = scorer.score(Submission(text=text), explain=False).scores
    assert scores["toxicity"] < 0.3, (text, scores)
    assert scores["spam"] < 0.5, (text, scores)


@pytest.mark.parametrize("text", FRENCH_SPAM)
def test_french_spam_scores_high(scorer: LinearScorer, text: str) -> None:
    scores = scorer.score(Submission(text=text, author="Gagner Argent Facile"), explain=False).scores
    assert scores["spam"] >= 0.7, (text, scores)
    assert scores["toxicity"] < 0.5, (text, scores)


def test_spans_point_at_the_original_text(scorer: LinearScorer) -> None:
    text = "Bonjour. Franchement, t'es qu'un C0NN4RD de première !"
    result = scorer.score(Submission(text=text))
    spans = result.spans["toxicity"]
    assert spans
    for span in spans:
        assert text[span.start : span.end] == span.text
    assert any("C0NN4RD" in span.text for span in spans)


def test_language_is_detected(scorer: LinearScorer) -> None:
    assert scorer.score(Submission(text="Je pense que le ministre a raison."), explain=False).language == "fr"
    assert scorer.score(Submission(text="I think the minister is right."), explain=False).language == "en"


def test_score_many_matches_score(scorer: LinearScorer) -> None:
    subs = [Submission(text=t) for t in ABUSE[:3] + CIVIL[:3]]
    many = scorer.score_many(subs)
    for sub, batch in zip(subs, many, strict=True):
        single = scorer.score(sub, explain=False)
        assert single.scores == pytest.approx(batch.scores, abs=1e-5)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_scores_and_spans_stay_inside_the_original(scorer: LinearScorer, text: str) -> None:
    result = scorer.score(Submission(text=text + " connard"))
    assert all(0.0 <= p <= 1.0 for p in result.scores.values())
    for spans in result.spans.values():
        for span in spans:
            assert 0 <= span.start < span.end <= len(text) + len(" connard")
            assert (text + " connard")[span.start : span.end] == span.text


def test_very_long_comment_is_scored_quickly(scorer: LinearScorer) -> None:
    text = "Je ne suis pas d'accord avec cet article. " * 50_000
    result = scorer.score(Submission(text=text), explain=True)
    assert result.scores["toxicity"] < 0.5
