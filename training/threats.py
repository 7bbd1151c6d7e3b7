"""Threats and group-directed hate without slurs, each with civil counterparts on the same words (training only).

Before these, "Ce type mérite d'être pendu sur la place publique." scored 0.08 and "It's the Jews behind this war
as always." 0.41: the abuse the model had seen leaned on insults and slurs. These templates, written for this
project, cover threats against the writer, journalists, public figures and groups (hanging, shooting,
beating, "someone should...", "il faudrait le fusiller") and hate against groups said with ordinary words
(women, Jews, Muslims, migrants, Ukrainians, Russians...). Every abusive template has civil sentences that
use the same words ("pendu au téléphone", "the missile hit", "les Juifs de France ont droit à la sécurité"),
the same length and the same punctuation, so that neither the words nor the shape give the label away.
Identities (name, e-mail, website) are added later from the one distribution every row draws from.
"""

from __future__ import annotations

import random

from training.data import Record, make_labels

SEED = 13

_FR_TARGETS: tuple[str, ...] = (
    "ce journaliste", "l'auteur de l'article", "Macron", "ce député", "Zelensky", "Poutine", "ce traître", "le maire",
    "ce type", "le ministre", "ce rédacteur", "Mélenchon",
)  # fmt: skip
_EN_TARGETS: tuple[str, ...] = (
    "this writer", "the journalist", "Zelensky", "Putin", "the minister", "this traitor", "the author",
    "that reporter", "Starmer", "Trump", "this guy", "the mayor",
)  # fmt: skip

#: Threats against a person: the writer, journalists, public figures. {t} the target, {T} capitalised.
_FR_THREATS: tuple[str, ...] = (
    "{T} mérite d'être pendu devant la mairie.",
    "{T}, il faudrait le fusiller sans procès.",
    "Quelqu'un devrait mettre une balle dans la tête de {t}.",
    "On devrait pendre {t} haut et court.",
    "Si je croise {t} dans la rue, je lui casse la gueule.",
    "{T}, on sait où tu habites, ça va mal finir pour toi.",
    "Un jour quelqu'un va tirer sur {t}, et il l'aura cherché.",
    "{T} finira au bout d'une corde, je l'espère.",
    "Qu'on aligne {t} contre un mur et qu'on en finisse.",
    "{T} mérite d'être tabassé jusqu'à ce qu'il comprenne.",
    "Faudrait lui faire la peau, à {t}.",
    "Une bonne balle pour {t} et on n'en parle plus.",
    "Je vais retrouver {t} et le frapper jusqu'au sang.",
    "Il faudrait que quelqu'un règle son compte à {t}, définitivement.",
    "{T} mériterait qu'on brûle sa maison avec lui dedans.",
    "{T}, on va te buter, tu ne perds rien pour attendre.",
    "Je vais flinguer {t} s'il remet les pieds ici.",
    "{T} mérite d'être égorgé comme un porc.",
    "Qu'on lynche {t} en place publique.",
    "Je vais défoncer {t} à coups de barre de fer.",
    "{T}, je connais ta rue, prépare-toi.",
    "Il faut abattre {t}, c'est la seule solution.",
)
#: The same words, civil: idioms, war news, condemnation of threats, criticism without violence.
_FR_CIVIL: tuple[str, ...] = (
    "{T} est resté pendu au téléphone pendant toute la réunion.",
    "Il faudrait le relire, {t}, avant de publier de tels chiffres.",
    "Une balle perdue a tué un civil à Kharkiv, d'après l'article.",
    "{T} s'est tiré une balle dans le pied avec cette réforme.",
    "{T} mérite d'être battu aux élections, pas menacé.",
    "{T} doit être jugé par un tribunal, pas lynché sur internet.",
    "Menacer {t} de mort est inacceptable.",
    "{T} a été hué sur la place publique hier, une scène rare.",
    "{T} s'est fait tabasser dans les sondages, et c'est mérité.",
    "Le missile a frappé un immeuble, douze civils ont été tués.",
    "Quelqu'un devrait demander des comptes à {t} sur ce contrat.",
    "Il faudrait que {t} s'explique, définitivement.",
    "Les soldats ont été abattus lors de l'embuscade, selon l'AFP.",
    "{T} finira par céder, je l'espère.",
    "On sait où {t} veut aller, et je ne suis pas d'accord.",
    "Le régime a fait fusiller des opposants.",
    "{T} a été battu à plate couture au premier tour.",
    "Les chars ont été abattus par des drones près de Bakhmout.",
    "{T} a défoncé une porte ouverte avec ce discours.",
    "{T} connaît bien la rue, il a été militant syndical.",
    "Il faut abattre les préjugés sur ce sujet, pas les gens.",
    "{T} s'est fait lyncher sur les réseaux, c'est excessif.",
)
_EN_THREATS: tuple[str, ...] = (
    "Somebody ought to put a bullet through {t}'s skull.",
    "{T} deserves to hang in the public square.",
    "Someone should shoot {t} and be done with it.",
    "If I ever see {t} in the street, I'll beat him senseless.",
    "{T} should be lined up against a wall and shot.",
    "Hang {t} from the nearest lamppost.",
    "We know where {t} lives. Watch your back.",
    "{T} needs a good beating to learn his place.",
    "I hope someone runs {t} over with a truck.",
    "{T} will get what's coming: a rope and a tree.",
    "Somebody needs to take {t} out, permanently.",
    "I'm going to find {t} and make him bleed.",
    "Burn {t}'s house down with him inside.",
    "One bullet for {t} and the problem is solved.",
    "{T} should be dragged out and lynched.",
    "I'm going to stab {t} the next time I see him.",
    "Put {t} in front of a firing squad.",
    "{T}, I know your street. Be ready.",
    "Shoot {t} on sight, that's the only fix.",
    "{T} deserves to have his throat cut.",
)
_EN_CIVIL: tuple[str, ...] = (
    "The missile hit a block of flats.",
    "{T} shot down the proposal in committee yesterday.",
    "{T} left the interviewer hanging on the line for an hour.",
    "Someone should ask {t} about those contracts.",
    "{T} deserves to lose the next election.",
    "Threatening to shoot {t} is a crime.",
    "{T} took a beating in the polls this week.",
    "The soldiers were shot during the ambush, the ministry says.",
    "Hanging was abolished here long ago, and rightly so.",
    "{T} should be held to account.",
    "We know where {t} stands on this, and I disagree.",
    "Somebody needs to take {t}'s arguments apart, calmly.",
    "{T} shot himself in the foot with that speech.",
    "A stray bullet killed a child in Kharkiv, the article says.",
    "{T} will get what's coming at the ballot box, I hope.",
    "{T} was beaten badly in the first round.",
    "The tanks were taken out by drones near Bakhmut.",
    "{T} knows the street well, he was a union organiser.",
    "{T} got savaged on social media, which is excessive.",
    "The firing squad scene in the film is hard to watch.",
)

