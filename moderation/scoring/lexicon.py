"""Insult, profanity, slur and threat lexicons (French and English) turned into a few dense features.

Words are matched on the featuriser's text (normalised and accent-folded), so "c0nn4rd", "enc*lé" and
"s a l o p e" hit the same entries as their plain spellings. The lists are authored for this project.
"""

from __future__ import annotations

import math
import re
from functools import cache

import numpy as np
import numpy.typing as npt

from moderation.scoring.normalize import fold_accents, normalize_text

_EN_PROFANITY = """fuck fucking fucked fucker fuckers fucks fuckin fuk motherfucker motherfucking shit shitty shits
bullshit crap damn goddamn piss pissed dick dicks cock cocks pussy pussies cunt cunts twat tits
boobs ass arse asses asshole assholes bitch bitches bitchy bastard bastards wank wanker wankers
bollocks prick pricks douche douchebag jackass dumbass dipshit shithead dickhead cocksucker bugger
slut sluts whore whores hoe hoes porn blowjob dildo""".split()
_EN_INSULTS = """idiot idiots idiotic stupid moron morons moronic retard retarded imbecile fool fools dumb loser
losers scum scumbag worthless freak freaks clown clowns filth filthy disgusting vermin parasite
parasites cretin dumbass coward cowards lowlife degenerate psycho creep creeps brainless""".split()
_EN_SLURS = """nigger niggers nigga niggas faggot faggots fag fags dyke dykes tranny trannies kike kikes spic spics
chink chinks wetback wetbacks raghead ragheads towelhead paki pakis gook gooks coon coons retards
beaner subhuman subhumans""".split()
_FR_PROFANITY = """putain merde merdique merdeux bordel chier chiant chiasse foutre fous foutu bite bites couille
couilles cul enculer encule encules enculee niquer nique niquez baiser baise branler branleur
branleurs bouffon bouffons pute putes salope salopes salopard salopards salaud salauds connard
connards connasse connasses con cons conne connes connerie conneries chienne chiennes pouffiasse
petasse grognasse trouduc fdp ntm tg batard batards enfoire enfoires ordure ordures pourriture
raclure raclures tapette tarlouze gouine gouines""".split()
_FR_INSULTS = """abruti abrutis abrutie debile debiles cretin cretins cretine idiot idiote idiots imbecile imbeciles
cinglé cingle tare tares attarde attardes mongol mongols gogol gogols naze nazes ignare ignares
demeure demeures clown clowns guignol guignols charogne charognes vermine parasite parasites dechet
dechets sous-merde sous-homme sous-hommes porc porcs tocard tocards blaireau blaireaux boloss
bolosse cassos plouc ploucs facho fachos gauchiasse gauchiasses collabo collabos voyou voyous
racaille racailles""".split()
_FR_SLURS = """bougnoule bougnoules bicot bicots negro negros negre negres youpin youpins youpine feuj feujs
crouille crouilles raton ratons bamboula bamboulas chinetoque chinetoques niakoué niakoue pede pedes
bougnoul sale-arabe""".split()
_THREAT_PHRASES = (
    "kill you", "kill yourself", "kys", "i will kill", "i'll kill", "shoot you", "hang you", "hope you die",
    "you should die", "beat you", "burn you", "slit your", "find you", "watch your back", "rape",
    "je vais te tuer", "je vais te buter", "te buter", "te crever", "on va te", "je vais te retrouver",
    "te defoncer", "casser la gueule", "te casser", "une balle", "te pendre", "les pendre", "les tuer",
    "tous les tuer", "creve", "crever", "fais gaffe", "je sais ou tu habites", "egorger", "fusiller",
    "bruler", "a mort",
)
_SECOND_PERSON = frozenset(
    "you your youre ur u yourself tu t te toi ta ton tes vous votre vos espece sale sales bande gros grosse".split()
)


def _prepare(words: list[str]) -> frozenset[str]:
    return frozenset(fold_accents(normalize_text(w)) for w in words)


@cache
def _lists() -> dict[str, frozenset[str]]:
    """Build the normalised word sets once, on first use (not at import)."""
    return {
        "en_profanity": _prepare(_EN_PROFANITY),
        "en_insult": _prepare(_EN_INSULTS),
        "fr_profanity": _prepare(_FR_PROFANITY),
        "fr_insult": _prepare(_FR_INSULTS),
        "slur": _prepare(_EN_SLURS + _FR_SLURS),
    }


@cache
def _threats() -> tuple[str, ...]:
    return tuple(fold_accents(normalize_text(p)) for p in _THREAT_PHRASES)


_TOKEN = re.compile(r"[a-z0-9à-ÿœæ\-]+")

#: Names of the columns `lexicon_features` returns, in order.
LEXICON_FEATURES: tuple[str, ...] = (
    "lex_en_profanity",
    "lex_en_insult",
    "lex_fr_profanity",
    "lex_fr_insult",
    "lex_slur",
    "lex_threat",
    "lex_targeted",
    "lex_any",
    "lex_share",
)


def lexicon_features(feature_text: str) -> npt.NDArray[np.float32]:
    """Return lexicon hit counts (log-scaled) for text already normalised and accent-folded."""
    tokens = _TOKEN.findall(feature_text[:8000])
    lists = _lists()
    counts = {name: 0 for name in lists}
    targeted = 0
    hits = 0
    previous: list[str] = []
    abusive_sets = (lists["en_insult"], lists["fr_insult"], lists["en_profanity"], lists["fr_profanity"],
                    lists["slur"])  # fmt: skip
    for token in tokens:
        hit = False
        for name, words in lists.items():
            if token in words:
                counts[name] += 1
                hit = True
        if hit:
            hits += 1
            if any(p in _SECOND_PERSON for p in previous[-4:]) and any(token in s for s in abusive_sets):
                targeted += 1
        previous.append(token)
    threat = sum(1 for phrase in _threats() if phrase in feature_text)
    values = (
        math.log1p(counts["en_profanity"]),
        math.log1p(counts["en_insult"]),
        math.log1p(counts["fr_profanity"]),
        math.log1p(counts["fr_insult"]),
        math.log1p(counts["slur"]),
        math.log1p(threat),
        math.log1p(targeted),
        float(hits > 0),
        hits / max(len(tokens), 1) * 4,
    )
    return np.asarray(values, dtype=np.float32)
