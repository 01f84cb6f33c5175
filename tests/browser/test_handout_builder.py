"""The in-browser handout builder, in headless Chromium: the address alone decides the
handout (same spelling and result as `lumbar handout`), edits go back into the address,
"Add to handout" collects exercises across pages, and it works opened from disk."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from lumbar.content.catalogue import load_catalogue
from lumbar.content.models import Exercise
from lumbar.content.text import dose_rows, stop_lines
from lumbar.printing.selection import MAX_RECOMMENDED, handout_query, resolve
from tests.browser.conftest import PageWatch
from tests.conftest import ROOT

SECTIONS = "[data-lumbar-handout-output] section[data-exercise-id]"
READ_SECTIONS = """sections => sections.map(s => ({
    id: s.dataset.exerciseId,
    name: s.querySelector("h2").textContent,
    steps: Array.from(s.querySelectorAll("ol li"), li => li.textContent),
    dose: Array.from(s.querySelectorAll("table tr"), tr => [tr.cells[0].textContent, tr.cells[1].textContent]),
    stop: Array.from(s.querySelectorAll("ul li"), li => li.textContent),
    changed: s.textContent.includes("Your clinician has set this amount for you."),
}))"""


@pytest.fixture(scope="module")
def exercises() -> dict[str, Exercise]:
    return {e.id: e for e in load_catalogue(ROOT).exercises}


def expected(exercises: dict[str, Exercise], specs: list[str]) -> list[dict[str, Any]]:
    """What `lumbar handout` would print for the same selection."""
    return [{
        "id": item.exercise.id,
        "name": item.exercise.name,
        "steps": list(item.exercise.steps),
        "dose": [list(row) for row in dose_rows(item.dose)],
        "stop": stop_lines(item.exercise, load_catalogue(ROOT).safety),
        "changed": bool(item.changed),
    } for item in resolve(exercises, specs)]


def shown(tab: Any) -> list[dict[str, Any]]:
    return tab.eval_on_selector_all(SECTIONS, READ_SECTIONS)


def status(tab: Any) -> str:
    return tab.inner_text("[data-lumbar-handout-status]")


def open_handout(open_page: Callable[..., Any], query: str) -> Any:
    tab = open_page(f"handout/?{query}")
    tab.wait_for_selector("[data-lumbar-handout-builder]:not([hidden])")
    return tab


def test_builder_makes_the_same_handout_as_the_command_line(
    open_page: Callable[..., Any], site_url: str, exercises: dict[str, Exercise]
) -> None:
    specs = ["bridge:sets=2,reps=10", "bird-dog:how_often=Twice a day", "walking"]
    query = handout_query(specs)
    tab = open_handout(open_page, query)
    assert shown(tab) == expected(exercises, specs)
    # The cover lists the same exercises in the same order, and the address is unchanged.
    cover = tab.eval_on_selector_all(".lumbar-handout__cover ol li", "items => items.map(i => i.textContent)")
    assert cover == [exercises[s.split(":")[0]].name for s in specs]
    assert tab.url == f"{site_url}handout/?{query}"
    assert status(tab).startswith("3 exercises in this handout.")
    chosen = tab.eval_on_selector_all("[data-lumbar-handout-chosen] > li", "rows => rows.map(r => r.dataset.exerciseId)")
    assert chosen == ["bridge", "bird-dog", "walking"]
    assert tab.input_value("#lumbar-dose-bridge-sets") == "2"


def test_handout_shows_each_exercises_pictures(open_page: Callable[..., Any], exercises: dict[str, Exercise]) -> None:
    ids = sorted(exercises)[:4]
    tab = open_handout(open_page, handout_query(ids))
    tab.wait_for_load_state("load")
    pictures = tab.eval_on_selector_all(SECTIONS, """sections => sections.map(s => Array.from(
        s.querySelectorAll(".lumbar-handout__pictures img"), img => [img.complete && img.naturalWidth > 0, img.alt]))""")
    for exercise_id, found in zip(ids, pictures):
        has_figure = getattr(exercises[exercise_id], "figure", None) is not None
        assert len(found) == (2 if has_figure else 0), exercise_id
        assert all(loaded and alt for loaded, alt in found), (exercise_id, found)


def test_changing_a_dose_is_kept_in_the_address(open_page: Callable[..., Any], exercises: dict[str, Exercise]) -> None:
    tab = open_handout(open_page, handout_query(["bridge", "bird-dog"]))
    tab.fill("#lumbar-dose-bird-dog-sets", "4")
    tab.press("#lumbar-dose-bird-dog-sets", "Tab")
    tab.wait_for_function("() => location.search.includes('bird-dog:sets=4')")
    address = tab.url
    assert shown(tab) == expected(exercises, ["bridge", "bird-dog:sets=4"])
    # A bad value is refused and named; the address keeps the last good dose.
    tab.fill("#lumbar-dose-bird-dog-reps", "lots")
    tab.press("#lumbar-dose-bird-dog-reps", "Tab")
    assert "reps: must be a number or a range such as 8-12" in status(tab)
    assert tab.get_attribute("#lumbar-dose-bird-dog-reps", "aria-invalid") == "true"
    assert tab.url == address
    # Someone opening the shared address (a new browser, nothing stored) sees the same.
    fresh = open_page(address.split("/", 3)[3])
    fresh.wait_for_selector(SECTIONS)
    assert shown(fresh) == expected(exercises, ["bridge", "bird-dog:sets=4"])
    # Reordering and removing also go into the address.
    fresh.click("[data-lumbar-handout-chosen] > li[data-exercise-id=bird-dog] button:has-text('Up')")
    fresh.wait_for_function("() => location.search.startsWith('?ex=bird-dog:sets=4&ex=bridge')")
    fresh.click("[data-lumbar-handout-chosen] > li[data-exercise-id=bridge] button:has-text('Remove')")
    fresh.wait_for_function("() => location.search === '?ex=bird-dog:sets=4'")
    assert [s["id"] for s in shown(fresh)] == ["bird-dog"]


def test_mistakes_in_the_address_are_reported_not_fatal(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_handout(open_page, "ex=nope&ex=bridge:foo=1&ex=walking:reps=lots&ex=bridge")
    assert [s["id"] for s in shown(tab)] == ["bridge", "walking"]
    text = status(tab)
    assert "No exercise has the id \u201cnope\u201d." in text
    assert "unknown dose field 'foo'" in text  # the wording of lumbar.content.dose_rules
    assert "reps: must be a number or a range such as 8-12" in text
    assert "bridge is chosen twice" in text
    assert tab.url == f"{site_url}handout/?ex=bridge&ex=walking"


def test_more_than_the_recommended_number_warns_but_still_builds(
    open_page: Callable[..., Any], exercises: dict[str, Exercise]
) -> None:
    ids = sorted(exercises)
    tab = open_handout(open_page, handout_query(ids[:MAX_RECOMMENDED]))
    assert "or fewer exercises better" not in status(tab)
    tab = open_handout(open_page, handout_query(ids[:MAX_RECOMMENDED + 2]))
    assert f"People keep up a plan of {MAX_RECOMMENDED} or fewer exercises better" in status(tab)
    assert [s["id"] for s in shown(tab)] == ids[:MAX_RECOMMENDED + 2]


def test_add_to_handout_collects_exercises_from_their_pages(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_page("exercises/bridge/")
    with tab.expect_navigation():
        tab.click("a[data-lumbar-add=bridge]")
    tab.wait_for_selector(SECTIONS)
    assert [s["id"] for s in shown(tab)] == ["bridge"]
    tab.goto(f"{site_url}exercises/walking/")
    with tab.expect_navigation():
        tab.click("a[data-lumbar-add=walking]")
    tab.wait_for_selector(f"{SECTIONS}[data-exercise-id=walking]")
    assert [s["id"] for s in shown(tab)] == ["bridge", "walking"]
    assert tab.url == f"{site_url}handout/?ex=bridge&ex=walking"
    tab.goto(f"{site_url}exercises/bridge/")
    assert tab.inner_text("a[data-lumbar-add=bridge]") == "Open handout (2 chosen)"
    # The handout page remembers the list when opened without an address.
    tab.goto(f"{site_url}handout/")
    tab.wait_for_selector(SECTIONS)
    assert [s["id"] for s in shown(tab)] == ["bridge", "walking"]


def test_printing_the_handout_gives_cover_exercises_and_red_flags_only(
    open_page: Callable[..., Any], exercises: dict[str, Exercise]
) -> None:
    ids = ["bridge", "bird-dog", "walking"]
    tab = open_handout(open_page, handout_query(ids))
    for paper in ("A4", "Letter"):
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(tab.pdf(format=paper))).pages]
        # An exercise or the safety section (content/safety.yml) may run over more than one page.
        assert pages[0].startswith("Lumbar Your exercise plan") and "Prepared for:" in pages[0]
        starts = [next(n for n, page in enumerate(pages) if page.startswith(
            f"Exercise {index} of {len(ids)} {exercises[exercise_id].name}")) for index, exercise_id in enumerate(ids, 1)]
        safety = next(n for n, page in enumerate(pages) if page.startswith("When to get help"))
        assert starts[0] == 1 and starts == sorted(starts) and safety > starts[-1], (paper, [p[:60] for p in pages])
        for exercise_id, start, end in zip(ids, starts, [*starts[1:], safety]):
            body = " ".join(pages[start:end])
            for step in exercises[exercise_id].steps:
                assert " ".join(step.split()) in body
        everything = " ".join(pages)
        for chrome in ("Add to handout", "Print handout", "Choose an exercise", "Make a handout", "Skip to content"):
            assert chrome not in everything, (paper, chrome)


def test_builder_works_from_disk(browser: Any, offline_site: Path, exercises: dict[str, Exercise]) -> None:
    root = offline_site.as_uri() + "/"
    watch = PageWatch({"file"})
    tab = watch.new_page(browser)
    try:
        specs = ["walking:minutes=20", "bridge"]
        tab.goto(f"{root}handout.html?{handout_query(specs)}")
        tab.wait_for_selector(SECTIONS)
        assert shown(tab) == expected(exercises, specs)
        link = tab.get_attribute(f"{SECTIONS}[data-exercise-id=walking] .lumbar-handout__online a", "href")
        assert link == "exercises/walking.html"
        assert (offline_site / link).exists()
        tab.goto(f"{root}exercises/walking.html")
        card = tab.get_attribute("a.md-button[title^='Exercise card, A6']", "href")
        assert (offline_site / "exercises" / card).resolve() == (offline_site / "cards" / "walking.pdf").resolve()
    finally:
        tab.context.close()
    assert not watch.problems(), "\n".join(watch.problems())
