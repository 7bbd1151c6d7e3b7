"""Command line: `python -m training data|train|evaluate|recalibrate|export|promote|rollback|migrate-model ...`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from moderation.errors import ModerationError
from training.export import export_command
from training.promote import promote_command, rollback_command
from training.sources import DEFAULT_BASE_URL

if TYPE_CHECKING:
    from moderation.scoring.policy import DeploymentProfile

app = typer.Typer(help="Train and evaluate the moderation models.", no_args_is_help=True)

DataOpt = Annotated[Path, typer.Option(help="Training data folder (`data fetch` fills it; read only).")]
FastOpt = Annotated[
    bool, typer.Option("--fast", help="150 rows per set: a loadable model in about a minute; tests only, never serve.")
]
data_app = typer.Typer(help="Get and check the public training data sets.", no_args_is_help=True)
app.add_typer(data_app, name="data")


def _require_data(data: Path) -> None:
    """Exit with one line (status 2) unless `data` holds every file of the data manifest intact."""
    from training.sources import DataFolderError, require_data

    try:
        require_data(data)
    except DataFolderError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _profile(abuse_share: float | None, spam_share: float | None) -> DeploymentProfile:
    """Return the site's deployment profile (MODERATION_* settings), with the shares given as options instead."""
    import dataclasses

    from moderation.config import Settings

    profile = Settings().deployment_profile()
    if abuse_share is not None:
        profile = dataclasses.replace(profile, abuse_share=abuse_share)
    if spam_share is not None:
        profile = dataclasses.replace(profile, spam_share=spam_share)
    return profile


@data_app.command("fetch")
def data_fetch_command(
    to: Annotated[Path, typer.Option("--to", help="Folder that receives one sub-folder per data set.")],
    source: Annotated[
        Path | None, typer.Option("--from", help="Copy from this local mirror instead of downloading.")
    ] = None,
    base_url: Annotated[str, typer.Option(help="Download from this mirror of raw.githubusercontent.com.")] = (
        DEFAULT_BASE_URL
    ),
    sets: Annotated[list[str] | None, typer.Option("--set", help="Only this set (repeatable).")] = None,
) -> None:
    """Download (or copy from --from) every public data set and verify each file's sha256."""
    from training.sources import FetchError, data_files, fetch, load_manifest

    try:
        files = data_files(load_manifest(), sets or [])
        written, kept = fetch(dest=to, files=files, mirror=source, base_url=base_url)
    except (FetchError, KeyError) as exc:
        typer.echo(f"error: {exc.args[0] if exc.args else exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{to}: {written} files written, {kept} already there, all {len(files)} match the manifest")


@data_app.command("verify")
def data_verify_command(data: DataOpt = Path("../shared/data")) -> None:
    """Check that a data folder holds every file of the manifest with its sha256 (exit status 2 if not)."""
    _require_data(data)
    typer.echo(f"{data}: every file matches the data manifest")


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
    hold_out: Annotated[
        list[str] | None,
        typer.Option("--hold-out", help="Data set (folder name) kept out of training whole, reported as unseen."),
    ] = None,
) -> None:
    """Train every head and write OUT/<version>/ (model, manifest, metrics, report)."""
    _require_data(data)
    try:
        import matplotlib  # noqa: F401  # the model card's plots: fail now, not after minutes of training
        import sklearn  # noqa: F401  # the heads' fit (the service itself runs without it)
    except ImportError as exc:
        typer.echo("error: training needs the `train` extra: pip install -e '.[train]' (`make train` does)", err=True)
        raise typer.Exit(2) from exc
    from moderation.scoring.served import serve
    from training.dataset import TrainConfig
    from training.train import VersionExistsError, train

    profile = _profile(abuse_share, spam_share)
    try:
        folder = train(
            TrainConfig(
                data_dir=data, out_dir=out, fast=fast, labels_file=labels, label_weight=label_weight, version=version,
                profile=profile, hold_out=tuple(hold_out or ()),
            )
        )  # fmt: skip
    except VersionExistsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
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
    _require_data(data)
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


