"""Render every exercise card, in parallel, reusing cards whose inputs have not changed.

The site build writes into a fresh staging folder each time, so rendered cards live in a
cache folder outside ``site/`` (``.cache/cards/`` by default), named by a hash of
everything that affects them: the card's content, the picture, the paper, the font files
and the card code (``renderer_digest``). A build then only renders the cards whose hash is new.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from lumbar.cache import code_digest
from lumbar.paths import fold_sheet_name, sheet_name
from lumbar.printing.cards import (
    CardContent,
    card_pdf,
    card_png,
    layout_card,
)
from lumbar.printing.layout import metrics
from lumbar.printing.layout import paper as paper_named
from lumbar.printing.sheets import fold_sheet_pdf, sheet_pdf

# Bump whenever the card layout or drawing changes, so cached cards are rendered again.


@functools.lru_cache(maxsize=1)
def renderer_digest() -> str:
    """A hash of the card code (one rule with ``lumbar.cache``): editing the layout or the
    drawing renders every card again, with no version number to remember to bump."""
    import lumbar.printing.cards
    import lumbar.printing.layout
    import lumbar.printing.render
    import lumbar.printing.sheets

    return code_digest(lumbar.printing.cards, lumbar.printing.layout, lumbar.printing.render,
                       lumbar.printing.sheets, sys.modules[__name__])


SHEETS_KEPT = 6  # cached sheet PDFs kept per paper (one per distinct set of cards)


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


@functools.lru_cache(maxsize=1)
def font_digest() -> str:
    """A hash of the font files, so a font upgrade renders every card again."""
    digest = hashlib.sha256()
    for bold in (False, True):
        digest.update(metrics().paths[bold].read_bytes())
    return digest.hexdigest()


def card_key(card: CardContent, paper: str, png: bool) -> str:
    """The hash of every input that changes how ``card`` looks."""
    data = dataclasses.asdict(card)
    data["reviewed_on"] = card.reviewed_on.isoformat()
    data["picture"] = hashlib.sha256(card.picture.read_bytes()).hexdigest() if card.picture else None
    payload = json.dumps({"card": data, "paper": paper, "png": png, "font": font_digest(),
                          "renderer": renderer_digest()}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Job:
    card: CardContent
    paper: str
    pdf: Path
    png: Path | None


def _render_job(job: _Job) -> str:
    """Render one card into the cache. Runs in a worker process: takes and returns plain data."""
    paper = paper_named(job.paper)
    pages = layout_card(job.card, paper)
    _write_atomic(job.pdf, card_pdf(job.card, paper, pages))
    if job.png is not None:
        _write_atomic(job.png, card_png(job.card, paper, pages))
    return job.card.id


def _write_atomic(path: Path, data: bytes) -> None:
    # A killed build must never leave a half-written file that a later build would reuse.
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def render_cards(
    cards: Sequence[CardContent],
    *,
    papers: Mapping[str, bool],
    cache_dir: Path,
    sheet: bool = True,
    workers: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[str], None] | None = None,
) -> dict[str, CardSet]:
    """Make sure every card is rendered in ``cache_dir``; render only what changed.

    ``papers`` maps each paper (``a4``, ``letter``) to whether to make PNG previews too.
    ``on_start(n)`` is called once with the number of cards that need rendering and
    ``on_done`` after each one, for a progress bar. ``workers`` defaults to the CPU count.
    """
    results: dict[str, CardSet] = {}
    jobs: list[_Job] = []
    for paper, png in papers.items():
        paper_named(paper)  # fail early on an unknown paper
        folder = cache_dir / paper
        result = results[paper] = CardSet(paper=paper)
        for card in cards:
            key = card_key(card, paper, png)[:32]
            files = CardFiles(folder / card.id / f"{key}.pdf", folder / card.id / f"{key}.png" if png else None)
            result.files[card.id] = files
            if files.pdf.is_file() and (files.png is None or files.png.is_file()):
                result.reused.append(card.id)
            else:
                jobs.append(_Job(card, paper, files.pdf, files.png))
    if on_start:
        on_start(len(jobs))
    for job in _run(jobs, workers, on_done):
        results[job.paper].rendered.append(job.card.id)
    for paper, result in results.items():
        _prune(cache_dir / paper, result.files)
        if sheet and cards:
            keys = [result.files[c.id].pdf.stem for c in cards]
            result.sheet, result.sheet_rendered = _sheet(cards, paper, cache_dir / paper, keys)
            result.fold_sheet, _ = _sheet(cards, paper, cache_dir / paper, keys, fold=True)
    return results


def _run(jobs: Sequence[_Job], workers: int | None, on_done: Callable[[str], None] | None) -> list[_Job]:
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    done: list[_Job] = []
    if workers <= 1:
        for job in jobs:
            _render_job(job)
            done.append(job)
            if on_done:
                on_done(job.card.id)
        return done
    # Processes, not threads: layout and rasterising are pure Python and hold the GIL.
    # forkserver (where there is one) avoids forking a threaded process such as `mkdocs serve`.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        futures = {pool.submit(_render_job, job): job for job in jobs}
        for future in as_completed(futures):
            future.result()
            done.append(futures[future])
            if on_done:
                on_done(futures[future].card.id)
    return done


def _prune(folder: Path, current: dict[str, CardFiles]) -> None:
    """Keep a card's current render and its latest other one; delete older renders.

    Keeping one other render means switching between two inputs (``mkdocs serve`` puts
    its own address in the QR code) does not render every card again each time.
    """
    for card_id, files in current.items():
        keep = {files.pdf.stem}
        others = sorted((p for p in (folder / card_id).glob("*.pdf") if p.stem not in keep),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        keep.update(p.stem for p in others[:1])
        for old in (folder / card_id).glob("*"):
            if old.stem not in keep:
                old.unlink(missing_ok=True)


def _sheet(cards: Sequence[CardContent], paper: str, folder: Path, keys: list[str],
           fold: bool = False) -> tuple[Path, bool]:
    key = hashlib.sha256(json.dumps([renderer_digest(), paper, keys, fold]).encode()).hexdigest()[:32]
    path = folder / ("_fold_sheets" if fold else "_sheets") / f"{key}.pdf"
    if path.is_file():
        return path, False
    site_name = cards[0].site_name
    make = fold_sheet_pdf if fold else sheet_pdf
    _write_atomic(path, make(cards, paper_named(paper), site_name))
    old = sorted(path.parent.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in old[SHEETS_KEPT:]:
        stale.unlink(missing_ok=True)
    return path, True


def write_cards(card_set: CardSet, out_dir: Path) -> list[Path]:
    """Copy the rendered cards (and sheet) to ``out_dir`` as ``<id>.pdf`` and ``<id>.png``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for card_id, files in card_set.files.items():
        for source, suffix in [(files.pdf, ".pdf"), (files.png, ".png")]:
            if source is not None:
                target = out_dir / f"{card_id}{suffix}"
                shutil.copyfile(source, target)
                written.append(target)
    for sheet, name in [(card_set.sheet, sheet_name), (card_set.fold_sheet, fold_sheet_name)]:
        if sheet is not None:
            target = out_dir / name(card_set.paper)
            shutil.copyfile(sheet, target)
            written.append(target)
    return written
