"""Render every exercise card, in parallel, reusing cards whose inputs have not changed.

The site build writes into a fresh staging folder each time, so rendered cards live in the
build cache (``lumbar.cache.BuildCache``, ``.cache/build/``), named by the one cache key of
printed things (``lumbar.cache.Artifact``): every input the renderer takes (the card's
content with its picture's bytes, and the paper), the font files and the printing code
(``lumbar.printing.printed_code``). A build then only renders the cards whose key is new.
Each card on each paper is one cache slot that keeps its current render and its latest
other one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from lumbar.cache import Artifact, BuildCache, fingerprint
from lumbar.files import copy_atomic
from lumbar.paths import fold_sheet_name, sheet_name
from lumbar.printing import printed_code
from lumbar.printing.cards import CardContent, card_pdf, card_png, layout_card
from lumbar.printing.layout import paper as paper_named
from lumbar.printing.sheets import fold_sheet_pdf, sheet_pdf

# Kinds of entry in the build cache; a card's slot is "<paper>/<card id>", a sheet's
# "<paper>/duplex" or "<paper>/fold".
CARDS = "cards"  # card PDFs
PREVIEWS = "card-previews"  # 300 DPI PNGs
SHEETS = "card-sheets"
SHEETS_KEPT = 6  # cached sheets kept per paper and kind (one per distinct set of cards)


@dataclass(frozen=True)
class CardFiles:
    """The rendered files of one card (paths inside the cache)."""

    pdf: Path
    png: Path | None


@dataclass
class CardSet:
    """The result of ``render_cards``: files per exercise id and what was really rendered."""

    paper: str
    files: dict[str, CardFiles] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    sheet: Path | None = None  # the duplex sheet
    fold_sheet: Path | None = None  # the single-sided fold sheet
    sheet_rendered: bool = False


def card_artifact(kind: str, card: CardContent | object, paper: str) -> Artifact:
    """The cache entry of one card on ``paper``: a card PDF (``CARDS``) or its preview
    (``PREVIEWS``). ``card`` is a ``CardContent`` or its ``fingerprint`` (worked out once for
    every paper)."""
    return Artifact(kind, {"card": card, "paper": paper}, printed_code())


def _slot(paper: str, card_id: str) -> str:
    return f"{paper}/{card_id}"


@dataclass(frozen=True)
class _Job:
    card: CardContent
    paper: str
    key: str
    preview_key: str | None  # None: no PNG preview


def _render_job(job: _Job) -> tuple[bytes, bytes | None]:
    """Render one card: (PDF, PNG or None). Runs in a worker process: plain data in and out."""
    paper = paper_named(job.paper)
    pages = layout_card(job.card, paper)
    return card_pdf(job.card, paper, pages), card_png(job.card, paper, pages) if job.preview_key else None


def render_cards(
    cards: Sequence[CardContent],
    *,
    papers: Mapping[str, bool],
    cache: BuildCache,
    sheet: bool = True,
    workers: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[str], None] | None = None,
) -> dict[str, CardSet]:
    """Make sure every card is rendered in ``cache``; render only what changed.

    ``papers`` maps each paper (``lumbar.paths.PAPERS``) to whether to make PNG previews too.
    ``on_start(n)`` is called once with the number of cards that need rendering and
    ``on_done`` after each one, for a progress bar. ``workers`` defaults to the CPU count.
    """
    results: dict[str, CardSet] = {}
    jobs: list[_Job] = []
    prints = [fingerprint(card) for card in cards]  # each picture read once, for every paper
    for paper, png in papers.items():
        paper_named(paper)  # fail early on an unknown paper
        result = results[paper] = CardSet(paper=paper)
        for card, data in zip(cards, prints):
            slot = _slot(paper, card.id)
            key, preview_key = card_artifact(CARDS, data, paper).key, card_artifact(PREVIEWS, data, paper).key
            pdf = cache.find(CARDS, key, slot)
            preview = cache.find(PREVIEWS, preview_key, slot) if png else None
            if pdf is not None and (preview is not None or not png):
                result.files[card.id] = CardFiles(pdf, preview)  # where find found them (see put)
                result.reused.append(card.id)
            else:
                jobs.append(_Job(card, paper, key, preview_key if png else None))
    if on_start:
        on_start(len(jobs))
    for job, (pdf_data, png_data) in _run(jobs, workers, on_done):
        slot = _slot(job.paper, job.card.id)
        # put says where it stored each file: in this run's scratch folder when the cache
        # cannot be written (a read-only checkout).
        pdf_path = cache.put(CARDS, job.key, pdf_data, slot)
        png_path = cache.put(PREVIEWS, job.preview_key, png_data, slot) \
            if png_data is not None and job.preview_key is not None else None
        results[job.paper].files[job.card.id] = CardFiles(pdf_path, png_path)
        results[job.paper].rendered.append(job.card.id)
    for paper, result in results.items():
        result.files = {card.id: result.files[card.id] for card in cards}  # in the cards' order
        if sheet and cards:
            result.sheet, result.sheet_rendered = _sheet(cache, prints, cards, paper)
            result.fold_sheet, _ = _sheet(cache, prints, cards, paper, fold=True)
    return results


def _run(jobs: Sequence[_Job], workers: int | None,
         on_done: Callable[[str], None] | None) -> list[tuple[_Job, tuple[bytes, bytes | None]]]:
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    done: list[tuple[_Job, tuple[bytes, bytes | None]]] = []
    if workers <= 1:
        for job in jobs:
            done.append((job, _render_job(job)))
            if on_done:
                on_done(job.card.id)
        return done
    # Processes, not threads: layout and rasterising are pure Python and hold the GIL.
    # forkserver (where there is one) avoids forking a threaded process such as `mkdocs serve`.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        futures = {pool.submit(_render_job, job): job for job in jobs}
        for future in as_completed(futures):
            done.append((futures[future], future.result()))
            if on_done:
                on_done(futures[future].card.id)
    return done


def _sheet(cache: BuildCache, prints: Sequence[object], cards: Sequence[CardContent], paper: str,
           fold: bool = False) -> tuple[Path, bool]:
    """The sheet of ``cards`` (``prints``: their fingerprints) from the cache, rendered first
    if it is new: (path, whether it was rendered)."""
    key = Artifact(SHEETS, {"cards": prints, "paper": paper, "fold": fold}, printed_code()).key
    slot = f"{paper}/{'fold' if fold else 'duplex'}"
    found = cache.find(SHEETS, key, slot)
    if found is not None:
        return found, False
    make = fold_sheet_pdf if fold else sheet_pdf
    return cache.put(SHEETS, key, make(cards, paper_named(paper), cards[0].site_name), slot, SHEETS_KEPT), True


def write_cards(card_set: CardSet, out_dir: Path) -> list[Path]:
    """Copy the rendered cards (and sheet) to ``out_dir`` as ``<id>.pdf`` and ``<id>.png``,
    each through a temporary file (``files.copy_atomic``): a file there is whole or absent."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for card_id, files in card_set.files.items():
        for source, suffix in [(files.pdf, ".pdf"), (files.png, ".png")]:
            if source is not None:
                target = out_dir / f"{card_id}{suffix}"
                copy_atomic(source, target)
                written.append(target)
    for sheet, name in [(card_set.sheet, sheet_name), (card_set.fold_sheet, fold_sheet_name)]:
        if sheet is not None:
            target = out_dir / name(card_set.paper)
            copy_atomic(sheet, target)
            written.append(target)
    return written
