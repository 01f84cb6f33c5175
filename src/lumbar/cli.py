"""The ``lumbar`` command line: check content, build and serve the site."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from lumbar.content import load_catalogue
from lumbar.errors import ContentErrors

CONFIG_FILE = "mkdocs.yml"


def _report(errors: ContentErrors, root: Path) -> None:
    click.echo(errors.format(root), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for error in errors.errors:
            click.echo(error.github_annotation(root))


def _check(root: Path, strict: bool) -> None:
    """Validate content; print every problem and exit 1 if there are any."""
    try:
        catalogue = load_catalogue(root)
    except ContentErrors as errors:
        _report(errors, root)
        sys.exit(1)
    for warning in catalogue.warnings:
        click.echo(f"warning: {warning.format(root)}", err=True)
    if strict and catalogue.warnings:
        click.echo("Warnings are errors with --strict; nothing was built.", err=True)
        sys.exit(1)
    return catalogue  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="lumbar")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), default=".",
              help="The project folder (holding mkdocs.yml).")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Lumbar builds a patient-education site about lower back pain from YAML."""
    ctx.obj = root.resolve()


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings (such as overdue reviews) as errors.")
@click.pass_obj
def check(root: Path, strict: bool) -> None:
    """Validate all content and print every problem as file:line:col."""
    catalogue = _check(root, strict)
    counts = f"{len(catalogue.exercises)} exercises, {len(catalogue.faqs)} FAQ entries, {len(catalogue.pairs)} avoid/try pairs"
    click.echo(f"All content is valid: {counts}.")


@main.command()
@click.option("--strict", is_flag=True, help="Fail on any warning, as CI does.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site/).")
@click.option("--offline", is_flag=True,
              help="Make a site that works opened from disk (file://), search included.")
@click.pass_obj
def build(root: Path, strict: bool, site_dir: Path | None, offline: bool) -> None:
    """Build the site. A failed build leaves the previous site/ untouched."""
    from lumbar.build import BuildFailed, build_site, configure_logging

    _check(root, strict)
    configure_logging()
    try:
        target = build_site(root / CONFIG_FILE, strict=strict, site_dir=site_dir, offline=offline)
    except BuildFailed as exc:
        click.echo(f"Build failed: {str(exc).rstrip('!.')}. The previous site was left as it was.", err=True)
        sys.exit(1)
    click.echo(f"Site built in {target}")


@main.command()
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder to write the Markdown docs tree into (missing or empty).")
@click.option("--force", is_flag=True, help="Replace the contents of a folder that is not empty.")
@click.option("--mkdocs-yml", "mkdocs_yml", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write an mkdocs.yml that builds the export with plain MkDocs.")
@click.pass_obj
def export(root: Path, out: Path, force: bool, mkdocs_yml: Path | None) -> None:
    """Write every page as plain Markdown, for MkDocs without Lumbar or another generator."""
    from lumbar.export import ExportError, export_docs, plain_mkdocs_config

    catalogue = _check(root, strict=False)
    settings = _export_settings(root)
    try:
        result = export_docs(catalogue, out=out, force=force, **settings)
    except ExportError as exc:
        click.echo(f"Export refused: {exc}", err=True)
        sys.exit(1)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Exported {len(result.generated)} generated and {len(result.copied)} hand-written files to {result.out}")
    if mkdocs_yml is not None:
        mkdocs_yml.write_text(plain_mkdocs_config(root / CONFIG_FILE, result.out), encoding="utf-8")
        click.echo(f"Wrote {mkdocs_yml}: build the export with `mkdocs build -f {mkdocs_yml}`")


def _export_settings(root: Path) -> dict[str, object]:
    """The mkdocs.yml settings an export needs: docs_dir, the plugin's templates, site URL and name."""
    from mkdocs.utils.yaml import yaml_load

    with open(root / CONFIG_FILE, encoding="utf-8") as handle:
        config = yaml_load(handle) or {}
    templates = "templates/pages"
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("lumbar"), dict):
            templates = plugin["lumbar"].get("templates", templates)
    return {
        "docs_dir": root / config.get("docs_dir", "docs"),
        "templates": root / templates,
        "site_url": config.get("site_url") or "",
        "site_name": config.get("site_name") or "Lumbar",
        "directory_urls": config.get("use_directory_urls", True),
    }