@app.command("news-readers")
def news_readers_command(
    model_dir: Annotated[Path, typer.Option(help="Folder holding the versions and CURRENT.")] = Path("model"),
    version: Annotated[str | None, typer.Option(help="Version to check (default: CURRENT).")] = None,
    write: Annotated[bool, typer.Option(help="Add the figures to the version's metrics.json and model card.")] = False,
) -> None:
    """Decide the realistic readers' comments with a saved version; needs no data folder."""
    from moderation.scoring.artifact import load_current, load_version
    from training.news_readers import reader_figures, readers_markdown, with_readers_section

    scorer = load_version(model_dir, version) if version else load_current(model_dir)
    figures = reader_figures(scorer, blog=load_version(model_dir, scorer.version, profile="blog"))
    typer.echo("\n".join(readers_markdown(figures)).strip())
    if write:  # a version trained before readers joined the evaluation: its card gains the section
        folder = model_dir / scorer.version
        metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
        metrics["readers"] = figures
        (folder / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True), encoding="utf-8")
        card = folder / "report.md"
        card.write_text(with_readers_section(card.read_text(encoding="utf-8"), figures), encoding="utf-8")
        typer.echo(f"wrote {folder / 'report.md'}")


@app.command("recalibrate")
def recalibrate_command(
    labels: Annotated[list[Path], typer.Option("--labels", help="Site label exports (`export`), repeatable.")],
    model_dir: Annotated[Path, typer.Option(help="Folder holding the versions and CURRENT.")] = Path("model"),
    base: Annotated[str | None, typer.Option(help="Version to recalibrate (default: CURRENT).")] = None,
    out: Annotated[Path | None, typer.Option(help="Folder that receives <version>/ (default: --model-dir).")] = None,
    version: Annotated[str | None, typer.Option(help="Version name (default: next YYYY.MM.DD-N).")] = None,
    review_budget: Annotated[
        float | None, typer.Option(help="Share of traffic the desk can review (0.05 = 5%); relaxes the cuts to fit.")
    ] = None,
    min_labels: Annotated[int, typer.Option(help="Positive and negative labels a head needs.")] = 30,
    abuse_share: Annotated[float | None, typer.Option(help="Share of abuse (MODERATION_ABUSE_SHARE).")] = None,
    spam_share: Annotated[float | None, typer.Option(help="Site's share of spam (MODERATION_SPAM_SHARE).")] = None,
) -> None:
    """Refit the calibration of the served model on the site's labels and re-derive its thresholds (new version)."""
    from moderation.scoring.served import read_current
    from training.recalibrate import (
        NotALinearScorerError,
        NotEnoughLabelsError,
        load_base,
        load_site_labels,
        recalibrate,
        write_recalibrated,
    )
    from training.train import VersionExistsError

    base_version = base or read_current(model_dir)
    if base_version is None:
        typer.echo(f"error: {model_dir / 'CURRENT'} names no version: pass --base", err=True)
        raise typer.Exit(2)
    profile = _profile(abuse_share, spam_share)
    try:
        result = recalibrate(load_base(model_dir, base_version), load_site_labels(labels), profile=profile,
                             review_budget=review_budget, min_per_class=min_labels)  # fmt: skip
        folder = write_recalibrated(model_dir, base_version, result, label_files=labels, out_dir=out, version=version)
    except (NotEnoughLabelsError, NotALinearScorerError, VersionExistsError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    record = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    typer.echo(json.dumps({"policy": record["policy"], "review_budget": record["recalibration"]["review_budget"]},
                          indent=1))  # fmt: skip
    typer.echo(f"wrote {folder}; gate it with `python -m training evaluate --candidate {folder.name} --labels ...`")


# Retraining from the site's labels: export, promote, rollback.
app.command("export")(export_command)
app.command("promote")(promote_command)
app.command("rollback")(rollback_command)


@app.command("site-eval")
def site_eval_command(
    data: DataOpt = Path("../shared/data"),
    model_dir: Annotated[Path, typer.Option(help="Folder holding the versions and CURRENT.")] = Path("model"),
    redis_url: Annotated[str, typer.Option(help="The Redis the service runs on (a fresh namespace per run).")] = (
        "redis://127.0.0.1:6379/0"
    ),
    sites: Annotated[list[str] | None, typer.Option("--site", help="blog_spam or french_hate (repeatable).")] = None,
    budgets: Annotated[
        list[int] | None, typer.Option("--labels", help="Label counts of the curve (default: the site's).")
    ] = None,
    write: Annotated[
        bool, typer.Option(help="Add the curve to the served version's metrics.json and model card.")
    ] = False,
    shuffle_seed: Annotated[
        int,
        typer.Option(
            help="Seed of the source's shuffle: which comments are labelled and which are unseen (the card's: 20)."
        ),
    ] = 20,
) -> None:
    """Play eval-only public sources as sites through the running service: labels in, unseen comments measured."""
    import dataclasses
    from datetime import UTC, datetime

    from moderation.scoring.served import read_current
    from training.card import with_section
    from training.site_eval import SITES, curve_figures, curve_markdown, curve_table, play_site, site_rows

    version = read_current(model_dir)
    if write and version is None:
        raise typer.BadParameter(f"no version is served from {model_dir}: nothing to write the curve to")
    if write and shuffle_seed != 20:
        raise typer.BadParameter("the card's curve is played on the shuffle of seed 20; other seeds are printed only")

    _require_data(data)
    points = []
    for name in sites or list(SITES):
        play = SITES[name]
        if budgets:
            play = dataclasses.replace(play, budgets=tuple(budgets))
        rows = site_rows(play, data, seed=shuffle_seed)
        for count in play.budgets:
            if count > play.unseen_from:
                raise typer.BadParameter(f"{name}: at most {play.unseen_from} labels (the rest is the unseen part)")
            point = play_site(play, rows, labels=count, redis_url=redis_url, model_dir=model_dir)
            typer.echo(curve_table([point]).splitlines()[-1], err=True)
            points.append(point)
    typer.echo(curve_table(points))
    if write and version is not None:
        folder = model_dir / version
        metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
        metrics["site_eval"] = curve_figures(points)
        (folder / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True), encoding="utf-8")
        card = folder / "report.md"
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines = curve_markdown(points, version=version, when=when)
        card.write_text(with_section(card.read_text(encoding="utf-8"), "Learning from a site", lines), encoding="utf-8")
        typer.echo(f"wrote {card}")


