"""The ban list: email and IP hashes whose comments the intake rejects."""

from __future__ import annotations

import ipaddress
from typing import Literal

import redis

from moderation.privacy import Hasher
from moderation.site.errors import BanInvalidError, BanIpInvalidError
from moderation.storage.keys import Keys
from moderation.storage.records import read_record

BanKind = Literal["email", "ip"]


class BanList:
    """Sets of banned email and IP hashes (keyed hashes only, never addresses)."""

    def __init__(self, *, client: redis.Redis, keys: Keys) -> None:
        self.client = client
        self.keys = keys

    def _key(self, kind: BanKind) -> str:
        return self.keys.banned_emails() if kind == "email" else self.keys.banned_ips()

    def ban(
        self,
        *,
        hasher: Hasher,
        email: str | None = None,
        ip: str | None = None,
        email_hash: str | None = None,
        ip_hash: str | None = None,
        comment_id: str | None = None,
        by: Literal["email", "ip", "both"] = "email",
    ) -> dict[str, list[str]]:
        """Ban addresses (hashed here), hashes, or a stored comment's author; return the hashes banned.

        An `ip` that is no IPv4 or IPv6 address raises BanIpInvalidError: its hash would never match a reader.
        """
        if ip is not None and ip.strip():
            try:
                ipaddress.ip_address(ip.strip())
            except ValueError:
                raise BanIpInvalidError("ip") from None
        emails = [h for h in (email_hash, hasher.email(email) if email else "") if h]
        ips = [h for h in (ip_hash, hasher.ip(ip) if ip else "") if h]
        if comment_id:
            record = read_record(self.client, keys=self.keys, comment_id=comment_id)
            if record is None or not record.id:
                raise BanInvalidError(comment_id)
            if by in ("email", "both") and record.email_hash:
                emails.append(record.email_hash)
            if by in ("ip", "both") and record.ip_hash:
                ips.append(record.ip_hash)
        if not emails and not ips:
            raise BanInvalidError("nothing to ban")
        with self.client.pipeline(transaction=True) as pipe:
            for value in emails:
                pipe.sadd(self.keys.banned_emails(), value)
            for value in ips:
                pipe.sadd(self.keys.banned_ips(), value)
            pipe.execute()
        return {"email": emails, "ip": ips}

    def remove(self, kind: BanKind, value_hash: str) -> bool:
        """Lift a ban; False when there was none."""
        return bool(self.client.srem(self._key(kind), value_hash))

    def list(self) -> dict[str, list[str]]:
        """Every banned hash, by kind."""
        with self.client.pipeline(transaction=False) as pipe:
            pipe.smembers(self.keys.banned_emails())
            pipe.smembers(self.keys.banned_ips())
            emails, ips = pipe.execute()
        return {"email": sorted(emails), "ip": sorted(ips)}