_FR_GROUPS: tuple[str, ...] = (
    "les femmes", "les juifs", "les musulmans", "les migrants", "les Ukrainiens", "les Russes", "les Africains",
    "les Arabes", "les Roms", "les homosexuels", "les réfugiés", "les Américains",
)  # fmt: skip
_EN_GROUPS: tuple[str, ...] = (
    "women", "Jews", "Muslims", "migrants", "Ukrainians", "Russians", "Africans", "Arabs", "Roma", "gay people",
    "refugees", "Americans",
)  # fmt: skip

#: Hate against a group in ordinary words, no slur. {g} the group, {G} capitalised, {d} "de/d'" + group.
_FR_HATE: tuple[str, ...] = (
    "C'est encore {g} derrière cette guerre, comme toujours.",
    "On ne peut pas faire confiance à {g}, c'est dans leur nature.",
    "{G} contrôlent les médias, voilà pourquoi on nous ment.",
    "Il y a trop {d} dans ce pays, il faut tous les expulser.",
    "{G} sont une race de traîtres et de menteurs.",
    "Moins il y aura {d} en France, mieux on se portera.",
    "{G} ne sont pas des êtres humains comme nous.",
    "{G} n'ont qu'à crever, ce n'est pas notre problème.",
    "Il faudrait tous les fusiller, {g}, sans exception.",
    "{G} devraient être renvoyés chez eux, tous sans exception.",
    "{G} ne méritent aucun droit dans ce pays.",
    "Qu'on les enferme tous, {g}, avant qu'il soit trop tard.",
    "{G} devraient tous être exterminés.",
    "{G} sont une maladie pour l'Europe.",
    "Il faut chasser {g} de nos villes une bonne fois pour toutes.",
    "{G} ne devraient pas avoir le droit de parler.",
)
_FR_HATE_CIVIL: tuple[str, ...] = (
    "{G} de France ont droit à la sécurité.",
    "Dire que {g} sont derrière chaque guerre est un vieux mensonge.",
    "{G} ne contrôlent pas les médias, arrêtez ces théories.",
    "Beaucoup {d} ont fui la guerre, l'accueil doit être digne.",
    "Les violences contre {g} augmentent, les chiffres le montrent.",
    "On peut critiquer un gouvernement sans accuser {g} en bloc.",
    "Les menaces contre {g} ont augmenté.",
    "{G} sont des citoyens comme les autres, avec les mêmes droits.",
    "Les journalistes ont interrogé {g} sur leur vie quotidienne.",
    "Il y a beaucoup {d} dans ma ville, et tout se passe bien.",
    "{G} ne sont pas responsables des choix de leurs dirigeants.",
    "Enfermer {g} dans des clichés, non.",
    "{G} ont été victimes d'une maladie de la haine.",
    "Les villes qui accueillent {g} en parlent plutôt bien.",
    "{G} ont le droit de parler, comme tout le monde.",
)
_EN_HATE: tuple[str, ...] = (
    "Behind every war there are {g}, every single time.",
    "You can't trust {g}, it's in their nature.",
    "{G} control the media, that's why we're lied to.",
    "There are too many {g} in this country, deport them all.",
    "{G} are a race of traitors and liars.",
    "The fewer {g} there are, the better off we'll be.",
    "{G} aren't human beings like us.",
    "{G} can rot for all I care, let them die.",
    "Every one of {g} should be sent back, no exceptions.",
    "{G} deserve no rights in this country.",
    "Lock them all up, {g}, before it's too late.",
    "Shoot them all, {g}, every last one.",
    "{G} should all be exterminated.",
    "{G} are a disease spreading across Europe.",
    "Drive {g} out of our towns once and for all.",
    "{G} should not be allowed to speak.",
)
_EN_HATE_CIVIL: tuple[str, ...] = (
    "{G} have a right to feel safe here.",
    "Saying {g} are behind every war is an old conspiracy lie.",
    "{G} do not control the media, stop spreading this theory.",
    "Many {g} fled the war and deserve a welcome.",
    "Attacks on {g} have risen since the war began, police say.",
    "Criticise governments, not {g} as a whole.",
    "The reporters spoke to {g} about their daily lives.",
    "{G} are citizens like everyone else, with the same rights.",
    "There are many {g} in my town, and everyone gets along.",
    "{G} are not responsible for what their leaders decide.",
    "Putting {g} in boxes like that is wrong.",
    "Towns that took in {g} mostly speak well of it.",
    "{G} have every right to speak, like anyone.",
    "Hatred of {g} spreads like a disease online.",
)
#: Said of one group only; each with a civil sentence on the same words.
_FIXED: tuple[tuple[str, bool, bool, str], ...] = (  # (language, toxic, identity attack, text)
    ("en", True, True, "Female reporters should stick to cooking shows, not politics."),
    ("en", False, False, "Female reporters broke the biggest stories of this war."),
    ("fr", True, True, "Les femmes journalistes devraient s'en tenir à la mode, pas à la guerre."),
    ("fr", False, False, "Les femmes journalistes ont couvert cette guerre avec un courage remarquable."),
    ("fr", True, True, "Une femme à la Défense, voilà pourquoi on perd cette guerre."),
    ("fr", False, False, "Une femme à la Défense, c'est une première et elle connaît ses dossiers."),
    ("en", True, True, "A woman running the army, no wonder we're losing."),
    ("en", False, False, "A woman running the army is a first, and she knows her brief."),
    ("fr", True, True, "Les juifs tirent les ficelles de cette guerre, ouvrez les yeux."),
    ("fr", False, False, "Les familles juives de Sarcelles ont droit à la sécurité, comme chacun."),
    ("en", True, True, "The Jews are pulling the strings of this war, wake up."),
    ("en", False, False, "Jewish families here have a right to be safe, like everyone."),
    ("fr", True, True, "Les Russes sont des barbares, tous autant qu'ils sont."),
    ("fr", False, False, "Les Russes qui manifestent contre la guerre risquent la prison."),
    ("en", True, True, "Ukrainians are all Nazis, they deserve what's happening."),
    ("en", False, False, "Ukrainians are defending their country, whatever you think of the war."),
    ("fr", True, True, "Les Ukrainiens n'ont qu'à mourir, on s'en fiche."),
    ("fr", False, False, "Les Ukrainiens résistent depuis trois ans, chapeau."),
)


