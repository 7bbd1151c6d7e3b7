"""Readers of a technical blog citing their references (ham): an issue tracker, a Q&A answer, the official docs.

A technical blog's genuine comments link to GitHub issues, Stack Overflow answers and project documentation as
often as a news reader links to INSEE or the UN; the sourced comments of `synthetic.py` cite only news sources
and institutions, and 2026.12.06-7 held 8 of 10 such technical comments for spam (a Stack Overflow answer 0.96,
MDN 0.89). Written for this project, not from any data set's rows; training only. The identities come from
`reader_identity`, as for every authored row; the rows have their own random stream, so the other generators'
rows stay what earlier versions trained on. No brand that tech-support spam impersonates (Microsoft, Windows, HP...)
appears on this genuine side alone: with learn.microsoft.com among the references, a French "support technique
Microsoft" spam with a phone number fell under the spam cut (a first candidate, not served). So the same register
comes on the spam side too: a reader's fix that is a brand's "support number" instead of a reference (half as many
rows), as `casual_records` pairs chatter with self-promotion: the technical words stay neutral, the number decides.
"""

from __future__ import annotations

import random

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
    out: list[Record] = []
    for _ in range(n):
        french = rng.random() < 0.5
        ref = rng.choice(_REFERENCES).format(
            project=rng.choice(_PROJECTS), n=rng.randint(1000, 9_999_999), module=rng.choice(_MODULES),
            api=rng.choice(_APIS), page=rng.choice(_PAGES),
        )  # fmt: skip
        version = f"{rng.randint(1, 9)}.{rng.randint(0, 20)}"
        text = spin(rng.choice(_FR if french else _EN), rng).format(ref=ref, version=version, step=rng.randint(2, 9))
        labels = make_labels(spam=0, toxicity=0)
        identity = reader_identity(rng)
        out.append(Record.authored(text, "fr" if french else "en", "synthetic_references", labels, **identity))
    for _ in range(n // 2):
        french = rng.random() < 0.5
        template = spin(rng.choice(_FR_SUPPORT if french else _EN_SUPPORT), rng)
        text = template.format(brand=rng.choice(_BRANDS), phone=rng.choice(_PHONES), step=rng.randint(2, 9))
        labels = make_labels(spam=1, toxicity=0)
        identity = reader_identity(rng)
        out.append(Record.authored(text, "fr" if french else "en", "synthetic_references", labels, **identity))
    return out
