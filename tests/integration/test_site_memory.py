"""The site memory, as a site lives it: moderators mark a campaign, and its next comments go to spam at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from moderation.scoring.model import LinearScorer
from moderation.storage.keys import Keys
from tests.integration.review_support import HOLD_WORD, add_moderator, auth, review_settings_from

pytestmark = pytest.mark.redis

SITE_KEY = "site-key-for-memory-tests-0123"
SITE = {"X-Site-Key": SITE_KEY}
AKISMET_KEY = "a1b2c3d4e5f6"
PERMALINK = "https://journal.example.fr/2026/12/article/"

#: A diet-pill campaign: one link domain, new wording every time.
DIET = [
    f"Perdez 10 kg en 2 semaines avec cette gélule miracle, {HOLD_WORD} https://minceur-express.fr",
    f"Incroyable, j'ai fondu de 8 kilos grâce à ce complément ({HOLD_WORD}) : minceur-express.fr/offre",
    "Mesdames, la méthode secrète des stars pour maigrir vite : www.minceur-express.fr/promo",
    "Bonjour, super article ! Au fait, regardez https://MINCEUR-EXPRESS.fr/?ref=42",
]
#: A tech-support scam: one phone number, written differently every time.
SUPPORT = [
    f"Support imprimante HP en panne ? Appelez le 01 84 60 12 34, {HOLD_WORD}",
    f"Problème d'antivirus Norton ? Service client joignable au +33 1 84 60 12 34 ({HOLD_WORD})",
    "QuickBooks bloqué ? Nos techniciens répondent 24h/24 au +33 (0)1.84.60.12.34",
]
#: A marabout campaign: no link, no number, a reworded template.
MARABOUT = [
    "Bonjour, je suis le grand marabout Koffi, retour de l'être aimé en sept jours, désenvoûtement, chance aux "
    f"jeux et réussite garantie, consultez moi vite {HOLD_WORD}",
    "Bonsoir, je suis le grand marabout Koffi, retour rapide de l'être aimé en 7 jours, désenvoûtement, chance "
    f"aux jeux, réussite assurée, écrivez moi vite {HOLD_WORD}",
    "Salut à tous, grand marabout Koffi : retour de l'être aimé en sept jours, désenvoûtement, chance aux jeux et "
    "réussite garantie, contactez moi vite",
]
#: A burst: the same offer from three different authors within minutes, each slightly reworded.
BURST = [
    "Gagnez 500 euros par jour depuis chez vous avec notre application de sondages rémunérés, inscription "
    "gratuite aujourd'hui",
    "Gagnez 500 euros par jour depuis chez vous avec notre application de sondages rémunérés, inscription "
    "offerte aujourd'hui",
    "Gagnez 500 euros par jour depuis chez vous avec notre application de sondages rémunérés, inscription "
    "gratuite dès aujourd'hui !",
]


@pytest.fixture
def site_settings(rules_settings: Settings) -> Settings:
    """Rules-only settings that hold `relecture`, with a site key and an Akismet key."""
    base = review_settings_from(rules_settings)
    return Settings(**{**base.model_dump(), "site_keys": SITE_KEY, "api_keys": AKISMET_KEY})


@pytest.fixture
def app(site_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(site_settings)) as client:
        yield client


@pytest.fixture
def ana(app: TestClient) -> dict[str, str]:
    return auth(add_moderator(app, "ana", admin=True))


def post(
    app: TestClient, text: str, *, lang: str = "fr", headers: dict[str, str] | None = None, **fields: str
) -> dict[str, Any]:
    """Submit a comment through the public API as a reader's form does; return the answer."""
    body = {
        "comment": text,
        "author": fields.pop("author", "Lectrice"),
        "email": fields.pop("email", f"{uuid.uuid4().hex[:10]}@example.fr"),
        "comment_post_ID": "42",
        "user_ip": fields.pop("user_ip", f"198.51.100.{uuid.uuid4().int % 250 + 1}"),
        "permalink": PERMALINK,
        **fields,
    }
    response = app.post("/v1/comments", json=body, headers={"Accept-Language": lang, **(headers or {})})
    assert response.status_code == 201, response.text
    return dict(response.json())


