"""The site memory: what this site's labels said about link domains, phone numbers, e-mail domains and texts.

Learning is a few counters updated in the label's own transaction (`learn`, called by `labels.add_label`),
so the next comment sees a moderator's decision at once, without retraining. The intake reads the counters
for a comment's marks in its pre-check script (`lookup` gives the keys and arguments, `Recall.parse` reads
the answer) and `judge` turns them into findings the decision applies (`Findings.verdicts`).

Bounds (Redis 7.0 has no per-field TTL, so every entry is its own key): an entry expires
`ENTRY_TTL_SECONDS` after it was last labelled, approved or matched; a label or a comment adds at most
`MAX_LINKS` + `MAX_PHONES` + 1 + `BANDS` entries; a text bucket is read only while it holds at most
`BUCKET_READ_CAP` fields; the top lists keep `TOP_CAP` members; burst buckets hold the identities of one
campaign window (older ones are dropped on each write) and expire a window after their last comment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

import redis

from moderation.config import Settings
from moderation.labels import LabelledExample, add_label
from moderation.reasons import Reason
from moderation.scoring.links import within
from moderation.site.marks import MIN_BAND_HITS, Marks, extract, mask_phone, site_domains
from moderation.storage.keys import Keys

#: How long an entry is kept after it was last labelled, approved or matched (180 days).
ENTRY_TTL_SECONDS = 180 * 86_400
#: Fields read from one text bucket (a bucket shared by more texts is skipped: a common word).
BUCKET_READ_CAP = 64
#: Marks kept in each top list ("link", "phone") shown to admins.
TOP_CAP = 100
#: Campaigns kept in the campaign list, and how long one is remembered after its last comment held.
CAMPAIGNS_CAP = 50
CAMPAIGN_TTL_SECONDS = 86_400

TopKind = Literal["link", "phone"]
#: The status a finding asks for: spam (a known mark) or pending (held: a campaign, an unseen link).
Verdict = Literal["spam", "pending"]


# Learning ---------------------------------------------------------------------------------------------
def add_label_and_learn(
    pipe: redis.Redis | redis.client.Pipeline,
    *,
    keys: Keys,
    example: LabelledExample,
    correction: bool = False,
    email: str = "",
    retracted: Mapping[str, int] | None = None,
    approval: int = 0,
) -> None:
    """Append a label (`labels.add_label`) and count it in the site memory, in the caller's transaction.

    A `correction` (a revert) also takes back the `retracted` labels. `email` is the author's address (or its
    masked form), read for its domain only and never written. `approval` (-1 or 1) takes back or restores the
    count of an approval the intake made: a comment it approved is now labelled spam, or that label reverted.
    """
    add_label(pipe, keys=keys, example=example, correction=correction)
    if not example.labels and not correction:
        return
    learned, forgotten = example.labels.get("spam"), (retracted or {}).get("spam")
    if learned is None and forgotten is None and not approval:
        return
    # Perspective's `url` is the page discussed, not the author's website: it says nothing about the author.
    website = "" if example.source == "perspective" else example.url
    found = extract(text=example.text, url=website, email=email)
    if forgotten is not None:
        learn(pipe, keys=keys, marks=found, spam=bool(forgotten), sign=-1)
    if learned is not None:
        learn(pipe, keys=keys, marks=found, spam=bool(learned), sign=1)
    if approval:
        count_approved(pipe, keys=keys, marks=found, delta=approval)


def learn(pipe: redis.Redis | redis.client.Pipeline, *, keys: Keys, marks: Marks, spam: bool, sign: int) -> None:
    """Count one spam (or ham) label for every mark (`sign` -1 takes a label back), refreshing their TTLs."""
    field = "spam" if spam else "ham"
    kinds: tuple[tuple[TopKind, tuple[str, ...]], ...] = (("link", marks.all_domains), ("phone", marks.phones))
    for kind, values in kinds:
        for value in values:
            key = keys.memory_link(value) if kind == "link" else keys.memory_phone(value)
            pipe.hincrby(key, field, sign)
            pipe.expire(key, ENTRY_TTL_SECONDS)
            if spam:
                top = keys.memory_top(kind)
                pipe.zincrby(top, sign, value)
                pipe.zremrangebyrank(top, 0, -(TOP_CAP + 1))  # the least labelled go first
    if marks.email_domain:
        pipe.hincrby(keys.memory_email(marks.email_domain), field, sign)
        pipe.expire(keys.memory_email(marks.email_domain), ENTRY_TTL_SECONDS)
    for band in marks.bands:
        pipe.hincrby(keys.memory_text(band), f"{field[0]}:{marks.text_id}", sign)
        pipe.expire(keys.memory_text(band), ENTRY_TTL_SECONDS)


def count_approved(pipe: redis.Redis | redis.client.Pipeline, *, keys: Keys, marks: Marks, delta: int = 1) -> None:
    """Count an approved comment for its link domains (the site has now seen them approved); -1 takes it back."""
    for domain in marks.all_domains:
        pipe.hincrby(keys.memory_link(domain), "approved", delta)
        pipe.expire(keys.memory_link(domain), ENTRY_TTL_SECONDS)


# Looking up -------------------------------------------------------------------------------------------
def lookup(*, keys: Keys, marks: Marks, identity: str, now: float, settings: Settings) -> list[str]:
    """The ARGV of site_memory.lua's `recall` for a comment's marks (it builds their keys from the prefixes)."""
    since = int((now - settings.campaign_window_seconds) * 1000)
    return [
        *keys.memory_prefixes(),
        " ".join(marks.all_domains),
        " ".join(marks.phones),
        " ".join(marks.bands),
        " ".join(marks.burst_bands),
        str(since),
        identity,
        _BUCKET_READ_CAP,
    ]


def no_lookup(keys: Keys) -> list[str]:
    """`recall`'s arguments when the memory is off: no marks, nothing is read."""
    return [*keys.memory_prefixes(), "", "", "", "", "0", "", _BUCKET_READ_CAP]


