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
@click.pass_obj
def build(root: Path, strict: bool, site_dir: Path | None) -> None:
    """Build the site. A failed build leaves the previous site/ untouched."""
    from lumbar.build import BuildFailed, build_site, configure_logging

    _check(root, strict)
    configure_logging()
    try:
        target = build_site(root / CONFIG_FILE, strict=strict, site_dir=site_dir)
    except BuildFailed as exc:
        click.echo(f"Build failed: {str(exc).rstrip('!.')}. The previous site was left as it was.", err=True)
        sys.exit(1)
    click.echo(f"Site built in {target}")


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