#: Threats said without a violent verb (issue 20): a visit, an address, "watch your back", doxxing. Each with a
#: civil twin on the same words: an address of a town hall, a visit by a minister, "watch" a debate.
_VISITS: tuple[tuple[str, str, str], ...] = (  # (language, threat, civil twin)
    (
        "fr",
        "On sait où tu habites, {t}, fais gaffe en rentrant ce soir.",
        "On sait où {t} veut aller, et ce sera long.",
    ),
    ("fr", "{T}, on va venir te rendre une petite visite chez toi.", "{T} va rendre une visite officielle à Kiev."),
    (
        "fr",
        "Ton adresse circule déjà, {t}, dors bien cette nuit.",
        "L'adresse de la mairie circule sur le site, pratique.",
    ),
    ("fr", "{T}, j'ai ton adresse et celle de tes enfants.", "{T} a donné l'adresse du centre d'accueil aux familles."),
    (
        "fr",
        "Fais attention à toi, {t}, on connaît ta voiture et ton quartier.",
        "Fais attention aux chiffres, {t}, le quartier a changé.",
    ),
    (
        "fr",
        "{T}, surveille tes arrières, on t'attend devant chez toi.",
        "{T} surveille ses arrières au Parlement, c'est de bonne guerre.",
    ),
    ("fr", "Voici l'adresse perso de {t}, allez-y nombreux.", "Voici l'adresse du meeting de {t}, allez-y nombreux."),
    (
        "fr",
        "On viendra sonner chez toi, {t}, et pas pour discuter.",
        "{T} viendra à la rencontre des habitants, pour discuter.",
    ),
    (
        "fr",
        "{T}, je sais à quelle école vont tes gosses.",
        "{T}, je connais l'école de mon quartier, elle manque de moyens.",
    ),
    (
        "fr",
        "Quelqu'un a le numéro et l'adresse de {t} ? On va s'occuper de lui.",
        "Quelqu'un a le lien vers le discours de {t} ? Je voudrais le lire.",
    ),
    (
        "fr",
        "Tu ne perds rien pour attendre, {t}, on sait où te trouver.",
        "Pour trouver {t}, la permanence est ouverte le lundi.",
    ),
    ("en", "We know where you live, {t}, sleep tight tonight.", "We know where {t} stands on tax, and it's wrong."),
    (
        "en",
        "Let's pay {t} a little visit at home this weekend.",
        "Let's pay {t} a compliment, the speech this weekend was good.",
    ),
    (
        "en",
        "{T}, watch your back, we're parked outside your house.",
        "{T} should watch the debate again, he missed the point.",
    ),
    (
        "en",
        "Here's {t}'s home address, you know what to do.",
        "Here's the address of {t}'s constituency office, write to him.",
    ),
    ("en", "{T}, I know which school your kids go to.", "{T}, I know the school in question, it needs funding."),
    (
        "en",
        "Someone should show up at {t}'s door and teach him a lesson.",
        "Someone should ask {t} at his next town hall about this.",
    ),
    (
        "en",
        "Be careful driving home tonight, {t}, we know your car.",
        "Be careful with those figures, {t}, they don't add up.",
    ),
    (
        "en",
        "{T}'s address is all over the forum now. Good luck, mate.",
        "{T}'s speech is all over the news now. Good luck to him.",
    ),
    (
        "en",
        "You'd better look over your shoulder, {t}, we're coming.",
        "{T} had to look over his notes twice during the interview.",
    ),
    (
        "en",
        "Anyone got {t}'s phone number and address? Time for a house call.",
        "Anyone got a link to {t}'s speech? I'd like to read it.",
    ),
)
#: Civil sentences on the words of those threats (a visit, home, tonight, "let's", "watch", "be careful"), so that
#: the words of everyday news comments do not read as threats.
_VISIT_CIVIL: tuple[tuple[str, str], ...] = (
    ("en", "Let's pay tribute to the rescue teams."),
    ("en", "Let's not forget the victims of the floods."),
    ("en", "Let's give the negotiators a few more weeks."),
    ("en", "Let's see what the inquiry finds before blaming anyone."),
    ("en", "The president's visit to the front was announced tonight."),
    ("en", "Rescue teams went door to door after the storm."),
    ("en", "We're coming up on two years of war."),
    ("en", "The school reopened after the shelling, the children are back."),
    ("en", "Watch the interview in full, the quote is out of context."),
    ("en", "Be careful driving on the coast road tonight, it is flooded."),
    ("en", "I know where my grandparents lived before the war."),
    ("en", "Anyone got the link to the council's budget?"),
    ("en", "Someone should show the minister the hospital waiting lists."),
    ("en", "He had to look over his shoulder at the cameras, an awkward moment."),
    ("fr", "Le président rendra visite aux agriculteurs ce soir."),
    ("fr", "Les secours ont fait du porte-à-porte après les inondations."),
    ("fr", "Quelqu'un connaît l'adresse du bureau de vote du quartier ?"),
    ("fr", "L'école a rouvert après les bombardements, les enfants sont revenus."),
    ("fr", "Faites attention en lisant ces sondages, l'échantillon est petit."),
    ("fr", "On sait où se trouvait le dépôt de munitions, d'après l'article."),
    ("fr", "Regardez l'entretien en entier, la citation est sortie de son contexte."),
    ("fr", "Prudence sur la route ce soir, la départementale est inondée."),
    ("fr", "Quelqu'un devrait montrer au ministre les listes d'attente des hôpitaux."),
    ("fr", "Ma famille habite près de la frontière, on surveille les nouvelles."),
)
#: Group attribution without slurs (issue 20): the writer's identity blamed for what they wrote, with a civil twin.
_ATTRIBUTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "fr",
        "Évidemment, c'est encore {a} qui a écrit ce torchon.",
        "L'article a été écrit par {a}, spécialiste du sujet.",
    ),
    ("fr", "Pas étonnant que l'article soit biaisé, l'auteur est {a}.", "L'auteur est {a}, il connaît bien la région."),
    ("fr", "Encore {a} pour nous expliquer la vie, typique.", "Encore un bon papier signé par {a}, merci."),
    ("fr", "Un article pareil ne pouvait venir que d'{a}.", "Un article pareil, signé par {a}, mérite d'être lu."),
    ("en", "Of course it was {a} who wrote this rubbish.", "The article was written by {a}, an expert on the region."),
    (
        "en",
        "No surprise the piece is biased, look who wrote it: {a}.",
        "The piece was written by {a} who lived there for years.",
    ),
    ("en", "Typical, another lecture from {a}.", "Another thoughtful column from {a}, thanks."),
    ("en", "What else would you expect from {a}?", "I'd expect nothing less than rigour from {a}."),
)
_FR_WRITERS: tuple[str, ...] = (
    "un juif",
    "une femme",
    "un musulman",
    "un Arabe",
    "un Noir",
    "un immigré",
    "une lesbienne",
)
_EN_WRITERS: tuple[str, ...] = ("a Jew", "a woman", "a Muslim", "an Arab", "a Black guy", "an immigrant", "a gay man")
_FR_WRITERS_CIVIL: tuple[str, ...] = (
    "un historien juif",
    "une journaliste",
    "un chercheur musulman",
    "un reporter libanais",
    "une historienne",
    "un économiste",
    "une sociologue",
)
_EN_WRITERS_CIVIL: tuple[str, ...] = (
    "a Jewish historian",
    "a woman reporter",
    "a Muslim scholar",
    "a Lebanese reporter",
    "a historian",
    "an economist",
    "a sociologist",
)


