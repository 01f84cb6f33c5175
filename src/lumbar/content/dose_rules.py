"""The rules and wording of a dose and a handout, as data: the one place they are written.

The functions that apply them are the handout rulebook (``lumbar.content.rulebook``, and its
twin in the browser, ``lumbar-rulebook.js``, both checked against one file of test vectors).
The content model (``models.Dose``), a clinician's selection (``printing.selection``), the
dose rows on pages, cards and handouts and the in-browser handout builder all read these.
The builder gets them as JSON (``as_json``), so its checks and wording cannot drift from
Python's.

The bounds are sanity limits for a home exercise leaflet, not clinical advice: they catch
typos such as 100 sets or a hold of 3,000 seconds.

Content YAML takes a count as a number or a range. A clinician changing a dose (the handout
builder, ``lumbar handout bridge:reps=6 each side``) may also type it the way a home exercise
sheet says it; ``read_typed`` turns that into dose fields, and the builder follows the same
``TYPED_FORMS`` table:

- a unit after the number: "30s", "30 seconds", "10 min", "10 reps", "10 times", "x10";
- "each side" (or "per side", "each leg"...) after any of those: it sets ``per_side``;
- sets and repetitions in one box, in the Sets or the Repetitions field: "2 sets of 10",
  "3 lots of 10", "10 reps x 2 sets", "2 x 10 reps", "10 x 2 sets". A bare "2 x 10" is
  written both ways round on UK exercise sheets (sets x reps, as in "3 x 10", and reps x sets,
  as in "10 x 3"), so neither order is assumed: **the smaller number is the sets**, because a
  home programme asks for 1 to 5 sets of 5 to 30 repetitions. "2 x 10" and "10 x 2" both mean
  2 sets of 10; write "10 sets of 2" for the unusual case. Either reading asks for the same
  number of movements, and the builder says back in words what it understood.
"""

from __future__ import annotations

from typing import Any

from lumbar.content.markup import HTML_TAG_PATTERN

# A count is a number or a low-to-high range: "10", "8-12", "8 to 12". The pattern is
# written so that Python's ``re`` and JavaScript's ``RegExp`` read it the same way.
# [0-9], not \d: Python's \d also takes other scripts' digits, JavaScript's does not.
COUNT_PATTERN = r"^\s*([0-9]+)\s*(?:(?:-|\u2013|to)\s*([0-9]+))?\s*$"
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
# The fields the handout builder shows for each exercise, in order (flags as a checkbox).
FORM_FIELDS = ("sets", "reps", "per_side", "hold_seconds", "minutes", "rest_seconds", "how_often")
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
PER_SIDE_FIELD = "reps"  # the row that PER_SIDE follows

# ---- The dose said as a plain instruction (``rulebook.dose_instruction``): "Do it 8 to 10
# times. Hold each one for 6 seconds. Rest for 1 minute. Do 8 to 10 more. Do this 2 or 3
# days a week." Pages, cards, handouts, programmes and the builder all print it beside the
# dose table, so a reader never has to work out what "Sets 2, Repetitions 8 to 10" means
# (PEMAT-P items 3 and 25). Each template fills in values from the dose table's wording.
INSTRUCTION: dict[str, str] = {
    "reps": "Do it {reps} times{side}.",
    "once": "Do it once{side}.",
    "minutes": "Do it for {minutes} minutes{side}.",
    "hold": "Hold each one for {hold} seconds.",
    "hold_only": "Hold it for {hold} seconds{side}.",
    "second_set": "Rest for {rest}. Do {reps} more{side}.",
    "more_sets": "That is one set. Do {sets} sets, resting for {rest} between them.",
    "rest_between": "Rest for {rest} between each one.",
    "how_often": "Do this {how_often}",
    "side": " on each side",
    "short_rest": "a short while",
    "minute": "1 minute",
    "minutes_rest": "{} minutes",
    "seconds_rest": "{} seconds",
}
# The days of a tick row or grid (cards, exercise pages, programme pages and PDFs, handouts).
TICK_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TICK_DAYS_SHORT = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")  # a card's tick row, where room is short
TICK_WEEKS = 2  # rows of an exercise's own tick row (a card, an exercise page): two weeks
# The words a dose uses, explained once where they appear (``rulebook.dose_terms``): the
# exercise page under its dose table, cards and handouts beside the dose, and programme pages
# ("session"). Keys are the dose field that brings the word in.
TERMS: dict[str, str] = {
    "reps": "A repetition is doing the movement once.",
    "sets": "A set is a group of repetitions done one after another, without a rest.",
}
SESSION_TERM = ("A session is one go at your exercises: all the exercises for that day, done one after "
                "another. Walking can be done at another time of day.")

