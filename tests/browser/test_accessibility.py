"""axe-core on every page type, in the light and the dark palette: no WCAG 2.2 A/AA violation.

Fix what axe finds in the site (templates/overrides/assets/stylesheets/lumbar.css, theme
overrides in templates/overrides/, or lumbar/html_fixes.py for stock markup), never by
turning a rule off here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lumbar.content.catalogue import Catalogue, load_catalogue
from tests.browser.helpers import describe_violations, run_axe, search
from tests.conftest import ROOT


def _page_types(catalogue: Catalogue) -> dict[str, str]:
    return {
        "home": "",
        "safety": "safety/",
        "exercise": f"exercises/{catalogue.exercises[0].id}/",
        "exercise index": "exercises/",
        "pain page": "exercises/by-pain/",
        "FAQ entry": f"faq/{catalogue.faqs[0].id}/",
        "FAQ index": "faq/",
        "pair": f"avoid/{catalogue.pairs[0].id}/",
        "pair index": "avoid/",
        "programme": f"programmes/{catalogue.programmes[0].id}/",
        "programme index": "programmes/",
        "tags": "tags/",
        "about": "about/",
        "404": "404.html",
        **({"handout": "handout/"} if (ROOT / "templates" / "pages" / "handout.md.j2").exists() else {}),
    }


PAGE_TYPES = _page_types(load_catalogue(ROOT))
SCHEMES = {"light": "default", "dark": "slate"}


def test_every_kind_of_page_is_checked(built_site: Path) -> None:
    """A new kind of page (a new top-level folder) must be added to PAGE_TYPES. Read from the
    MkDocs build: the Zensical build has the same pages (tests/test_engines.py)."""
    kinds = {html.relative_to(built_site).parts[0] for html in built_site.rglob("*.html")}
    covered = {(path.split("/")[0] or "index.html") for path in PAGE_TYPES.values()}
    assert kinds <= covered, f"pages not checked by axe: {sorted(kinds - covered)}"


def _open(open_page: Callable[..., Any], path: str, scheme: str) -> Any:
    tab = open_page(path, color_scheme=scheme)
    # Material picks the palette whose media query matches; check the emulation took.
    assert tab.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme], f"{path}: palette is not {scheme}"
    return tab


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_has_no_wcag_violation(open_page: Callable[..., Any], axe_source: str, kind: str, scheme: str) -> None:
    path = PAGE_TYPES[kind]
    tab = _open(open_page, path, scheme)
    violations = run_axe(tab, axe_source)
    assert not violations, describe_violations(f"{kind} page /{path} ({scheme})", violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_with_results_has_no_wcag_violation(
    open_page: Callable[..., Any], site_url: str, axe_source: str, scheme: str
) -> None:
    tab = _open(open_page, "", scheme)
    assert search(tab, "bridge", site_url), "no results for 'bridge'"
    violations = run_axe(tab, axe_source)
    assert not violations, describe_violations(f"home page with search results open ({scheme})", violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_exercise_index_with_a_filter_applied_has_no_wcag_violation(
    open_page: Callable[..., Any], axe_source: str, scheme: str
) -> None:
    tab = _open(open_page, "exercises/", scheme)
    tab.select_option("[data-lumbar-filters] select[name=category]", "strength")
    assert tab.is_visible("[data-lumbar-filters]")
    violations = run_axe(tab, axe_source)
    assert not violations, describe_violations(f"exercise index filtered to strength ({scheme})", violations)


def test_stock_theme_defects_are_fixed(open_page: Callable[..., Any]) -> None:
    tab = open_page("")
    # The search dialog has an accessible name (axe: aria-dialog-name): Material's, named
    # by html_fixes; Zensical's own and the header box it opens from, named by Zensical.
    dialogs = tab.get_by_role("dialog", include_hidden=True).count()
    assert dialogs >= 1 and tab.get_by_role("dialog", name="Search", include_hidden=True).count() == dialogs
    # `autocomplete` is not allowed on checkboxes (HTML validator).
    assert tab.locator("input[type=checkbox][autocomplete]").count() == 0
    # Footer text meets 4.5:1 (stock Material is 4.47:1); axe checks it on every page too.
    assert tab.locator(".md-copyright").count() == 1
