"""PDF handouts: a clinician's chosen exercises, with doses they can change, on A4 or Letter.

A handout is a cover (blank "prepared for / by / date" and space for notes), then each
exercise on its own page (picture, starting position, numbered steps, dose, what to feel,
when to stop, a QR code to its page), then the safety advice from ``content/safety.yml``
(urgency levels, stop rule, good signs, what to do in a flare-up).

A selection is written ``bridge`` or ``bridge:sets=2,reps=10``: the same spelling works on
the command line and in the in-browser handout's address (``?ex=bridge:sets=2,reps=10``).
A value may be typed the way an exercise sheet says it (``bridge:reps=6 each side``,
``bridge:reps=2 x 10``): ``lumbar.content.dose_rules.read_typed`` reads it, as the builder does.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pydantic import ValidationError

from lumbar.content.dose_rules import (
    COUNT_BOUNDS,
    DOSE_FIELDS,
    FLAG_FIELDS,
    count_text,
    flag_value,
    message,
    read_typed,
)
from lumbar.content.errors import did_you_mean
from lumbar.content.models import Dose, Exercise
from lumbar.content.safety import Level, Safety
from lumbar.content.text import DISCLAIMER, page_url, review_note, stop_lines
from lumbar.paths import is_placeholder
from lumbar.printing.cards import picture_block
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
    Row,
    TextOp,
    flow,
    metrics,
    place,
    plain_text,
    stack,
    to_rows,
)
from lumbar.printing.qr import qr_png
from lumbar.printing.render import render_pdf

MAX_RECOMMENDED = 6  # people follow fewer exercises better; more is allowed, with a warning

MARGIN = 18.0
BODY_PT = 13.0
# An exercise or the red flags shrink down to this size to stay on one page, then continue.
BODY_SIZES = (13.0, 12.5, 12.0, 11.5, 11.0)
PICTURE_SHARES = (0.3, 0.22, 0.15)  # the most of a page's height a picture may take
FOOTER_PT = 9.0


class SelectionError(ValueError):
    """One or more problems with the chosen exercises or dose overrides, one a line."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Choice:
    """One entry of a selection: an exercise id and the dose fields to change."""

    exercise_id: str
    overrides: tuple[tuple[str, str], ...] = ()

    def spec(self) -> str:
        """Back to the ``id:field=value,...`` spelling."""
        if not self.overrides:
            return self.exercise_id
        return self.exercise_id + ":" + ",".join(f"{k}={v}" for k, v in self.overrides)


@dataclass(frozen=True)
class HandoutItem:
    """A chosen exercise with the dose to print; ``changed`` names the overridden fields."""

    exercise: Exercise
    dose: Dose
    changed: tuple[str, ...] = ()
    picture: Path | None = None


def parse_choice(spec: str) -> Choice:
    """Parse ``bridge`` or ``bridge:sets=2,reps=10``; SelectionError if malformed.

    A comma followed by text without ``=`` belongs to the value before it, so
    ``bridge:how_often=Twice a day, morning and evening`` keeps its comma (the handout
    builder reads its address the same way).
    """
    exercise_id, _, rest = spec.strip().partition(":")
    if not exercise_id:
        raise SelectionError([f"{spec!r}: start with an exercise id, for example bridge:sets=2"])
    pairs: list[list[str]] = []
    for part in rest.split(","):
        if "=" not in part and pairs and part.strip():
            pairs[-1][1] += "," + part
        elif part.strip():
            name, _, value = part.partition("=")
            pairs.append([name, value])
    problems = [f"{exercise_id}: " + message("not_pair", part=(name + ("=" + value if value else "")).strip())
                for name, value in pairs if not name.strip() or not value.strip()]
    if problems:
        raise SelectionError(problems)
    return Choice(exercise_id, tuple((name.strip().lower().replace("-", "_"), value.strip()) for name, value in pairs))