_BUCKET_READ_CAP = str(BUCKET_READ_CAP)


@dataclass(frozen=True, slots=True)
class Counts:
    """The labels a mark received, and (for a link domain) the approved comments that carried it."""

    spam: int = 0
    ham: int = 0
    approved: int = 0

    def known_spam(self, min_labels: int) -> bool:
        """Labelled spam at least `min_labels` times, and more often than it was labelled or approved as ham."""
        return self.spam >= min_labels and self.spam > self.ham + self.approved


@dataclass(frozen=True, slots=True)
class Recall:
    """What `recall` read for one comment's marks."""

    domains: dict[str, Counts]
    phones: dict[str, Counts]
    text_id: str = ""  # the labelled-spam text sharing the most print values, and how many
    text_hits: int = 0
    burst_identities: int = 0  # other identities seen by two of the comment's burst groups within the window
    burst_id: str = ""  # that burst group: the campaign's id

    @classmethod
    def parse(cls, marks: Marks, values: Sequence[Any]) -> Recall:
        """Read `recall`'s flat answer for `marks` (the lookup's order)."""
        if not values:
            return cls(domains={}, phones={})
        it = iter(values)
        domains = {d: Counts(int(next(it)), int(next(it)), int(next(it))) for d in marks.all_domains}
        phones = {p: Counts(int(next(it)), int(next(it))) for p in marks.phones}
        text_id, hits, _spam, _ham = str(next(it)), int(next(it)), next(it), next(it)
        return cls(
            domains=domains,
            phones=phones,
            text_id=text_id,
            text_hits=hits,
            burst_identities=int(next(it)),
            burst_id=str(next(it)),
        )