def mark_spam(app: TestClient, moderator: dict[str, str], text: str) -> str:
    """Submit a comment the rules hold and have the moderator reject it as spam; return its id."""
    answer = post(app, text)
    assert answer["status"] == "pending", answer
    decided = app.post(
        f"/v1/review/items/{answer['id']}/decision", headers=moderator, json={"decision": "reject", "reason": "spam"}
    )
    assert decided.status_code == 200, decided.text
    return str(answer["id"])


def approve(app: TestClient, moderator: dict[str, str], text: str) -> str:
    """Submit a comment the rules hold and have the moderator approve it; return its id."""
    answer = post(app, text)
    assert answer["status"] == "pending", answer
    decided = app.post(f"/v1/review/items/{answer['id']}/decision", headers=moderator, json={"decision": "approve"})
    assert decided.status_code == 200, decided.text
    return str(answer["id"])


def codes(answer: dict[str, Any]) -> list[str]:
    return [r["code"] for r in answer["reasons"]]


def message(answer: dict[str, Any], code: str) -> str:
    return next(r["message"] for r in answer["reasons"] if r["code"] == code)


def test_a_link_domain_marked_spam_twice_sends_every_later_comment_of_the_campaign_to_spam_naming_it(
    app: TestClient, ana: dict[str, str]
) -> None:
    for text in DIET[:2]:
        mark_spam(app, ana, text)
    for text in DIET[2:]:
        answer = post(app, text)
        assert answer["status"] == "spam", answer
        assert "known_spam_link" in codes(answer)
        assert message(answer, "known_spam_link") == "Lien déjà signalé comme spam : minceur-express.fr."
    english = post(app, "Lose weight fast, see minceur-express.fr/en", lang="en")
    assert message(english, "known_spam_link") == "Link already marked as spam: minceur-express.fr."
    # the website field is a link too
    assert post(app, "Très bon article, merci.", url="https://blog.minceur-express.fr/")["status"] == "spam"


def test_a_spammer_naming_its_own_domain_as_the_permalink_is_still_caught_and_a_site_s_permalink_is_its_own(
    model_app: TestClient,
) -> None:
    """The permalink is the site's article only when a site key vouches for it: a reader's form can say anything."""
    offer = "Gagnez 300€ par jour depuis chez vous, inscription gratuite sur https://argent-facile-maintenant.xyz"
    dodge = post(model_app, offer, permalink="https://argent-facile-maintenant.xyz/blog/")
    assert dodge["status"] != "approved" and "unseen_link" in codes(dodge), dodge
    # the site's backend, with its key, vouches for the article: its host is the site's own, never unseen
    vouched = post(model_app, offer, permalink="https://argent-facile-maintenant.xyz/blog/", headers=SITE)
    assert "unseen_link" not in codes(vouched), vouched


def test_a_campaign_marked_spam_cannot_pass_by_naming_its_domain_as_the_permalink(
    app: TestClient, ana: dict[str, str]
) -> None:
    for text in DIET[:2]:
        mark_spam(app, ana, text)
    answer = post(app, DIET[3], permalink="https://minceur-express.fr/blog/article")
    assert answer["status"] == "spam" and "known_spam_link" in codes(answer), answer


def test_a_phone_number_marked_spam_matches_however_it_is_written(app: TestClient, ana: dict[str, str]) -> None:
    for text in SUPPORT[:2]:
        mark_spam(app, ana, text)
    answer = post(app, SUPPORT[2])
    assert answer["status"] == "spam", answer
    assert message(answer, "known_spam_phone") == "Numéro de téléphone déjà signalé comme spam : +331••••••34."


