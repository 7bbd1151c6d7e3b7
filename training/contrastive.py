"""Hand-authored contrastive examples and templated (and obfuscated) abuse, French and English; training only.

Contrastive pairs teach what is *not* toxic on a news site: negation, quoting to condemn, criticism of
leaders or ideas without insult, strong but civil opinion. The abuse templates, built on a small French
and English insult lexicon, make sure the model sees French insults, threats and slurs in comment form,
also rewritten by the obfuscator (c0nn4rd, enc*lé, s a l o p e ...).
"""

from __future__ import annotations

import random

from training.data import Record, make_labels
from training.obfuscate import obfuscate

SEED = 11

#: Benign texts that share words with abuse: toxicity 0 on every head.
BENIGN: tuple[tuple[str, str], ...] = (
    ("fr", "Je ne dis pas que tu es un con, je dis que ton argument ne tient pas."),
    ("fr", "Je ne traiterais jamais quelqu'un de connard, même en désaccord."),
    ("fr", "Traiter les gens de « salopes » sur internet est inacceptable, il faut sanctionner ça."),
    ("fr", "Il a été condamné pour avoir écrit « sale arabe » sur les réseaux, et c'est justice."),
    ("fr", "Le mot « pute » n'a rien à faire dans un débat politique, restons courtois."),
    ("fr", "Macron mène une politique désastreuse."),
    ("fr", "Le président mène une politique désastreuse pour les classes moyennes."),
    ("fr", "Ce gouvernement est incompétent sur la question du logement."),
    ("fr", "Le Premier ministre ment sur les chiffres du déficit, c'est grave."),
    ("fr", "Je suis totalement opposé à cette réforme injuste et brutale."),
    ("fr", "Cette loi est une honte pour la démocratie, j'irai manifester samedi."),
    ("fr", "Poutine est un criminel de guerre qui doit être jugé à La Haye."),
    ("fr", "Le Hamas a commis des crimes atroces, et les bombardements sur Gaza aussi tuent des civils."),
    ("fr", "Les idées du Rassemblement national sont dangereuses pour la République."),
    ("fr", "La France insoumise raconte n'importe quoi sur l'économie."),
    ("fr", "Les écologistes se trompent complètement sur le nucléaire."),
    ("fr", "Je déteste cette politique migratoire, mais je respecte ceux qui la défendent."),
    ("fr", "Arrêtez de vous insulter dans les commentaires, débattons des idées."),
    ("fr", "Dire que tous les musulmans sont des terroristes est faux et raciste."),
    ("fr", "Les juifs ne sont pas responsables de la politique du gouvernement israélien."),
    ("fr", "L'homophobie tue encore en France, il faut continuer l'éducation."),
    ("fr", "Quelle connerie cette réforme, franchement."),
    ("fr", "Putain, encore une hausse des impôts, on n'en sort pas."),
    ("fr", "Merde alors, je n'avais pas vu passer cette info."),
    ("fr", "Les migrants fuient la guerre, ils méritent notre accueil."),
    ("fr", "Cet élu est un incapable qui devrait démissionner."),
    ("fr", "Ces ministres sont des menteurs et des incompétents, vivement les élections."),
    ("fr", "Je ne supporte plus les mensonges de ce gouvernement."),
    ("fr", "C'est du grand n'importe quoi, cette décision va ruiner les agriculteurs."),
    ("fr", "Tuer le débat en traitant l'autre de fasciste n'aide personne."),
    ("fr", "Très bon restaurant, accueil chaleureux, je recommande vivement."),
    ("fr", "Produit de mauvaise qualité, cassé au bout d'une semaine, je suis déçu."),
    ("fr", "Service client nul, trois semaines pour une réponse. Je ne commanderai plus."),
    ("fr", "Livraison rapide, article conforme à la description. Parfait."),
    ("fr", "Le film est nul, scénario bâclé, acteurs sans conviction."),
    ("fr", "La guerre en Ukraine a fait des centaines de milliers de morts."),
    ("fr", "L'armée russe a bombardé une école, c'est un crime de guerre."),
    ("fr", "Il faut abattre le mur de la bureaucratie, pas les gens."),
    ("fr", "Cet attentat est une horreur, toutes mes pensées vont aux familles des victimes."),
    ("fr", "Je vais voter contre ce député aux prochaines élections."),
    # news comments on war and politics: violent topics, civil words
    ("fr", "Les frappes russes sur Kharkiv visent des civils, c'est un crime de guerre."),
    ("fr", "Des milliers de morts à Gaza : le cessez-le-feu doit être imposé maintenant."),
    ("fr", "Les otages israéliens doivent être libérés sans condition."),
    ("fr", "L'attentat a tué douze personnes, les terroristes doivent être jugés."),
    ("fr", "Le massacre de Boutcha ne doit jamais être oublié."),
    ("fr", "L'armée ukrainienne a repris trois villages, mais les pertes sont lourdes."),
    ("fr", "Bombarder des hôpitaux est une violation flagrante du droit international."),
    ("fr", "On parle de génocide, mais c'est à la justice internationale de qualifier les faits."),
    ("fr", "La dissuasion nucléaire française n'a pas vocation à protéger toute l'Europe."),
    ("fr", "Envoyer des soldats français en Ukraine serait une folie."),
    ("fr", "Le Kremlin ment depuis le premier jour de cette invasion."),
    ("fr", "Netanyahou porte une lourde responsabilité dans ce carnage, le Hamas aussi."),
    ("fr", "Les sanctions contre la Russie ne fonctionnent pas, il faut changer de stratégie."),
    ("fr", "Cette guerre est une boucherie, des deux côtés on envoie des jeunes mourir."),
    ("fr", "L'extrême droite instrumentalise chaque fait divers, c'est lamentable."),
    ("fr", "La gauche a trahi les ouvriers depuis trente ans, voilà pourquoi ils votent RN."),
    ("fr", "Ce débat à l'Assemblée était pitoyable, aucun député n'a parlé du fond."),
    ("fr", "Le 49.3 encore une fois : ce gouvernement méprise le Parlement."),
    ("fr", "Votre article est biaisé et oublie la moitié des faits."),
    ("fr", "Journaliste, faites votre travail : vérifiez vos sources avant de publier."),
    ("fr", "Les policiers qui ont tiré doivent répondre de leurs actes devant un juge."),
    ("fr", "La colonisation a fait des ravages, il faut regarder cette histoire en face."),
    ("fr", "Le terrorisme islamiste reste la principale menace selon la DGSI."),
    ("fr", "L'antisémitisme explose en France depuis octobre, c'est alarmant."),
    ("fr", "Les immigrés clandestins devraient être expulsés quand la justice l'a décidé."),
    ("fr", "Je suis pour la fermeté sur l'immigration, sans haine envers personne."),
    ("fr", "Ces émeutiers ont tout cassé, ils doivent être sanctionnés."),
    ("fr", "Les tirs de missiles ont détruit la centrale, des millions de gens sont sans électricité."),
    ("fr", "Un soldat tué au Mali, toutes mes condoléances à sa famille."),
    ("fr", "Ce dictateur a fait exécuter ses opposants, le monde ne dit rien."),
    # groups named in the news, neither attacked nor insulted
    ("fr", "Les juifs de France ont peur, et on les comprend après ces agressions."),
    ("fr", "Les musulmans de France condamnent massivement cet attentat."),
    ("fr", "Les Roms du camp ont été expulsés sans solution de relogement."),
    ("fr", "Les réfugiés ukrainiens accueillis à Lyon cherchent du travail."),
    ("fr", "Les immigrés sont surreprésentés dans les métiers essentiels, rappelle l'étude."),
    ("fr", "Les homosexuels restent la cible d'agressions, selon SOS Homophobie."),
    ("fr", "Les Noirs de France subissent plus de contrôles d'identité, d'après le Défenseur des droits."),
    ("fr", "Les catholiques pratiquants sont de moins en moins nombreux."),
    ("fr", "Les Arabes chrétiens d'Orient sont aussi victimes de cette guerre."),
    ("fr", "Les femmes sont en première ligne dans les hôpitaux."),
    ("fr", "La communauté juive de Strasbourg a rendu hommage aux victimes."),
    ("fr", "Les mosquées ont appelé au calme après les violences."),
    ("en", "Jewish students say they feel unsafe on campus after the protests."),
    ("en", "Muslim leaders condemned the attack within hours."),
    ("en", "Black voters turned out in record numbers in Georgia."),
    ("en", "Trans people are still waiting for the healthcare the law promised."),
    ("en", "Immigrants make up a large share of care workers, the report says."),
    ("en", "The mosque was vandalised and the police are investigating."),
    ("en", "Russian missile strikes on Kharkiv are targeting civilians; that is a war crime."),
    ("en", "Thousands dead in Gaza: a ceasefire must be enforced now."),
    ("en", "The hostages must be released unconditionally."),
    ("en", "The terrorists who carried out the attack must face justice."),
    ("en", "Bombing hospitals is a clear violation of international law."),
    ("en", "This war is a slaughter, and young men on both sides are sent to die."),
    ("en", "The Kremlin has lied since the first day of the invasion."),
    ("en", "Your article is biased and leaves out half of the facts."),
    ("en", "The far right exploits every crime for votes, it's shameful."),
    ("en", "The officers who fired must answer to a judge."),
    ("en", "I support tougher immigration rules, without hating anyone."),
    ("en", "The rioters destroyed everything and should be punished."),
    ("en", "I'm not saying you're an idiot, I'm saying your argument is wrong."),
    ("en", "Calling people 'sluts' online is unacceptable and should be moderated."),
    ("en", "He was fined for shouting a racist slur, and rightly so."),
    ("en", "The president's policy is a disaster for working families."),
    ("en", "This government is incompetent on housing."),
    ("en", "Putin is a war criminal and should stand trial."),
    ("en", "I strongly oppose this unfair and brutal reform."),
    ("en", "Saying all Muslims are terrorists is false and racist."),
    ("en", "Stop insulting each other and discuss the ideas."),
    ("en", "Damn, I didn't see that coming."),
    ("en", "What a stupid policy, it will hurt the poorest."),
    ("en", "Great restaurant, friendly staff, highly recommended."),
    ("en", "Terrible product, broke after a week, very disappointed."),
    ("en", "The minister lied about the deficit figures, that is serious."),
    ("en", "The attack was horrific, my thoughts go to the victims' families."),
)

