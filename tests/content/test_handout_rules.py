"""The handout builder's dose rules and wording come from Python (lumbar.content.dose_rules)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lumbar.content import dose_rules, rulebook
from lumbar.content.models import Dose
from lumbar.content.text import dose_rows
from tests.conftest import ROOT

SCRIPTS = ROOT / "templates" / "overrides" / "assets" / "javascripts"
SCRIPT = SCRIPTS / "lumbar-handout.js"
# The words each script may spell: exercise pages, which carry no rules, label the link to
# the builder themselves; the rulebook refuses a call that leaves a section out.
OWN_WORDS = {"lumbar-handout.js": {"use strict", "Open handout ("},
             "lumbar-rulebook.js": {"use strict", "say whether to show "}}


@pytest.mark.parametrize("name", sorted(OWN_WORDS))
def test_the_scripts_spell_no_rule_label_or_message(name: str) -> None:
    script = (SCRIPTS / name).read_text(encoding="utf-8")
    strings = set(re.findall(r'"((?:[^"\\]|\\.)*)"', script))
    # ("true", "1" and "{}" also occur as attribute values and the template placeholder.)
    spelled = [*dose_rules.MESSAGES.values(), *dose_rules.FIELD_LABELS.values(), dose_rules.PER_SIDE.strip(),
               "yes", "no", "off", *(row[2] for row in dose_rules.DOSE_ROWS if row[2] != "{}"),
               *dose_rules.DOSE_FIELDS, *dose_rules.TYPED_HELP.values(), dose_rules.INPUT_HELP,
               "each", "side", "sets", "reps", "seconds", "x",
               *dose_rules.SIDE_CHOICES.values(), *dose_rules.PRINTED_SIDES.values(),
               *dose_rules.PERSONAL_LABELS.values(), *dose_rules.PRINTED_LABELS.values(), "left", "right", "both",
               *dose_rules.PRINTED_WORDS.values(), *dose_rules.BUILDER_WORDS.values()]
    # Every rule, label and message is data; the script holds none of them itself.
    assert [text for text in spelled if text in strings] == []
    # Nor any other wording: a literal of two or more words is a CSS class list or OWN_WORDS.
    code = "\n".join(line for line in script.splitlines() if not line.strip().startswith("//"))
    wording = {text for text in re.findall(r'"((?:[^"\\]|\\.)*)"', code)
               if re.search(r"[A-Za-z]+ +[A-Za-z]+", text) and not re.fullmatch(r" ?lumbar-[\w -]+", text)}
    assert wording <= OWN_WORDS[name], sorted(wording)
    # The patterns are the rules' data too (the rulebook only picks digits out of a count).
    assert "\\d+" not in script and "<\\s*" not in script and (name == "lumbar-rulebook.js" or "[0-9]" not in script)


def test_the_builder_and_the_pdf_offer_the_same_sides() -> None:
    # Both print dose_rules.PRINTED_SIDES; the builder's choices must each have printed words.
    assert set(dose_rules.SIDE_CHOICES) == set(dose_rules.PRINTED_SIDES)


def test_the_builder_page_embeds_every_rule(built_site: Path) -> None:
    page = (built_site / "handout" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="lumbar-handout-data">(.*?)</script>',
                                page, re.S).group(1))
    assert data["rules"] == json.loads(json.dumps(dose_rules.as_json()))


@pytest.mark.parametrize(("value", "expected"), [("8-12", "8 to 12"), ("8 to 12", "8 to 12"), ("10", "10"), (" 07 ", "7")])
def test_count_rule_is_the_content_models(value: str, expected: str) -> None:
    assert rulebook.count_text(value, *dose_rules.COUNT_BOUNDS["reps"]) == expected
    assert Dose.model_validate({"reps": value, "how_often": "Daily"}).reps == expected


def test_bounds_and_order_messages_come_from_the_table() -> None:
    with pytest.raises(ValueError, match="outside the sensible range for sets; use a number from 1 to 20"):
        rulebook.count_text("25", *dose_rules.COUNT_BOUNDS["sets"])
    with pytest.raises(ValueError, match="must go from low to high"):
        rulebook.count_text("12-8", *dose_rules.COUNT_BOUNDS["reps"])


def test_dose_rows_follow_the_row_table() -> None:
    dose = Dose.model_validate({"sets": 2, "reps": "8-10", "per_side": True, "hold_seconds": 5, "how_often": "Daily"})
    assert dose_rows(dose) == [("Sets", "2"), ("Repetitions", "8 to 10 on each side"), ("Hold", "5 seconds"),
                               ("How often", "Daily")]


def test_builder_prints_no_dead_address_with_a_placeholder_site_url(built_site: Path) -> None:
    from lumbar.paths import is_placeholder
    from lumbar.publish.settings import Settings

    page = (built_site / "handout" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="lumbar-handout-data">(.*?)</script>',
                                page, re.S).group(1))
    placeholder = is_placeholder(Settings.load(ROOT).site_url)
    assert {bool(e["url"]) for e in data["exercises"]} == {not placeholder}


@pytest.mark.parametrize(("field", "typed", "fields"), [
    ("reps", "6 each side", {"per_side": True, "reps": "6"}),
    ("reps", "6 reps on each leg", {"per_side": True, "reps": "6"}),
    ("reps", "8-10", {"reps": "8-10"}),
    ("reps", "8 to 10", {"reps": "8 to 10"}),
    ("reps", "10 times", {"reps": "10"}),
    ("reps", "x10", {"reps": "10"}),
    ("reps", "2 x 10", {"sets": "2", "reps": "10"}),
    ("reps", "10 x 2", {"sets": "2", "reps": "10"}),  # the smaller number is the sets, either way round
    ("reps", "10X2", {"sets": "2", "reps": "10"}),
    ("reps", "8-12 \u00d7 3", {"sets": "3", "reps": "8-12"}),
    ("reps", "2 x 10 each side", {"per_side": True, "sets": "2", "reps": "10"}),
    ("sets", "2 sets of 10", {"sets": "2", "reps": "10"}),
    ("sets", "10 sets of 2", {"sets": "10", "reps": "2"}),  # words say which is which
    ("sets", "3 lots of 10", {"sets": "3", "reps": "10"}),
    ("reps", "10 reps x 3 sets", {"reps": "10", "sets": "3"}),
    ("reps", "10 x 3 sets", {"reps": "10", "sets": "3"}),
    ("reps", "3 x 10 reps", {"sets": "3", "reps": "10"}),
    ("hold_seconds", "30 seconds", {"hold_seconds": "30"}),
    ("hold_seconds", "30s", {"hold_seconds": "30"}),
    ("hold_seconds", "15-30 secs each side", {"per_side": True, "hold_seconds": "15-30"}),
    ("rest_seconds", "60 s", {"rest_seconds": "60"}),
    ("minutes", "10 min", {"minutes": "10"}),
    ("minutes", "10 to 15 minutes", {"minutes": "10 to 15"}),
])
def test_typed_doses_are_read_as_written(field: str, typed: str, fields: dict[str, object]) -> None:
    assert rulebook.read_typed(field, typed) == fields


@pytest.mark.parametrize(("field", "typed"), [
    ("reps", "lots"), ("reps", "each side"), ("reps", "10 seconds"), ("hold_seconds", "2 x 10"),
    ("hold_seconds", "1 minute"), ("minutes", "6 each side"), ("sets", "2 x"), ("reps", "1" * 61),
])
def test_what_cannot_be_read_is_answered_with_what_to_type(field: str, typed: str) -> None:
    with pytest.raises(ValueError) as raised:
        rulebook.read_typed(field, typed)
    assert str(raised.value) == f"Type {dose_rules.TYPED_HELP[field]}."


def test_typed_patterns_mean_the_same_in_javascript() -> None:
    """Only syntax that Python's re and JavaScript's RegExp read alike (no named groups, no
    lookbehind, no \\d, no inline flags)."""
    patterns = [dose_rules.COUNT_PATTERN, dose_rules.SIDE_PATTERN,
                *(form[0] for forms in dose_rules.TYPED_FORMS.values() for form in forms)]
    for pattern in patterns:
        assert not re.search(r"\(\?P|\(\?<|\(\?[aiLmsux]|\\d|\\Z|\\A", pattern), pattern
        re.compile(pattern)


def test_every_exercise_done_on_each_side_has_sides() -> None:
    """A dose done on each side (``per_side: true``) belongs to an exercise with ``sides:
    true``: without it the builder offers no side and ``lumbar handout --side`` refuses one.
    Exercises that work both sides together have none to choose."""
    from lumbar.content.catalogue import load_catalogue

    exercises = load_catalogue(ROOT).exercises
    missing = [e.id for e in exercises if e.dose.per_side and not e.sides]
    assert not missing, f"add 'sides: true' (under position:) to exercises/{{id}}.yml for: {', '.join(missing)}"
    sided = {e.id for e in exercises if e.sides}
    assert {"clamshell", "bird-dog", "hip-flexor-stretch"} <= sided
    assert not {"walking", "bridge", "swimming", "pelvic-tilt"} & sided
