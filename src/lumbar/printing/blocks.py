"""The blocks every printed page is built from: headings, paragraphs, pictures, the page
footer, the safety section, and the personal details a clinician adds for one patient.

The one-per-page handout (``handout``), the compact handout (``handout_compact``) and the
programme PDF (``programme``) all use these, so the three say the same things in the same
way, and no layout imports another. Sizes are in points (text) and millimetres (geometry).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lumbar.content.dose_rules import PRINTED_WORDS, TICK_DAYS
from lumbar.content.safety import Level, Safety
from lumbar.content.text import DISCLAIMER, plain_text, review_note
from lumbar.errors import InternalError
from lumbar.printing.layout import (
    ACCENT,
    INK,
    LEADING,
    MIN_TEXT_PT,
    PT,
    RULE,
    WARN,
    Block,
    Custom,
    LineOp,
    Op,
    Para,
    Picture,
    RectOp,
    TextOp,
    metrics,
    to_rows,
    translate,
)

MARGIN = 18.0  # mm: the page margin of full-page layouts, and where every page footer sits
BODY_PT = 13.0  # the body size of full-page layouts
FOOTER_PT = 9.0


def heading(text: str, color: tuple[int, int, int] = ACCENT, size: float = BODY_PT) -> Para:
    """A section heading two points over the body ``size``, kept with what follows it."""
    return Para(text, size + 2, bold=True, color=color, space_before=size * 0.38, keep_with_next=True)


def para(text: str, size: float = BODY_PT, **extra: object) -> Para:
    """A body paragraph at ``size``; ``extra`` are ``Para`` options (``label``, ``bold``...)."""
    return Para(text, size, space_before=size * 0.09, **extra)  # type: ignore[arg-type]


def picture_block(path: Path | None, max_height: float, title: str) -> Picture | None:
    """A flow block for an illustration file (PNG or JPEG), at most ``max_height`` mm tall,
    or None when there is none. ``title`` is its text alternative in the PDF."""
    if path is None:
        return None
    # Pillow only when a page is laid out: a build that reuses cached PDFs never loads it.
    from PIL import Image

    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        aspect = image.height / image.width
        if image.format not in {"PNG", "JPEG"}:
            # fpdf2 and Pillow both take PNG; convert anything else once, here.
            buffer = io.BytesIO()
            image.convert("RGBA").save(buffer, "PNG")
            data = buffer.getvalue()
    return Picture(data, aspect, max_height, space_before=1.5, title=title)


FOOTER_RULE_ABOVE = 5.5  # mm from the footer's rule up from its (first) baseline


def _footer_lines(site_name: str, right: str, width: float, margin: float) -> list[str]:
    # A long site name wraps onto a line above (the rule moves up with it) rather than run
    # into the page number; settings.SITE_NAME_LIMIT keeps it to two lines.
    fm = metrics()
    return fm.wrap(fm.clean(f"{site_name} · {DISCLAIMER}"), width - 2 * margin - fm.width(right, FOOTER_PT) - 4.0,
                   FOOTER_PT)


def footer_top(site_name: str, width: float, height: float, margin: float = MARGIN) -> float:
    """Where the footer's rule is on a ``width`` x ``height`` mm page (mm from the top), for a
    footer at ``margin`` (as ``footer``): text above it stays clear of the footer, however
    many lines the site's name takes."""
    lines = _footer_lines(site_name, "Page 00 of 00", width, margin)
    return height - margin + 2.0 - (len(lines) - 1) * FOOTER_PT * PT * LEADING - FOOTER_RULE_ABOVE


def footer(site_name: str, number: int, total: int, width: float, height: float, margin: float = MARGIN) -> list[Op]:
    """Page ``number`` of ``total``'s footer on a ``width`` x ``height`` mm page: a rule, the
    site's name with the disclaimer (on two lines when it is long), and the page number,
    within the page's side ``margin``, its last line ``margin`` - 2 mm above the foot."""
    fm = metrics()
    y = height - margin + 2.0
    right = f"Page {number} of {total}"
    lines = _footer_lines(site_name, right, width, margin)
    top = y - (len(lines) - 1) * FOOTER_PT * PT * LEADING
    return [
        LineOp(margin, top - FOOTER_RULE_ABOVE, width - margin, top - FOOTER_RULE_ABOVE, 0.2, RULE),
        *(TextOp(margin, top + n * FOOTER_PT * PT * LEADING, line, FOOTER_PT, False, INK) for n, line in enumerate(lines)),
        TextOp(width - margin - fm.width(right, FOOTER_PT), y, right, FOOTER_PT, False, INK),
    ]


# Heading colours of the urgency levels (ink, not a tint: they print in black and white too).
LEVEL_COLOURS = {Level.EMERGENCY: WARN, Level.SAME_DAY: (191, 54, 12), Level.SOON: INK, Level.SELF_CARE: ACCENT}


def safety_blocks(safety: Safety, size: float = BODY_PT) -> list[Block]:
    """The safety section, in the order of the safety page: every level with its action,
    reasons and signs, then the stop rule, good signs and flare-up steps. All text is
    ``size`` (the body size), never smaller than the exercise pages' text."""
    blocks: list[Block] = [Para(plain_text(safety.title), 24, bold=True)]
    note = review_note(safety.review)
    if note:
        blocks.append(Para(note, 11, bold=True, color=INK, space_before=1.0))
    blocks.append(para(plain_text(safety.intro), size))
    for level in safety.levels:
        blocks.append(heading(plain_text(level.heading), LEVEL_COLOURS[level.level], size))
        blocks.append(para(plain_text(level.action), size))
        for group in level.groups:
            blocks.append(Para(plain_text(group.reason), size, space_before=size * 0.3))
            blocks += [para(plain_text(item.text), size, label="•") for item in group.items]
    blocks.append(heading(PRINTED_WORDS["stop_rule"], WARN, size))
    blocks += [para(plain_text(rule.text), size, label="•") for rule in safety.stop_rules]
    if safety.good_signs:
        blocks.append(heading("Good signs", ACCENT, size))
        blocks += [para(plain_text(sign), size, label="•") for sign in safety.good_signs]
    blocks.append(heading("If an exercise flares your pain", ACCENT, size))
    blocks += [para(plain_text(step), size, label=f"{n}.") for n, step in enumerate(safety.flare_up, 1)]
    return blocks