# ---- What a clinician types (see the module docstring). Every pattern is read the same way
# by Python's ``re`` and JavaScript's ``RegExp``, both ignoring case; a captured group is one
# count as typed ("8-10"), checked afterwards like any count.
_N = r"([0-9]+(?:\s*(?:-|\u2013|to)\s*[0-9]+)?)"
_X = r"(?:x|\u00d7|\*)"  # "2 x 10", "2x10", "2 \u00d7 10", "2*10"
_SETS = r"(?:sets?|lots?)"
_REPS = r"(?:reps?|repetitions?)"
_UNITS = {
    "sets": _SETS,
    "reps": r"(?:reps?|repetitions?|times)",
    "hold_seconds": r"(?:s|secs?|seconds?)",
    "rest_seconds": r"(?:s|secs?|seconds?)",
    "minutes": r"(?:m|mins?|minutes?)",
}
# "6 each side", "30s per side", "2 x 10 on each leg": the rest, then per_side.
SIDE_PATTERN = r"^\s*(.*?)[\s,]*(?:on\s+)?(?:each|per|a|every)\s+(?:side|leg|arm)\s*$"
SIDE_FIELDS = ("sets", "reps", "hold_seconds")
MAX_TYPED_TEXT = 60  # characters; longer input is not a dose
# Sets and repetitions in one box: (pattern, the fields its groups fill, smaller number first).
_SETS_AND_REPS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    (rf"^\s*{_N}\s*{_SETS}\s*(?:,|of|{_X})?\s*{_N}(?:\s*{_REPS})?\s*$", ("sets", "reps"), False),
    (rf"^\s*{_N}\s*{_REPS}\s*(?:,|{_X})?\s*{_N}(?:\s*(?:{_SETS}|times))?\s*$", ("reps", "sets"), False),
    (rf"^\s*{_N}\s*{_X}\s*{_N}\s*{_REPS}\s*$", ("sets", "reps"), False),
    (rf"^\s*{_N}\s*{_X}\s*{_N}\s*(?:{_SETS}|times)\s*$", ("reps", "sets"), False),
    (rf"^\s*{_N}\s*{_X}\s*{_N}\s*$", ("sets", "reps"), True),  # the smaller number is the sets
)
# For each count field, the forms it accepts, tried in order.
TYPED_FORMS: dict[str, tuple[tuple[str, tuple[str, ...], bool], ...]] = {
    field: (
        (rf"^\s*{_N}\s*$", (field,), False),
        (rf"^\s*{_N}\s*{unit}\s*$", (field,), False),
        *(((rf"^\s*{_X}\s*{_N}\s*$", (field,), False),) if field == "reps" else ()),  # "x10": 10 times
        *(_SETS_AND_REPS if field in ("sets", "reps") else ()),
    )
    for field, unit in _UNITS.items()
}
# What to type, in plain words, when a box cannot be read.
TYPED_HELP: dict[str, str] = {
    "sets": "a number like 2, a range like 2-3, or sets and repetitions like 2 x 10 (2 sets of 10)",
    "reps": "a number like 10, a range like 8-12, '6 each side', "
            "or sets and repetitions like 2 x 10 (2 sets of 10)",
    "hold_seconds": "seconds, like 30, 30s or 15-30; add 'each side' if needed",
    "rest_seconds": "seconds, like 60, 60s or 30-60",
    "minutes": "minutes, like 10, 10 min or 10-15",
}
# The builder's help above the dose boxes.
INPUT_HELP = (
    "Leave a box empty to keep the usual amount shown under it. You can type a number (10), "
    "a range (8-12 or 8 to 12), seconds (30s), '6 each side', or sets and repetitions: "
    "'2 sets of 10', '10 reps x 2 sets', or just 2 x 10. In 2 x 10 or 10 x 2 the smaller "
    "number is the sets: both mean 2 sets of 10."
)

