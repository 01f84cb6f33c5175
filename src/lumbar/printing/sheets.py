"""Sheets of exercise cards for cutting: four cards to a page, with cut marks.

Two impositions of the same cards:

- **duplex** (``sheet_pdf``): fronts on one page, backs on the next. The backs page is
  mirrored left to right, so printing double-sided and flipping on the long edge puts each
  card's back exactly behind its front.
- **fold** (``fold_sheet_pdf``): single-sided. A two-sided card's front and back sit side by
  side on one row with a dashed fold line between them; cut the row out and fold it.

A card only says "turn over" when its back will really be behind it (the duplex sheet and
the single card PDFs); the fold sheet says to fold instead.

The cards tile A4 and Letter edge to edge, and most printers cannot print within about 5 mm
of the paper's edge, so every mark of a sheet stays at least ``SAFE_EDGE`` from it: cut
marks start there. Nothing but the cards and the cut marks is printed on a sheet of cards
(a line printed in a card's margin stays on the card once it is cut): how to print and cut
them is on a page of its own before the sheets, with the list of which cards each sheet
holds (on the back of the instructions, for double-sided printing, so fronts and backs
stay paired).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lumbar.errors import InternalError
from lumbar.printing.blocks import BODY_PT, para
from lumbar.printing.blocks import MARGIN as PAGE_MARGIN
from lumbar.printing.cards import CardContent, layout_card
from lumbar.printing.layout import (
    LineOp,
    Page,
    Paper,
    Para,
    flow,
    place,
    to_rows,
    translate,
)
from lumbar.printing.render import render_pdf

SAFE_EDGE = 5.0  # mm from the paper's edge that most printers cannot print on
CUT_MARK = 9.0  # mm: a tick from the safe edge towards the cards
INSTRUCTION_GAP = CUT_MARK / 2 + 1.5  # mm either side of the middle cut: clear of the cross
DASH = 2.0  # mm: dash and gap of the fold line
# The pages before the sheets of cards: the instructions (and, for double-sided printing,
# the list of sheets on their back, so that fronts and backs stay paired).
DUPLEX_INSTRUCTION_PAGES = 2
FOLD_INSTRUCTION_PAGES = 1
SHEET_TITLE = "How to print and cut these cards"
LIST_TITLE = "Which cards each sheet holds"
DUPLEX_STEPS = (
    "Print double-sided, flipping on the long edge: each card's back then prints behind its front.",
    "Print this page too: the list of which cards each sheet holds is on its back.",
    "Cut each sheet into four cards along the marks. The marks show the cuts; nothing else is "
    "printed outside the cards.",
)
FOLD_STEPS = (
    "Print single-sided.",
    "Cut each sheet along the marks. A two-sided card is one row: its front on the left and its "
    "back on the right.",
    "Fold each two-sided card on the dashed line, so its front and back face out.",
)
FOLD_NEXT_SIDE = "Fold on the dashed line: the rest is on the back."
INK_BLACK = (0, 0, 0)


def _origin(paper: Paper) -> tuple[float, float]:
    sheet_w, sheet_h = paper.sheet
    card_w, card_h = paper.card
    return (sheet_w - 2 * card_w) / 2, (sheet_h - 2 * card_h) / 2


def _instruction_page(paper: Paper, title: str, lines: Sequence[str]) -> Page:
    """A page of printing instructions (or of the list of sheets): a heading, then ``lines``
    at the body size of a handout, within the handout's margins."""
    width, height = paper.sheet
    blocks = [Para(title, BODY_PT + 5, bold=True), *(para(line, BODY_PT) for line in lines)]
    frames = flow(to_rows(blocks, width - 2 * PAGE_MARGIN), [height - 2 * PAGE_MARGIN], max_frames=1)
    if frames is None:
        raise InternalError(f"the printing instructions do not fit one {paper.label} page")
    return Page(width, height, place(frames[0], PAGE_MARGIN, PAGE_MARGIN))


def _sheet_list(cards: Sequence[Sequence[str]]) -> list[str]:
    """"Sheet 1: Bridge, Bird dog, ..." for each sheet of up to four card names."""
    return [f"Sheet {number}: {', '.join(names)}." for number, names in enumerate(cards, 1)]


def duplex_pages(cards: Sequence[Sequence[Page]], paper: Paper, names: Sequence[str] = ()) -> list[Page]:
    """Pages for double-sided printing: the instructions and, on their back, which cards each
    sheet holds (``names``, in the order of ``cards``); then per four cards, a page of
    fronts and a page of backs.

    Slot (row, column) of the fronts page is backed by slot (row, 1 - column) of the backs
    page: flipping on the long (vertical) edge swaps left and right, not top and bottom.
    Every fronts page has its backs page (blank where a card is one-sided), so pages
    stay paired through the whole print run.
    """
    sheet_w, sheet_h = paper.sheet
    card_w, card_h = paper.card
    x0, y0 = _origin(paper)
    pages: list[Page] = [
        _instruction_page(paper, SHEET_TITLE, DUPLEX_STEPS),
        _instruction_page(paper, LIST_TITLE, _sheet_list([names[i:i + 4] for i in range(0, len(names), 4)])),
    ]
    for start in range(0, len(cards), 4):
        group = cards[start:start + 4]
        front, back = Page(sheet_w, sheet_h), Page(sheet_w, sheet_h)
        for slot, sides in enumerate(group):
            row, col = divmod(slot, 2)
            front.ops.extend(translate(sides[0].ops, x0 + col * card_w, y0 + row * card_h))
            if len(sides) > 1:
                back.ops.extend(translate(sides[1].ops, x0 + (1 - col) * card_w, y0 + row * card_h))
        for page in (front, back):
            page.ops.extend(cut_marks(paper))
        pages += [front, back]
    return pages


