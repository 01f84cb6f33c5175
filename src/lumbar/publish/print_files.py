"""Everything printable that a site build publishes, for any site generator adapter.

The MkDocs plugin calls ``site_print_files`` and only turns the result into MkDocs files:
cards under ``cards/``, a QR code per exercise page (only for a public ``site_url``: a code
to a placeholder address would be dead on paper), programme PDFs and the handout builder
page. Safety text on all of them comes from ``catalogue.safety`` (content/safety.yml).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import jinja2

import lumbar.printing.qr
from lumbar.cache import BuildCache, code_digest, key_of
from lumbar.content.catalogue import Catalogue
from lumbar.paths import (
    EXERCISE,
    HANDOUT_PAGE,
    PAPERS,
    card_path,
    fold_sheet_path,
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
    With a placeholder ``site_url`` nothing printed carries a QR code or address, no QR code
    file is published, and one warning says so.
    """
    pictures = pictures or {}
    result = PrintFiles()
    warning = settings.address_warning()
    if warning:
        # Logged outside MkDocs' own loggers: shown on every build, but not an error under
        # --strict, so previews and local builds (which have no public address) still pass.
        log.warning(warning)
    cards = [card_content(e, safety=catalogue.safety, settings=settings, picture=pictures.get(e.id))
             for e in catalogue.exercises]
    result.card_sets = render_cards(cards, papers=SITE_PAPERS, cache=cache, on_start=on_start, on_done=on_done)
    for paper, card_set in result.card_sets.items():
        for card_id, files in card_set.files.items():
            result.copies[card_path(card_id, paper, ".pdf")] = files.pdf
            if files.png is not None:
                result.copies[card_path(card_id, paper, ".png")] = files.png
        if card_set.sheet is not None:
            result.copies[sheet_path(paper)] = card_set.sheet
        if card_set.fold_sheet is not None:
            result.copies[fold_sheet_path(paper)] = card_set.fold_sheet
    # segno's version from its metadata: importing segno is left to a QR code not yet cached.
    qr_code = code_digest(lumbar.printing.qr), metadata.version("segno")
    for exercise in catalogue.exercises:
        url = settings.public_url(EXERCISE.page(exercise.id))
        if not url:  # a placeholder site_url: the pages show no code, so none is published
            continue
        # Cached by URL and code: drawing a QR code costs ~15 ms, on every build.
        key = key_of(url, *qr_code)
        result.contents[qr_path(exercise.id)] = cache.get(
            "qr", key, lambda url=url: qr_svg(url, title=f"QR code: {url}"), slot=exercise.id)
    result.contents.update(programme_pdfs(catalogue, settings, cache, pictures))
    try:
        result.pages[HANDOUT_PAGE] = render_handout_page(catalogue, settings)
    except jinja2.TemplateError as exc:
        raise TemplateProblem.from_jinja(exc, settings.templates, "handout.md.j2") from None
    return result


def programme_pdfs(
    catalogue: Catalogue, settings: Settings, cache: BuildCache, pictures: Mapping[str, Path],
) -> dict[str, bytes]:
    """``{docs path: PDF}`` for every programme on every paper (``paths.programme_pdf_path``).

    Cached by everything the PDF shows and the printing code, as a PDF takes about a second.
    """
    from lumbar.printing import printing_code
    from lumbar.printing.layout import font_digest
    from lumbar.printing.layout import paper as paper_of
    from lumbar.printing.programme import programme_pdf

    code = printing_code() + font_digest()
    exercises = {e.id: e for e in catalogue.exercises}
    uses = {p.id: sorted({item.exercise for stage in p.stages for item in stage.exercises}) for p in catalogue.programmes}
    # Pictures by their bytes, not their path: a copy of the project (another root, the
    # same cache) reuses the PDFs.
    picture_digests = {i: hashlib.sha256(pictures[i].read_bytes()).hexdigest()
                       for i in set().union(*uses.values()) if i in pictures}
    safety = catalogue.safety.model_dump_json()
    out: dict[str, bytes] = {}
    for programme in catalogue.programmes:
        used = uses[programme.id]
        flare = catalogue.get(programme.flare_up) if programme.flare_up else None
        flare_title = getattr(flare, "title", None)
        shown = (programme.model_dump_json(), [exercises[i].model_dump_json() for i in used],
                 [picture_digests.get(i, "") for i in used], safety, flare_title,
                 # the printed address (none for a placeholder site_url) follows from these
                 settings.site_name, settings.site_url, settings.directory_urls)
        for paper in PAPERS:
            key = key_of(*shown, paper, code)

            def make(programme=programme, paper=paper, flare_title=flare_title) -> bytes:  # type: ignore[no-untyped-def]
                return programme_pdf(programme, exercises, paper_of(paper), settings, catalogue.safety,
                                     pictures=pictures, flare_title=flare_title)

            out[programme_pdf_path(programme.id, paper)] = cache.get("programmes", key, make,
                                                                     slot=f"{paper}/{programme.id}")
    return out