_FR_INSULTS = ("connard", "connasse", "salope", "enculé", "pute", "abruti", "crétin", "débile", "bâtard",
               "enfoiré", "ordure", "pourriture", "sous-merde", "fils de pute", "bouffon", "raclure",
               "tocard", "sale con", "grosse merde", "imbécile")  # fmt: skip
_EN_INSULTS = ("asshole", "bitch", "idiot", "moron", "piece of shit", "retard", "bastard", "dickhead",
               "scumbag", "loser", "cunt", "motherfucker", "dumbass")  # fmt: skip
_FR_TARGETS = ("les arabes", "les juifs", "les noirs", "les musulmans", "les homosexuels", "les roms",
               "les migrants", "les femmes", "les trans")  # fmt: skip
_EN_TARGETS = ("muslims", "jews", "black people", "immigrants", "gay people", "women", "trans people")
_FR_SLURS = ("bougnoules", "youpins", "négros", "pédés", "bicots", "melons")
_FR_PEOPLE = ("Macron", "le ministre", "ce journaliste", "l'auteur", "Mélenchon", "Le Pen", "toi", "ce type")
#: The abuse of French political threads: names for the press and opponents, racist, homophobic and sexist
#: slurs aimed at public figures, calls to hang or shoot. Plural forms, to fit "ces {pol}", "bande de {pol}".
_FR_POLITICAL = ("journalopes", "merdias", "gauchiasses", "fachos", "collabos", "macronards", "droitards",
                 "nazillons", "gauchos de merde", "bobos de merde", "vendus", "pourris", "traîtres")  # fmt: skip
