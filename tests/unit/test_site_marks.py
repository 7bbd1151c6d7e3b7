"""What the site memory reads from a comment: link domains, phone numbers, e-mail domain and a near-duplicate print."""

from __future__ import annotations

import pytest

from moderation.config import Settings
from moderation.scoring.metadata import phone_count
from moderation.site.marks import (
    MAX_LINKS,
    MAX_PHONES,
    MIN_BAND_HITS,
    extract,
    link_domains,
    mask_phone,
    normalise_phone,
    phone_numbers,
    registrable_domain,
    text_print,
)
from moderation.site.memory import Counts, Findings, Recall, allowed_domains, judge
from moderation.storage.keys import Keys


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("Www.Minceur-Express.FR", "minceur-express.fr"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("www.insee.gouv.fr", "insee.gouv.fr"),
        ("bit.ly", "bit.ly"),
        ("exemple.fr.", "exemple.fr"),
        ("bücher.example.de", "example.de"),
        ("www.bücher.de", "xn--bcher-kva.de"),
        ("192.0.2.1", ""),
        ("localhost", ""),
        ("", ""),
    ],
)
def test_a_host_becomes_its_registrable_domain_lower_case_and_idna(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_links_are_found_with_or_without_scheme_and_typos_are_not_links() -> None:
    text = (
        'Voir <a href="https://WWW.Exemple.co.uk/x">ici</a>, bit.ly/sondages-payes, www.site-inconnu.info et '
        "https://pro-translate.services/devis. Fin.Le début, version 2.0, e.g. rien."
    )
    assert link_domains(text) == ("exemple.co.uk", "bit.ly", "site-inconnu.info", "pro-translate.services")


def test_only_the_first_links_and_numbers_are_kept() -> None:
    links = " ".join(f"https://site{i}.fr" for i in range(20))
    numbers = " et ".join(f"06 12 34 56 {i:02d}" for i in range(10))
    assert len(link_domains(links)) == MAX_LINKS
    assert len(phone_numbers(numbers)) == MAX_PHONES


@pytest.mark.parametrize(
    "written",
    ["01 84 60 12 34", "01.84.60.12.34", "0184601234", "+33 1 84 60 12 34", "+33 (0)1 84 60 12 34", "0033184601234"],
)
def test_a_french_number_is_one_number_however_it_is_written(written: str) -> None:
    assert phone_numbers(f"Appelez le {written} vite") == ("33184601234",)


def test_north_american_numbers_dates_and_prices_are_told_apart() -> None:
    assert normalise_phone("+1 (800) 555-0199") == "18005550199"
    assert normalise_phone("1-800-555-0199") == "18005550199"
    assert normalise_phone("(800) 555-0199") == "18005550199"
    assert phone_numbers("Le 12/11/2026, pour 300 000 €, en 2026.") == ()
    assert mask_phone("33184601234") == "+331••••••34"


@pytest.mark.parametrize(
    "text",
    [
        "Le budget de la défense passe à 413 000 000 000 euros, c'est colossal.",
        "La dette publique dépasse 3 101 200 000 000, qui va payer ?",
        "The US sent 175 000 000 000 dollars in aid since 2022.",
        "Plus de 2.000.000.000 de personnes vivent en Asie du Sud.",
        "Il a coûté $ 1 200 500 000 au contribuable.",
        "Les élections de 2017 2022 2027 ne se ressemblent pas.",
        # a bare run of ten digits is a North American number unless it counts something
        "Holy shit, 2000000000 views in a week for that video.",
        "La région compte 5900000 habitants et 2100000 téléchargements de l'appli.",
        # a reader on the second-hand market: the mileage read as a phone number in the spam head's phone column
        "Les vendeurs demandent le prix du neuf pour des voitures à 110000 km.",
        "My old Golf did 185000 miles and 120000 kilometres on the next one.",
        "La forêt a perdu 250000 m² en un été.",
        "Ma Clio de 2016 110000 km est partie en deux jours.",
    ],
)
def test_amounts_counts_and_years_are_not_phone_numbers(text: str) -> None:
    # read as twelve digits, one spam label on a money offer quoting the figure sent later comments to spam
    assert phone_numbers(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        # a vehicle as people describe it, its model and year, its year and mileage: a written small ad, « scooter 125
        # yamaha 2019 8000 km 2200 € urgent », counted one phone ("2019 8000") in the spam head's phone column
        "Mon scooter 125 yamaha 2019 8000 km est parti à 1900 €.",
        "Sold my vespa primavera 125 2020 with 3k miles on it.",
        "Ma Clio de 2016 110000 km est partie en deux jours.",
    ],
)
def test_a_year_beside_a_model_or_a_mileage_is_no_phone(text: str) -> None:
    assert phone_count(text) == 0


