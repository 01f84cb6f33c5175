"""Queries a reader would type into the search box, each expecting a given page in the top 3.

Search is Material's lunr index, built from every rendered page. Its settings are in
mkdocs.yml (plugins > search); page boosts are in the front matter of templates/pages/*.j2.
When a query here misses, improve the content (aliases, wording) or those settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import PageWatch, origin
from tests.browser.helpers import search

# (query, pages any one of which must be in the top 3 results)
QUERIES: list[tuple[str, tuple[str, ...]]] = [
    # Exercise names
    ("bridge", ("exercises/bridge/",)),
    ("bird dog", ("exercises/bird-dog/",)),
    ("cat camel", ("exercises/cat-camel/",)),
    ("plank", ("exercises/front-plank/",)),
    ("side plank", ("exercises/side-plank-beginner/", "exercises/side-plank-advanced/")),
    ("knee to chest", ("exercises/knee-to-chest/", "exercises/double-knee-to-chest/")),
    ("hamstring stretch", ("exercises/hamstring-stretch/",)),
    ("piriformis", ("exercises/piriformis-stretch/",)),
    ("clamshell", ("exercises/clamshell/",)),
    ("superman", ("exercises/superman/",)),
    ("pelvic tilt", ("exercises/pelvic-tilt/",)),
    ("wall sit", ("exercises/wall-sit/",)),
    ("hip flexor", ("exercises/hip-flexor-stretch/",)),
    ("knee rolls", ("exercises/knee-rolls/",)),
    ("swimming", ("exercises/swimming/",)),
    ("walking", ("exercises/walking/",)),
    # Aliases
    ("glute bridge", ("exercises/bridge/",)),
    ("curl up", ("exercises/partial-crunch/",)),
    ("exercise bike", ("exercises/stationary-cycling/",)),
    ("water aerobics", ("exercises/swimming/",)),
    ("heel slides", ("exercises/leg-slides/",)),
    ("abdominal bracing", ("exercises/draw-in-manoeuvre/",)),
    ("back extension", ("exercises/upper-body-lift/", "exercises/press-up/")),
    ("press up", ("exercises/press-up/",)),
    # Things to avoid
    ("crunches", ("avoid/sit-ups-and-crunches/",)),
    ("sit ups", ("avoid/sit-ups-and-crunches/", "avoid/straight-leg-sit-ups/")),
    ("bed rest", ("faq/bed-rest/", "avoid/bed-rest-vs-walking/")),
    ("running", ("avoid/running/",)),
    ("jogging", ("avoid/high-impact-activity/",)),
    ("toe touches", ("avoid/standing-toe-touches/",)),
    ("slouching", ("avoid/slouching/",)),
    ("posture", ("avoid/slouching/",)),
    ("heavy lifting", ("avoid/heavy-lifting-and-bending/",)),
    # Symptoms, safety and questions
    ("sciatica", ("faq/why-does-my-back-hurt/", "faq/muscle-or-disc/")),
    ("slipped disc", ("faq/muscle-or-disc/",)),
    ("numbness", ("safety/",)),
    ("cauda equina", ("safety/",)),
    ("emergency", ("safety/", "faq/when-to-see-a-doctor/")),
    ("when to see a doctor", ("faq/when-to-see-a-doctor/",)),
    ("ice or heat", ("faq/fastest-way-to-heal/",)),
    ("painkillers", ("faq/painkillers/",)),
    ("ibuprofen", ("faq/painkillers/",)),
    ("how long does back pain last", ("faq/recovery-time/",)),
    ("sore after exercise", ("faq/soreness-after-exercise/",)),
    ("how often should I exercise", ("faq/how-often-to-exercise/",)),
    ("which exercises to avoid", ("faq/exercises-to-avoid/",)),
    ("stretching makes it worse", ("faq/can-stretching-make-it-worse/",)),
    ("why does my back hurt", ("faq/why-does-my-back-hurt/",)),
    ("yoga", ("faq/exercise-methods/",)),
    ("squats", ("faq/squats/",)),
    ("physiotherapy", ("faq/physical-therapy/",)),
    ("pain eased by sitting", ("exercises/by-pain/",)),
]


@pytest.fixture(scope="module")
def search_page(browser: Any, site_url: str) -> Iterator[Any]:
    """One home page for every query (search loads its index once); watched like ``page``."""
    watch = PageWatch({origin(site_url)})
    tab = watch.new_page(browser)
    tab.goto(site_url)
    yield tab
    tab.context.close()
    problems = watch.problems()
    assert not problems, "\n".join(problems)


def test_there_are_at_least_25_queries() -> None:
    assert len(QUERIES) >= 25


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_the_page_in_the_top_3(search_page: Any, site_url: str, query: str, expected: tuple[str, ...]) -> None:
    results = search(search_page, query, site_url)
    search_page.keyboard.press("Escape")
    top = results[:3]
    assert any(page in top for page in expected), (
        f"search {query!r}: expected {' or '.join(expected)} in the top 3, got {top or 'no results'}"
        + (f" (then {results[3:6]})" if len(results) > 3 else "")
    )
