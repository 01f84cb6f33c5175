"""Exercise cards: one small card per exercise, and sheets of four cards with cut marks.

A card holds the name, the illustration when there is one, numbered steps, the dose, when
to stop, a QR code to the exercise's page, the site name, the review date and a one-line
disclaimer. Text is never cut off: the body shrinks step by step down to 9 pt, and only
if it still does not fit does the card continue on a second side.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from lumbar.content.models import Exercise
from lumbar.content.safety import Safety
from lumbar.content.text import DISCLAIMER, dose_rows, page_url, review_note, stop_lines
from lumbar.printing.layout import (
    ACCENT,
    INK,
    LEADING,
    MIN_TEXT_PT,
    PT,
    WARN,
    Block,
    ImageOp,
    LineOp,
    Op,
    Page,
    Paper,
    Para,
    Picture,
    TextOp,
    flow,
    metrics,
    place,
    plain_text,
    to_rows,
    translate,
)
from lumbar.printing.qr import qr_png
from lumbar.printing.render import render_pdf, render_png

MARGIN = 6.5  # mm: inside most printers' unprintable edge once a sheet is cut
QR_SIZE = 20.0  # mm, quiet zone included: about 0.5 mm a module for a typical page URL
FOOTER_PT = MIN_TEXT_PT
BODY_SIZES = [size / 2 for size in range(24, int(MIN_TEXT_PT * 2) - 1, -1)]  # 12 pt down to 9 pt
PICTURE_SCALES = (1.0, 0.8, 0.65)


@dataclass(frozen=True)
class CardContent:
    """Everything printed on one exercise's card, as plain, picklable data."""

    id: str
    name: str
    steps: tuple[str, ...]
    dose: tuple[tuple[str, str], ...]
    stop_if: tuple[str, ...]
    url: str
    site_name: str
    reviewed_on: dt.date
    disclaimer: str = DISCLAIMER
    picture: Path | None = None  # the exercise's illustration, when it has one
    review_note: str | None = None  # "Not yet reviewed by a physiotherapist." while pending


def card_content(exercise: Exercise, *, safety: Safety, site_url: str, site_name: str,
                 picture: Path | None = None) -> CardContent:
    """The card for one exercise; ``picture`` is its illustration file, if any.

    The stop lines are the exercise's own ``stop_if`` then the general stop rule from
    ``safety`` (content/safety.yml), exactly as on the exercise page.
    """
    return CardContent(
        id=exercise.id,
        name=plain_text(exercise.name),
        steps=tuple(plain_text(step) for step in exercise.steps),
        dose=tuple(dose_rows(exercise.dose)),
        stop_if=tuple(stop_lines(exercise, safety)),
        url=page_url(site_url, exercise.id),
        site_name=site_name,
        reviewed_on=exercise.review.reviewed_on,
        picture=picture,
        review_note=review_note(exercise.review),
    )


def picture_block(path: Path | None, max_height: float, title: str) -> Picture | None:
    """A flow block for an illustration file (PNG or JPEG), or None when there is none."""
    if path is None:
        return None
    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        aspect = image.height / image.width
        if image.format not in {"PNG", "JPEG"}:
            # fpdf2 and Pillow both take PNG; convert anything else once, here.
            buffer = io.BytesIO()
            image.convert("RGBA").save(buffer, "PNG")
            data = buffer.getvalue()
    return Picture(data, aspect, max_height, space_before=1.5, title=title)


