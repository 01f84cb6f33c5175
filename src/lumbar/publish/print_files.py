"""Everything printable that a site build publishes, for any site generator adapter.

The MkDocs plugin calls ``site_print_files`` and only turns the result into MkDocs files:
cards under ``cards/``, a QR code per exercise page, and the handout builder page.
Safety text on all of them comes from ``catalogue.safety`` (content/safety.yml).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import segno

import lumbar.printing.qr
from lumbar.cache import BuildCache, code_digest, key_of
from lumbar.content.catalogue import Catalogue
from lumbar.content.text import page_url
from lumbar.paths import (
    CARD_CACHE,
    HANDOUT_PAGE,
    PAPERS,
    PROGRAMME,
    absolute_url,
    card_path,
    fold_sheet_path,
    is_placeholder,
    programme_pdf_path,
    qr_path,
    sheet_path,
)
from lumbar.printing.batch import CardSet, render_cards
from lumbar.printing.cards import card_content
from lumbar.printing.qr import qr_svg
from lumbar.publish.handout_page import render_handout_page
from lumbar.publish.pages import TemplateProblem
from lumbar.publish.settings import Settings

log = logging.getLogger(__name__)

# A PNG preview is published for the first paper's cards only.
SITE_PAPERS: dict[str, bool] = {paper: paper == PAPERS[0] for paper in PAPERS}


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


def site_print_files(
    catalogue: Catalogue,
    settings: Settings,
    *,
    cache: BuildCache,
    pictures: Mapping[str, Path] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[str], None] | None = None,
) -> PrintFiles:
    """Render (or reuse) every card, draw the QR codes and build the handout page.

    ``pictures`` maps exercise ids to card pictures (PNG); exercises without one get none.
    """
    pictures = pictures or {}
    result = PrintFiles()
    site_url = settings.site_url
    if is_placeholder(site_url):
        # Logged outside MkDocs' own loggers: shown on every build, but not an error under
        # --strict, so previews and local builds (which have no public address) still pass.
        log.warning("site_url in mkdocs.yml is %s, not a public address: cards and handouts print no "
                    "QR code or address. Set LUMBAR_SITE_URL (the Pages deploy does) or site_url.",
                    repr(site_url) if site_url else "not set")
    cards = [card_content(e, safety=catalogue.safety, site_url=site_url or "/", site_name=settings.site_name,
                          picture=pictures.get(e.id)) for e in catalogue.exercises]
    result.card_sets = render_cards(cards, papers=SITE_PAPERS, cache_dir=settings.root / CARD_CACHE,
                                    on_start=on_start, on_done=on_done)
    for paper, card_set in result.card_sets.items():
        for card_id, files in card_set.files.items():
            result.copies[card_path(card_id, paper, ".pdf")] = files.pdf
            if files.png is not None:
                result.copies[card_path(card_id, paper, ".png")] = files.png
        if card_set.sheet is not None:
            result.copies[sheet_path(paper)] = card_set.sheet
        if card_set.fold_sheet is not None:
            result.copies[fold_sheet_path(paper)] = card_set.fold_sheet
    qr_code = code_digest(lumbar.printing.qr)
    for exercise in catalogue.exercises:
        url = page_url(site_url or "/", exercise.id)
        # Cached by URL and code: drawing a QR code costs ~15 ms, on every build.
        key = key_of(url, qr_code, segno.__version__)
        result.contents[qr_path(exercise.id)] = cache.get(
            "qr", key, lambda url=url: qr_svg(url, title=f"QR code: {url}"))
    result.contents.update(programme_pdfs(catalogue, settings, cache, pictures))
    try:
        result.pages[HANDOUT_PAGE] = render_handout_page(
            catalogue, settings.templates, site_url=site_url, site_name=settings.site_name,
            directory_urls=settings.directory_urls)
    except jinja2.TemplateError as exc:
        raise TemplateProblem.from_jinja(exc, settings.templates, "handout.md.j2") from None
    return result


def programme_pdfs(
    catalogue: Catalogue, settings: Settings, cache: BuildCache, pictures: Mapping[str, Path],
) -> dict[str, bytes]:
    """``{docs path: PDF}`` for every programme on every paper (``paths.programme_pdf_path``).

    Cached by everything the PDF shows and the printing code, as a PDF takes about a second.
    """
    import lumbar.printing.handout
    import lumbar.printing.layout
    import lumbar.printing.programme
    from lumbar.printing.handout import Site
    from lumbar.printing.layout import paper as paper_of
    from lumbar.printing.programme import programme_pdf

    code = code_digest(lumbar.printing.programme, lumbar.printing.handout, lumbar.printing.layout)
    exercises = {e.id: e for e in catalogue.exercises}
    site = Site(settings.site_name, settings.site_url or "")
    out: dict[str, bytes] = {}
    for programme in catalogue.programmes:
        used = sorted({item.exercise for stage in programme.stages for item in stage.exercises})
        flare = catalogue.get(programme.flare_up) if programme.flare_up else None
        flare_title = getattr(flare, "title", None)
        # No printed address for a placeholder site_url (a dead link on paper), as on cards.
        url = "" if is_placeholder(settings.site_url) else absolute_url(
            settings.site_url, PROGRAMME.page(programme.id), settings.directory_urls)
        for paper in PAPERS:
            key = key_of(programme.model_dump_json(), [exercises[i].model_dump_json() for i in used],
                         [str(pictures.get(i, "")) for i in used], catalogue.safety.model_dump_json(), flare_title, url,
                         site.name, paper, code)

            def make(programme=programme, paper=paper, flare_title=flare_title, url=url) -> bytes:  # type: ignore[no-untyped-def]
                return programme_pdf(programme, exercises, paper_of(paper), site, catalogue.safety,
                                     pictures=pictures, flare_title=flare_title, page_url=url)

            out[programme_pdf_path(programme.id, paper)] = cache.get("programmes", key, make)
    return out
