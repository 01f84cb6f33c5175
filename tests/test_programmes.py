"""Programmes: the model's errors at file:line:col, their pages on the built site, and their PDFs."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from lumbar.content.catalogue import load_catalogue
from lumbar.content.errors import ContentErrors
from lumbar.paths import PAPERS, PROGRAMME, figure_path, programme_pdf_path
from tests.conftest import ROOT, VALID_EXERCISE

Project = Callable[..., Path]

PROGRAMME_YAML = """\
id: {id}
title: A test plan
summary: A short plan for testing the programme model and its messages.
for_whom:
  - You want to test.
not_for:
  - You do not.
weeks: 4
days_per_week: 3-5
warm_up:
  - Walk for 5 minutes.
cool_down:
  - Rest.
stages:
  - title: Weeks 1 and 2
    weeks: 1-2
    goal: Start.
    exercises:
      - exercise: stretch
        dose:
          reps: 3
          how_often: Once a day
  - title: Weeks 3 and 4
    weeks: 3-4
    goal: Build up.
    exercises:
      - exercise: stretch
progression:
  - Add one repeat a week.
{extra}sources:
  - publisher: NHS
    title: Back pain
review:
  reviewed_on: 2026-11-01
  next_review_due: 2027-11-01
"""


def programme(entry_id: str = "plan", extra: str = "", **replace: str) -> str:
    text = PROGRAMME_YAML.format(id=entry_id, extra=extra)
    for old, new in replace.items():
        text = text.replace(old.replace("_", " "), new)
    return text


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_catalogue(root)
    return [error.format(root) for error in info.value.errors]


def test_a_valid_programme_loads_with_its_stage_doses(project: Project) -> None:
    root = project(exercise={"stretch": VALID_EXERCISE.format(id="stretch")}, programme={"plan": programme()})
    catalogue = load_catalogue(root)
    plan = catalogue.programmes[0]
    assert [s.weeks for s in plan.stages] == ["1-2", "3-4"]
    assert plan.stages[0].exercises[0].dose.reps == "3" and plan.stages[1].exercises[0].dose is None
    assert [p.id for p in catalogue.programmes_with("stretch")] == ["plan"]


def test_unknown_exercise_id_points_at_it_and_suggests(project: Project) -> None:
    text = programme().replace("      - exercise: stretch\n        dose", "      - exercise: strech\n        dose")
    root = project(exercise={"stretch": VALID_EXERCISE.format(id="stretch")}, programme={"plan": text})
    assert errors_of(root) == [
        "content/programmes/plan.yml:19:19: stages[0].exercises[0].exercise: "
        "no exercise has the id 'strech'. Did you mean 'stretch'?"
    ]


def test_a_faq_id_is_not_an_exercise(project: Project) -> None:
    from tests.conftest import VALID_FAQ

    text = programme().replace("goal: Build up.\n    exercises:\n      - exercise: stretch", "goal: Build up.\n    exercises:\n      - exercise: question")
    root = project(exercise={"stretch": VALID_EXERCISE.format(id="stretch")}, faq={"question": VALID_FAQ.format(id="question")},
                   programme={"plan": text})
    (message,) = errors_of(root)
    assert message.startswith("content/programmes/plan.yml:27:19: stages[1].exercises[0].exercise: 'question' is an FAQ entry")


def test_flare_up_must_name_a_programme(project: Project) -> None:
    root = project(exercise={"stretch": VALID_EXERCISE.format(id="stretch")},
                   programme={"plan": programme(extra="flare_up: flare-upp\n"),
                              "flare-up": programme("flare-up")})
    assert errors_of(root) == [
        "content/programmes/plan.yml:30:11: flare_up: no programme has the id 'flare-upp'. Did you mean 'flare-up'?"
    ]
    root = project(programme={"plan": programme(extra="flare_up: stretch\n")})
    assert "'stretch' is an exercise, not a programme" in errors_of(root)[0]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("weeks: 3-4", "weeks: 4-5", "plan.yml:24:12: stages[1].weeks: week 5 is after the end of the programme"),
    ("weeks: 3-4", "weeks: 4", "plan.yml:24:12: stages[1].weeks: stages must cover the weeks in order without gaps"),
    ("weeks: 1-2", "weeks: 2-1", "plan.yml:16:12: stages[0].weeks: range '2-1' must go from the first week"),
    ("weeks: 3-4", "weeks: 3", "plan.yml:24:12: stages[1].weeks: the last stage ends at week 3 but the programme lasts 4"),
    ("weeks: 4\n", "weeks: 0\n", "plan.yml:8:8: weeks: Input should be greater than or equal to 1"),
])
def test_stage_weeks_are_checked_at_the_stage(project: Project, old: str, new: str, expected: str) -> None:
    root = project(exercise={"stretch": VALID_EXERCISE.format(id="stretch")}, programme={"plan": programme().replace(old, new)})
    found = errors_of(root)
    assert any(expected in message for message in found), found


def test_a_one_week_plan_may_split_its_week(project: Project) -> None:
    text = programme().replace("weeks: 4\n", "weeks: 1\n").replace("weeks: 1-2", "weeks: 1").replace("weeks: 3-4", "weeks: 1")
    root = project(exercise={"stretch": VALID_EXERCISE.format(id="stretch")}, programme={"plan": text})
    assert [s.weeks for s in load_catalogue(root).programmes[0].stages] == ["1", "1"]


def test_unknown_stage_field_and_bad_dose(project: Project) -> None:
    text = programme().replace("    goal: Start.", "    gaol: Start.").replace("          reps: 3\n", "")
    root = project(exercise={"stretch": VALID_EXERCISE.format(id="stretch")}, programme={"plan": text})
    found = errors_of(root)
    assert any(m.startswith("content/programmes/plan.yml:17:5: stages[0].gaol: unknown field 'gaol'. Did you mean 'goal'?")
               for m in found), found
    assert any("stages[0].exercises[0].dose: give at least one of reps, hold_seconds or minutes" in m for m in found), found
