"""A programme as a printable PDF, made from the handouts' blocks (``lumbar.printing.blocks``).

Layout: a first page with who the plan is for, the warm-up, cool-down, how to build up and
what to do in a flare-up; then each stage from a new page, with each exercise's picture,
its dose for that stage and a note, and a tick-box log (one row an exercise, one box a day)
for each week of the stage; then the safety advice from content/safety.yml, as on a handout.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from lumbar.content.dose_rules import PRINTED_WORDS
from lumbar.content.models import Dose, Exercise, Programme, Stage
from lumbar.content.safety import Safety
from lumbar.content.text import DISCLAIMER, dose_instruction, plain_text, stage_notes, week_label
from lumbar.paths import PROGRAMME
from lumbar.printing.blocks import BODY_PT, MARGIN, footer, heading, para, safety_blocks
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
)
from lumbar.printing.render import render_pdf
from lumbar.site import Site

PICTURE_W = 52.0  # mm: start and end pictures side by side, beside the exercise's text
PICTURE_H = 36.0  # mm: the tallest a picture may be (standing figures), so a stage fits a page
LOG_PT = 10.0
BOX = 5.5  # mm: a tick box, big enough to tick with a pen
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _picture_size(path: Path | None) -> tuple[bytes, float] | None:
    if path is None:
        return None
    # Pillow only when a PDF is drawn: a build that reuses cached PDFs never loads it.
    from PIL import Image

    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        return data, image.height / image.width


def _exercise_row(exercise: Exercise, dose: Dose, note: str | None, picture: Path | None, width: float) -> Custom:
    """Picture on the left; name, dose and note on the right. Never split across pages."""
    fm = metrics()
    ops: list[Op] = []
    pic = _picture_size(picture)
    text_x = 0.0
    pic_h = 0.0
    if pic is not None:
        data, aspect = pic
        pic_h = min(PICTURE_W * aspect, PICTURE_H)
        ops.append(ImageOp(0.0, 0.0, pic_h / aspect, pic_h, data, title=f"Illustration: {plain_text(exercise.name)}"))
        text_x = PICTURE_W + 4.0
    text_w = width - text_x
    y = 0.0
    lines: list[tuple[str, float, bool, tuple[int, int, int]]] = []
    lines += [(line, BODY_PT + 1, True, INK) for line in fm.wrap(plain_text(exercise.name), text_w, BODY_PT + 1, True)]
    lines += [(line, BODY_PT - 1, False, INK) for line in fm.wrap(dose_instruction(dose), text_w, BODY_PT - 1)]
    if note:
        lines += [(line, BODY_PT - 1.5, False, ACCENT) for line in fm.wrap(plain_text(note), text_w, BODY_PT - 1.5)]
    for text, size, bold, color in lines:
        y += size * PT * LEADING
        ops.append(TextOp(text_x, y - size * PT * 0.28, text, size, bold, color))
    return Custom(max(pic_h, y) + 2.0, tuple(ops), space_before=3.0)


def _log(week: int, names: Sequence[str], width: float, days: Sequence[str]) -> Custom:
    """A tick-box log for one week, kept on one page: a header row of days, then one row an
    exercise with a box for each day."""
    fm = metrics()
    name_w = width - len(days) * (BOX + 4.0)
    col = (width - name_w) / len(days)
    row_h = BOX + 3.0
    ops: list[Op] = [TextOp(0, 5.0, f"Week {week}: tick a box each day you do it", LOG_PT, True, INK)]
    for index, day in enumerate(days):
        x = name_w + index * col + (col - fm.width(day, LOG_PT, True)) / 2
        ops.append(TextOp(x, 10.5, day, LOG_PT, True, INK))
    y = 12.5
    line_h = LOG_PT * PT * LEADING
    for name in names:
        # A long name wraps onto more lines, its row growing with it: never cut.
        lines = fm.wrap(name, name_w - 2.0, LOG_PT)
        extra = (len(lines) - 1) * line_h
        ops += [TextOp(0, y + BOX - 0.6 + n * line_h, line, LOG_PT, False, INK) for n, line in enumerate(lines)]
        ops.append(LineOp(0, y + row_h + extra - 0.8, width, y + row_h + extra - 0.8, 0.15, RULE))
        ops += [RectOp(name_w + index * col + (col - BOX) / 2, y + 0.3, BOX, BOX, 0.3, INK) for index in range(len(days))]
        y += row_h + extra
    return Custom(y, tuple(ops), space_before=4.0)


def _intro_blocks(programme: Programme, site: Site, flare_title: str | None, page_url: str) -> list[Block]:
    blocks: list[Block] = [
        Para(site.name, 13, bold=True, color=ACCENT),
        Para(plain_text(programme.title), 26, bold=True, space_before=2.0),
        para(plain_text(programme.summary)),
        para(f"How long: {programme.weeks} week{'s' if programme.weeks != 1 else ''}, "
              f"{programme.days_per_week} days a week.", bold=True),
        heading("Who it is for"),
        *[para(plain_text(t), label="•") for t in programme.for_whom],
        heading("Who it is not for"),
        *[para(plain_text(t), label="•") for t in programme.not_for],
        heading("Warm-up before each session"),
        *[para(plain_text(t), label=f"{n}.") for n, t in enumerate(programme.warm_up, 1)],
        heading("Cool-down after each session"),
        *[para(plain_text(t), label=f"{n}.") for n, t in enumerate(programme.cool_down, 1)],
        heading("How to build up"),
        *[para(plain_text(t), label="•") for t in programme.progression],
    ]
    if flare_title:
        blocks += [heading("If your pain flares up"),
                   para(PRINTED_WORDS["flare_up_plan"].format(title=plain_text(flare_title)))]
    if page_url:
        blocks.append(para(f"Read this plan online: {page_url}", 11))
    return blocks


def _stage_blocks(programme: Programme, number: int, stage: Stage, exercises: Mapping[str, Exercise],
                  pictures: Mapping[str, Path], width: float) -> list[Block]:
    when = week_label(stage) if programme.weeks > 1 else f"Week 1, {plain_text(stage.title).lower()}"
    blocks: list[Block] = [
        Para(f"Stage {number} of {len(programme.stages)}: {when}", 11, bold=True, color=ACCENT),
        Para(plain_text(stage.title), 22, bold=True, space_before=1.0),
        para(plain_text(stage.goal)),
        # The stop rule itself is printed once, from content/safety.yml, on the last pages.
        para("Warm up first and cool down after. When to stop, and when to get help, is on the last pages.", 11),
    ]
    for item in stage.exercises:
        exercise = exercises[item.exercise]
        note = " ".join(stage_notes(item)) or None  # the note, and why its frequency differs
        blocks.append(_exercise_row(exercise, item.dose or exercise.dose, note, pictures.get(exercise.id), width))
    names = [plain_text(exercises[item.exercise].name) for item in stage.exercises]
    # A one-week plan splits its week into days; its log counts days, not weekdays.
    days = tuple(f"Day {n}" for n in range(1, 8)) if programme.weeks == 1 else WEEKDAYS
    for week in range(stage.first_week, stage.last_week + 1):
        blocks.append(_log(week, names, width, days))
    return blocks


def layout_programme(
    programme: Programme, exercises: Mapping[str, Exercise], paper: Paper, site: Site, safety: Safety,
    *, pictures: Mapping[str, Path] | None = None, flare_title: str | None = None,
) -> list[Page]:
    """Every page of a programme's PDF (sizes in mm): the plan, then the safety advice on its own pages.

    ``exercises`` must hold every exercise the stages name (the catalogue checks that);
    ``pictures`` maps exercise ids to their card PNGs (start and end side by side).
    """
    pictures = pictures or {}
    width, height = paper.sheet
    inner_w = width - 2 * MARGIN
    body_h = height - 2 * MARGIN - 10.0

    def frames(blocks: Sequence[Block]) -> list[list[tuple[float, Row]]]:
        result = flow(to_rows(blocks, inner_w), [body_h])
        assert result is not None  # unlimited frames always fit
        return result

    # The introduction and the stages run on from page to page (starting each stage on a new
    # page left pages nearly empty: 11 A4 pages for a 3-stage plan); the safety advice, the
    # same section as a handout's at body size, starts its own page.
    # The plan's address is printed only for a public site_url (site.public_url).
    page_url = site.public_url(PROGRAMME.page(programme.id))
    plan: list[Block] = _intro_blocks(programme, site, flare_title, page_url)
    for number, stage in enumerate(programme.stages, 1):
        plan += _stage_blocks(programme, number, stage, exercises, pictures, inner_w)
    all_frames = frames(plan) + frames(safety_blocks(safety, BODY_PT))
    pages = []
    for number, frame in enumerate(all_frames, 1):
        page = Page(width, height, place(frame, MARGIN, MARGIN))
        page.ops.extend(footer(site.name, number, len(all_frames), width, height))
        pages.append(page)
    return pages


def programme_pdf(
    programme: Programme, exercises: Mapping[str, Exercise], paper: Paper, site: Site, safety: Safety,
    *, pictures: Mapping[str, Path] | None = None, flare_title: str | None = None,
    created: dt.datetime | None = None,
) -> bytes:
    """The programme as a PDF with real text (see ``layout_programme``); equal input, equal bytes."""
    pages = layout_programme(programme, exercises, paper, site, safety, pictures=pictures,
                             flare_title=flare_title)
    return render_pdf(pages, title=plain_text(programme.title), author=site.name,
                      subject=f"Exercise programme for lower back pain. {DISCLAIMER}", created=created)
