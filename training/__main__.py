"""Command line: `python -m training train ...` and `python -m training evaluate ...`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Train and evaluate the moderation models.", no_args_is_help=True)


@app.command("train")
def train_command(
    data: Path = typer.Option(Path("../shared/data"), help="Shared data folder (read only)."),
    out: Path = typer.Option(Path("model"), help="Folder that receives <version>/."),
    fast: bool = typer.Option(False, "--fast", help="Small subsample: a loadable artifact in seconds."),
    labels: Path | None = typer.Option(None, "--labels", help="Moderators' labels (JSONL) to add."),
    label_weight: float = typer.Option(5.0, help="Sample weight of each moderator label."),
    version: str | None = typer.Option(None, help="Version name (default: next YYYY.MM.DD-N)."),
    set_current: bool = typer.Option(False, "--set-current", help="Write the new version to OUT/CURRENT."),
) -> None:
    """Train every head and write OUT/<version>/ (model, manifest, metrics, report)."""
    from training.train import TrainConfig, train

    folder = train(TrainConfig(data_dir=data, out_dir=out, fast=fast, labels_file=labels,
                               label_weight=label_weight, version=version))
    if set_current:
        (out / "CURRENT").write_text(folder.name + "\n", encoding="utf-8")
    summary = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["metrics"]
    typer.echo(json.dumps(summary, indent=1))
    typer.echo(f"wrote {folder}")


@app.command("evaluate")
def evaluate_command(
    model_dir: Path = typer.Option(Path("model"), help="Folder holding the versions and CURRENT."),
    version: str | None = typer.Option(None, help="Version to evaluate (default: CURRENT)."),
    data: Path = typer.Option(Path("../shared/data"), help="Shared data folder (read only)."),
    out: Path = typer.Option(Path("reports"), help="Where metrics.json and report.md are written."),
    fast: bool = typer.Option(False, "--fast", help="Evaluate on the fast-mode subsample."),
    candidate: str | None = typer.Option(None, help="Compare this version against --baseline (the gate)."),
    baseline: str | None = typer.Option(None, help="Version to compare against (default: CURRENT)."),
    labels: Annotated[list[Path] | None, typer.Option("--labels", help="Site label exports to score.")] = None,
    tolerance: float | None = typer.Option(None, help="Allowed loss per guarded metric (default 0.01)."),
) -> None:
    """Re-run the evaluation of a saved version; with --candidate, gate it against the baseline."""
    if candidate:
        _gate(model_dir, candidate, baseline=baseline, data=data, labels=labels or [], tolerance=tolerance, fast=fast)
        return
    from moderation.scoring.artifact import load_current, load_version
    from moderation.scoring.model import LinearScorer
    from training.evaluate import evaluate_all, write_report
    from training.train import Dataset, TrainConfig, build_records

    scorer = load_version(model_dir, version) if version else load_current(model_dir)
    if not isinstance(scorer, LinearScorer):
        raise typer.BadParameter("only LinearScorer artifacts can be evaluated")
    splits, counts = build_records(TrainConfig(data_dir=data, out_dir=model_dir, fast=fast))
    metrics = evaluate_all(scorer, Dataset(splits=splits), fast=fast, seed=TrainConfig(data, model_dir).seed)
    metrics["training"] = {"rows": counts}
    manifest = json.loads((model_dir / scorer.version / "manifest.json").read_text(encoding="utf-8"))
    target = out / scorer.version
    target.mkdir(parents=True, exist_ok=True)
    (target / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True), encoding="utf-8")
    write_report(target, metrics, manifest)
    typer.echo(json.dumps(metrics["summary"], indent=1))


def _gate(
    model_dir: Path, candidate: str, *, baseline: str | None, data: Path, labels: list[Path],
    tolerance: float | None, fast: bool,
) -> None:
    """Compare the candidate with the baseline, write model/<candidate>/comparison.*, exit 1 when it is worse."""
    from moderation.config import Settings
    from training.compare import ComparisonError, compare, write_comparison

    tolerance = Settings().gate_tolerance if tolerance is None else tolerance
    try:
        result = compare(model_dir=model_dir, candidate=candidate, baseline=baseline, data_dir=data,
                         label_files=labels, tolerance=tolerance, fast=True if fast else None)
    except ComparisonError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    write_comparison(model_dir / candidate, result)
    typer.echo((model_dir / candidate / "comparison.md").read_text(encoding="utf-8"))
    if not result.passed:
        typer.echo(f"{candidate} is worse than {result.baseline} on: {', '.join(result.failures)}", err=True)
        raise typer.Exit(1)


_MODEL_DIR = Path("model")


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", help="JSONL file to write (must not exist yet).")],
    everything: Annotated[bool, typer.Option("--all", help="Export every label, not only the new ones.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace OUT if it exists.")] = False,
) -> None:
    """Export the site's labels (moderators' decisions, site feedback) as pseudonymised JSONL."""
    from training.export import ExportTargetExistsError, run_export

    try:
        result = run_export(out=out, everything=everything, overwrite=overwrite)
    except ExportTargetExistsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"wrote {result.rows} labels ({result.entries} stream entries) to {result.path}")


@app.command("promote")
def promote_command(
    version: Annotated[str, typer.Argument(help="Version folder under --model-dir.")],
    model_dir: Annotated[Path, typer.Option(help="Folder holding the versions and CURRENT.")] = _MODEL_DIR,
    force: Annotated[bool, typer.Option("--force", help="Promote even without a passing comparison.")] = False,
) -> None:
    """Serve VERSION: the running service switches within MODERATION_MODEL_RELOAD_SECONDS."""
    from training.promote import PromotionError, promote

    try:
        switch = promote(model_dir, version, force=force)
    except PromotionError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"serving {switch.current} (was {switch.previous})" if switch.changed else f"{version} already served")


@app.command("rollback")
def rollback_command(
    model_dir: Annotated[Path, typer.Option(help="Folder holding the versions and CURRENT.")] = _MODEL_DIR,
) -> None:
    """Serve the version that was in service before the current one."""
    from training.promote import PromotionError, rollback

    try:
        switch = rollback(model_dir)
    except PromotionError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"serving {switch.current} (was {switch.previous})")


if __name__ == "__main__":
    app()
