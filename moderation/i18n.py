"""French and English messages for errors and reasons, and the choice of language per request."""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

MESSAGES: dict[str, dict[Lang, str]] = {
    # Submission checks, in the comment form's own words
    "author_required": {"en": "Please enter your name here", "fr": "Veuillez saisir votre nom ici"},
    "email_required": {
        "en": "Please enter your email address here",
        "fr": "Veuillez saisir votre adresse e-mail ici",
    },
    "email_invalid": {
        "en": "You have entered an incorrect email address!",
        "fr": "Vous avez saisi une adresse e-mail incorrecte !",
    },
    "comment_required": {"en": "Please enter your comment!", "fr": "Veuillez saisir votre commentaire !"},
    "author_too_long": {
        "en": "Your name is too long (245 bytes at most).",
        "fr": "Votre nom est trop long (245 octets au maximum).",
    },
    "email_too_long": {
        "en": "Your email address is too long (100 characters at most).",
        "fr": "Votre adresse e-mail est trop longue (100 caractères au maximum).",
    },
    "url_too_long": {
        "en": "Your website address is too long (200 characters at most).",
        "fr": "L’adresse de votre site est trop longue (200 caractères au maximum).",
    },
    "url_invalid": {
        "en": "Please enter a website address starting with http:// or https://",
        "fr": "Veuillez saisir une adresse de site commençant par http:// ou https://",
    },
    "comment_too_long": {
        "en": "Your comment is too long (65,525 bytes at most).",
        "fr": "Votre commentaire est trop long (65 525 octets au maximum).",
    },
    "field_invalid": {
        "en": "This field has an invalid value.",
        "fr": "Ce champ contient une valeur invalide.",
    },
    "duplicate": {
        "en": "Duplicate comment detected; it looks as though you’ve already said that!",
        "fr": "Commentaire en double détecté : il semble que vous l’ayez déjà dit !",
    },
    "flood": {
        "en": "You are posting comments too quickly. Slow down.",
        "fr": "Vous publiez des commentaires trop rapidement. Ralentissez.",
    },
    "body_too_large": {
        "en": "The submission is too large.",
        "fr": "L’envoi est trop volumineux.",
    },
    "malformed": {
        "en": "The submission could not be read: send JSON or a form.",
        "fr": "L’envoi n’a pas pu être lu : envoyez du JSON ou un formulaire.",
    },
    "nested_too_deep": {
        "en": "The submission nests lists or objects {depth} levels deep or more: send the form's fields as they are.",
        "fr": "L’envoi imbrique des listes ou des objets sur {depth} niveaux ou plus : envoyez les champs du "
        "formulaire tels quels.",
    },
    "unsupported_media_type": {
        "en": "Send application/json or application/x-www-form-urlencoded.",
        "fr": "Envoyez application/json ou application/x-www-form-urlencoded.",
    },
    "store_unavailable": {
        "en": "The service is briefly unavailable; please try again in a few seconds.",
        "fr": "Le service est momentanément indisponible ; veuillez réessayer dans quelques secondes.",
    },
    "not_found": {"en": "No such comment.", "fr": "Ce commentaire n’existe pas."},
    "site_key_invalid": {
        "en": "A valid site key is required (Authorization: Bearer <key>).",
        "fr": "Une clé de site valide est requise (Authorization: Bearer <clé>).",
    },
    # Review API
    "not_authenticated": {
        "en": "Sign in with a moderator token (Authorization: Bearer <token>).",
        "fr": "Connectez-vous avec un jeton de modérateur (Authorization: Bearer <jeton>).",
    },
    "forbidden": {
        "en": "Only an administrator may do this.",
        "fr": "Seul un administrateur peut faire cela.",
    },
    "already_decided": {
        "en": "This comment has already been decided ({status}).",
        "fr": "Ce commentaire a déjà été traité ({status}).",
    },
    "not_decided": {
        "en": "No moderator decision to revert on this comment ({status}).",
        "fr": "Aucune décision de modérateur à annuler sur ce commentaire ({status}).",
    },
    "claimed_by_other": {
        "en": "Another moderator is working on this comment.",
        "fr": "Un autre modérateur traite ce commentaire.",
    },
    "ban_invalid": {
        "en": "Name an email, an IP, a hash or a stored comment to ban.",
        "fr": "Indiquez une adresse e-mail, une IP, une empreinte ou un commentaire existant à bannir.",
    },
    "reader_email_invalid": {
        "en": "Give the reader's e-mail address (the one they commented with).",
        "fr": "Indiquez l’adresse e-mail du lecteur (celle avec laquelle il a commenté).",
    },
    "reader_busy": {
        "en": "The reader's data kept changing during the erasure; nothing was erased. Try again.",
        "fr": "Les données du lecteur changeaient pendant l’effacement ; rien n’a été effacé. Réessayez.",
    },
    "no_previous_layer": {
        "en": "There is no earlier version of the site's learning to go back to.",
        "fr": "Il n’y a pas de version antérieure de l’apprentissage du site vers laquelle revenir.",
    },
    "site_learning_summary": {
        "en": "learned from {labels} decisions: {points} points",
        "fr": "appris de {labels} décisions : {points} points",
    },
    "ban_ip_invalid": {
        "en": "Not an IP address: give an IPv4 or IPv6 address, such as 192.0.2.1 or 2001:db8::1.",
        "fr": "Ce n’est pas une adresse IP : indiquez une adresse IPv4 ou IPv6, comme 192.0.2.1 ou 2001:db8::1.",
    },
    # Reasons for a decision
    "clean": {
        "en": "No rule or model flagged this comment.",
        "fr": "Aucune règle ni aucun modèle n’a signalé ce commentaire.",
    },
    "rules_only": {
        "en": "No model is loaded: the rules alone decided.",
        "fr": "Aucun modèle n’est chargé : seules les règles ont décidé.",
    },
    "too_many_links": {
        "en": "Contains {count} links (held from {limit}).",
        "fr": "Contient {count} liens (mise en attente à partir de {limit}).",
    },
    "moderation_word": {
        "en": "Contains a word from the moderation list.",
        "fr": "Contient un mot de la liste de modération.",
    },
    "disallowed_word": {
        "en": "Contains a disallowed word.",
        "fr": "Contient un mot interdit.",
    },
    "honeypot": {
        "en": "A field that people leave empty was filled in.",
        "fr": "Un champ que les humains laissent vide a été rempli.",
    },
    "too_fast": {
        "en": "The form was sent {seconds} s after it was shown (under {limit} s): nobody typed it.",
        "fr": "Le formulaire a été envoyé {seconds} s après son affichage (moins de {limit} s) : personne ne l’a tapé.",
    },
    "form_unsigned": {
        "en": "Sent without the site's form stamp (the form was never shown): held for review.",
        "fr": "Envoyé sans le tampon du formulaire du site (le formulaire n’a jamais été affiché) : en attente.",
    },
    "script_agent": {
        "en": "Sent by a script's user agent, not a browser: held for review.",
        "fr": "Envoyé par l’agent d’un script, pas par un navigateur : en attente.",
    },
    "banned": {"en": "The author is banned from commenting.", "fr": "L’auteur est banni des commentaires."},
    "trusted_author": {
        "en": "The author has approved comments already: the link limit is lifted.",
        "fr": "L’auteur a déjà des commentaires approuvés : la limite de liens est levée.",
    },
    "manual_approval": {
        "en": "Every comment is approved by hand on this site.",
        "fr": "Sur ce site, chaque commentaire est approuvé à la main.",
    },
    "first_comment": {
        "en": "The author has no approved comment yet: held for review.",
        "fr": "L’auteur n’a pas encore de commentaire approuvé : en attente de relecture.",
    },
    "idempotency_key_reused": {
        "en": "This Idempotency-Key was already used for a different comment; send a new key with each comment.",
        "fr": "Cette Idempotency-Key a déjà servi pour un autre commentaire ; envoyez-en une nouvelle à chaque fois.",
    },
    "nul_character": {
        "en": "This field holds a NUL character (U+0000), which a comment cannot contain.",
        "fr": "Ce champ contient un caractère NUL (U+0000), qu’un commentaire ne peut pas contenir.",
    },
    "invalid_encoding": {
        "en": "This field holds characters that are not valid UTF-8 text.",
        "fr": "Ce champ contient des caractères qui ne sont pas du texte UTF-8 valide.",
    },
    # The head in words; its score is shown beside it as a band with the exact figure (a rounded figure
    # in the sentence read "score 1.00" under a reject cut of 0.9996).
    "model_reject": {"en": "Rejected: {label}.", "fr": "Rejeté : {label}."},
    "model_hold": {"en": "Held for review: {label}.", "fr": "En attente de relecture : {label}."},
    # The site memory: what the site's own labels said about this comment's links, numbers and text
    "known_spam_link": {
        "en": "Link already marked as spam: {domain}.",
        "fr": "Lien déjà signalé comme spam : {domain}.",
    },
    "known_spam_phone": {
        "en": "Phone number already marked as spam: {number}.",
        "fr": "Numéro de téléphone déjà signalé comme spam : {number}.",
    },
    "known_spam_text": {
        "en": "Nearly the same text as a comment already marked as spam.",
        "fr": "Texte presque identique à un commentaire déjà signalé comme spam.",
    },
    "campaign": {
        "en": "Campaign: {count} nearly identical comments from different authors within minutes; held for review.",
        "fr": "Campagne : {count} commentaires presque identiques d'auteurs différents en quelques minutes ; "
        "en attente de relecture.",
    },
    "unseen_link": {
        "en": "Link to a site never approved here ({domain}) and a high spam score: held for review.",
        "fr": "Lien vers un site jamais approuvé ici ({domain}) et score de spam élevé : en attente de relecture.",
    },
    # Author fields that drove the spam score (review items' explanations)
    "author_field_email": {
        "en": "The e-mail field ({domain}) raised the spam score from {without:.2f} to {score:.2f}.",
        "fr": "Le champ e-mail ({domain}) a fait monter le score de spam de {without:.2f} à {score:.2f}.",
    },
    "author_field_website": {
        "en": "The website field ({domain}) raised the spam score from {without:.2f} to {score:.2f}.",
        "fr": "Le champ site web ({domain}) a fait monter le score de spam de {without:.2f} à {score:.2f}.",
    },
    "author_field_name": {
        "en": "The name field raised the spam score from {without:.2f} to {score:.2f}.",
        "fr": "Le champ nom a fait monter le score de spam de {without:.2f} à {score:.2f}.",
    },
}