@pytest.mark.parametrize(
    "text",
    [
        # a technical blog's readers paste what their machine printed: ten of these digits read as a North American
        # number held the comment as an unseen phone, and the spam head counted a phone in each
        "My output:\n    PING 192.168.1.254 (192.168.1.254) 56(84) bytes of data.\n    64 bytes from 192.168.1.254",
        "The router's admin page is at 192.168.100.200, not 192.168.1.1.",
        "Windows Update keeps failing with error 0x80070005 after the change.",
        "Still on build 10.0.19045.3803, and KB5034441 will not install.",
        # readers cite their sources: an article's id, a decision's number and a video's id are parts of the link; a
        # decision of the Conseil constitutionnel was held as an unseen phone with 2026.12.07-4
        "The full ruling: https://www.conseil-constitutionnel.fr/decision/2026/2026850DC.htm",
        "Le Monde : https://www.lemonde.fr/international/article/2026/12/01/ukraine-le-front_6400123_3210.html",
        "Watch from 12:30: youtube.com/watch?v=0612345678",
        "L'étude : https://www.insee.fr/fr/statistiques/7654321?sommaire=7654322",
    ],
)
def test_addresses_versions_codes_and_links_a_reader_pastes_are_not_phone_numbers(text: str) -> None:
    assert phone_numbers(text) == ()
    assert phone_count(text) == 0


def test_a_number_beside_a_link_or_in_a_chat_link_is_still_a_phone() -> None:
    assert phone_numbers("Voir www.depannage-pc.fr ou appelez le 0612345678") == ("33612345678",)
    assert phone_numbers("WhatsApp: https://wa.me/33612345678") == ("33612345678",)
    assert phone_count("Tél/WhatsApp:+33612345678") == 1


def test_numbers_written_with_dots_or_beside_an_address_are_still_phones() -> None:
    assert phone_numbers("Appelez le 06.12.34.56.78 ou le 01.84.60.12.34") == ("33612345678", "33184601234")
    assert phone_numbers("Call 1.800.555.0199 today") == ("18005550199",)
    assert phone_numbers("WhatsApp +33.6.12.34.56.78") == ("33612345678",)
    assert phone_numbers("Box at 192.168.0.1, call 0612345678 for help") == ("33612345678",)
    assert phone_count("Box at 192.168.0.1, call 0612345678 for help") == 1


def test_numbers_grouped_like_phones_are_still_phones_beside_an_amount() -> None:
    assert phone_numbers("Appelez le 01 23 45 67 89, 2 000 euros") == ("33123456789",)
    assert phone_numbers("Call 800 555 0199 or 0800 123 456") == ("18005550199", "33800123456")
    assert phone_numbers("WhatsApp +34 612 345 678") == ("34612345678",)  # "+": a number, however it is grouped
    # a currency sign beside a number grouped as a phone's hides nothing
    assert phone_numbers("Gagnez 300 € : appelez le 06 12 34 56 78 €€€") == ("33612345678",)
    assert phone_numbers("Prêt rapide 0612345678 € sans frais") == ("33612345678",)
    # a year and a model beside it are no number to call; a number with a national 0 still is
    assert phone_numbers("Yamaha 125 2019, 8000 km, appelez le 07700 900412") == ("07700900412",)
    assert phone_count("Yamaha de 2019, WhatsApp +33 2019 8000") == 1  # after a country code, a year's digits dial
    assert phone_numbers("Le contrat vaut 2000000000 € au total") == ()
    assert phone_numbers("Call 2025550147 now, 500 views guaranteed") == ("12025550147",)


