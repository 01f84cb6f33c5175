"""The stop section on paper: it lists only reasons to stop (no line repeats "Stop if", the
advice for after exercising follows it), it stands out in black and white as well as in
colour, and it ends with the one urgent-help line of content/safety.yml on every card and
handout. Laid out and rendered from the real content; no site build."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from PIL import Image

from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.paths import PAPERS
from lumbar.printing.cards import TURN_OVER, card_content, layout_card
from lumbar.printing.handout import layout_handout
from lumbar.printing.handout_compact import layout_compact
from lumbar.printing.layout import Page, TextOp
from lumbar.printing.layout import paper as paper_named
from lumbar.printing.render import render_image
from lumbar.printing.selection import resolve
from tests.conftest import ROOT, site_at

SITE = site_at("https://clinic.github.io/lumbar/")
DPI = 150


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def source() -> dict:
    """content/safety.yml as written: the tests compare print with the file, not the model."""
    return yaml.safe_load((ROOT / "content" / "safety.yml").read_text(encoding="utf-8"))


def page_text(pages: list[Page]) -> str:
    """The pages' words in order, without a card's running head and "turn over" note (a
    paragraph may run on from one side to the next around them)."""
    return words(" ".join(op.text for page in pages for op in page.ops if isinstance(op, TextOp)
                          and op.text != TURN_OVER and not op.text.endswith("(continued)")))


def test_the_stop_rules_split_into_reasons_to_stop_and_advice_for_after(source: dict) -> None:
    conditions = [rule["condition"] for rule in source["stop_rules"] if "condition" in rule]
    after = [rule["text"] for rule in source["stop_rules"] if "condition" not in rule]
    assert conditions and after, "the stop rule has reasons to stop now and advice for after"
    assert not any(words(text).lower().startswith(("stop", "if ")) for text in conditions)
    assert any("do less next time" in words(text) for text in after)


def test_every_card_lists_only_reasons_to_stop_and_ends_with_the_urgent_line(catalogue: Catalogue,
                                                                            source: dict) -> None:
    """A card's stop box holds the reasons to stop and closes with when to call 999. The
    advice for after exercising is on the page, handouts and safety page, not the card: a
    card has two small sides, and its Spanish text must fit them too."""
    urgent = words(source["urgent_line"])
    after = [words(rule["text"]) for rule in source["stop_rules"] if "condition" not in rule]
    for exercise in catalogue.exercises:
        card = card_content(exercise, safety=catalogue.safety, site=SITE)
        for line in card.stop_if:
            assert not line.lower().startswith("stop if"), (exercise.id, line)
            assert all(words(line) != text for text in after), (exercise.id, line)
        for paper in PAPERS:
            sides = layout_card(card, paper_named(paper))
            assert len(sides) <= 2, (exercise.id, paper)
            text = page_text(sides)
            assert urgent in text, (exercise.id, paper)  # the line from the source, whole
            assert not any(line in text for line in after), (exercise.id, paper)


@pytest.mark.parametrize("layout", ["one-per-page", "compact"])
def test_handouts_carry_the_stop_box_and_the_urgent_line(catalogue: Catalogue, source: dict, layout: str) -> None:
    items = resolve({e.id: e for e in catalogue.exercises}, ["bridge", "walking"])
    paper = paper_named(PAPERS[0])
    make = layout_handout if layout == "one-per-page" else layout_compact
    text = page_text(make(items, paper, SITE, catalogue.safety))
    # The one-per-page layout closes each exercise's stop box with the urgent line; the
    # compact one gives the emergency signs on its safety pages. Both print the source's
    # emergency heading and every sign of it.
    emergency = source["levels"][0]
    assert words(emergency["heading"]) in text
    assert all(words(item["text"]) in text for group in emergency["groups"] for item in group["items"])
    if layout == "one-per-page":
        assert text.count(words(source["urgent_line"])) == len(items)


def _grey(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """The mean grey (0 black to 255 white) of a box in mm on a page rendered at DPI."""
    scale = DPI / 25.4
    crop = image.convert("L").crop(tuple(round(v * scale) for v in box))
    counts = crop.histogram()
    return sum(value * count for value, count in enumerate(counts)) / sum(counts)


def _heading_grey(page: Page, image: Image.Image, text: str) -> float:
    """The grey just above the baseline of heading ``text``, between its letters' lines
    (the background the heading sits on), from the left end of the text."""
    op = next(op for op in page.ops if isinstance(op, TextOp) and op.text.strip() == text)
    return _grey(image, (op.x - 1.2, op.y - op.size * 0.3528 * 1.05, op.x - 0.3, op.y + 0.4))


@pytest.mark.parametrize("paper", PAPERS)
def test_the_stop_heading_stands_out_in_black_and_white(catalogue: Catalogue, paper: str) -> None:
    """Rendered in grey, the stop heading sits on a dark bar, the other headings on white
    paper: a black-and-white copy still marks the stop section (the heading colours alone
    are the same grey)."""
    for exercise_id in ("bridge", "walking", "clamshell"):
        exercise = next(e for e in catalogue.exercises if e.id == exercise_id)
        card = card_content(exercise, safety=catalogue.safety, site=SITE)
        sides = layout_card(card, paper_named(paper))
        stop_side = next(side for side in sides if any(isinstance(op, TextOp) and op.text == "Stop if"
                                                       for op in side.ops))
        image = render_image(stop_side, DPI)
        assert _heading_grey(stop_side, image, "Stop if") < 110, exercise_id
        steps_side = next(side for side in sides if any(isinstance(op, TextOp) and op.text == "Steps"
                                                        for op in side.ops))
        assert _heading_grey(steps_side, render_image(steps_side, DPI), "Steps") > 230, exercise_id


def test_the_handout_stop_box_stands_out_in_black_and_white(catalogue: Catalogue, tmp_path: Path) -> None:
    items = resolve({e.id: e for e in catalogue.exercises}, ["bridge"])
    pages = layout_handout(items, paper_named(PAPERS[0]), SITE, catalogue.safety)
    stop = next(p for p in pages if any(isinstance(op, TextOp) and op.text == "Stop if" for op in p.ops))
    assert _heading_grey(stop, render_image(stop, DPI), "Stop if") < 110
    steps = next(p for p in pages if any(isinstance(op, TextOp) and op.text == "Steps" for op in p.ops))
    assert _heading_grey(steps, render_image(steps, DPI), "Steps") > 230
