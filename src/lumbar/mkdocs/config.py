"""Options for the ``lumbar`` MkDocs plugin, as written under ``plugins:`` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class LumbarConfig(Config):
    """Paths are relative to the folder that holds mkdocs.yml."""

    root = c.Type(str, default=".")
    templates = c.Type(str, default="templates/pages")