_FR_PUBLIC = ("Macron", "la ministre", "ce député", "Zelensky", "Poutine", "cette journaliste", "Bardella",
              "Mélenchon", "le maire", "la présidente de l'Assemblée", "Attal", "Le Pen")  # fmt: skip
_FR_FIGURE_SLURS = ("macaque", "singe", "tafiole", "tarlouze", "fiotte", "pédale", "grosse vache", "pétasse",
                    "pouffiasse", "mal baisée", "drogué", "bamboula", "youpin", "bougnoule")  # fmt: skip

_FR_ABUSE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("T'es qu'un {insult}.", ("insult",)),
    ("Espèce de {insult} !", ("insult",)),
    ("{person} est un gros {insult}.", ("insult",)),
    ("Ferme ta gueule, {insult}.", ("insult", "profanity")),
    ("Va te faire foutre, {insult} de merde.", ("insult", "profanity", "severe_toxicity")),
    ("Nique ta mère {insult}", ("insult", "profanity", "severe_toxicity")),
    ("Ta gueule le {insult}, retourne dans ton trou.", ("insult", "profanity")),
    ("Tous des {insult}s, ces journalistes.", ("insult",)),
    ("L'auteur de cet article est un {insult} fini.", ("insult",)),
    ("Je vais te retrouver et te buter, {insult}.", ("threat", "insult", "severe_toxicity")),
    ("On va te crever sale {insult}.", ("threat", "insult", "severe_toxicity")),
    ("Je sais où tu habites, fais gaffe à toi.", ("threat",)),
    ("{person} mérite une balle dans la tête.", ("threat", "severe_toxicity")),
    ("Il faudrait tous les pendre, ces traîtres.", ("threat", "severe_toxicity")),
    ("Dehors {target}, rentrez chez vous, bande de parasites.", ("identity_attack",)),
    ("{target} sont des animaux, il faut les chasser de France.", ("identity_attack", "severe_toxicity")),
    ("Sales {slur}, vous nous pourrissez la vie.", ("identity_attack", "insult")),
    ("Les {slur} dehors !", ("identity_attack",)),
    ("{target} sont tous des voleurs et des violeurs.", ("identity_attack",)),
    ("Putain de {insult}, tu comprends rien.", ("insult", "profanity")),
    ("Quel {insult} ce mec, j'ai envie de lui casser la gueule.", ("insult", "threat")),
    ("Retourne sucer des bites, {insult}.", ("insult", "profanity", "severe_toxicity")),
    ("Vous êtes vraiment des {insult}s dans cette rédaction.", ("insult",)),
    ("Crève, {insult}.", ("insult", "threat")),
    ("Encore un article de {pol} payés par le gouvernement.", ("insult",)),
    ("Les {pol} mentent comme d'habitude.", ("insult",)),
    ("Bande de {pol}, dégagez.", ("insult",)),
    ("Ces {pol} de députés méritent la corde.", ("insult", "threat", "severe_toxicity")),
    ("Qu'on les pende tous, ces {pol}.", ("threat", "severe_toxicity")),
    ("Au poteau, les {pol} !", ("threat", "severe_toxicity")),
    ("{public}, ce {figure}, qu'il dégage.", ("insult",)),
    ("{public} est un(e) {figure}.", ("insult",)),
    ("Retourne en Afrique, {figure}.", ("identity_attack", "insult")),
    ("{public} mérite une balle, comme tous les {pol}.", ("threat", "severe_toxicity")),
    ("Quelle {figure} cette ministre, elle n'a jamais travaillé de sa vie.", ("insult",)),
)
_EN_ABUSE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("You're a fucking {insult}.", ("insult", "profanity")),
    ("Shut up, you {insult}.", ("insult",)),
    ("The author is a total {insult}.", ("insult",)),
    ("I will find you and kill you, {insult}.", ("threat", "insult", "severe_toxicity")),
    ("Someone should shoot this {insult}.", ("threat", "insult", "severe_toxicity")),
    ("{target} are vermin and should be thrown out.", ("identity_attack", "severe_toxicity")),
    ("Go back to your country, {target} ruin everything.", ("identity_attack",)),
    ("Fuck off, {insult}.", ("insult", "profanity")),
    ("What a piece of shit article, the writer is a {insult}.", ("insult", "profanity")),
    ("I hope you die, {insult}.", ("threat", "insult", "severe_toxicity")),
    ("Typical {pol_en}, paid to lie.", ("insult",)),
    ("{pol_en} will believe anything.", ("insult",)),
    ("Go cry somewhere else, you {pol_en}.", ("insult",)),
    ("These {pol_en} should hang for treason.", ("threat", "severe_toxicity")),
    ("{public_en} is a {figure_en} and everyone knows it.", ("insult",)),
    ("Send them all back on the boats and sink them.", ("threat", "identity_attack", "severe_toxicity")),
    ("What a braindead take from a {pol_en}.", ("insult",)),
    ("{public_en}, the {figure_en}, begging for our money again.", ("insult",)),
    ("Line the {pol_en} up against a wall.", ("threat", "severe_toxicity")),
)
#: English political-thread abuse, plural or singular nouns that fit the templates above.
_EN_POLITICAL = ("libtards", "trumptards", "snowflakes", "cucks", "presstitutes", "traitors", "commies",
                 "fascist pigs", "leftards", "sheeple", "globalist scum")  # fmt: skip
