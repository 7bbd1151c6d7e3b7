"""French and English text of the moderators' page (API error messages live in moderation/i18n.py)."""

from __future__ import annotations

from moderation.i18n import Lang

#: The page's strings; the template and the script (through a data attribute) use the same keys.
PAGE: dict[str, dict[Lang, str]] = {
    "title": {"en": "Moderation queue", "fr": "File de modération"},
    "sign_in": {"en": "Sign in", "fr": "Se connecter"},
    "sign_out": {"en": "Sign out", "fr": "Se déconnecter"},
    "token": {"en": "Moderator token", "fr": "Jeton de modérateur"},
    "token_invalid": {"en": "This token is not valid.", "fr": "Ce jeton n’est pas valide."},
    "signed_in_as": {"en": "Signed in as", "fr": "Connecté en tant que"},
    "filters": {"en": "Filters", "fr": "Filtres"},
    "post": {"en": "Post", "fr": "Article"},
    "language": {"en": "Language", "fr": "Langue"},
    "reason": {"en": "Reason", "fr": "Motif"},
    "any": {"en": "any", "fr": "tous"},
    "order": {"en": "Order", "fr": "Ordre"},
    "order_risk": {"en": "highest risk first", "fr": "risque le plus élevé d’abord"},
    "order_oldest": {"en": "oldest first", "fr": "plus anciens d’abord"},
    "min_age": {"en": "Older than (min)", "fr": "Plus ancien que (min)"},
    "apply": {"en": "Apply", "fr": "Appliquer"},
    "refresh": {"en": "Refresh", "fr": "Actualiser"},
    "queue_empty": {"en": "The queue is empty.", "fr": "La file est vide."},
    "in_queue": {"en": "in the queue", "fr": "dans la file"},
    "scores": {"en": "Scores", "fr": "Scores"},
    "no_scores": {"en": "No model score (rules only).", "fr": "Aucun score de modèle (règles seules)."},
    "reasons": {"en": "Why it was held", "fr": "Pourquoi il est en attente"},
    "history": {"en": "Author’s history", "fr": "Historique de l’auteur"},
    "no_history": {"en": "No earlier comment.", "fr": "Aucun commentaire antérieur."},
    "earlier_comments": {"en": "earlier comments", "fr": "commentaires antérieurs"},
    "approve": {"en": "Approve", "fr": "Approuver"},
    "reject": {"en": "Reject", "fr": "Rejeter"},
    "spam": {"en": "Spam", "fr": "Spam"},
    "reject_reason": {"en": "Reject reason", "fr": "Motif de rejet"},
    "reason_insult": {"en": "insult", "fr": "insulte"},
    "reason_threat": {"en": "threat", "fr": "menace"},
    "reason_identity_attack": {"en": "identity attack", "fr": "attaque identitaire"},
    "reason_harassment": {"en": "harassment", "fr": "harcèlement"},
    "reason_off_topic": {"en": "off topic", "fr": "hors sujet"},
    "reason_other": {"en": "other", "fr": "autre"},
    "reason_spam": {"en": "spam", "fr": "spam"},
    "claimed_by": {"en": "claimed by", "fr": "réservé par"},
    "audit_item": {"en": "audit sample", "fr": "échantillon d’audit"},
    "decided": {"en": "Decided", "fr": "Traité"},
    "conflict": {"en": "Someone else decided or holds this comment.", "fr": "Quelqu’un d’autre a traité ou réservé ce commentaire."},  # noqa: E501
    "error": {"en": "Something went wrong; try again.", "fr": "Une erreur est survenue ; réessayez."},
    "help": {"en": "Keyboard shortcuts", "fr": "Raccourcis clavier"},
    "help_jk": {"en": "next / previous comment", "fr": "commentaire suivant / précédent"},
    "help_a": {"en": "approve", "fr": "approuver"},
    "help_r": {"en": "reject with the chosen reason", "fr": "rejeter avec le motif choisi"},
    "help_s": {"en": "reject as spam", "fr": "rejeter comme spam"},
    "help_help": {"en": "show or hide this help", "fr": "afficher ou masquer cette aide"},
    "close": {"en": "Close", "fr": "Fermer"},
    "age": {"en": "age", "fr": "âge"},
    "risk": {"en": "risk", "fr": "risque"},
    "minutes": {"en": "min", "fr": "min"},
    "by": {"en": "by", "fr": "par"},
    "on_post": {"en": "on post", "fr": "sur l’article"},
    "switch_language": {"en": "Français", "fr": "English"},
}


def page_texts(lang: Lang) -> dict[str, str]:
    """Every page string in one language."""
    return {key: value[lang] for key, value in PAGE.items()}