def test_a_figure_that_spam_quoted_is_no_phone_number_and_readers_quoting_it_are_not_spam(
    app: TestClient, ana: dict[str, str]
) -> None:
    # "2 000 000 000" was read as a North American number: two money offers quoting it marked spam sent a reader's
    # comment on the budget to spam as "known_spam_phone"
    for text in (
        f"Gagnez 2 000 000 000 € comme nos membres, écrivez-nous vite pour recevoir la méthode ({HOLD_WORD}).",
        f"Nos membres se partagent 2 000 000 000 € par an : rejoignez-les, places limitées ({HOLD_WORD}).",
    ):
        mark_spam(app, ana, text)
    answer = post(app, "L'aide à l'Ukraine atteint 2 000 000 000 € cette année selon le ministère des Armées.")
    assert answer["status"] != "spam" and "known_spam_phone" not in codes(answer), answer


def test_a_near_duplicate_of_labelled_spam_goes_to_spam_though_reworded(app: TestClient, ana: dict[str, str]) -> None:
    for text in MARABOUT[:2]:
        mark_spam(app, ana, text)
    answer = post(app, MARABOUT[2])
    assert answer["status"] == "spam", answer
    assert message(answer, "known_spam_text") == "Texte presque identique à un commentaire déjà signalé comme spam."
    unrelated = post(app, "Le gouvernement a annoncé hier une réforme des retraites qui fait débat dans le pays.")
    assert unrelated["status"] == "approved", unrelated


