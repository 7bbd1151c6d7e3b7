"""Benchmark the review queue: four moderators claiming and deciding, and the first page's latency.

Seeds 10,000 pending comments directly in Redis (127.0.0.1:6379, a throw-away `bench-review-*` namespace
that is deleted at the end), starts `moderation serve` as a process on that namespace, then:

1. idle list latency: GET /v1/review/items (first page, 25 items) over HTTP, sequentially;
   then opening items: GET /v1/review/items/{id} on `--open` items never opened (the explanation is made
   with the bundled model and cached), then on the same items again (read from the cache);
2. four moderator processes, each looping claim -> decide through the service layer (the code the API
   runs), while the main process keeps timing the first page over HTTP: decisions per second and the
   list's p50 / p99 under that load;
3. checks that no comment was decided twice (one audit entry per comment).

Bounded: the decision phase stops after `--seconds` (default 30) even if the queue is not empty.
Targets: >= 1,000 decisions/s, first-page p99 <= 20 ms. `--json` prints the figures as JSON too.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psutil
import redis

from moderation.observability import configure_logging
from moderation.review import queue as review_queue
from moderation.review.auth import ModeratorStore
from moderation.review.decisions import Decisions
from moderation.review.queue import ReviewQueue
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord, masked_email, write_record

REDIS_URL = os.environ.get("MODERATION_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
REPO = Path(__file__).resolve().parent.parent
REASONS = ("spam", "insult", "off_topic", "harassment")
TEXTS = (
    "Je ne suis pas d'accord, et franchement l'auteur raconte n'importe quoi sur les retraites.",
    "Cliquez ici pour gagner un iPhone gratuit : http://exemple.test/promo http://exemple.test/2",
    "This is the dumbest article I have read this year, who even pays you to write this?",
    "Bravo pour ce reportage, mais la photo de une est-elle vraiment du village dont vous parlez ?",
)


def seed(client: redis.Redis, keys: Keys, count: int) -> None:
    """Store `count` pending comments and queue them as the intake does (500 per transaction)."""
    now = time.time()
    for start in range(0, count, 500):
        with client.pipeline(transaction=True) as pipe:
            for i in range(start, min(start + 500, count)):
                comment_id = uuid.uuid4().hex
                created = now - (count - i) * 3.0
                risk = round(0.35 + (i * 7919 % 600) / 1000, 2)
                head = "spam" if i % 3 == 0 else "toxicity"
                email_hash = f"{i % 2500:032x}"
                reasons = [{"code": "model_hold", "source": "model", "head": head, "params": {"score": risk}}]
                spam = head == "spam"
                record = CommentRecord(
                    id=comment_id, status="pending", created_at=created, updated_at=created,
                    post_id=str(100 + i % 40), parent_id="0", author=f"Lecteur {i % 2500}",
                    email_masked=masked_email(f"lecteur.{i}@exemple.fr") if spam else "",
                    url="http://exemple.test/promo" if spam else "",
                    comment=TEXTS[i % len(TEXTS)], email_hash=email_hash, language="fr" if i % 4 else "en",
                    model_version="bench", scores={head: risk, "insult": round(risk / 2, 2)}, risk=risk,
                    reasons=reasons,  # no spans, as the intake stores them: explanations are made on opening
                )  # fmt: skip
                write_record(pipe, keys=keys, record=record)
                pipe.zadd(keys.author_comments(email_hash), {comment_id: created})
                review_queue.enqueue(
                    pipe, keys=keys, comment_id=comment_id, risk=risk, created_at=created,
                    post_id=record.post_id, language=record.language,
                    reasons=review_queue.reason_tokens(record.reasons),
                )  # fmt: skip
            pipe.execute()


def moderator(namespace: str, name: str, deadline: float, out: Any) -> None:
    """Claim and decide until the queue is empty or the deadline passes; report the count."""
    configure_logging(level="WARNING", json=True)  # one log line per decision would measure the terminal
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    keys = Keys(namespace)
    queue = ReviewQueue(client=client, keys=keys, lease_seconds=300)
    service = Decisions(client=client, keys=keys)
    decided = conflicts = 0
    started = time.perf_counter()
    while time.time() < deadline:
        comment_id = queue.claim(moderator=name)
        if comment_id is None:
            break
        n = decided + conflicts
        try:
            if n % 2:
                service.apply_decision(moderator=name, comment_id=comment_id, decision="approve")
            else:
                service.apply_decision(moderator=name, comment_id=comment_id, decision="reject", reason=REASONS[n % 4])
            decided += 1
        except Exception:  # a conflict would be a bug: counted and reported
            conflicts += 1
    out.put({"name": name, "decided": decided, "conflicts": conflicts, "seconds": time.perf_counter() - started})
    client.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(namespace: str, port: int, workdir: Path, model_dir: Path) -> subprocess.Popen[bytes]:
    """`moderation serve` on the bench namespace, with the model that explains the items opened."""
    env = {
        **os.environ,
        "MODERATION_REDIS_URL": REDIS_URL,
        "MODERATION_NAMESPACE": namespace,
        "MODERATION_MODEL_DIR": str(model_dir),
        "MODERATION_DATA_DIR": str(workdir / "var"),
        "MODERATION_IP_HASH_KEY": "bench",
        "MODERATION_LOG_LEVEL": "WARNING",
    }
    command = [str(Path(sys.executable).parent / "moderation"), "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 60  # loading and smoke-testing the model takes a few seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the API did not start")


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_first_page(http: httpx.Client, url: str, token: str, *, count: int | None, until: Any = None) -> list[float]:
    """Milliseconds per GET of the first page, `count` times or while `until()` is true."""
    samples: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    while (count is not None and len(samples) < count) or (until is not None and until()):
        started = time.perf_counter()
        response = http.get(url, headers=headers, params={"limit": 25})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return samples


def time_opening(http: httpx.Client, url: str, token: str, ids: list[str]) -> list[float]:
    """Milliseconds per GET of each item (one after another)."""
    samples: list[float] = []
    headers = {"Authorization": f"Bearer {token}"}
    for comment_id in ids:
        started = time.perf_counter()
        response = http.get(f"{url}/{comment_id}", headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
        assert response.json()["explanation"] is not None, "an opened item is explained"
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--moderators", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--open", type=int, default=200, help="items opened (explained) before the decisions")
    parser.add_argument("--model-dir", type=Path, default=REPO / "model")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    namespace = f"bench-review-{uuid.uuid4().hex[:8]}"
    keys = Keys(namespace)
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    port = free_port()
    server = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            seed(client, keys, args.items)
            seeded_in = time.perf_counter() - t0
            _admin, token = ModeratorStore(client=client, keys=keys).add("bench-reader")
            server = start_server(namespace, port, Path(tmp), args.model_dir)
            url = f"http://127.0.0.1:{port}/v1/review/items"
            with httpx.Client(timeout=10) as http:
                time_first_page(http, url, token, count=50)  # warm-up
                idle = time_first_page(http, url, token, count=500)
                # the oldest items: not on the first page, so the list above measured no explanation
                to_open = [str(c) for c in client.zrange(keys.queue_by_age(), 0, args.open - 1)]
                model_version = http.get(f"http://127.0.0.1:{port}/readyz").json().get("model", "?")
                cpu = psutil.Process(server.pid)
                before = cpu.cpu_times()
                opened_cold = time_opening(http, url, token, to_open)
                middle = cpu.cpu_times()
                opened_warm = time_opening(http, url, token, to_open)
                after = cpu.cpu_times()
                cold_cpu = (middle.user + middle.system - before.user - before.system) / max(len(to_open), 1)
                warm_cpu = (after.user + after.system - middle.user - middle.system) / max(len(to_open), 1)

                context = multiprocessing.get_context("spawn")
                results = context.Queue()
                deadline = time.time() + args.seconds
                workers = [
                    context.Process(target=moderator, args=(namespace, f"mod{i}", deadline, results))
                    for i in range(args.moderators)
                ]
                started = time.perf_counter()
                for worker in workers:
                    worker.start()
                loaded = time_first_page(http, url, token, count=None, until=lambda: any(w.is_alive() for w in workers))
                reports = [results.get(timeout=args.seconds + 30) for _ in workers]
                for worker in workers:
                    worker.join()
                elapsed = time.perf_counter() - started

        decided = sum(r["decided"] for r in reports)
        conflicts = sum(r["conflicts"] for r in reports)
        work_seconds = max(r["seconds"] for r in reports)
        entries: list[tuple[str, dict[str, str]]] = client.xrange(keys.audit())  # type: ignore[assignment]
        audited = [fields["comment_id"] for _id, fields in entries]
        figures = {
            "items": args.items,
            "moderators": args.moderators,
            "seeded_seconds": round(seeded_in, 2),
            "decided": decided,
            "conflicts": conflicts,
            "decided_twice": len(audited) - len(set(audited)),
            "decision_seconds": round(work_seconds, 2),
            "decisions_per_second": round(decided / work_seconds, 1),
            "left_in_queue": int(client.zcard(keys.queue())),
            "list_idle_p50_ms": round(statistics.median(idle), 2),
            "list_idle_p99_ms": round(percentile(idle, 0.99), 2),
            "model_version": model_version,
            "opened": len(opened_cold),
            "open_cold_p50_ms": round(statistics.median(opened_cold), 2) if opened_cold else None,
            "open_cold_p99_ms": round(percentile(opened_cold, 0.99), 2) if opened_cold else None,
            "open_warm_p50_ms": round(statistics.median(opened_warm), 2) if opened_warm else None,
            "open_warm_p99_ms": round(percentile(opened_warm, 0.99), 2) if opened_warm else None,
            "open_cold_server_cpu_ms": round(cold_cpu * 1000, 3),
            "open_warm_server_cpu_ms": round(warm_cpu * 1000, 3),
            "list_loaded_samples": len(loaded),
            "list_loaded_p50_ms": round(statistics.median(loaded), 2) if loaded else None,
            "list_loaded_p99_ms": round(percentile(loaded, 0.99), 2) if loaded else None,
            "wall_seconds": round(elapsed, 2),
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        stale = list(client.scan_iter(match=f"{{{namespace}}}*", count=5000))
        for start in range(0, len(stale), 1000):
            client.delete(*stale[start : start + 1000])
        client.close()

    print(f"review queue benchmark: {figures['items']} pending items, {figures['moderators']} moderator processes")
    print(f"  seeded in                         {figures['seeded_seconds']:>8} s")
    print(f"  decisions                         {figures['decided']:>8}  (conflicts {figures['conflicts']}, "
          f"decided twice {figures['decided_twice']}, left {figures['left_in_queue']})")  # fmt: skip
    print(f"  decisions per second              {figures['decisions_per_second']:>8}   target >= 1000")
    print(f"  first page (25) idle p50 / p99    {figures['list_idle_p50_ms']:>8} / {figures['list_idle_p99_ms']} ms")
    print(f"  open an item (explained) p50/p99  {figures['open_cold_p50_ms']:>8} / {figures['open_cold_p99_ms']} ms"
          f"  ({figures['opened']} items, model {figures['model_version']})")  # fmt: skip
    print(f"  open it again, cached p50 / p99   {figures['open_warm_p50_ms']:>8} / {figures['open_warm_p99_ms']} ms")
    print(f"  server CPU per open, made / cached {figures['open_cold_server_cpu_ms']:>7} / "
          f"{figures['open_warm_server_cpu_ms']} ms")  # fmt: skip
    print(f"  first page under load p50 / p99   {figures['list_loaded_p50_ms']:>8} / {figures['list_loaded_p99_ms']} ms"
          f"   target p99 <= 20 ms  ({figures['list_loaded_samples']} samples)")  # fmt: skip
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
