"""What printed material says about an exercise, as plain text.

Cards, PDF handouts and the in-browser handout all use these helpers, so a dose or the
stop rule reads the same everywhere (and the same as the exercise page's dose table).
"""

from __future__ import annotations

import re

from lumbar.content.dose_rules import DOSE_ROWS, PER_SIDE
from lumbar.content.models import NOT_CLINICALLY_REVIEWED, Dose, Exercise, Review, Stage
from lumbar.content.safety import Safety

DISCLAIMER = "General information, not medical advice."

_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_CODE = re.compile(r"(`+)(.+?)\1")
# An escaped marker (\*) is a literal character, not the start or end of emphasis.
_MD_EMPHASIS = re.compile(r"(?<!\\)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)(?<!\\)\1")


def plain_text(markdown: str) -> str:
    """Contributor Markdown as one line of plain text: the one such function, for print
    (cards, handouts, programme PDFs), page titles and descriptions, and figure alt text.

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


def dose_rows(dose: Dose) -> list[tuple[str, str]]:
    """(label, value) rows in the order and wording of ``dose_rules.DOSE_ROWS``: the
    exercise page's dose table, cards, handouts and the in-browser handout all use them."""
    rows: list[tuple[str, str]] = []
    for field, label, template in DOSE_ROWS:
        value = getattr(dose, field)
        if not value:
            continue
        text = template.format(plain_text(value) if field == "how_often" else value)
        rows.append((label, text + (PER_SIDE if field == "reps" and dose.per_side else "")))
    return rows


def general_stop_lines(safety: Safety) -> list[str]:
    """The general stop rule every exercise shows, as plain text (from content/safety.yml)."""
    return [plain_text(rule.text) for rule in safety.stop_rules]


def stop_lines(exercise: Exercise, safety: Safety) -> list[str]:
    """The exercise's own reasons to stop, then the general stop rule from ``safety``."""
    return [plain_text(item) for item in exercise.stop_if] + general_stop_lines(safety)


def review_note(review: Review) -> str | None:
    """The words "Not yet reviewed by a physiotherapist." while ``clinical_review`` is pending; None after."""
    return None if review.clinically_reviewed else NOT_CLINICALLY_REVIEWED + "."


def dose_line(dose: Dose) -> str:
    """A dose on one line, for programme pages and PDFs: ``Repetitions: 5. Hold: 15 seconds.``"""
    return " ".join(f"{label}: {value}{'' if value.endswith('.') else '.'}" for label, value in dose_rows(dose))


def week_label(stage: Stage) -> str:
    """``Week 1`` or ``Weeks 1 to 2``: which weeks of the programme a stage covers."""
    if stage.first_week == stage.last_week:
        return f"Week {stage.first_week}"
    return f"Weeks {stage.first_week} to {stage.last_week}"
