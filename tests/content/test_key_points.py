"""Key points and something to act with (issue 25): every exercise has a key point, checked
by `lumbar check` (no numbers, which belong to the dose; plain words); the safety page opens
with two to four key points from content/safety.yml; the exercise page shows its key points
(the key point, the dose as instructions, when to stop) and a tick grid for print, and a
programme page a weekly grid for each week of each stage."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from lumbar.content.catalogue import load_catalogue
from lumbar.content.dose_rules import PRINTED_WORDS, TICK_DAYS
from lumbar.content.errors import ContentErrors
from lumbar.content.text import dose_instruction
from lumbar.paths import PROGRAMME
from tests.conftest import ROOT, VALID_EXERCISE
from tests.readability import grade

Project = Callable[..., Path]


def test_every_exercise_has_a_plain_key_point_without_numbers() -> None:
    for exercise in load_catalogue(ROOT).exercises:
        assert exercise.key_point, exercise.id
        assert not re.search(r"[0-9]", exercise.key_point), exercise.id
        assert grade(exercise.key_point) <= 8, (exercise.id, exercise.key_point)


def test_a_key_point_with_a_number_is_an_error_at_its_line(project: Project) -> None:
    text = VALID_EXERCISE.format(id="stretch").replace("purpose: Loosens the lower back.\n",
                                                       "purpose: Loosens the lower back.\nkey_point: Do it 10 times.\n")
    root = project(exercise={"stretch": text})
    with pytest.raises(ContentErrors) as info:
        load_catalogue(root)
    messages = [error.format(root) for error in info.value.errors]
    line = text.splitlines().index("key_point: Do it 10 times.") + 1
    assert any(m.startswith(f"exercises/stretch.yml:{line}:") and "numbers" in m for m in messages), messages


def test_the_safety_page_opens_with_its_key_points(built_site: Path) -> None:
    raw = yaml.safe_load((ROOT / "content" / "safety.yml").read_text(encoding="utf-8"))
    assert 2 <= len(raw["key_points"]) <= 4
    page = (built_site / "safety" / "index.html").read_text(encoding="utf-8")
    box = re.search(r'class="lumbar-key-points">(.*?)</div>', page, re.S)
    assert box, "no key points on the safety page"
    items = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", i)).split()) for i in re.findall(r"<li>(.*?)</li>", box.group(1), re.S)]
    assert items == [" ".join(t.split()) for t in raw["key_points"]]
    assert page.index("lumbar-key-points") < page.index('id="when-to-get-help"')


def test_exercise_pages_show_key_points_and_a_tick_grid(built_site: Path) -> None:
    catalogue = load_catalogue(ROOT)
    for exercise in catalogue.exercises:
        page = (built_site / "exercises" / exercise.id / "index.html").read_text(encoding="utf-8")
        box = re.search(r'class="lumbar-key-points">(.*?)</div>', page, re.S)
        assert box, exercise.id
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", box.group(1))).split())
        assert " ".join(exercise.key_point.split()) in text and dose_instruction(exercise.dose) in text, exercise.id
        grid = re.search(r'<table class="lumbar-tick__grid">(.*?)</table>', page, re.S)
        assert grid, exercise.id
        assert all(f">{day}<" in grid.group(1) for day in TICK_DAYS), exercise.id
        assert len(re.findall(r"<td></td>", grid.group(1))) == 2 * len(TICK_DAYS), exercise.id


def test_programme_pages_have_a_weekly_tick_grid_for_each_week(built_site: Path) -> None:
    catalogue = load_catalogue(ROOT)
    for plan in catalogue.programmes:
        page = (built_site / PROGRAMME.page(plan.id).replace(".md", "/index.html")).read_text(encoding="utf-8")
        grids = re.findall(r'<table class="lumbar-tick__grid">(.*?)</table>', page, re.S)
        assert len(grids) == sum(stage.last_week - stage.first_week + 1 for stage in plan.stages), plan.id
        captions = re.findall(r"<caption>(.*?)</caption>", page)
        assert all(PRINTED_WORDS["log"] in html.unescape(c) for c in captions), plan.id