def _body_blocks(card: CardContent, size: float, picture: Picture | None, picture_scale: float = 1.0) -> list[Block]:
    head = size + 0.5
    blocks: list[Block] = [Para(card.name, max(size * 1.45, 13.0), bold=True, color=INK)]
    if picture:
        # The picture shrinks with the text (at 9 pt it is three quarters of its 12 pt size).
        share = picture_scale * size / BODY_SIZES[0]
        blocks.append(replace(picture, max_height=picture.max_height * share, width_share=share))
    gap = size * PT * 0.55
    blocks.append(Para("Steps", head, bold=True, color=ACCENT, space_before=gap, keep_with_next=True))
    for number, step in enumerate(card.steps, 1):
        blocks.append(Para(step, size, label=f"{number}.", space_before=size * PT * 0.12))
    blocks.append(Para("How much to do", head, bold=True, color=ACCENT, space_before=gap, keep_with_next=True))
    for label, value in card.dose:
        blocks.append(Para(f"{label}: {value}", size))
    blocks.append(Para("Stop if", head, bold=True, color=WARN, space_before=gap, keep_with_next=True))
    for item in card.stop_if:
        blocks.append(Para(item, size, label="•"))
    return blocks


def _footer(card: CardContent, width: float) -> tuple[float, list[Op]]:
    """The footer (QR code and small print) as ops relative to its top-left corner."""
    fm = metrics()
    text_x = QR_SIZE + 1.5
    text_w = width - text_x
    lines: list[tuple[str, bool]] = []
    for text, bold in [
        (card.site_name, True),
        (f"Reviewed {card.reviewed_on.strftime('%-d %B %Y')}", False),
        *([(card.review_note, True)] if card.review_note else []),
        (card.disclaimer, False),
        ("Scan the code for the full page.", False),
    ]:
        lines.extend((line, bold) for line in fm.wrap(fm.clean(text), text_w, FOOTER_PT, bold))
    line_h = FOOTER_PT * PT * LEADING
    text_h = line_h * len(lines)
    height = max(QR_SIZE, text_h) + 1.5
    ops: list[Op] = [LineOp(0, 0, width, 0, 0.2)]
    ops.append(ImageOp(-1.0, 1.5, QR_SIZE, QR_SIZE, qr_png(card.url), crisp=True, title=f"QR code: {card.url}"))
    y = 1.5 + (height - 1.5 - text_h) / 2 + FOOTER_PT * PT * (0.95 + (LEADING - 1.24) / 2)
    for text, bold in lines:
        ops.append(TextOp(text_x, y, text, FOOTER_PT, bold, INK))
        y += line_h
    return height, ops


def layout_card(card: CardContent, paper: Paper) -> list[Page]:
    """The card's sides (usually one), laid out for ``paper``'s card size."""
    width, height = paper.card
    inner_w = width - 2 * MARGIN
    footer_h, footer_ops = _footer(card, inner_w)
    body_h = height - 2 * MARGIN - footer_h - 2.0
    picture = picture_block(card.picture, body_h * 0.35, f"Illustration: {card.name}")
    for sides in itertools.count(1):
        # On one side, a smaller picture is tried before the text continues overleaf.
        scales = PICTURE_SCALES if (picture and sides == 1) else PICTURE_SCALES[:1]
        for size, scale in [(size, scale) for size in BODY_SIZES for scale in scales]:
            note_h = size * PT * LEADING * 1.4 if sides > 1 else 0.0
            rows = to_rows(_body_blocks(card, size, picture, scale), inner_w)
            continued = to_rows([Para(f"{card.name} (continued)", size, bold=True, color=INK)], inner_w)
            cont_h = sum(r.height for r in continued) + size * PT * 0.5
            frames = flow(rows, [body_h - note_h, body_h - note_h - cont_h], max_frames=sides)
            if frames is None:
                continue
            pages = []
            for index, frame in enumerate(frames):
                page = Page(width, height)
                top = MARGIN
                if index:
                    page.ops.extend(place([(0.0, r) for r in continued], MARGIN, top))
                    top += cont_h
                page.ops.extend(place(frame, MARGIN, top))
                if index < len(frames) - 1:
                    note_y = MARGIN + body_h - size * PT * 0.3
                    page.ops.append(TextOp(MARGIN, note_y, f"Continued on side {index + 2}. Please turn over.",
                                           size, True, INK))
                page.ops.extend(translate(footer_ops, MARGIN, height - MARGIN - footer_h))
                pages.append(page)
            return pages
    raise AssertionError("unreachable")  # pragma: no cover