#: Threats of a beating in colloquial words (no "kill", no weapon): teeth, face, a stretcher. Each with a civil
#: twin on the same words: "se casser les dents sur une réforme" (to fail), "knock it out of the park".
_BEATINGS: tuple[tuple[str, str, str], ...] = (  # (language, threat, civil twin)
    ("fr", "{T}, je vais te refaire le portrait si tu remets les pieds ici.",
     "{T} veut refaire le portrait du centre-ville, les travaux commencent."),
    ("fr", "Je vais lui casser les dents, à {t}, la prochaine fois qu'il ouvre la bouche.",
     "{T} va se casser les dents sur cette réforme, la prochaine fois il consultera."),
    ("fr", "Qu'il revienne, {t}, et il va se prendre une raclée dont il se souviendra.",
     "Qu'il revienne, {t}, et on lui posera enfin les questions dont il se souviendra."),
    ("fr", "{T}, je vais t'en coller une que tu n'oublieras pas.",
     "{T} a collé une amende aux usines qui polluent, on ne l'oubliera pas."),
    ("fr", "Si {t} repasse par chez nous, il repartira sur une civière.",
     "Si {t} repasse par chez nous, il verra que l'usine a fermé."),
    ("fr", "{T}, la prochaine fois je te mets mon poing dans la figure.",
     "{T}, la prochaine fois lisez le rapport avant de parler."),
    ("fr", "On va lui faire ravaler ses dents, à {t}, ça va saigner.",
     "{T} a dû ravaler ses promesses, ça va coûter cher."),
    ("en", "I'll knock {t}'s teeth out if he shows his face here again.",
     "{T} knocked it out of the park if you ask me, again."),
    ("en", "{T}, come back here and I'll smash your face in.",
     "{T}, come back here and answer the question, please."),
    ("en", "If {t} turns up again he'll be leaving in an ambulance.",
     "If {t} turns up again he'll be facing tougher questions."),
    ("en", "{T} is getting a fist in the mouth next time he shows up.",
     "{T} is getting a grilling in committee next time he shows up."),
    ("en", "I'll break {t}'s jaw, just watch.",
     "{T} broke the deadlock, just watch the vote."),
)  # fmt: skip
#: Women (and other groups) told they have no place in public life: no slur, no threat. Civil twins on the words.
_EXCLUSIONS: tuple[tuple[str, bool, str], ...] = (  # (language, hateful, text)
    ("fr", True, "Les femmes n'ont rien à faire à l'Assemblée, leur place est à la maison."),
    ("fr", False, "Les femmes ont toute leur place à l'Assemblée, et leur nombre augmente."),
    ("fr", True, "Une femme ministre ? Qu'elle retourne à ses fourneaux."),
    ("fr", False, "Une femme ministre des Armées, une première qui fait date."),
    ("fr", True, "Les femmes devraient se contenter de faire des enfants, pas de la politique."),
    ("fr", False, "Les femmes devraient être mieux représentées en politique, les chiffres le montrent."),
    ("fr", True, "Les journalistes femmes, à la cuisine, pas sur les plateaux."),
    ("fr", False, "Les journalistes femmes sont enfin nombreuses sur les plateaux."),
    ("fr", True, "La politique, ce n'est pas pour les bonnes femmes."),
    ("fr", False, "La politique, c'est aussi une affaire de femmes, heureusement."),
    ("en", True, "Women have no business in parliament, back to the kitchen."),
    ("en", False, "Women have every reason to be in parliament, and more should be."),
    ("en", True, "A woman reporter on the front line? She should stick to the lifestyle pages."),
    ("en", False, "A woman reporter on the front line filed the best story this week."),
    ("en", True, "Women should stay home and leave politics to men."),
    ("en", False, "Women should not have to choose between home and politics."),
    ("en", True, "Female presenters belong on the weather, not the news."),
    ("en", False, "Female presenters now host most of the evening news."),
)
#: The same said of any group, and blaming a group for every war or crisis ("c'est connu"). {g}/{G} the group.
_GROUP_EXCLUSIONS: tuple[tuple[str, str, str], ...] = (  # (language, hateful, civil twin)
    ("fr", "{G} n'ont rien à faire au gouvernement, ni nulle part chez nous.",
     "{G} sont encore peu nombreux au gouvernement, selon l'étude."),
    ("fr", "{G} sont derrière toutes les crises, tout le monde le sait.",
     "Dire que {g} sont derrière toutes les crises est un mensonge raciste."),
    ("fr", "Comme par hasard, encore {g} derrière tout ça, c'est connu.",
     "Comme par hasard, {g} sont encore oubliés du plan, c'est connu."),
    ("fr", "Toutes les guerres, ce sont {g} qui les veulent.",
     "Toutes les guerres font des victimes parmi {g} aussi."),
    ("en", "{G} have no business in government, or in this country.",
     "{G} are still underrepresented in government, the study says."),
    ("en", "{G} are behind every crisis, everyone knows it.",
     "Claiming {g} are behind every crisis is a racist lie."),
    ("en", "Funny how it's always {g} behind it all.",
     "Funny how {g} are always left out of the plan."),
    ("en", "Every war is started by {g}, it's common knowledge.",
     "Every war hurts {g} too, it's common knowledge."),
)  # fmt: skip


