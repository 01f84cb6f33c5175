"""Search forgives a reader, in the search box itself, on both engines' builds: typing
mistakes, a query that finds nothing, a query in another language; results are titled by the
page's title alone; the words that help search are not shown on the page; the handout
builder is found as "handout". The rules are Lumbar's search layer's (lumbar.publish.search).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lumbar.content.catalogue import load_catalogue
from lumbar.content.models import FaqEntry, Programme
from lumbar.paths import FAQ, HANDOUT_PAGE, SAFETY_PAGE, url_of
from lumbar.publish.pages import entry_title, page_path
from lumbar.publish.search import ABOUT_PAGE, LANGUAGE_SECTION, TYPO_MIN_LENGTH
from tests.browser.helpers import SEARCH_INDEX, search, search_status, selected_result
from tests.conftest import ROOT

CATALOGUE = load_catalogue(ROOT)
QUESTIONS, SAFETY = url_of(FAQ.index), url_of(SAFETY_PAGE)

# The title each result shows, in result order (Material: each page's first entry;
# Zensical: each entry, a page's sections after it).
RESULT_TITLES = """() => { const ui = window.__lumbarSearchUI();
    const selector = ui.engine === "zensical" ? "ol[role=listbox] a[role=option] h2"
                                              : ".md-search-result__item > a.md-search-result__link h1";
    return [...ui.root.querySelectorAll(selector)].map(h => h.textContent.trim()); }"""

# Every result link (sections too) with the title it shows.
RESULT_LINKS = """() => { const ui = window.__lumbarSearchUI();
    const selector = ui.engine === "zensical" ? "ol[role=listbox] a[role=option]" : ".md-search-result__list a.md-search-result__link";
    return [...ui.root.querySelectorAll(selector)].map(a => [a.href, a.querySelector("h1, h2").textContent.trim()]); }"""

# One or two letters missed, added, changed or swapped in a word of five letters or more.
TYPING_MISTAKES = [
    ("sciatia", "faq/sciatica/"),
    ("hamstrig", "exercises/hamstring-stretch/"),
    ("sciatcia", "faq/sciatica/"),
    ("piriformsi stretch", "exercises/piriformis-stretch/"),
    ("pregnnat", "faq/pregnancy/"),
    ("osteoprosis", "faq/osteoporosis/"),
    ("physiotherapst", "faq/seeing-a-physiotherapist/"),
    ("clamshel", "exercises/clamshell/"),
    ("paincillers", "faq/painkillers/"),
]

OTHER_LANGUAGES = ["dolor de espalda", "mal de dos", "Rückenschmerzen", "ból pleców", "dor nas costas", "腰痛",
                   "ألم الظهر"]


def _words_of(query: str) -> list[str]:
    return [w for w in query.split() if len(w) >= TYPO_MIN_LENGTH]


@pytest.mark.parametrize(("query", "expected"), TYPING_MISTAKES, ids=[q for q, _ in TYPING_MISTAKES])
def test_a_typing_mistake_still_finds_the_page(open_page: Callable[..., Any], site_url: str, query: str,
                                               expected: str) -> None:
    assert _words_of(query), "each case has a word of five letters or more"
    tab = open_page("")
    results = search(tab, query, site_url)
    assert expected in results[:3], f"search {query!r}: expected {expected} in the top 3, got {results[:5]}"


def test_a_query_that_finds_nothing_offers_the_questions_and_the_safety_page(
    open_page: Callable[..., Any], site_url: str
) -> None:
    tab = open_page("")
    results = search(tab, "xqzzyvv", site_url)
    assert results == [QUESTIONS, SAFETY], results
    titles = tab.evaluate(RESULT_TITLES)
    assert titles[:2] == ["Common questions", "When to get help, and when to stop an exercise"], titles
    # A result the reader can open, by keyboard too (Material chooses the first result on
    # ArrowDown, Zensical has chosen it already).
    if not selected_result(tab):
        tab.keyboard.press("ArrowDown")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url.split("?")[0] == site_url + QUESTIONS, tab.url


@pytest.mark.parametrize("query", OTHER_LANGUAGES)
def test_a_query_in_another_language_is_told_the_site_is_in_english(
    open_page: Callable[..., Any], site_url: str, query: str
) -> None:
    tab = open_page("")
    results = search(tab, query, site_url)
    assert results[:1] == [url_of(ABOUT_PAGE)], (query, results)
    assert tab.evaluate(RESULT_TITLES)[0] == "This site is in English"
    assert QUESTIONS in results and SAFETY in results
    link = tab.evaluate("() => window.__lumbarSearchUI().links[0].href")
    assert link.split("?")[0].endswith(f"{url_of(ABOUT_PAGE)}") and link.endswith(f"#{LANGUAGE_SECTION}"), link


def test_an_english_query_with_a_foreign_looking_word_is_not_turned_away(open_page: Callable[..., Any],
                                                                          site_url: str) -> None:
    tab = open_page("")
    results = search(tab, "lower back pain de", site_url)
    assert results and results[0] != url_of(ABOUT_PAGE), results


def test_the_handout_builder_is_found_as_handout(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_page("")
    assert search(tab, "handout", site_url)[:1] == [url_of(HANDOUT_PAGE)]
    assert tab.evaluate(RESULT_TITLES)[0] == "Make a handout"


@pytest.mark.parametrize("query", ["trapped nerve", "glute bridge", "my back has gone", "sciatia", "flare up"])
def test_results_are_titled_by_the_page_title_alone(open_page: Callable[..., Any], site_url: str, engine: str,
                                                    engine_site: Path, query: str) -> None:
    titles_by_page = {url_of(page_path(item.entry)): entry_title(item.entry) for item in CATALOGUE.entries.values()}
    tab = open_page("")
    results = search(tab, query, site_url)
    assert results[0] in titles_by_page, (query, results[0])
    shown = tab.evaluate(RESULT_TITLES)
    assert shown[0] == titles_by_page[results[0]], (query, results[0])
    # Every result shows the title its page (or section) has in the engine's own index: the
    # alias words the search layer weighs with titles never reach a reader.
    index = json.loads((engine_site / SEARCH_INDEX[engine]).read_text(encoding="utf-8"))
    titles = {entry["location"]: re.sub(r"<[^>]+>", "", entry["title"]) for entry in index.get("docs") or index["items"]}
    for link, title in tab.evaluate(RESULT_LINKS):
        location = re.sub(r"\?h=[^#]*", "", link.removeprefix(site_url))
        assert title == html.unescape(titles[location]).strip(), (location, title)


def test_the_words_that_help_search_are_not_shown_on_the_page(open_page: Callable[..., Any]) -> None:
    # A question's and a programme's aliases are search words ("my back has gone"), shown nowhere.
    for entry in (CATALOGUE.get("sciatica"), CATALOGUE.of_kind(Programme)[0]):
        assert isinstance(entry, (FaqEntry, Programme)) and entry.aliases
        tab = open_page(url_of(page_path(entry)))
        text = tab.inner_text("article")
        assert "Also called" not in text
        assert ", ".join(entry.aliases) not in text
        hidden_words = [a for a in entry.aliases if a.lower() not in text.lower()]
        assert hidden_words, f"{entry.id}: every alias is on the page anyway"
        assert tab.locator("[hidden]:has-text('" + hidden_words[0] + "')").count() == 0
    # An exercise's other names are the names a reader knows it by, shown as such.
    bridge = open_page("exercises/bridge/")
    assert bridge.inner_text(".lumbar-aliases") == "Also called: " + ", ".join(CATALOGUE.get("bridge").aliases)


def test_the_status_line_counts_what_is_shown(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_page("")
    search(tab, "dolor de espalda", site_url)
    assert search_status(tab).startswith("3"), search_status(tab)
