"""Export the whole docs tree as plain Markdown files: hand-written pages plus generated ones.

The result is what the MkDocs plugin feeds to MkDocs, written to disk, so any Markdown site
generator that reads a docs folder (MkDocs without Lumbar, ProperDocs, Zensical) can build
it. Pages keep their YAML front matter (title, description, tags, search boost) and use
the Markdown extensions listed in mkdocs.yml (admonition, attr_list, md_in_html, tables).
Printable files (exercise cards, QR codes, the handout page) and the self-hosted fonts are
written too, so the exported tree builds into the same site.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lumbar.content.catalogue import Catalogue
from lumbar.errors import UserError
from lumbar.publish.bundle import BundleError, hand_written, site_bundle
from lumbar.publish.settings import Settings, read_config


class ExportError(UserError):
    """The export was refused; the message says why and nothing was written."""

    prefix = "Export refused: "


@dataclass
class ExportResult:
    """What an export wrote, as paths relative to the output folder."""

    out: Path
    copied: list[str] = field(default_factory=list)
    generated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def export_docs(catalogue: Catalogue, settings: Settings, *, out: Path, force: bool = False) -> ExportResult:
    """Write the docs folder (minus content YAML) and the whole bundle into ``out``.

    ``out`` must be missing or empty unless ``force`` is given, in which case its contents
    are replaced. Raises ExportError when ``out`` overlaps the project or is not empty, or
    when the bundle cannot be assembled.
    """
    root, docs_dir, out = settings.root, settings.docs_dir, out.resolve()
    if out == root or out in root.parents or out == docs_dir or docs_dir in out.parents or out in docs_dir.parents:
        raise ExportError(f"{out} overlaps the project or its docs folder; choose a new folder")
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file, not a folder")
    if out.exists() and any(out.iterdir()) and not force:
        raise ExportError(f"{out} is not empty; choose an empty folder or pass --force to replace its contents")
    own = hand_written(settings)
    try:
        bundle = site_bundle(catalogue, settings, hand_written_paths=own)
    except BundleError as exc:
        raise ExportError(str(exc)) from None

    if out.exists():
        for child in out.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(out=out, warnings=list(bundle.warnings))

    def place(relative: str) -> Path:
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    for relative, source in own.items():
        shutil.copy2(source, place(relative))
        result.copied.append(relative)
    for relative, markdown in bundle.pages.items():
        place(relative).write_text(markdown, encoding="utf-8")
    for relative, data in bundle.contents.items():
        target = place(relative)
        target.write_bytes(data) if isinstance(data, bytes) else target.write_text(data, encoding="utf-8")
    for relative, source in bundle.copies.items():
        shutil.copyfile(source, place(relative))
    result.generated = sorted(bundle.paths())
    return result


# Plugins that only make sense with Lumbar's own build: the export replaces ``lumbar``, and
# ``offline`` is switched on per build by ``lumbar build --offline``.
_LUMBAR_ONLY_PLUGINS = {"lumbar", "offline"}


def plain_mkdocs_config(settings: Settings, docs_dir: Path, site_dir: Path | None = None) -> str:
    """An mkdocs.yml that builds an exported docs tree with plain MkDocs (no Lumbar plugin).

    It is the project's mkdocs.yml with ``docs_dir`` pointing at the export, the Lumbar-only
    plugins removed, and paths made absolute so the file can live anywhere. ``site_dir``
    defaults to a folder beside the export (``<export>-site``).
    """
    config = read_config(settings.config_file)
    config["docs_dir"] = str(docs_dir.resolve())
    # Never the project's own site/: plain MkDocs would clean and rewrite it in place.
    config["site_dir"] = str((site_dir or docs_dir.parent / f"{docs_dir.name}-site").resolve())
    plugins = config.get("plugins") or []
    config["plugins"] = [p for p in plugins if (p if isinstance(p, str) else next(iter(p))) not in _LUMBAR_ONLY_PLUGINS]
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((settings.config_file.parent / theme["custom_dir"]).resolve())
    config.pop("watch", None)  # only used by `mkdocs serve` of the real project
    header = f"# Plain MkDocs config for a Lumbar export, made from {settings.config_file}.\n"
    return header + yaml.safe_dump(_plain(config), sort_keys=False, allow_unicode=True)


def _plain(value: object) -> object:
    """``read_config``'s tagged strings as plain strings, for ``yaml.safe_dump``."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value
