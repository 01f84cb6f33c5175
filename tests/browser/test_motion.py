"""The moving picture on exercise pages, in Chromium: it moves from the start to the end
position and back, a keyboard-operable button pauses and plays it, it starts paused under
prefers-reduced-motion, it passes axe, the still pictures keep their alt text, print shows
only the stills, and it works opened from disk."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lumbar.content.catalogue import load_catalogue
from lumbar.content.models import Exercise
from lumbar.figures import MOTION_FRAMES, alt_text
from tests.browser.conftest import PageWatch
from tests.browser.helpers import describe_violations, run_axe
from tests.conftest import ROOT

BLOCK = "[data-lumbar-motion]"
# Exercises of each kind of picture: lying, kneeling and mirrored, standing, in water.
EXERCISES = ["bridge", "hip-flexor-stretch", "wall-sit", "swimming"]

# The frames shown over ``ms`` milliseconds, read every 40 ms from the block's data-frame.
SAMPLE = """(ms) => new Promise(done => {
    const block = document.querySelector("[data-lumbar-motion]");
    const seen = [];
    const start = performance.now();
    (function read() {
        seen.push(Number(block.dataset.frame));
        if (performance.now() - start < ms) setTimeout(read, 40); else done(seen);
    })();
})"""


def _open(open_page: Callable[..., Any], exercise_id: str, **options: Any) -> Any:
    tab = open_page(f"exercises/{exercise_id}/", **options)
    tab.wait_for_selector(BLOCK, state="visible")
    # The strip of frames has loaded (an <img> of the SVG, from the site itself).
    tab.wait_for_function(f"document.querySelector('{BLOCK} img').naturalWidth > 0")
    return tab


def _shown(tab: Any) -> tuple[int, int]:
    """(the frame the window shows, read from where the strip is moved to; the frame the script
    says it shows), read together."""
    return tuple(tab.evaluate(f"""() => {{
        const block = document.querySelector('{BLOCK}');
        const view = block.querySelector('.lumbar-motion__view').getBoundingClientRect();
        const strip = block.querySelector('img').getBoundingClientRect();
        return [Math.round((view.left - strip.left) / view.width), Number(block.dataset.frame)];
    }}"""))


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_the_figure_moves_from_the_start_to_the_end_and_back(open_page: Callable[..., Any], exercise_id: str) -> None:
    tab = _open(open_page, exercise_id)
    seen = tab.evaluate(SAMPLE, 7000)
    assert set(seen) == set(range(MOTION_FRAMES)), seen  # every frame shown
    top = seen.index(MOTION_FRAMES - 1)
    assert 0 in seen[top:], seen  # and back to the start
    steps = {b - a for a, b in itertools.pairwise(seen)}
    assert steps <= {-1, 0, 1}, seen  # one frame at a time, never a jump
    shown, said = _shown(tab)
    assert shown == said
    # One panel shows at a time: the window is one frame wide, the strip all of them.
    view = tab.locator(f"{BLOCK} .lumbar-motion__view").bounding_box()
    strip = tab.locator(f"{BLOCK} img").bounding_box()
    assert strip["width"] == pytest.approx(MOTION_FRAMES * view["width"], rel=0.01)
    assert view["width"] / view["height"] == pytest.approx(320 / 220, rel=0.02)


def test_the_still_pictures_keep_their_alt_text_and_the_moving_one_adds_none(open_page: Callable[..., Any]) -> None:
    catalogue = load_catalogue(ROOT)
    exercise = catalogue.get("bridge")
    assert isinstance(exercise, Exercise)
    tab = _open(open_page, "bridge")
    alts = tab.eval_on_selector_all(".lumbar-figures img", "imgs => imgs.map(i => i.alt)")
    assert alts == [alt_text(exercise, "start"), alt_text(exercise, "end")]
    assert tab.get_attribute(f"{BLOCK} img", "alt") == ""  # decorative: the stills say it all
    # The moving picture is not an image to assistive technology, so nothing is read twice.
    assert tab.locator(f"{BLOCK}").get_by_role("img").count() == 0


def test_a_keyboard_user_pauses_and_plays_it(open_page: Callable[..., Any]) -> None:
    tab = _open(open_page, "bridge")
    pause = tab.get_by_role("button", name="Pause the moving picture")
    box = pause.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # a 44 px target
    # Tab onto the button, then press it with the keyboard.
    tab.locator(".lumbar-figures").last.click(position={"x": 5, "y": 5})
    for _ in range(12):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.classList.contains('lumbar-motion__toggle')"):
            break
    assert tab.evaluate("document.activeElement.classList.contains('lumbar-motion__toggle')")
    tab.keyboard.press("Enter")
    play = tab.get_by_role("button", name="Play the moving picture")
    assert play.count() == 1
    still = tab.evaluate(SAMPLE, 1500)
    assert len(set(still)) == 1, still  # paused: one frame
    assert tab.get_attribute(BLOCK, "data-playing") == "false"
    tab.keyboard.press("Space")
    assert tab.get_by_role("button", name="Pause the moving picture").count() == 1
    moving = tab.evaluate(SAMPLE, 2500)
    assert len(set(moving)) > 2, moving


def test_under_reduced_motion_it_starts_paused_on_the_starting_position(open_page: Callable[..., Any]) -> None:
    tab = _open(open_page, "bridge", reduced_motion="reduce")
    assert tab.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    seen = tab.evaluate(SAMPLE, 2000)
    assert set(seen) == {0}, seen
    assert _shown(tab) == (0, 0)
    # Playing is the reader's choice.
    tab.get_by_role("button", name="Play the moving picture").click()
    assert len(set(tab.evaluate(SAMPLE, 2500))) > 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_exercise_page_with_the_moving_picture_passes_axe(open_page: Callable[..., Any], axe_source: str,
                                                              scheme: str) -> None:
    tab = _open(open_page, "hip-flexor-stretch", color_scheme=scheme)
    for state in ("playing", "paused"):
        if state == "paused":
            tab.get_by_role("button", name="Pause the moving picture").click()
            # Pressing it hovered and scrolled: let the theme's colour transitions finish (axe
            # would read a colour half way), from where the page was.
            tab.mouse.move(0, 0)
            tab.evaluate("window.scrollTo(0, 0)")
            tab.wait_for_timeout(800)
        violations = run_axe(tab, axe_source)
        assert not violations, describe_violations(f"hip-flexor-stretch with the moving picture {state} ({scheme})",
                                                   violations)


def test_print_shows_the_still_pictures_only(open_page: Callable[..., Any]) -> None:
    tab = _open(open_page, "bridge")
    tab.emulate_media(media="print")
    assert tab.locator(BLOCK).is_hidden()
    assert tab.locator(".lumbar-figures img").first.is_visible()
    assert "moving picture" not in tab.evaluate("document.body.innerText")


def test_without_javascript_the_moving_picture_stays_hidden(open_page: Callable[..., Any]) -> None:
    tab = open_page("exercises/bridge/", java_script_enabled=False)
    assert tab.locator(BLOCK).is_hidden()
    assert tab.locator(".lumbar-figures img").count() == 2


def test_it_moves_on_a_site_opened_from_disk(browser: Any, offline_site: Path) -> None:
    watch = PageWatch({"file"})
    tab = watch.new_page(browser)
    try:
        tab.goto((offline_site / "exercises" / "bridge.html").as_uri())
        tab.wait_for_selector(BLOCK, state="visible")
        tab.wait_for_function(f"document.querySelector('{BLOCK} img').naturalWidth > 0")
        assert len(set(tab.evaluate(SAMPLE, 2500))) > 2
    finally:
        tab.context.close()
    assert not watch.problems(), "\n".join(watch.problems())
    assert all(r.startswith(("file:", "data:", "blob:", "about:")) for r in watch.requests)
