"""A technical blog's readers using its jargon: kill the process, the daemon died (civil, training only).

2026.12.06-12 held 6 of 20 technical comments written for a probe on 2026-12-06 for toxicity: "You need to kill
the process first, then restart the daemon." (0.52), "I had to force kill it with kill -9." (0.68), "The dumb
terminal doesn't support colors." (0.74). The abusive tweets the toxicity head learned from use "kill", "die",
"dead" and "dumb" about people only; a tutorial's readers use them about processes, builds and terminals every
day. These sentences, written for this project in that register (processes, containers, builds, caches, merges),
are civil on every toxicity head and not spam; the threats of training/threats.py keep "kill" aimed at a person
abusive. The probe's comments are the check set `training/check_comments/tech_jargon.txt`, never trained on.
Identities come from `reader_identity`; the rows have their own random stream.
"""

from __future__ import annotations

import random

from training.data import Record, make_labels
from training.synthetic import SEED, reader_identity, spin

_EN = (
    "[Just|You have to|Try to] kill the {proc} [first|and start it again|before you run the upgrade].",
    "If the {proc} hangs, kill -9 it and [look at the logs|restart the service].",
    "The {proc} [dies|keeps dying|died] [right after startup|when it runs out of memory|after a few minutes], "
    "[any idea why?|check dmesg.]",
    "[My|The] build [crashed|blew up] with a fatal error in {file}, [same for anyone else?|fixed by a clean build].",
    "[Nuke|Wipe|Blow away] the {cache} folder and [rebuild|run the install again], that did it for me.",
    "Zombie processes [pile up|stay around] because the parent never [calls wait()|reaps its children].",
    "[Abort|Cancel] the {op} with {cmd} if it [goes wrong|gets stuck].",
    "The container got killed by the OOM killer, [give it more memory|set a memory limit].",
    "The script executes {cmd} as root, [so be careful|which is why it needs sudo].",
    "[Stupid|Dumb] question [maybe|probably], but where does the {file} go?",
    "The dead link in step {step} should point to the new docs.",
    "The child process is orphaned when the {proc} exits, and init adopts it.",
)
_FR = (
    "Il faut [tuer|killer] le {proc} [d'abord|avant de relancer|avant la mise à jour].",
    "Si le {proc} ne répond plus, un kill -9 et [on regarde les logs|on relance le service].",
    "Le {proc} [meurt|plante|se fait tuer] [au démarrage|quand la mémoire est pleine|au bout de quelques minutes], "
    "[une idée ?|regardez dmesg.]",
    "Le build [plante|explose] avec une erreur fatale dans {file}, [c'est pareil chez vous ?|réglé en repartant "
    "de zéro].",
    "[Supprimez|Virez|Dégommez] le dossier {cache} et [recompilez|relancez l'installation], ça a marché chez moi.",
    "Les processus zombies [s'accumulent|restent là] parce que le parent n'appelle jamais wait().",
    "[Annulez|Abandonnez] le {op} avec {cmd} si ça tourne mal.",
    "Le conteneur s'est fait tuer par l'OOM killer, [donnez-lui plus de mémoire|fixez une limite de mémoire].",
    "Le script exécute {cmd} en root, [donc prudence|d'où le sudo].",
    "Question [bête|idiote] peut-être, mais où doit aller le fichier {file} ?",
    "Le lien mort de l'étape {step} devrait pointer vers la nouvelle doc.",
    "Le processus enfant devient orphelin quand le {proc} s'arrête, et init le récupère.",
)
_PROCS = ("nginx", "gunicorn", "worker", "node process", "postgres", "daemon", "php-fpm", "agent", "service")
_CACHES = ("node_modules", "__pycache__", "target", "build", ".cache/pip", "vendor")
_FILES = ("config.yaml", ".env", "settings.py", "docker-compose.yml", "nginx.conf", "package.json")
_OPS = ("merge", "rebase", "migration", "upgrade", "cherry-pick")
_CMDS = ("git merge --abort", "git rebase --abort", "Ctrl+C", "systemctl stop", "docker compose down")


def jargon_records(n: int = 300, *, seed: int = SEED) -> list[Record]:
    """Return n technical comments using violent-sounding jargon, civil on every toxicity head (half French)."""
    rng = random.Random(seed + 8)
    out: list[Record] = []
    for _ in range(n):
        french = rng.random() < 0.5
        fields = {"proc": rng.choice(_PROCS), "cache": rng.choice(_CACHES), "file": rng.choice(_FILES),
                  "op": rng.choice(_OPS), "cmd": rng.choice(_CMDS), "step": rng.randint(2, 9)}  # fmt: skip
        text = spin(rng.choice(_FR if french else _EN), rng).format(**fields)
        labels = make_labels(toxicity=0, threat=0, insult=0, severe_toxicity=0, identity_attack=0, profanity=0, spam=0)
        out.append(Record.authored(text, "fr" if french else "en", "synthetic_jargon", labels, **reader_identity(rng)))
    return out