def card_pdf(card: CardContent, paper: Paper, pages: Sequence[Page] | None = None) -> bytes:
    """The card as a PDF the size of the card, one page a side."""
    pages = pages or layout_card(card, paper)
    created = dt.datetime.combine(card.reviewed_on, dt.time(), tzinfo=dt.timezone.utc)
    return render_pdf(pages, title=f"{card.name}: exercise card", author=card.site_name,
                      subject=card.url, created=created)


def card_png(card: CardContent, paper: Paper, pages: Sequence[Page] | None = None) -> bytes:
    """A 300 DPI preview of the card (sides next to each other)."""
    return render_png(pages or layout_card(card, paper))


# ---------------------------------------------------------------------------------------
# Sheets: four cards to a page, with cut marks.

CUT_MARK = 9.0  # mm: long enough to show past a printer's unprintable edge


def sheet_pages(cards: Sequence[Sequence[Page]], paper: Paper) -> list[Page]:
    """Card sides placed 2 x 2 on sheets of ``paper``; a card's back takes the next slot."""
    sides = [side for card in cards for side in card]
    sheet_w, sheet_h = paper.sheet
    card_w, card_h = paper.card
    x0, y0 = (sheet_w - 2 * card_w) / 2, (sheet_h - 2 * card_h) / 2
    pages = []
    for start in range(0, len(sides), 4):
        page = Page(sheet_w, sheet_h)
        for slot, side in enumerate(sides[start:start + 4]):
            row, col = divmod(slot, 2)
            page.ops.extend(translate(side.ops, x0 + col * card_w, y0 + row * card_h))
        page.ops.extend(_cut_marks(x0, y0, card_w, card_h))
        pages.append(page)
    return pages


def _cut_marks(x0: float, y0: float, card_w: float, card_h: float) -> list[LineOp]:
    """Ticks where the cuts meet the sheet's edges, and a cross where they meet each other."""
    mid_x, mid_y = x0 + card_w, y0 + card_h
    right, bottom = x0 + 2 * card_w, y0 + 2 * card_h
    ink = (0, 0, 0)
    marks = [
        LineOp(mid_x, y0, mid_x, y0 + CUT_MARK, 0.25, ink),
        LineOp(mid_x, bottom - CUT_MARK, mid_x, bottom, 0.25, ink),
        LineOp(x0, mid_y, x0 + CUT_MARK, mid_y, 0.25, ink),
        LineOp(right - CUT_MARK, mid_y, right, mid_y, 0.25, ink),
        LineOp(mid_x - CUT_MARK / 2, mid_y, mid_x + CUT_MARK / 2, mid_y, 0.25, ink),
        LineOp(mid_x, mid_y - CUT_MARK / 2, mid_x, mid_y + CUT_MARK / 2, 0.25, ink),
    ]
    # When the cards leave a border (not on A4 or Letter), mark the outer cuts too.
    if x0 > 2:
        for y in (y0, bottom):
            marks += [LineOp(x0 - 2 - CUT_MARK / 2, y, x0 - 2, y, 0.25, ink),
                      LineOp(right + 2, y, right + 2 + CUT_MARK / 2, y, 0.25, ink)]
    if y0 > 2:
        for x in (x0, right):
            marks += [LineOp(x, y0 - 2 - CUT_MARK / 2, x, y0 - 2, 0.25, ink),
                      LineOp(x, bottom + 2, x, bottom + 2 + CUT_MARK / 2, 0.25, ink)]
    return marks


def sheet_pdf(cards: Sequence[CardContent], paper: Paper, site_name: str) -> bytes:
    """All ``cards`` on sheets of ``paper``, ready to print and cut."""
    pages = sheet_pages([layout_card(card, paper) for card in cards], paper)
    latest = max(card.reviewed_on for card in cards)
    return render_pdf(pages, title=f"Exercise cards ({paper.label})", author=site_name,
                      subject=", ".join(card.name for card in cards),
                      created=dt.datetime.combine(latest, dt.time(), tzinfo=dt.timezone.utc))
