"""What a clinician chose to print: exercises, each with the dose fields they set, and the
patient's details.

A selection is written ``bridge`` or ``bridge:sets=2,reps=10``: the same spelling works for
``lumbar handout``, ``lumbar cards`` and the in-browser handout's address
(``?ex=bridge:sets=2,reps=10``). Every rule of it (typed doses such as ``2 x 10``, counts,
the patient's date, sides and notes) is the handout rulebook's (``lumbar.content.rulebook``),
which the browser shares; this module only turns its plain data into the content models that
printing takes, and its problems into one SelectionError. Text typed on the command line is
first read as file text is (``messages.typed_text``: refused when it hides or reorders itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lumbar.content import rulebook
from lumbar.content.dose_rules import DOSE_ROWS, FLAG_FIELDS
from lumbar.content.messages import typed_text
from lumbar.content.models import Dose, Exercise
from lumbar.content.rulebook import Choice, message
from lumbar.content.text import dose_rows
from lumbar.errors import SelectionError
from lumbar.printing.blocks import Personal

MAX_RECOMMENDED = 6  # people follow fewer exercises better; more is allowed, with a warning
SET_FOR_YOU = "(set for you)"
# The dose row (``dose_rows`` label) each field changes: ``per_side`` adds to the reps row.
_ROW_OF_FIELD = {field: label for field, label, _ in DOSE_ROWS}
_ROW_OF_FIELD.update({flag: _ROW_OF_FIELD["reps"] for flag in FLAG_FIELDS})

DoseLine = tuple[str, str, bool]  # (label, value, set for you)

__all__ = ["MAX_RECOMMENDED", "SET_FOR_YOU", "ChosenExercise", "Choice", "DoseLine", "SelectionError", "dose_lines",
           "handout_query", "parse_choice", "personal_from", "resolve", "selection_warnings"]


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


def resolve(
    exercises: Mapping[str, Exercise], specs: Sequence[str],
    pictures: Mapping[str, Path] | None = None,
) -> list[ChosenExercise]:
    """Check a selection against the catalogue and apply dose overrides
    (``rulebook.select``). SelectionError listing every problem, in order."""
    pictures = pictures or {}
    if not specs:
        raise SelectionError(["choose at least one exercise, for example: bridge bird-dog walking"])
    typed = [typed_text(spec, repr(spec)) for spec in specs]
    selection = rulebook.select({key: e.dose.model_dump() for key, e in exercises.items()}, typed)
    if selection.problems:
        raise SelectionError(selection.problems)
    items = []
    for chosen in selection.items:
        exercise = exercises[chosen.id]
        # The rulebook has checked every value (counts as pages show them, flags as bools,
        # plain text): the clinician's text is printed as typed, not read as contributor Markdown.
        changes = {name: chosen.applied.dose[name] for name in chosen.applied.changed}
        # Every field set is marked, so "reps=2 x 10" marks the sets too.
        items.append(ChosenExercise(exercise, exercise.dose.model_copy(update=changes), tuple(chosen.applied.changed),
                                    pictures.get(exercise.id)))
    return items


def dose_lines(dose: Dose, changed: Sequence[str] = ()) -> list[DoseLine]:
    """(label, value, set_for_you) per dose row; ``set_for_you`` only on rows one of whose
    fields is in ``changed`` (set by the clinician), so a default dose never claims to be
    personal."""
    rows = {_ROW_OF_FIELD.get(name) for name in changed}
    return [(label, value, label in rows) for label, value in dose_rows(dose)]


def parse_choice(spec: str) -> Choice:
    """``rulebook.parse_choice`` of ``spec`` as typed (``messages.typed_text``); SelectionError
    listing every problem."""
    return rulebook.parse_choice(typed_text(spec, repr(spec)))


def selection_warnings(items: Sequence[ChosenExercise]) -> list[str]:
    """Advice that does not stop the handout being made."""
    if len(items) > MAX_RECOMMENDED:
        return [message("too_many", count=len(items), limit=MAX_RECOMMENDED)]
    return []


def handout_query(specs: Sequence[str]) -> str:
    """The in-browser handout's query string for a selection (readable: keeps ``:,=``)."""
    return rulebook.query([parse_choice(spec).spec() for spec in specs])


def personal_from(patient: str, date: str, notes: Sequence[str], sides: Sequence[str], ids: Sequence[str],
                  clinic_name: str = "", clinic_phone: str = "", logo: bytes | None = None, *,
                  today: dt.date, sided: Sequence[str] = ()) -> Personal:
    """The patient's details from ``lumbar handout --patient --date --note ID=TEXT --side
    ID=left`` for the exercises ``ids`` (a side only for those ``sided``: whose exercise has
    sides), read by ``rulebook.read_personal`` as the builder reads its address: ``--date``
    is ``2025-03-14`` or ``today`` (``today``: the ``today`` setting). SelectionError listing
    every problem."""
    details = rulebook.read_personal(typed_text(patient, "--patient"), typed_text(date, "--date"),
                                     [typed_text(side, "--side") for side in sides],
                                     [typed_text(note, "--note") for note in notes], ids, today, sided)
    if details.problems:
        raise SelectionError(details.problems)
    return Personal(patient=details.patient, date=details.date_text, clinic_name=clinic_name,
                    clinic_phone=clinic_phone, logo=logo, notes=details.notes, sides=details.sides)

