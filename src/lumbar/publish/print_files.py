"""Everything printable that a site build publishes, for any site generator adapter.

The MkDocs plugin calls ``site_print_files`` and only turns the result into MkDocs files:
cards under ``cards/``, a QR code per exercise page (only for a public ``site_url``: a code
to a placeholder address would be dead on paper), programme PDFs and the handout builder
page. Safety text on all of them comes from ``catalogue.safety`` (content/safety.yml).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import jinja2

import lumbar.printing.qr
from lumbar.cache import Artifact, BuildCache, code_digest
from lumbar.content.catalogue import Catalogue
from lumbar.paths import (
    EXERCISE,
    HANDOUT_PAGE,
    PAPERS,
    card_path,
    fold_sheet_path,
    qr_path,
    sheet_path,
)
from lumbar.printing.batch import CardSet
from lumbar.printing.qr import qr_svg
from lumbar.printing.selection import ChosenExercise
from lumbar.publish.handout_page import render_handout_page
from lumbar.publish.pages import TemplateProblem
from lumbar.publish.settings import Settings
from lumbar.services import make_cards, programme_pdfs

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
    items = [ChosenExercise.as_written(e, pictures.get(e.id)) for e in catalogue.exercises]
    result.card_sets = make_cards(items, settings.site, catalogue.safety, papers=SITE_PAPERS, cache=cache,
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
    # segno's version from its metadata: importing segno is left to a QR code not yet cached.
    qr_code = code_digest(lumbar.printing.qr), metadata.version("segno")
    for exercise in catalogue.exercises:
        url = settings.public_url(EXERCISE.page(exercise.id))
        if not url:  # a placeholder site_url: the pages show no code, so none is published
            continue
        # Cached by URL and code: drawing a QR code costs ~15 ms, on every build.
        artifact = Artifact("qr", {"url": url, "title": f"QR code: {url}"}, "".join(qr_code))
        result.contents[qr_path(exercise.id)] = cache.make(artifact, qr_svg, slot=exercise.id)
    result.contents.update(programme_pdfs(catalogue, settings.site, cache, pictures))
    result.pages[HANDOUT_PAGE] = handout_builder_page(catalogue, settings)
    return result


def handout_builder_page(catalogue: Catalogue, settings: Settings) -> str:
    """The handout builder page (Markdown): a page, made with the others, though it belongs
    to printing. TemplateProblem names the template's line when it fails."""
    try:
        return render_handout_page(catalogue, settings)
    except jinja2.TemplateError as exc:
        raise TemplateProblem.from_jinja(exc, settings.templates, "handout.md.j2") from None
