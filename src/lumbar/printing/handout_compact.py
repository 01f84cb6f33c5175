"""The compact handout: two or three exercises to a page, like a physiotherapist's home
exercise programme.

Page one starts with a header: the title, the clinic (name, phone, logo from ``extra: lumbar:
clinic:`` in mkdocs.yml) or lines to write them on, the patient's name and the date, and the
stop rule for every exercise in a box. Each exercise is one panel that never breaks across a
page: in a narrow column its name (when it fits there on one line), picture, the dose box
(fields the clinician set are marked "set for you"), a tick-box log for two weeks, the side
to work and the clinician's note; beside it the starting position, numbered steps, what to
feel and when to stop, running on at the panel's full width below the narrow column. The
last page of exercises ends with lines for notes where there is room. The safety advice
(content/safety.yml) follows on its own pages (``lumbar.printing.blocks``).

The packing is what lets four exercises fit on two A4 pages with the header (the longest
panels of the real content are about 101 mm, tests/printing/test_print_pdfs.py): the text
column reclaims the space under the narrow column, the name sits above the picture instead of
across the panel, and "Starting position" and "What you should feel" are run-in headings. The
body stays 11 pt throughout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lumbar.content.dose_rules import PRINTED_LABELS, PRINTED_SIDES, PRINTED_WORDS
from lumbar.content.safety import Safety
from lumbar.content.text import general_stop_lines, plain_text
from lumbar.printing.blocks import Personal, footer, footer_top, picture_block, safety_blocks, stop_box
from lumbar.printing.layout import (
    ACCENT,
    INK,
    LEADING,
    PT,
    RULE,
    Block,
    Custom,
    ImageOp,
    LineOp,
    Op,
    Page,
    Paper,
    Para,
    RectOp,
    Row,
    TextOp,
    flow,
    metrics,
    place,
    to_rows,
    translate,
)
from lumbar.printing.selection import SET_FOR_YOU, ChosenExercise, dose_lines
from lumbar.site import Site

MARGIN = 10.0  # mm: the page's margin at the top and sides, and the footer's (blocks.footer)
BODY_PT = 11.0  # the body size of every exercise panel
HEAD_PT = 12.0
TITLE_PT = 14.0  # an exercise's name
LEFT_SHARE = 0.30  # the narrow column's share of the width (name, picture, dose, log)
GUTTER = 5.0  # mm between the columns
PANEL_GAP = 3.0  # mm between panels, with a rule
PICTURE_MM = 32.0  # the tallest a panel's picture may be
HEADING_GAP = 1.2  # mm above a heading inside a panel
LOG_WEEKS = 2
PERSONAL_PT = 13.0  # the patient's name and the date
LOGO_MM = (30.0, 12.0)  # the clinic logo's largest width and height
NOTE_LINE_MM = 9.0  # one ruled line for notes
NOTE_LINES = (2, 8)  # the fewest ruled lines worth printing at the end, and the most


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


def _beside(sections: Sequence[Sequence[Block]], x: float, narrow: float, full: float,
            beside: float) -> tuple[float, list[Op]]:
    """Sections of blocks (a heading and what it heads) in a column ``narrow`` mm wide,
    ``x`` mm from the left, beside another column ``beside`` mm tall; below that column they
    take the ``full`` width from the left edge. A section is never split between the widths
    (a list keeps its items in line): one that would run past the narrow column either stays
    narrow or moves below it at full width, whichever ends higher. (height in mm, ops)."""
    ops: list[Op] = []
    y = 0.0
    wide = False
    for index, section in enumerate(sections):
        gap = getattr(section[0], "space_before", 0.0) if index else 0.0
        narrow_rows, full_rows = to_rows(section, narrow), to_rows(section, full)

        def height(rows: Sequence[Row]) -> float:
            return sum(row.height + (row.space_before if n else 0.0) for n, row in enumerate(rows))

        if not wide and max(y + gap, beside) + height(full_rows) < y + gap + height(narrow_rows) \
                and y + gap + height(narrow_rows) > beside:
            y, wide = max(y + gap, beside) - gap, True
        y += gap
        for n, row in enumerate(full_rows if wide else narrow_rows):
            y += row.space_before if n else 0.0
            ops.extend(translate(row.ops, 0.0 if wide else x, y))
            y += row.height
    return y, ops


def _heading(text: str, color: tuple[int, int, int] = ACCENT) -> Para:
    return Para(text, HEAD_PT, bold=True, color=color, space_before=HEADING_GAP, keep_with_next=True)


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
    weeks = [PRINTED_WORDS["week"].format(number=n) for n in range(1, LOG_WEEKS + 1)]
    label_w = max(fm.width(week, size, True) for week in weeks) + 1.5
    box = min(5.2, (width - label_w) / 7 - 0.8)
    ops: list[Op] = [TextOp(0, size * PT, PRINTED_WORDS["log"], size, True, INK)]
    top = size * PT * LEADING + 1.0
    for week in range(LOG_WEEKS):
        y = top + week * (box + 1.5)
        ops.append(TextOp(0, y + box * 0.7, weeks[week], size, True, INK))
        for day in range(7):
            ops.append(RectOp(label_w + day * (box + 0.8), y, box, box, 0.35, INK))
    return Custom(top + LOG_WEEKS * (box + 1.5), tuple(ops), space_before=3.0)


def _ruled(width: float) -> Custom:
    return Custom(NOTE_LINE_MM, (LineOp(0, NOTE_LINE_MM - 0.5, width, NOTE_LINE_MM - 0.5, 0.25, RULE),))


def _panel(item: ChosenExercise, number: int, width: float, personal: Personal) -> tuple[float, list[Op]]:
    """One exercise: the narrow column and the text beside and below it. (height in mm, ops
    from its top-left)."""
    e = item.exercise
    left_w = width * LEFT_SHARE
    right_x = left_w + GUTTER
    title = Para(f"{number}. {plain_text(e.name)}", TITLE_PT, bold=True, color=INK)
    ops: list[Op] = []
    top = 0.0
    left: list[Block] = []
    # The name heads the narrow column when it fits there on one line, so the text beside it
    # has the panel's whole height; a longer name runs across the top of the panel.
    if len(to_rows([title], left_w)) == 1:
        left.append(title)
    else:
        title_h, ops = _column([title], width)
        top = title_h + 1.5
    picture = picture_block(item.picture, PICTURE_MM, f"Illustration: {e.name}")
    if picture:
        left.append(replace(picture, space_before=1.0 if left else 0.0))
    left += [_dose_box(item, left_w), _log(left_w)]
    side = personal.sides.get(e.id)
    if side:
        left += [_heading(PRINTED_LABELS["side"]), Para(PRINTED_SIDES[side], BODY_PT, bold=True)]
    note = personal.notes.get(e.id, "")
    if note:
        left += [_heading(PRINTED_LABELS["note"]), Para(note, BODY_PT, bold=True)]
    right: list[list[Block]] = [
        [Para(plain_text(e.starting_position), BODY_PT, lead=PRINTED_WORDS["starting_position"] + ":")],
        [_heading(PRINTED_WORDS["steps"]),
         *(Para(plain_text(step), BODY_PT, label=f"{n}.", space_before=0.4) for n, step in enumerate(e.steps, 1))],
        [Para(plain_text(e.feel), BODY_PT, lead=PRINTED_WORDS["feel"] + ":", space_before=HEADING_GAP)],
        [stop_box([plain_text(text) for text in e.stop_if], width - right_x, BODY_PT, space_before=0.8)],
    ]
    left_h, left_ops = _column(left, left_w)
    right_h, right_ops = _beside(right, right_x, width - right_x, width, left_h + 1.0)
    ops += translate(left_ops, 0, top) + translate(right_ops, 0, top)
    return top + max(left_h, right_h), ops


def _header(personal: Personal, safety: Safety, width: float) -> tuple[float, list[Op]]:
    """The top of page one: the title beside the clinic, the patient and the date, and the
    stop rule for every exercise in a box. (height in mm, ops from its top-left)."""
    fm = metrics()
    ops: list[Op] = []
    x = logo_h = 0.0
    if personal.logo:
        from io import BytesIO

        from PIL import Image

        with Image.open(BytesIO(personal.logo)) as logo:
            aspect = logo.height / logo.width
        # At most LOGO_MM wide and as tall as the title and clinic beside it, so a square or
        # tall logo does not push the exercises off page one.
        logo_w = min(LOGO_MM[0], LOGO_MM[1] / aspect)
        logo_h = logo_w * aspect
        ops.append(ImageOp(0, 0, logo_w, logo_h, personal.logo, title="Clinic logo"))
        x = logo_w + 4.0
    title_h, title_ops = _column([Para(PRINTED_WORDS["title"], 18, bold=True, color=INK)], width * 0.55 - x)
    ops += translate(title_ops, x, 0)
    # The clinic on the right, like a letterhead: its name and phone, or lines to write them on.
    right_w = width * 0.42
    y = 0.0
    phone = PRINTED_LABELS["phone"].format(phone=personal.clinic_phone) if personal.clinic_phone else ""
    for label, text, size, bold, color in ((PRINTED_LABELS["clinic"], personal.clinic_name, 14.0, True, ACCENT),
                                           (PRINTED_LABELS["phone"].format(phone="").strip(), phone, BODY_PT, False, INK)):
        line_h = size * PT * LEADING
        base = size * PT * (0.95 + (LEADING - 1.24) / 2)
        if text:
            for line in fm.wrap(fm.clean(text), right_w, size, bold):
                ops.append(TextOp(width - fm.width(line, size, bold), y + base, line, size, bold, color))
                y += line_h
        else:
            label_w = fm.width(label, size, True)
            ops.append(TextOp(width - right_w, y + base, label, size, True, color))
            ops.append(LineOp(width - right_w + label_w + 2.0, y + base + 0.8, width, y + base + 0.8, 0.3, RULE))
            y += line_h
    y = max(title_h, y, logo_h) + 2.0
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
    # The general reasons to stop in the stop box every print uses (blocks.stop_box). When to
    # call 999, and the advice for after exercising, are on the safety pages that follow: a
    # line more here would leave less room than four exercises on two pages need.
    box = stop_box(general_stop_lines(safety), width, BODY_PT, title=PRINTED_WORDS["stop_any"])
    ops += translate(box.ops, 0, y + 1.0)
    return y + box.height + 2.0, ops


def _notes(width: float, room: float) -> tuple[float, list[Op]]:
    """"Notes" and ruled lines to write on, filling ``room`` mm (at most ``NOTE_LINES[1]``
    lines); nothing when fewer than ``NOTE_LINES[0]`` lines fit."""
    heading_h, heading_ops = _column([Para(PRINTED_LABELS["note"], HEAD_PT, bold=True, color=ACCENT)], width)
    count = min(NOTE_LINES[1], int((room - heading_h) // NOTE_LINE_MM))
    if count < NOTE_LINES[0]:
        return 0.0, []
    height, ruled = _column([_ruled(width) for _ in range(count)], width)
    return heading_h + height, heading_ops + translate(ruled, 0, heading_h)


def _body_height(paper: Paper, site_name: str = "") -> float:
    """The height (mm) a page's content may take: from the top margin down to 1.5 mm above
    the footer's rule (``blocks.footer`` at this layout's margin; a long site name takes a
    second line)."""
    return footer_top(site_name, paper.sheet[0], paper.sheet[1], MARGIN) - 1.5 - MARGIN


def panel_height(item: ChosenExercise, paper: Paper) -> float:
    """The height (mm) of ``item``'s panel on ``paper``, without a side or note."""
    return _panel(item, 1, paper.sheet[0] - 2 * MARGIN, Personal())[0]


