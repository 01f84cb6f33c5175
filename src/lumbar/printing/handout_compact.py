"""The compact handout: two or three exercises to a page, like a physiotherapist's home
exercise programme.

Page one starts with the clinic (name, phone, logo from ``extra: lumbar: clinic:`` in
mkdocs.yml), the patient's name and the date (from the CLI, or lines to write on), and the
stop rules that apply to every exercise. Each exercise is one panel that never breaks across
a page: on the left its picture, the dose box (fields the clinician set are marked "set for
you") and a tick-box log for two weeks; on the right the starting position, numbered steps,
what to feel, when to stop, the side to work and the clinician's notes with lines to write
on. The safety advice (content/safety.yml) follows on its own page (``lumbar.printing.blocks``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lumbar.content.dose_rules import PRINTED_LABELS, PRINTED_SIDES, PRINTED_WORDS
from lumbar.content.safety import Safety
from lumbar.content.text import DISCLAIMER, general_stop_lines, plain_text
from lumbar.printing.blocks import Personal, footer, footer_top, picture_block, safety_blocks
from lumbar.printing.layout import (
    ACCENT,
    INK,
    LEADING,
    PT,
    RULE,
    WARN,
    Block,
    Custom,
    ImageOp,
    LineOp,
    Op,
    Page,
    Paper,
    Para,
    RectOp,
    TextOp,
    flow,
    metrics,
    place,
    to_rows,
    translate,
)
from lumbar.printing.selection import SET_FOR_YOU, ChosenExercise, dose_lines
from lumbar.site import Site

MARGIN = 12.0  # mm
BODY_PT = 11.0  # the body size of every exercise panel
HEAD_PT = 12.0
LEFT_SHARE = 0.32  # the picture, dose and log column's share of the width
GUTTER = 5.0  # mm between the columns
PANEL_GAP = 3.0  # mm between panels, with a rule
LOG_WEEKS = 2
PERSONAL_PT = 13.0  # the patient's name and the date
LOGO_MM = 30.0  # the clinic logo's largest side


def _column(blocks: Sequence[Block], width: float) -> tuple[float, list[Op]]:
    """Blocks stacked in a column ``width`` mm wide: (height in mm, ops from its top-left)."""
    ops: list[Op] = []
    y = 0.0
    for index, row in enumerate(to_rows(blocks, width)):
        if index:
            y += row.space_before
        ops.extend(translate(row.ops, 0, y))
        y += row.height
    return y, ops


def _heading(text: str, color: tuple[int, int, int] = ACCENT) -> Para:
    return Para(text, HEAD_PT, bold=True, color=color, space_before=1.6, keep_with_next=True)


def _dose_box(item: ChosenExercise, width: float) -> Custom:
    fm = metrics()
    pad = 1.8
    line_h = BODY_PT * PT * LEADING
    base = BODY_PT * PT * (0.95 + (LEADING - 1.24) / 2)
    ops: list[Op] = [TextOp(pad, pad + base, PRINTED_WORDS["dose"], HEAD_PT, True, ACCENT)]
    y = pad + HEAD_PT * PT * LEADING + 0.5
    for label, value, mine in dose_lines(item.dose, item.changed):
        text = f"{fm.clean(label)}: {fm.clean(value)}" + (f" {SET_FOR_YOU}" if mine else "")
        for line in fm.wrap(text, width - 2 * pad, BODY_PT):
            ops.append(TextOp(pad, y + base, line, BODY_PT, mine, INK))
            y += line_h
    height = y + pad
    return Custom(height, (RectOp(0, 0, width, height, 0.4, ACCENT), *ops), space_before=2.5)


def _log(width: float) -> Custom:
    """Two weeks of tick boxes, a row a week."""
    fm = metrics()
    size = 9.5
    label_w = max(fm.width(f"Week {n}", size, True) for n in range(1, LOG_WEEKS + 1)) + 1.5
    box = min(5.2, (width - label_w) / 7 - 0.8)
    ops: list[Op] = [TextOp(0, size * PT, "Tick a box each day you do it:", size, True, INK)]
    top = size * PT * LEADING + 1.0
    for week in range(LOG_WEEKS):
        y = top + week * (box + 1.5)
        ops.append(TextOp(0, y + box * 0.7, f"Week {week + 1}", size, True, INK))
        for day in range(7):
            ops.append(RectOp(label_w + day * (box + 0.8), y, box, box, 0.35, INK))
    return Custom(top + LOG_WEEKS * (box + 1.5), tuple(ops), space_before=3.0)


def _notes_line(width: float) -> Custom:
    """``Notes:`` with a rule to write on, and a second rule under it."""
    label_w = metrics().width("Notes:", HEAD_PT, True) + 2.0
    return Custom(13.5, (TextOp(0, 6.0, "Notes:", HEAD_PT, True, ACCENT),
                         LineOp(label_w, 6.5, width, 6.5, 0.25, RULE),
                         LineOp(0, 13.0, width, 13.0, 0.25, RULE)), space_before=2.0)


def _panel(item: ChosenExercise, number: int, width: float, personal: Personal) -> tuple[float, list[Op]]:
    """One exercise: title, then the two columns. (height in mm, ops from its top-left)."""
    e = item.exercise
    left_w = width * LEFT_SHARE
    right_w = width - left_w - GUTTER
    title_h, title_ops = _column([Para(f"{number}. {plain_text(e.name)}", 15, bold=True, color=INK)], width)
    left: list[Block] = []
    picture = picture_block(item.picture, 36.0, f"Illustration: {e.name}")
    if picture:
        left.append(replace(picture, space_before=0.0))
    left += [_dose_box(item, left_w), _log(left_w)]
    right: list[Block] = [Para(PRINTED_WORDS["starting_position"], HEAD_PT, bold=True, color=ACCENT, keep_with_next=True),
                          Para(plain_text(e.starting_position), BODY_PT)]
    right.append(_heading(PRINTED_WORDS["steps"]))
    right += [Para(plain_text(step), BODY_PT, label=f"{n}.", space_before=0.6) for n, step in enumerate(e.steps, 1)]
    right += [_heading(PRINTED_WORDS["feel"]), Para(plain_text(e.feel), BODY_PT)]
    right.append(_heading(PRINTED_WORDS["stop"], WARN))
    right += [Para(plain_text(text), BODY_PT, label="•") for text in e.stop_if]
    # The side and notes go under the log: the left column is the shorter one.
    side = personal.sides.get(e.id)
    if side:
        left += [_heading(PRINTED_LABELS["side"]), Para(PRINTED_SIDES[side], BODY_PT, bold=True)]
    note = personal.notes.get(e.id, "")
    if note:
        left += [_heading(PRINTED_LABELS["note"]), Para(note, BODY_PT, bold=True)]
    else:
        left.append(_notes_line(left_w))
    left_h, left_ops = _column(left, left_w)
    right_h, right_ops = _column(right, right_w)
    top = title_h + 1.5
    ops = title_ops + translate(left_ops, 0, top) + translate(right_ops, left_w + GUTTER, top)
    return top + max(left_h, right_h), ops


def _header(items: Sequence[ChosenExercise], personal: Personal, safety: Safety, width: float) -> tuple[float, list[Op]]:
    """The top of page one: clinic, title, patient and date, and the stop rules for everything."""
    fm = metrics()
    ops: list[Op] = []
    x = logo_h = 0.0
    if personal.logo:
        from io import BytesIO

        from PIL import Image

        with Image.open(BytesIO(personal.logo)) as logo:
            aspect = logo.height / logo.width
        # At most 30 mm either way: a tall logo is narrowed, never drawn over the text below.
        logo_w = min(LOGO_MM, LOGO_MM / aspect)
        logo_h = logo_w * aspect
        ops.append(ImageOp(0, 0, logo_w, logo_h, personal.logo, title="Clinic logo"))
        x = LOGO_MM + 4.0
    blocks: list[Block] = [Para(personal.clinic_name or "Clinic: ______________________", 14, bold=True, color=ACCENT)]
    blocks.append(Para(PRINTED_LABELS["phone"].format(phone=personal.clinic_phone or "______________________"),
                       BODY_PT))
    blocks.append(Para(PRINTED_WORDS["title"], 18, bold=True, color=INK, space_before=1.0))
    head_h, head_ops = _column(blocks, width - x)
    ops += translate(head_ops, x, 0)
    y = max(head_h, logo_h) + 2.0
    # Name and date share a line: the name takes the first 62% of it, and either wraps onto
    # more lines (never cut: dose_rules.PERSONAL_LIMITS says how long they may be). The
    # labels are the builder's (dose_rules.PRINTED_LABELS), so both handouts say the same.
    line_h = PERSONAL_PT * PT * LEADING
    rows = 1
    for label, value, x0, x1 in ((PRINTED_LABELS["patient"], personal.patient, 0.0, width * 0.62 - 4.0),
                                 (PRINTED_LABELS["date"], personal.date, width * 0.62, width)):
        ops.append(TextOp(x0, y + 5.0, label, PERSONAL_PT, True, INK))
        label_w = fm.width(label, PERSONAL_PT, True) + 2.5
        if value:
            lines = fm.wrap(fm.clean(value), x1 - x0 - label_w, PERSONAL_PT)
            ops += [TextOp(x0 + label_w, y + 5.0 + n * line_h, line, PERSONAL_PT, False, INK) for n, line in enumerate(lines)]
            rows = max(rows, len(lines))
        else:
            ops.append(LineOp(x0 + label_w, y + 5.8, x1, y + 5.8, 0.3, RULE))
    y += 8.0 + (rows - 1) * line_h
    rules_h, rules_ops = _column(
        [Para("Stop any exercise and rest if:", BODY_PT, bold=True, color=WARN)]
        + [Para(rule, BODY_PT, label="•") for rule in general_stop_lines(safety)]
        + [Para(f"Do these {len(items)} exercises as shown. {DISCLAIMER}", BODY_PT, space_before=1.0)],
        width - 6.0)
    ops.append(RectOp(0, y + 1.0, width, rules_h + 4.0, 0.5, WARN))
    ops += translate(rules_ops, 3.0, y + 3.0)
    return y + rules_h + 6.0, ops


def layout_compact(items: Sequence[ChosenExercise], paper: Paper, site: Site, safety: Safety,
                   personal: Personal | None = None) -> list[Page]:
    """The compact handout's pages (mm geometry from ``paper.sheet``): a panel never breaks
    across pages; a panel taller than a page is placed alone, clipped to nothing (it only
    overflows with far more text than any real exercise has, and the test checks it)."""
    personal = personal or Personal()
    width, height = paper.sheet
    inner_w = width - 2 * MARGIN
    body_h = footer_top(site.name, width, height) - MARGIN - 1.0  # ends above the footer's rule
    header_h, header_ops = _header(items, personal, safety, inner_w)
    frames: list[list[Op]] = [list(translate(header_ops, MARGIN, MARGIN))]
    y = header_h + PANEL_GAP
    for number, item in enumerate(items, 1):
        panel_h, panel_ops = _panel(item, number, inner_w, personal)
        if y + panel_h > body_h and y > 0:
            frames.append([])
            y = 0.0
        if y > 0:
            frames[-1].append(LineOp(MARGIN, MARGIN + y - PANEL_GAP / 2, width - MARGIN,
                                     MARGIN + y - PANEL_GAP / 2, 0.3, RULE))
        frames[-1] += translate(panel_ops, MARGIN, MARGIN + y)
        y += panel_h + PANEL_GAP
    red = flow(to_rows(safety_blocks(safety, BODY_PT), inner_w), [body_h]) or []
    pages_ops = frames + [place(frame, MARGIN, MARGIN) for frame in red]
    pages = []
    for number, ops in enumerate(pages_ops, 1):
        page = Page(width, height, list(ops))
        page.ops.extend(footer(site.name, number, len(pages_ops), width, height))
        pages.append(page)
    return pages


__all__ = ["layout_compact"]
