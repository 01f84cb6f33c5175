"""The rules and wording of a dose, as data: the one place they are written.

The content model (``models.Dose``), dose overrides for handouts (``printing.handout``), the
dose rows on pages, cards and handouts (``text.dose_rows``) and the in-browser handout
builder all read these. The builder gets them as JSON (``as_json``) and only interprets
them, so its checks and wording cannot drift from Python's.

The bounds are sanity limits for a home exercise leaflet, not clinical advice: they catch
typos such as 100 sets or a hold of 3,000 seconds.
"""

from __future__ import annotations

import re
from typing import Any

# A count is a number or a low-to-high range: "10", "8-12", "8 to 12". The pattern is
# written so that Python's ``re`` and JavaScript's ``RegExp`` read it the same way.
COUNT_PATTERN = r"^\s*(\d+)\s*(?:(?:-|\u2013|to)\s*(\d+))?\s*$"
COUNT = re.compile(COUNT_PATTERN)
MAX_COUNT_TEXT = 40  # characters; longer input is not a count

# field: (lowest, highest, what the number counts, for messages)
COUNT_BOUNDS: dict[str, tuple[int, int, str]] = {
    "sets": (1, 20, "sets"),
    "reps": (1, 100, "repetitions"),
    "hold_seconds": (1, 600, "a hold in seconds"),
    "rest_seconds": (0, 600, "rest in seconds"),
    "minutes": (1, 180, "minutes"),
}
DAYS_PER_WEEK = (1, 7, "days a week")  # programmes
FLAG_FIELDS = ("per_side",)
TEXT_FIELDS = ("how_often",)
DOSE_FIELDS = (*COUNT_BOUNDS, *FLAG_FIELDS, *TEXT_FIELDS)
YES_WORDS = ("yes", "true", "1", "y", "on")
NO_WORDS = ("no", "false", "0", "n", "off")
MAX_SHORT_TEXT = 200  # characters in a short text such as how_often
HTML_TAG_PATTERN = r"<\s*/?\s*[a-zA-Z!?]"

# Labels of the form fields a clinician fills in (handout builder).
FIELD_LABELS: dict[str, str] = {
    "sets": "Sets",
    "reps": "Repetitions",
    "hold_seconds": "Hold (seconds)",
    "minutes": "Time (minutes)",
    "rest_seconds": "Rest (seconds)",
    "per_side": "On each side",
    "how_often": "How often",
}
# The fields the handout builder shows for each exercise, in order ("per_side" is set in the
# address, as on the command line).
FORM_FIELDS = ("sets", "reps", "hold_seconds", "minutes", "rest_seconds", "how_often")
# Rows of the dose table, in order: (field, label, value template). Reps on each side add
# PER_SIDE; "how_often" is always the last row.
DOSE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("sets", "Sets", "{}"),
    ("reps", "Repetitions", "{}"),
    ("hold_seconds", "Hold", "{} seconds"),
    ("minutes", "Time", "{} minutes"),
    ("rest_seconds", "Rest", "{} seconds"),
    ("how_often", "How often", "{}"),
)
PER_SIDE = " on each side"

MESSAGES: dict[str, str] = {
    "count": "must be a number or a range such as 8-12",
    "order": "range {value!r} must go from low to high, for example 8-12",
    "bounds": "{number} is outside the sensible range for {unit}; use a number from {low} to {high}",
    "yes_no": "per_side must be yes or no, not {value!r}",
    "unknown_field": "unknown dose field {name!r}.{hint} Fields: {fields}",
    "not_pair": "{part!r} is not field=value (for example sets=2)",
    "too_long": "{name} must be at most {limit} characters",
    "html": "{name} must be plain text",
}


def message(key: str, **values: Any) -> str:
    """One message, filled in; ``{value!r}`` quotes as Python does (``'8-6'``)."""
    return MESSAGES[key].format(**values)


def _check_bounds(number: int, low: int, high: int, unit: str) -> None:
    if not low <= number <= high:  # huge or negative numbers: say so, never a traceback
        shown = str(number) if abs(number) < 10**12 else "this number"
        raise ValueError(message("bounds", number=shown, unit=unit, low=low, high=high))


def count_text(value: object, low: int, high: int, unit: str) -> str:
    """A count (a YAML number, or text such as "8-12") as the pages show it ("8 to 12").

    ValueError with a plain message for anything else, for numbers outside ``low``-``high``
    and for a range that goes from high to low.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        _check_bounds(value, low, high, unit)
        return str(value)
    match = COUNT.match(value) if isinstance(value, str) and len(value) <= MAX_COUNT_TEXT else None
    if not match:
        raise ValueError(message("count"))
    low_text, high_text = match.groups()
    for part in (low_text, high_text):
        if part is not None:
            _check_bounds(int(part), low, high, unit)
    if high_text is None:
        return str(int(low_text))
    if int(high_text) <= int(low_text):
        raise ValueError(message("order", value=value))
    return f"{int(low_text)} to {int(high_text)}"


def flag_value(value: str) -> bool:
    """``yes``/``no`` (and their synonyms) as a bool; ValueError otherwise."""
    lower = value.strip().lower()
    if lower in YES_WORDS:
        return True
    if lower in NO_WORDS:
        return False
    raise ValueError(message("yes_no", value=value))


def as_json() -> dict[str, Any]:
    """Every rule and wording above, for the handout builder's embedded JSON."""
    return {
        "countPattern": COUNT_PATTERN,
        "maxCountText": MAX_COUNT_TEXT,
        "countBounds": {name: list(bounds) for name, bounds in COUNT_BOUNDS.items()},
        "flagFields": list(FLAG_FIELDS),
        "textFields": list(TEXT_FIELDS),
        "fields": list(DOSE_FIELDS),
        "yes": list(YES_WORDS),
        "no": list(NO_WORDS),
        "maxText": MAX_SHORT_TEXT,
        "htmlPattern": HTML_TAG_PATTERN,
        "labels": FIELD_LABELS,
        "formFields": list(FORM_FIELDS),
        "rows": [list(row) for row in DOSE_ROWS],
        "perSide": PER_SIDE,
        "messages": MESSAGES,
    }
