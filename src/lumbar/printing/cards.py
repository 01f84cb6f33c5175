"""Exercise cards: one small card per exercise, and sheets of four cards with cut marks.

A card holds the name, the illustration when there is one (at least half the card wide),
the starting position, numbered steps, the dose, what you should feel, when to stop, a QR
code to the exercise's page (only when the site has a real address), the site name, the
review date and a one-line disclaimer. Every card of a paper size uses one body size
(``Paper.card_pt``); a card takes one side or two, and a step never splits across sides.
A card made for one patient (``lumbar cards bridge:reps=10``) prints the dose the clinician
set, and says "set for you" on those rows only, as handouts do.
Sheets of cards for cutting are in ``lumbar.printing.sheets``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from lumbar.content.dose_rules import PRINTED_WORDS, TICK_DAYS_SHORT
from lumbar.content.models import Dose, Exercise
from lumbar.content.safety import Safety
from lumbar.content.text import (
    DISCLAIMER,
    dose_instruction,
    picture_marks,
    plain_text,
    review_note,
    stop_lines,
)
from lumbar.paths import EXERCISE
from lumbar.printing.blocks import picture_block, stop_box, tick_row
from lumbar.printing.layout import (
    ACCENT,
    INK,
    LEADING,
    MIN_TEXT_PT,
    PT,
    Block,
    ImageOp,
    LineOp,
    Op,
    Page,
    Paper,
    Para,
    Picture,
    Row,
    TextOp,
    boxed,
    flow,
    metrics,
    place,
    stack,
    to_rows,
    translate,
)
from lumbar.printing.qr import qr_png
from lumbar.printing.render import render_pdf, render_png
from lumbar.printing.selection import SET_FOR_YOU, DoseLine, dose_lines
from lumbar.site import Site

MARGIN = 5.5  # mm: inside most printers' unprintable edge once a sheet is cut
QR_SIZE = 16.0  # mm, quiet zone included: about 0.4 mm a module for a typical page URL
FOOTER_PT = MIN_TEXT_PT
MAX_SIDES = 2
PICTURE_MIN_WIDTH = 0.5  # a picture is never narrower than half the card (paper edge to edge)
PICTURE_HEIGHT = {1: 0.30, 2: 0.32}  # the most of a side's body height a picture may take, by sides
TURN_OVER = "Turn over for the rest."


@dataclass(frozen=True)
class CardContent:
    """Everything printed on one exercise's card, as plain, picklable data.

    ``url`` is empty when the site has no public address (a placeholder ``site_url``): the
    card then prints no QR code and no address, since a dead code on paper cannot be fixed.
    """

    id: str
    name: str
    steps: tuple[str, ...]
    dose: tuple[DoseLine, ...]  # (label, value, set for you)
    stop_if: tuple[str, ...]  # the reasons to stop, the box's bullets
    url: str
    site_name: str
    reviewed_on: dt.date
    disclaimer: str = DISCLAIMER
    picture: Path | None = None  # the exercise's illustration, when it has one
    review_note: str | None = None  # "Not yet reviewed by a physiotherapist." while pending
    starting_position: str = ""
    feel: str = ""
    instruction: str = ""  # the dose said as plain instructions (rulebook.dose_instruction)
    picture_key: str = ""  # what the two pictures and their marks show
    urgent_line: str = ""  # which signs mean calling 999 now (content/safety.yml's urgent_line)


def card_content(exercise: Exercise, *, safety: Safety, site: Site, picture: Path | None = None,
                 dose: Dose | None = None, changed: Sequence[str] = ()) -> CardContent:
    """The card for one exercise; ``picture`` is its illustration file, if any.

    ``dose`` replaces the exercise's own (a clinician's choice, from
    ``lumbar.printing.selection``); ``changed`` names the fields they set, whose rows say
    "set for you". The stop lines are the exercise's own ``stop_if`` then the general stop
    rule from ``safety`` (content/safety.yml), exactly as on the exercise page.

    A placeholder site address gives a card without QR code or address (``Site.public_url``).
    """
    return CardContent(
        id=exercise.id,
        name=plain_text(exercise.name),
        steps=tuple(plain_text(step) for step in exercise.steps),
        dose=tuple(dose_lines(dose or exercise.dose, changed)),
        stop_if=tuple(stop_lines(exercise, safety)),
        urgent_line=plain_text(safety.urgent_line),
        url=site.public_url(EXERCISE.page(exercise.id)),
        site_name=site.name,
        reviewed_on=exercise.review.reviewed_on,
        picture=picture,
        starting_position=plain_text(exercise.starting_position),
        feel=plain_text(exercise.feel),
        review_note=review_note(exercise.review),
        instruction=dose_instruction(dose or exercise.dose),
        picture_key=" ".join([PRINTED_WORDS["pictures"], *picture_marks(exercise)]) if exercise.figure else "",
    )


def body_size(paper: Paper) -> float:
    """The body text size (pt) of every card on ``paper``."""
    return paper.card_pt


# A unit is a list of rows that never splits across sides: a heading with its first item,
# one numbered step, the dose box, one stop reason.
Unit = list[Row]


def _units(text: Sequence[Unit], picture: Picture | None, width: float, key: Sequence[Row] = ()) -> list[Unit]:
    """The card's units: its name, the picture (when there is one) with its ``key`` (what the
    pictures and their marks show), then the rest of the text."""
    return [text[0], *([to_rows([picture], width) + list(key)] if picture else []), *text[1:]]


def _key_rows(card: CardContent, size: float, width: float) -> Unit:
    """The line under the pictures saying which is which and what the arrow and shading mean."""
    if not card.picture_key:
        return []
    # Small print, like the footer: a caption, read once, that must not push steps off the card.
    return to_rows([Para(card.picture_key, FOOTER_PT, space_before=size * PT * 0.2)], width, metrics())


def _text_units(card: CardContent, size: float, width: float) -> list[Unit]:
    """Every unit of the card's text, the name first. Laid out once a card: only the picture's
    size changes while a layout is tried."""
    head = size + 0.5
    gap = size * PT * 0.38
    fm = metrics()

    def rows(*blocks: Block) -> list[Row]:
        return to_rows(list(blocks), width, fm)

    units: list[Unit] = [rows(Para(card.name, max(size * 1.3, 14.0), bold=True, color=INK))]
    if card.starting_position:
        # Run-in headings ("Starting position: Lie on...") save the line a heading takes.
        units.append(rows(Para(card.starting_position, size, lead=PRINTED_WORDS["starting_position"] + ":",
                               space_before=gap)))
    # The dose said as instructions, in a box, before the steps (as a home exercise sheet
    # puts it): the card has no table to work out (PEMAT-P item 25); a dose the clinician set
    # is bold and says so.
    mine = any(row[2] for row in card.dose)
    units.append(rows(boxed([Para(card.instruction + (f" {SET_FOR_YOU}" if mine else ""), size, bold=mine,
                                  lead=PRINTED_WORDS["dose"] + ":")], width, color=ACCENT, space_before=gap)))
    for number, step in enumerate(card.steps, 1):
        step_rows = rows(Para(step, size, label=f"{number}.", space_before=size * PT * 0.15))
        if number == 1:
            step_rows = rows(Para(PRINTED_WORDS["steps"], head, bold=True, color=ACCENT, space_before=gap)) + step_rows
        units.append(step_rows)
    if card.feel:  # one unit a line: this paragraph, unlike a step or the stop box, may run over
        units += [[row] for row in rows(Para(card.feel, size, lead=PRINTED_WORDS["feel"] + ":", space_before=gap))]
    # The stop box is one unit: safety advice is never split across the two sides. Its foot
    # says when to get help now, so a card handed out alone still says it.
    units.append(rows(stop_box(card.stop_if, width, size, space_before=gap, urgent=card.urgent_line)))
    return units


def _footer(card: CardContent, width: float) -> tuple[float, list[Op]]:
    """The footer (QR code, when there is an address, and small print) as ops relative to its
    top-left corner, and its height in mm."""
    fm = metrics()
    text_x = QR_SIZE + 1.5 if card.url else 0.0
    text_w = width - text_x
    lines: list[tuple[str, bool]] = []
    texts = [(f"{card.site_name}. Reviewed {card.reviewed_on.strftime('%-d %B %Y')}.", True),
             *([(card.review_note, True)] if card.review_note else []),
             (card.disclaimer, False)]
    if card.url:
        texts.append(("Scan the code for the full page.", False))
    for text, bold in texts:
        lines.extend((line, bold) for line in fm.wrap(fm.clean(text), text_w, FOOTER_PT, bold))
    line_h = FOOTER_PT * PT * LEADING
    text_h = line_h * len(lines)
    height = max(QR_SIZE if card.url else 0.0, text_h) + 1.5
    ops: list[Op] = [LineOp(0, 0, width, 0, 0.2)]
    if card.url:
        ops.append(ImageOp(-1.0, 1.5, QR_SIZE, QR_SIZE, qr_png(card.url), crisp=True, title=f"QR code: {card.url}"))
    y = 1.5 + (height - 1.5 - text_h) / 2 + FOOTER_PT * PT * (0.95 + (LEADING - 1.24) / 2)
    for text, bold in lines:
        ops.append(TextOp(text_x, y, text, FOOTER_PT, bold, INK))
        y += line_h
    return height, ops


def _pack(units: Sequence[Unit], heights: Sequence[float]) -> list[list[tuple[float, Row]]] | None:
    """Units into frames of ``heights`` (the last repeats), whole units only; None when one
    does not fit a frame or more frames than ``heights`` would be needed."""
    frames: list[list[tuple[float, Row]]] = [[]]
    y = 0.0
    for unit in units:
        for attempt in range(2):
            frame_h = heights[len(frames) - 1]
            gap = unit[0].space_before if frames[-1] else 0.0
            need = gap + sum(r.height for r in unit)
            if y + need <= frame_h + 1e-6:
                y += gap
                for row in unit:
                    frames[-1].append((y, row))
                    y += row.height
                break
            if attempt or len(frames) == len(heights) or not frames[-1]:
                return None
            frames.append([])
            y = 0.0
    return frames


def _sized_picture(picture: Picture | None, width: float, max_height: float, share: float,
                   least: float) -> Picture | None:
    """The picture at ``share`` of the frame ``width``, narrower when taller than
    ``max_height``, but never under the share ``least``."""
    if picture is None:
        return None
    share = max(least, min(share, max_height / (picture.aspect * width)))
    return replace(picture, width_share=share, max_height=share * width * picture.aspect + 0.01)


def _with_tick(frames: list[list[tuple[float, Row]]] | None, heights: Sequence[float],
               tick: Row) -> list[list[tuple[float, Row]]] | None:
    """``frames`` with the tick row at the foot of the last side that has room for it (the
    back, above the footer; else the front, above "turn over"); None when no side has."""
    if frames is None:
        return None
    for index in reversed(range(len(frames))):
        frame, frame_h = frames[index], heights[min(index, len(heights) - 1)]
        used = (frame[-1][0] + frame[-1][1].height) if frame else 0.0
        if used + tick.space_before + tick.height <= frame_h + 1e-6:
            frames[index] = [*frame, (frame_h - tick.height, tick)]
            return frames
    return None


def card_sides_needed(card: CardContent, paper: Paper) -> int:
    """How many sides ``card`` takes on ``paper``: 1 or 2 normally; more means it does not fit
    and ``lumbar check`` warns."""
    return len(layout_card(card, paper))


def layout_card(card: CardContent, paper: Paper, next_side: str = TURN_OVER) -> list[Page]:
    """The card's sides (one, or two with ``next_side`` at the foot of the first), laid out
    for ``paper``'s card size at its one body size.

    Steps never split across sides. Text is never cut: a card whose text cannot fit two
    sides runs on to more (``card_sides_needed`` reports it and ``lumbar check`` warns).
    """
    width, height = paper.card
    size = body_size(paper)
    inner_w = width - 2 * MARGIN
    footer_h, footer_ops = _footer(card, inner_w)
    full_h = height - 2 * MARGIN
    base = picture_block(card.picture, full_h, f"Illustration: {card.name}")
    text = _text_units(card, size, inner_w)
    key = _key_rows(card, size, inner_w)
    # Something to act with: a box to tick each day (PEMAT-P item 23), at the foot of a side.
    tick = to_rows([replace(tick_row(inner_w, days=TICK_DAYS_SHORT), space_before=1.2)], inner_w)[0]
    fm = metrics()
    # One side: the picture shrinks (to half the width at least) before the card goes two-sided.
    one_h = full_h - footer_h - 2.0
    least = PICTURE_MIN_WIDTH * width / inner_w
    for share in (1.0, 0.8, 0.65, least):
        picture = _sized_picture(base, inner_w, one_h * PICTURE_HEIGHT[1], share, least)
        frames = _with_tick(_pack(_units(text, picture, inner_w, key), [one_h]), [one_h], tick)
        if frames is not None:
            return [_side(frames[0], [], footer_ops, footer_h, paper, None, size)]
        if base is None:
            break
    note = to_rows([Para(fm.clean(next_side), size, bold=True, color=INK)], inner_w, fm)
    note_h = sum(r.height for r in note) + size * PT * 0.5
    # The back's running head is small print: the card's name is on its front in large type.
    continued = to_rows([Para(f"{card.name} (continued)", FOOTER_PT, bold=True, color=INK)], inner_w, fm)
    cont_h = sum(r.height for r in continued) + size * PT * 0.4
    heights = [full_h - note_h, full_h - cont_h - footer_h - 2.0]
    # The picture shrinks first; only a card with no room left drops the line that explains
    # the picture's marks (the exercise page says it too), never the tick row or any text.
    for share, shown_key in [(share, shown) for shown in (key, []) for share in (1.0, 0.8, 0.65, least)]:
        picture = _sized_picture(base, inner_w, full_h * PICTURE_HEIGHT[2], share, least)
        units = _units(text, picture, inner_w, shown_key)
        frames = _with_tick(_pack(units, heights), heights, tick)
        if frames is not None or (base is None and not shown_key):
            break
    if frames is None:
        # Too much text for two sides: run on over more sides (check warns), never cut text.
        rows = [row for unit in units for row in unit] + [tick]
        frames = flow(rows, [heights[0], full_h - cont_h - max(note_h, footer_h + 2.0)]) or []
    pages = []
    for index, frame in enumerate(frames):
        last = index == len(frames) - 1
        pages.append(_side(frame, continued if index else [], footer_ops if last else [], footer_h, paper,
                           None if last else note, size))
    return pages


def _side(frame: Sequence[tuple[float, Row]], title: Sequence[Row], footer_ops: Sequence[Op], footer_h: float,
          paper: Paper, note: Sequence[Row] | None, size: float) -> Page:
    width, height = paper.card
    page = Page(width, height)
    top = MARGIN
    if title:
        page.ops.extend(place(stack(title), MARGIN, top))
        top += sum(r.height for r in title) + size * PT * 0.4
    page.ops.extend(place(frame, MARGIN, top))
    if note:
        note_h = sum(r.height for r in note)
        page.ops.extend(place(stack(note), MARGIN, height - MARGIN - note_h))
    if footer_ops:
        page.ops.extend(translate(footer_ops, MARGIN, height - MARGIN - footer_h))
    return page


def card_pdf(card: CardContent, paper: Paper, pages: Sequence[Page] | None = None) -> bytes:
    """The card as a PDF the size of the card, one page a side."""
    pages = pages or layout_card(card, paper)
    created = dt.datetime.combine(card.reviewed_on, dt.time(), tzinfo=dt.UTC)
    return render_pdf(pages, title=f"{card.name}: exercise card", author=card.site_name,
                      subject=card.url, created=created)


def card_png(card: CardContent, paper: Paper, pages: Sequence[Page] | None = None) -> bytes:
    """A 300 DPI preview of the card (sides next to each other)."""
    return render_png(pages or layout_card(card, paper))