#: Death wished on a whole group, and violence promised to "every one of these" people; civil twins on the words
#: ("deserve to know", "every single one a tragedy"). {g}/{G} the group, {p} a plural of people in the news.
_GROUP_DEATH: tuple[tuple[str, str, str], ...] = (  # (language, hateful, civil twin)
    ("fr", "{G} méritent tous de mourir, jusqu'au dernier.",
     "{G} méritent tous de connaître la vérité, jusqu'au dernier document."),
    ("fr", "Que {g} crèvent tous, un par un.",
     "Que {g} soient tous entendus, un par un."),
    ("en", "{G} all deserve to die, every single one.",
     "{G} all deserve to know the truth, every single one."),
    ("en", "Let every last one of {g} die, I won't cry.",
     "Every last one of {g} I met was kind, I won't forget."),
)  # fmt: skip
_PLURAL_THREATS: tuple[tuple[str, str, str], ...] = (  # (language, threat, civil twin)
    ("fr", "Je flinguerais volontiers chacun de {p}.", "J'interrogerais volontiers chacun de {p}."),
    ("fr", "Il faudrait aligner tous {p} et tirer dans le tas.", "Il faudrait aligner tous {p} sur la même règle."),
    ("en", "I'd happily put a bullet in every one of {p}.", "I'd happily put a question to every one of {p}."),
    ("en", "Line up all {p} and open fire.", "Line up all {p} and ask them to explain."),
)  # fmt: skip
_FR_PLURALS: tuple[str, ...] = (
    "ces politiciens", "ces journalistes", "ces députés", "ces juges", "ces élus", "ces ministres",
)  # fmt: skip
_EN_PLURALS: tuple[str, ...] = (
    "these politicians", "these journalists", "these MPs", "these judges", "these officials", "these reporters",
)  # fmt: skip
#: Women sent back to "their" subjects ("should stick to..."), with civil sentences on the same words.
_STICK_TO: tuple[tuple[str, bool, str], ...] = (  # (language, hateful, text)
    ("en", True, "Women reporters should stick to recipes and leave the war to men."),
    ("en", False, "Women reporters stuck to the facts and left the rumours to others."),
    ("en", True, "Female MPs should stick to knitting, not defence."),
    ("en", False, "Female MPs should sit on defence, not only on health."),
    ("fr", True, "Les femmes journalistes devraient s'en tenir aux recettes, la guerre c'est pour les hommes."),
    ("fr", False, "Les femmes journalistes s'en sont tenues aux faits, les rumeurs c'est pour les réseaux."),
    ("fr", True, "Les femmes députées, qu'elles s'occupent du tricot, pas de la défense."),
    ("fr", False, "Les femmes députées s'occupent aussi de la défense, pas seulement de la santé."),
)
#: Civil sentences on the people the plural threats name ("ces journalistes", "these reporters"), drawn from the
#: same plurals and shaped like those threats (one sentence, the plural in the middle): praise, thanks, criticism
#: without abuse, so that "journalistes" does not read as abuse on its own. Women are named in the exclusions'
#: and the "should stick to" twins.
_PLURAL_CIVIL: tuple[tuple[str, str], ...] = (  # (language, civil sentence with {p})
    ("fr", "Il faut reconnaître que {p} ont bien travaillé sur ce dossier."),
    ("fr", "Merci à {p} qui sont restés jusqu'au bout malgré tout."),
    ("fr", "On peut critiquer {p} sans les insulter, c'est le débat."),
    ("en", "Credit where it's due, {p} did a good job on this one."),
    ("en", "Thanks to {p} who stayed on until the very end."),
    ("en", "You can criticise {p} without insulting them, that's debate."),
)

