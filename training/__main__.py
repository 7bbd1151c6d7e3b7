"""Command line: `python -m training train ...` and `python -m training evaluate ...`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from training.export import export_command
from training.promote import promote_command, rollback_command

app = typer.Typer(help="Train and evaluate the moderation models.", no_args_is_help=True)

DataOpt = Annotated[Path, typer.Option(help="Shared data folder (read only).")]
FastOpt = Annotated[bool, typer.Option("--fast", help="Small subsample: a loadable artifact in seconds.")]


@app.command("train")
def train_command(
    data: DataOpt = Path("../shared/data"),
    out: Annotated[Path, typer.Option(help="Folder that receives <version>/.")] = Path("model"),
    fast: FastOpt = False,
    labels: Annotated[Path | None, typer.Option("--labels", help="Moderators' labels (JSONL) to add.")] = None,
    label_weight: Annotated[float, typer.Option(help="Sample weight of each moderator label.")] = 5.0,
    version: Annotated[str | None, typer.Option(help="Version name (default: next YYYY.MM.DD-N).")] = None,
    set_current: Annotated[bool, typer.Option("--set-current", help="Write the new version to OUT/CURRENT.")] = False,
    abuse_share: Annotated[float | None, typer.Option(help="Share of abuse (MODERATION_ABUSE_SHARE).")] = None,
    spam_share: Annotated[float | None, typer.Option(help="Site's share of spam (MODERATION_SPAM_SHARE).")] = None,
) -> None:
    """Train every head and write OUT/<version>/ (model, manifest, metrics, report)."""
    import dataclasses

    from moderation.config import Settings
    from moderation.scoring.served import serve
    from training.dataset import TrainConfig
    from training.train import train

    profile = Settings().deployment_profile()  # MODERATION_* settings, overridden by the options
    if abuse_share is not None:
        profile = dataclasses.replace(profile, abuse_share=abuse_share)
    if spam_share is not None:
        profile = dataclasses.replace(profile, spam_share=spam_share)
    folder = train(
        TrainConfig(
            data_dir=data, out_dir=out, fast=fast, labels_file=labels, label_weight=label_weight, version=version,
            profile=profile,
        )
    )  # fmt: skip
    if set_current:
        serve(out, folder.name, note="set by train --set-current, no gate")
    summary = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["metrics"]
    typer.echo(json.dumps(summary, indent=1))
    typer.echo(f"wrote {folder}")


@app.command("evaluate")
def evaluate_command(
    model_dir: Annotated[Path, typer.Option(help="Folder holding the versions and CURRENT.")] = Path("model"),
    version: Annotated[str | None, typer.Option(help="Version to evaluate (default: CURRENT).")] = None,
    data: DataOpt = Path("../shared/data"),
    out: Annotated[Path, typer.Option(help="Where metrics.json and report.md are written.")] = Path("reports"),
    fast: FastOpt = False,
    candidate: Annotated[str | None, typer.Option(help="Gate this version against --baseline.")] = None,
    baseline: Annotated[str | None, typer.Option(help="Version to gate against (default: CURRENT).")] = None,
    labels: Annotated[list[Path] | None, typer.Option("--labels", help="Site label exports to score.")] = None,
    tolerance: Annotated[float | None, typer.Option(help="Allowed loss per guarded metric (0.01).")] = None,
) -> None:
    """Re-run the evaluation of a saved version; with --candidate, gate it against the baseline."""
    if candidate:  # the retraining gate (training/compare.py): exit status 1 when the candidate is worse
        from training.compare import run_gate

        raise typer.Exit(run_gate(model_dir=model_dir, candidate=candidate, baseline=baseline, data_dir=data,
                                  label_files=labels or [], tolerance=tolerance, fast=fast))  # fmt: skip
    from moderation.scoring.artifact import load_current, load_version
    from moderation.scoring.model import LinearScorer
    from training.dataset import Dataset, TrainConfig, build_records
    from training.evaluate import evaluate_all
    from training.report import write_report

    scorer = load_version(model_dir, version) if version else load_current(model_dir)
    if not isinstance(scorer, LinearScorer):
        raise typer.BadParameter("only LinearScorer artifacts can be evaluated")
    config = TrainConfig(data_dir=data, out_dir=model_dir, fast=fast)
    splits, counts = build_records(config)
    metrics = evaluate_all(scorer, Dataset(splits=splits), fast=fast, seed=config.seed)
    metrics["training"] = {"rows": counts}
    manifest = json.loads((model_dir / scorer.version / "manifest.json").read_text(encoding="utf-8"))
    target = out / scorer.version
    target.mkdir(parents=True, exist_ok=True)
    (target / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True), encoding="utf-8")
    write_report(target, metrics, manifest)
    typer.echo(json.dumps(metrics["summary"], indent=1))


# Retraining from the site's labels (issue 5): export, promote, rollback.
app.command("export")(export_command)
app.command("promote")(promote_command)
app.command("rollback")(rollback_command)

if __name__ == "__main__":
    app()
