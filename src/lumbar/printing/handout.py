"""The one-per-page PDF handout: a clinician's chosen exercises, with doses they can change,
on A4 or Letter, and ``handout_pdf``, which renders either handout layout.

A handout is a cover (blank "prepared for / by / date" and space for notes), then each
exercise on its own page (picture, starting position, numbered steps, dose, what to feel,
when to stop, a QR code to its page), then the safety advice from ``content/safety.yml``
(urgency levels, stop rule, good signs, what to do in a flare-up). ``lumbar.printing.handout_compact``
lays out the compact handout (two or three exercises a page); both are built from
``lumbar.printing.blocks``. ``lumbar.services.make_handout`` makes either, from the build
cache when the same handout was made before.

The exercises and doses come from a selection (``lumbar.printing.selection``); the site's
name and address from ``lumbar.site.Site``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import replace

from lumbar.content.dose_rules import PRINTED_LABELS, PRINTED_SIDES, PRINTED_WORDS
from lumbar.content.rulebook import sections
from lumbar.content.safety import Safety
from lumbar.content.text import DISCLAIMER, after_stop_lines, dose_instruction, plain_text, review_note, stop_lines
from lumbar.paths import EXERCISE
from lumbar.printing.blocks import (
    BODY_PT,
    MARGIN,
    Personal,
    footer,
    heading,
    para,
    picture_block,
    safety_blocks,
    stop_box,
    tick_row,
)
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
    Row,
    TextOp,
    flow,
    metrics,
    place,
    stack,
    to_rows,
)
from lumbar.printing.qr import qr_png
from lumbar.printing.render import render_pdf
from lumbar.printing.selection import SET_FOR_YOU, ChosenExercise, dose_lines
from lumbar.site import Site

# An exercise or the red flags shrink down to this size to stay on one page, then continue.
BODY_SIZES = (13.0, 12.5, 12.0, 11.5, 11.0)
PICTURE_SHARES = (0.3, 0.22, 0.15)  # the most of a page's height a picture may take
# Every exercise's pictures at one height (a wide lying figure and a tall standing one alike),
# unless the page is short of room: the shares above then shrink them together.
PICTURE_MM = 40.0
LOG_WEEKS = 2  # the tick-box log under each exercise: a row a week


# ---------------------------------------------------------------------------------------
# Layout


def _field_line(label: str, width: float, value: str = "") -> Custom:
    """A label with its value, or with a rule to write on: ``Prepared for: ______``. A long
    value wraps onto more lines beside the label (never cut: ``dose_rules.PERSONAL_LIMITS``
    says how long a value may be)."""
    fm = metrics()
    size = 14.0
    label_w = fm.width(label, size, True)
    if not value:
        return Custom(13.0, (TextOp(0, 10.0, label, size, True, INK), LineOp(label_w + 3, 10.8, width, 10.8, 0.3, RULE)))
    line_h = size * PT * LEADING
    lines = fm.wrap(fm.clean(value), width - label_w - 3, size)
    ops = [TextOp(label_w + 3, 10.0 + n * line_h, line, size, False, INK) for n, line in enumerate(lines)]
    return Custom(13.0 + (len(lines) - 1) * line_h, (TextOp(0, 10.0, label, size, True, INK), *ops))


def _ruled_line(width: float) -> Custom:
    return Custom(9.0, (LineOp(0, 8.5, width, 8.5, 0.25, RULE),))


def _qr_row(url: str, width: float) -> Custom:
    fm = metrics()
    size = 10.0
    qr = 24.0
    text_w = width - qr - 3
    lines = [PRINTED_WORDS["online"]] + fm.wrap(url, text_w, size)
    ops: list[Op] = [ImageOp(-1.5, 0, qr, qr, qr_png(url), crisp=True, title=f"QR code: {url}")]
    y = 8.0
    for index, line in enumerate(lines):
        ops.append(TextOp(qr + 1.5, y, line, size, index == 0, INK))
        y += size * PT * LEADING
    return Custom(max(qr, y), tuple(ops), space_before=5.0)


def _cover_blocks(items: Sequence[ChosenExercise], starts: Sequence[int], red_page: int, site: Site,
                  width: float, personal: Personal) -> list[Block]:
    """The cover, in the builder's order (``rulebook.sections("cover")``)."""
    listed = [para(f"{plain_text(item.exercise.name)} (page {start})", label=f"{number}.")
              for number, (item, start) in enumerate(zip(items, starts), 1)]
    parts: dict[str, list[Block]] = {
        "clinic": [Para(personal.clinic_name or " ", 14, bold=True, color=ACCENT),
                   *([para(PRINTED_LABELS["phone"].format(phone=personal.clinic_phone))] if personal.clinic_phone
                     else [])],
        "site": [Para(site.name, 13, bold=True, color=ACCENT)],
        "title": [Para(PRINTED_WORDS["title"], 28, bold=True, space_before=2.0)],
        "intro": [para(PRINTED_WORDS["intro"])],
        "patient": [Custom(6.0, ()), _field_line(PRINTED_LABELS["patient"], width, personal.patient)],
        "by": [_field_line(PRINTED_LABELS["by"], width, personal.clinic_name)],
        "date": [_field_line(PRINTED_LABELS["date"], width, personal.date)],
        "your_exercises": [heading(PRINTED_WORDS["your_exercises"]), *listed],
        "help": [para(f"Page {red_page}: when to get help. {DISCLAIMER}")],
        "notes": [heading(PRINTED_LABELS["note"])],
    }
    shown = sections("cover", clinic=bool(personal.clinic_name or personal.clinic_phone))
    return [block for name in shown for block in parts[name]]


