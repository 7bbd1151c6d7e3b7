"""A technical blog's readers using its jargon (kill the process, the daemon died) and asking for help with what
their machine printed pasted in (civil, not spam; training only).

2026.12.06-12 held 6 of 20 technical comments written for a probe on 2026-12-06 for toxicity: "You need to kill
the process first, then restart the daemon." (0.52), "I had to force kill it with kill -9." (0.68), "The dumb
terminal doesn't support colors." (0.74). The abusive tweets the toxicity head learned from use "kill", "die",
"dead" and "dumb" about people only; a tutorial's readers use them about processes, builds and terminals every
day. These sentences, written for this project in that register (processes, containers, builds, caches, merges),
are civil on every toxicity head and not spam; the threats of training/threats.py keep "kill" aimed at a person
abusive. The probe's comments are the check set `training/check_comments/tech_jargon.txt`, never trained on.
Identities come from `reader_identity`; the rows have their own random stream.

`question_records`: a tutorial's readers ask and answer with the command they ran and its output pasted on lines of
their own (an error, a log, an address, a port, an exit code, a version). Every spam source's genuine rows are short
chat, SMS and replies: a long comment with numbers and a pasted block scored spam 0.4-0.6 (three of the 40 questions
of `training/check_comments/tech_questions.txt`, written before these sentences on other tools and errors and never
trained on, were held in the news profile by 2026.12.07-2).
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


_ASK_EN = (
    "[Thanks for the write-up, but|Great tutorial, but|Hi,] [I'm stuck at|it fails at|something breaks at] "
    "step {step}. When I run",
    "[Followed every step|Did everything as in the post] on {os}, but {tool} [fails|stops] with this:",
    "[Anyone else getting this?|Is this normal?|What am I missing?] {tool} prints",
    "[Same problem here|I had the same issue] on {os}. The log says",
)
_ASK_FR = (
    "[Merci pour le tuto.|Super article, mais|Bonjour,] [je bloque à|ça plante à] l'étape {step}. Quand je lance",
    "[J'ai suivi toutes les étapes|Tout fait comme dans l'article] sous {os}, mais {tool} [échoue|s'arrête] avec :",
    "[Quelqu'un a déjà eu ça ?|C'est normal ?|Qu'est-ce que j'ai raté ?] {tool} affiche",
    "[Même problème ici|J'ai eu le même souci] sous {os}. Le log dit",
)
_AFTER_EN = (
    "[Any idea?|What did I do wrong?|Thanks in advance.|I'm on version {version}.]",
    "[It worked yesterday.|Restarting did not help.|The docs don't mention it.]",
)
_AFTER_FR = (
    "[Une idée ?|Qu'est-ce que j'ai fait de travers ?|Merci d'avance.|Je suis en version {version}.]",
    "[Ça marchait hier.|Redémarrer n'a rien changé.|La doc n'en parle pas.]",
)
_ANSWER_EN = (
    "[You need|Try] {fix}, then run it again. [Worked for me on {os}.|That fixed it here.]",
    "That error usually means {cause}. [Check with|Look at] {check} first.",
    "[Thanks, that was it!|Solved, thank you.|Perfect, it works now] ({os}, {tool} {version}).",
)
_ANSWER_FR = (
    "[Il faut|Essaie de] {fix}, puis relancer. [Ça a marché chez moi sous {os}.|Ça a réglé le problème ici.]",
    "Cette erreur veut souvent dire {cause}. [Vérifie d'abord avec|Regarde] {check}.",
    "[Merci, c'était ça !|Résolu, merci.|Parfait, ça marche maintenant] ({os}, {tool} {version}).",
)
_COMMANDS = (
    "npm install",
    "cargo build --release",
    "go build ./...",
    "mvn package",
    "redis-cli -h {ip} -p {port} ping",
    "mysql -u root -p -h {ip}",
    "make -j4",
    "php artisan migrate",
    "terraform apply",
    "kubectl apply -f deploy.yaml",
    "ansible-playbook site.yml",
    "curl -v http://{ip}:{port}/health",
    "yarn start",
    "bundle exec rails s",
)
_OUTPUTS = (
    "npm ERR! code EACCES\nnpm ERR! syscall mkdir\nnpm ERR! path /usr/lib/node_modules",
    "error[E0382]: borrow of moved value: `config`\n  --> src/main.rs:{line}:{col}",
    "Error: connect ECONNREFUSED {ip}:{port}\n    at TCPConnectWrap.afterConnect (node:net:{line}:{col})",
    "ERROR 2003 (HY000): Can't connect to MySQL server on '{ip}:{port}' (111)",
    "Killed\nmake: *** [Makefile:{line}: all] Error 137",
    "[ERROR] Failed to execute goal on project api: Could not resolve dependencies (exit code 1)",
    "SQLSTATE[HY000] [2002] Connection refused (SQL: select * from users where id = {line})",
    'Error: Invalid value for "region": expected one of [eu-west-1, eu-west-3], got "eu-west-9"',
    "The program can't start because MSVCP140.dll is missing (0xc000007b)",
    "HTTP/1.1 502 Bad Gateway\nServer: caddy\nContent-Length: 0",
    '{ip} - - [12/Mar/2026:10:{col}:07 +0100] "GET /api/v1/items HTTP/1.1" 500 {line}',
    "panic: runtime error: index out of range [{col}] with length {col}\ngoroutine 1 [running]:\nmain.main()",
)
_FIXES_EN = (
    "to add your user to the right group",
    "to free the port first",
    "to pin the version in the lock file",
    "to set the variable in the service file",
    "to open the port in the firewall",
)
_FIXES_FR = (
    "ajouter ton utilisateur au bon groupe",
    "libérer le port d'abord",
    "fixer la version dans le lock",
    "mettre la variable dans le fichier du service",
    "ouvrir le port dans le pare-feu",
)
_CAUSES_EN = ("the service is not listening on that port", "the process ran out of memory", "a permission problem")
_CAUSES_FR = ("que le service n'écoute pas sur ce port", "que le processus manque de mémoire", "un souci de droits")
_CHECKS = ("ss -tlnp", "journalctl -u the service", "free -m", "ls -l on the folder", "docker logs")
_OS = ("Debian 12", "Ubuntu 24.04", "Arch", "macOS 14", "Windows 10", "Alpine 3.19", "Rocky Linux 9", "WSL2")
_TOOLS = ("npm", "cargo", "pip", "composer", "yarn", "kubectl", "terraform", "gradle")


def question_records(n: int = 300, *, seed: int = SEED) -> list[Record]:
    """Return n questions with a command and its output pasted on lines of their own, and answers (half French)."""
    rng = random.Random(seed + 9)
    out: list[Record] = []
    for _ in range(n):
        french = rng.random() < 0.5
        fields = {
            "step": rng.randint(2, 9), "os": rng.choice(_OS), "tool": rng.choice(_TOOLS),
            "version": f"{rng.randint(1, 20)}.{rng.randint(0, 12)}.{rng.randint(0, 9)}",
            "ip": rng.choice(("127.0.0.1", "10.0.0.12", "192.168.{a}.{b}", "172.17.0.2")).format(
                a=rng.randint(0, 255), b=rng.randint(1, 254)),
            "port": rng.choice((3306, 5432, 6379, 8000, 8443, 9000, 27017)), "line": rng.randint(10, 999),
            "col": rng.randint(1, 59), "fix": rng.choice(_FIXES_FR if french else _FIXES_EN),
            "cause": rng.choice(_CAUSES_FR if french else _CAUSES_EN), "check": rng.choice(_CHECKS),
        }  # fmt: skip
        if rng.random() < 0.3:  # an answer or a thank-you, on one line
            text = spin(rng.choice(_ANSWER_FR if french else _ANSWER_EN), rng).format(**fields)
        else:  # the question, the command and what it printed indented on their own lines, then a last line
            ask = spin(rng.choice(_ASK_FR if french else _ASK_EN), rng).format(**fields)
            command = rng.choice(_COMMANDS).format(**fields)
            printed = rng.choice(_OUTPUTS).format(**fields)
            indent = rng.choice(("    ", "", "  "))
            block = "\n".join(indent + line for line in printed.split("\n"))
            after = spin(rng.choice(_AFTER_FR if french else _AFTER_EN), rng).format(**fields)
            parts = [ask, indent + command, block, after] if rng.random() < 0.6 else [ask, block, after]
            text = "\n\n".join(parts)
        labels = make_labels(toxicity=0, threat=0, insult=0, severe_toxicity=0, identity_attack=0, profanity=0, spam=0)
        out.append(
            Record.authored(text, "fr" if french else "en", "synthetic_questions", labels, **reader_identity(rng))
        )
    return out