def test_the_email_domain_and_website_domain_are_read_apart_from_the_text() -> None:
    marks = extract(text="Bonjour à tous", url="blog.Exemple.fr/moi", email="Jo@Mail.Example.COM")
    assert marks.email_domain == "example.com"
    assert marks.website_domain == "exemple.fr"
    assert marks.domains == ()
    assert marks.all_domains == ("exemple.fr",)


def _shared(a: str, b: str) -> int:
    return sum(x == y for x, y in zip(text_print(a)[1], text_print(b)[1], strict=True))


def test_a_reworded_spam_template_shares_its_print_and_an_unrelated_comment_does_not() -> None:
    spam = "Great article, we offer professional translation services for every language at low prices, contact us"
    reworded = "Great post, we offer professional translation services for all languages at low prices, contact us"
    unrelated = "The minister announced a pension reform yesterday that is being debated across the whole country"
    assert _shared(spam, reworded) >= MIN_BAND_HITS
    assert _shared(spam, unrelated) < MIN_BAND_HITS


def test_obfuscation_folds_before_the_print() -> None:
    plain = "Achetez des pilules minceur pas chères livraison rapide discrète garantie"
    masked = "Ach3tez des p1lules m1nceur pas chères l1vraison rap1de d1scrète garant1e"
    assert text_print(plain) == text_print(masked)


def test_a_short_text_has_no_print() -> None:
    assert text_print("Merci, très bon article !") == ("", ())


def _judge(recall: Recall, *, text: str, settings: Settings | None = None, own: tuple[str, ...] = ()) -> Findings:
    settings = settings or Settings()
    allowed = allowed_domains(settings, *own)
    return judge(keys=Keys("t"), marks=extract(text=text), recall=recall, settings=settings, allowed=allowed)


def test_a_domain_is_known_spam_only_when_spam_labels_outweigh_ham_labels_and_approvals() -> None:
    text = "voir exemple.fr"
    spam = Recall(domains={"exemple.fr": Counts(spam=2)}, phones={})
    outweighed = Recall(domains={"exemple.fr": Counts(spam=2, ham=1, approved=1)}, phones={})
    once = Recall(domains={"exemple.fr": Counts(spam=1)}, phones={})
    assert _judge(spam, text=text).spam_domain == "exemple.fr"
    assert _judge(outweighed, text=text).spam_domain == ""
    assert _judge(once, text=text).spam_domain == ""


def test_the_sites_own_hosts_and_the_allow_list_are_never_penalised_nor_unseen() -> None:
    text = "voir journal.example.fr/a et fr.wikipedia.org/wiki/X"
    recall = Recall(domains={"example.fr": Counts(spam=5), "wikipedia.org": Counts(spam=5)}, phones={})
    findings = _judge(recall, text=text, own=("journal.example.fr",))
    assert findings.spam_domain == ""
    assert findings.unseen_domains == ()
    # the operator's hosts (MODERATION_ALLOWED_REDIRECT_HOSTS) too, with no permalink in the request
    on_the_site = _judge(recall, text=text, settings=Settings(allowed_redirect_hosts=["www.example.fr"]))
    assert on_the_site.spam_domain == "" and on_the_site.unseen_domains == ()
    assert _judge(recall, text=text).spam_domain == "example.fr"  # else a domain like any other


def test_copies_share_a_burst_group_and_unrelated_comments_do_not() -> None:
    offer = "Gagnez 500 euros par jour depuis chez vous avec notre application de sondages rémunérés, inscription"
    copy = "Gagnez 500 euros chaque jour depuis chez vous avec notre application de sondages rémunérés, inscription"
    news = "Le gouvernement a annoncé hier une réforme des retraites qui fait débat dans toute la France"
    groups = set(extract(text=offer).burst_bands)
    assert len(groups) == 4
    assert groups & set(extract(text=copy).burst_bands)
    assert not groups & set(extract(text=news).burst_bands)
    assert extract(text="Merci !").burst_bands == ()