@app.command("migrate-model")
def migrate_model_command(
    versions: Annotated[
        list[str] | None, typer.Option("--version", help="Version to convert (repeatable; default: every joblib one).")
    ] = None,
    model_dir: Annotated[Path, typer.Option(help="Folder holding the versions and CURRENT.")] = Path("model"),
    remove_joblib: Annotated[
        bool, typer.Option("--remove-joblib", help="Delete the pickle once the .npz is proven to score alike.")
    ] = False,
) -> None:
    """Convert versions saved as pickles (model.joblib) to model.npz: trusted, hash-checked files of ours only."""
    from training.migrate import MigrationError, migrate_version, versions_to_migrate

    try:
        import joblib  # noqa: F401  # reads the old pickles
    except ImportError as exc:
        typer.echo("error: migrating needs the `train` extra: pip install -e '.[train]'", err=True)
        raise typer.Exit(2) from exc
    todo = versions or versions_to_migrate(model_dir)
    if not todo:
        typer.echo(f"every version under {model_dir} is already in the .npz format")
    for version in todo:
        try:
            done = migrate_version(model_dir, version, remove_joblib=remove_joblib)
        except (MigrationError, ModerationError) as exc:
            typer.echo(f"error: {version}: {exc}", err=True)
            raise typer.Exit(1) from exc
        if not done.migrated:
            typer.echo(f"{version}: already .npz")
            continue
        typer.echo(
            f"{version}: model.npz written; {done.comments} sample comments score identically "
            f"(largest difference {done.max_difference:.1e}); joblib {'removed' if done.removed_joblib else 'kept'}"
        )


if __name__ == "__main__":
    app()