def resolve(
    exercises: Mapping[str, Exercise], specs: Sequence[str],
    pictures: Mapping[str, Path] | None = None,
) -> list[HandoutItem]:
    """Check a selection against the catalogue and apply dose overrides.

    Every problem is collected first, so one SelectionError lists them all.
    """
    pictures = pictures or {}
    problems: list[str] = []
    items: list[HandoutItem] = []
    seen: set[str] = set()
    if not specs:
        raise SelectionError(["choose at least one exercise, for example: bridge bird-dog walking"])
    for spec in specs:
        try:
            choice = parse_choice(spec)
        except SelectionError as exc:
            problems.extend(exc.problems)
            continue
        exercise = exercises.get(choice.exercise_id)
        if exercise is None:
            hint = did_you_mean(choice.exercise_id, sorted(exercises))
            problems.append(f"no exercise has the id {choice.exercise_id!r}.{hint}")
            continue
        if exercise.id in seen:
            problems.append(f"{exercise.id} is chosen twice; list each exercise once")
            continue
        seen.add(exercise.id)
        try:
            fields = typed_fields(exercise, choice.overrides)
            dose = _dose_with(exercise, fields)
        except SelectionError as exc:
            problems.extend(exc.problems)
            continue
        # Every field set is marked, so "reps=2 x 10" marks the sets too.
        items.append(HandoutItem(exercise, dose, tuple(fields), pictures.get(exercise.id)))
    if problems:
        raise SelectionError(problems)
    return items


def typed_fields(exercise: Exercise, overrides: Sequence[tuple[str, str]]) -> dict[str, object]:
    """The dose fields that ``overrides`` set, read as a clinician types them.

    ``[("reps", "2 x 10 each side")]`` gives ``{"per_side": True, "sets": "2", "reps": "10"}``
    (``dose_rules.read_typed``). SelectionError lists every override that cannot be read, is
    out of bounds, or contradicts another one (``sets=3,reps=2 x 10``).
    """
    fields: dict[str, object] = {}
    typed_as: dict[str, str] = {}  # field -> the text that set it, for messages
    problems = []
    for name, value in overrides:
        try:
            if name not in DOSE_FIELDS:
                hint = did_you_mean(name, DOSE_FIELDS)
                raise ValueError(message("unknown_field", name=name, hint=hint, fields=", ".join(DOSE_FIELDS)))
            found: dict[str, object]
            if name in FLAG_FIELDS:
                found = {name: flag_value(value)}
            elif name in COUNT_BOUNDS:
                try:
                    found = dict(read_typed(name, value))
                except ValueError as exc:
                    raise ValueError(f"{name}: {exc}") from None
            else:
                found = {name: value}
            for field, got in found.items():
                if field in COUNT_BOUNDS:
                    try:
                        count_text(got, *COUNT_BOUNDS[field])
                    except ValueError as exc:
                        raise ValueError(f"{field}: {exc}") from None
            for field, got in found.items():
                if field in fields and _same(field, fields[field]) != _same(field, got):
                    raise ValueError(message("twice", name=field, first=typed_as[field], second=value))
        except ValueError as exc:
            problems.append(f"{exercise.id}: {exc}")
            continue
        fields.update(found)
        typed_as.update(dict.fromkeys(found, value))
    if problems:
        raise SelectionError(problems)
    return fields


def _same(field: str, value: object) -> object:
    """A value in one spelling, to compare two overrides of ``field`` ("8-10" and "8 to 10")."""
    return count_text(value, *COUNT_BOUNDS[field]) if field in COUNT_BOUNDS else value


def apply_overrides(exercise: Exercise, overrides: Sequence[tuple[str, str]]) -> Dose:
    """The exercise's dose with ``overrides`` applied (``typed_fields``) and validated like
    content YAML; SelectionError with every problem."""
    return _dose_with(exercise, typed_fields(exercise, overrides))


def _dose_with(exercise: Exercise, fields: Mapping[str, object]) -> Dose:
    data: dict[str, object] = exercise.dose.model_dump(exclude_none=True)
    data.update(fields)
    try:
        return Dose.model_validate(data)
    except ValidationError as exc:
        raise SelectionError([
            f"{exercise.id}: {'.'.join(str(p) for p in error['loc']) or 'dose'}: "
            f"{str(error['msg']).removeprefix('Value error, ')}"
            for error in exc.errors(include_url=False)
        ]) from None


def selection_warnings(items: Sequence[HandoutItem]) -> list[str]:
    """Advice that does not stop the handout being made."""
    if len(items) > MAX_RECOMMENDED:
        return [f"{len(items)} exercises chosen: people follow a plan of {MAX_RECOMMENDED} or fewer better. "
                "The handout was still made."]
    return []


def handout_query(specs: Sequence[str]) -> str:
    """The in-browser handout's query string for a selection (readable: keeps ``:,=``)."""
    return "&".join("ex=" + quote(parse_choice(spec).spec(), safe=":,=") for spec in specs)


# ---------------------------------------------------------------------------------------
# Layout


@dataclass(frozen=True)
class Site:
    name: str
    url: str