_EN_PUBLIC = ("Zelensky", "Starmer", "Trump", "Biden", "the minister", "this journalist", "Farage", "Macron")
_EN_FIGURE = ("clown", "groomer", "coked-up clown", "traitor", "puppet", "fat pig", "senile idiot", "degenerate")


#: Civil statements about the same public figures the political abuse templates name, so that a name, the
#: press or "bande de" do not read as abuse by themselves.
_FR_CIVIL = (
    "{public} a raison sur ce point, il faut le reconnaître.",
    "Je ne voterai jamais pour {public}, son programme est irréaliste.",
    "{public} ment sur les chiffres du chômage, c'est grave.",
    "{public} doit s'expliquer devant la commission d'enquête.",
    "Je ne partage pas les idées de {public}, mais son discours était clair.",
    "{public} a tort de céder sur ce dossier.",
    "Le bilan de {public} est mauvais, les électeurs jugeront.",
    "{public} devrait démissionner après ce scandale.",
    "Bonne interview de {public}, enfin des réponses précises.",
    "{public} doit négocier, chaque mois de guerre coûte des milliers de vies.",
)
_EN_CIVIL = (
    "{public_en} misled Parliament and should resign.",
    "I disagree with {public_en} on almost everything, but the speech was well argued.",
    "{public_en}'s record on housing is a disaster.",
    "{public_en} must answer questions about the contracts.",
    "{public_en} is wrong to give in on this.",
    "Voters will judge {public_en} at the next election.",
)
_EN_CIVIL_FIXED = (
    "The migrants crossing the Channel are fleeing war, not looking for benefits.",
    "Israeli strikes on Rafah killed dozens of civilians last night.",
    "Traitors to their oath of office should be prosecuted, according to the law.",
    "The press has every right to criticise the government.",
    "Boat arrivals fell by a third this year, the Home Office says.",
    "Calling your opponents traitors or snowflakes does not make an argument.",
)
_FR_CIVIL_FIXED = (
    "Les médias ont complètement raté le sujet, comme d'habitude.",
    "Les journalistes font leur travail, même quand il dérange.",
    "Les députés qui ont voté cette loi devront rendre des comptes.",
    "Quelle bande d'incapables au gouvernement, ils ne savent même pas compter.",
    "Une bande de copains a monté cette association dans le quartier.",
    "La bande dessinée se vend de mieux en mieux en France.",
    "Le gouvernement se moque des retraités, encore une fois.",
    "Ce ministre est un menteur, les chiffres le prouvent.",
    "Les élus locaux sont abandonnés par l'État.",
    "La presse a le droit de critiquer le pouvoir, c'est la démocratie.",
)