@dataclass(frozen=True, slots=True)
class Findings:
    """What the site memory says about one comment, for the decision (no I/O in it)."""

    spam_domain: str = ""
    spam_phone: str = ""
    spam_text: bool = False
    campaign: str = ""
    campaign_size: int = 0
    unseen_domains: tuple[str, ...] = ()
    unseen_phones: tuple[str, ...] = ()  # numbers in the text no moderator ever approved (no ham label)
    unseen_website: str = ""  # the website field's domain, when the site never saw it approved (and not in the text)
    matched: tuple[str, ...] = ()  # keys of the entries that matched, whose TTL the commit refreshes

    def verdicts(
        self,
        *,
        spam_score: float | None,
        unseen_link_spam_score: float,
        unseen_phone_spam_score: float,
        praise: bool = False,
        commercial_site: bool = False,
        commercial_site_spam_score: float = 0.0,
    ) -> list[tuple[Verdict, Reason]]:
        """(status, reason) for each finding: spam for known marks, pending for a campaign, an unseen link or number,
        for a generic compliment (`praise`, `spam_signals.praises`) signed with an unseen website, and for an unseen
        website signed as a shop's (`commercial_site`, `metadata.shop_signature`) once the comment's spam score
        reaches `commercial_site_spam_score` (1: never)."""
        out: list[tuple[Verdict, Reason]] = []
        if self.spam_domain:
            out.append(("spam", Reason("known_spam_link", "site", params={"domain": self.spam_domain})))
        if self.spam_phone:
            out.append(("spam", Reason("known_spam_phone", "site", params={"number": mask_phone(self.spam_phone)})))
        if self.spam_text:
            out.append(("spam", Reason("known_spam_text", "site")))
        if self.campaign:
            out.append(("pending", Reason("campaign", "site", params={"count": self.campaign_size})))
        if self.unseen_domains and spam_score is not None and spam_score >= unseen_link_spam_score:
            params = {"domain": self.unseen_domains[0], "score": spam_score}
            out.append(("pending", Reason("unseen_link", "site", params=params)))
        if self.unseen_phones and spam_score is not None and spam_score >= unseen_phone_spam_score:
            params = {"number": mask_phone(self.unseen_phones[0]), "score": spam_score}
            out.append(("pending", Reason("unseen_phone", "site", params=params)))
        if self.unseen_website and praise:
            out.append(("pending", Reason("unseen_website", "site", params={"domain": self.unseen_website})))
        elif (
            self.unseen_website
            and commercial_site
            and commercial_site_spam_score < 1.0
            and ((spam_score or 0.0) >= commercial_site_spam_score)
        ):
            out.append(("pending", Reason("commercial_website", "site", params={"domain": self.unseen_website})))
        return out


def allowed_domains(settings: Settings, *hosts: str) -> tuple[str, ...]:
    """The domains the memory never penalises: the site's own hosts, these `hosts` and the allow-list."""
    return site_domains((*settings.allowed_redirect_hosts, *hosts, *settings.site_memory_allowed_domains))


def with_permalink(allowed: tuple[str, ...], permalink: str) -> tuple[str, ...]:
    """`allowed` (from `allowed_domains`) and the domain of `permalink`, the article a comment is posted under.

    Pass a permalink only when a site vouched for it (a site key, an Akismet key): anyone else's is what the poster
    typed, and a spammer names its own domain there.
    """
    try:
        host = urlsplit(permalink.strip()).hostname if permalink else None
    except ValueError:
        host = None
    return (*allowed, *site_domains((host,))) if host else allowed


def judge(*, keys: Keys, marks: Marks, recall: Recall, settings: Settings, allowed: Sequence[str]) -> Findings:
    """Findings from what the memory recalled: known spam marks, a near duplicate, a burst, unseen domains.

    `allowed`: registrable domains never penalised nor held as unseen (the site's own and the allow-list, with
    their subdomains), normalised by the caller (`allowed_domains`).
    """
    matched: list[str] = []
    spam_domain, unseen, unseen_website = "", [], ""
    for domain, counts in recall.domains.items():
        if within(domain, allowed):
            continue  # the site's own hosts and the allow-list are never penalised
        if counts.known_spam(settings.site_memory_spam_labels) and not spam_domain:
            spam_domain = domain
            matched.append(keys.memory_link(domain))
        elif counts.ham == 0 and counts.approved == 0 and domain in marks.domains:
            unseen.append(domain)  # a link in the text the site never approved
        elif counts.ham == 0 and counts.approved == 0 and domain == marks.website_domain:
            unseen_website = domain  # the website field's, when no link of the text names it
    spam_phone = next((p for p, c in recall.phones.items() if c.known_spam(settings.site_memory_spam_labels)), "")
    if spam_phone:
        matched.append(keys.memory_phone(spam_phone))
    # a number no moderator approved: local-service ads ("serrurier 24h/24, 01 45 ...") score low on words alone
    unseen_phones = () if spam_phone else tuple(p for p, c in recall.phones.items() if c.ham == 0)
    spam_text = bool(recall.text_id) and recall.text_hits >= MIN_BAND_HITS
    if spam_text:
        matched.extend(keys.memory_text(b) for b in marks.bands)
    others = recall.burst_identities
    campaign = recall.burst_id if others + 1 >= settings.campaign_identities else ""
    return Findings(
        spam_domain=spam_domain,
        spam_phone=spam_phone,
        spam_text=spam_text,
        campaign=campaign,
        campaign_size=others + 1 if campaign else 0,
        unseen_domains=tuple(unseen),
        unseen_phones=unseen_phones,
        unseen_website=unseen_website,
        matched=tuple(matched),
    )


