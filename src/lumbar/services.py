"""Lumbar's services: load and check the content, and make every printed thing.

The command line (``lumbar check``, ``lumbar cards``, ``lumbar handout``), the site build
(``lumbar.publish.print_files``) and the benchmarks (``scripts/bench``) all call these
functions; none of them spells out the steps again (choose the exercises, draw their
pictures, lay out and render, cache).

Every printed thing is cached under one key (``lumbar.cache.Artifact``): its kind, every
input its maker takes, and the printing code (``lumbar.printing.printed_code``). The maker
is called with exactly those inputs, so no input can be left out of the key (a stale PDF).

This module sits between the stages it joins and the ones that use it:
content <- figures <- printing <- services <- publish <- mkdocs <- cli.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from lumbar.cache import Artifact, BuildCache
from lumbar.content.catalogue import Catalogue, read_catalogue
from lumbar.content.errors import ContentError, ContentErrors
from lumbar.content.models import Exercise, Programme
from lumbar.content.safety import Safety
from lumbar.errors import InvalidValue
from lumbar.figures import exercise_pictures
from lumbar.figures.checks import picture_errors
from lumbar.i18n import TEMPLATE_FILE, catalogue_path, read_words
from lumbar.paths import PAPERS, programme_pdf_path
from lumbar.printing import HANDOUT_LAYOUTS, printed_code
from lumbar.printing import checks as print_checks
from lumbar.printing.batch import CardSet, render_cards
from lumbar.printing.blocks import Personal
from lumbar.printing.cards import card_content
from lumbar.printing.handout import handout_pdf, layout_handout
from lumbar.printing.handout_compact import layout_compact
from lumbar.printing.layout import Paper
from lumbar.printing.layout import paper as paper_named
from lumbar.printing.programme import programme_pdf
from lumbar.printing.render import page_count
from lumbar.printing.selection import ChosenExercise, resolve
from lumbar.site import Site

HANDOUTS_KEPT = 20  # cached handout PDFs kept per paper; an older one is made again if asked for


# ---- Content


def load_content(root: Path, today: dt.date | None = None, cache: BuildCache | None = None) -> Catalogue:
    """Load all content under ``root`` and run every check on it, those of later stages
    included: figure contacts (``lumbar.figures.checks``) and characters no print font draws
    (``lumbar.printing.checks``). ``today`` is the date reviews are due against (the clock
    when None; ``Settings.today`` is the project's setting).

    Raises ContentErrors listing every problem of every stage in one pass; the checks of
    later stages run on the entries that passed the content checks.
    """
    catalogue, errors = read_catalogue(root, today)
    cache = cache or BuildCache(catalogue.root)
    errors += picture_errors(catalogue, cache)
    errors += print_checks.unprintable_errors(catalogue, cache)
    errors += word_problems(catalogue)
    if errors:
        raise ContentErrors(errors)
    return catalogue


def word_problems(catalogue: Catalogue) -> list[ContentError]:
    """Errors in each language's catalogue of Lumbar's own words (``lumbar.i18n``); the words
    it does not translate yet become one warning a language in the translation warnings."""
    errors: list[ContentError] = []
    for language in catalogue.translations.languages:
        words = read_words(catalogue.root, language.code, errors)
        if words.missing:
            sample = ", ".join(repr(message.english) for message in words.missing[:3])
            catalogue.translations.warnings.append(ContentError(
                catalogue_path(catalogue.root, language.code), 1, 1, "",
                f"{len(words.missing)} of Lumbar's own words are not in {language.english_name} yet ({sample}...): "
                f"they show in English until they are; copy them from {TEMPLATE_FILE}"))
    return errors


def card_pictures(exercises: Iterable[Exercise], cache: BuildCache) -> dict[str, Path]:
    """The card picture (PNG: start and end side by side) of every exercise that has a
    figure, by exercise id, drawn once and then read from ``cache``."""
    return exercise_pictures(exercises, cache, svgs=False)[1]


def card_fit_warnings(catalogue: Catalogue, cache: BuildCache | None = None) -> list[ContentError]:
    """A warning for each exercise whose card needs more than two sides on any paper, laid
    out with its real card picture (a tall standing figure takes more room than a stand-in):
    ``lumbar.printing.checks.card_fit_warnings``. ``lumbar check`` shows them."""
    cache = cache or BuildCache(catalogue.root)
    return print_checks.card_fit_warnings(catalogue, cache, card_pictures(catalogue.exercises, cache))


def handout_fit_warnings(catalogue: Catalogue, cache: BuildCache | None = None) -> list[ContentError]:
    """A warning for each exercise too long for the compact handout's promise of four
    exercises on two A4 pages (``lumbar.printing.checks.panel_fit_warnings``), laid out with
    its real card picture. ``lumbar check`` shows them."""
    cache = cache or BuildCache(catalogue.root)
    return print_checks.panel_fit_warnings(catalogue, cache, card_pictures(catalogue.exercises, cache))


def translation_fit_warnings(catalogue: Catalogue, cache: BuildCache | None = None) -> list[ContentError]:
    """``card_fit_warnings`` and ``handout_fit_warnings`` for every translated exercise, in
    each language (``Catalogue.in_language``), at the ``steps`` of its translation: a
    translation longer than its English may not fit a card's two sides. ``lumbar check``
    shows them."""
    cache = cache or BuildCache(catalogue.root)
    warnings: list[ContentError] = []
    for language in catalogue.translations.languages:
        translated = catalogue.in_language(language.code, read_words(catalogue.root, language.code, []).content_words())
        exercises = {entry_id: loaded for entry_id, loaded in translated.entries.items()
                     if entry_id not in translated.untranslated and isinstance(loaded.entry, Exercise)}
        if not exercises:
            continue
        only = replace(translated, entries=exercises)
        pictures = card_pictures(only.exercises, cache)
        for warning in print_checks.card_fit_warnings(only, cache, pictures) + \
                print_checks.panel_fit_warnings(only, cache, pictures):
            overlay = catalogue.translations.get(language.code, "exercise", warning.path.stem)
            assert overlay is not None  # only translated exercises were checked
            mark = overlay.positions.of_value(("steps",))
            warnings.append(ContentError(overlay.path, mark.line, mark.column, "steps",
                                         f"in {language.english_name}, {warning.message}"))
    return warnings


# ---- Choosing what to print


def choose(catalogue: Catalogue, specs: Sequence[str], cache: BuildCache) -> list[ChosenExercise]:
    """The exercises and doses of ``EXERCISE[:field=value,...]`` specs (every exercise, with
    its own dose, when there are none), each with its card picture. SelectionError listing
    every problem; checked before drawing, so only the chosen exercises are drawn."""
    by_id = {e.id: e for e in catalogue.exercises}
    items = resolve(by_id, specs) if specs else [ChosenExercise.as_written(e) for e in catalogue.exercises]
    pictures = card_pictures([item.exercise for item in items], cache)
    return [replace(item, picture=pictures.get(item.exercise.id)) for item in items]


# ---- Printed things


def make_cards(
    items: Sequence[ChosenExercise],
    site: Site,
    safety: Safety,
    *,
    papers: Mapping[str, bool],
    cache: BuildCache,
    sheet: bool = True,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[str], None] | None = None,
) -> dict[str, CardSet]:
    """Every chosen exercise's card on each paper of ``papers`` (``{paper: with PNG
    previews}``), with the sheets of four, rendered in parallel where the cache has no copy
    (``lumbar.printing.batch.render_cards``). A dose the clinician set is printed, marked
    "set for you". ``on_start(n)`` and ``on_done(card id)`` report progress."""
    cards = [card_content(item.exercise, safety=safety, site=site, picture=item.picture, dose=item.dose,
                          changed=item.changed) for item in items]
    return render_cards(cards, papers=papers, cache=cache, sheet=sheet, on_start=on_start, on_done=on_done)


@dataclass(frozen=True)
class Handout:
    """A made handout: the PDF's bytes and its number of pages."""

    pdf: bytes
    pages: int