MESSAGES: dict[str, str] = {
    "count": "must be a number or a range such as 8-12",
    "order": "range {value!r} must go from low to high, for example 8-12",
    "bounds": "{number} is outside the sensible range for {unit}; use a number from {low} to {high}",
    "yes_no": "per_side must be yes or no, not {value!r}",
    "unknown_field": "unknown dose field {name!r}.{hint} Fields: {fields}",
    "not_pair": "{part!r} is not field=value (for example sets=2)",
    "no_id": "{spec!r}: start with an exercise id, for example bridge:sets=2",
    "hint": " Did you mean {name!r}?",  # after "unknown ...", for a near miss (difflib's closest match)
    "too_long": "{name} must be at most {limit} characters",
    "html": "{name} must be plain text",
    "typed": "Type {help}.",
    "twice": "{name} is given twice, as {first!r} and {second!r}; give it once",
    "read_as": "{exercise}: {typed!r} is read as {result}.",
    "usual": "Usual: {value}",
    "usual_none": "Usual: none",
    "bad_side": "{id}: the side must be left, right or both, not {value!r}",
    "no_sides": "{id} works both sides of the body together, so it has no side to choose; leave its side out",
    "date": "the date must look like 2025-03-14, or be today, not {value!r}",
    "personal_pair": "{value!r} is not an exercise id, = and a {what}; write it like {example}",
    "not_chosen": "{id!r} has a side or a note but is not in the handout",
    "unknown_exercise": "no exercise has the id {id!r}.{hint}",
    "chosen_twice": "{id} is chosen twice; list each exercise once",
    "already_chosen": "{name} is already in the handout.",
    "big_number": "this number",  # stands for a number too long to quote in "bounds"
    "too_many": "{count} exercises chosen: people follow a plan of {limit} or fewer better. You can still print it.",
    # A shared link the builder cannot read in full, said to whoever opened it (rulebook.link_notices):
    # the link's spelling means nothing to them, so say what was left out and what to do.
    "link_unreadable": "Part of this link could not be read, so it was left out.",
    "link_unknown": "This link names an exercise that is not on this site, so it was left out.",
    "link_twice": "This link lists {name} twice; it is shown once.",
    "link_dose": "The amount for {name} in this link could not be read, so the usual amount is shown for it.",
    "link_side": "The side for {name} in this link could not be read, so no side is printed for it.",
    "link_check": "Check the handout before you print it, or ask whoever sent the link to send it again.",
}