def remember(pipe: redis.client.Pipeline, *, keys: Keys, findings: Findings, held: bool, now: float) -> None:
    """Queue a comment's effects on the memory: matched entries kept alive, a held campaign's count."""
    for key in findings.matched:
        pipe.expire(key, ENTRY_TTL_SECONDS)
    if findings.campaign and held:
        campaign = keys.memory_campaign(findings.campaign)
        pipe.hincrby(campaign, "held", 1)
        pipe.hsetnx(campaign, "first_held_at", repr(now))
        pipe.hset(campaign, mapping={"last_held_at": repr(now), "identities": findings.campaign_size})
        pipe.expire(campaign, CAMPAIGN_TTL_SECONDS)
        pipe.zadd(keys.memory_campaigns(), {findings.campaign: now})
        pipe.zremrangebyrank(keys.memory_campaigns(), 0, -(CAMPAIGNS_CAP + 1))


# Statistics -------------------------------------------------------------------------------------------
def memory_stats(client: redis.Redis, *, keys: Keys, now: float, limit: int = 10) -> dict[str, Any]:
    """Top spam-labelled domains and phone numbers (spam and ham labels), and the campaigns of the last day."""
    with client.pipeline(transaction=False) as pipe:
        pipe.zrevrangebyscore(keys.memory_top("link"), "+inf", 1, start=0, num=limit)
        pipe.zrevrangebyscore(keys.memory_top("phone"), "+inf", 1, start=0, num=limit)
        pipe.zrevrangebyscore(keys.memory_campaigns(), "+inf", now - CAMPAIGN_TTL_SECONDS, start=0, num=limit)
        domains, phones, campaign_ids = pipe.execute()
    with client.pipeline(transaction=False) as pipe:
        for domain in domains:
            pipe.hmget(keys.memory_link(domain), ["spam", "ham", "approved"])
        for phone in phones:
            pipe.hmget(keys.memory_phone(phone), ["spam", "ham"])
        for campaign_id in campaign_ids:
            pipe.hgetall(keys.memory_campaign(campaign_id))
        rows = pipe.execute()
    domain_rows, phone_rows = rows[: len(domains)], rows[len(domains) : len(domains) + len(phones)]
    campaign_rows = rows[len(domains) + len(phones) :]
    return {
        "spam_domains": [
            {"domain": d, "spam": _int(r[0]), "ham": _int(r[1]), "approved": _int(r[2])}
            for d, r in zip(domains, domain_rows, strict=True)
            if _int(r[0]) > 0
        ],
        "spam_phones": [
            {"number": mask_phone(p), "spam": _int(r[0]), "ham": _int(r[1])}
            for p, r in zip(phones, phone_rows, strict=True)
            if _int(r[0]) > 0
        ],
        "campaigns": [
            {
                "id": c,
                "held": _int(r.get("held")),
                "identities": _int(r.get("identities")),
                "first_held_at": float(r.get("first_held_at") or 0.0),
                "last_held_at": float(r.get("last_held_at") or 0.0),
            }
            for c, r in zip(campaign_ids, campaign_rows, strict=True)
            if r
        ],
    }


def _int(value: str | None) -> int:
    return int(value or 0)
