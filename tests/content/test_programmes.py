"""Programmes: the model's errors at file:line:col, their pages on the built site, and their PDFs."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape as html_escape
from pathlib import Path

import pytest

from lumbar.content.catalogue import load_catalogue
from lumbar.content.errors import ContentErrors
from lumbar.content.text import dose_instruction
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
  clinical_review: pending
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
    ("weeks: 4\n", "weeks: 0\n", "plan.yml:8:8: weeks: must be 1 or more"),
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


# --- the built site --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> object:
    return load_catalogue(ROOT)


def _html(site: Path, docs_path: str) -> str:
    from lumbar.paths import url_of

    return (site / url_of(docs_path) / "index.html").read_text(encoding="utf-8")


def _targets(html: str, page_dir: Path, attr: str) -> list[tuple[str, Path]]:
    article = html[html.index("<article"):html.index("</article>")]
    found = []
    for target in re.findall(rf'{attr}="([^"#?]+)(?:[#?][^"]*)?"', article):
        if target.startswith(("http://", "https://", "mailto:", "tel:")):
            continue
        path = (page_dir / target).resolve()
        found.append((target, path / "index.html" if target.endswith("/") else path))
    return found


def test_every_programme_page_shows_each_stage_with_linked_exercises_and_thumbnails(real, built_site: Path) -> None:
    assert len(real.programmes) >= 3
    for plan in real.programmes:
        page_dir = built_site / "programmes" / plan.id
        html = _html(built_site, PROGRAMME.page(plan.id))
        broken = [t for t, path in _targets(html, page_dir, "href") + _targets(html, page_dir, "src") if not path.exists()]
        assert broken == [], f"{plan.id}: links or pictures that do not resolve: {broken}"
        for number, stage in enumerate(plan.stages, 1):
            start = html.index(f'id="stage-{number}"')
            end = html.find('id="stage-', start + 10)
            section = html[start:end if end > 0 else html.index('id="warm-up"')]
            assert stage.title in section
            for item in stage.exercises:
                exercise = real.get(item.exercise)
                assert f'href="../../exercises/{exercise.id}/"' in section, (plan.id, stage.title, exercise.id)
                assert f'src="../../{figure_path(exercise.id, "end")}"' in section, (plan.id, exercise.id)
                dose = item.dose or exercise.dose
                # The dose said as instructions (the one function pages and PDFs use).
                assert html_escape(dose_instruction(dose), quote=False) in section, (plan.id, exercise.id)
        for heading in ("Who it is for", "Who it is not for", "Week by week", "Warm-up", "Cool-down",
                        "How to build up", "If your pain flares up", "Sources"):
            assert heading in html, (plan.id, heading)
        assert "Page last reviewed" in html
        for paper in PAPERS:
            pdf = programme_pdf_path(plan.id, paper)
            assert (built_site / pdf).is_file() and pdf.split("/")[-1] in html
        assert f"?programme={plan.id}" in html
        if plan.flare_up:
            assert f'href="../{plan.flare_up}/"' in html


def test_exercise_pages_list_their_programmes_and_the_home_page_starts_with_one(real, built_site: Path) -> None:
    for plan in real.programmes:
        for exercise_id in {i.exercise for s in plan.stages for i in s.exercises}:
            html = _html(built_site, f"exercises/{exercise_id}.md")
            assert f'href="../../programmes/{plan.id}/"' in html, (exercise_id, plan.id)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "Where do I start?" in home and 'href="programmes/starter/"' in home
    index = (built_site / "programmes" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p.id}/"' in index for p in real.programmes)
    assert 'class="md-tabs__link">' in home and "Programmes" in home  # in the navigation


def test_the_handout_builder_can_start_from_each_programme(real, built_site: Path) -> None:
    import html as html_lib
    import json

    from lumbar.printing.selection import resolve

    page = (built_site / "handout" / "index.html").read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S).group(1)
    data = json.loads(html_lib.unescape(raw))
    exercises = {e.id: e for e in real.exercises}
    for plan in real.programmes:
        items = resolve(exercises, data["programmes"][plan.id])
        assert [i.exercise.id for i in items] == [i.exercise for i in plan.stages[0].exercises]
        for item, stage_item in zip(items, plan.stages[0].exercises):
            # Every field the stage sets, word for word (commas included: "Several times a
            # day, whenever you need it").
            for field, value in (stage_item.dose.model_dump(exclude_none=True) if stage_item.dose else {}).items():
                assert getattr(item.dose, field) == value, (plan.id, stage_item.exercise, field)


def test_each_programme_pdf_prints_every_stage_with_pictures_doses_and_a_tick_box_log(real, built_site: Path) -> None:
    import pdfplumber

    for plan in real.programmes:
        with pdfplumber.open(built_site / programme_pdf_path(plan.id, PAPERS[0])) as pdf:
            pages = [(page.extract_text() or "", page) for page in pdf.pages]
        text = "\n".join(t for t, _ in pages)
        assert plan.title in text and "Warm-up before each session" in text
        # Stages run on from page to page: each stage's text lies between its heading and the next.
        flat = " ".join(text.split())
        all_pages = [page for _, page in pages]
        boxes_expected = 0
        for number, stage in enumerate(plan.stages, 1):
            start = flat.index(f"Stage {number} of {len(plan.stages)}")
            end = flat.find(f"Stage {number + 1} of", start)
            stage_text = flat[start:end if end >= 0 else len(flat)]
            assert stage.title in stage_text
            for item in stage.exercises:
                exercise = real.get(item.exercise)
                said = " ".join(dose_instruction(item.dose or exercise.dose).split())
                assert said in stage_text, (plan.id, stage.title, said)
            weeks = stage.last_week - stage.first_week + 1
            assert stage_text.count("tick a box each day") == weeks, (plan.id, stage.title)
            days = ("Day 1", "Day 7") if plan.weeks == 1 else ("Mon", "Sun")
            assert all(day in stage_text for day in days)
            boxes_expected += weeks * 7 * len(stage.exercises)
        boxes = [r for page in all_pages for r in page.rects if 5 < r["width"] * 25.4 / 72 < 6]
        assert len(boxes) == boxes_expected, (plan.id, len(boxes))
        images = sum(len(page.images) for page in all_pages)
        assert images >= sum(len(stage.exercises) for stage in plan.stages), (plan.id, images)
        assert "Call 999" in text or "999" in text  # the red flags close the PDF, as on a handout