# ---- The handout's personal details: the patient's name and the date, and for each exercise
# the side to work and a note. ``lumbar handout --patient --date --side --note`` takes the same
# and both PDF layouts print them. The builder's address (and so a shared link) carries only
# what is not about the person: the exercises, their doses, each ``side=ID=left`` and the
# ``layout``; the name, the date and notes stay in the page, kept on the device only when the
# clinician asks (lumbar-handout.js).
SIDE_CHOICES: dict[str, str] = {"both": "Both sides", "left": "Left", "right": "Right"}  # the first is the default
# The side as printed, by the builder and the compact PDF handout alike.
PRINTED_SIDES: dict[str, str] = {"left": "Your left side only", "right": "Your right side only", "both": "Both sides"}
PERSONAL_LABELS: dict[str, str] = {
    "patient": "Patient name",
    "date": "Date",
    "side": "Side",
    "note": "Note for this exercise",
    "handout_note": "Note for the whole handout",
    "remember": "Keep this patient's details on this device until I press \u201cNew patient\u201d",
    "clinician": "Your name",
    "clinic": "Clinic",
    "phone": "Clinic phone",
}
# Headings on the printed handout; the cover prints a line to write on for an empty value.
PRINTED_LABELS: dict[str, str] = {
    "patient": "Prepared for:",
    "by": "Prepared by:",
    "date": "Date:",
    "clinic": "Clinic:",
    "side": "Which side",
    "note": "Notes",
    "phone": "Phone: {phone}",
}
# What every printed exercise and handout says around the content, in one wording: the
# exercise page, cards, both PDF handout layouts and the builder's printout.
PRINTED_WORDS: dict[str, str] = {
    "title": "Your exercise plan",
    "intro": ("Exercises chosen for you, with how much to do and when to stop. Keep this with you and "
              "bring it to your next appointment."),
    "your_exercises": "Your exercises",
    "exercise_of": "Exercise {number} of {total}",
    "starting_position": "Starting position",
    "steps": "Steps",
    "dose": "How much to do",
    "start_gently": "Start gently. Do fewer if you need to, and build up slowly.",
    "feel": "What you should feel",
    "stop": "Stop if",
    "stop_rule": "The stop rule for every exercise",
    "key_points": "Key points",
    "tick_short": "Tick each day:",  # a card's one-line tick row
    "stop_any": "Stop an exercise if",  # a box of the general reasons to stop (pages, compact handout)
    # A programme's pointer to its flare-up plan, with the plan's title on its own (a title
    # such as "Flare-up plan for the first days" reads wrong inside a sentence).
    "flare_up_plan": ("If you have a bad spell, use this plan for a few days instead: {title}. Then come back to "
                      "this plan at an earlier stage."),
    "online": "Read this exercise online:",
    "stage_reason": "Why this stage differs:",  # before a programme stage's reason for its frequency
    "log": "Tick a box each day you do it:",
    "week": "Week {number}",
    "in_words": "In plain words:",  # before the dose said as instructions (rulebook.dose_instruction)
    # Picture captions: what the two pictures are, and what the marks in them mean.
    "picture_start": "Start",
    "picture_end": "End",
    "pictures": "Left: start. Right: end.",
    "arrow": "Arrow: move this way.",
    "highlight": "Shading: feel it here.",
}
# The builder's own words (its form, and its printout's cover and dose note), which no PDF
# prints; here so that the builder script spells no wording of its own.
BUILDER_WORDS: dict[str, str] = {
    "count_one": "1 exercise in this handout.",
    "count_many": "{count} exercises in this handout.",
    "move_up": "Move up",
    "move_down": "Move down",
    "empty": "No exercises chosen yet. Choose one above, or use \u201cAdd to handout\u201d on an exercise page.",
    "help_last": "Last page: when to get help.",
    "set_note": "Your clinician has set this amount for you.",
    "clinician_legend": "You and your clinic",
    "clinician_help": "Kept on this device only, for your next handouts. Never in a shared link.",
    "patient_legend": "This patient",
    "patient_help": ("Kept only while this page is open: closing or reloading it forgets them, unless you tick "
                     "the box. Never in a shared link."),
    "layout": "Layout",
    "layouts_compact": "2 or 3 exercises a page",
    "layouts_one-per-page": "One exercise a page",
    "paper": "Paper",
    "change_amount": "Change the amount",
    "share": "Copy link to share",
    "share_note": ("The link holds the exercises, their amounts and sides only: never the patient's name, the "
                   "date or any note."),
    "copied": "Link copied. It holds the exercises, their amounts and sides only.",
    "copy_failed": "Copy this link to share it:",
    "new_patient": "New patient",
    "cleared": "Ready for a new patient: the list and the last patient's details are gone from this device.",
    "page_of": "Page {number} of {total}",
}
# The most characters of the patient's name and of a note for one exercise (``lumbar
# handout --patient --note``, the builder's boxes and address): every handout layout wraps
# this much, even in the widest letters (tests/printing/test_printed_fields.py); longer is
# refused with the limit, never cut. (The date is read as a date, so it is always short.)
PERSONAL_LIMITS: dict[str, int] = {"patient": 60, "note": MAX_SHORT_TEXT}
# The builder's own printed fields, which only its printout carries (no PDF): a longer one is
# refused with the limit, as above.
BUILDER_LIMITS: dict[str, int] = {"clinician": 60, "clinic": 60, "phone": 30, "handout_note": 600}
# The address's names for them, the same as the command's options.
ADDRESS_KEYS: dict[str, str] = {"patient": "patient", "date": "date", "side": "side", "note": "note",
                                "layout": "layout"}