def test_a_source_domain_labelled_ham_is_never_penalised_afterwards(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    approve(app, ana, f"Les chiffres sont dans https://www.ouest-journal.fr/economie ({HOLD_WORD})")
    approve(app, ana, f"Source : ouest-journal.fr/politique ({HOLD_WORD})")
    # spam comments that cite the newspaper to look genuine, marked spam twice
    mark_spam(app, ana, f"Comme le dit ouest-journal.fr/economie, gagnez gros sur casino-royal.bet ({HOLD_WORD})")
    mark_spam(app, ana, f"Selon https://ouest-journal.fr, le meilleur bonus est sur casino-royal.bet ({HOLD_WORD})")
    link = Keys(namespace).memory_link("ouest-journal.fr")
    assert redis_client.hmget(link, ["spam", "ham"]) == ["2", "2"]

    answer = post(app, "Article repris ici : https://ouest-journal.fr/economie/retraites, bonne lecture.")
    assert answer["status"] == "approved", answer
    assert not {"known_spam_link", "unseen_link"} & set(codes(answer))
    assert post(app, "Encore un lien vers casino-royal.bet/bonus")["status"] == "spam"


def test_a_revert_takes_back_what_the_decision_taught_the_memory(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    mark_spam(app, ana, f"Les prix de https://boutique-amie.fr sont bas ({HOLD_WORD}), appelez le 06 12 34 56 78")
    comment_id = mark_spam(app, ana, f"Un avis sur boutique-amie.fr ({HOLD_WORD}) ? Le 0612345678 répond")
    assert redis_client.hget(keys.memory_link("boutique-amie.fr"), "spam") == "2"
    assert post(app, "Allez voir boutique-amie.fr/soldes")["status"] == "spam"

    reverted = app.post(f"/v1/review/items/{comment_id}/revert", headers=ana, json={})
    assert reverted.status_code == 200, reverted.text
    assert redis_client.hget(keys.memory_link("boutique-amie.fr"), "spam") == "1"
    assert redis_client.hget(keys.memory_phone("33612345678"), "spam") == "1"
    answer = post(app, "Allez voir boutique-amie.fr/soldes, ou le 06 12 34 56 78 !")
    assert answer["status"] == "approved", answer
    # decided again the other way: the opposite label outweighs the remaining spam label
    decided = app.post(f"/v1/review/items/{comment_id}/decision", headers=ana, json={"decision": "approve"})
    assert decided.status_code == 200
    assert redis_client.hmget(keys.memory_link("boutique-amie.fr"), ["spam", "ham"]) == ["1", "1"]


def test_site_feedback_teaches_the_memory_as_a_moderator_does(app: TestClient) -> None:
    for text in ("Super site de paris : https://pari-gagnant.bet/inscription", "Je gagne sur pari-gagnant.bet"):
        published = post(app, text)
        assert published["status"] == "approved"
        feedback = app.post(
            f"/v1/comments/{published['id']}/feedback",
            json={"label": "spam"},
            headers={"Authorization": f"Bearer {SITE_KEY}"},
        )
        assert feedback.status_code == 201, feedback.text
    answer = post(app, "Les meilleurs bonus sont sur pari-gagnant.bet")
    assert answer["status"] == "spam"
    assert message(answer, "known_spam_link") == "Lien déjà signalé comme spam : pari-gagnant.bet."


def test_a_burst_of_near_duplicates_from_different_authors_is_held_as_a_campaign(
    app: TestClient, ana: dict[str, str]
) -> None:
    first, second = post(app, BURST[0]), post(app, BURST[1])
    assert first["status"] == second["status"] == "approved"
    third = post(app, BURST[2], email="auteur@example.fr", user_ip="198.51.100.7")
    assert third["status"] == "pending"
    assert "campaign" in codes(third)
    assert message(third, "campaign").startswith("Campagne : 3 commentaires presque identiques")
    # the same author posting again is still held, but counts as one author, not a fourth
    again = post(app, BURST[1], email="auteur@example.fr", user_ip="198.51.100.7")
    assert message(again, "campaign").startswith("Campagne : 3 commentaires")

    stats = app.get("/v1/review/stats", headers=ana).json()["site_memory"]
    assert [c["held"] for c in stats["campaigns"]] == [2]
    assert stats["campaigns"][0]["identities"] == 3


def test_akismet_comment_check_uses_the_memory_and_submit_spam_teaches_it(app: TestClient) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}

    def fields(text: str) -> dict[str, str]:
        return {
            "api_key": AKISMET_KEY,
            "blog": "https://journal.example.fr",
            "user_ip": "203.0.113.7",
            "comment_author": "Jo",
            "comment_author_email": f"{uuid.uuid4().hex[:8]}@example.fr",
            "comment_content": text,
            "permalink": PERMALINK,
            "blog_lang": "fr_FR",
        }

    assert app.post("/1.1/comment-check", content=urlencode(fields(DIET[2])), headers=form).text == "false"
    for text in DIET[:2]:
        answer = app.post("/1.1/submit-spam", content=urlencode(fields(text)), headers=form)
        assert answer.status_code == 200, answer.text
    checked = app.post("/1.1/comment-check", content=urlencode(fields(DIET[3])), headers=form)
    assert checked.text == "true"
    # and what moderators taught the memory, Akismet's comment-check sees too
    assert post(app, "Découvrez maintenant minceur-express.fr")["status"] == "spam"


def test_review_stats_show_the_most_spam_labelled_domains_and_numbers(app: TestClient, ana: dict[str, str]) -> None:
    for text in DIET[:2]:
        mark_spam(app, ana, text)
    mark_spam(app, ana, SUPPORT[0])
    approve(app, ana, f"Voir https://www.ouest-journal.fr ({HOLD_WORD})")
    mark_spam(app, ana, f"Bonus sur ouest-journal.fr ({HOLD_WORD})")
    stats = app.get("/v1/review/stats", headers=ana).json()["site_memory"]
    assert stats["spam_domains"] == [
        {"domain": "minceur-express.fr", "spam": 2, "ham": 0, "approved": 0},
        {"domain": "ouest-journal.fr", "spam": 1, "ham": 1, "approved": 0},
    ]
    assert stats["spam_phones"] == [{"number": "+331••••••34", "spam": 1, "ham": 0}]
    assert stats["campaigns"] == []


@pytest.fixture
def model_app(settings: Settings) -> Iterator[TestClient]:
    """The app with the shipped model (unseen links held from the default spam score, 0.3), on the site's host."""
    update = {"flood_seconds": 0, "allowed_redirect_hosts": ["journal.example.fr"], "site_keys": SITE_KEY}
    with TestClient(create_app(Settings(**{**settings.model_dump(), **update}))) as client:
        yield client


def test_a_link_the_site_never_approved_is_held_when_the_spam_score_is_high_and_known_good_domains_pass(
    model_app: TestClient,
) -> None:
    offer = "Gagnez 300€ par jour depuis chez vous, inscription gratuite sur https://argent-facile-maintenant.xyz"
    held = post(model_app, offer)
    assert held["scores"]["spam"] >= 0.3  # the premise: the model finds it spammy
    assert held["status"] != "approved"
    expected = "Lien vers un site jamais approuvé ici (argent-facile-maintenant.xyz)"
    assert message(held, "unseen_link").startswith(expected)
    reader = "Merci pour cet article très clair. Les chiffres sont aussi sur https://fr.wikipedia.org/wiki/Inflation"
    for text in (reader, f"Je recommande aussi l'article précédent : {PERMALINK}"):
        answer = post(model_app, text)
        assert answer["status"] == "approved", answer
        assert "unseen_link" not in codes(answer)
    # the site's pages are sources wherever its comments are scored: the intake, the explanations, the refits
    services = model_app.app.state.services  # type: ignore[attr-defined]
    refitter = services.site_learning.refitter
    assert services.intake.site_hosts == services.explainer.site_hosts == ("example.fr",)
    assert refitter is None or refitter.site_hosts == ("example.fr",)


def test_a_phone_number_the_site_never_approved_is_held_until_a_moderator_approves_it(
    model_app: TestClient, shipped_scorer: LinearScorer
) -> None:
    """A local-service ad gives only a number: its words score low, the number it carries does not pass unseen."""
    moderator = auth(add_moderator(model_app, "ana"))
    ad = "Plombier Paris et banlieue, 01 45 67 89 10"
    held = post(model_app, ad)
    # the premise: the model's cut alone approves it, and it scores at least the rule's 0.25 (0.25, 0.28, 0.24 and 0.29
    # with 2026.12.07-16 to -19: -18 approved it, docs/models.md; with "7j/7" 0.26, 0.30, 0.27 and 0.413, a hair under
    # -19's cut of 0.4128; "Serrurier 24h/24 Paris et banlieue..." scored 0.34 with -10, 0.31 with -14 and 0.45 with
    # -15, which holds it alone: its support scams say "24h/24"; with "intervention en 30 minutes" it scored 0.27 with
    # 2026.12.06-13 and -14)
    assert 0.25 <= held["scores"]["spam"] < shipped_scorer.thresholds["spam"].approve
    assert held["status"] == "pending" and codes(held) == ["unseen_phone"], held
    assert message(held, "unseen_phone") == (
        f"Numéro de téléphone jamais approuvé ici (+331••••••10) et score de spam de {held['scores']['spam']:.2f} : "
        "en attente de relecture."
    )
    # a reader who gives the town hall's number writes like a reader: the number alone holds nothing
    reader = "J'ai appelé la mairie au 01 42 76 40 40 ce matin, personne ne savait rien de cette fermeture d'école."
    assert post(model_app, reader)["status"] == "approved"
    # the desk approves the number once (a reader's helpline, a shop the site works with): it passes from then on
    decided = model_app.post(f"/v1/review/items/{held['id']}/decision", headers=moderator, json={"decision": "approve"})
    assert decided.status_code == 200, decided.text
    again = post(model_app, "Plombier ouvert le dimanche, 01.45.67.89.10, déplacement rapide dans tout Paris")
    assert "unseen_phone" not in codes(again), again


def test_a_compliment_signed_with_a_website_the_site_never_approved_is_held_until_a_moderator_approves_it(
    model_app: TestClient,
) -> None:
    """WordPress spam buys the author link: a stock compliment signed with a shop's site. A reader's site passes once
    the desk has approved one of its comments."""
    moderator = auth(add_moderator(model_app, "ana"))
    compliment = "Super article, merci pour le partage et bonne continuation !"
    signed = {"author": "Chauffeur VTC Paris", "url": "https://www.vtc-paris-aeroport.fr/reservation"}
    held = post(model_app, compliment, **signed)
    assert held["status"] == "pending" and codes(held) == ["unseen_website"], held
    assert message(held, "unseen_website") == (
        "Site web jamais approuvé ici (vtc-paris-aeroport.fr) en signature d'un compliment passe-partout : en attente "
        "de relecture."
    )
    # the same compliment with no website is a reader's; so is a comment with something to say, whatever site signs it
    assert post(model_app, compliment)["status"] == "approved"
    remark = "Le tarif des taxis vers Roissy a encore augmenté cette année, l'article oublie de le dire."
    assert "unseen_website" not in codes(post(model_app, remark, **signed))
    # approved once (a regular's own site), the website signs compliments freely
    decided = model_app.post(f"/v1/review/items/{held['id']}/decision", headers=moderator, json={"decision": "approve"})
    assert decided.status_code == 200, decided.text
    again = post(model_app, "Très bon article, merci !", author="Karim", url="https://vtc-paris-aeroport.fr")
    assert again["status"] == "approved", again


def test_a_website_signed_as_a_shop_is_held_until_a_moderator_approves_it_and_readers_own_sites_pass(
    app: TestClient, ana: dict[str, str]
) -> None:
    """The spam head reads no website (a reader's insurance agency weighed +6.3 on its logit once learned from
    authored rows); the memory holds a shop's signature once, and one approval makes it a regular's."""
    remark = "Les primes d'assurance habitation ont encore augmenté, l'article aurait pu le dire."
    agency = {"author": "Paul Girard", "url": "https://www.axa-assurance-lyon.fr/agence"}
    held = post(app, remark, **agency)
    assert held["status"] == "pending" and codes(held) == ["commercial_website", "rules_only"], held
    assert message(held, "commercial_website") == (
        "Site web commercial jamais approuvé ici (axa-assurance-lyon.fr) : en attente de relecture."
    )
    # a keyword for a name signs as a shop too; so does a top-level domain spam favours
    signed = [("Payday Loans Online", "https://fast-help-now.com"), ("Amis", "https://amis-lyon.xyz")]
    for (author, url), text in zip(signed, ["Le loyer a doublé.", "La mairie ferme la piscine."], strict=True):
        answer = post(app, text, author=author, url=url)
        assert answer["status"] == "pending" and "commercial_website" in codes(answer), answer
    # readers' own sites: their name in the address, Free's pages, a LinkedIn profile (each comment its own: one text
    # from several readers within minutes is a campaign)
    own = [
        ("Frank Bernard", "https://www.linkedin.com/in/frank-bernard", "Le SMIC est à 1 398 € net par mois."),
        ("Thomas Leroy", "http://tleroy.free.fr", "Le gaz a augmenté de 30 % en un an."),
        ("Élisabeth Dargent", "https://elisabeth-dargent.fr", "Ma retraite est de 1 200 euros par mois."),
    ]
    for author, url, text in own:
        assert post(app, text, author=author, url=url)["status"] == "approved", url
    # approved once, the agency signs like any regular
    decided = app.post(f"/v1/review/items/{held['id']}/decision", headers=ana, json={"decision": "approve"})
    assert decided.status_code == 200, decided.text
    assert post(app, "Merci pour cet article.", **agency)["status"] == "approved"


def test_a_site_can_turn_the_shop_signature_rule_off(site_settings: Settings) -> None:
    settings = site_settings.model_copy(update={"commercial_website_spam_score": 1.0})
    with TestClient(create_app(settings)) as client:
        answer = post(client, "Bonne analyse.", author="Agence SEO", url="https://rank-first-seo.co.uk")
    assert answer["status"] == "approved", answer


def test_akismet_comment_check_answers_spam_for_a_compliment_signed_with_an_unseen_website(app: TestClient) -> None:
    """What a WordPress site running our Akismet endpoint sends: the author link decides, as through our API."""
    form = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}
    fields = {
        "api_key": AKISMET_KEY, "blog": "https://journal.example.fr", "user_ip": "203.0.113.9",
        "comment_author": "Voyance gratuite", "comment_author_email": "contact@voyance-directe-24.fr",
        "comment_content": "Très bon article, merci pour le partage !", "blog_lang": "fr_FR",
    }  # fmt: skip
    signed = app.post(
        "/1.1/comment-check",
        content=urlencode({**fields, "comment_author_url": "https://voyance-directe-24.fr"}),
        headers=form,
    )
    assert (signed.text, signed.headers["X-Moderation-Held"]) == ("true", "rules")
    unsigned = app.post("/1.1/comment-check", content=urlencode(fields), headers=form)
    assert unsigned.text == "false"
