"""Readers of a technical blog citing their references (ham): an issue tracker, a Q&A answer, the official docs.

A technical blog's genuine comments link to GitHub issues, Stack Overflow answers and project documentation as
often as a news reader links to INSEE or the UN; the sourced comments of `synthetic.py` cite only news sources
and institutions, and 2026.12.06-7 held 8 of 10 such technical comments for spam (a Stack Overflow answer 0.96,
MDN 0.89). Written for this project, not from any data set's rows; training only. The identities come from
`reader_identity`, as for every authored row; the rows have their own random stream, so the other generators'
rows stay what earlier versions trained on. Readers also share their own work on code hosts ("the numbers I got are
in my repo: github.com/..."): 2026.12.06-13 scored such comments 0.69-0.90 for spam, the register of praise spam
("Great post! Visit my website"); `own_work_records` writes them with the same openers on both sides, a code host's
link on the genuine side and a business's site on the spam side. No brand that tech-support spam impersonates
(Microsoft, Windows, HP...) appears on this genuine side alone: with learn.microsoft.com among the references, a
French "support technique Microsoft" spam with a phone number fell under the spam cut (a first candidate, not
served). So the same register comes on the spam side too: a reader's fix that is a brand's "support number" instead
of a reference (half as many rows), as `casual_records` pairs chatter with self-promotion: the technical words stay
neutral, the number decides.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from training.data import Record, make_labels
from training.synthetic import SEED, reader_identity, spin

_EN = (
    "[Same problem here|Had the same issue], the workaround in this thread [worked for me|fixed it]: {ref}",
    "[The maintainers|They] fixed it in the [latest|last] release, see {ref}",
    "For reference, the [documentation|official docs] [cover|explain] this option: {ref}",
    "There is an open issue about [it|this bug], [worth subscribing to|add a thumbs up]: {ref}",
    "This answer explains why it happens [with a proxy|on a laptop|after an upgrade]: {ref}",
    "The changelog says the flag was removed in version {version}: {ref}",
    "[Thanks for the tutorial.|Great walkthrough.] If step {step} fails, [this helped me|read this first]: {ref}",
    "[Small correction|Note]: the default changed in {version}, see {ref}",
)
_FR = (
    "[Même problème ici|J'ai eu le même souci], le contournement de ce fil [a marché pour moi|l'a réglé] : {ref}",
    "C'est corrigé dans la [dernière|nouvelle] version, voir {ref}",
    "Pour info, la [documentation|doc officielle] [décrit|explique] cette option : {ref}",
    "Il y a un ticket ouvert sur [ce bug|le sujet], [à suivre|mettez un pouce] : {ref}",
    "Cette réponse explique pourquoi ça arrive [derrière un proxy|sur un portable|après une mise à jour] : {ref}",
    "D'après le journal des modifications, l'option a disparu en version {version} : {ref}",
    "[Merci pour le tuto.|Super tutoriel.] Si l'étape {step} échoue, [ceci m'a aidé|lisez ça d'abord] : {ref}",
    "[Petite correction|Remarque] : la valeur par défaut a changé en {version}, voir {ref}",
)
#: The same readers' register, where the fix is a brand's "support number": tech-support spam.
_EN_SUPPORT = (
    "[Same problem here|Had the same issue], the {brand} [support line|helpdesk] at {phone} fixed it [in 10 "
    "minutes|remotely].",
    "[Thanks for the tutorial.|Great walkthrough.] If step {step} fails, call {brand} technical support at {phone}, "
    "they sorted it for me.",
    "[My PC|My laptop] was locked by a virus, the {brand} technicians at {phone} [cleaned it|fixed everything] in no "
    "time!",
    "Forget the docs, the certified {brand} experts at {phone} [solve it|fix this error] over the phone.",
)
_FR_SUPPORT = (
    "[Même problème ici|J'ai eu le même souci], l'assistance {brand} au {phone} l'a réglé [en 10 minutes|à distance].",
    "[Merci pour le tuto.|Super tutoriel.] Si l'étape {step} échoue, appelez le support technique {brand} au {phone}, "
    "ils m'ont dépanné.",
    "[Mon PC|Mon ordinateur portable] était bloqué par un virus, les techniciens {brand} du {phone} ont [tout "
    "nettoyé|tout réparé] très vite !",
    "Oubliez la doc, les experts agréés {brand} au {phone} [règlent ça|corrigent cette erreur] par téléphone.",
)
_BRANDS = ("Microsoft", "Windows", "HP", "Canon", "Epson", "Norton", "McAfee", "Apple", "QuickBooks", "Avast")
_PHONES = ("+33 9 70 73 12 44", "01 84 88 55 21", "0800 91 22 34", "+1 (855) 401-9032", "1-888-555-0147",
           "+44 20 3966 1180", "+1 332 208 1772", "09 75 18 40 02")  # fmt: skip
_REFERENCES = (
    "https://github.com/{project}/issues/{n}", "https://github.com/{project}/pull/{n}",
    "https://gitlab.com/{project}/-/issues/{n}", "https://stackoverflow.com/questions/{n}/",
    "https://stackoverflow.com/a/{n}", "https://superuser.com/questions/{n}/", "https://askubuntu.com/questions/{n}/",
    "https://docs.python.org/3/library/{module}.html", "https://developer.mozilla.org/en-US/docs/Web/API/{api}",
    "https://bugs.debian.org/{n}",
    "https://wiki.archlinux.org/title/{page}", "https://www.postgresql.org/docs/current/{page}.html",
    "https://docs.docker.com/engine/{page}/", "https://nginx.org/en/docs/{page}.html",
)  # fmt: skip
_PROJECTS = ("psf/requests", "django/django", "nodejs/node", "home-assistant/core", "nextcloud/server",
             "rust-lang/cargo", "WordPress/gutenberg", "mozilla/pdf.js", "redis/redis-py",
             "ansible/ansible")  # fmt: skip
_MODULES = ("pathlib", "subprocess", "venv", "logging", "ssl", "datetime")
_APIS = ("Fetch_API", "Service_Worker_API", "WebSocket", "IndexedDB_API", "Canvas_API")
_PAGES = ("install", "security", "logging", "networking", "storage", "upgrading", "configuration")


def reference_records(n: int = 200, *, seed: int = SEED) -> list[Record]:
    """Return n technical comments citing a reference (genuine), then n // 2 citing a support number (spam)."""
    rng = random.Random(seed + 7)

    def citing(french: bool) -> str:
        ref = rng.choice(_REFERENCES).format(
            project=rng.choice(_PROJECTS), n=rng.randint(1000, 9_999_999), module=rng.choice(_MODULES),
            api=rng.choice(_APIS), page=rng.choice(_PAGES),
        )  # fmt: skip
        version = f"{rng.randint(1, 9)}.{rng.randint(0, 20)}"
        return spin(rng.choice(_FR if french else _EN), rng).format(ref=ref, version=version, step=rng.randint(2, 9))

    def support(french: bool) -> str:
        template = spin(rng.choice(_FR_SUPPORT if french else _EN_SUPPORT), rng)
        return template.format(brand=rng.choice(_BRANDS), phone=rng.choice(_PHONES), step=rng.randint(2, 9))

    return [_record(rng, citing, spam=0) for _ in range(n)] + [_record(rng, support, spam=1) for _ in range(n // 2)]


def _record(rng: random.Random, write: Callable[[bool], str], *, spam: int) -> Record:
    """One authored row: French or English at even odds, its text, then a reader identity (in that draw order)."""
    french = rng.random() < 0.5
    text = write(french)
    labels = make_labels(spam=spam, toxicity=0)
    return Record.authored(text, "fr" if french else "en", "synthetic_references", labels, **reader_identity(rng))


#: Readers sharing their own work on a code host, and the same openers with a business's site (spam). Written after
#: the check set `check_comments/tech_links.txt` was scored, in other words than its comments.
_EN_OWN = (
    "[Great post.|Nice write-up!|Thanks for this.] [My fork|A cleaned-up version] with [the fixes for ARM|type "
    "hints|tests added] lives at {own}",
    "[Good article.|Thanks, it worked.] I [scripted|automated] the whole [setup|install] in a [repo|gist], [feel free "
    "to reuse it|PRs welcome]: {own}",
    "[Nice one!|Great walkthrough.] [Here is|Sharing] my [systemd unit|Makefile|CI config] for this, [MIT "
    "licensed|public domain]: {own}",
    "I [ported|adapted] the example to {lang}, [code|source] at {own}",
    "[Solid guide.|Clear and useful.] I [keep|maintain] [a list of similar tricks|a cheat sheet] on [GitHub|Codeberg]: "
    "{own}",
)
_FR_OWN = (
    "[Super article.|Merci pour ce billet !|Merci pour ça.] [Mon fork|Une version nettoyée] avec [les correctifs "
    "pour ARM|des tests en plus] est ici : {own}",
    "[Bon article.|Merci, ça marche.] J'ai [scripté|automatisé] toute [l'installation|la mise en place] dans un "
    "[dépôt|gist], [servez-vous|les PR sont bienvenues] : {own}",
    "[Bien vu !|Tuto très clair.] Je partage mon [unit systemd|Makefile|fichier de CI] pour ça, [sous licence "
    "MIT|libre de droits] : {own}",
    "J'ai [porté|adapté] l'exemple en {lang}, [le code|les sources] sur {own}",
    "[Guide solide.|Clair et utile.] Je [tiens|maintiens] [une liste d'astuces du même genre|un aide-mémoire] sur "
    "[GitHub|Codeberg] : {own}",
)
_EN_OWN_SPAM = (
    "[Great post.|Nice write-up!|Thanks for this.] [Our agency|My company] [offers|sells] [the same setup|this as a "
    "service] at {site}",
    "[Good article.|Thanks, it worked.] [The best deals|Our prices] on [hosting|VPNs|software] are [here|on my "
    "site]: {site}",
    "[Solid guide.|Clear and useful.] I [keep|maintain] a [buying guide|list of discount codes] on my site: {site}",
)
_FR_OWN_SPAM = (
    "[Super article.|Merci pour ce billet !|Merci pour ça.] [Notre agence|Ma société] [propose|vend] [la même "
    "installation|ce service] sur {site}",
    "[Bon article.|Merci, ça marche.] [Les meilleures offres|Nos tarifs] [d'hébergement|de VPN|de logiciels] sont "
    "[ici|sur mon site] : {site}",
    "[Guide solide.|Clair et utile.] Je [tiens|maintiens] un [guide d'achat|répertoire de codes promo] sur mon site : "
    "{site}",
)
_OWN = ("https://github.com/{user}/{repo}", "https://gist.github.com/{user}/{hex}", "https://gitlab.com/{user}/{repo}",
        "https://codeberg.org/{user}/{repo}", "https://github.com/{user}/{repo}/tree/main/examples")  # fmt: skip
_USERS = ("hbouvier", "tkowal", "sylvain-r", "mfaure", "akira-n", "jlopez", "cdupuis", "ejohansson", "r-okafor")
_REPOS = ("homelab-scripts", "deploy-kit", "cheatsheets", "infra-notes", "wp-helpers", "arm-builds", "backup-tools",
          "config-snippets")  # fmt: skip
_LANGS = ("Go", "Rust", "TypeScript", "Python", "Bash", "PHP")
_SITES = ("https://www.best-vpn-deals.net", "https://cheap-hosting-offers.com/promo", "https://www.top-seo-agency.co",
          "https://meilleur-comparatif-box.fr", "https://www.devis-travaux-express.fr", "https://replica-watch-store.net",
          "https://www.casino-bonus-gratuit.fr", "https://www.forex-signals-pro.com")  # fmt: skip


def own_work_records(n: int = 150, *, seed: int = SEED) -> list[Record]:
    """Return n comments sharing the reader's own work on a code host (genuine), then n // 2 with the same openers
    and a business's site (spam)."""
    rng = random.Random(seed + 9)

    def sharing(french: bool) -> str:
        user = rng.choice(_USERS)
        own = rng.choice(_OWN).format(user=user, repo=rng.choice(_REPOS), hex=f"{rng.getrandbits(32):08x}")
        return spin(rng.choice(_FR_OWN if french else _EN_OWN), rng).format(own=own, lang=rng.choice(_LANGS))

    def selling(french: bool) -> str:
        return spin(rng.choice(_FR_OWN_SPAM if french else _EN_OWN_SPAM), rng).format(site=rng.choice(_SITES))

    return [_record(rng, sharing, spam=0) for _ in range(n)] + [_record(rng, selling, spam=1) for _ in range(n // 2)]
