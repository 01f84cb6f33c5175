"""Queries a reader would type into the search box, each expecting a given page in the top 3,
on the site as each engine builds it.

Search is the engine's own (Material's lunr index, or Zensical's) inside Lumbar's search
layer (lumbar.publish.search), built from every rendered page. Material's settings are in
mkdocs.yml (plugins > search); page boosts are in the front matter of templates/pages/*.j2,
and the layer applies them on both engines. When a query here misses, improve the content
(aliases, wording) or those settings.

The hundreds of queries here are asked of the page's own search worker in one go
(``helpers.ask_worker``: the same answers the search box shows); what a reader sees in the
search box itself is checked by test_search_forgives.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from lumbar.content.catalogue import load_catalogue
from lumbar.content.models import Exercise, FaqEntry, Programme
from lumbar.paths import url_of
from lumbar.publish.pages import page_path
from tests.browser.conftest import PageWatch, origin
from tests.browser.helpers import ask_worker, search
from tests.conftest import ROOT

# Pages that show the crisis group of content/safety.yml, and what a reader in crisis types.
CRISIS_HELP = ("faq/persistent-pain/", "safety/")
CRISIS_QUERIES = ("suicide", "suicidal", "kill myself", "i want to kill myself", "end my life", "want to die",
                  "self-harm", "self harm", "harm myself", "crisis", "depressed", "low mood", "mental health")
SIGN_QUERIES = ("chest pain", "pain in both legs", "tingling in both legs", "cannot control bladder", "foot drop",
                "heart attack", "night pain", "car crash", "fracture", "weight loss")

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
    ("sciatica", ("faq/sciatica/",)),
    ("slipped disc", ("faq/slipped-disc/", "faq/muscle-or-disc/")),
    ("numbness", ("safety/", "faq/when-to-see-a-doctor/")),  # that answer shows the safety page's whole list
    ("cauda equina", ("safety/",)),
    ("emergency", ("safety/", "faq/when-to-see-a-doctor/")),
    ("when to see a doctor", ("faq/when-to-see-a-doctor/",)),
    ("ice or heat", ("faq/heat-or-ice/", "faq/fastest-way-to-heal/")),
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
    # New topics and programmes, in the words a reader would use (issue 12)
    ("trapped nerve", ("faq/sciatica/",)),
    ("herniated disc", ("faq/slipped-disc/",)),
    ("lumbago", ("faq/back-spasm/",)),
    ("back spasm", ("faq/back-spasm/",)),
    ("physio", ("faq/seeing-a-physiotherapist/",)),
    ("physical therapy", ("faq/seeing-a-physiotherapist/", "faq/physical-therapy/")),
    ("self-referral", ("faq/seeing-a-physiotherapist/",)),
    ("flare up", ("faq/flare-ups/", "programmes/flare-up/")),
    ("warm up", ("faq/warm-up/",)),
    ("pregnant", ("faq/pregnancy/",)),
    ("osteoporosis", ("faq/osteoporosis/",)),
    ("best sleeping position", ("faq/sleeping-positions/",)),
    ("sitting at a desk", ("faq/sitting-and-driving/",)),
    ("driving", ("faq/sitting-and-driving/",)),
    ("lifting and carrying", ("faq/lifting-and-carrying/",)),
    ("morning stiffness", ("faq/morning-stiffness/",)),
    ("getting up from the floor", ("faq/getting-up-from-the-floor/",)),
    ("do I need a scan", ("faq/scans/",)),
    ("MRI", ("faq/scans/",)),
    ("going back to work", ("faq/work/",)),
    ("fit note", ("faq/work/",)),
    ("scared to move", ("faq/fear-of-movement/",)),
    ("pacing", ("faq/fear-of-movement/",)),
    ("where do I start", ("programmes/starter/",)),
    ("beginner plan", ("programmes/starter/",)),
    ("strength programme", ("programmes/strength/",)),
    ("flare-up plan", ("programmes/flare-up/",)),
    # Someone in crisis: the crisis help (111 option 2, Samaritans, 999) must come first
    # (issue 19, review H1: these found exercise and physio pages).
    *((q, CRISIS_HELP) for q in CRISIS_QUERIES),
    # Warning signs find the page that shows the whole list of signs (review M1).
    *((q, ("faq/when-to-see-a-doctor/", "safety/")) for q in SIGN_QUERIES),
]

# A short common word and a topic word: the topic must come first, not every page with "up".
FIRST: dict[str, tuple[str, ...]] = {
    "flare up": ("faq/flare-ups/", "programmes/flare-up/"),
    "warm up": ("faq/warm-up/",),
    **{q: CRISIS_HELP for q in CRISIS_QUERIES},
    **{q: ("faq/when-to-see-a-doctor/", "safety/") for q in SIGN_QUERIES},
}


def _aliases(kinds: tuple[type, ...]) -> list[tuple[str, str]]:
    """(alias, the page it belongs to) for every alias of the given content kinds."""
    catalogue = load_catalogue(ROOT)
    return [(alias, url_of(page_path(entry))) for entry in catalogue.of_kind(kinds)  # type: ignore[arg-type]
            for alias in entry.aliases]


EXERCISE_ALIASES = _aliases((Exercise,))
# Topic aliases that are a sentence rather than a search term are not held to the top 3.
LOOSE_TOPIC_ALIASES = {"my back pain is back", "exercises in a chair"}
TOPIC_ALIASES = [(a, page) for a, page in _aliases((FaqEntry, Programme)) if a.lower() not in LOOSE_TOPIC_ALIASES]
# Exercise aliases whose words another exercise's name also carries: the reader may mean
# either, so the alias's own exercise must be in the top 2 (each says which name it shares).
# Aliases allowed second because another exercise's name shares their words: none. (Bare
# "Plank", "Knee to chest", "Back extension" and "Prone extension" were dropped as aliases:
# each named more than one exercise.)
SHARED_WORDS: dict[str, str] = {}


@pytest.fixture(scope="module")
def answers(browser: Any, site_url: str) -> dict[str, list[str]]:
    """The result pages of every query of this module, asked once of one home page's search
    worker (search loads its index once); watched like ``page``."""
    queries = [q for q, _ in QUERIES] + [a.lower() for a, _ in EXERCISE_ALIASES + TOPIC_ALIASES]
    watch = PageWatch({origin(site_url)})
    tab = watch.new_page(browser)
    try:
        tab.goto(site_url)
        found = ask_worker(tab, list(dict.fromkeys(queries)), site_url)
    finally:
        tab.context.close()
    problems = watch.problems()
    assert not problems, "\n".join(problems)
    return found


def test_there_are_at_least_25_queries() -> None:
    assert len(QUERIES) >= 25


def test_the_worker_answers_as_the_search_box_shows(open_page: Any, site_url: str, answers: dict[str, list[str]]) -> None:
    tab = open_page("")
    for query in ("bridge", "sciatica", "flare up"):
        assert search(tab, query, site_url)[:5] == answers[query][:5], query
        tab.keyboard.press("Escape")


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_the_page_in_the_top_3(answers: dict[str, list[str]], query: str, expected: tuple[str, ...]) -> None:
    results = answers[query]
    top = results[:3]
    assert any(page in top for page in expected), (
        f"search {query!r}: expected {' or '.join(expected)} in the top 3, got {top or 'no results'}"
        + (f" (then {results[3:6]})" if len(results) > 3 else "")
    )

    if query in FIRST:
        assert results and results[0] in FIRST[query], f"search {query!r}: expected {FIRST[query]} first, got {results[:3]}"


def test_there_is_a_query_for_every_exercise_alias() -> None:
    assert len(EXERCISE_ALIASES) >= 50 and set(SHARED_WORDS) <= {alias for alias, _ in EXERCISE_ALIASES}


@pytest.mark.parametrize(("alias", "expected"), EXERCISE_ALIASES, ids=[a for a, _ in EXERCISE_ALIASES])
def test_every_exercise_alias_finds_its_exercise_first(answers: dict[str, list[str]], alias: str, expected: str) -> None:
    results = answers[alias.lower()]
    places = 2 if alias in SHARED_WORDS else 1
    assert expected in results[:places], (
        f"search {alias!r}: expected {expected} {'in the top 2' if places == 2 else 'first'}, got {results[:3]}")


@pytest.mark.parametrize(("alias", "expected"), TOPIC_ALIASES, ids=[a for a, _ in TOPIC_ALIASES])
def test_every_topic_alias_finds_its_page_in_the_top_3(answers: dict[str, list[str]], alias: str, expected: str) -> None:
    results = answers[alias.lower()]
    assert expected in results[:3], f"search {alias!r}: expected {expected} in the top 3, got {results[:3]}"
