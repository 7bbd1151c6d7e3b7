"""Akismet's account endpoints (subscription, stats, usage limit, key sites), from per-key monthly counts.

Every counted call adds one to a metric of the calling key's month hash: `spam` or `ham` for a
comment-check answer, `missed_spam` or `false_positives` for a submit-spam or submit-ham, each also
per site (the `blog` host). A key is named only by the first 16 hex digits of its sha256.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlsplit

import redis

from moderation.compat.errors import AkismetBadRequestError
from moderation.credentials import sha256_hex
from moderation.storage.keys import Keys
from moderation.storage.replies import hash_text, members_text

Metric = Literal["spam", "ham", "missed_spam", "false_positives"]
METRICS: tuple[Metric, ...] = ("spam", "ham", "missed_spam", "false_positives")
#: Separates site and metric in a month hash's per-site fields (never in a host name).
SEP = "\x1f"
MAX_SITE = 200
KEY_SITES_DEFAULT_LIMIT = 500
KEY_SITES_ORDERS = ("total", *METRICS)
#: What get-subscription says about every accepted key: a self-hosted service has no plan, bill or limit.
SUBSCRIPTION: dict[str, Any] = {
    "status": "active",
    "account_id": 0,
    "account_name": "Moderation service (self-hosted)",
    "account_type": "self-hosted",
    "next_billing_date": None,
    "limit_reached": False,
}


def key_id(key: str) -> str:
    """The name a client key is counted under: never the key itself."""
    return sha256_hex(key.strip())[:16]


def site_of(blog: str) -> str:
    """The site a `blog` URL names: its host (and port), lower-cased, else the value itself, bounded."""
    value = blog.strip()
    host = urlsplit(value).netloc if "//" in value else ""
    return (host or value).lower().replace(SEP, "")[:MAX_SITE]


def this_month() -> str:
    """The current month, YYYY-MM, in UTC."""
    return time.strftime("%Y-%m", time.gmtime())


def count(client: redis.Redis, *, keys: Keys, key: str, site: str, metric: Metric) -> None:
    """Add one call to the key's metric for this month, overall and for the site (one transaction)."""
    kid, month = key_id(key), this_month()
    usage = keys.akismet_usage(kid, month)
    with client.pipeline(transaction=True) as pipe:
        pipe.hincrby(usage, metric, 1)
        pipe.hincrby(usage, f"{site_of(site)}{SEP}{metric}", 1)
        pipe.sadd(keys.akismet_months(kid), month)
        pipe.execute()


def _month_counts(client: redis.Redis, *, keys: Keys, key: str, month: str) -> dict[str, int]:
    raw = hash_text(client, keys.akismet_usage(key_id(key), month))
    return {field: int(value) for field, value in raw.items()}


def _totals(counts: Mapping[str, int]) -> dict[str, int]:
    return {metric: counts.get(metric, 0) for metric in METRICS}


def _accuracy(totals: Mapping[str, int]) -> float:
    calls = totals["spam"] + totals["ham"]
    if not calls:
        return 100.0
    wrong = totals["missed_spam"] + totals["false_positives"]
    return round(max(0.0, 100.0 * (calls - wrong) / calls), 2)


def _months_from(months: list[str], since: str) -> list[str]:
    """The months `from` selects: `all`, `N-months` (this month and the N-1 before), or from `YYYY-MM[-DD]`."""
    if match := re.fullmatch(r"(\d{1,3})-months?", since):
        year, month = map(int, this_month().split("-"))
        index = year * 12 + month - 1 - (int(match.group(1)) - 1)
        first = f"{index // 12:04d}-{index % 12 + 1:02d}"
        return [m for m in months if m >= first]
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", since):
        return [m for m in months if m >= since[:7]]
    return months


def stats(client: redis.Redis, *, keys: Keys, key: str, since: str) -> dict[str, Any]:
    """get-stats: the key's counts since `from`, their accuracy and a breakdown by month."""
    known = sorted(members_text(client, keys.akismet_months(key_id(key))))
    breakdown = {
        month: _totals(_month_counts(client, keys=keys, key=key, month=month))
        for month in _months_from(known, since.strip().lower() or "all")
    }
    totals: dict[str, int] = {metric: sum(month[metric] for month in breakdown.values()) for metric in METRICS}
    return {**totals, "accuracy": _accuracy(totals), "breakdown": breakdown}


def usage_limit(client: redis.Redis, *, keys: Keys, key: str) -> dict[str, Any]:
    """usage-limit: this month's calls (spam + ham); no limit, so never throttled."""
    totals = _totals(_month_counts(client, keys=keys, key=key, month=this_month()))
    return {"limit": "none", "usage": totals["spam"] + totals["ham"], "percentage": "0.00", "throttled": False}


def _int_param(fields: Mapping[str, str], name: str, default: int) -> int:
    value = fields.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or len(value) > 9:
        raise AkismetBadRequestError(f"Invalid {name}: expected a whole number.")
    return int(value)


def key_sites(client: redis.Redis, *, keys: Keys, key: str, fields: Mapping[str, str]) -> dict[str, Any] | str:
    """key-sites: the month's calls by site (JSON, or CSV with `format=csv`), sorted and paged as Akismet does."""
    month = fields.get("month", "").strip() or this_month()
    if not re.fullmatch(r"\d{4}-\d{2}", month):
        raise AkismetBadRequestError("Invalid month: expected YYYY-MM.")
    order = fields.get("order", "").strip() or "total"
    if order not in KEY_SITES_ORDERS:
        raise AkismetBadRequestError(f"Invalid order: expected one of {', '.join(KEY_SITES_ORDERS)}.")
    limit = _int_param(fields, "limit", KEY_SITES_DEFAULT_LIMIT)
    offset = _int_param(fields, "offset", 0)
    wanted = fields.get("filter", "").strip().lower()

    per_site: dict[str, dict[str, int]] = {}
    for name, value in _month_counts(client, keys=keys, key=key, month=month).items():
        site, sep, metric = name.rpartition(SEP)
        if sep and metric in METRICS and wanted in site:
            per_site.setdefault(site, dict.fromkeys(METRICS, 0))[metric] = value
    rows: list[dict[str, Any]] = [{"site": site, "total": c["spam"] + c["ham"], **c} for site, c in per_site.items()]
    rows.sort(key=lambda row: (-int(row[order]), str(row["site"])))
    page = rows[offset : offset + limit]

    if fields.get("format", "").strip().lower() == "csv":
        out = io.StringIO()
        out.write(f"Active sites during {month} (limit: {limit}, offset: {offset}, total: {len(rows)})\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Site", "Total API Calls", "Spam", "Ham", "Missed Spam", "False Positives", "Is Revoked"])
        for row in page:
            writer.writerow([row["site"], row["total"], *(row[m] for m in METRICS), "false"])
        return out.getvalue()
    sites = [
        {"site": row["site"], "api_calls": str(row["total"]), **{m: str(row[m]) for m in METRICS}, "is_revoked": False}
        for row in page
    ]
    return {month: sites, "limit": limit, "offset": offset, "total": len(rows)}