def _exercise_blocks(item: ChosenExercise, number: int, total: int, site: Site, safety: Safety,
                     personal: Personal, width: float, body_h: float, size: float = BODY_PT,
                     picture_share: float = 0.3) -> list[Block]:
    """One exercise's pages, in the builder's order (``rulebook.sections("exercise")``)."""
    e = item.exercise
    note = review_note(e.review)
    picture = picture_block(item.picture, min(PICTURE_MM, body_h * picture_share), f"Illustration: {e.name}")
    side = personal.sides.get(e.id, "")
    own_note = personal.notes.get(e.id, "")
    url = site.public_url(EXERCISE.page(e.id))  # "" for a placeholder site_url: a code to it is dead on paper
    stops = stop_lines(e, safety)
    parts: dict[str, list[Block]] = {
        "kicker": [Para(PRINTED_WORDS["exercise_of"].format(number=number, total=total), 11, bold=True, color=ACCENT)],
        "name": [Para(plain_text(e.name), 24, bold=True, space_before=1.0)],
        "review_note": [Para(note or "", 11, bold=True, color=INK, space_before=1.0)],
        "pictures": [picture] if picture else [],
        "starting_position": [heading(PRINTED_WORDS["starting_position"], size=size),
                              para(plain_text(e.starting_position), size)],
        "steps": [heading(PRINTED_WORDS["steps"], size=size),
                  *(para(plain_text(step), size, label=f"{n}.") for n, step in enumerate(e.steps, 1))],
        # Only the rows the clinician set say so: a default dose is not personal.
        # keep_with_next chains the dose rows (and below, the stop list) so neither breaks
        # across a page.
        "dose": [heading(PRINTED_WORDS["dose"], size=size),
                 *(para(f"{label}: {value}" + (f" {SET_FOR_YOU}" if mine else ""), size, bold=mine,
                        keep_with_next=True) for label, value, mine in dose_lines(item.dose, item.changed)),
                 para(dose_instruction(item.dose), size, lead=PRINTED_WORDS["in_words"])],
        "start_gently": [para(PRINTED_WORDS["start_gently"], size)],
        # The clinician's side and note for this exercise, as the compact handout prints them.
        "side": [heading(PRINTED_LABELS["side"], size=size), para(PRINTED_SIDES.get(side, ""), size, bold=True)],
        "note": [heading(PRINTED_LABELS["note"], size=size), para(own_note, size, bold=True)],
        "feel": [heading(PRINTED_WORDS["feel"], size=size), para(plain_text(e.feel), size)],
        # The stop box (never split), closed by when to call 999; then the advice for after
        # exercising, which is not a reason to stop.
        "stop": [stop_box(stops, width, size, space_before=size * 0.38, urgent=plain_text(safety.urgent_line)),
                 *(para(line, size) for line in after_stop_lines(safety))],
        "online": [_qr_row(url, width)] if url else [],
    }
    shown = sections("exercise", review_note=bool(note), pictures=picture is not None, side=bool(side),
                     note=bool(own_note), online=bool(url))
    # Something to act with: a two-week tick-box log, a row a week (as the compact handout).
    log: list[Block] = [para(PRINTED_WORDS["log"], size, bold=True, keep_with_next=True),
                        *(replace(tick_row(width, size, caption=PRINTED_WORDS["week"].format(number=n), box=5.5),
                                  space_before=1.5) for n in range(1, LOG_WEEKS + 1))]
    return [block for name in shown for block in parts[name]] + log