#: Groups named in war and politics news (issue: civil mentions of women and war victims were held, "femmes" alone
#: scored 0.86 identity attack on 2026.12.06-4): women, children, civilians, refugees, the peoples at war, the
#: faiths. Each civil news sentence over them has a hateful twin of the same shape on the same group (dehumanising,
#: collective guilt, death wished), so that naming a group reads neither as abuse nor as a licence.
_FR_NEWS_GROUPS: tuple[str, ...] = (
    "les femmes", "les enfants", "les femmes et les enfants", "les civils", "les réfugiés", "les Ukrainiens",
    "les Palestiniens", "les Israéliens", "les juifs", "les musulmans", "les migrants", "les habitants de Gaza",
)  # fmt: skip
_EN_NEWS_GROUPS: tuple[str, ...] = (
    "women", "children", "women and children", "civilians", "refugees", "Ukrainians", "Palestinians", "Israelis",
    "Jews", "Muslims", "migrants", "the people of Gaza",
)  # fmt: skip
_NEWS_MENTIONS: tuple[tuple[str, str, str, bool], ...] = (  # (language, civil, hateful twin, the twin threatens)
    ("fr", "{G} fuient les combats, les routes de l'exil sont saturées.",
     "{G} fuient les combats, qu'ils crèvent sur les routes de l'exil.", True),
    ("fr", "{G} paient le prix fort de cette guerre, encore une fois.",
     "{G} ont voulu cette guerre, qu'ils paient, encore une fois.", False),
    ("fr", "{G} sont les premières victimes des bombardements.",
     "{G} ne sont pas des victimes, ce sont des vermines.", False),
    ("fr", "On doit protéger {g}, le droit international est clair.",
     "On doit chasser {g}, ils n'ont rien d'humain.", False),
    ("fr", "{G} ont besoin d'eau, de nourriture et de médicaments.",
     "{G} n'ont besoin de rien, qu'on les laisse mourir de faim.", True),
    ("fr", "Ce reportage donne la parole à {g}, enfin.",
     "Ce reportage donne la parole à {g}, ces parasites.", False),
    ("fr", "{G} attendent un cessez-le-feu, on les comprend.",
     "{G} sont tous coupables, qu'on les raye de la carte.", True),
    ("fr", "Je pense à {g} qui vivent sous les bombes.",
     "Je souhaite à {g} de mourir sous les bombes.", True),
    ("fr", "{G} ont trouvé refuge dans des gymnases, les bénévoles sont épuisés.",
     "{G} ont trouvé refuge dans des gymnases, il fallait les laisser dehors.", False),
    ("fr", "{G} vivent un traumatisme, il faudra des années pour reconstruire.",
     "{G} sont des sous-hommes, il faudra bien s'en débarrasser.", False),
    ("fr", "Évidemment, {g} vont encore payer pour les erreurs des dirigeants.",
     "Évidemment, {g} sont derrière tout ça, comme d'habitude.", False),
    ("en", "{G} are fleeing the fighting, the roads out are jammed.",
     "{G} are fleeing the fighting, let them rot on the roads.", True),
    ("en", "{G} pay the highest price in this war, again.",
     "{G} wanted this war, let them pay for it, again.", False),
    ("en", "{G} are the first victims of the shelling.",
     "{G} are not victims, they are vermin.", False),
    ("en", "We must protect {g}, international law is clear.",
     "We must drive out {g}, they are barely human.", False),
    ("en", "{G} need water, food and medicine.",
     "{G} need nothing, let them starve.", True),
    ("en", "This report gives a voice to {g}, finally.",
     "This report gives a voice to {g}, those parasites.", False),
    ("en", "{G} are waiting for a ceasefire, understandably.",
     "{G} are all guilty, wipe them off the map.", True),
    ("en", "My thoughts are with {g} living under the bombs.",
     "I hope {g} die under the bombs, all of them.", True),
    ("en", "{G} were given shelter in sports halls, the volunteers are exhausted.",
     "{G} were given shelter in sports halls, they should have been left outside.", False),
    ("en", "{G} are traumatised, it will take years to rebuild.",
     "{G} are subhuman, we will have to get rid of them.", False),
    ("en", "Of course {g} will pay again for their leaders' mistakes.",
     "Of course {g} are behind all this, as usual.", False),
)  # fmt: skip
#: Civil news sentences on the same groups without a twin: a news site's threads name them civilly far more often
#: than hatefully. Same shape as the pairs above (one sentence, a comma, the group near the start).
_NEWS_MENTIONS_CIVIL: tuple[tuple[str, str], ...] = (  # (language, civil sentence with {g}/{G})
    ("fr", "L'ONU s'inquiète pour {g}, l'hiver arrive."),
    ("fr", "Merci pour ce reportage sur {g}, il fallait le raconter."),
    ("fr", "{G} témoignent dans cet article, c'est poignant."),
    ("en", "The UN is worried about {g}, winter is coming."),
    ("en", "Thanks for this report on {g}, it needed telling."),
    ("en", "{G} speak in this article, it is moving."),
    # added for 2026.12.07-6: -5 held a civil French sentence on "les femmes" at 0.387 against the cut 0.384; a news
    # site names groups in every kind of story (a film, a survey, a town hall), not only in war and its victims
    ("fr", "Le documentaire suit {g} pendant une année entière, à voir."),
    ("fr", "Une association de la ville aide {g} à trouver un logement."),
    ("fr", "Le festival met à l'honneur {g} cette année."),
    ("fr", "Un nouveau sondage sur {g} sort demain."),
    ("fr", "{G} étaient nombreux au marché de Noël hier soir."),
    ("fr", "Le maire a reçu {g} à l'hôtel de ville ce matin."),
    ("en", "The documentary follows {g} for a whole year, worth watching."),
    ("en", "A local charity helps {g} find housing."),
    ("en", "The festival puts {g} in the spotlight this year."),
    ("en", "A new survey on {g} comes out tomorrow."),
    ("en", "{G} turned out in numbers at the Christmas market last night."),
    ("en", "The mayor welcomed {g} at the town hall this morning."),
)