def panel_budget(paper: Paper, safety: Safety) -> float:
    """The tallest a panel may be (mm) for any two panels to share page one with the header
    (and so any four exercises to fit on two pages): half of what the header leaves."""
    header_h, _ = _header(Personal(), safety, paper.sheet[0] - 2 * MARGIN)
    return (_body_height(paper) - header_h - 2 * PANEL_GAP) / 2


def layout_compact(items: Sequence[ChosenExercise], paper: Paper, site: Site, safety: Safety,
                   personal: Personal | None = None) -> list[Page]:
    """The compact handout's pages (mm geometry from ``paper.sheet``): a panel never breaks
    across pages; a panel taller than a page is placed alone, clipped to nothing (it only
    overflows with far more text than any real exercise has, and the test checks it)."""
    personal = personal or Personal()
    width, height = paper.sheet
    inner_w = width - 2 * MARGIN
    body_h = _body_height(paper, site.name)
    header_h, header_ops = _header(personal, safety, inner_w)
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
    notes_h, notes_ops = _notes(inner_w, body_h - y)
    frames[-1] += translate(notes_ops, MARGIN, MARGIN + y)
    red = flow(to_rows(safety_blocks(safety, BODY_PT), inner_w), [body_h]) or []
    pages_ops = frames + [place(frame, MARGIN, MARGIN) for frame in red]
    pages = []
    for number, ops in enumerate(pages_ops, 1):
        page = Page(width, height, list(ops))
        page.ops.extend(footer(site.name, number, len(pages_ops), width, height, MARGIN))
        pages.append(page)
    return pages


__all__ = ["layout_compact", "panel_budget", "panel_height"]