def contrastive_records(*, seed: int = SEED) -> list[Record]:
    """Return the hand-authored benign contrastive texts and civil political statements (toxicity 0, spam 0)."""
    rng = random.Random(seed + 2)
    civil = [t.format(public=public) for public in _FR_PUBLIC for t in rng.sample(_FR_CIVIL, k=4)]
    civil_en = [t.format(public_en=public) for public in _EN_PUBLIC for t in rng.sample(_EN_CIVIL, k=3)]
    texts = [
        *BENIGN,
        *(("fr", t[0].upper() + t[1:]) for t in [*civil, *_FR_CIVIL_FIXED]),
        *(("en", t[0].upper() + t[1:]) for t in [*civil_en, *_EN_CIVIL_FIXED]),
    ]
    return [
        Record.authored(text, lang, "contrastive", make_labels(toxicity=0, spam=0), weight=3.0) for lang, text in texts
    ]


def abuse_records(n: int = 1200, *, seed: int = SEED, obfuscated_share: float = 0.4) -> list[Record]:
    """Return templated French and English abuse (spam 0), a share of it obfuscated."""
    rng = random.Random(seed)
    records: list[Record] = []
    for _ in range(n):
        french = rng.random() < 0.7
        template, heads = rng.choice(_FR_ABUSE if french else _EN_ABUSE)
        text = template.format(
            insult=rng.choice(_FR_INSULTS if french else _EN_INSULTS),
            target=rng.choice(_FR_TARGETS if french else _EN_TARGETS),
            slur=rng.choice(_FR_SLURS),
            person=rng.choice(_FR_PEOPLE),
            pol=rng.choice(_FR_POLITICAL),
            public=rng.choice(_FR_PUBLIC),
            figure=rng.choice(_FR_FIGURE_SLURS),
            pol_en=rng.choice(_EN_POLITICAL),
            public_en=rng.choice(_EN_PUBLIC),
            figure_en=rng.choice(_EN_FIGURE),
        )
        text = text[0].upper() + text[1:]
        if rng.random() < obfuscated_share:
            text = obfuscate(text, rng, rate=0.6)
        # threat and identity attack are clear from the template; other heads only when listed
        known: dict[str, float | None] = {"threat": 0.0, "identity_attack": 0.0}
        known.update({h: 1.0 for h in heads})
        labels = make_labels(toxicity=1, spam=0, **known)
        records.append(Record.authored(text, "fr" if french else "en", "synthetic_abuse", labels))
    return records