def _heading(text: str, color: tuple[int, int, int] = ACCENT, size: float = BODY_PT) -> Para:
    return Para(text, size + 2, bold=True, color=color, space_before=size * 0.38, keep_with_next=True)


def _para(text: str, size: float = BODY_PT, **extra: object) -> Para:
    return Para(text, size, space_before=size * 0.09, **extra)  # type: ignore[arg-type]


def _field_line(label: str, width: float) -> Custom:
    """A label with a rule to write on: ``Prepared for: ______``."""
    fm = metrics()
    size = 14.0
    label_w = fm.width(label, size, True)
    return Custom(13.0, (
        TextOp(0, 10.0, label, size, True, INK),
        LineOp(label_w + 3, 10.8, width, 10.8, 0.3, RULE),
    ))


def _ruled_line(width: float) -> Custom:
    return Custom(9.0, (LineOp(0, 8.5, width, 8.5, 0.25, RULE),))


def _qr_row(url: str, width: float) -> Custom:
    fm = metrics()
    size = 10.0
    qr = 24.0
    text_w = width - qr - 3
    lines = ["Read this exercise online:"] + fm.wrap(url, text_w, size)
    ops: list[Op] = [ImageOp(-1.5, 0, qr, qr, qr_png(url), crisp=True, title=f"QR code: {url}")]
    y = 8.0
    for index, line in enumerate(lines):
        ops.append(TextOp(qr + 1.5, y, line, size, index == 0, INK))
        y += size * PT * LEADING
    return Custom(max(qr, y), tuple(ops), space_before=5.0)


def _cover_blocks(items: Sequence[HandoutItem], starts: Sequence[int], red_page: int, site: Site,
                  width: float) -> list[Block]:
    blocks: list[Block] = [
        Para(site.name, 13, bold=True, color=ACCENT),
        Para("Your exercise plan", 28, bold=True, space_before=2.0),
        _para("Exercises chosen for you, with how much to do and when to stop. Keep this with you and "
              "bring it to your next appointment."),
        Custom(6.0, ()),
        _field_line("Prepared for:", width),
        _field_line("Prepared by:", width),
        _field_line("Date:", width),
        _heading("Your exercises"),
    ]
    for number, (item, start) in enumerate(zip(items, starts), 1):
        blocks.append(_para(f"{plain_text(item.exercise.name)} (page {start})", label=f"{number}."))
    blocks.append(_para(f"Page {red_page}: when to get help. {DISCLAIMER}"))
    blocks.append(_heading("Notes"))
    return blocks


def _exercise_blocks(item: HandoutItem, number: int, total: int, site: Site, safety: Safety, width: float,
                     body_h: float, size: float = BODY_PT, picture_share: float = 0.3) -> list[Block]:
    e = item.exercise
    blocks: list[Block] = [
        Para(f"Exercise {number} of {total}", 11, bold=True, color=ACCENT),
        Para(plain_text(e.name), 24, bold=True, space_before=1.0),
    ]
    note = review_note(e.review)
    if note:
        blocks.append(Para(note, 11, bold=True, color=INK, space_before=1.0))
    picture = picture_block(item.picture, body_h * picture_share, f"Illustration: {e.name}")
    if picture:
        blocks.append(picture)
    blocks += [_heading("Starting position", size=size), _para(plain_text(e.starting_position), size),
               _heading("Steps", size=size)]
    blocks += [_para(plain_text(step), size, label=f"{n}.") for n, step in enumerate(e.steps, 1)]
    blocks.append(_heading("How much to do", size=size))
    # Only the rows the clinician set say so: a default dose is not personal.
    from lumbar.printing.handout_compact import dose_lines

    # keep_with_next chains the dose rows (and below, the stop list) so neither breaks across
    # a page.
    blocks += [_para(f"{label}: {value}" + (" (set for you)" if mine else ""), size, bold=mine, keep_with_next=True)
               for label, value, mine in dose_lines(item)]
    blocks += [_para("Start gently. Do fewer if you need to, and build up slowly.", size)]
    blocks += [_heading("What you should feel", size=size), _para(plain_text(e.feel), size)]
    blocks.append(_heading("Stop if", WARN, size))
    stops = stop_lines(e, safety)
    blocks += [_para(text, size, label="•", keep_with_next=n < len(stops)) for n, text in enumerate(stops, 1)]
    if not is_placeholder(site.url):  # a code to a placeholder address is dead on paper
        blocks.append(_qr_row(page_url(site.url, e.id), width))
    return blocks


