"""Static files the site needs that come from packages rather than the repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
import fontpkg_noto_sans as noto_sans
import fontpkg_noto_sans_arabic as noto_arabic
import fontpkg_noto_sans_devanagari as noto_devanagari

# Self-hosted so the site makes no request to a font service.
REGULAR = "AtkinsonHyperlegible-Regular.ttf"
BOLD = "AtkinsonHyperlegible-Bold.ttf"
FONT_FILES = (REGULAR, BOLD)


def font_dir() -> Path:
    """Folder holding the Atkinson Hyperlegible TTF files (also used for cards)."""
    return Path(atkinson.ROOT) / "files"


@dataclass(frozen=True)
class PrintFace:
    """One font that cards and handouts print with: a family name and its two files."""

    name: str  # the family name registered with fpdf2
    regular: Path
    bold: Path
    shaping: bool = False  # the script needs text shaping (joined letters, reordering)


def _variable(package: object, stem: str) -> Path:
    return Path(package.ROOT) / "files" / f"{stem}[wdth,wght].ttf"  # type: ignore[attr-defined]


def print_faces() -> tuple[PrintFace, ...]:
    """Print fonts in fallback order: each character is drawn with the first face that has it.

    Atkinson Hyperlegible (Latin) first; then Noto Sans Arabic and Noto Sans Devanagari
    (shaped), then Noto Sans (Latin, Greek, Cyrillic, Vietnamese). The Noto packages ship only
    variable fonts, whose default instance is the regular weight; instancing a bold takes
    seconds per font, so bold text in those scripts prints at regular weight.
    No packaged font covers Chinese, Japanese or Korean: ``lumbar check`` refuses such text.
    """
    sans = _variable(noto_sans, "NotoSans")
    arabic = _variable(noto_arabic, "NotoSansArabic")
    devanagari = _variable(noto_devanagari, "NotoSansDevanagari")
    return (
        PrintFace("Atkinson", font_dir() / REGULAR, font_dir() / BOLD),
        PrintFace("NotoSansArabic", arabic, arabic, shaping=True),
        PrintFace("NotoSansDevanagari", devanagari, devanagari, shaping=True),
        PrintFace("NotoSans", sans, sans),
    )