#: The hate templates' frames said of things, events and people's work, not of a group (found on 2026.12.06-8:
#: "Who wrote this?" scored 0.93 toxicity, "Another lecture from the finance minister, typical." 0.78, "Pas étonnant
#: que l'article soit si complet..." 0.56: "who wrote", "typical", "what else would you expect from", "everyone knows
#: it", "pas étonnant", "derrière tout ça" were seen in hateful rows only). Each sentence once, weighed as two copies
#: of a template; the group is what makes the hateful ones hateful.
_FRAME_CIVIL: tuple[tuple[str, str], ...] = (  # (language, civil sentence)
    ("en", "Who wrote this one? Best analysis of the ceasefire talks I've read."),
    ("en", "Whoever wrote this, thank you, it finally explains the pension reform."),
    ("en", "Of course it was the Kyiv correspondent who wrote this, always precise."),
    ("en", "No surprise the piece is so detailed, look who wrote it: the paper's defence editor."),
    ("en", "The person who wrote this clearly spent time on the front line."),
    ("en", "Does anyone know who wrote the original report the article quotes?"),
    ("en", "Typical, another delay on the northern line this morning."),
    ("en", "Typical of this council to announce a plan and forget the budget."),
    ("en", "Another lecture from the central bank on inflation, though the figures hold up."),
    ("en", "What else would you expect from a coalition with a majority of two?"),
    ("en", "What else would you expect after three winters of war?"),
    ("en", "Everyone knows it, rents in the capital are out of control."),
    ("en", "Funny how it's always the budget that gets cut first."),
    ("en", "The housing shortage is behind every crisis in this town, everyone knows it."),
    ("fr", "Qui a écrit cet édito ? Il est excellent, merci."),
    ("fr", "C'est encore la correspondante à Kiev qui a écrit ce papier, toujours aussi précise."),
    ("fr", "Pas étonnant que l'article soit si précis, l'auteur a vécu là-bas."),
    ("fr", "Pas étonnant que les prix montent, le gaz a doublé cet hiver."),
    ("fr", "Un article pareil ne pouvait venir que d'un reporter de terrain."),
    ("fr", "Encore le ministre pour nous expliquer la réforme, mais cette fois les chiffres sont là."),
    ("fr", "Typique de cette mairie : on annonce, puis on oublie le budget."),
    ("fr", "Tout le monde le sait, les loyers explosent dans les grandes villes."),
    ("fr", "Qui se cache derrière cette société écran ? L'enquête le dira."),
    ("fr", "Qui est derrière ce rachat ? L'article ne le dit pas."),
    ("fr", "Comme par hasard, le rapport sort la veille du vote, c'est connu."),
    ("fr", "Je me demande qui a rédigé cet amendement, il est très bien fait."),
)


#: Words that make a group-hate template a threat as well.
_VIOLENT = ("fusiller", "Shoot", "crever", "die", "enferme", "Lock", "extermin")


def _fields(target: str) -> dict[str, str]:
    return {"t": target, "T": target[0].upper() + target[1:]}


def _group_fields(group: str, *, french: bool) -> dict[str, str]:
    bare = group.split(" ", 1)[1] if french else group
    de = ("d'" if bare[0].lower() in "aeiouyéh" else "de ") + bare
    return {"g": group, "G": group[0].upper() + group[1:], "d": de}


