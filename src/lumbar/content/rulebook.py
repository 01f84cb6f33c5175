"""The handout rulebook: every rule of what a clinician chooses to print, in one place.

``lumbar handout``, ``lumbar cards`` and the in-browser handout builder take the same
choices: a selection written ``bridge:sets=2,reps=10`` (typed doses such as ``2 x 10``,
where the smaller number is the sets), a patient's name, a date, and for each exercise the
side to work and a note. This module is the Python half of the rules; its twin in the
browser is ``templates/overrides/assets/javascripts/lumbar-rulebook.js`` (pure functions,
no page). Both are checked against one file of test vectors, ``tests/rulebook/vectors.json``
(``tests/content/test_rulebook.py`` and ``node --test tests/rulebook``), so neither can
accept, refuse or word anything differently from the other. The rules' data and wording
are in ``lumbar.content.dose_rules``; both halves read them from there.

Every function here works on plain data (a dose is the dict of ``Dose.model_dump()``), so
the same vector is one call on each side. Problems are messages from
``dose_rules.MESSAGES``; a function that finds one raises InvalidValue (one value) or
SelectionError (a list of them) where the JavaScript returns them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote as url_quote

from lumbar.content.dose_rules import (
    COUNT_BOUNDS,
    COUNT_PATTERN,
    DATE_PATTERN,
    DOSE_FIELDS,
    DOSE_ROWS,
    FLAG_FIELDS,
    INSTRUCTION,
    MARKDOWN_PATTERNS,
    MAX_COUNT_TEXT,
    MAX_SHORT_TEXT,
    MAX_TYPED_TEXT,
    MESSAGES,
    MONTHS,
    NO_WORDS,
    OPTIONAL_SECTIONS,
    PER_SIDE,
    PER_SIDE_FIELD,
    PERSONAL_EXAMPLES,
    PERSONAL_LIMITS,
    SECTIONS,
    SIDE_CHOICES,
    SIDE_FIELDS,
    SIDE_PATTERN,
    TERMS,
    TEXT_FIELDS,
    TODAY_WORD,
    TYPED_FORMS,
    TYPED_HELP,
    YES_WORDS,
)
from lumbar.content.markup import HTML_TAG_PATTERN
from lumbar.errors import InvalidValue, SelectionError

# ---- Wording


def message(key: str, **values: Any) -> str:
    """One message of ``dose_rules.MESSAGES``, filled in; ``{value!r}`` quotes as Python's
    ``repr`` does (``'8-6'``, and ``"don't"``): the browser's ``fill`` does the same."""
    return MESSAGES[key].format(**values)