def make_handout(
    items: Sequence[ChosenExercise], paper: Paper | str, site: Site, safety: Safety, *,
    layout: str = HANDOUT_LAYOUTS[0], personal: Personal | None = None, cache: BuildCache | None = None,
) -> Handout:
    """The handout of ``items`` in ``layout`` (one of ``HANDOUT_LAYOUTS``) on ``paper``.

    ``personal`` (patient, date, clinic, notes and sides) is printed by both layouts. With a
    ``cache``, the PDF is kept under the key of everything the maker takes (exercises, doses,
    pictures, personal details, paper, layout, site, safety advice) and the printing code, so
    making the same handout again does no work. Its creation date is the latest review date
    it prints, so equal input gives equal bytes. InvalidValue for an unknown ``layout``.
    """
    if layout not in HANDOUT_LAYOUTS:
        raise InvalidValue(f"unknown handout layout {layout!r}; choose one of: {', '.join(HANDOUT_LAYOUTS)}")
    sheet = paper_named(paper) if isinstance(paper, str) else paper
    artifact = Artifact("handouts", {"items": tuple(items), "paper": sheet, "site": site, "safety": safety,
                                     "layout": layout, "personal": personal or Personal()}, printed_code())
    pdf = (_render_handout(**artifact.inputs) if cache is None
           else cache.make(artifact, _render_handout, slot=sheet.name, keep=HANDOUTS_KEPT))
    return Handout(pdf, page_count(pdf))


