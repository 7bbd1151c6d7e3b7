"""Synthetic French and English comment spam and ham, from hand-written templates (training only).

No public French comment-spam corpus exists, so this generator fills the gap. Everything here is authored
for this project, declared as synthetic in the model card, and never used for evaluation. Ham is
generated with the same metadata habits (names, e-mails, personal sites) so that the fields alone do not
give the label away.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from moderation.scoring.characters import fold_accents
from training.data import Record, SpamLexicon, make_labels

SEED = 7

_FR_SPAM = (
    "Super article, visitez mon site {site} pour plus d'infos !",
    "Merci pour ce partage, j'ai écrit un article similaire ici : {link}",
    "Très intéressant ! Découvrez notre {product} sur {link}",
    "Casino en ligne : {bonus} de bonus sans dépôt sur {link} 🎰",
    "Gagnez jusqu'à {money} par semaine depuis chez vous, inscription gratuite : {link}",
    "J'ai gagné {money} avec {crypto} grâce à ce robot de trading, contactez @{handle} sur Telegram",
    "Investissez dans le {crypto} maintenant, rendement garanti de {pct} par mois ! {link}",
    "Besoin d'un prêt rapide ? Crédit entre particuliers à {pct}, réponse en 24h. Contact : {email}",
    "Achetez du {pharma} sans ordonnance, livraison discrète et rapide : {link}",
    "Rencontres coquines près de chez vous 💋 inscription gratuite sur {link}",
    "Femmes célibataires de votre région cherchent un homme, cliquez ici {link}",
    "Boostez votre référencement Google : backlinks de qualité, audit SEO offert. {link}",
    "Je recommande {company}, ils m'ont aidé à récupérer mes fonds perdus en crypto. WhatsApp {phone}",
    "Vous cherchez un {product} pas cher ? Promo -{pct} aujourd'hui seulement sur {link}",
    "{link}",
    "{link} {link2}",
    "Bon article. Au fait, je vends des {product} à prix cassés : {link}",
    "Paris sportifs : {bonus} offerts pour votre premier pari ⚽ {link}",
    "Voyance gratuite par téléphone, appelez le {phone} !!!",
    "Devenez riche rapidement avec la méthode secrète de {name}, formation offerte : {link}",
    "MERCI pour l'article !!! Allez voir ma chaîne YouTube et abonnez-vous {link}",
    "Je gagne {money} par mois en travaillant 2h par jour sur internet, voici comment : {link}",
    "Rachat de crédit, mutuelle, assurance auto au meilleur prix : devis gratuit sur {link}",
    "Plus de {num} abonnés Instagram en 24h garantis, commandez sur {link}",
    "Félicitations ! Vous avez été sélectionné pour gagner un {prize}. Réclamez-le ici : {link}",
    "Article intéressant. Pour vos travaux de rénovation, contactez {company} au {phone}.",
    "Jeux de casino gratuits, machines à sous et roulette : {link} 🎲 {bonus} offerts",
    "Le {crypto} va exploser, achetez avant qu'il soit trop tard ! Rejoignez le groupe {link}",
    # no link: the contact goes through a phone number, a handle or a brand name
    "Gagnez de l'argent facilement depuis chez vous, contactez-moi sur WhatsApp {phone}",
    "Le meilleur site de paris sportifs, inscrivez-vous vite et recevez {bonus} offerts",
    "Je suis devenu rentier grâce au {crypto}, écrivez à @{handle} sur Telegram pour la méthode",
    "Travail à domicile : {money} par mois, sans diplôme, envoyez « INFO » au {phone}",
    "Prêt d'argent rapide entre particuliers sans frais de dossier, écrivez-moi : {email}",
    "Merci {company} ! Grâce à eux j'ai récupéré mes {money} volés, je les recommande à 100 %",
    "Bonus de bienvenue {bonus} sur {company} Casino, tapez {company} sur Google",
    "Vous voulez perdre 10 kilos en un mois ? Essayez {pharma}, résultats garantis !",
    "Achetez du {pharma} sans ordonnance, livraison discrète en 24h.",
    "{pharma} pas cher en ligne, sans ordonnance, paiement sécurisé",
    "Femme sérieuse cherche homme pour relation, écrivez-moi sur {email} 😘",
    "Offre exceptionnelle : {product} à -{pct}, stock limité, commandez vite !!!",
    "Rejoignez notre groupe Telegram @{handle} : signaux de trading gratuits, {pct} de gain par jour",
    "Cet article m'a fait penser à ma formation en ligne pour devenir indépendant, tapez {name} sur YouTube",
    "Vous êtes endetté ? Rachat de crédit en 48h, appelez vite le {phone}",
    # marabouts and mediums, "recovery" testimonials, profile bait, pirate streaming: common in French threads
    "GRAND MARABOUT {seer}, voyant médium sérieux : retour de l'être aimé en 72h, chance aux jeux, "
    "désenvoûtement. Appelez le {phone}",
    "Je remercie le grand maître {seer} qui a fait revenir mon mari en 3 jours, ses travaux sont efficaces. "
    "Contactez-le sur WhatsApp {phone}",
    "Médium voyant {seer} : amour, travail, argent, protection, résultats garantis. Écrivez à {email}",
    "J'ai perdu {money} dans une arnaque au trading, heureusement {company} m'a aidé à tout récupérer. "
    "Je vous les recommande.",
    "Je gagne {money} par jour avec une méthode simple, regardez mon profil.",
    "Qui veut gagner {money} par semaine ? Infos sur mon profil 👆",
    "Abonnement IPTV premium : 20 000 chaînes et films en streaming, test gratuit 24h sur {link}",
    "Pour regarder les matchs en streaming gratuit, allez sur {site}",
)
_EN_SPAM = (
    "Great post! Visit my website {link} for more tips.",
    "Thanks for sharing. I wrote something similar here: {link}",
    "Online casino: {bonus} no deposit bonus at {link} 🎰",
    "Earn {money} a week working from home, free sign up: {link}",
    "I made {money} with {crypto} thanks to this trading bot, message @{handle} on Telegram",
    "Invest in {crypto} now, guaranteed {pct} monthly returns! {link}",
    "Need a fast loan? Low interest {pct}, approval in 24h. Contact {email}",
    "Buy {pharma} online without prescription, discreet shipping: {link}",
    "Hot singles in your area want to meet you 💋 {link}",
    "Boost your Google ranking with quality backlinks, free SEO audit: {link}",
    "Struggling to rank on Google? We can get you on page one. Reply to {email}",
    "Shoutout to {company} who helped me recover my lost crypto funds. WhatsApp {phone}",
    "{link}",
    "Nice article. By the way I sell cheap {product}: {link}",
    "Congratulations! You have been selected to win a {prize}. Claim it here: {link}",
    "Check out my channel and subscribe please!!! {link}",
    "Get {num} Instagram followers in 24 hours, order at {link}",
    "Best {product} deals today only, {pct} off at {link}",
    "Sports betting: {bonus} free on your first bet ⚽ {link}",
    "I'm a digital marketer and I can double your traffic. Email me at {email}",
    "I made {money} last week with {crypto} trading, DM me to learn how",
    "Work from home and earn {money} a month, text INFO to {phone}",
    "Thanks to {company} I got back my stolen {money}, highly recommend them!",
    "Join my Telegram @{handle} for free trading signals, {pct} profit daily",
    "Lonely? Beautiful girls are waiting to chat with you, email {email}",
    "Lose 10 kg in a month with {pharma}, guaranteed results!",
    "cheap {pharma} online no prescription buy now",
    "Order {pharma} without a prescription, fast discreet delivery, best price.",
    "I want to thank Dr. {seer} for bringing my ex back in 48 hours with his powerful love spell. Contact him "
    "on WhatsApp {phone}",
    "Powerful spell caster {seer}: lottery spells, love spells, cures. Email {email}",
    "I lost {money} to a crypto scam and {company} helped me recover everything. I highly recommend them.",
    "I make {money} a day from home with a simple method, check my profile.",
    "Premium IPTV subscription: 20,000 channels, free 24h trial at {link}",
)
_FR_HAM = (
    "Je ne suis pas d'accord avec l'auteur : la réforme des retraites pénalise surtout les carrières longues.",
    "Article très clair, merci. On oublie souvent que l'inflation touche d'abord les plus modestes.",
    "Le gouvernement aurait dû consulter les syndicats avant d'annoncer cette mesure.",
    "La situation en Ukraine est dramatique, j'espère que les négociations aboutiront rapidement.",
    "Je trouve cette analyse un peu partiale, il manque le point de vue des agriculteurs.",
    "Merci pour ce reportage, il montre bien la réalité du terrain à {city}.",
    "Le débat à l'Assemblée hier soir était consternant, aucun argument de fond.",
    "Il faudrait rappeler que le budget de la défense a augmenté de {pct} depuis {year}.",
    "Bonne analyse, mais je doute que ces sanctions suffisent à faire plier Moscou.",
    "Encore une fois, les petits commerçants de {city} vont payer les pots cassés.",
    "Je vote à gauche depuis toujours, mais là je dois reconnaître que le ministre a raison.",
    "Quelqu'un sait-il si le texte sera examiné au Sénat avant l'été ?",
    "Les chiffres du chômage cités dans l'article ne correspondent pas à ceux de l'INSEE.",
    "C'est une très mauvaise décision, mais il faut respecter le vote des électeurs.",
    "Macron mène une politique désastreuse pour les services publics, à mon avis.",
    "La gauche comme la droite ont échoué sur la question du logement depuis trente ans.",
    "Très bon produit, livraison rapide, je recommande.",
    "Restaurant agréable, service un peu lent mais les plats étaient excellents.",
    "Hôtel bien situé, chambre propre, personnel accueillant. Petit-déjeuner correct pour {money}.",
    "Livre passionnant, je l'ai lu en deux jours. La fin est un peu décevante.",
    "Film trop long à mon goût, mais les acteurs sont excellents.",
    "Je lis votre journal depuis {year}, continuez ce travail d'enquête.",
    "Petite erreur dans l'article : la réunion a eu lieu mardi et non mercredi.",
    "Le prix de l'électricité a augmenté de {pct} chez moi, c'est intenable pour les retraités.",
    "Pour ceux que ça intéresse, le rapport complet est disponible sur le site de l'Assemblée nationale.",
    "La guerre à Gaza fait des milliers de victimes civiles, il faut un cessez-le-feu.",
    "Bravo aux bénévoles de {city} pour leur mobilisation après les inondations.",
    "Je comprends la colère des agriculteurs, mais bloquer les autoroutes n'est pas la solution.",
    "L'Europe doit se doter d'une vraie défense commune, sinon nous resterons dépendants.",
    "Votre article oublie de mentionner que cette loi avait déjà été censurée en {year}.",
    "Excellent dossier sur l'école, mon fils est en seconde et tout est vrai.",
    "Je trouve scandaleux que le projet soit voté sans débat, c'est un déni de démocratie.",
    "Ce ministre est incompétent, il devrait démissionner.",
    "Les promesses électorales n'engagent que ceux qui y croient.",
    "J'ai acheté ce vélo électrique il y a un an pour {money}, aucun problème depuis.",
)
_EN_HAM = (
    "I disagree with the author: the new tax plan mostly hurts the middle class.",
    "Very clear article, thank you. People forget inflation hits the poorest first.",
    "The government should have consulted the unions before announcing this.",
    "The situation in Ukraine is heartbreaking, I hope the talks succeed.",
    "This analysis feels one-sided, it leaves out what farmers think.",
    "Great reporting from {city}, it shows what is really happening on the ground.",
    "Defence spending has risen {pct} since {year}, the article should mention it.",
    "I usually vote Labour, but the minister is right on this one.",
    "Does anyone know when the bill goes to the Senate?",
    "The unemployment figures quoted here do not match the official statistics.",
    "Bad decision, but we have to respect the result of the vote.",
    "The president's policy is a disaster for public services, in my opinion.",
    "Good product, fast delivery, would recommend.",
    "Small correction: the meeting was on Tuesday, not Wednesday.",
    "I've read this paper since {year}, keep up the investigative work.",
    "Europe needs a real common defence or we will stay dependent on others.",
    "This law was already struck down in {year}, why is nobody talking about it?",
    "I bought this laptop for {money} last year and it still works perfectly.",
)
#: Comment spam that blogs and French news sites receive every day (issue 19): support numbers, backlink and
#: guest-post offers, slimming pills, paid surveys, services, marabouts; often after a line on the article.
_FR_COMMENT_SPAM = (
    "{opener} Si votre imprimante {brand} ne répond plus, notre assistance technique est joignable au {phone}.",
    "Problème avec {brand} ? Appelez le service client au {phone}, techniciens disponibles 24h/24.",
    "{opener} Pour tout souci d'antivirus {brand}, contactez le numéro d'assistance {phone}, c'est gratuit.",
    "Numéro du support {brand} France : {phone}. Dépannage à distance en 10 minutes.",
    "{opener} Nous proposons des articles sponsorisés et des backlinks sur plus de 300 sites "
    "français, tarifs sur {link}",
    "Bonjour, je souhaiterais publier un article invité sur votre site avec un lien vers le mien. "
    "Quel est votre tarif ? {email}",
    "{opener} Je cherche à acheter des liens en dofollow sur des sites d'actualité, écrivez-moi : {email}",
    "Fondez de {kg} kg en {weeks} semaines sans régime grâce à {pill}, commande sur {link}",
    "{opener} Ma sœur a perdu {kg} kilos avec {pill}, la cure est en promotion ici : {link}",
    "{pill} : la gélule brûle-graisse que les pharmaciens ne veulent pas que vous connaissiez {link}",
    "{opener} Je touche {money} par semaine en répondant à des sondages rémunérés depuis mon canapé : {link}",
    "Sondages payés : jusqu'à {money} par mois pour donner votre avis, inscription sur {link}",
    "{opener} Besoin d'une traduction certifiée ou d'une rédaction SEO ? Notre agence répond en 24h : {link}",
    "Agence de rédaction web : textes optimisés pour Google à partir de 15 € l'article. {link}",
    "{opener} Le professeur {seer}, grand voyant, règle vos problèmes d'amour, de travail et de "
    "chance. WhatsApp {phone}",
    "RETOUR DE L'ÊTRE AIMÉ en 3 jours avec le maître marabout {seer}, travail sérieux, paiement "
    "après résultat. {phone}",
    "Mon mari est revenu grâce au marabout {seer}, je le recommande à toutes les femmes. Contact Telegram @{handle}",
    "{opener} Votre ordinateur est lent ou infecté ? Support technique Windows au {phone}, intervention immédiate.",
    "Arnaque au faux support {brand} ? Non, nous sommes le vrai service client, appelez le {phone}.",
    "{opener} Récupérez vos fonds perdus en crypto avec {company}, écrivez sur WhatsApp au {phone}.",
)
_EN_COMMENT_SPAM = (
    "{opener} If your {brand} printer says offline, call our support number {phone}, we fix it remotely.",
    "{brand} customer service number {phone} - 24/7 help for installation, errors and refunds.",
    "{opener} Facing {brand} error codes? Our QuickBooks ProAdvisor helpline {phone} is toll free.",
    "Need {brand} antivirus activation? Call tech support at {phone} now.",
    "{opener} We sell high DA guest posts and backlinks on news sites, price list at {link}",
    "Hello admin, I would like to write a guest post for your blog with one dofollow link. What are "
    "your rates? {email}",
    "{opener} I run an SEO agency and can get your site to page one of Google. Details: {link}",
    "Melt {kg} kg in {weeks} weeks with {pill}, no diet, no gym. Order at {link}",
    "{opener} My wife lost {kg} pounds with {pill}, it's on sale here: {link}",
    "{opener} I earn {money} a week doing paid surveys from my couch, sign up here {link}",
    "Paid surveys: get up to {money} a month for your opinion, join at {link}",
    "{opener} We offer professional translation and content writing in 40 languages, quotes at {link}",
    "Affordable essay writing and proofreading, delivered in 24 hours: {link}",
    "{opener} Dr. {seer} brought my husband back with a love spell, contact him on WhatsApp {phone}",
    "{opener} Is your computer slow or hacked? Call Microsoft certified technicians at {phone}.",
    "{opener} Recover your lost crypto with {company}, message them on Telegram @{handle}",
)
_FR_OPENERS = ("Article très intéressant, merci.", "Super article !", "Merci pour ces informations.",
               "Bravo pour cet article.", "Très bon sujet.", "J'ai adoré cet article.", "Bel article, bien écrit.",
               "Intéressant.", "Merci pour le partage.", "Bonjour à tous,")  # fmt: skip
_EN_OPENERS = ("Great article, thanks.", "Very informative post!", "Thanks for sharing this.", "Nice read.",
               "Interesting piece.", "I really enjoyed this article.", "Well written.", "Hi everyone,",
               "This is so helpful.", "Good post.")  # fmt: skip
#: Readers citing their sources: links alone must not mean spam.
_FR_SOURCED = (
    "Les chiffres exacts sont sur le site de l'INSEE : {source}",
    "Pour ceux qui veulent vérifier, le rapport de l'ONU est ici : {source}",
    "La page Wikipédia résume bien l'historique du conflit : {source}",
    "L'interview complète est sur YouTube, ça vaut le coup : {source}",
    "Le Monde a publié une enquête plus détaillée sur ce sujet : {source}",
    "Voici le texte de loi voté à l'Assemblée : {source}",
    "Je ne suis pas d'accord, regardez les données de l'OCDE : {source}",
    "Source des chiffres cités dans l'article ? J'ai trouvé ceci : {source}",
    "L'article oublie ce reportage de France Info : {source}",
    "Un bon complément à l'article, sur le site du Sénat : {source}",
)
_EN_SOURCED = (
    "The full UN report is here if anyone wants to check: {source}",
    "Wikipedia has a decent summary of the background: {source}",
    "The whole interview is on YouTube: {source}",
    "The Guardian covered this in more depth last week: {source}",
    "Here are the official figures, they tell a different story: {source}",
    "The BBC has the full timeline: {source}",
    "For context, the OECD data: {source}",
    "Reuters reported the opposite yesterday: {source}",
)
_SOURCES = (
    "https://www.insee.fr/fr/statistiques/{n}", "https://fr.wikipedia.org/wiki/Guerre_russo-ukrainienne",
    "https://en.wikipedia.org/wiki/European_Union", "https://www.youtube.com/watch?v=dQw4{n}",
    "https://youtu.be/x{n}", "https://news.un.org/fr/story/2024/{n}", "https://www.un.org/en/{n}",
    "https://www.lemonde.fr/international/article/2024/{n}.html",
    "https://www.assemblee-nationale.fr/dyn/16/textes/{n}",
    "https://www.oecd.org/fr/statistiques/{n}", "https://www.francetvinfo.fr/monde/{n}.html",
    "https://www.senat.fr/rap/{n}.html", "https://www.theguardian.com/world/2024/{n}",
    "https://www.bbc.co.uk/news/world-{n}", "https://www.reuters.com/world/{n}",
    "https://www.data.gouv.fr/fr/datasets/{n}",
    "https://www.liberation.fr/politique/{n}", "https://www.legifrance.gouv.fr/jorf/id/{n}",
)  # fmt: skip
_PADDING = ("\u00a0" * 20, "\n\n\n\n", "&nbsp;" * 12)
_SPAM_NAMES = ("Best SEO Agency", "cheap viagra online", "casino-bonus-fr.com", "Imprimante Support",
               "QuickBooks Support", "www.mincir-vite.fr", "Marabout KOFFI", "Sondages Payés", "crypto-profit.io",
               "Guest Post Service")  # fmt: skip
_SLOTS: dict[str, Sequence[str]] = {
    "product": ("lunettes de soleil", "montres de luxe", "sacs à main", "sneakers", "casques audio",
                "sunglasses", "watches", "handbags", "iPhone", "VPN"),
    "crypto": ("Bitcoin", "BTC", "Ethereum", "USDT", "Solana", "un nouveau token", "Dogecoin"),
    "pharma": ("Viagra", "Cialis", "Xanax", "tramadol", "Ozempic", "pilules minceur", "Levitra", "Kamagra",
               "phentermine", "Valium", "oxycodone", "viagra générique"),
    "bonus": ("200€", "500 €", "100 free spins", "1000$", "300 tours gratuits", "50 € offerts"),
    "money": ("3 000 €", "5000€", "$4,200", "1500 euros", "$14,200", "250 €", "800 €", "$500"),
    "pct": ("30%", "15 %", "3%", "50%", "70 %", "12%", "2 %"),
    "num": ("10 000", "5000", "1000", "50k"),
    "prize": ("iPhone 16", "bon d'achat de 500€", "$1000 gift card", "voyage aux Maldives"),
    "company": ("CryptoRecover Pro", "Maître Dupont Finance", "Hack Expert", "Rénov Habitat 75",
                "Global Trade Assets", "Lucky Star", "WinBet", "FastCash", "Royal Fortune"),
    "name": ("Julien Marchand", "Dr. Patel", "Sophie Invest", "Marc Trader"),
    "seer": ("KOFFI", "Djibril", "Sidibé", "Bamba", "Ogun", "Zakaria", "Ahmed Kalou"),
    "handle": ("finance.with.ava", "crypto_mentor_fr", "trader.marc", "recovery_expert01"),
    "city": ("Lyon", "Marseille", "Lille", "Bordeaux", "Kharkiv", "Strasbourg", "Nantes", "Manchester"),
    "year": ("2015", "2019", "2021", "2023", "2008"),
    "brand": ("HP", "Canon", "Epson", "Norton", "McAfee", "QuickBooks", "Outlook", "Brother", "Avast", "Windows",
              "Kaspersky", "Orange", "Livebox", "Cash App", "Coinbase"),
    "pill": ("Keto Slim", "SlimFit Pro", "Svelte Flash", "Ozempic naturel", "LipoBurn", "la gélule Brûle+",
             "FitDrops", "Garcinia Max"),
    "kg": ("5", "8", "10", "12", "15", "20"),
    "weeks": ("2", "3", "4", "6"),
    "opener": ("",),
}  # fmt: skip
#: The commonest blog spam: a generic compliment that fits any post, written with spin syntax ([a|b] picks
#: one), whose payload is the website field or the author name, not the text. As ham, the same register is
#: written by readers who leave no commercial site: the fields, not the words, must decide.
_PRAISE_SPAM = (
    ("en", "[Hi|Hello|Hey there]! [I found|I came across|I stumbled upon] your [blog|site|website] [via|on|through] "
           "[Google|Bing|Yahoo] and [it's|it is] [really|truly|very] [informative|helpful|useful]. [I'll|I will] "
           "[be back|come back|bookmark it] [for more|soon]."),
    ("en", "[Wow|Awesome|Great], [amazing|nice|excellent] [blog layout|design|theme]! How long have you been "
           "[blogging|writing] for? You [made|make] [blogging|it] look easy."),
    ("en", "[Thanks|Thank you] for [sharing|posting] [your thoughts|this|such a nice post]. I [truly|really] "
           "[appreciate|value] your [efforts|work] and I [will be|am] waiting for your [next|further] "
           "[post|write-ups]."),
    ("en", "[Excellent|Great|Nice] [article|post|piece]. Keep [posting|writing] such [kind of|quality] "
           "[info|content] on your [site|blog]. [Im|I'm] really impressed by [your site|it]."),
    ("en", "[Hello|Hi]! This is my first [comment|visit] here so I just wanted to give a quick shout out and "
           "[say|tell you] I [genuinely|really] enjoy reading [through|] your [posts|articles]."),
    ("en", "I [have been|was] [surfing|browsing] online [more than|over] [three|2|4] hours today, yet I never "
           "found any interesting article like yours. It's pretty worth enough for me."),
    ("en", "[Very|Really] [nice|good|useful] [post|info]. I [definitely|certainly] [love|appreciate] this "
           "[website|site]. [Keep it up|Stick with it|Thanks]!"),
    ("fr", "[Bonjour|Salut|Hello], j'ai [découvert|trouvé] votre [blog|site] [par hasard|via Google|sur Google] "
           "et [il est|c'est] [vraiment|très] [intéressant|instructif|utile]. Je [reviendrai|vais revenir] "
           "[bientôt|souvent]."),
    ("fr", "[Merci|Un grand merci] pour [ce partage|cet article|ces informations], [très|vraiment] "
           "[intéressant|utile|enrichissant]. [J'ai ajouté votre site à mes favoris|Je partage avec mes amis]."),
    ("fr", "Je suis [vraiment|très] [impressionné|admiratif] par [vos compétences en écriture|la qualité de vos "
           "articles] [ainsi que|et] par la mise en page de votre [blog|site]. [Continuez|Bravo pour] [votre "
           "excellent travail|ce beau travail] !"),
    ("fr", "[Super|Excellent|Très bon] [article|billet|contenu], [bravo|merci] [à l'auteur|pour ce travail]. "
           "[J'attends la suite avec impatience|Vivement le prochain] !"),
    ("fr", "[Bonjour|Bonsoir], je [passe|suis passé] [par là|sur votre blog] [et je|pour] [vous dire|dire] "
           "[bravo|merci] pour [ce contenu|vos articles] [de qualité|très riches]."),
)  # fmt: skip
_SPIN = re.compile(r"\[([^\[\]]*)\]")
#: How spam puts links in the text besides bare URLs: HTML anchors and forum BBCode, keyword as anchor text.
_MARKUP = ('<a href="{url}">{anchor}</a>', "[url={url}]{anchor}[/url]", "[url]{url}[/url]",
           '<a href="{url}" rel="dofollow">{anchor}</a> {anchor}')  # fmt: skip
_ANCHORS = ("buy cialis", "casino en ligne", "cheap replica watches", "rachat de crédit", "best cbd oil",
            "voyance gratuite", "escort paris", "seo agency", "crypto trading bot", "pilules minceur")  # fmt: skip


def spin(text: str, rng: random.Random) -> str:
    """Expand spin syntax: every [a|b|c] becomes one of its options (an empty option drops the words)."""
    out = _SPIN.sub(lambda m: rng.choice(m.group(1).split("|")), text)
    return re.sub(r"\s{2,}", " ", out).replace(" .", ".").strip()


def _with_markup(rng: random.Random) -> str:
    url = _link(rng, _SPAM_DOMAINS)
    url = url if url.startswith("http") else f"http://{url}"
    return rng.choice(_MARKUP).format(url=url, anchor=rng.choice(_ANCHORS))


_SPAM_DOMAINS = (
    "casino-bonus-fr.com", "gagner-argent-facile.net", "crypto-profit.io", "pharma-discount.biz",
    "rencontres-sexy.xyz", "seo-booster.top", "bit.ly/3xYzAb", "pret-rapide.info", "best-deals-shop.online",
    "promo-montres.site", "tinyurl.com/win2026", "trading-robot.club", "followers-pas-cher.shop",
    "jackpot-en-ligne.fr", "meilleur-credit.fr", "bet-royal.com", "mincir-vite.fr", "rencontre-locale.net",
    "bitcoin-rentable.com", "devis-assurance-pas-cher.fr", "voyance-directe.com", "seo-expert-paris.fr",
    "cheap-deals-online.net", "best-loans-now.com", "slots-paradise.bet", "printer-help-desk.net",
    "support-imprimante.fr", "linkbuilding-agency.com", "guestpost-market.io", "keto-slim-officiel.fr",
    "sondages-remuneres.net", "redaction-web-seo.fr", "marabout-koffi.com", "traduction-express.services",
    "essay-writers.pro", "brule-graisse.shop", "quickbooks-helpline.support", "avis-payes.club",
)  # fmt: skip
_HAM_DOMAINS = ("monblog.fr", "jeanmarc-photo.fr", "lecercledesliseurs.org", "github.com/aduval",
                "medium.com/@claire", "ma-petite-cuisine.fr")  # fmt: skip
_FIRST = ("Jean", "Marie", "Pierre", "Sophie", "Ahmed", "Fatima", "Luc", "Claire", "Thomas", "Emma",
          "Nicolas", "Camille", "John", "Sarah", "Mehdi", "Julie", "Olivier", "Nathalie", "Frank", "Elizabeth",
          "Jean-Pierre", "Anne-Sophie", "Karim", "Chloé", "David", "Inès", "Michael", "Laura")  # fmt: skip
_LAST = ("Martin", "Bernard", "Dubois", "Durand", "Leroy", "Moreau", "Benali", "Smith", "Roux", "Garnier",
         "Lefèvre", "Nguyen", "Da Silva", "Brown", "Mercier", "Haddad", "Kowalski", "Fontaine")  # fmt: skip
# Where readers' (and spammers') addresses live: free mail and ISPs, French and international, plus work,
# university and personal domains.
READER_MAIL = ("gmail.com", "hotmail.fr", "orange.fr", "yahoo.fr", "outlook.com", "free.fr", "laposte.net",
               "yahoo.co.uk", "btinternet.com", "gmx.de", "web.de", "icloud.com", "sfr.fr", "wanadoo.fr",
               "proton.me", "hotmail.com", "live.fr", "yahoo.com", "univ-lyon2.fr", "ac-versailles.fr", "cnrs.fr",
               "sciencespo.fr", "ville-nantes.fr", "bnpparibas.com", "ouest-france.fr", "ens.fr", "gouv.fr",
               "ucl.ac.uk")  # fmt: skip


def reader_identity(rng: random.Random) -> dict[str, str]:
    """Return the name, e-mail and website of a commenter, drawn the same way for spam, ham and public rows.

    Authored spam once used `name+digits@free-mail` and authored ham did not, so a reader whose
    address holds digits (very common) scored as spam. Every authored row now draws its identity from this
    one distribution (digits, free mail, work domains, personal sites, empty fields), so identity carries
    no label; the model does not learn the e-mail and author columns at all (see training/train.py).
    """
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    style = rng.random()
    author = (
        f"{first} {last}" if style < 0.45 else first if style < 0.7 else f"{first[0]}. {last}" if style < 0.85
        else f"{first.lower()}{rng.randint(1, 99)}" if style < 0.95 else ""
    )  # fmt: skip
    f, l_ = _slug(first), _slug(last)
    shape = rng.random()
    if shape < 0.35:
        local = f"{f}.{l_}"
    elif shape < 0.6:
        local = f"{f}.{l_}{rng.randint(1, 99)}" if rng.random() < 0.5 else f"{f[0]}{l_}{rng.randint(1950, 2010)}"
    elif shape < 0.75:
        local = f"{f}{rng.randint(100, 99999)}"
    elif shape < 0.9:
        local = f"{f[0]}.{l_}"
    else:
        local = f"user{rng.randint(1000, 999999)}"
    email = f"{local}@{rng.choice(READER_MAIL)}" if rng.random() < 0.9 else ""
    url = rng.choice(_PERSONAL_SITES).format(f=f, l=l_) if rng.random() < 0.15 else ""
    return {"author": author, "email": email, "url": url}


def _slug(name: str) -> str:
    return fold_accents(name.lower()).replace(" ", "").replace("'", "")


def _fill(template: str, rng: random.Random, link_pool: Sequence[str]) -> str:
    values = {key: rng.choice(options) for key, options in _SLOTS.items()}
    values["link"] = _link(rng, link_pool)
    values["link2"] = _link(rng, link_pool)
    values["site"] = rng.choice(link_pool)
    values["email"] = f"contact{rng.randint(1, 999)}@{rng.choice(link_pool).split('/')[0]}"
    values["phone"] = rng.choice(("+33 6 12 34 56 78", "07 81 22 45 90", "+1 (332) 208-1772", "+44 7700 900123",
                                  "+229 97 45 12 08", "1-888-555-0147", "+1 855 401 9032", "09 70 73 12 44",
                                  "+225 07 48 22 19 63", "0800 91 22 34"))  # fmt: skip
    return template.format(**values)


def _link(rng: random.Random, pool: Sequence[str]) -> str:
    domain = rng.choice(pool)
    style = rng.random()
    if style < 0.45:
        return f"https://{domain}"
    if style < 0.7:
        return f"http://www.{domain}/?ref={rng.randint(100, 9999)}"
    if style < 0.85:
        return f"www.{domain}"
    return domain


#: Where readers who fill in the website field point it: their own name's site, blog or profile.
_PERSONAL_SITES = ("https://{f}{l}.fr", "https://www.{f}-{l}.com", "https://blog.{l}.me", "https://github.com/{f}{l}",
                   "https://www.linkedin.com/in/{f}-{l}", "https://{f}{l}.wordpress.com", "https://{f}.substack.com",
                   "http://{l}.free.fr", "https://{f}-{l}.medium.com", "https://mastodon.social/@{f}{l}")  # fmt: skip


def generate(
    n_spam: int = 1500, n_ham: int = 1500, *, lexicon: SpamLexicon | None = None, seed: int = SEED
) -> list[Record]:
    """Return synthetic spam and ham records (French and English, with metadata), fixed seed."""
    rng = random.Random(seed)
    records: list[Record] = []
    phrases = list(lexicon.phrases) if lexicon else []
    for _ in range(n_spam):
        style = rng.random()
        if style < 0.2:  # generic praise: the payload is the website field (or a keyword author)
            lang, template = rng.choice(_PRAISE_SPAM)
            french, text = lang == "fr", spin(template, rng)
            fields = {**reader_identity(rng), "url": _link(rng, _SPAM_DOMAINS)}
            if rng.random() < 0.3:  # the link in the text as well
                text = f"{text} {_link(rng, _SPAM_DOMAINS)}"
        elif style < 0.55:  # comment spam of the kinds news sites and blogs get (issue 19)
            french = rng.random() < 0.6
            template = rng.choice(_FR_COMMENT_SPAM if french else _EN_COMMENT_SPAM)
            text = _fill(template, rng, _SPAM_DOMAINS).strip()  # {opener} is filled empty
            if template.startswith("{opener}") and rng.random() < 0.7:  # a line on the article first
                text = f"{rng.choice(_FR_OPENERS if french else _EN_OPENERS)} {text}"
            fields = reader_identity(rng)
            if rng.random() < 0.3:
                fields["url"] = _link(rng, _SPAM_DOMAINS)
        else:
            french = rng.random() < 0.6
            text = _fill(rng.choice(_FR_SPAM if french else _EN_SPAM), rng, _SPAM_DOMAINS)
            if style < 0.65:  # links as HTML anchors or BBCode, keyword anchor text
                text = f"{text} {_with_markup(rng)}" if rng.random() < 0.5 else _with_markup(rng)
            if phrases and rng.random() < 0.15:  # seed with real contact-form spam phrases
                text = f"{rng.choice(phrases)} {text}"
            if rng.random() < 0.15:
                text = text.upper()
            fields = reader_identity(rng)
            if rng.random() < 0.5:  # the website field as a second payload
                fields["url"] = _link(rng, _SPAM_DOMAINS)
        if rng.random() < 0.08:  # a keyword or a link as the name, as spam bots fill it
            fields["author"] = rng.choice(_SPAM_NAMES)
        if rng.random() < 0.05:  # padded with non-breaking spaces or blank lines to push the link down
            text = f"{text}{rng.choice(_PADDING)}{_link(rng, _SPAM_DOMAINS)}"
        if style < 0.2 and not any(domain.split("/")[0] in text for domain in _SPAM_DOMAINS):
            # the payload is the website field alone, which the spam head does not read (the site memory holds it:
            # `unseen_website`, `commercial_website`): as a row it taught that readers' thanks are spam (« Merci pour
            # cet article, très intéressant. » 0.41 -> 0.66 once the website went unread). Skipped after every draw
            # of the row, so the rows after it are the same.
            continue
        records.append(Record.authored(text, "fr" if french else "en", "synthetic_spam", make_labels(spam=1), **fields))
    for _ in range(n_ham):
        thanks = rng.random() < 0.2  # readers' own thanks, as often as praise spam (so the words stay neutral)
        if thanks:
            lang, template = rng.choice(_PRAISE_SPAM)
            french, text = lang == "fr", spin(template, rng)
        else:
            french = rng.random() < 0.65
            template = rng.choice(_FR_HAM if french else _EN_HAM)
            text = _fill(template, rng, _HAM_DOMAINS)
            if rng.random() < 0.6:  # two sentences joined, as readers often write (and fewer exact repeats)
                text = f"{text} {_fill(rng.choice(_FR_HAM if french else _EN_HAM), rng, _HAM_DOMAINS)}"
        if rng.random() < 0.05:
            text += f" Source : https://www.{rng.choice(('insee.fr', 'assemblee-nationale.fr', 'bbc.co.uk'))}"
        if not thanks and rng.random() < 0.15:  # a reader citing a source: links alone do not mean spam
            sourced = rng.choice(_FR_SOURCED if french else _EN_SOURCED)
            link = rng.choice(_SOURCES).format(n=rng.randint(1000, 999999))
            text = f"{text} {sourced.format(source=link)}" if rng.random() < 0.6 else sourced.format(source=link)
        fields = reader_identity(rng)
        if thanks and not fields["url"] and rng.random() < 0.5:  # thankers often run a blog
            fields["url"] = f"https://{rng.choice(_HAM_DOMAINS)}"
        ham = make_labels(spam=0, toxicity=0)
        records.append(Record.authored(text, "fr" if french else "en", "synthetic_ham", ham, **fields))
    return records


#: Casual chatter under a video or a blog post (issue: "Great video bro!" held by the spam head on blogs): short
#: reactions, views and subscriber counts, questions, and what a reader did with the post (subscribed, bookmarked:
#: "Subscribed!" scored spam 0.97 with 2026.12.07-3, learned from "subscribe to my channel"; since -4). Written for
#: this project from the examples the weaknesses name, not from any data set's rows. Each is also used as the opener
#: of self-promotion spam below, so the chatter's words and shape stay neutral and the promotion decides.
_EN_CHATTER = (
    "Great video, thanks for posting!", "This song never gets old.", "Who else is still watching this in {when}?",
    "lol the cat at the end", "Best one yet, keep them coming!", "I've watched this five times today.",
    "Wow, {count} views already, well deserved!", "Congrats on {count} subscribers, you earned it!",
    "The chorus gives me chills every time.", "My daughter loves this one.", "Haha this made my day.",
    "Can't believe this came out {years} years ago.", "Such a good tune bro!", "Love it!!!",
    "The guitar solo is insane.", "So glad I found this again.", "Nice work, the editing is really clean.",
    "First time hearing this, instant favourite.", "Still the best version of this song.", "This is pure gold 😂",
    "Subscribed!", "Just subscribed, can't wait for the next one.", "Subscribed to the newsletter, thanks a lot.",
    "Bookmarked and sent to a friend.", "Following the whole series, great work.",
)  # fmt: skip
_FR_CHATTER = (
    "Trop bien cette vidéo, merci !", "Je ne me lasse pas de cette chanson.", "Qui regarde encore ça en {when} ?",
    "Mdr le chat à la fin", "La meilleure de toutes, continue !", "Je l'ai écoutée cinq fois aujourd'hui.",
    "Déjà {count} vues, c'est mérité !", "Bravo pour les {count} abonnés, tu le mérites !",
    "Le refrain me donne des frissons à chaque fois.", "Ma fille adore celle-là.", "Haha ça m'a fait ma journée.",
    "Dire que c'est sorti il y a {years} ans.", "Quelle voix, franchement !", "J'adore !!!",
    "Le solo de guitare est dingue.", "Trop content de retrouver cette vidéo.", "Beau montage, très propre.",
    "Première écoute, coup de cœur direct.", "Toujours la meilleure version de cette chanson.", "Pépite 😂",
    "Abonné !", "Je viens de m'abonner, vivement la prochaine.", "Abonné à la newsletter, merci beaucoup.",
    "Mis en favori et envoyé à un ami.", "Je suis toute la série, super travail.",
)  # fmt: skip
#: What turns chatter into spam: the commenter's own channel, gift cards, money, a link.
_EN_PROMO = (
    "Check out my channel, I do covers too!", "Please subscribe to my channel, I sub back!",
    "Free gift cards at {link}", "Small youtuber here, a sub would mean a lot!", "Watch my new video: {link}",
    "I make {money} a week from home, see my profile.", "Sub to me and I'll sub back :)",
)  # fmt: skip
_FR_PROMO = (
    "Allez voir ma chaîne, je fais des reprises aussi !", "Abonnez-vous à ma chaîne, je m'abonne en retour !",
    "Cartes cadeaux gratuites sur {link}", "Petit youtubeur ici, un abonnement svp !", "Ma nouvelle vidéo : {link}",
    "Je gagne {money} par semaine depuis chez moi, voir mon profil.", "Abonne-toi et je m'abonne en retour :)",
)  # fmt: skip


def casual_records(n: int = 400, *, seed: int = SEED) -> list[Record]:
    """Return casual chatter (ham) and the same chatter carrying self-promotion (spam), n of each.

    Both sides draw the commenter's name, e-mail and website from `reader_identity`, and the spam's text starts
    with the same chatter: what tells them apart is the promotion, as on a real blog.
    """
    rng = random.Random(seed + 3)  # its own stream: the rows of `generate` stay what earlier versions trained on

    def chatter(french: bool) -> str:
        template = rng.choice(_FR_CHATTER if french else _EN_CHATTER)
        counts = _FR_COUNTS if french else _EN_COUNTS
        return template.format(when=rng.choice(("2024", "2025", "2026")), count=rng.choice(counts),
                               years=rng.choice(("10", "15", "20")))  # fmt: skip

    def promotion(french: bool) -> str:
        return _fill(rng.choice(_FR_PROMO if french else _EN_PROMO), rng, _SPAM_DOMAINS)

    return _talk_and_offers(
        rng, n, french_share=0.5, talk=chatter, offer=promotion, opened=0.8, source="synthetic_casual",
        labels=lambda spam: make_labels(spam=spam, toxicity=0),
    )  # fmt: skip


def _talk_and_offers(
    rng: random.Random,
    n: int,
    *,
    french_share: float,
    talk: Callable[[bool], str],
    offer: Callable[[bool], str],
    opened: float,
    source: str,
    labels: Callable[[int], dict[str, float]],
) -> list[Record]:
    """n readers' lines (`talk`; a second line 30% of the time, as long as a line with an offer) and n spam comments:
    the same talk opening an offer (`opened` of them) or the offer alone. Every commenter drawn from `reader_identity`:
    the offer, not the words around it nor the fields, tells them apart."""
    out: list[Record] = []
    for spam in (False, True):
        for _ in range(n):
            french = rng.random() < french_share
            text = talk(french)
            if not spam and rng.random() < 0.3:
                text = f"{text} {talk(french)}"
            if spam:
                pitch = offer(french)
                text = f"{text} {pitch}" if rng.random() < opened else pitch
            identity = reader_identity(rng)
            out.append(Record.authored(text, "fr" if french else "en", source, labels(int(spam)), **identity))
    return out


def _templated_talk_and_offers(
    rng: random.Random,
    n: int,
    *,
    fill: Callable[[str, bool], str],
    talk: tuple[Sequence[str], Sequence[str]],
    offers: tuple[Sequence[str], Sequence[str]],
    french_share: float,
    source: str,
) -> list[Record]:
    """`_talk_and_offers` from (French, English) pools of templates, each filled by `fill(template, french)`, the
    talk opening the offer 60% of the time; spam label only."""

    def line(pools: tuple[Sequence[str], Sequence[str]], french: bool) -> str:
        return fill(rng.choice(pools[0] if french else pools[1]), french)

    return _talk_and_offers(
        rng, n, french_share=french_share, talk=lambda french: line(talk, french),
        offer=lambda french: line(offers, french), opened=0.6, source=source,
        labels=lambda spam: make_labels(spam=spam),
    )  # fmt: skip


#: Readers pointing others to the news, a broadcaster, a library or their own habits with the verbs of self-promotion
#: ("allez voir", "regardez", "abonné", "mon blog"), and the same talk sending readers to the commenter's own channel,
#: blog, podcast, page or shop. Added 2026-12-07 after a check written before any model scored it
#: (training/check_comments/self_promotion.txt, other words) found 2026.12.07-12 approving « Très bon article. Venez
#: voir mon blog... » at spam 0.29: the `self_promotion` column's weight was learned on English channel spam, and the
#: training sources hold almost no French self-promotion.
_FR_PROMOTION_TALK = (
    "Allez voir le documentaire de France 5 sur {topic}, il remet les choses à plat.",
    "Regardez l'entretien en entier sur le site de la rédaction, la citation est tronquée.",
    "Je suis abonné à votre journal depuis {years} ans, cet article est un des meilleurs.",
    "Découvrez le témoignage des soignants dans l'édition de ce matin, c'est poignant.",
    "Suivez le direct de la rédaction, les annonces sont prévues à {hour} heures.",
    "Écoutez l'émission de France Inter d'hier soir sur {topic}, tout y est dit.",
    "Mon père regarde la chaîne parlementaire tous les après-midi depuis sa retraite.",
    "J'ai un blog de recettes depuis des années, je n'y parle jamais de {topic}, mais là je ne peux pas me taire.",
    "Venez nombreux au rassemblement de samedi devant la mairie, il sera pacifique.",
    "Passez à la médiathèque, l'exposition sur {topic} vaut vraiment le détour.",
    "Ma fille fait des vidéos sur {topic} pour son école, elle y a appris énormément.",
    "Les chaînes d'info en continu tournent en boucle sur {topic}, je préfère la presse écrite.",
)
_EN_PROMOTION_TALK = (
    "Watch the whole interview on the paper's site, the quote is cut short.",
    "Check out the Reuters fact check on {topic}, it settles the numbers.",
    "I've subscribed to this paper for {years} years and this is among its best pieces.",
    "Listen to yesterday's BBC podcast on {topic}, it covers all of it.",
    "Visit the town library if you can, the exhibition on {topic} is worth it.",
    "I run a small recipe blog and never write about {topic}, but this one got to me.",
    "My son makes videos about {topic} for school, he learned a lot doing it.",
    "The rolling news channels loop on {topic} all day, I prefer a weekly paper.",
)
#: What turns that talk into self-promotion: the commenter's own blog, channel, podcast, page or shop.
_FR_SELF_PROMOTION = (
    "Venez découvrir mon blog, j'y publie mes analyses sur {topic} chaque semaine.",
    "Passez sur ma chaîne, je décrypte {topic} en vidéo, abonnez-vous pour m'aider.",
    "Jetez un œil à mes vidéos sur {topic}, vous trouverez ma chaîne avec mon pseudo.",
    "Écoutez mon podcast, on y parle de {topic} sans langue de bois, abonnez-vous !",
    "Allez voir ma page Facebook, je partage chaque jour les infos que les médias taisent.",
    "Soutenez ma petite chaîne, chaque abonné compte, merci d'avance !",
    "Découvrez ma boutique de créations artisanales, livraison offerte ce mois-ci.",
    "Suivez-moi sur TikTok pour des résumés de l'actu en une minute.",
    "Mon blog traite de {topic} en profondeur, venez y faire un tour et laissez un commentaire.",
    "Retrouvez mes chroniques sur {topic} sur ma chaîne, une nouvelle vidéo chaque jeudi.",
)
_EN_SELF_PROMOTION = (
    "Come check out my blog, I post my take on {topic} every week.",
    "Head over to my channel, I break down {topic} on video, a sub helps a lot.",
    "Give my podcast a listen, we talk {topic} with no filter, hit subscribe!",
    "Visit my Facebook page, I share the news the media won't cover every day.",
    "Support my small channel, every subscriber counts, thanks!",
    "Follow me on TikTok for one-minute news recaps.",
    "My blog covers {topic} in depth, drop by and leave a comment.",
)
_FR_PROMOTION_TOPICS = ("la guerre en Ukraine", "Gaza", "la réforme des retraites", "l'inflation", "les élections",
                        "la diplomatie", "le climat", "l'armée")  # fmt: skip
_EN_PROMOTION_TOPICS = ("the war in Ukraine", "Gaza", "the pension reform", "inflation", "the elections",
                        "diplomacy", "the climate", "the army")  # fmt: skip


def promotion_records(n: int = 200, *, seed: int = SEED) -> list[Record]:
    """Return readers pointing to the news or their habits with self-promotion's verbs (ham) and the same talk
    sending readers to the commenter's own blog, channel, podcast, page or shop (spam), n of each.

    Its own random stream; spam label only (the toxicity heads train on the rows they trained on before). Both sides
    draw the commenter from `reader_identity` and the topics from one pool.
    """
    rng = random.Random(seed + 14)

    def fill(template: str, french: bool) -> str:
        return template.format(
            topic=rng.choice(_FR_PROMOTION_TOPICS if french else _EN_PROMOTION_TOPICS),
            years=rng.choice(("3", "5", "10", "20")), hour=rng.choice(("11", "14", "18", "20")),
        )  # fmt: skip

    return _templated_talk_and_offers(
        rng, n, fill=fill, talk=(_FR_PROMOTION_TALK, _EN_PROMOTION_TALK),
        offers=(_FR_SELF_PROMOTION, _EN_SELF_PROMOTION), french_share=0.7, source="synthetic_promotion",
    )  # fmt: skip


#: Readers on what business outreach sells (sponsored content, search rankings, advertising, a site's design, reviews,
#: translation, agencies), said of the news, a site or their own trade, and the same talk followed by outreach to the
#: site with nothing in the text to follow (the contact is the e-mail field or a reply): guest posts, paid links, SEO,
#: web design, traffic, reviews. Added 2026-12-07 after a check written before any model scored it
#: (training/check_comments/outreach_offers.txt, other words) found 2026.12.07-13 approving 15 of its 20 offers
#: (« ...un article invité de qualité sur votre site en échange d'un lien vers le nôtre. » at spam 0.02): the
#: authored backlink and guest-post spam always carried a link or an address, and the column's signals read those.
_FR_OUTREACH_TALK = (
    "Bonjour, je lis le journal depuis {years} ans et la partie sur {topic} m'a beaucoup appris.",
    "Le publireportage de la semaine dernière ressemblait trop à un article, il faut mieux l'indiquer.",
    "Google met toujours les mêmes grands titres en avant, les sites indépendants disparaissent des recherches.",
    "Depuis la refonte de la page d'accueil, je ne retrouve plus la rubrique sur {topic}.",
    "Je suis graphiste et je trouve la nouvelle maquette du journal très réussie.",
    "Les avis en ligne sur les hôtels sont truqués, une enquête sur ce sujet serait utile.",
    "La traduction du discours sur {topic} est approximative, le mot employé était plus fort.",
    "Bonjour à la rédaction, une coquille s'est glissée dans le titre sur {topic}.",
    "Les publicités qui se lancent avec le son coupent l'envie de lire, surtout sur téléphone.",
    "Mon frère travaille dans la publicité, il dit que ce genre de campagne coûte une fortune.",
    "Bonjour, pourriez-vous mettre un lien vers le rapport original sur {topic} ?",
    "Les tribunes publiées ici sur {topic} sont souvent meilleures que les éditoriaux.",
    "Nous sommes plusieurs dans notre association à suivre vos articles sur {topic}, continuez.",
    "Nous avons besoin de plus d'enquêtes de terrain sur {topic}, pas seulement de dépêches.",
    "Cet article devrait être en accès gratuit, c'est une question d'intérêt public.",
    "Le dépistage est gratuit à la mairie jusqu'à vendredi, les associations du quartier l'ont organisé.",
)
_EN_OUTREACH_TALK = (
    "Hello, I've read this paper for {years} years and the section on {topic} taught me a lot.",
    "Advertorials should be labelled far more clearly, I took the last one for a real report.",
    "Search engines keep showing the same big outlets, independent sites barely exist in the results.",
    "Since the site's redesign I can't find the coverage of {topic} any more.",
    "Online reviews of hotels are rigged, an investigation on that would be welcome.",
    "Hi, the English translation of the speech on {topic} softens what was actually said.",
    "Autoplay video ads make this site almost unreadable on a smartphone.",
    "My sister runs a small marketing firm and says campaigns like this cost a fortune.",
    "Hi, could you link the original report on {topic}? I'd like to read it in full.",
    "The op-eds on {topic} here are often better than the editorials.",
    "We are a few neighbours who follow your coverage of {topic}, please keep it up.",
    "Our whole family read this piece on {topic} over dinner, we need more reporting like it.",
    "This article should be free to read, it is a matter of public interest.",
    "Screening is free at the town hall until Friday, the local charities set it up.",
)
#: What turns that talk into outreach to the site: the commenter's firm offering the site a service or a deal.
_FR_OUTREACH = (
    "Notre équipe propose du netlinking sur des blogs thématiques, des backlinks de qualité à prix réduit, "
    "écrivez-nous.",
    "Je souhaiterais publier un contenu sponsorisé chez vous qui renvoie vers mon site, quel est votre tarif ?",
    "Notre agence SEO peut doubler les visites de votre média en trois mois, il suffit de répondre.",
    "Nous rémunérons les éditeurs de sites d'information pour chaque lien placé dans un article, intéressés ?",
    "Rédactrice web spécialisée, je vous propose des contenus optimisés pour le référencement à tarif étudiant.",
    "Nous créons et refondons des sites internet pour les médias, devis sur simple demande.",
    "Nous vendons des espaces publicitaires et cherchons des sites comme le vôtre pour diffuser nos campagnes.",
    "Notre service augmente le nombre de vos abonnés sur les réseaux en quelques jours, résultats garantis.",
    "Proposition de partenariat : un article de ma part chez vous, un renvoi vers votre journal depuis mon blog.",
    "Agence de traduction, nous adaptons vos contenus en cinq langues sous 48 h, demandez nos conditions.",
    "Nous pouvons améliorer la note de votre établissement avec des avis clients positifs, en toute discrétion.",
    "Votre site charge lentement et perd des visiteurs, notre équipe technique règle ça pour un prix modique.",
)
_EN_OUTREACH = (
    "Our team does niche edits and link building on authority blogs, cheap packages available, drop us a line.",
    "Keen to publish a sponsored article here that links back to mine, what do you charge?",
    "Our SEO agency can double your site's visitors in three months, just reply to this comment.",
    "We pay publishers of news sites for every link placed in an article, would you be interested?",
    "Freelance writer here, I can supply SEO-optimised articles for your outlet at a very fair rate.",
    "We build and redesign websites for media outlets, ask us for an estimate.",
    "We sell ad space and are looking for sites like yours to run our campaigns, reply for the details.",
    "Our service grows your social media following within days, results guaranteed.",
    "Partnership offer: an article from me here, a link to your paper from my blog, fair deal?",
    "We can improve your business rating with positive customer reviews, discreet and fast.",
    "Your site loads slowly and loses visitors, our developers can fix it for a modest fee.",
)


def outreach_records(n: int = 200, *, seed: int = SEED) -> list[Record]:
    """Return readers on sponsored content, search rankings, ads, design, reviews and translation (ham) and the same
    talk followed by outreach to the site with nothing to follow in the text (spam), n of each.

    Its own random stream; spam label only. Both sides draw the commenter from `reader_identity`, greet the desk
    ("Bonjour", "Hello") and address the site ("votre site", "your site") alike: the offer tells them apart.
    """
    rng = random.Random(seed + 15)

    def fill(template: str, french: bool) -> str:
        return template.format(
            topic=rng.choice(_FR_PROMOTION_TOPICS if french else _EN_PROMOTION_TOPICS),
            years=rng.choice(("3", "5", "10", "20")),
        )  # fmt: skip

    return _templated_talk_and_offers(
        rng, n, fill=fill, talk=(_FR_OUTREACH_TALK, _EN_OUTREACH_TALK), offers=(_FR_OUTREACH, _EN_OUTREACH),
        french_share=0.6, source="synthetic_outreach",
    )  # fmt: skip


#: Readers telling what a brand's support, customer service or hotline did for them (or did not), with no number, and
#: the same story followed by a support-number scam for that brand. Added 2026-12-07 after a check written before any
#: model scored it (training/check_comments/support_readers.txt, other brands and words) found 2026.12.07-14 holding 9
#: of its 20 readers in the news profile: the `support_line` signal fires on a support phrase beside a brand's name,
#: number or not, and the authored rows only ever put those words in a scam.
_FR_SUPPORT_TALK = (
    "Le service client de {brand} m'a fait patienter {n} minutes pour me dire de tout réinitialiser.",
    "L'assistance technique de {brand} a fini par reconnaître le problème, un correctif arriverait bientôt.",
    "J'ai écrit au support de {brand} : réponse automatique, puis plus rien depuis {n} jours.",
    "La hotline de {brand} m'a conseillé la même manipulation que vous, et ça a marché.",
    "Le support {brand} m'a renvoyé vers le revendeur, qui m'a renvoyé vers eux.",
    "Mon père a appelé le service après-vente de {brand}, la pièce a été changée sous garantie.",
    "Le service client de {brand} est devenu un robot, impossible de parler à un humain.",
    "Méfiez-vous des faux numéros du support {brand} dans les annonces, ma voisine s'est fait avoir.",
    "Le 3114, numéro national de prévention du suicide, est ouvert à toute heure, rien à voir avec le support {brand}.",
    "Pour une carte bancaire volée, le centre d'opposition est joignable à toute heure au 0 892 705 705, pas {brand}.",
)
_EN_SUPPORT_TALK = (
    "{brand} customer service kept me waiting {n} minutes just to tell me to reset everything.",
    "{brand} tech support finally admitted the bug, a patch is supposedly on the way.",
    "I emailed {brand} support, got an auto-reply and then nothing for {n} days.",
    "The {brand} helpline suggested the same steps as you, and it worked.",
    "{brand} support sent me back to the retailer, who sent me back to them.",
    "My dad rang {brand} customer care and they swapped the part under warranty.",
    "Watch out for fake {brand} support numbers in search ads, a neighbour got scammed.",
    "NHS 111 is open round the clock, unlike {brand} support, which closes at six.",
    "For a stolen card, your bank's fraud line is open at any hour on 0345 600 0000; {brand} cannot help there.",
)
#: What turns the story into a scam: a support line for the brand, with a number to call.
_FR_SUPPORT_SCAM = (
    "Pour toute panne {brand}, l'assistance répond 24h/24 au {phone}, un technicien vous rappelle tout de suite.",
    "Service client {brand} joignable au {phone}, dépannage à distance garanti.",
    "Un souci avec {brand} ? Le support officiel est au {phone}, appelez sans attendre.",
)
_EN_SUPPORT_SCAM = (
    "Having trouble with {brand}? Call {brand} tech support toll free at {phone}, open 24/7.",
    "For any {brand} error, dial the {brand} support number {phone} and get it fixed remotely.",
    "{brand} customer care helpline {phone}, instant help from certified technicians.",
)
#: Brands of the authored stories: none of the check set's (Brother, Netgear, McAfee, Garmin, Dell, PayPal, Canon...).
_SUPPORT_BRANDS = ("Epson", "Lexmark", "Norton", "Bitdefender", "QuickBooks", "Sage", "Orange", "Free", "Apple",
                   "Roku", "Linksys", "Outlook", "Coinbase", "Webroot", "Yahoo", "Netflix", "Xerox")  # fmt: skip


def support_records(n: int = 200, *, seed: int = SEED) -> list[Record]:
    """Return readers telling a brand's support story with no number (ham) and the same story followed by a support
    line for that brand with a number (spam), n of each.

    Its own random stream; spam label only. Both sides name the brand and its support in the same words and draw the
    commenter from `reader_identity`: the number to call tells them apart.
    """
    rng = random.Random(seed + 16)
    brand = ""

    def fill(template: str, french: bool) -> str:
        nonlocal brand
        if template in _FR_SUPPORT_TALK or template in _EN_SUPPORT_TALK or not brand:
            brand = rng.choice(_SUPPORT_BRANDS)  # a scam following a story names the story's brand
        phone = _fill("{phone}", rng, _SPAM_DOMAINS)
        return template.format(brand=brand, n=rng.choice(("20", "40", "45", "90")), phone=phone)

    return _templated_talk_and_offers(
        rng, n, fill=fill, talk=(_FR_SUPPORT_TALK, _EN_SUPPORT_TALK), offers=(_FR_SUPPORT_SCAM, _EN_SUPPORT_SCAM),
        french_share=0.5, source="synthetic_support",
    )  # fmt: skip


#: Readers on buying, selling, lessons, coaching, crafts and local trades in the news, some saying what they sell
#: (« je vends mes légumes au marché ») and some asking others to act (« n'hésitez pas à lire le rapport »), never
#: both; and the same talk followed by a sale to the readers with nothing to follow in the text: the commenter's own
#: lessons, tickets, crafts, readings, coaching or book, and a call to act. Added 2026-12-07 after
#: training/check_comments/soft_offers.txt (other words) found 2026.12.07-15 approving 10 of its 20 offers: the
#: authored spam always pointed somewhere (a link, a code, a profile, a private message).
_FR_SALE_TALK = (
    "J'ai dû revendre ma voiture l'an dernier, le prix du carburant devenait intenable.",
    "Ma fille donne des cours de piano pour payer ses études, avec l'inflation ses élèves se font rares.",
    "Le marché de Noël de {city} a perdu la moitié de ses artisans, les emplacements coûtent trop cher.",
    "Méfiez-vous des voyantes et des coachs miracles qui profitent de la détresse des gens.",
    "Je suis artisan boulanger et la facture d'électricité a triplé, je ne sais pas si je tiendrai l'hiver.",
    "N'hésitez pas à lire le rapport de la Cour des comptes sur {topic}, tout y est détaillé.",
    "La vente à domicile est souvent une arnaque pyramidale, mes voisins y ont perdu leurs économies.",
    "Si ça vous intéresse, la médiathèque de {city} prête des liseuses gratuitement.",
    "Les cours particuliers sont devenus un marché parallèle, l'école publique devrait suffire.",
    "Mon oncle a vendu sa boulangerie après trente ans, aucun repreneur dans le village.",
    "Je vends mes légumes au marché depuis vingt ans et je n'ai jamais vu des prix pareils.",
    "Prenez rendez-vous tôt pour le vaccin, les pharmacies de {city} sont débordées.",
    "Le dépistage est gratuit en pharmacie jusqu'à la fin du mois, encore faut-il trouver un créneau.",
    "Je loue un studio à un étudiant et je trouve l'encadrement des loyers plutôt juste.",
    "Les aides à domicile sont payées une misère alors qu'elles font un travail essentiel.",
    "Un devis gratuit à 4 000 euros pour changer une fenêtre, certains artisans abusent.",
    "N'hésitez pas à signer la pétition pour sauver la maternité de {city}.",
    "Si vous êtes intéressés, la réunion publique sur le nouveau parking a lieu jeudi soir.",
    "Ma voisine est photographe et n'a plus aucun mariage à couvrir depuis la crise.",
    "Les petites annonces de vélos d'occasion explosent depuis la hausse du carburant.",
)
_EN_SALE_TALK = (
    "I had to sell my car last year, fuel prices made it impossible to keep.",
    "My daughter teaches piano to pay her way through college, with inflation she has fewer students.",
    "Beware of psychics and miracle coaches preying on people's distress.",
    "I run a small bakery and my energy bill tripled, not sure I'll make it through winter.",
    "If you're interested, the town library in {city} lends e-readers for free.",
    "Direct selling is often a pyramid scheme, my neighbours lost their savings in one.",
    "Feel free to read the audit office's report on {topic}, it's all laid out there.",
    "I sell vegetables at the market and have never seen prices like these.",
    "I rent a room to a student and the new rules on deposits seem fair to me.",
    "Feel free to contact your MP, the consultation on {topic} closes on Friday.",
    "Home carers are paid a pittance for essential work, and it shows.",
    "Second-hand prams sell in a day here, new ones are priced out of reach.",
)
#: What turns that talk into a sale to the readers: the commenter's own goods or services and a call to act.
_FR_PRIVATE_SALES = (
    "Je donne des cours de piano à domicile sur {city}, premier cours offert, n'hésitez pas.",
    "Je revends deux places pour le concert de samedi au prix coûtant, faites-moi signe.",
    "Je suis naturopathe diplômée et je propose des consultations en visio à tarif réduit, prenez rendez-vous.",
    "Je vends des confitures maison et du miel de notre région, livraison possible partout en France.",
    "Je suis voyante depuis vingt ans et je lis votre avenir, la première consultation est offerte.",
    "Je fais du repassage chez les particuliers du quartier, tarif sympa, si ça vous intéresse.",
    "J'ai écrit un roman sur {topic}, il est disponible sur Amazon, n'hésitez pas à le lire.",
    "Je recrute des personnes motivées pour ma petite entreprise de vente à domicile, si ça vous tente, faites-moi "
    "signe.",
    "Je mets en vente mon vélo électrique presque neuf, à récupérer chez moi à {city}, faites-moi une offre.",
    "Je suis coach en confiance en soi et je propose des séances individuelles, n'hésitez pas à me contacter.",
    "Je donne des cours d'anglais en ligne pour adultes, premier cours gratuit, si vous êtes intéressés.",
    "Ma boutique de bijoux faits main a des prix doux pour les fêtes, passez me voir au marché de {city}.",
    "Particulier vend table en chêne et six chaises, très bon état, prix à débattre, me contacter par ici.",
    "Loue studio meublé près de la gare de {city} pour étudiant, libre en janvier, écrivez-moi.",
    "Je fais le jardinage et la tonte chez les particuliers autour de {city}, chèques CESU acceptés, n'hésitez pas.",
    "Je suis photographe, il me reste deux dates de mariage cet été, tarifs raisonnables, demandez-moi.",
    "Je fabrique des savons au lait de chèvre dans notre ferme, envoi possible dans toute la France.",
    "Je suis hypnothérapeute et j'aide à arrêter de fumer en une séance, premier rendez-vous offert.",
    "Je garde vos animaux pendant les vacances, à domicile sur {city}, tarifs honnêtes, laissez un message.",
    "Vends iPhone 13 débloqué avec facture, 350 euros, à récupérer à {city}, me contacter.",
    "Je recrute des ambassadrices pour une marque de cosmétiques bio, sans expérience, écrivez-moi en privé.",
    "Je donne des cours de programmation aux collégiens en visio, si vous êtes intéressés.",
    "Je viens de sortir mon premier album de chansons, si ça vous dit, cherchez mon nom sur les plateformes.",
    "Je répare les ordinateurs et les téléphones à domicile, devis gratuit, n'hésitez pas.",
)
_EN_PRIVATE_SALES = (
    "I give online guitar lessons to beginners, first lesson is free, message me.",
    "I'm selling two tickets for Saturday's match at face value, hit me up.",
    "I make and sell beeswax candles, shipping available across the country, ask me for the list.",
    "I'm a life coach, I work with people who lost their job, feel free to reach out for a session.",
    "I wrote a book about {topic}, it's available on Amazon if you're interested.",
    "My shop has winter coats at half price this week, if anyone is interested just ask.",
    "I'm a psychic and can tell you what the coming year holds, the first reading is on me, message me.",
    "I give private maths lessons for exam season, reach out if your kids need help.",
    "Selling a barely used pram and car seat, pick up in {city}, serious offers only.",
    "Room to let in a quiet shared house near {city} centre, bills included, reply here.",
    "I offer dog walking and cat sitting while you're away, local and insured, drop me a message.",
    "I bake birthday cakes to order, any theme, just ask.",
    "I'm a photographer with two wedding dates left this summer, get in touch.",
    "I mentor new traders one to one, spots are limited, message me.",
    "I self-published a novel, a thriller set in {city}, leave your email and I'll send you a sample.",
    "I repair laptops and phones at your place, free quote, contact me.",
)
_SALE_CITIES = ("Lille", "Nantes", "Toulouse", "Rennes", "Grenoble", "Metz", "Dijon", "Brest")


def private_sale_records(n: int = 200, *, seed: int = SEED) -> list[Record]:
    """Return readers on buying, selling, lessons and trades (ham) and the same talk followed by a sale to the readers
    with nothing to follow in the text (spam), n of each.

    Its own random stream; spam label only. Both sides draw the commenter from `reader_identity`; the readers' talk
    says what they sell or asks others to act, never both: the two together tell the sale.
    """
    rng = random.Random(seed + 17)

    def fill(template: str, french: bool) -> str:
        return template.format(
            city=rng.choice(_SALE_CITIES),
            topic=rng.choice(_FR_PROMOTION_TOPICS if french else _EN_PROMOTION_TOPICS),
        )  # fmt: skip

    return _templated_talk_and_offers(
        rng, n, fill=fill, talk=(_FR_SALE_TALK, _EN_SALE_TALK), offers=(_FR_PRIVATE_SALES, _EN_PRIVATE_SALES),
        french_share=0.6, source="synthetic_private_sales",
    )  # fmt: skip


_EN_COUNTS = ("1 million", "2 million", "14 million", "500k", "100,000", "10k", "250,000")
_FR_COUNTS = ("1 million de", "2 millions de", "14 millions de", "500k", "100 000", "10k", "250 000")


#: Product ads dressed as a testimony or a tip (cosmetics, cures, growth services, "safe" placements), and readers
#: discussing the same topics in the news. Added 2026-12-06 after a probe of 2026.12.06-16 approved an anti-ageing
#: cream ad and a followers shop (training/check_comments/product_spam.txt, other words; docs/models.md).
_FR_PRODUCT_SPAM = (
    "{opener} Ma tante a l'air d'avoir 15 ans de moins grâce à {cream}, les labos ne veulent pas que ça se sache : "
    "{link}",
    "Adieu les rides en {weeks} semaines avec {cream}, échantillon gratuit à réclamer sur {link}",
    "{opener} Le sérum {cream} est à -{pct} aujourd'hui seulement, livraison offerte : {link}",
    "Le docteur {seer} a soigné mon herpès avec ses plantes en 2 semaines, écrivez-lui à {email}",
    "{opener} Un remède naturel qui fait baisser le diabète et la tension en un mois, des milliers de guérisons : "
    "{link}",
    "Abonnés, likes et vues pour Instagram, TikTok et YouTube, profils réels, livraison immédiate : {link}",
    "{opener} Placement dans l'or et l'argent physique, {pct} par an garantis sans risque, un conseiller au {phone}",
    "Faites fructifier votre épargne avec notre {investment} : {pct} de rendement, simulation gratuite sur {link}",
    "{opener} Les dentistes détestent cette astuce pour avoir les dents blanches en {weeks} semaines : {link}",
    "Prothèse auditive invisible à -{pct}, essai gratuit d'un mois, appelez le {phone}",
)
_EN_PRODUCT_SPAM = (
    "{opener} My aunt looks 15 years younger since she started {cream}, the big brands hide it: {link}",
    "Say goodbye to wrinkles in {weeks} weeks with {cream}, get your free sample at {link}",
    "I was cured of herpes by Dr. {seer}'s herbs in two weeks, write to him at {email}",
    "{opener} A natural remedy that reverses diabetes and high blood pressure in a month: {link}",
    "Real followers, likes and views for Instagram, TikTok and YouTube, delivered instantly: {link}",
    "{opener} Invest in physical gold and silver, {pct} a year guaranteed with no risk, call an adviser on {phone}",
    "Grow your savings with our {investment}: {pct} returns, free simulation at {link}",
    "{opener} Dentists hate this trick for white teeth in {weeks} weeks: {link}",
)
_FR_PRODUCT_TOPICS = (
    "L'ANSM a alerté sur des crèmes anti-rides vendues en ligne qui contiennent des corticoïdes.",
    "Ma dermatologue dit qu'un sérum à {money} ne fait pas mieux qu'une crème de pharmacie.",
    "Les faux remèdes contre le diabète pullulent sur les réseaux, les autorités de santé devraient réagir.",
    "Acheter des abonnés sur Instagram, beaucoup de politiques le font, l'article aurait pu le dire.",
    "L'or a battu un record cette semaine, les banques centrales en achètent massivement.",
    "Les arnaques aux placements dans l'or ou le vin se multiplient, l'AMF publie une liste noire.",
    "Le 100 % santé a rendu les prothèses auditives abordables pour mon père, c'est une vraie avancée.",
    "Mon dentiste déconseille les kits de blanchiment achetés sur internet, ils abîment l'émail.",
)
_EN_PRODUCT_TOPICS = (
    "The regulator warned about anti-wrinkle creams sold online that contain steroids.",
    "Buying followers is common among politicians too, the piece could have mentioned it.",
    "Gold hit a record this week as central banks keep buying.",
    "Fake diabetes cures spread on social media, health authorities should act.",
    "My dentist says whitening kits bought online damage the enamel.",
)
_CREAMS = ("Jeunesse Éternelle", "DermaLift", "Collagène Plus", "Sérum Éclat", "AgeLess Pro", "RideStop")
_INVESTMENTS = ("plateforme d'or", "gold fund", "livret crypto", "SCPI premium", "wine portfolio")


def product_records(n: int = 200, *, seed: int = SEED) -> list[Record]:
    """Return product ads in a testimony's clothes (spam) and readers' comments on the same topics (ham), n of each.

    Its own random stream, so the rows of `generate` and `casual_records` stay what earlier versions trained on; the
    ham says nothing of the tone (spam label only), so the toxicity heads train on the rows they trained on before.
    """
    rng = random.Random(seed + 5)
    out: list[Record] = []
    for spam in (False, True):
        for _ in range(n):
            french = rng.random() < 0.6
            if spam:
                template = rng.choice(_FR_PRODUCT_SPAM if french else _EN_PRODUCT_SPAM)
                template = template.replace("{cream}", rng.choice(_CREAMS))
                template = template.replace("{investment}", rng.choice(_INVESTMENTS))
                text = _fill(template, rng, _SPAM_DOMAINS).strip()
                if template.startswith("{opener}") and rng.random() < 0.7:  # a line on the article first
                    text = f"{rng.choice(_FR_OPENERS if french else _EN_OPENERS)} {text}"
            else:
                text = _fill(rng.choice(_FR_PRODUCT_TOPICS if french else _EN_PRODUCT_TOPICS), rng, _HAM_DOMAINS)
                if rng.random() < 0.5:  # with a line of ordinary news comment, as readers write
                    text = f"{text} {_fill(rng.choice(_FR_HAM if french else _EN_HAM), rng, _HAM_DOMAINS)}"
            identity = reader_identity(rng)
            labels = make_labels(spam=int(spam))
            out.append(Record.authored(text, "fr" if french else "en", "synthetic_product", labels, **identity))
    return out


#: Readers talking money in the news (pay, rent, bills, pensions, prices, public spending), and the same talk as the
#: opener of a money offer. Added 2026-12-07 after a probe of 2026.12.07-4 held 3 of 20 readers' comments on their
#: pay or pension as spam (news profile: "Je gagne 1 800 € par mois comme aide-soignante...", 0.49; the check set,
#: other words: training/check_comments/money_talk.txt): the only amounts "per month" it had seen were offers. Both
#: sides draw their amounts from one pool, so an amount is no shortcut; the offer (a link, a number, "from home",
#: "guaranteed") decides.
_FR_MONEY_TALK = (
    "Moi je touche {amount} par mois après 35 ans de carrière, alors les leçons de rigueur, merci.",
    "Mon loyer a pris {amount} en deux ans, pour le même appartement et sans travaux.",
    "Infirmière à l'hôpital public, {amount} net par mois avec les gardes de nuit. Voilà la réalité.",
    "La cantine des enfants nous coûte {amount} par mois, c'était moitié moins il y a trois ans.",
    "{amount} d'amende pour trois minutes de retard au parcmètre, et on s'étonne que les gens soient en colère.",
    "Le gouvernement annonce une prime de {amount}, mais la baisse des APL nous en reprend autant.",
    "Le fioul est à {amount} la cuve chez nous, on ne chauffe plus qu'une pièce cet hiver.",
    "J'ai gagné {amount} de plus par an en changeant d'employeur, les augmentations en interne n'existent plus.",
    "Un étudiant boursier vit avec {amount} par mois, allez voir les files devant les banques alimentaires.",
    "{amount} par habitant pour rénover la gare, c'est de l'argent bien dépensé selon vous ?",
    "Ma mère paie {amount} par mois pour son EHPAD, et le personnel manque partout.",
    "Les courses pour quatre : {amount} par semaine minimum, sans rien de superflu.",
    "Artisan depuis 20 ans, je me verse {amount} par mois quand l'année est bonne.",
    "On a payé {amount} de frais de notaire, personne n'explique où va cet argent.",
)
_EN_MONEY_TALK = (
    "I take home {amount} a month as a teaching assistant and half of it goes on rent.",
    "Our council tax went up by {amount} this year and the bins get collected every other week.",
    "Childcare costs us {amount} a month. No wonder nobody can afford a second kid.",
    "My dad gets {amount} a month after 42 years down the mines.",
    "A {amount} fine for being three minutes late at the meter. Unbelievable.",
    "I earned {amount} more a year by switching jobs, internal raises are a joke now.",
    "They spent {amount} on consultants for a website that still doesn't work.",
    "Groceries for a family of four: {amount} a week, and that's without any treats.",
    "Self-employed for 15 years, I pay myself {amount} a month in a good year.",
)
#: What turns money talk into spam: income from home, loans, paid surveys, a returns promise, a number to call.
_FR_MONEY_OFFERS = (
    "Moi j'ai trouvé la solution : je gagne {amount} par mois depuis chez moi, tout est expliqué ici {link}",
    "Si vous galérez comme moi, ce site m'a fait toucher {amount} en une semaine : {link}",
    "Investissez plutôt : {amount} de gains garantis chaque mois avec {company}, inscription sur {link}",
    "Crédit rapide sans justificatif jusqu'à {amount}, réponse en 24 h au {phone}",
    "Sondages rémunérés : {amount} par mois en plus, inscription gratuite sur {link}",
    "Écrivez-moi sur WhatsApp au {phone}, je vous montre comment j'ai gagné {amount} ce mois-ci.",
    "Rachat de crédits : baissez vos mensualités de {amount}, simulation gratuite sur {link}",
)
_EN_MONEY_OFFERS = (
    "I found a way out: I make {amount} a month from home, it's all explained at {link}",
    "If you're struggling like I was, this site paid me {amount} in a week: {link}",
    "Invest instead: {amount} guaranteed profit every month with {company}, sign up at {link}",
    "Fast loans with no credit check up to {amount}, approval in 24 hours, call {phone}",
    "Paid surveys: {amount} extra a month, free to join at {link}",
    "Message me on WhatsApp at {phone} and I'll show you how I made {amount} this month.",
)
_FR_AMOUNTS = ("1 350 €", "2 100 € net", "900 euros", "45 €", "1 200 €", "3 000 €", "680 €", "12 000 €", "250 euros",
               "1 750 €", "90 €", "4 500 €")  # fmt: skip
_EN_AMOUNTS = ("$1,200", "£850", "$3,000", "£95", "$650", "£1,400", "$12,000", "£300", "$45", "€1,100", "$2,250")


def money_records(n: int = 200, *, seed: int = SEED) -> list[Record]:
    """Return readers' money talk (ham) and the same talk opening a money offer (spam), n of each.

    Its own random stream (the rows of the other generators stay what earlier versions trained on); spam label
    only, so the toxicity heads train on the rows they trained on before. Both sides draw the commenter from
    `reader_identity` and the amounts from one pool.
    """
    rng = random.Random(seed + 11)

    def talk(french: bool) -> str:
        amounts = _FR_AMOUNTS if french else _EN_AMOUNTS
        return rng.choice(_FR_MONEY_TALK if french else _EN_MONEY_TALK).format(amount=rng.choice(amounts))

    def money_offer(french: bool) -> str:
        template = rng.choice(_FR_MONEY_OFFERS if french else _EN_MONEY_OFFERS)
        return _fill(template.replace("{amount}", rng.choice(_FR_AMOUNTS if french else _EN_AMOUNTS)), rng,
                     _SPAM_DOMAINS)  # fmt: skip

    return _talk_and_offers(
        rng, n, french_share=0.6, talk=talk, offer=money_offer, opened=0.7, source="synthetic_money",
        labels=lambda spam: make_labels(spam=spam),
    )  # fmt: skip


#: Readers on the topics of offers that carry no link (diets and weight, shops and discount codes, dating apps,
#: channels, trading apps, subscriptions, crafts), and the same talk opening such an offer. Added 2026-12-07 after a
#: check written before any model scored it (training/check_comments/linkless_offers.txt, other words) found
#: 2026.12.07-6 approving 13 of 20 in the news profile: a discount code scored spam 0.01, a slimming recipe 0.04. The
#: spam the model knew carried a link, a number or an address; these send the reader to a code, a profile or a private
#: message (the `offer_pointer` column reads that).
#: Both sides draw the weights, shares and prices from one pool: a figure is no shortcut, the offer decides.
_FR_OFFER_TALK = (
    "J'ai perdu {kilos} en un an avec un suivi médical, rien de miraculeux, beaucoup de patience.",
    "Les régimes vendus par les influenceurs promettent {kilos} en {weeks} semaines, les nutritionnistes s'arrachent "
    "les cheveux.",
    "Les remises de {pct} affichées en vitrine sont souvent calculées sur des prix gonflés la veille.",
    "Les commerçants de ma rue ferment les uns après les autres, les loyers ont pris {pct}.",
    "Les applis de rencontre ont changé la façon de se connaître, ma sœur y a trouvé son compagnon.",
    "La chaîne YouTube de ce reporter de guerre vaut mieux que bien des journaux télévisés.",
    "Les influenceurs qui vantent le trading sur Instagram devraient être poursuivis, des jeunes y perdent tout.",
    "On a résilié deux abonnements de streaming cette année, {price} par mois pour des séries qu'on ne regarde pas.",
    "Ma mère tricote pour le marché de Noël du village, elle en tire {price} les bonnes années.",
    "Les compléments alimentaires minceur sont un marché énorme et très peu contrôlé, l'enquête est édifiante.",
    "Un ami a perdu {kilos} après son infarctus, son cardiologue l'a suivi chaque mois.",
    "Les soldes commencent mercredi, mais avec l'inflation les gens n'achètent plus que l'essentiel.",
)
_EN_OFFER_TALK = (
    "I lost {kilos} over a year with my GP's help, nothing miraculous, just a lot of walking.",
    "Influencers promise {kilos} in {weeks} weeks and dietitians are tearing their hair out.",
    "Those {pct} off signs are usually calculated on prices that were raised the week before.",
    "Half the shops on our high street have closed, rents went up {pct} in three years.",
    "Dating apps changed how people meet, my cousin found her husband on one.",
    "That war reporter's YouTube channel is better than most evening news bulletins.",
    "The trading apps aimed at teenagers should be regulated, kids are losing their savings.",
    "We cancelled two streaming services this year, {price} a month for shows nobody watches.",
    "My neighbour sells her pottery at the Christmas market, it makes her about {price} in a good year.",
    "The slimming supplement market is huge and barely checked, this investigation is damning.",
)
#: What turns that talk into spam with no link: a discount code, a shop to look up, a profile or a private message,
#: a miracle diet, a dating lure, a channel to subscribe to, a trading coach to write to.
_FR_LINKLESS_OFFERS = (
    "Pour ceux que ça intéresse, {pct} de remise sur tout le site avec le code {code}, jusqu'à dimanche !",
    "Je vends mes créations en céramique, {pct} pour vous avec le code {code}, toutes les infos sur ma page.",
    "Ma sœur a fondu de {kilos} en {weeks} semaines avec une tisane détox, je vous donne le nom en message privé.",
    "Les nutritionnistes ne veulent pas que vous sachiez ça : {kilos} en moins en {weeks} semaines sans sport, "
    "voir mon profil.",
    "Envie de compagnie ce soir ? Des femmes mûres de ta région t'attendent, inscription gratuite, cherche "
    "{site} sur Google.",
    "Jeune femme douce et câline cherche homme généreux, envoie-moi un message privé pour mes photos.",
    "Je fais des vidéos d'analyse politique chaque semaine sur ma chaîne, un petit abonnement m'aiderait beaucoup !",
    "Grâce à Mme {coach}, ma conseillère en placements, j'ai triplé mon épargne en un mois. Demandez-moi son "
    "Telegram en privé.",
    "Abonnement à toutes les chaînes et plateformes de streaming pour {price} par mois, écrivez-moi en privé.",
    "Nos montres de luxe sont à {pct} pour les fêtes, tapez {site} dans votre moteur de recherche.",
    "Je revends des parfums de grandes marques à {pct} de moins qu'en boutique, écrivez-moi pour la liste.",
)
_EN_LINKLESS_OFFERS = (
    "For anyone interested, {pct} off everything with code {code}, until Sunday only!",
    "I make handmade candles, you get {pct} off with code {code}, details on my page.",
    "My sister melted {kilos} in {weeks} weeks with a detox tea, DM me for the name.",
    "Nutritionists don't want you to know this: {kilos} gone in {weeks} weeks with no exercise, see my bio.",
    "Lonely tonight? Mature women near you want to meet, sign up free, just google {site}.",
    "Sweet young woman looking for a generous man, message me privately for my pictures.",
    "I post a news breakdown every week on my channel, a sub would really help me grow!",
    "Thanks to Mrs. {coach}, my investment mentor, I tripled my savings in a month. Ask me for her Telegram.",
    "Every sports channel and streaming platform for {price} a month, message me privately.",
    "I resell designer perfumes at {pct} below shop prices, email me for the list.",
)
_KILOS = ("8 kilos", "12 kg", "15 kilos", "20 kg", "6 kilos", "25 kilos")
_EN_KILOS = ("8 kilos", "12 kg", "20 pounds", "30 lbs", "6 kilos", "3 stone")
_PCTS = ("20 %", "30 %", "-40 %", "50 %", "15 %", "70 %")
_EN_PCTS = ("20%", "30%", "40%", "50%", "15%", "70%")
_CODES = ("HIVER25", "BLACK40", "MERCI15", "VIP30", "SOLDES50", "WELCOME20", "FETES35", "BONJOUR10")
_COACHES = ("Lambert", "Duval", "Fischer", "Morgan", "Ortega", "Rossi")
_OFFER_SITES = ("RencontresMatures", "LuxeMontres", "DateLocal", "TopMontres", "CoeursSolos")


def offer_records(n: int = 200, *, seed: int = SEED) -> list[Record]:
    """Return readers' talk on offers' topics (ham) and the same talk opening an offer with no link (spam), n of each.

    Its own random stream (the rows of the other generators stay what earlier versions trained on); spam label only,
    so the toxicity heads train on the rows they trained on before. Both sides draw the commenter from
    `reader_identity` and the figures from one pool.
    """
    rng = random.Random(seed + 13)

    def fill(template: str, french: bool) -> str:
        return template.format(
            kilos=rng.choice(_KILOS if french else _EN_KILOS), weeks=rng.choice(("3", "4", "6", "8")),
            pct=rng.choice(_PCTS if french else _EN_PCTS), price=rng.choice(_FR_AMOUNTS if french else _EN_AMOUNTS),
            code=rng.choice(_CODES), coach=rng.choice(_COACHES), site=rng.choice(_OFFER_SITES),
        )  # fmt: skip

    return _templated_talk_and_offers(
        rng, n, fill=fill, talk=(_FR_OFFER_TALK, _EN_OFFER_TALK), offers=(_FR_LINKLESS_OFFERS, _EN_LINKLESS_OFFERS),
        french_share=0.6, source="synthetic_offers",
    )  # fmt: skip