HEAD_LABELS: dict[str, dict[Lang, str]] = {
    "spam": {"en": "spam", "fr": "spam"},
    "toxicity": {"en": "abusive language", "fr": "propos injurieux"},
    "severe_toxicity": {"en": "severe abuse", "fr": "propos très violents"},
    "insult": {"en": "insult", "fr": "insulte"},
    "threat": {"en": "threat", "fr": "menace"},
    "identity_attack": {"en": "identity attack", "fr": "attaque identitaire"},
    "profanity": {"en": "profanity", "fr": "vulgarité"},
}


#: A reason in a few words, for the moderators' list, where its code says more than its head's name.
REASON_LABELS: dict[str, dict[Lang, str]] = {
    "known_spam_link": {"en": "spam: link already reported ({domain})", "fr": "spam : lien déjà signalé ({domain})"},
    "known_spam_phone": {"en": "spam: phone number already reported", "fr": "spam : numéro déjà signalé"},
    "known_spam_text": {"en": "spam: text already reported", "fr": "spam : texte déjà signalé"},
    "campaign": {"en": "spam: campaign ({count} alike)", "fr": "spam : campagne ({count} semblables)"},
    "unseen_link": {"en": "spam: link never seen on the site", "fr": "spam : lien jamais vu sur le site"},
    "too_many_links": {"en": "too many links ({count})", "fr": "trop de liens ({count})"},
    "moderation_word": {"en": "moderation word", "fr": "mot de modération"},
    "disallowed_word": {"en": "disallowed word", "fr": "mot interdit"},
    "first_comment": {"en": "first comment", "fr": "premier commentaire"},
    "manual_approval": {"en": "manual approval", "fr": "approbation manuelle"},
    "banned": {"en": "banned author", "fr": "auteur banni"},
    "honeypot": {"en": "robot (hidden field filled)", "fr": "robot (champ caché rempli)"},
}


def translate(code: str, lang: Lang, /, **params: object) -> str:
    """Return the message for `code` in `lang`, formatted with `params`."""
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    if "label" in params and isinstance(params["label"], str):
        params["label"] = HEAD_LABELS.get(params["label"], {}).get(lang, params["label"])
    return entry[lang].format(**params)


def negotiate(accept_language: str | None, default: Lang) -> Lang:
    """Pick fr or en from an `Accept-Language` header by quality, else the site's default."""
    if not accept_language:
        return default
    best: tuple[float, int, Lang] | None = None
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGS and quality > 0:
            candidate = (quality, -position, primary)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    return best[2] if best else default
