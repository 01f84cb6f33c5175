"""The ``lumbar`` command line: check content, build and serve the site."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from lumbar.content import load_catalogue
from lumbar.errors import ContentErrors


def _root() -> Path:
    return Path.cwd()


def _report(errors: ContentErrors, root: Path) -> None:
    click.echo(errors.format(root), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for error in errors.errors:
            click.echo(error.github_annotation(root))


@click.group()
@click.version_option(package_name="lumbar")
def main() -> None:
    """Lumbar builds a patient-education site about lower back pain from YAML."""


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings (such as overdue reviews) as errors.")
def check(strict: bool) -> None:
    """Validate all content and print every problem as file:line:col."""
    root = _root()
    try:
        catalogue = load_catalogue(root)
    except ContentErrors as errors:
        _report(errors, root)
        sys.exit(1)
    for warning in catalogue.warnings:
        click.echo(f"warning: {warning.format(root)}", err=True)
    if strict and catalogue.warnings:
        sys.exit(1)
    counts = f"{len(catalogue.exercises)} exercises, {len(catalogue.faqs)} FAQ entries, {len(catalogue.pairs)} avoid/try pairs"
    click.echo(f"All content is valid: {counts}.")