@main.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.pass_obj
def serve(root: Path, port: int) -> None:
    """Preview the site at http://127.0.0.1:8000, rebuilding when YAML or templates change."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort

    from lumbar.build import configure_logging

    configure_logging()
    try:
        mkdocs_serve(str(root / CONFIG_FILE), livereload=True, dev_addr=f"127.0.0.1:{port}")
    except Abort as exc:
        click.echo(f"Serve stopped: {exc}", err=True)
        sys.exit(1)


@main.command()
@click.argument("kind", type=click.Choice(["exercise", "faq", "avoid"]))
@click.argument("title")
@click.pass_obj
def new(root: Path, kind: str, title: str) -> None:
    """Start a new content file: lumbar new exercise "Side plank"."""
    from lumbar.scaffold import new_entry

    path = new_entry(root, kind, title)
    click.echo(f"Created {path.relative_to(root).as_posix()}: fill in each 'Write ...' line, then run `lumbar check`.")


@main.command()
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if the committed schemas are out of date.")
@click.pass_obj
def schema(root: Path, check_only: bool) -> None:
    """Write the JSON Schemas in schemas/ that editors use for autocomplete."""
    from lumbar.schema import SCHEMA_DIR, schema_texts, write_schemas

    if check_only:
        stale = [name for name, text in schema_texts().items()
                 if not (root / SCHEMA_DIR / name).exists()
                 or (root / SCHEMA_DIR / name).read_text(encoding="utf-8") != text]
        if stale:
            click.echo(f"Out of date: {', '.join(stale)}. Run `lumbar schema` and commit the result.", err=True)
            sys.exit(1)
        click.echo("Schemas are up to date.")
        return
    for path in write_schemas(root):
        click.echo(f"Wrote {path.relative_to(root).as_posix()}")


# ---- Printing: exercise cards and handouts (lumbar.cards, lumbar.handout).

def _site_info(root: Path):  # type: ignore[no-untyped-def]
    from lumbar.siteinfo import read_site_info

    try:
        return read_site_info(root / CONFIG_FILE)
    except (OSError, ValueError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


@main.command()
@click.argument("ids", nargs=-1, metavar="[EXERCISE]...")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True,
              help="a4: A6 cards, 4 to an A4 sheet. letter: quarter-Letter cards, 4 to a Letter sheet.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("cards"), show_default=True,
              help="Folder to write the cards into.")
@click.option("--no-png", is_flag=True, help="Skip the 300 DPI PNG previews.")
@click.pass_obj
def cards(root: Path, ids: tuple[str, ...], paper: str, out: Path, no_png: bool) -> None:
    """Render exercise cards (all, or the EXERCISE ids given): a PDF and a PNG preview each,
    plus every card 4 to a sheet with cut marks. Unchanged cards are not rendered again."""
    from lumbar.card_build import render_cards, sheet_name, write_cards
    from lumbar.cards import card_content
    from lumbar.errors import did_you_mean
    from lumbar.print_site import CACHE_DIR
    from lumbar.progress import ProgressBar

    catalogue = _check(root, strict=False)
    site = _site_info(root)
    by_id = {e.id: e for e in catalogue.exercises}
    unknown = [f"no exercise has the id {i!r}.{did_you_mean(i, sorted(by_id))}" for i in ids if i not in by_id]
    if unknown:
        raise click.UsageError("\n".join(unknown))
    chosen = [by_id[i] for i in dict.fromkeys(ids)] if ids else catalogue.exercises
    from lumbar.build_cache import BuildCache
    from lumbar.figures import card_pictures

    pictures = card_pictures(chosen, BuildCache(root))
    contents = [card_content(e, site_url=site.url, site_name=site.name, picture=pictures.get(e.id)) for e in chosen]
    paper = paper.lower()
    with ProgressBar("Rendering cards") as progress:
        card_set = render_cards(contents, papers={paper: not no_png}, cache_dir=root / CACHE_DIR,
                                on_start=progress.start, on_done=progress.advance)[paper]
    write_cards(card_set, out)
    click.echo(f"{len(contents)} cards: {len(card_set.rendered)} rendered, {len(card_set.reused)} unchanged. "
               f"Written to {out}; print {out / sheet_name(paper)} for 4 cards a sheet.")


@main.command()
@click.argument("exercises", nargs=-1, required=True, metavar="EXERCISE[:field=value,...]...")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("handout.pdf"), show_default=True,
              help="The PDF file to write.")
@click.pass_obj
def handout(root: Path, exercises: tuple[str, ...], paper: str, out: Path) -> None:
    """Make a PDF handout of chosen exercises, with doses you can change.

    \b
    lumbar handout bridge bird-dog walking --paper a4 --out my.pdf
    lumbar handout bridge:sets=2,reps=10 walking:minutes=20
    Dose fields: sets, reps, hold_seconds, rest_seconds, minutes, per_side, how_often.
    """
    import datetime as dt

    from lumbar.handout import Site, SelectionError, handout_pdf, handout_query, layout_handout, resolve, selection_warnings
    from lumbar.print_layout import paper as paper_named
    from lumbar.red_flags import SafetyPageError, load_red_flags

    catalogue = _check(root, strict=False)
    site = _site_info(root)
    try:
        from lumbar.build_cache import BuildCache
        from lumbar.figures import card_pictures

        pictures = card_pictures(catalogue.exercises, BuildCache(root))
        items = resolve({e.id: e for e in catalogue.exercises}, exercises, pictures=pictures)
    except SelectionError as exc:
        raise click.UsageError("\n".join(exc.problems)) from None
    for warning in selection_warnings(items):
        click.echo(f"Warning: {warning}", err=True)
    try:
        flags = load_red_flags(root)
    except SafetyPageError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    sheet = paper_named(paper)
    handout_site = Site(site.name, site.url)
    pages = layout_handout(items, sheet, handout_site, flags)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(handout_pdf(items, sheet, handout_site, flags, created=dt.datetime.now(dt.timezone.utc), pages=pages))
    click.echo(f"Handout of {len(items)} exercises ({len(pages)} pages, {sheet.label}) written to {out}")
    click.echo(f"The same handout in a browser: {site.url}handout/?{handout_query(exercises)}")


@main.command()
@click.argument("exercise_id", metavar="EXERCISE")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the pictures into (default: build/figures/ in the project).")
@click.option("--dpi", default=150, show_default=True, type=click.IntRange(50, 600), help="Resolution of the PNGs.")
@click.pass_obj
def figure(root: Path, exercise_id: str, out: Path | None, dpi: int) -> None:
    """Draw one exercise's start and end pictures (SVG and PNG) from its pose data, to look
    at while you edit the YAML. Every picture is also on the site's exercises/gallery/ page."""
    from lumbar.errors import did_you_mean
    from lumbar.figures import write_figures

    catalogue = _check(root, strict=False)
    by_id = {e.id: e for e in catalogue.exercises}
    if exercise_id not in by_id:
        raise click.UsageError(f"no exercise has the id {exercise_id!r}.{did_you_mean(exercise_id, sorted(by_id))}")
    exercise = by_id[exercise_id]
    if exercise.figure is None:
        click.echo(f"{exercise_id} has no figure: block yet; add start and end poses to its YAML.", err=True)
        sys.exit(1)
    folder = out if out is not None else root / "build" / "figures"
    for path in write_figures(exercise, folder, dpi=dpi):
        click.echo(f"Wrote {path}")