_EN_GROUPS = ("women", "trans people", "gay people", "black people", "disabled people", "Muslims",
              "immigrants", "Jews", "refugees", "Arabs", "lesbians", "Asians", "Roma", "Christians")  # fmt: skip
_FR_GROUPS = ("les femmes", "les trans", "les homos", "les noirs", "les handicapés", "les musulmans",
              "les immigrés", "les juifs", "les réfugiés", "les arabes", "les lesbiennes", "les asiatiques",
              "les roms", "les chrétiens")  # fmt: skip
_EN_HATE = (
    "I can't stand {g}.",
    "{G} are disgusting.",
    "{G} are a plague on this country.",
    "All {g} are criminals.",
    "{G} should not be allowed to vote.",
    "We need to get rid of {g}.",
    "{G} are subhuman trash.",
    "I despise {g}.",
    "{G} are nothing but parasites.",
    "Never trust {g}, they are all liars.",
    "{G} make me sick.",
    "{G} belong in cages.",
    "{G} are too stupid to think for themselves.",
    "{G} deserve to suffer.",
    "I wish {g} would just disappear.",
    "Typical {g}, always whining and lying.",
    "There is nothing worse than {g}.",
    "{G} are vermin.",
    "Honestly, {g} are a cancer on society.",
    "{G} should go back where they came from.",
    "I hate {g} so much.",
    "{G} are filthy animals.",
    "No {g} should be allowed in our schools.",
    "{G} ruin every neighbourhood they move into.",
)
_EN_HATE_THREAT = ("Kill all {g}.", "{G} should be shot.", "Someone should burn down the homes of {g}.",
                   "I'm going to hurt the next {g} I see.")  # fmt: skip
