"""Each kind of content mistake gives one message at its exact line and column."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lumbar.content.catalogue import load_catalogue
from lumbar.content.errors import ContentErrors
from tests.conftest import TODAY, VALID_EXERCISE, VALID_FAQ, VALID_PAIR

Project = Callable[..., Path]


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_catalogue(root)
    return [error.format(root) for error in info.value.errors]


def test_valid_content_loads(project: Project) -> None:
    root = project(
        exercise={"stretch": VALID_EXERCISE.format(id="stretch")},
        faq={"question": VALID_FAQ.format(id="question")},
        avoid={"pair": VALID_PAIR.format(id="pair", exercise="stretch")},
    )
    catalogue = load_catalogue(root)
    assert [e.id for e in catalogue.exercises] == ["stretch"]
    assert catalogue.exercises[0].dose.reps == "2 to 4"
    assert [f.id for f in catalogue.faqs] == ["question"] and [p.id for p in catalogue.pairs] == ["pair"]


def test_unknown_key_points_at_the_key_and_suggests(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("feel:", "feeel:")
    missing, unknown = errors_of(project(exercise={"x": text}))
    assert missing == "exercises/x.yml:1:1: feel: required field 'feel' is missing"
    assert unknown.startswith("exercises/x.yml:21:1: feeel: unknown field 'feeel'. Did you mean 'feel'?")


def test_unknown_nested_key(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("  per_side: true", "  per_sied: true")
    [message] = errors_of(project(exercise={"x": text}))
    assert message.startswith("exercises/x.yml:19:3: dose.per_sied: unknown field 'per_sied'. Did you mean 'per_side'?")
    assert "Allowed here:" in message and "how_often" in message


def test_missing_field_points_at_parent(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("  how_often: Twice a day\n", "")
    [message] = errors_of(project(exercise={"x": text}))
    assert message == "exercises/x.yml:16:1: dose.how_often: required field 'how_often' is missing"


def test_missing_top_level_field_points_at_document_start(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("purpose: Loosens the lower back.\n", "")
    [message] = errors_of(project(exercise={"x": text}))
    assert message == "exercises/x.yml:1:1: purpose: required field 'purpose' is missing"


def test_closed_list_value_points_at_value(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("category: stretch", "category: strech")
    [message] = errors_of(project(exercise={"x": text}))
    assert message.startswith("exercises/x.yml:5:11: category: 'strech' is not allowed. Did you mean 'stretch'?")
    assert "Choose one of: stretch, strength, aerobic, relaxation" in message


def test_item_in_list_points_at_item(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("tags: [stretching]", "tags: [stretching, glutez]")
    [message] = errors_of(project(exercise={"x": text}))
    assert message.startswith("exercises/x.yml:10:20: tags[1]: 'glutez' is not allowed. Did you mean 'glutes'?")


def test_bad_count_points_at_value(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("reps: 2-4", "reps: lots")
    [message] = errors_of(project(exercise={"x": text}))
    assert message == "exercises/x.yml:17:9: dose.reps: must be a number or a range such as 8-12"


def test_empty_list(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("stop_if:\n  - Pain gets sharp.", "stop_if: []")
    assert errors_of(project(exercise={"x": text})) == ["exercises/x.yml:22:10: stop_if: needs at least one item; add one on a line starting with '- '"]


def test_impossible_date(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("reviewed_on: 2026-01-01", "reviewed_on: 2026-13-01")
    assert errors_of(project(exercise={"x": text})) == [
        "exercises/x.yml:28:16: review.reviewed_on: '2026-13-01' is not valid: month must be in 1..12"
    ]


def test_review_due_before_reviewed(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("2099-01-01", "2025-01-01")
    [message] = errors_of(project(exercise={"x": text}))
    assert message == (
        "exercises/x.yml:29:20: review.next_review_due: next_review_due (2025-01-01) must be after reviewed_on (2026-01-01)"
    )


def test_missing_sources(project: Project) -> None:
    text = VALID_FAQ.format(id="q").replace(
        "sources:\n  - publisher: NHS\n    title: Back pain\n", "sources: []\n"
    )
    [message] = errors_of(project(faq={"q": text}))
    assert message == "content/faq/q.yml:5:10: sources: needs at least one item; add one on a line starting with '- '"


def test_unresolved_reference_suggests_existing_id(project: Project) -> None:
    root = project(
        exercise={"knee-to-chest": VALID_EXERCISE.format(id="knee-to-chest")},
        avoid={"pair": VALID_PAIR.format(id="pair", exercise="knee-to-chst")},
    )
    [message] = errors_of(root)
    assert message == (
        "content/avoid/pair.yml:8:15: try_instead.exercises[0]: "
        "no exercise has the id 'knee-to-chst'. Did you mean 'knee-to-chest'?"
    )


def test_related_must_resolve_and_variation_must_name_an_exercise(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x") + "related: [q, nowhere]\neasier:\n  - description: Do less.\n    exercise: q\n"
    root = project(exercise={"x": text}, faq={"q": VALID_FAQ.format(id="q")})
    messages = errors_of(root)
    assert messages == [
        "exercises/x.yml:37:14: related[1]: no entry has the id 'nowhere'.",
        "exercises/x.yml:40:15: easier[0].exercise: 'q' is an FAQ entry, not an exercise; only exercise ids can go here",
    ]


def test_duplicate_id_and_name_mismatch(project: Project) -> None:
    root = project(
        exercise={"a": VALID_EXERCISE.format(id="a")},
        faq={"b": VALID_FAQ.format(id="a")},
    )
    messages = errors_of(root)
    assert "content/faq/b.yml:1:5: id: id 'a' does not match the file name; use id: b or rename the file" in messages


def test_same_id_in_two_files_names_both(project: Project) -> None:
    root = project(exercise={"a": VALID_EXERCISE.format(id="a")}, faq={"a": VALID_FAQ.format(id="a")})
    [message] = errors_of(root)
    assert "exercises/a.yml" in message and message.startswith("content/faq/a.yml:1:5: id:")


def test_every_problem_in_every_file_in_one_pass(project: Project) -> None:
    root = project(
        exercise={
            "a": VALID_EXERCISE.format(id="a").replace("feel:", "feal:").replace("difficulty: easy", "difficulty: hardest"),
            "b": "name: [unclosed\n",
        },
        faq={"c": VALID_FAQ.format(id="c").replace("question:", "qestion:")},
    )
    messages = errors_of(root)
    # feal unknown, feel missing, difficulty, the syntax error, qestion unknown, question missing
    assert len(messages) == 6
    assert [m.split(":")[0] for m in messages] == sorted(m.split(":")[0] for m in messages)


def test_html_and_script_links_are_rejected(project: Project) -> None:
    text = VALID_FAQ.format(id="q").replace("answer: Yes.", "answer: Yes <script>alert(1)</script> [x](javascript:alert(1))")
    [message] = errors_of(project(faq={"q": text}))
    assert message.startswith("content/faq/q.yml:4:13: answer: HTML is not allowed")  # at the tag itself


def test_overdue_review_is_a_warning(project: Project) -> None:
    text = VALID_FAQ.format(id="q").replace("2099-01-01", "2026-02-01")
    catalogue = load_catalogue(project(faq={"q": text}), today=TODAY)  # not the clock: see conftest
    [warning] = catalogue.warnings
    assert warning.format(catalogue.root) == (
        "content/faq/q.yml:10:20: review.next_review_due: "
        "review was due on 2026-02-01; check the entry and update the review dates"
    )


def test_cli_check_reports_without_traceback(project: Project) -> None:
    root = project(exercise={"x": VALID_EXERCISE.format(id="x").replace("category: stretch", "category: nope")})
    result = subprocess.run(
        [sys.executable, "-m", "lumbar", "--root", str(root), "check"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "exercises/x.yml:5:11: category: 'nope' is not allowed." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_build_with_bad_content_exits_cleanly(project: Project, tmp_path: Path) -> None:
    root = project(exercise={"x": VALID_EXERCISE.format(id="x").replace("&", "").replace("name: Test stretch", "name: [")})
    (root / "mkdocs.yml").write_text("site_name: t\ndocs_dir: content\nplugins: [search, lumbar]\n")
    result = subprocess.run(
        [sys.executable, "-m", "lumbar", "--root", str(root), "build"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "exercises/x.yml:2:7: YAML syntax: the list in [ ] that starts here is not closed before more text on line 4" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_broken_entry_is_not_also_reported_by_every_entry_that_refers_to_it(project: Project) -> None:
    # The pair refers to 'stretch', which exists but has a mistake: fix one file, not two.
    root = project(
        exercise={"stretch": VALID_EXERCISE.format(id="stretch").replace("category: stretch", "category: nope")},
        avoid={"pair": VALID_PAIR.format(id="pair", exercise="stretch")},
    )
    [message] = errors_of(root)
    assert message.startswith("exercises/stretch.yml:5:11: category: 'nope' is not allowed.")
