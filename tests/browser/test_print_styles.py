"""Printing an exercise page from Chromium gives one clean A4 sheet: the emergency signs,
then the whole exercise, no navigation, search, footer or on-screen controls, and a QR code
back to the page; every printed page that mentions getting help lists the emergency signs.

Every exercise page on the MkDocs build; on the Zensical build, every fourth (``exercises``):
the print stylesheet is Lumbar's own and the pages' content the same, so what differs by
engine is the theme's markup around it, which any page shows. Kept short for make test.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import zxingcpp
from PIL import Image
from pypdf import PdfReader

from lumbar.content.catalogue import load_catalogue
from lumbar.content.dose_rules import TICK_DAYS
from lumbar.content.models import Exercise
from lumbar.engines import MKDOCS
from tests.conftest import ROOT

# Text that only the site's chrome (header, tabs, navigation, footer) or on-screen
# controls contain; none of it belongs on paper.
CHROME = ["Skip to content", "Search", "Made with", "Material for MkDocs", "CC BY-SA", "Print card",
          "Add to handout", "Letter-size card", "Back to top", "Switch to dark mode", "Edit this page"]


def exercises(engine: str) -> list[Exercise]:
    """The exercise pages printed on ``engine``'s build (see the module's docstring)."""
    every = load_catalogue(ROOT).exercises
    return every if engine == MKDOCS else every[::4]


def test_printing_an_exercise_page_gives_one_clean_page(open_page: Callable[..., Any], site_url: str,
                                                        engine: str) -> None:
    """At most one sheet, both sides: the emergency signs head every printed page (issue 25),
    and the exercise follows them whole."""
    tab = open_page(None)
    signs = _source_emergency_signs()
    for exercise in exercises(engine):
        tab.goto(f"{site_url}exercises/{exercise.id}/")
        pdf = PdfReader(io.BytesIO(tab.pdf(format="A4")))
        assert len(pdf.pages) <= 2, f"{exercise.id} prints on {len(pdf.pages)} pages"
        box = pdf.pages[0].mediabox
        # Chromium rounds A4 to 8.27 x 11.7 inches.
        assert abs(float(box.width) * 25.4 / 72 - 210) < 1 and abs(float(box.height) * 25.4 / 72 - 297) < 1
        text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
        # The emergency signs first, then the exercise's name, then its steps.
        # Something to act with on paper: the tick grid, with every day.
        assert "Tick a box each day you do it" in text and all(day in text for day in TICK_DAYS), exercise.id
        first_step = " ".join(exercise.steps[0].split())
        assert text.index(" ".join(signs[-1].split())) < text.index(exercise.name) < text.index(first_step), \
            (exercise.id, text[:80])
        for step in exercise.steps:  # every step, whole
            assert " ".join(step.split()) in text, (exercise.id, step)
        for item in exercise.stop_if:
            assert " ".join(item.split()) in text, (exercise.id, item)
        for chrome in CHROME:
            assert chrome not in text, (exercise.id, chrome)


def test_printed_exercise_pages_carry_a_qr_code_instead_of_buttons(open_page: Callable[..., Any], site_url: str,
                                                                   engine: str) -> None:
    from lumbar.paths import is_placeholder
    from lumbar.publish.settings import Settings

    public = Settings.load(ROOT).site_url  # mkdocs.yml reads it from LUMBAR_SITE_URL (!ENV)
    screen, paper = open_page(None), open_page(None)
    paper.emulate_media(media="print")
    for exercise in exercises(engine):
        paper.goto(f"{site_url}exercises/{exercise.id}/")
        qr = "img.lumbar-print-qr"
        if is_placeholder(public):  # no code to a dead address on paper; the buttons still hide
            assert paper.locator(qr).count() == 0, exercise.id
            assert paper.eval_on_selector(".lumbar-print-actions", "el => getComputedStyle(el).display") == "none"
            continue
        screen.goto(f"{site_url}exercises/{exercise.id}/")
        loaded = paper.eval_on_selector(qr, "img => img.complete && img.naturalWidth > 0 && img.getAttribute('src')")
        assert loaded == f"../../cards/{exercise.id}-qr.svg", exercise.id
        assert paper.eval_on_selector(qr, "img => getComputedStyle(img).display") == "block"
        with Image.open(io.BytesIO(paper.locator(qr).screenshot())) as shot:
            assert [r.text for r in zxingcpp.read_barcodes(shot)] == [f"{public}exercises/{exercise.id}/"]
        assert paper.eval_on_selector(".lumbar-print-actions", "el => getComputedStyle(el).display") == "none"
        assert screen.eval_on_selector(qr, "img => getComputedStyle(img).display") == "none"
        assert screen.eval_on_selector(".lumbar-print-actions", "el => getComputedStyle(el).display") != "none"


def _source_emergency_signs() -> list[str]:
    """The emergency level's signs as content/safety.yml writes them (read from the file)."""
    import yaml

    raw = yaml.safe_load((ROOT / "content" / "safety.yml").read_text(encoding="utf-8"))
    level = next(level for level in raw["levels"] if level["level"] == "emergency")
    return [" ".join(item["text"].split()) for group in level["groups"] for item in group["items"]]


def test_every_printed_page_that_mentions_help_carries_the_emergency_signs(
        open_page: Callable[..., Any], site_url: str, engine_site: Any, engine: str) -> None:
    """Printed from Chromium (print media), every page whose printed text mentions getting
    help lists the emergency signs of content/safety.yml, whole and in order; no printed page
    keeps an "Also called" line of search words."""
    signs = _source_emergency_signs()
    tab = open_page(None)
    tab.emulate_media(media="print")
    checked = 0
    pages = sorted(p.relative_to(engine_site).parent.as_posix() for p in engine_site.rglob("index.html"))
    pages = pages if engine == MKDOCS else pages[::4]  # the theme's markup differs, not the pages
    for path in pages:
        # The handout builder prints the handout alone, with the whole safety section from the
        # same source (tests/browser/test_handout_builder.py), not the banner.
        if path.startswith(("assets", "search", "404", "handout")):
            continue
        tab.goto(f"{site_url}{'' if path == '.' else path + '/'}")
        # innerText leaves out what the print stylesheet hides: what the paper shows.
        printed = " ".join(tab.evaluate("document.body.innerText").split())
        assert "Also called" not in printed, path
        if not any(word in printed.lower() for word in ("get help", "when to get help", "999")):
            continue
        listed = [" ".join(t.split()) for t in tab.eval_on_selector_all(
            ".lumbar-print-flags li", "items => items.filter(li => li.offsetParent !== null).map(li => li.innerText)")]
        assert listed == signs, path
        assert all(sign in printed for sign in signs), path
        checked += 1
    assert checked > (50 if engine == MKDOCS else 12)
