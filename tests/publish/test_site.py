"""The real content, built strictly by MkDocs with the Lumbar plugin, read back as HTML."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.content.text import dose_instruction
from lumbar.publish.pages import entry_title, page_path
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


def page(site: Path, markdown_path: str) -> str:
    """The built HTML for a docs-relative Markdown path (directory URLs)."""
    stem = markdown_path.removesuffix(".md")
    folder = stem.removesuffix("index").rstrip("/")
    return (site / folder / "index.html").read_text(encoding="utf-8")


def article(text: str) -> str:
    return re.search(r"<article[^>]*>(.*?)</article>", text, re.S).group(1)


def test_catalogue_has_the_minimum_seed_content(catalogue: Catalogue) -> None:
    assert len(catalogue.exercises) >= 5 and len(catalogue.faqs) >= 5 and len(catalogue.pairs) >= 3


def test_a_page_for_every_entry_and_the_index_pages(built_site: Path, catalogue: Catalogue) -> None:
    for loaded in catalogue.entries.values():
        body = article(page(built_site, page_path(loaded.entry)))
        assert html.escape(entry_title(loaded.entry), quote=False) in body, loaded.entry.id
    for index, title in [("exercises/index.md", "All exercises"), ("faq/index.md", "Common questions"),
                         ("avoid/index.md", "What to avoid, and what to try instead")]:
        assert f">{title}<" in page(built_site, index)


def test_index_pages_link_every_entry(built_site: Path, catalogue: Catalogue) -> None:
    for index, entries in [("exercises/index.md", catalogue.exercises), ("faq/index.md", catalogue.faqs),
                           ("avoid/index.md", catalogue.pairs)]:
        body = article(page(built_site, index))
        for entry in entries:
            assert f'href="{entry.id}/"' in body, (index, entry.id)


def test_exercise_page_shows_steps_dose_stop_sources_and_review(built_site: Path, catalogue: Catalogue) -> None:
    for exercise in catalogue.exercises:
        body = article(page(built_site, page_path(exercise)))
        steps = re.search(r'id="steps".*?<ol>(.*?)</ol>', body, re.S).group(1)
        items = re.findall(r"<li>(.*?)</li>", steps, re.S)
        assert [html.unescape(i) for i in items] == list(exercise.steps), exercise.id
        dose = re.search(r'class="lumbar-dose">(.*?)</div>', body, re.S).group(1)
        assert "How often" in dose and html.escape(exercise.dose.how_often, quote=False) in dose
        if exercise.dose.reps:
            assert exercise.dose.reps in dose
        # The dose said as instructions, under the table (rulebook.dose_instruction).
        said = re.search(r'class="lumbar-dose-instruction">(.*?)</p>', body, re.S).group(1)
        assert html.escape(dose_instruction(exercise.dose), quote=False) in said, exercise.id
        stop = re.search(r'class="admonition warning">(.*?)</div>', body, re.S).group(1)
        for condition in catalogue.safety.stop_conditions:  # the general reasons to stop, from content/safety.yml
            assert html.escape(condition, quote=False) in stop
        assert "Stop if" not in stop and "do less next time" not in stop, exercise.id
        for item in exercise.stop_if:
            assert html.escape(item, quote=False) in stop
        sources = re.search(r'id="sources".*?<ul>(.*?)</ul>', body, re.S).group(1)
        for source in exercise.sources:
            assert html.escape(source.publisher, quote=False) in sources
        reviewed = exercise.review.reviewed_on.strftime("%-d %B %Y")
        due = exercise.review.next_review_due.strftime("%-d %B %Y")
        assert f"Page last reviewed: {reviewed}" in body and f"Next review due: {due}" in body
        assert 'href="../../safety/"' in body


def test_edit_button_opens_the_yaml(built_site: Path, catalogue: Catalogue) -> None:
    for loaded in catalogue.entries.values():
        source = loaded.path.relative_to(ROOT).as_posix()
        assert f'edit/main/{source}" title="Edit this page"' in page(built_site, page_path(loaded.entry))


def test_search_index_finds_exercises_by_alias(built_site: Path, catalogue: Catalogue) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    by_location: dict[str, str] = {}
    for doc in index["docs"]:
        page_url = doc["location"].split("#")[0]
        by_location[page_url] = by_location.get(page_url, "") + " " + doc["title"] + " " + doc["text"]
    checked = 0
    for exercise in catalogue.exercises:
        text = html.unescape(by_location[f"exercises/{exercise.id}/"]).lower()
        for alias in exercise.aliases:
            assert alias.lower() in text, (exercise.id, alias)
            checked += 1
    assert checked >= 5


def test_generated_pages_are_not_in_the_navigation(built_site: Path, catalogue: Catalogue) -> None:
    # Material repeats the navigation in every page, so it must not grow with the catalogue.
    bridge = page(built_site, "exercises/bridge.md")
    chrome = bridge.replace(re.search(r"<article.*?</article>", bridge, re.S).group(0), "")
    for entry in catalogue.entries.values():
        if entry.entry.id != "bridge":
            assert f"/{entry.entry.id}/" not in chrome, entry.entry.id
    assert chrome.count("md-nav__link") < 40


def test_every_page_has_the_disclaimer_and_safety_link(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text()
        assert 'class="lumbar-disclaimer"' in text, path
        own = path.parent.name == "safety"
        assert re.search(r'<a href="(\./|[./]*safety/)">When to get help</a>' if own else r'<a href="[./]*safety/">When to get help</a>', text), path


RESOURCE = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed|track)\b[^>]*?\bsrc=\"([^\"]*)\""
    r"|<link\b[^>]*?\bhref=\"([^\"]*)\""
    r"|<object\b[^>]*?\bdata=\"([^\"]*)\""
    r"|url\(\s*['\"]?([^'\")]+)"
    r"|@import\s+['\"]([^'\"]+)",
    re.I,
)


def external_resources(text: str) -> list[str]:
    found = []
    for match in RESOURCE.finditer(text):
        url = html.unescape(next(g for g in match.groups() if g is not None))
        if url.startswith("data:"):
            continue
        parts = urlsplit(url)
        if parts.netloc or parts.scheme not in ("", "http", "https"):
            found.append(url)
    return found


def test_no_page_or_stylesheet_loads_anything_from_another_host(built_site: Path) -> None:
    offenders = {}
    for path in [*built_site.rglob("*.html"), *built_site.rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        # <link rel="canonical"> and sitemap links name the site's own public address.
        text = re.sub(r'<link rel="canonical"[^>]*>', "", text)
        bad = external_resources(text)
        if bad:
            offenders[str(path.relative_to(built_site))] = bad
    assert offenders == {}
    assert "fonts.googleapis" not in (built_site / "index.html").read_text()


def test_external_resource_check_catches_a_cdn_script() -> None:
    assert external_resources('<script src="https://cdn.example.com/x.js"></script>') == ["https://cdn.example.com/x.js"]
    assert external_resources("@font-face{src:url(//fonts.example.com/a.woff2)}") == ["//fonts.example.com/a.woff2"]
    assert external_resources('<link rel="stylesheet" href="../assets/a.css"><img src="a.png">') == []


def test_font_is_self_hosted(built_site: Path) -> None:
    css = (built_site / "assets" / "stylesheets" / "lumbar.css").read_text()
    for name in re.findall(r'url\("\.\./fonts/([^"]+)"\)', css):
        assert (built_site / "assets" / "fonts" / name).stat().st_size > 10_000
    assert "Atkinson Hyperlegible" in css


def test_content_yaml_is_not_published(built_site: Path) -> None:
    assert list(built_site.rglob("*.yml")) == []


def test_pain_pattern_page_lists_exercises_by_pattern(built_site: Path, catalogue: Catalogue) -> None:
    body = article(page(built_site, "exercises/by-pain.md"))
    sections = re.split(r"<h2 ", body)[1:]
    by_anchor = {re.match(r'id="([^"]+)"', s).group(1): s for s in sections}
    for exercise in catalogue.exercises:
        for pattern in exercise.pain_patterns:
            assert f'href="../{exercise.id}/"' in by_anchor[pattern.value], (exercise.id, pattern)