DATE_PATTERN = r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"
TODAY_WORD = "today"  # a date of "today" is the ``today`` setting (the clock by default)
# A date is printed "14 March 2025", with these month names (never the computer's locale).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
# What a personal pair looks like when it is written wrong, for the personal_pair message.
# (The side's example is an exercise with sides: see ``models.Exercise.sides``.)
PERSONAL_EXAMPLES: dict[str, str] = {"side": "clamshell=left", "note": "bridge=Hold for 3 seconds"}

# ---- The order of what a printed handout shows, on its cover and for each exercise: the
# one-per-page PDF handout and the builder's printout both go through it. Optional sections
# appear only when they have something to show (``rulebook.sections``).
SECTIONS: dict[str, tuple[str, ...]] = {
    "cover": ("clinic", "site", "title", "intro", "patient", "by", "date", "your_exercises", "help", "notes"),
    "exercise": ("kicker", "name", "review_note", "pictures", "starting_position", "steps", "dose", "start_gently",
                 "side", "note", "feel", "stop", "online"),
}
OPTIONAL_SECTIONS = ("clinic", "review_note", "pictures", "side", "note", "online")

# ---- Contributor Markdown reduced to plain text for print (``rulebook.plain_text``): a link
# keeps its text, emphasis and code lose their markers. Written so that Python's ``re`` and
# JavaScript's ``RegExp`` read them the same way.
MARKDOWN_PATTERNS: dict[str, str] = {
    "code": r"(`+)(.+?)\1",
    "link": r"\[([^\]]+)\]\([^)]*\)",
    # An escaped marker (\*) is a literal character, not the start or end of emphasis.
    "emphasis": r"(?<!\\)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)(?<!\\)\1",
}
# The characters Python's ``str.split()`` splits on, as a character class for JavaScript
# (whose ``\s`` differs): plain text folds every run of them into one space.
WHITESPACE_CLASS = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"


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
        "instruction": INSTRUCTION,
        "terms": TERMS,
        "perSide": PER_SIDE,
        "perSideField": PER_SIDE_FIELD,
        "sidePattern": SIDE_PATTERN,
        "sideFields": list(SIDE_FIELDS),
        "maxTypedText": MAX_TYPED_TEXT,
        "typedForms": {field: [[pattern, list(fields), smaller] for pattern, fields, smaller in forms]
                       for field, forms in TYPED_FORMS.items()},
        "typedHelp": TYPED_HELP,
        "inputHelp": INPUT_HELP,
        "messages": MESSAGES,
        "words": PRINTED_WORDS,
        "builderWords": BUILDER_WORDS,
        "personal": {
            "sides": [[value, label] for value, label in SIDE_CHOICES.items()],
            "printedSides": PRINTED_SIDES,
            "labels": PERSONAL_LABELS,
            "printed": PRINTED_LABELS,
            "limits": {**PERSONAL_LIMITS, **BUILDER_LIMITS},
            "address": ADDRESS_KEYS,
            "datePattern": DATE_PATTERN,
            "today": TODAY_WORD,
            "months": list(MONTHS),
            "examples": PERSONAL_EXAMPLES,
        },
        "sections": {**{kind: list(names) for kind, names in SECTIONS.items()}, "optional": list(OPTIONAL_SECTIONS)},
        "markdown": MARKDOWN_PATTERNS,
        "whitespace": WHITESPACE_CLASS,
    }


if __name__ == "__main__":  # `python -m lumbar.content.dose_rules`: the rules as JSON, for node --test
    import json

    print(json.dumps(as_json(), ensure_ascii=False, sort_keys=True))