# Heading colours of the urgency levels (ink, not a tint: they print in black and white too).
_LEVEL_COLOURS = {Level.EMERGENCY: WARN, Level.SAME_DAY: (191, 54, 12), Level.SOON: INK, Level.SELF_CARE: ACCENT}


def _safety_blocks(safety: Safety, size: float = BODY_PT) -> list[Block]:
    """The safety section, in the order of the safety page: every level with its action,
    reasons and signs, then the stop rule, good signs and flare-up steps. All text is
    ``size`` (the body size), never smaller than the exercise pages' text."""
    blocks: list[Block] = [Para(plain_text(safety.title), 24, bold=True)]
    note = review_note(safety.review)
    if note:
        blocks.append(Para(note, 11, bold=True, color=INK, space_before=1.0))
    blocks.append(_para(plain_text(safety.intro), size))
    for level in safety.levels:
        blocks.append(_heading(plain_text(level.heading), _LEVEL_COLOURS[level.level], size))
        blocks.append(_para(plain_text(level.action), size))
        for group in level.groups:
            blocks.append(Para(plain_text(group.reason), size, space_before=size * 0.3))
            blocks += [_para(plain_text(item.text), size, label="•") for item in group.items]
    blocks.append(_heading("The stop rule for every exercise", WARN, size))
    blocks += [_para(plain_text(rule.text), size, label="•") for rule in safety.stop_rules]
    if safety.good_signs:
        blocks.append(_heading("Good signs", ACCENT, size))
        blocks += [_para(plain_text(sign), size, label="•") for sign in safety.good_signs]
    blocks.append(_heading("If an exercise flares your pain", ACCENT, size))
    blocks += [_para(plain_text(step), size, label=f"{n}.") for n, step in enumerate(safety.flare_up, 1)]
    return blocks


def layout_handout(items: Sequence[HandoutItem], paper: Paper, site: Site, safety: Safety) -> list[Page]:
    """All pages of the handout: cover, one or more pages per exercise, then the safety
    advice from ``safety`` (content/safety.yml)."""
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
        one_page_or_more(functools.partial(_exercise_blocks, item, n, len(items), site, safety, inner_w, body_h),
                         plain_text(item.exercise.name))
        for n, item in enumerate(items, 1)
    ]
    # Safety text never shrinks below the body size: it continues on further pages instead.
    red = one_page_or_more(lambda size, _share: _safety_blocks(safety, size), plain_text(safety.title), (BODY_PT,))
    # Page numbers on the cover depend on how many pages the cover itself takes.
    cover_pages = 1
    for _ in range(3):
        starts = [cover_pages + 1 + sum(len(s) for s in sections[:n]) for n in range(len(sections))]
        red_page = cover_pages + 1 + sum(len(s) for s in sections)
        cover = frames_of(_cover_blocks(items, starts, red_page, site, inner_w))
        if len(cover) == cover_pages:
            break
        cover_pages = len(cover)
    cover = _add_note_lines(cover, body_h, inner_w)
    all_frames = cover + [f for frames in sections for f in frames] + red
    pages = []
    for number, frame in enumerate(all_frames, 1):
        page = Page(width, height, place(frame, MARGIN, MARGIN))
        page.ops.extend(_footer(site, number, len(all_frames), width, height))
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


def _footer(site: Site, number: int, total: int, width: float, height: float) -> list[Op]:
    fm = metrics()
    y = height - MARGIN + 2.0
    right = f"Page {number} of {total}"
    return [
        LineOp(MARGIN, y - 5.5, width - MARGIN, y - 5.5, 0.2, RULE),
        TextOp(MARGIN, y, f"{site.name} · {DISCLAIMER}", FOOTER_PT, False, INK),
        TextOp(width - MARGIN - fm.width(right, FOOTER_PT), y, right, FOOTER_PT, False, INK),
    ]


def handout_pdf(
    items: Sequence[HandoutItem], paper: Paper, site: Site, safety: Safety,
    created: dt.datetime | None = None, pages: Sequence[Page] | None = None,
) -> bytes:
    """The handout as a PDF with real text (``pages`` from ``layout_handout``, if already made)."""
    pages = pages or layout_handout(items, paper, site, safety)
    names = ", ".join(plain_text(item.exercise.name) for item in items)
    return render_pdf(pages, title=f"Exercise plan: {names}", author=site.name,
                      subject="Exercises for lower back pain", created=created)