def hint(word: str, choices: Sequence[str]) -> str:
    """`` Did you mean 'bridge'?`` for the closest of ``choices`` (difflib's
    ``get_close_matches``, cut-off 0.6), or ``""`` when none is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return message("hint", name=matches[0]) if matches else ""


_MD_CODE = re.compile(MARKDOWN_PATTERNS["code"])
_MD_LINK = re.compile(MARKDOWN_PATTERNS["link"])
_MD_EMPHASIS = re.compile(MARKDOWN_PATTERNS["emphasis"])


def plain_text(markdown: str) -> str:
    """Contributor Markdown as one line of plain text: the one such function, for print
    (cards, handouts, programme PDFs, the builder's printout), page titles and descriptions,
    and figure alt text.

    The little Markdown content may hold is reduced to its words: a link keeps its text
    (``[NHS advice](https://...)`` gives ``NHS advice``); ``**bold**``, ``*italic*``,
    ``_italic_`` and code spans lose their markers; ``\\*`` and ``\\_`` become ``*`` and
    ``_``; white space, line breaks included, becomes single spaces. A ``*`` or ``_`` that
    marks no emphasis (``3 * 10``, ``file_name``) stays. Never raises.
    """
    text = _MD_CODE.sub(lambda m: m.group(2).strip(), markdown)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = text.replace("\\*", "*").replace("\\_", "_")
    return " ".join(text.split())


# ---- Counts and typed doses

_COUNT = re.compile(COUNT_PATTERN)


def _check_bounds(number: int, low: int, high: int, unit: str) -> None:
    if not low <= number <= high:  # huge or negative numbers: say so, never a traceback
        shown = str(number) if abs(number) < 10**12 else MESSAGES["big_number"]
        raise InvalidValue(message("bounds", number=shown, unit=unit, low=low, high=high))


def count_text(value: object, low: int, high: int, unit: str) -> str:
    """A count (a YAML number, or text such as "8-12") as the pages show it ("8 to 12").

    InvalidValue (a ValueError) with a plain message for anything else, for numbers outside
    ``low``-``high`` and for a range that goes from high to low.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        _check_bounds(value, low, high, unit)
        return str(value)
    match = _COUNT.match(value) if isinstance(value, str) and len(value) <= MAX_COUNT_TEXT else None
    if not match:
        raise InvalidValue(message("count"))
    low_text, high_text = match.groups()
    for part in (low_text, high_text):
        if part is not None:
            _check_bounds(int(part), low, high, unit)
    if high_text is None:
        return str(int(low_text))
    if int(high_text) <= int(low_text):
        raise InvalidValue(message("order", value=value))
    return f"{int(low_text)} to {int(high_text)}"


def flag_value(value: str) -> bool:
    """``yes``/``no`` (and their synonyms) as a bool; InvalidValue otherwise."""
    lower = value.strip().lower()
    if lower in YES_WORDS:
        return True
    if lower in NO_WORDS:
        return False
    raise InvalidValue(message("yes_no", value=value))


def _low(count: str) -> int:
    """The first number of a count as typed ("8-10" gives 8)."""
    found = re.match(r"[0-9]+", count)
    assert found is not None  # every typed form captures digits first
    return int(found.group())


def read_typed(field: str, text: str) -> dict[str, str | bool]:
    """What a clinician typed into one count field (a key of ``TYPED_FORMS``), as the dose
    fields it sets.

    ``read_typed("reps", "2 x 10 each side")`` gives ``{"per_side": True, "sets": "2",
    "reps": "10"}``: in a bare "2 x 10" or "10 x 2" the smaller number is the sets. Counts
    come back as typed ("8-10"), to be checked with ``count_text``. InvalidValue with
    ``TYPED_HELP`` for the field when no form in ``TYPED_FORMS`` fits.
    """
    found: dict[str, str | bool] = {}
    rest = text.strip()
    side = re.match(SIDE_PATTERN, rest, re.IGNORECASE) if field in SIDE_FIELDS and len(rest) <= MAX_TYPED_TEXT else None
    if side:
        rest = side.group(1)
        found[FLAG_FIELDS[0]] = True
    for pattern, fields, smaller_first in TYPED_FORMS[field] if len(rest) <= MAX_TYPED_TEXT else ():
        match = re.match(pattern, rest, re.IGNORECASE)
        if match:
            counts = [group.strip() for group in match.groups()]
            if smaller_first and _low(counts[0]) > _low(counts[1]):
                counts.reverse()
            found.update(zip(fields, counts))
            return found
    raise InvalidValue(message("typed", help=TYPED_HELP[field]))


# ---- A selection: "bridge:sets=2,reps=10"


@dataclass(frozen=True)
class Choice:
    """One entry of a selection as written: an exercise id and the dose fields to change."""

    exercise_id: str
    overrides: tuple[tuple[str, str], ...] = ()

    def spec(self) -> str:
        """Back to the ``id:field=value,...`` spelling."""
        return spec(self.exercise_id, self.overrides)


def spec(exercise_id: str, overrides: Sequence[Sequence[str]] = ()) -> str:
    """``bridge`` or ``bridge:sets=2,reps=10``: a choice in the address's spelling."""
    if not overrides:
        return exercise_id
    return exercise_id + ":" + ",".join(f"{name}={value}" for name, value in overrides)


def parse_choice(text: str) -> Choice:
    """Parse ``bridge`` or ``bridge:sets=2,reps=10``; SelectionError listing every problem.

    A comma followed by text without ``=`` belongs to the value before it, so
    ``bridge:how_often=Twice a day, morning and evening`` keeps its comma. Field names are
    lower-cased, with ``-`` read as ``_``.
    """
    exercise_id, _, rest = text.strip().partition(":")
    if not exercise_id:
        raise SelectionError([message("no_id", spec=text)])
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


@dataclass(frozen=True)
class Part:
    """One dose field an override sets: its ``field``, its ``text`` for the address (the
    part of "2 x 10" it came from, or the yes-word of a flag) and its checked ``value`` (a
    count as pages show it, "8 to 12"; a flag as a bool; a text as typed)."""

    field: str
    text: str
    value: str | bool


def check_override(name: str, value: str) -> list[Part]:
    """The dose fields that one override (``reps`` = ``2 x 10 each side``) sets, checked.

    InvalidValue with the problem, prefixed with the field it is about where there is one
    (``reps: Type ...``): an unknown field, a count that cannot be read or is out of bounds,
    a flag that is not yes or no, a text that is too long or holds HTML.
    """
    if name not in DOSE_FIELDS:
        raise InvalidValue(message("unknown_field", name=name, hint=hint(name, DOSE_FIELDS),
                                   fields=", ".join(DOSE_FIELDS)))
    if name in FLAG_FIELDS:
        flag = flag_value(value)
        return [Part(name, (YES_WORDS if flag else NO_WORDS)[0], flag)]
    if name in TEXT_FIELDS:
        if len(value) > MAX_SHORT_TEXT:
            raise InvalidValue(message("too_long", name=name, limit=MAX_SHORT_TEXT))
        if re.search(HTML_TAG_PATTERN, value):
            raise InvalidValue(message("html", name=name))
        return [Part(name, value, value)]
    try:
        typed = read_typed(name, value)
    except InvalidValue as exc:
        raise InvalidValue(f"{name}: {exc}") from None
    parts = []
    for field_name, got in typed.items():
        if got is True:
            parts.append(Part(field_name, YES_WORDS[0], True))
            continue
        try:
            parts.append(Part(field_name, str(got), count_text(got, *COUNT_BOUNDS[field_name])))
        except InvalidValue as exc:
            raise InvalidValue(f"{field_name}: {exc}") from None
    return parts


@dataclass
class Applied:
    """An exercise's dose with a clinician's overrides: the ``dose`` to print (a dict, as
    ``Dose.model_dump``), the fields they ``changed`` (in the order set, so the rows that
    say "set for you"), the ``overrides`` kept for the address in their plain parts and in
    field order ("reps=2 x 10" becomes ``sets=2``, ``reps=10``), and every ``problem``
    (``bridge: reps: ...``); an override with a problem is dropped."""

    dose: dict[str, Any]
    changed: list[str] = field(default_factory=list)
    overrides: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def apply_overrides(exercise_id: str, dose: Mapping[str, Any], overrides: Sequence[Sequence[str]]) -> Applied:
    """``dose`` with ``overrides`` (``[("reps", "2 x 10")]``) applied, each checked by
    ``check_override``; an override that contradicts an earlier one (``sets=3,reps=2 x 10``)
    is refused with the ``twice`` message."""
    applied = Applied(dict(dose))
    typed_as: dict[str, str] = {}  # field -> the text that set it, for messages
    values: dict[str, str | bool] = {}
    kept: dict[str, str] = {}
    for name, value in overrides:
        try:
            parts = check_override(name, value)
            for part in parts:
                if part.field in values and values[part.field] != part.value:
                    raise InvalidValue(message("twice", name=part.field, first=typed_as[part.field], second=value))
        except InvalidValue as exc:
            applied.problems.append(f"{exercise_id}: {exc}")
            continue
        for part in parts:
            values[part.field] = part.value
            typed_as[part.field] = value
            applied.dose[part.field] = part.value
            kept.pop(part.field, None)
            kept[part.field] = part.text
    applied.changed = list(values)
    applied.overrides = sorted(kept.items(), key=lambda item: DOSE_FIELDS.index(item[0]))
    return applied


@dataclass
class Chosen:
    """One exercise of a selection: its id and its dose with the overrides applied."""

    id: str
    applied: Applied


@dataclass
class Selection:
    """The exercises a selection chose, in order, and every problem with it: as a message for
    the clinician (``problems``), and as ``issues`` (``(kind, exercise id)``: ``unreadable``
    or ``unknown`` with no id, ``twice`` or ``dose`` with one) that ``link_notices`` words for
    someone who opened a shared link."""

    items: list[Chosen] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    issues: list[tuple[str, str]] = field(default_factory=list)


def select(doses: Mapping[str, Mapping[str, Any]], specs: Sequence[str]) -> Selection:
    """Read a selection (``["bridge:sets=2", "walking"]``) against the exercises there are
    (``{id: dose}``): each spec parsed, its id looked up (with a hint for a near miss), each
    exercise once, its overrides applied. Every problem is collected, in order; an exercise
    with a problem in its spec is left out, one with a problem in an override keeps the rest."""
    selection = Selection()
    for text in specs:
        try:
            choice = parse_choice(text)
        except SelectionError as exc:
            selection.problems += exc.problems
            selection.issues.append(("unreadable", ""))
            continue
        if choice.exercise_id not in doses:
            selection.problems.append(message("unknown_exercise", id=choice.exercise_id,
                                              hint=hint(choice.exercise_id, sorted(doses))))
            selection.issues.append(("unknown", ""))
            continue
        if any(item.id == choice.exercise_id for item in selection.items):
            selection.problems.append(message("chosen_twice", id=choice.exercise_id))
            selection.issues.append(("twice", choice.exercise_id))
            continue
        applied = apply_overrides(choice.exercise_id, doses[choice.exercise_id], choice.overrides)
        selection.problems += applied.problems
        if applied.problems:
            selection.issues.append(("dose", choice.exercise_id))
        selection.items.append(Chosen(choice.exercise_id, applied))
    return selection


def query(specs: Sequence[str]) -> str:
    """The builder's query string for a selection: ``ex=bridge:sets=2&ex=walking`` (``:``,
    ``,`` and ``=`` kept readable; everything else as Python's ``urllib.parse.quote``)."""
    return "&".join("ex=" + url_quote(text, safe=":,=") for text in specs)


# ---- Dose rows


def row_value(field_name: str, template: str, dose: Mapping[str, Any]) -> str:
    """One dose row's value: ``15 to 30 seconds``, ``8 to 12 on each side``."""
    value = dose[field_name]
    text = template.format(plain_text(value) if field_name in TEXT_FIELDS else value)
    return text + (PER_SIDE if field_name == PER_SIDE_FIELD and dose.get(FLAG_FIELDS[0]) else "")


def dose_rows(dose: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows in the order and wording of ``dose_rules.DOSE_ROWS``, for every
    field the dose has: the exercise page's dose table, cards, handouts and the builder."""
    return [(label, row_value(name, template, dose)) for name, label, template in DOSE_ROWS if dose.get(name)]


def _rest_text(rest: object) -> str:
    """Rest as said in an instruction: ``60`` is ``1 minute``, ``120`` is ``2 minutes``, ``30
    to 60`` is ``30 to 60 seconds``; no rest is ``a short while``."""
    if not rest:
        return INSTRUCTION["short_rest"]
    text = str(rest)
    if text.isdigit() and int(text) % 60 == 0:
        minutes = int(text) // 60
        return INSTRUCTION["minute"] if minutes == 1 else INSTRUCTION["minutes_rest"].format(minutes)
    return INSTRUCTION["seconds_rest"].format(text)


def _often_text(how_often: str) -> str:
    """``Twice a day`` as it follows "Do this": ``twice a day.`` (the first letter lowered
    unless the first word is all capitals, such as "NHS"; a full stop at the end)."""
    text = plain_text(how_often).rstrip()
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not (len(first) > 1 and first.isupper()):
        text = text[:1].lower() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def dose_instruction(dose: Mapping[str, Any]) -> str:
    """The dose (a dict, as ``Dose.model_dump()``, counts as the dose table shows them: "8 to
    10") said as plain instructions, in the wording of ``dose_rules.INSTRUCTION``: ``{"sets":
    "2", "reps": "8 to 10", "rest_seconds": "60", "how_often": "2 or 3 days a week"}`` gives
    "Do it 8 to 10 times. Rest for 1 minute. Do 8 to 10 more. Do this 2 or 3 days a week."

    Repetitions, then the hold of each, then the sets (a second set said as "Do 8 to 10 more";
    more as "That is one set. Do 3 sets..."), then how often. Never raises for a valid dose;
    the browser's ``doseInstruction`` gives the same (tests/rulebook/vectors.json).
    """
    side = INSTRUCTION["side"] if dose.get(FLAG_FIELDS[0]) else ""
    reps, sets, hold = dose.get("reps"), dose.get("sets"), dose.get("hold_seconds")
    rest = dose.get("rest_seconds")
    said: list[str] = []
    if reps:
        said.append(INSTRUCTION["once" if str(reps) == "1" else "reps"].format(reps=reps, side=side))
        if hold:
            said.append(INSTRUCTION["hold"].format(hold=hold))
    elif hold:
        said.append(INSTRUCTION["hold_only"].format(hold=hold, side=side))
    if dose.get("minutes"):
        said.append(INSTRUCTION["minutes"].format(minutes=dose["minutes"], side="" if reps or hold else side))
    if sets and str(sets) != "1":
        if str(sets) == "2" and reps:
            said.append(INSTRUCTION["second_set"].format(rest=_rest_text(rest), reps=reps, side=side))
        else:
            said.append(INSTRUCTION["more_sets"].format(sets=sets, rest=_rest_text(rest)))
    elif rest and reps:
        said.append(INSTRUCTION["rest_between"].format(rest=_rest_text(rest)))
    if dose.get("how_often"):
        said.append(INSTRUCTION["how_often"].format(how_often=_often_text(str(dose["how_often"]))))
    return " ".join(said)


def dose_terms(dose: Mapping[str, Any]) -> list[str]:
    """What the dose table's words mean (``dose_rules.TERMS``), for the fields ``dose`` has:
    "A repetition is doing the movement once." for reps, and the set's for sets."""
    return [text for name, text in TERMS.items() if dose.get(name)]


# ---- The patient's details: name, date, and per exercise the side and a note


def date_text(value: str, today: dt.date) -> str:
    """A date as printed: ``2025-03-14`` is ``14 March 2025``; ``today`` is ``today``'s;
    ``""`` stays blank. InvalidValue for anything else (``14/03/2025``, ``2025-02-30``)."""
    text = value.strip()
    if not text:
        return ""
    day = today if text.lower() == TODAY_WORD else _calendar_date(text)
    if day is None:
        raise InvalidValue(message("date", value=value))
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _calendar_date(text: str) -> dt.date | None:
    """``2025-03-14`` as a date; None for any other text or a day no calendar has."""
    match = re.match(DATE_PATTERN, text)
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:
        return None


@dataclass
class PersonalDetails:
    """The patient's details as read: ``patient``, the ``date`` as given (``2025-03-14``, or
    ``today``'s when asked for) and as printed (``date_text``), and per exercise id the
    ``sides`` (``left``, ``right`` or ``both``) and ``notes``; every problem, in order, and
    each as an issue (as ``Selection.issues``) for ``link_notices``."""

    patient: str = ""
    date: str = ""
    date_text: str = ""
    sides: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    issues: list[tuple[str, str]] = field(default_factory=list)  # (patient, date, side or note; an id or "")


def _pair(key: str, value: str) -> tuple[str, str]:
    """``bridge=left`` as ``("bridge", "left")``; InvalidValue without both halves."""
    exercise_id, equals, text = value.partition("=")
    if not equals or not exercise_id.strip() or not text.strip():
        raise InvalidValue(message("personal_pair", value=value, what=key, example=PERSONAL_EXAMPLES[key]))
    return exercise_id.strip(), text.strip()


def read_personal(patient: str, date: str, sides: Sequence[str], notes: Sequence[str], chosen: Sequence[str],
                  today: dt.date, sided: Sequence[str] = ()) -> PersonalDetails:
    """The patient's name, the date, and ``ID=side`` / ``ID=TEXT`` pairs for the exercises
    ``chosen``, as ``lumbar handout --patient --date --side --note`` and the builder's address
    (``patient=``, ``date=``, ``side=``, ``note=``) give them. A value with a problem is left
    blank and its problem listed: a name or note longer than its ``PERSONAL_LIMITS``, a date that
    is not one, a pair without ``=``, an exercise not chosen, a side not in ``SIDE_CHOICES``, a
    left or right side for an exercise that is not ``sided`` (those whose ``sides`` field is
    true: walking has no side to choose). Both sides, the default, is no side: nothing is
    printed for it."""
    details = PersonalDetails()
    name = patient.strip()
    if len(name) > PERSONAL_LIMITS["patient"]:
        details.problems.append(message("too_long", name="patient", limit=PERSONAL_LIMITS["patient"]))
        details.issues.append(("patient", ""))
    else:
        details.patient = name
    try:
        details.date_text = date_text(date, today)
        details.date = today.isoformat() if date.strip().lower() == TODAY_WORD else date.strip()
    except InvalidValue as exc:
        details.problems.append(str(exc))
        details.issues.append(("date", ""))
    for key, values in (("side", sides), ("note", notes)):
        for value in values:
            exercise_id = ""
            try:
                exercise_id, text = _pair(key, value)
                if exercise_id not in chosen:
                    raise InvalidValue(message("not_chosen", id=exercise_id))
                if key == "side" and text.lower() not in SIDE_CHOICES:
                    raise InvalidValue(message("bad_side", id=exercise_id, value=text))
                if key == "side" and text.lower() != next(iter(SIDE_CHOICES)) and exercise_id not in sided:
                    raise InvalidValue(message("no_sides", id=exercise_id))
                if key == "note" and len(text) > PERSONAL_LIMITS["note"]:
                    raise InvalidValue(f"{exercise_id}: " + message("too_long", name="note", limit=PERSONAL_LIMITS["note"]))
            except InvalidValue as exc:
                details.problems.append(str(exc))
                details.issues.append((key, exercise_id if exercise_id in chosen else ""))
                continue
            if key == "side":
                if text.lower() != next(iter(SIDE_CHOICES)):  # both sides, the default, prints nothing
                    details.sides[exercise_id] = text.lower()
            else:
                details.notes[exercise_id] = text
    return details


# ---- A shared link, said to whoever opened it


_LINK_MESSAGES = {"unknown": "link_unknown", "twice": "link_twice", "dose": "link_dose", "side": "link_side"}


def link_notices(issues: Sequence[Sequence[str]], names: Mapping[str, str]) -> list[str]:
    """What the builder says about a link it could not read in full, in the words of someone
    who opened it (the link's spelling means nothing to them): one sentence for each kind of
    issue and exercise (``Selection.issues`` and ``PersonalDetails.issues``, in order, each
    once; ``names``: the exercises' names by id), then what to do; none for none. An issue
    with no exercise it can name is a part that could not be read."""
    notices: list[str] = []
    for kind, exercise_id in issues:
        key = _LINK_MESSAGES.get(kind) if kind == "unknown" or exercise_id in names else None
        text = message(key or "link_unreadable", name=names.get(exercise_id, ""))
        if text not in notices:
            notices.append(text)
    return [*notices, message("link_check")] if notices else []


# ---- What a printed exercise shows, in order


def sections(kind: str, **shown: bool) -> list[str]:
    """The sections of a printed ``kind`` (``cover`` or ``exercise``: ``dose_rules.SECTIONS``),
    in order, for the one-per-page handout and the builder's printout alike. An optional
    section appears when ``shown`` says it has something to show: for a cover, ``clinic``;
    for an exercise, ``review_note``, ``pictures``, ``side``, ``note`` and ``online``.
    InvalidValue for an optional section ``shown`` does not mention."""
    missing = [name for name in SECTIONS[kind] if name in OPTIONAL_SECTIONS and name not in shown]
    if missing:
        raise InvalidValue(f"say whether to show {', '.join(missing)}")
    return [name for name in SECTIONS[kind] if name not in OPTIONAL_SECTIONS or shown[name]]