def fold_pages(cards: Sequence[Sequence[Page]], paper: Paper) -> list[Page]:
    """Pages for single-sided printing: the instructions, then the sheets: two-sided cards
    take a row (front left, back right, a dashed fold line between); one-sided cards fill
    half rows."""
    sheet_w, sheet_h = paper.sheet
    card_w, card_h = paper.card
    x0, y0 = _origin(paper)
    # Each row holds one two-sided card or up to two one-sided cards.
    rows: list[tuple[list[Page], bool]] = []
    single: list[Page] = []
    for sides in cards:
        if len(sides) > 1:
            rows.append((list(sides[:2]), True))
        else:
            single.append(sides[0])
            if len(single) == 2:
                rows.append((single, False))
                single = []
    if single:
        rows.append((single, False))
    pages: list[Page] = [_instruction_page(paper, SHEET_TITLE, FOLD_STEPS)]
    for start in range(0, len(rows), 2):
        page = Page(sheet_w, sheet_h)
        for row_index, (sides, folded) in enumerate(rows[start:start + 2]):
            top = y0 + row_index * card_h
            for col, side in enumerate(sides):
                page.ops.extend(translate(side.ops, x0 + col * card_w, top))
            if folded:
                page.ops.extend(_dashes(x0 + card_w, max(top + 1.0, SAFE_EDGE),
                                        min(top + card_h - 1.0, sheet_h - SAFE_EDGE)))
        page.ops.extend(cut_marks(paper))
        pages.append(page)
    return pages


def _dashes(x: float, y1: float, y2: float) -> list[LineOp]:
    ops, y = [], y1
    while y < y2:
        ops.append(LineOp(x, y, x, min(y + DASH, y2), 0.25, INK_BLACK))
        y += 2 * DASH
    return ops


def cut_marks(paper: Paper) -> list[LineOp]:
    """Ticks on the two cuts, from ``SAFE_EDGE`` inwards where the cuts run to the sheet's
    edges, and a cross where the cuts meet. (The cards fill A4 and Letter to within 0.5 mm,
    so their outer edges are the paper's and need no cut.)"""
    sheet_w, sheet_h = paper.sheet
    x0, y0 = _origin(paper)
    mid_x, mid_y = x0 + paper.card[0], y0 + paper.card[1]
    top, left = max(y0, SAFE_EDGE), max(x0, SAFE_EDGE)
    bottom, right = min(y0 + 2 * paper.card[1], sheet_h - SAFE_EDGE), min(x0 + 2 * paper.card[0], sheet_w - SAFE_EDGE)
    ink = INK_BLACK
    return [
        LineOp(mid_x, top, mid_x, top + CUT_MARK, 0.25, ink),
        LineOp(mid_x, bottom - CUT_MARK, mid_x, bottom, 0.25, ink),
        LineOp(left, mid_y, left + CUT_MARK, mid_y, 0.25, ink),
        LineOp(right - CUT_MARK, mid_y, right, mid_y, 0.25, ink),
        LineOp(mid_x - CUT_MARK / 2, mid_y, mid_x + CUT_MARK / 2, mid_y, 0.25, ink),
        LineOp(mid_x, mid_y - CUT_MARK / 2, mid_x, mid_y + CUT_MARK / 2, 0.25, ink),
    ]


def _render(pages: list[Page], cards: Sequence[CardContent], paper: Paper, site_name: str, kind: str) -> bytes:
    latest = max(card.reviewed_on for card in cards)
    return render_pdf(pages, title=f"Exercise cards ({paper.label}, {kind})", author=site_name,
                      subject=", ".join(card.name for card in cards),
                      created=dt.datetime.combine(latest, dt.time(), tzinfo=dt.UTC))


def sheet_pdf(cards: Sequence[CardContent], paper: Paper, site_name: str) -> bytes:
    """All ``cards`` on duplex sheets of ``paper`` (fronts page, backs page), ready to cut."""
    pages = duplex_pages([layout_card(card, paper) for card in cards], paper, [card.name for card in cards])
    return _render(pages, cards, paper, site_name, "print double-sided")


def fold_sheet_pdf(cards: Sequence[CardContent], paper: Paper, site_name: str) -> bytes:
    """All ``cards`` on single-sided sheets of ``paper``: cut, then fold two-sided cards."""
    pages = fold_pages([layout_card(card, paper, next_side=FOLD_NEXT_SIDE) for card in cards], paper)
    return _render(pages, cards, paper, site_name, "print single-sided and fold")
