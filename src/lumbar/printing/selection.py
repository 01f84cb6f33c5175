"""What a clinician chose to print: exercises, each with the dose fields they set.

A selection is written ``bridge`` or ``bridge:sets=2,reps=10``: the same spelling works for
``lumbar handout``, ``lumbar cards`` and the in-browser handout's address
(``?ex=bridge:sets=2,reps=10``). A value may be typed the way an exercise sheet says it
(``bridge:reps=6 each side``, ``bridge:reps=2 x 10``): ``content.dose_rules.read_typed`` reads
it, as the in-browser builder does. A value is checked exactly as the same field in content
YAML (``content.dose_rules``), and a printed dose row says "set for you" only when the
clinician set one of its fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pydantic import ValidationError

from lumbar.content.dose_rules import (
    COUNT_BOUNDS,
    DOSE_FIELDS,
    DOSE_ROWS,
    FLAG_FIELDS,
    count_text,
    flag_value,
    message,
    read_typed,
)
from lumbar.content.errors import did_you_mean
from lumbar.content.messages import typed_text
from lumbar.content.models import Dose, Exercise
from lumbar.content.text import dose_rows
from lumbar.errors import InvalidValue, SelectionError

MAX_RECOMMENDED = 6  # people follow fewer exercises better; more is allowed, with a warning
SET_FOR_YOU = "(set for you)"
# The dose row (``dose_rows`` label) each field changes: ``per_side`` adds to the reps row.
_ROW_OF_FIELD = {field: label for field, label, _ in DOSE_ROWS}
_ROW_OF_FIELD.update({flag: _ROW_OF_FIELD["reps"] for flag in FLAG_FIELDS})

DoseLine = tuple[str, str, bool]  # (label, value, set for you)


@dataclass(frozen=True)
class Choice:
    """One entry of a selection as written: an exercise id and the dose fields to change."""

    exercise_id: str
    overrides: tuple[tuple[str, str], ...] = ()

    def spec(self) -> str:
        """Back to the ``id:field=value,...`` spelling."""
        if not self.overrides:
            return self.exercise_id
        return self.exercise_id + ":" + ",".join(f"{k}={v}" for k, v in self.overrides)


@dataclass(frozen=True)
class ChosenExercise:
    """A chosen exercise with the dose to print; ``changed`` names the fields the clinician
    set; ``picture`` is its illustration file, if any."""

    exercise: Exercise
    dose: Dose
    changed: tuple[str, ...] = ()
    picture: Path | None = None

    @classmethod
    def as_written(cls, exercise: Exercise, picture: Path | None = None) -> ChosenExercise:
        """The exercise with its own dose, nothing set."""
        return cls(exercise, exercise.dose, (), picture)


def parse_choice(spec: str) -> Choice:
    """Parse ``bridge`` or ``bridge:sets=2,reps=10``; SelectionError if malformed.

    A comma followed by text without ``=`` belongs to the value before it, so
    ``bridge:how_often=Twice a day, morning and evening`` keeps its comma (the handout
    builder reads its address the same way).
    """
    spec = typed_text(spec, repr(spec))
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
) -> list[ChosenExercise]:
    """Check a selection against the catalogue and apply dose overrides.

    Every problem is collected first, so one SelectionError lists them all.
    """
    pictures = pictures or {}
    problems: list[str] = []
    items: list[ChosenExercise] = []
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
            problems.append(message("unknown_exercise", id=choice.exercise_id, hint=hint))
            continue
        if exercise.id in seen:
            problems.append(message("chosen_twice", id=exercise.id))
            continue
        seen.add(exercise.id)
        try:
            fields = typed_fields(exercise, choice.overrides)
            dose = _dose_with(exercise, fields)
        except SelectionError as exc:
            problems.extend(exc.problems)
            continue
        # Every field set is marked, so "reps=2 x 10" marks the sets too.
        items.append(ChosenExercise(exercise, dose, tuple(fields), pictures.get(exercise.id)))
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
                raise InvalidValue(message("unknown_field", name=name, hint=hint, fields=", ".join(DOSE_FIELDS)))
            found: dict[str, object]
            if name in FLAG_FIELDS:
                found = {name: flag_value(value)}
            elif name in COUNT_BOUNDS:
                try:
                    found = dict(read_typed(name, value))
                except ValueError as exc:
                    raise InvalidValue(f"{name}: {exc}") from None
            else:
                found = {name: value}
            for field, got in found.items():
                if field in COUNT_BOUNDS:
                    try:
                        count_text(got, *COUNT_BOUNDS[field])
                    except ValueError as exc:
                        raise InvalidValue(f"{field}: {exc}") from None
            for field, got in found.items():
                if field in fields and _same(field, fields[field]) != _same(field, got):
                    raise InvalidValue(message("twice", name=field, first=typed_as[field], second=value))
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


def dose_lines(dose: Dose, changed: Sequence[str] = ()) -> list[DoseLine]:
    """(label, value, set_for_you) per dose row; ``set_for_you`` only on rows one of whose
    fields is in ``changed`` (set by the clinician), so a default dose never claims to be
    personal."""
    rows = {_ROW_OF_FIELD.get(name) for name in changed}
    return [(label, value, label in rows) for label, value in dose_rows(dose)]


def selection_warnings(items: Sequence[ChosenExercise]) -> list[str]:
    """Advice that does not stop the handout being made."""
    if len(items) > MAX_RECOMMENDED:
        return [message("too_many", count=len(items), limit=MAX_RECOMMENDED)]
    return []


def handout_query(specs: Sequence[str]) -> str:
    """The in-browser handout's query string for a selection (readable: keeps ``:,=``)."""
    return "&".join("ex=" + quote(parse_choice(spec).spec(), safe=":,=") for spec in specs)
