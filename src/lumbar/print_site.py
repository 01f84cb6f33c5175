"""Everything printable that a site build publishes, for any site generator adapter.

The MkDocs plugin calls ``site_print_files`` and only turns the result into MkDocs files:
cards under ``cards/``, a QR code per exercise page, and the handout builder page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import segno

from lumbar.card_build import CardSet, render_cards, sheet_name
from lumbar.cards import card_content
from lumbar.content import Catalogue
from lumbar.exercise_text import page_url
from lumbar.handout_page import HANDOUT_PAGE, render_handout_page
from lumbar.pages import TemplateProblem
import lumbar.qr
from lumbar.build_cache import BuildCache, code_digest, key_of
from lumbar.qr import qr_svg
from lumbar.red_flags import SafetyPageError, load_red_flags

log = logging.getLogger(__name__)

CARDS_DIR = "cards"
CACHE_DIR = Path(".cache") / "cards"
# The first paper's cards are cards/<id>.pdf and .png; the others are cards/<paper>/<id>.pdf.
SITE_PAPERS: dict[str, bool] = {"a4": True, "letter": False}


@dataclass
class PrintFiles:
    """What to add to the site: Markdown pages, files to copy, and generated file contents."""

    pages: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    card_sets: dict[str, CardSet] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def rendered(self) -> int:
        """How many cards were rendered (not reused from the cache) in this build."""
        return sum(len(s.rendered) for s in self.card_sets.values())

    @property
    def reused(self) -> int:
        return sum(len(s.reused) for s in self.card_sets.values())


def card_site_path(exercise_id: str, paper: str, suffix: str = ".pdf") -> str:
    """Where a card is published, relative to the site root."""
    first = next(iter(SITE_PAPERS))
    folder = CARDS_DIR if paper == first else f"{CARDS_DIR}/{paper}"
    return f"{folder}/{exercise_id}{suffix}"


def site_print_files(
    catalogue: Catalogue,
    *,
    root: Path,
    templates: Path,
    site_url: str,
    site_name: str,
    directory_urls: bool = True,
    cache_dir: Path | None = None,
    pictures: Mapping[str, Path] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[str], None] | None = None,
) -> PrintFiles:
    """Render (or reuse) every card and build the handout page for a site build.

    ``pictures`` maps exercise ids to illustration files; exercises without one get none.
    """
    pictures = pictures or {}
    result = PrintFiles()
    if not site_url:
        result.warnings.append("site_url is not set in mkdocs.yml: QR codes on cards point at relative paths")
    cards = [card_content(e, site_url=site_url or "/", site_name=site_name, picture=pictures.get(e.id))
             for e in catalogue.exercises]
    result.card_sets = render_cards(cards, papers=SITE_PAPERS, cache_dir=cache_dir or root / CACHE_DIR,
                                    on_start=on_start, on_done=on_done)
    for paper, card_set in result.card_sets.items():
        for card_id, files in card_set.files.items():
            result.copies[card_site_path(card_id, paper, ".pdf")] = files.pdf
            if files.png is not None:
                result.copies[card_site_path(card_id, paper, ".png")] = files.png
        if card_set.sheet is not None:
            result.copies[f"{CARDS_DIR}/{sheet_name(paper)}"] = card_set.sheet
    qr_cache = BuildCache(root)
    for exercise in catalogue.exercises:
        url = page_url(site_url or "/", exercise.id)
        # Cached by URL and code: drawing a QR code costs ~15 ms, on every build (lumbar.build_cache).
        key = key_of(url, code_digest(lumbar.qr), segno.__version__)
        result.contents[f"{CARDS_DIR}/{exercise.id}-qr.svg"] = qr_cache.get(
            "qr", key, lambda url=url: qr_svg(url, title=f"QR code: {url}"))
    try:
        flags = load_red_flags(root)
    except SafetyPageError as problem:
        # A project without the safety page still builds; the handout then says where to look.
        result.warnings.append(f"{problem}; the handout page has no red-flags section")
        flags = None
    try:
        result.pages[HANDOUT_PAGE] = render_handout_page(
            catalogue, templates, flags, site_url=site_url, site_name=site_name, directory_urls=directory_urls)
    except jinja2.TemplateError as exc:
        raise TemplateProblem.from_jinja(exc, templates, "handout.md.j2") from None
    return result