PAPER_WHITE = (255, 255, 255)


def stop_box(lines: Sequence[str], width: float, size: float, *, title: str = PRINTED_WORDS["stop"],
             space_before: float = 0.0, urgent: str = "") -> Custom:
    """The "Stop if" section as one block that is never split and stands out in black and
    white as well as in colour: a thick outline, and a heading bar filled in the warning ink
    with the words in white after a warning triangle (the grey of a black-and-white copy is
    the same for every heading colour; a filled bar is not). ``lines`` are the reasons, one
    bullet each, at the body ``size`` (never smaller: safety text is body size); ``urgent``
    (content/safety.yml's ``urgent_line``), when given, closes the box in bold under a rule."""
    fm = metrics()
    pad = 0.9
    head = size + 0.5
    bar_h = head * PT * LEADING + 0.6
    base = bar_h / 2 + head * PT * 0.35
    sign = head * PT * 0.95  # the triangle's side, about a capital's height
    sx, sy = pad, bar_h / 2 + sign * 0.45
    ops: list[Op] = [
        LineOp(sx, sy, sx + sign, sy, 0.35, PAPER_WHITE),
        LineOp(sx, sy, sx + sign / 2, sy - sign * 0.87, 0.35, PAPER_WHITE),
        LineOp(sx + sign / 2, sy - sign * 0.87, sx + sign, sy, 0.35, PAPER_WHITE),
        # The "!" drawn, not set in type: a mark, not small text.
        LineOp(sx + sign / 2, sy - sign * 0.62, sx + sign / 2, sy - sign * 0.3, 0.4, PAPER_WHITE),
        LineOp(sx + sign / 2, sy - sign * 0.17, sx + sign / 2, sy - sign * 0.1, 0.4, PAPER_WHITE),
        TextOp(sx + sign + 1.8, base, title, head, True, PAPER_WHITE),
    ]
    y = bar_h + 0.6
    # Bullets hang by their own width only (not a list number's), so the reasons get the
    # box's width: the box is the tallest unit of a card.
    bullet_w = fm.width("\u2022", size) + size * PT * 0.45
    baseline = size * PT * (0.95 + (LEADING - 1.24) / 2)
    for n, line in enumerate(lines):
        y += 0.3 if n else 0.0
        ops.append(TextOp(pad, y + baseline, "\u2022", size, False, INK))
        for row in to_rows([Para(line, size)], width - 2 * pad - bullet_w):
            ops.extend(translate(row.ops, pad + bullet_w, y))
            y += row.height
    if urgent:
        y += 0.9
        ops.append(LineOp(pad, y, width - pad, y, 0.3, WARN))
        y += 0.6
        for row in to_rows([Para(urgent, size, bold=True)], width - 2 * pad):
            ops.extend(translate(row.ops, pad, y))
            y += row.height
    height = y + pad
    frame = [RectOp(0, 0, width, bar_h, 0.8, WARN, fill=WARN), RectOp(0, 0, width, height, 0.8, WARN)]
    return Custom(height, (*frame, *ops), space_before=space_before)


def tick_row(width: float, size: float = MIN_TEXT_PT, days: Sequence[str] = TICK_DAYS,
             caption: str = PRINTED_WORDS["tick_short"], box: float = 4.0) -> Custom:
    """One line to act with on paper (a card): ``caption`` in bold, then each day's name with
    a box to tick beside it, spread over ``width``; the text at ``size`` (small print by
    default: a caption, not advice). Boxes are ``box`` mm (4 mm on a card), big enough to
    tick with a pen."""
    fm = metrics()
    caption_w = fm.width(caption, size, True) + 1.5
    column = (width - caption_w) / len(days)
    label_w = max(fm.width(day, size) for day in days)
    if label_w + 0.6 + box + 1.0 > column:
        raise InternalError(f"the tick row does not fit {width:.0f} mm at {size} pt")
    base = box / 2 + size * PT * 0.35
    ops: list[Op] = [TextOp(0, base, caption, size, True, INK)]
    for index, day in enumerate(days):
        # Each day's name right beside its box; the space between days falls after the box.
        x = caption_w + index * column
        ops.append(TextOp(x + label_w - fm.width(day, size), base, day, size, False, INK))
        ops.append(RectOp(x + label_w + 0.6, 0, box, box, 0.3, INK))
    return Custom(box + 0.3, tuple(ops))


@dataclass(frozen=True)
class Personal:
    """What the clinician adds for one patient: name, date, and per exercise a note and the
    side to work (``left``, ``right`` or ``both``), keyed by exercise id; the clinic's name,
    phone and logo (PNG or JPEG bytes) head the compact handout."""

    patient: str = ""
    date: str = ""
    clinic_name: str = ""
    clinic_phone: str = ""
    logo: bytes | None = None
    notes: Mapping[str, str] = field(default_factory=dict)
    sides: Mapping[str, str] = field(default_factory=dict)