_EN_OK = (
    "{G} deserve the same rights as everyone else.",
    "Many {g} live in my neighbourhood.",
    "Saying {g} are disgusting is hateful and wrong.",
    "I don't hate {g}, I hate injustice.",
    "{G} are not criminals, stop spreading lies.",
    "The article interviews several {g} about their work.",
    "Discrimination against {g} is still far too common.",
    "I stand with {g} facing abuse online.",
    "My best friends are {g}.",
    "If you think {g} are parasites, you need to read some history.",
    "{G} have contributed so much to this country.",
    "Nobody should insult {g}.",
    "Statements like 'all {g} are criminals' are simply racist.",
    "I admire {g} who speak out.",
)
_GENERIC_OK = ("I hate Mondays.", "I can't stand this rainy weather.", "I despise pineapple on pizza.",
               "This traffic makes me sick.", "I hate it when the train is late.", "Kill the engine before refuelling.",
               "That concert was sick!", "The new tax is a plague on small businesses.",
               "Je déteste les lundis.", "Je ne supporte plus cette pluie.", "Ce bouchon me rend malade.",
               "Cette taxe est une plaie pour les petits commerces.")  # fmt: skip
_FR_HATE = (
    "Je déteste {g}.",
    "{G} sont dégoûtants.",
    "{G} sont une plaie pour ce pays.",
    "Tous {g} sont des délinquants.",
    "Il faut se débarrasser de {g}.",
    "{G} sont des sous-hommes.",
    "{G} ne sont que des parasites.",
    "Ne faites jamais confiance à {g}, tous des menteurs.",
    "{G} me dégoûtent.",
    "{G} sont trop stupides pour réfléchir.",
    "{G} méritent de souffrir.",
    "Qu'ils dégagent, {g}, la France aux Français.",
    "{G} sont de la vermine.",
    "{G} sont un cancer pour la société.",
    "{G} pourrissent tous les quartiers où ils s'installent.",
)
_FR_HATE_THREAT = ("Il faut tous les tuer, {g}.", "{G}, on va vous brûler.", "Qu'on fusille {g}.")
_FR_OK = (
    "{G} méritent les mêmes droits que tout le monde.",
    "Beaucoup {d} vivent dans mon quartier.",
    "Dire que {g} sont des parasites est raciste et faux.",
    "Je ne déteste pas {g}, je déteste l'injustice.",
    "{G} ne sont pas des délinquants, arrêtez les amalgames.",
    "L'article donne la parole à {g}.",
    "Les discriminations contre {g} restent trop fréquentes.",
    "Je soutiens {g} harcelés en ligne.",
    "Personne ne devrait insulter {g}.",
    "Des phrases comme « {g} sont de la vermine » sont inacceptables.",
)


def identity_records(*, seed: int = SEED) -> list[Record]:
    """Return authored identity-hate statements about protected groups and their benign counterparts."""
    rng = random.Random(seed + 1)
    out: list[Record] = []

    def add(text: str, lang: str, toxic: bool, threat: bool = False) -> None:
        labels = (
            make_labels(toxicity=1, identity_attack=1, threat=int(threat), spam=0)
            if toxic
            else make_labels(toxicity=0, spam=0)
        )
        out.append(Record.authored(text, lang, "synthetic_identity", labels, weight=4.0))

    for groups, hate, threats, ok, lang in (
        (_EN_GROUPS, _EN_HATE, _EN_HATE_THREAT, _EN_OK, "en"),
        (_FR_GROUPS, _FR_HATE, _FR_HATE_THREAT, _FR_OK, "fr"),
    ):
        for group in groups:
            fields = {
                "g": group,
                "G": group[0].upper() + group[1:],
                "d": "de " + group.split(" ", 1)[-1] if lang == "fr" else group,
            }
            for template in rng.sample(hate, k=min(len(hate), 9)):
                add(template.format(**fields), lang, True)
            add(rng.choice(threats).format(**fields), lang, True, threat=True)
            for template in rng.sample(ok, k=min(len(ok), 8)):
                add(template.format(**fields), lang, False)
    for text in _GENERIC_OK:
        add(
            text,
            "fr" if (" " in text and any(c in text for c in "éèû")) or text.startswith(("Je", "Ce", "Cette")) else "en",
            False,
        )
    return out
