"""Search and the exercise filters work without a mouse, and the index works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lumbar.content.catalogue import load_catalogue
from lumbar.engines import ZENSICAL
from tests.browser.helpers import open_search, search, search_is_open, selected_result
from tests.conftest import ROOT

FILTERS = "[data-lumbar-filters]"
VISIBLE_CARDS = ".lumbar-card:not([hidden])"


@pytest.fixture(scope="module")
def exercise_count() -> int:
    return len(load_catalogue(ROOT).exercises)


def _active(tab: Any) -> str:
    """A short description of the focused element, for assertions and messages."""
    return tab.evaluate(
        """() => { const e = document.activeElement;
                   return [e.tagName.toLowerCase(), e.getAttribute("name") || "", e.className || "",
                           (e.textContent || "").trim().slice(0, 40)].join("|"); }"""
    )


def _tab_until(tab: Any, predicate: str, limit: int = 60) -> None:
    """Press Tab until ``predicate`` (JS, given the focused element) holds."""
    seen = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"(e => {predicate})(document.activeElement)"):
            return
        seen.append(_active(tab))
    raise AssertionError(f"Tab never reached {predicate}; focus went through: {seen}")


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_search_shortcut_keys_focus_the_search_box(open_page: Callable[..., Any], engine: str, key: str) -> None:
    if engine == ZENSICAL and key != "/":
        pytest.skip("engine-specific: Zensical's search binds / (and Ctrl+K), not Material's s and f")
    tab = open_page("faq/")
    tab.wait_for_function("() => !!window.__lumbarSearchUI().input")
    tab.keyboard.press(key)
    assert tab.evaluate("() => window.__lumbarSearchUI().input.matches(':focus')"), (
        f"the {key!r} key did not focus the search box; focus is on {_active(tab)}")


def test_search_reached_with_tab_then_enter_opens_the_best_result(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_page("")
    # Material's search box is in the header; Zensical's header has a button that opens its
    # search dialog (Enter on it moves the focus into the dialog's box).
    _tab_until(tab, "e.matches('input.md-search__input, button.md-search__button')")
    if tab.evaluate("document.activeElement.matches('button')"):
        tab.keyboard.press("Enter")
        tab.wait_for_function("() => window.__lumbarSearchUI().input.matches(':focus')")
    tab.keyboard.type("bird dog")
    # Typing searches once a key: wait for the answer to the whole query.
    tab.wait_for_function("""() => { const probe = window.__lumbarSearch;
        return probe.sent.at(-1) === "bird dog" && probe.answered === probe.sent.length
            && window.__lumbarSearchUI().links.length > 0; }""")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url.startswith(site_url + "exercises/bird-dog/"), tab.url


def test_search_arrow_keys_move_through_results_and_enter_opens_one(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_page("")
    results = search(tab, "piriformis", site_url)
    assert results and results[0] == "exercises/piriformis-stretch/", results
    # Material leaves the focus in the box until ArrowDown; Zensical marks its first result
    # as chosen at once. Either way each ArrowDown chooses the next result.
    before = selected_result(tab)
    tab.keyboard.press("ArrowDown")
    first = selected_result(tab)
    assert first and first != before, f"ArrowDown chose nothing new (focus on {_active(tab)})"
    tab.keyboard.press("ArrowDown")
    second = selected_result(tab)
    assert second and second != first
    tab.keyboard.press("ArrowUp")
    assert selected_result(tab) == first
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url == first, (tab.url, first)


def test_escape_closes_search_and_returns_to_the_page(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_page("")
    assert search(tab, "walking", site_url)
    assert search_is_open(tab)
    tab.keyboard.press("Escape")
    assert not tab.evaluate("() => window.__lumbarSearchUI().input.matches(':focus')")
    assert not search_is_open(tab)
    # The search opens again from the keyboard afterwards.
    open_search(tab)


def test_filters_work_from_the_keyboard(open_page: Callable[..., Any], exercise_count: int) -> None:
    tab = open_page("exercises/")
    assert tab.locator(VISIBLE_CARDS).count() == exercise_count
    _tab_until(tab, "e.matches('[data-lumbar-filters] select[name=category]')")
    tab.keyboard.press("ArrowDown")  # Any -> the first category
    first = tab.eval_on_selector("select[name=category]", "s => s.value")
    assert first, "ArrowDown did not choose a category"
    shown = tab.locator(VISIBLE_CARDS)
    assert 0 < shown.count() < exercise_count
    categories = set(tab.eval_on_selector_all(VISIBLE_CARDS, "cards => cards.map(c => c.dataset.category)"))
    assert categories == {first}
    status = tab.inner_text("[data-lumbar-filter-status]")
    assert status == f"Showing {shown.count()} of {exercise_count} exercises.", status
    assert f"category={first}" in tab.url
    # On to the next filter, then to "Show all", which Enter activates.
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.name") == "position"
    _tab_until(tab, "e.matches('[data-lumbar-filters] button[type=reset]')")
    tab.keyboard.press("Enter")
    tab.wait_for_function(f"document.querySelectorAll('{VISIBLE_CARDS}').length === {exercise_count}")
    assert tab.eval_on_selector("select[name=category]", "s => s.value") == ""


def test_choosing_a_filter_narrows_the_list(open_page: Callable[..., Any], exercise_count: int) -> None:
    tab = open_page("exercises/")
    assert tab.is_visible(FILTERS)
    tab.select_option(f"{FILTERS} select[name=equipment]", "chair")
    chairs = tab.eval_on_selector_all(VISIBLE_CARDS, "cards => cards.map(c => c.dataset.equipment)")
    assert chairs and all("chair" in e.split() for e in chairs)
    assert len(chairs) < exercise_count
    tab.select_option(f"{FILTERS} select[name=difficulty]", "hard")
    both = tab.locator(VISIBLE_CARDS).count()
    assert both <= len(chairs)
    if both == 0:
        # A heading whose cards are all filtered out is hidden with them.
        assert tab.locator(".lumbar-cards:not([hidden])").count() == 0


def test_a_filter_in_the_address_is_applied_on_load(open_page: Callable[..., Any], exercise_count: int) -> None:
    tab = open_page("exercises/?category=stretch")
    categories = set(tab.eval_on_selector_all(VISIBLE_CARDS, "cards => cards.map(c => c.dataset.category)"))
    assert categories == {"stretch"}
    assert tab.eval_on_selector("select[name=category]", "s => s.value") == "stretch"


def test_without_javascript_every_exercise_is_listed_and_the_form_is_hidden(
    open_page: Callable[..., Any], exercise_count: int
) -> None:
    tab = open_page("exercises/", java_script_enabled=False)
    cards = tab.locator(".lumbar-card")
    assert cards.count() == exercise_count
    assert all(cards.nth(i).is_visible() for i in range(exercise_count))
    assert not tab.is_visible(FILTERS), "the filter form shows without JavaScript, where it cannot work"
    # Every exercise page is still reachable by a plain link.
    links = tab.eval_on_selector_all(".lumbar-card a", "links => links.map(a => a.getAttribute('href'))")
    assert len(set(links)) >= exercise_count