def layout_handout(items: Sequence[ChosenExercise], paper: Paper, site: Site, safety: Safety,
                   personal: Personal | None = None) -> list[Page]:
    """All pages of the handout: cover (with the patient's name, the clinic and the date from
    ``personal``, or lines to write them on), one or more pages per exercise (with its side
    and note, if given), then the safety advice from ``safety`` (content/safety.yml)."""
    personal = personal or Personal()
    width, height = paper.sheet
    inner_w = width - 2 * MARGIN
    footer_h = 10.0
    body_h = height - 2 * MARGIN - footer_h

    def frames_of(blocks: Sequence[Block]) -> list[list[tuple[float, Row]]]:
        frames = flow(to_rows(blocks, inner_w), [body_h])
        assert frames is not None  # unlimited frames always fit
        return frames

    def one_page_or_more(make: Callable[[float, float], Sequence[Block]], title: str,
                         sizes: Sequence[float] = BODY_SIZES) -> list[list[tuple[float, Row]]]:
        # Shrink a little to keep a section on one page; if it is still too long, continue
        # at full size on further pages, each headed "<title> (continued)".
        # A picture gets smaller (down to 15% of the page) before the text does.
        for size, share in [(size, share) for size in sizes for share in PICTURE_SHARES]:
            frames = flow(to_rows(make(size, share), inner_w), [body_h], max_frames=1)
            if frames is not None:
                return frames
        header = to_rows([Para(f"{title} (continued)", BODY_PT + 2, bold=True, color=INK), Custom(3.0, ())], inner_w)
        header_h = sum(row.height for row in header)
        frames = flow(to_rows(make(BODY_PT, PICTURE_SHARES[0]), inner_w), [body_h, body_h - header_h])
        assert frames is not None
        for frame in frames[1:]:
            frame[:] = [(y, row) for y, row in stack(header)] + [(y + header_h, row) for y, row in frame]
        return frames

    sections = [
        one_page_or_more(functools.partial(_exercise_blocks, item, n, len(items), site, safety, personal,
                                           inner_w, body_h),
                         plain_text(item.exercise.name))
        for n, item in enumerate(items, 1)
    ]
    # Safety text never shrinks below the body size: it continues on further pages instead.
    red = one_page_or_more(lambda size, _share: safety_blocks(safety, size), plain_text(safety.title), (BODY_PT,))
    # Page numbers on the cover depend on how many pages the cover itself takes.
    cover_pages = 1
    for _ in range(3):
        starts = [cover_pages + 1 + sum(len(s) for s in sections[:n]) for n in range(len(sections))]
        red_page = cover_pages + 1 + sum(len(s) for s in sections)
        cover = frames_of(_cover_blocks(items, starts, red_page, site, inner_w, personal))
        if len(cover) == cover_pages:
            break
        cover_pages = len(cover)
    cover = _add_note_lines(cover, body_h, inner_w)
    all_frames = cover + [f for frames in sections for f in frames] + red
    pages = []
    for number, frame in enumerate(all_frames, 1):
        page = Page(width, height, place(frame, MARGIN, MARGIN))
        page.ops.extend(footer(site.name, number, len(all_frames), width, height))
        pages.append(page)
    return pages


def _add_note_lines(cover: list[list[tuple[float, Row]]], body_h: float, width: float) -> list[list[tuple[float, Row]]]:
    """Fill the rest of the cover with ruled lines for notes (at least four)."""
    last = cover[-1]
    used = (last[-1][0] + last[-1][1].height) if last else 0.0
    line_h = _ruled_line(width).height
    count = max(4, int((body_h - used) // line_h))
    extra = flow(to_rows([_ruled_line(width) for _ in range(count)], width), [body_h - used, body_h])
    assert extra is not None
    last.extend((used + y, row) for y, row in extra[0])
    return cover + extra[1:]


def handout_pdf(
    items: Sequence[ChosenExercise], paper: Paper, site: Site, safety: Safety,
    created: dt.datetime | None = None, pages: Sequence[Page] | None = None,
) -> bytes:
    """The handout as a PDF with real text (``pages`` from ``layout_handout``, if already made)."""
    pages = pages or layout_handout(items, paper, site, safety)
    names = ", ".join(plain_text(item.exercise.name) for item in items)
    return render_pdf(pages, title=f"Exercise plan: {names}", author=site.name,
                      subject="Exercises for lower back pain", created=created)
