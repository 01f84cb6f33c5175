"""Static files the site needs that come from packages rather than the repository."""

from __future__ import annotations

from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

# Self-hosted so the site makes no request to a font service.
REGULAR = "AtkinsonHyperlegible-Regular.ttf"
BOLD = "AtkinsonHyperlegible-Bold.ttf"
FONT_FILES = (REGULAR, BOLD)


def font_dir() -> Path:
    """Folder holding the Atkinson Hyperlegible TTF files (also used for cards)."""
    return Path(atkinson.ROOT) / "files"
