"""What printed material says about an exercise, as plain text.

Cards, PDF handouts and the in-browser handout all use these helpers, so a dose or the
stop rule reads the same everywhere (and the same as the exercise page's dose table).
"""

from __future__ import annotations

from lumbar.content import rulebook
from lumbar.content.dose_rules import PRINTED_WORDS
from lumbar.content.models import NOT_CLINICALLY_REVIEWED, Dose, Exercise, Review, Stage, StageExercise
from lumbar.content.rulebook import plain_text as plain_text  # re-exported: defined with the rules the browser shares
from lumbar.content.safety import Safety

DISCLAIMER = "General information, not medical advice."


def dose_rows(dose: Dose) -> list[tuple[str, str]]:
    """(label, value) rows in the order and wording of ``dose_rules.DOSE_ROWS``
    (``rulebook.dose_rows``): the exercise page's dose table, cards, handouts and the
    in-browser handout all use them."""
    return rulebook.dose_rows(dose.model_dump())


def dose_instruction(dose: Dose) -> str:
    """The dose said as plain instructions ("Do it 8 to 10 times. Rest for 1 minute. Do 8 to 10
    more. ..."): ``rulebook.dose_instruction``, the one function pages, cards, handouts,
    programmes and (as ``doseInstruction``) the builder use."""
    return rulebook.dose_instruction(dose.model_dump())


def dose_terms(dose: Dose) -> list[str]:
    """What the dose table's words ("Repetitions", "Sets") mean, for the rows ``dose`` has."""
    return rulebook.dose_terms(dose.model_dump())


def picture_marks(exercise: Exercise) -> list[str]:
    """What the marks in the exercise's end picture mean, as captions say it: the arrow, and
    the shaded (highlighted) body parts, for those the picture has (``PRINTED_WORDS``)."""
    end = exercise.figure.end
    return [PRINTED_WORDS[key] for key, shown in (("arrow", end.arrow), ("highlight", end.highlight)) if shown]


def general_stop_lines(safety: Safety) -> list[str]:
    """The general reasons to stop every exercise shows under "Stop if", as plain text (the
    stop rules' ``condition`` in content/safety.yml)."""
    return [plain_text(text) for text in safety.stop_conditions]


def after_stop_lines(safety: Safety) -> list[str]:
    """The general rule's advice for after exercising ("do less next time"), as plain text:
    printed after the stop box, never in it."""
    return [plain_text(text) for text in safety.after_stopping]


def stop_lines(exercise: Exercise, safety: Safety) -> list[str]:
    """The exercise's own reasons to stop, then the general ones from ``safety``: every line
    of an exercise's "Stop if" box, none starting with "Stop if"."""
    return [plain_text(item) for item in exercise.stop_if] + general_stop_lines(safety)


def review_note(review: Review) -> str | None:
    """The words "Not yet reviewed by a physiotherapist." while ``clinical_review`` is pending; None after."""
    return None if review.clinically_reviewed else NOT_CLINICALLY_REVIEWED + "."


def week_label(stage: Stage) -> str:
    """``Week 1`` or ``Weeks 1 to 2``: which weeks of the programme a stage covers."""
    if stage.first_week == stage.last_week:
        return f"Week {stage.first_week}"
    return f"Weeks {stage.first_week} to {stage.last_week}"


def stage_notes(item: StageExercise) -> list[str]:
    """What a programme shows under a stage exercise's dose, as Markdown: its note, then the
    reason its frequency differs from the policy for its kind (``PRINTED_WORDS``), if any.
    The programme page and the programme PDF both use it, so the reason is always shown."""
    notes = [item.note] if item.note else []
    if item.reason:
        notes.append(f"{PRINTED_WORDS['stage_reason']} {item.reason}")
    return notes