def threat_and_hate_records(*, seed: int = SEED, per_target: int = 6, per_group: int = 6) -> list[Record]:
    """Return authored threats and group hate (toxicity 1) and their civil counterparts (toxicity 0)."""
    rng = random.Random(seed)
    out: list[Record] = []

    def add(text: str, lang: str, toxic: bool, *, threat: bool, identity: bool, weight: float = 3.0) -> None:
        out.append(_authored(text, lang, toxic=toxic, threat=threat, identity=identity, weight=weight))

    for lang, targets, threats, civil in (("fr", _FR_TARGETS, _FR_THREATS, _FR_CIVIL),
                                          ("en", _EN_TARGETS, _EN_THREATS, _EN_CIVIL)):  # fmt: skip
        for target in targets:
            for template in rng.sample(threats, k=per_target):
                add(template.format(**_fields(target)), lang, True, threat=True, identity=False)
            for template in rng.sample(civil, k=per_target):
                add(template.format(**_fields(target)), lang, False, threat=False, identity=False)
    for lang, groups, hate, civil in (("fr", _FR_GROUPS, _FR_HATE, _FR_HATE_CIVIL),
                                      ("en", _EN_GROUPS, _EN_HATE, _EN_HATE_CIVIL)):  # fmt: skip
        for group in groups:
            fields = _group_fields(group, french=lang == "fr")
            for template in rng.sample(hate, k=per_group):
                violent = any(word in template for word in _VIOLENT)
                add(template.format(**fields), lang, True, threat=violent, identity=True)
            for template in rng.sample(civil, k=per_group):
                add(template.format(**fields), lang, False, threat=False, identity=False)
    for lang, toxic, identity, text in _FIXED:
        add(text, lang, toxic, threat=False, identity=identity)
    for lang, menace, twin in _VISITS:
        for target in rng.sample(_FR_TARGETS if lang == "fr" else _EN_TARGETS, k=per_target):
            add(menace.format(**_fields(target)), lang, True, threat=True, identity=False)
            add(twin.format(**_fields(target)), lang, False, threat=False, identity=False)
    for lang, text in _VISIT_CIVIL:  # each once, weighed as the per_target copies of a threat template
        add(text, lang, False, threat=False, identity=False, weight=3.0 * per_target)
    for lang, hateful, twin in _ATTRIBUTIONS:
        writers, civil_writers = (_FR_WRITERS, _FR_WRITERS_CIVIL) if lang == "fr" else (_EN_WRITERS, _EN_WRITERS_CIVIL)
        for writer, civil_writer in zip(writers, civil_writers, strict=True):
            add(hateful.format(a=writer), lang, True, threat=False, identity=True)
            add(twin.format(a=civil_writer), lang, False, threat=False, identity=False)
    for lang, menace, twin in _BEATINGS:
        for target in rng.sample(_FR_TARGETS if lang == "fr" else _EN_TARGETS, k=per_target):
            add(menace.format(**_fields(target)), lang, True, threat=True, identity=False)
            add(twin.format(**_fields(target)), lang, False, threat=False, identity=False)
    for lang, abusive, text in _EXCLUSIONS:  # each once, weighed as the other fixed rows
        add(text, lang, abusive, threat=False, identity=abusive)
    for lang, hateful, twin in _GROUP_EXCLUSIONS:
        french = lang == "fr"
        for group in rng.sample(_FR_GROUPS if french else _EN_GROUPS, k=per_group):
            fields = _group_fields(group, french=french)
            add(hateful.format(**fields), lang, True, threat=False, identity=True)
            add(twin.format(**fields), lang, False, threat=False, identity=False)
    for lang, hateful, twin in _GROUP_DEATH:
        french = lang == "fr"
        for group in rng.sample(_FR_GROUPS if french else _EN_GROUPS, k=per_group):
            fields = _group_fields(group, french=french)
            add(hateful.format(**fields), lang, True, threat=True, identity=True)
            add(twin.format(**fields), lang, False, threat=False, identity=False)
    for lang, menace, twin in _PLURAL_THREATS:
        for plural in _FR_PLURALS if lang == "fr" else _EN_PLURALS:
            add(menace.format(p=plural), lang, True, threat=True, identity=False)
            add(twin.format(p=plural), lang, False, threat=False, identity=False)
    for lang, abusive, text in _STICK_TO:
        add(text, lang, abusive, threat=False, identity=abusive)
    for lang, sentence in _PLURAL_CIVIL:
        for plural in _FR_PLURALS if lang == "fr" else _EN_PLURALS:
            add(sentence.format(p=plural), lang, False, threat=False, identity=False)
    for lang, text in _FRAME_CIVIL:
        add(text, lang, False, threat=False, identity=False, weight=6.0)
    out += news_mention_records(seed=seed, per_group=per_group)
    return out


def news_mention_records(*, seed: int = SEED, per_group: int = 6) -> list[Record]:
    """Return civil news sentences naming groups (toxicity 0) and their hateful twins (identity attack)."""
    rng = random.Random(seed + 1)  # its own stream: the rows above stay what earlier versions trained on
    groups = {"fr": _news_groups(_FR_NEWS_GROUPS, " et ", rng), "en": _news_groups(_EN_NEWS_GROUPS, " and ", rng)}
    out: list[Record] = []
    for lang, civil, hateful, threatens in _NEWS_MENTIONS:
        french = lang == "fr"
        for group in rng.sample(groups[lang], k=per_group):
            fields = _group_fields(group, french=french)
            out.append(_authored(hateful.format(**fields), lang, toxic=True, threat=threatens, identity=True))
            out.append(_authored(civil.format(**fields), lang, toxic=False, threat=False, identity=False))
    for lang, sentence in _NEWS_MENTIONS_CIVIL:
        for group in groups[lang]:
            text = sentence.format(**_group_fields(group, french=lang == "fr"))
            out.append(_authored(text, lang, toxic=False, threat=False, identity=False))
    return out


def _news_groups(groups: tuple[str, ...], conjunction: str, rng: random.Random, pairs: int = 6) -> list[str]:
    """The groups alone, and a few pairs of them ("les juifs et les musulmans"): news names groups side by side."""
    single = [g for g in groups if conjunction.strip() not in g.split()]
    drawn = sorted(rng.sample([(a, b) for a in single for b in single if a < b], k=pairs))
    return [*groups, *(f"{a}{conjunction}{b}" for a, b in drawn)]


def _authored(text: str, lang: str, *, toxic: bool, threat: bool, identity: bool, weight: float = 3.0) -> Record:
    """One authored row: abusive with the heads it names, or civil on every head."""
    labels = (
        make_labels(toxicity=1, threat=int(threat), identity_attack=int(identity), spam=0)
        if toxic
        else make_labels(toxicity=0, threat=0, identity_attack=0, insult=0, profanity=0, severe_toxicity=0, spam=0)
    )
    return Record.authored(text, lang, "synthetic_threat_hate", labels, weight=weight)
