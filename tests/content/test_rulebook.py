"""The handout rulebook (lumbar.content.rulebook) against the shared test vectors.

``tests/rulebook/vectors.json`` is the contract between the Python rules and the browser's
(``lumbar-rulebook.js``, checked against the same file by ``node --test tests/rulebook``):
a change to either side that answers one vector differently fails a test, so the builder and
``lumbar handout`` accept and refuse the same inputs with the same messages.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from lumbar.content import rulebook
from lumbar.content.dose_rules import COUNT_BOUNDS
from lumbar.errors import InvalidValue, SelectionError
from tests.conftest import ROOT

VECTORS = json.loads((ROOT / "tests" / "rulebook" / "vectors.json").read_text(encoding="utf-8"))
TODAY = dt.date.fromisoformat(VECTORS["today"])


def outcome(make: Callable[[], Any]) -> tuple[str | None, Any]:
    """(problem, None) when ``make`` refuses its input, (None, result) otherwise."""
    try:
        return None, make()
    except (InvalidValue, SelectionError) as error:
        return str(error), None


def cases(kind: str) -> Any:
    return pytest.mark.parametrize("case", VECTORS[kind], ids=[str(n) for n in range(len(VECTORS[kind]))])


def test_the_vectors_cover_what_the_builder_and_the_command_share() -> None:
    # Dates, sides, quoting, ranges and "2 x 10", as the issue asks, among the rest.
    text = json.dumps(VECTORS)
    assert {"quote", "fill", "hint", "plain_text", "count", "flag", "typed", "choice", "override", "select", "query",
            "rows", "instruction", "date", "personal", "link", "sections"} <= set(VECTORS)
    for needle in ("2 x 10", "12-8", "8 to 12", "2025-02-30", "today", "clamshell=up", "walking=left", "don't"):
        assert needle in text, needle


@cases("quote")
def test_quote(case: list[str]) -> None:
    assert repr(case[0]) == case[1]  # the message templates' {value!r}


@cases("fill")
def test_fill(case: dict[str, Any]) -> None:
    values = case["values"]
    text = case["template"].format(*values) if isinstance(values, list) else case["template"].format(**values)
    assert text == case["text"]


@cases("hint")
def test_hint(case: dict[str, Any]) -> None:
    assert rulebook.hint(case["word"], case["choices"]) == case["hint"]


@cases("plain_text")
def test_plain_text(case: list[str]) -> None:
    assert rulebook.plain_text(case[0]) == case[1]


@cases("count")
def test_count(case: dict[str, Any]) -> None:
    problem, text = outcome(lambda: rulebook.count_text(case["value"], *COUNT_BOUNDS[case["field"]]))
    assert (problem, text) == (case.get("problem"), case.get("text"))


@cases("flag")
def test_flag(case: dict[str, Any]) -> None:
    problem, flag = outcome(lambda: rulebook.flag_value(case["value"]))
    assert (problem, flag) == (case.get("problem"), case.get("flag"))


@cases("typed")
def test_typed(case: dict[str, Any]) -> None:
    problem, fields = outcome(lambda: [list(item) for item in rulebook.read_typed(case["field"], case["text"]).items()])
    assert (problem, fields) == (case.get("problem"), case.get("fields"))


@cases("choice")
def test_choice(case: dict[str, Any]) -> None:
    problem, choice = outcome(lambda: rulebook.parse_choice(case["spec"]))
    if "problems" in case:
        assert problem is not None and problem.split("\n") == case["problems"]
    else:
        assert (choice.exercise_id, [list(o) for o in choice.overrides]) == (case["id"], case["overrides"])


@cases("override")
def test_override(case: dict[str, Any]) -> None:
    problem, parts = outcome(lambda: [[p.field, p.text, p.value] for p in rulebook.check_override(case["name"], case["value"])])
    assert (problem, parts) == (case.get("problem"), case.get("parts"))


@cases("select")
def test_select(case: dict[str, Any]) -> None:
    selection = rulebook.select(VECTORS["doses"], case["specs"])
    items = [{"id": item.id, "dose": item.applied.dose, "changed": item.applied.changed,
              "overrides": [list(o) for o in item.applied.overrides]} for item in selection.items]
    assert (items, selection.problems, [list(i) for i in selection.issues]) == (case["items"], case["problems"],
                                                                               case["issues"])


@cases("query")
def test_query(case: dict[str, Any]) -> None:
    assert rulebook.query(case["specs"]) == case["query"]


@cases("rows")
def test_rows(case: dict[str, Any]) -> None:
    assert [list(row) for row in rulebook.dose_rows(case["dose"])] == case["rows"]


@cases("instruction")
def test_dose_instruction(case: dict[str, Any]) -> None:
    """The dose said as plain instructions, and the words of its table explained."""
    assert rulebook.dose_instruction(case["dose"]) == case["instruction"]
    assert rulebook.dose_terms(case["dose"]) == case["terms"]


@cases("date")
def test_date(case: dict[str, Any]) -> None:
    problem, text = outcome(lambda: rulebook.date_text(case["value"], TODAY))
    assert (problem, text) == (case.get("problem"), case.get("text"))


@cases("personal")
def test_personal(case: dict[str, Any]) -> None:
    got = rulebook.read_personal(case["patient"], case["date"], case["sides"], case["notes"], case["chosen"], TODAY,
                                 sided=case["sided"])
    assert {"patient": got.patient, "date": got.date, "dateText": got.date_text, "sides": got.sides,
            "notes": got.notes, "problems": got.problems, "issues": [list(i) for i in got.issues]} == case["result"]


@cases("link")
def test_link_notices(case: dict[str, Any]) -> None:
    assert rulebook.link_notices(case["issues"], case["names"]) == case["notices"]


@cases("sections")
def test_sections(case: dict[str, Any]) -> None:
    assert rulebook.sections(case["kind"], **case["shown"]) == case["sections"]


def test_lumbar_handout_refuses_what_the_builder_refuses() -> None:
    # The command's personal options go through the same rules: every problem at once.
    from lumbar.printing.selection import personal_from

    with pytest.raises(SelectionError) as raised:
        personal_from("", "14 March", notes=[], sides=["clamshell=up", "bridge=left"], ids=["clamshell", "bridge"],
                      sided=["clamshell"], today=TODAY)
    assert raised.value.problems == [
        "the date must look like 2025-03-14, or be today, not '14 March'",
        "clamshell: the side must be left, right or both, not 'up'",
        "bridge works both sides of the body together, so it has no side to choose; leave its side out",
    ]