def _render_handout(items: Sequence[ChosenExercise], paper: Paper, site: Site, safety: Safety, layout: str,
                    personal: Personal) -> bytes:
    lay_out = layout_compact if layout == HANDOUT_LAYOUTS[0] else layout_handout
    pages = lay_out(items, paper, site, safety, personal)
    latest = max([item.exercise.review.reviewed_on for item in items] + [safety.review.reviewed_on])
    return handout_pdf(items, paper, site, safety, pages=pages,
                       created=dt.datetime.combine(latest, dt.time(), tzinfo=dt.UTC))


def programme_pdfs(catalogue: Catalogue, site: Site, cache: BuildCache,
                   pictures: Mapping[str, Path]) -> dict[str, bytes]:
    """``{docs path: PDF}`` for every programme on every paper (``paths.programme_pdf_path``),
    each cached by what it prints: the programme, the exercises it uses and their pictures,
    the flare-up plan's title, the paper, the site and the safety advice."""
    exercises = {e.id: e for e in catalogue.exercises}
    out: dict[str, bytes] = {}
    for programme in catalogue.programmes:
        used = sorted({item.exercise for stage in programme.stages for item in stage.exercises})
        flare = catalogue.get(programme.flare_up) if programme.flare_up else None
        for paper in PAPERS:
            # Only the exercises it uses: a change to another exercise leaves it as it is.
            artifact = Artifact("programmes", {
                "programme": programme, "exercises": {i: exercises[i] for i in used},
                "pictures": {i: pictures[i] for i in used if i in pictures}, "paper": paper, "site": site,
                "safety": catalogue.safety, "flare_title": getattr(flare, "title", None)}, printed_code())
            out[programme_pdf_path(programme.id, paper)] = cache.make(artifact, _render_programme,
                                                                      slot=f"{paper}/{programme.id}")
    return out


def _render_programme(programme: Programme, exercises: Mapping[str, Exercise], pictures: Mapping[str, Path],
                      paper: str, site: Site, safety: Safety, flare_title: str | None) -> bytes:
    return programme_pdf(programme, exercises, paper_named(paper), site, safety, pictures=pictures,
                         flare_title=flare_title)
