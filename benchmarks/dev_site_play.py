"""A dev site through the public API: a train-allowed source a dev model never saw, played as `site-eval` plays.

`python -m training site-eval` plays eval-only sources with the served model; its blog (YouTube 2014) shares videos
and campaigns with the UCI YouTube set the served model trains on, so its no-label row is not a source the model never
saw. Here a dev model is trained without a whole train-allowed source, and that source is played as a blog (spam head,
blog profile): N comments labelled through the feedback API, then the unseen part posted to the same running service
(site memory, rules and layer as served). Dev data: choose rules here, never on the eval sources. E.g.

    .venv/bin/python -m training train --data ../shared/data --out /tmp/dev/model --version dev-yt \\
        --hold-out youtube_spam
    .venv/bin/python benchmarks/dev_site_play.py --model-dir /tmp/dev/model --version dev-yt --labels 0,300

`MODERATION_THRESHOLDS='{"spam": {"approve": 0.3, "reject": 0.96}}'` in the environment plays another spam cut.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from tempfile import TemporaryDirectory

from training.site_eval import SitePlay, curve_table, play_site, site_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, required=True, help="the folder holding the dev version")
    parser.add_argument("--version", required=True, help="a version trained with --hold-out SOURCE")
    parser.add_argument("--source", default="youtube_spam", help="the train-allowed source held out of it")
    parser.add_argument("--labels", default="0", help="label counts, comma-separated (at most 600)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    counts = [int(n) for n in args.labels.split(",")]
    play = SitePlay(f"dev_{args.source}", args.source, "spam", "spam", "ok", tuple(counts), 600, profile="blog")
    rows = site_rows(play, args.data)
    with TemporaryDirectory() as tmp:  # the service serves a folder's CURRENT: this version's alone
        shutil.copytree(args.model_dir / args.version, Path(tmp) / args.version)
        (Path(tmp) / "CURRENT").write_text(args.version + "\n", encoding="utf-8")
        points = [play_site(play, rows, labels=n, redis_url=args.redis_url, model_dir=Path(tmp)) for n in counts]
    print(curve_table(points))


if __name__ == "__main__":
    main()
