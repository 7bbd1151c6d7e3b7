"""Hostile comment texts of a chosen UTF-8 size, and the per-comment text work they must stay linear in.

Shared by tests/unit/test_linear_time.py (scaling: n vs 4n) and benchmarks/bench_adversarial.py (absolute
CPU per input at the 65,525-byte limit).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from moderation.compat.akismet.schemas import AkismetComment
from moderation.compat.akismet.service import decode_form, split_form
from moderation.compat.perspective.schemas import AnalyzeCommentRequest
from moderation.compat.perspective.service import MAX_COMMENT_BYTES as PERSPECTIVE_MAX_BYTES
from moderation.compat.perspective.service import analyze
from moderation.config import Settings
from moderation.intake.checks import MAX_COMMENT_BYTES
from moderation.intake.decision import assess
from moderation.intake.rules import count_links, first_listed_word, fold_fields
from moderation.scoring.base import Scorer, Submission
from moderation.scoring.normalize import normalize_text


def _fill(unit: str, size: int, *, head: str = "", tail: str = "") -> str:
    """`head`, then `unit` repeated, then `tail`, at most `size` bytes of UTF-8 in all."""
    room = size - len(head.encode()) - len(tail.encode())
    return head + unit * max(room // len(unit.encode()), 1) + tail


#: name -> builder(size in bytes) -> text. Each targets a pattern that backtracks or a loop that rescans.
INPUTS: dict[str, Callable[[int], str]] = {
    "digits": lambda n: _fill("1234567890", n),
    "digits_spaced": lambda n: _fill("1 ", n, head="x "),
    "digits_dotted": lambda n: _fill("1.", n),
    "digits_then_money": lambda n: _fill("1", n, tail=" €"),
    "money_symbols": lambda n: _fill("$1 ", n),
    "phone_like": lambda n: _fill("06 12 34 ", n),
    "a_dash": lambda n: _fill("a-", n),
    "a_dash_at": lambda n: _fill("a-", n, tail="@"),
    "at_runs": lambda n: _fill("a.", n, head="@", tail="@x"),
    "email_domains": lambda n: _fill("@a-", n),
    "dots": lambda n: _fill(".", n, head="a"),
    "sentence_marks": lambda n: _fill("!?.", n, head="a"),
    "spaces": lambda n: _fill(" ", n, head="a", tail="b"),
    "spaced_letters": lambda n: _fill("a ", n, tail="ab"),
    "underscored_letters": lambda n: _fill("a_", n, head="a "),
    "dotted_letters": lambda n: _fill("a.", n, tail="b_"),
    "repeated_letter": lambda n: _fill("a", n),
    "leet_runs": lambda n: _fill("a1@$", n),
    "group_derogation": lambda n: _fill("migrants parasites ", n),  # every token a group word or a derogatory one
    "masked_run": lambda n: _fill("a", n, tail=" *"),
    "masked_tokens": lambda n: _fill("a*", n),
    "masked_long_token": lambda n: _fill("a", n, tail="***"),
    "hashes": lambda n: _fill("#a%", n),
    "crypto_like": lambda n: _fill("1a", n, tail="l"),
    "hex_like": lambda n: _fill("0x" + "f" * 40 + "g", n),
    "emoji": lambda n: _fill("😀", n),
    "emoji_zwj": lambda n: _fill("👩\u200d", n),
    "combining_marks": lambda n: _fill("\u0301", n, head="a"),
    "full_width": lambda n: _fill("ｃｏｎｎａｒｄ １２３ ", n),
    "enclosed_letters": lambda n: _fill("🅲🅾🅽🅽🅰🆁🅳 ", n),
    "cjk_distinct": lambda n: "".join(chr(0x4E00 + i % 20000) for i in range(n // 3)),
    "nested_html": lambda n: _fill("<b><i>", n, tail="x" + "</i></b>" * 8),
    "anchor_opens": lambda n: _fill("<a ", n),
    "anchor_no_close": lambda n: _fill("<a href=x ", n),
    "links": lambda n: _fill("https://spam.example.com/x ", n),
    "bare_domains": lambda n: _fill("a.ru ", n),
    "www_runs": lambda n: _fill("www.", n),
    "www_no_dot": lambda n: _fill("a", n, head="www."),
    "handles": lambda n: _fill("@ab.", n, head=" "),
    "url_scheme_runs": lambda n: _fill("http://", n),
    "newlines": lambda n: _fill("a.\n", n),
    # hostile drill of 7472057 (issue 22): masked words, NFKC expansion, inputs that defeat the caches
    "kcal_masked": lambda n: _fill("㎉" * 15 + "＊＊＊ ", n),
    "ascii_masked": lambda n: _fill("ab*** ", n),
    "nfkc_expansion": lambda n: _fill("\ufdfa", n),
    "distinct_astral": lambda n: "".join(chr(0x20000 + i) for i in range(n // 4)),
    "distinct_masked": lambda n: " ".join(_letters(i) + "*" for i in range(n // 6)),
    "distinct_masked_3": lambda n: " ".join(_letters(i) + "***" for i in range(n // 8)),
    # found by bench_adversarial.py's hypothesis search (the slowest unit of 60, cold caches)
    "search_found_mixed": lambda n: _fill("@1\u3349*\u3349", n),
    "money_rates": lambda n: _fill("1,1 € par ", n),
    "digit_runs_then_currency": lambda n: _fill("1.2,", n, tail="€ par jour"),
    "support_words": lambda n: _fill("support number call now ", n),
    "messaging_hints": lambda n: _fill("whats telegram t.me ", n),
    "praise_runs": lambda n: _fill("great post your blog ", n),
    "self_promotion_runs": lambda n: _fill("check out my va voir ma sub to my ", n),
    # the site addressed in every word, so the seller's frequent literals ("i", "we", "un") are all looked at
    "site_offer_runs": lambda n: _fill("votre site i we un nous our i'd like to ", n),
    "private_sale_runs": lambda n: _fill("n'hésitez pas je i sell my ma i teach ", n),
    "blocklist_prefix": lambda n: _fill("casino-", n),
    "nbsp_runs": lambda n: _fill("\u00a0", n, tail="http://x.ru"),
}


def _letters(i: int) -> str:
    """A distinct 4-letter word for each i < 26**4 ("aaaa", "baaa", ...)."""
    return "".join(chr(97 + (i // 26**k) % 26) for k in range(4))


def moderation_settings() -> Settings:
    """Settings with both word lists filled (so the folding and list scans run) and the default link limit."""
    return Settings(
        moderation_keys=["viagra", "casino en ligne", "achetez"],
        disallowed_keys=["connard", "enculé"],
    )


def _submission(text: str) -> Submission:
    return Submission(text=text, author="Jean 1234", email="a-a-a@example.fr", url="https://a.example", lang="fr")


def score_pass(scorer: Scorer, settings: Settings, text: str) -> None:
    """Intake's and Akismet's comment-check pass: scores, rules, word lists (no spans)."""
    normalize_text.cache_clear()  # a comment never seen: the scorer's normalised form is not cached yet
    assess(submission=_submission(text), scorer=scorer, settings=settings, explain=False)
    count_links(text)
    first_listed_word(settings.moderation_keys, fold_fields([text]))


def explain_pass(scorer: Scorer, settings: Settings, text: str) -> None:
    """A moderator opening the comment: spans for every head."""
    normalize_text.cache_clear()  # a comment never seen: the scorer's normalised form is not cached yet
    submission = _submission(text)
    scorer.explain(submission, list(scorer.score(submission, explain=False).scores))


def perspective_pass(scorer: Scorer, settings: Settings, text: str) -> None:
    """Perspective AnalyzeComment with spanAnnotations, at its own 20,480-byte limit."""
    normalize_text.cache_clear()  # a comment never seen: the scorer's normalised form is not cached yet
    clipped = text.encode()[:PERSPECTIVE_MAX_BYTES].decode(errors="ignore")
    if not clipped.strip():
        return  # refused at once ("Comment must be non-empty."): nothing to measure
    request = AnalyzeCommentRequest.model_validate(
        {"comment": {"text": clipped}, "requestedAttributes": {"TOXICITY": {}}, "spanAnnotations": True}
    )
    analyze(scorer=scorer, request=request)


def akismet_pass(scorer: Scorer, settings: Settings, text: str) -> None:
    """Akismet comment-check: the URL-encoded body decoded, then the comment decided as intake would."""
    normalize_text.cache_clear()  # a comment never seen: the scorer's normalised form is not cached yet
    body = urlencode({"blog": "https://a.example", "user_ip": "192.0.2.1", "comment_content": text}).encode()
    form = AkismetComment.model_validate(decode_form(split_form(body), header_charset=None))
    submission = _submission(form.comment_content.strip())
    assess(
        submission=submission,
        scorer=scorer,
        settings=settings,
        context_fields=(form.user_ip, form.user_agent),
        explain=False,
    )


#: name -> one pass the service makes over a comment's text, measured separately by the benchmark.
PASSES: dict[str, Callable[[Scorer, Settings, str], None]] = {
    "score": score_pass,
    "explain": explain_pass,
    "perspective": perspective_pass,
    "akismet": akismet_pass,
}


def text_work(scorer: Scorer, settings: Settings, text: str) -> None:
    """Every pass intake and the drop-in routes make over one comment's text, with spans for every head."""
    assert len(text.encode()) <= MAX_COMMENT_BYTES
    for work in PASSES.values():
        work(scorer, settings, text)
