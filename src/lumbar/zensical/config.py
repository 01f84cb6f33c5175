"""The config Zensical reads: the project's mkdocs.yml, made to build the exported docs tree.

Zensical reads ``mkdocs.yml`` itself, with three differences from MkDocs that matter here:
``docs_dir`` and ``site_dir`` must be relative and inside the config's folder (an absolute
``docs_dir`` made 0.0.73 panic), it runs no MkDocs plugins (the Lumbar plugin's work is done
before and after it, see ``lumbar.zensical.build``), and its offline plugin adds the
iframe-worker shim from unpkg.com unless a script of that name is already listed: Lumbar
lists its own copy (``paths.IFRAME_WORKER``, added to the bundle for offline builds).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lumbar.content.safety import Safety
from lumbar.paths import IFRAME_WORKER
from lumbar.publish.export import config_text, export_config
from lumbar.publish.settings import Settings

CONFIG_NAME = "mkdocs.yml"
DOCS = "docs"  # the exported docs tree, inside the working folder
SITE = "site"  # what Zensical builds, before it is moved to the project's site/

# Material's look ("classic"), which templates/overrides and Lumbar's stylesheets are made for
# and checked against (axe contrast, print); Zensical's own default is "modern".
THEME_VARIANT = "classic"


def zensical_config(settings: Settings, work: Path, *, safety: Safety, offline: bool = False) -> dict[str, Any]:
    """The config for building ``work/docs`` into ``work/site``, paths relative to ``work``."""
    config = export_config(settings, work / DOCS, work / SITE, safety=safety, base=work)
    theme = config.setdefault("theme", {})
    if isinstance(theme, dict):
        theme.setdefault("variant", THEME_VARIANT)
    if offline:
        extra = config.setdefault("extra", {})
        extra["polyfills"] = [*extra.get("polyfills", []), IFRAME_WORKER]
        config["plugins"] = [*config.get("plugins", []), {"offline": {"enabled": True}}]
    return config


def write_config(path: Path, config: dict[str, Any], settings: Settings) -> Path:
    """Write ``config`` to ``path`` unless it already holds the same text (its time stamp is
    what tells Zensical to start over); returns ``path``."""
    text = config_text(config, f"Zensical config for Lumbar's exported docs, made from {settings.config_file}.")
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
