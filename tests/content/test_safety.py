"""content/safety.yml is the one source of red flags and stop rules (issue 11).

The model's rules give file:line:col errors; an exercise's stop_if may not name a red flag;
every safety list on every built page, card and handout equals the source, in order; no
page keeps a red-flag list of its own; safety text is never smaller than body text; and
entries say "Not yet reviewed by a physiotherapist" until a clinical review is recorded.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from lumbar.content.catalogue import load_catalogue
from lumbar.content.errors import ContentErrors
from lumbar.printing.handout import BODY_PT, handout_pdf
from lumbar.printing.layout import PAPERS
from lumbar.printing.selection import resolve
from lumbar.publish.pages import render_pages
from lumbar.publish.settings import Settings
from tests.conftest import ROOT, VALID_EXERCISE, site_at

# Renders from the real project's build cache: wait for the shared build to fill it, rather
# than drawing the same cards alongside it (and run after the modules that need no build).
pytestmark = pytest.mark.usefixtures("built_site")

Project = Callable[..., Path]
SOURCE = (ROOT / "content" / "safety.yml").read_text(encoding="utf-8")
RAW = yaml.safe_load(SOURCE)  # read without Lumbar's model, to compare against


def words(text: str) -> str:
    """The words a page shows for Markdown ``text``: bold marks gone, a link as its words."""
    return " ".join(re.sub(r"\*\*|__", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)).split())


def level_items(level: str) -> list[str]:
    block = next(item for item in RAW["levels"] if item["level"] == level)
    return [words(i["text"]) for group in block["groups"] for i in group["items"]]


STOP_RULES = [words(rule["text"]) for rule in RAW["stop_rules"]]
# What a stop box lists: the rules that are reasons to stop now, as conditions ("Stop if" is
# its heading, never repeated in a line); the rest is advice for after exercising.
STOP_CONDITIONS = [words(rule["condition"]) for rule in RAW["stop_rules"] if rule.get("condition")]
SIGN_TEXTS = [words(i["text"]) for level in RAW["levels"] for group in level["groups"] for i in group["items"]]


def group_items(group_id: str) -> list[str]:
    """The signs of one group of content/safety.yml (an answer shows it with ((id)))."""
    return next([words(i["text"]) for i in group["items"]] for level in RAW["levels"]
                for group in level["groups"] if group.get("id") == group_id)


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_catalogue(root)
    return [error.format(root) for error in info.value.errors]


# ---- The model and its rules

def test_levels_must_come_in_the_fixed_order(project: Project) -> None:
    text = SOURCE.replace("  - level: emergency", "  - level: tmp").replace("  - level: same-day", "  - level: emergency") \
        .replace("  - level: tmp", "  - level: same-day")
    messages = errors_of(project(safety=text))
    line = text.splitlines().index("  - level: same-day") + 1
    assert messages[0] == (f"content/safety.yml:{line}:12: levels[0].level: level 1 must be 'emergency', not "
                           "'same-day'; the levels go in this order: emergency, same-day, soon, self-care")


def test_a_symptom_at_two_levels_is_an_error(project: Project) -> None:
    # "fever" is a same-day word; give it to an emergency item too.
    text = SOURCE.replace("match: [chest pain]", "match: [chest pain, fever]")
    [message] = errors_of(project(safety=text))
    lines = text.splitlines()
    line = next(n for n, row in enumerate(lines, 1) if "match: [fever," in row)
    column = lines[line - 1].index("fever") + 1
    assert message == (f"content/safety.yml:{line}:{column}: levels[1].groups[0].items[0].match[0]: 'fever' also "
                       "identifies 'chest-pain' at level emergency; a symptom may appear at one level only, so "
                       "give each item its own words")


def test_duplicate_ids_and_unknown_fields_point_at_the_line(project: Project) -> None:
    text = SOURCE.replace("id: weight-loss", "id: fever").replace("heading: Book a routine", "headng: Book a routine")
    messages = errors_of(project(safety=text))
    lines = text.splitlines()
    headng = next(n for n, row in enumerate(lines, 1) if "headng:" in row)
    assert any(m.startswith(f"content/safety.yml:{headng}:5: levels[2].headng: unknown field 'headng'.") for m in messages), messages


def test_duplicate_id_is_reported_at_the_second_use(project: Project) -> None:
    text = SOURCE.replace("id: weight-loss", "id: fever")
    [message] = errors_of(project(safety=text))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "id: fever" in row and n > 70
                and text.splitlines()[n].strip().startswith("text: You are losing"))
    assert message.startswith(f"content/safety.yml:{line}:")
    assert message.endswith("levels[1].groups[0].items[1].id: id 'fever' is already used (at level same-day); ids must be unique")


def test_the_safety_file_is_required(project: Project) -> None:
    root = project()
    (root / "content" / "safety.yml").unlink()
    [message] = errors_of(root)
    assert message.startswith("content/safety.yml:1:1: the safety file is missing")


def test_stop_if_may_not_name_a_red_flag(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("  - Pain gets sharp.\n",
                                                 "  - Pain gets sharp.\n  - You feel numbness in both legs.\n")
    [message] = errors_of(project(exercise={"x": text}))
    line = text.splitlines().index("  - You feel numbness in both legs.") + 1
    assert message == (f"exercises/x.yml:{line}:5: stop_if[1]: 'in both legs' is a red flag at level emergency in "
                       "content/safety.yml (item 'both-legs'), and the safety box on every exercise page already "
                       "shows it; remove this line, or write a reason to stop that is specific to this exercise")


def test_safety_yml_is_content_never_published(built_site: Path) -> None:
    settings = Settings.load(ROOT)
    assert settings.is_content(ROOT / "content" / "safety.yml")
    assert not list(built_site.rglob("*.yml")) and not (built_site / "safety.md").exists()
    assert (built_site / "safety" / "index.html").is_file()


# ---- Every rendered safety list equals the source

class SafetyLists(HTMLParser):
    """Each list item's text, with the safety container it sits in (if any) and its list."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "path", "circle", "rect", "use", "line",
            "polyline", "polygon", "ellipse", "stop"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None], int]] = []
        self.items: list[tuple[tuple[str, str, int] | None, int, list[str]]] = []  # (container, list id, text)
        self.current: list[str] | None = None
        self.counter = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        self.counter += 1
        self.stack.append((tag, dict(attrs), self.counter))
        if tag == "li":
            self.current = []
            lists = [n for t, _, n in self.stack if t in ("ul", "ol")]
            self.items.append((self.container(), lists[-1] if lists else 0, self.current))

    def container(self) -> tuple[str, str, int] | None:
        for _, attrs, number in reversed(self.stack):
            if "data-lumbar-safety-level" in attrs:
                return ("level", str(attrs["data-lumbar-safety-level"]), number)
            if "data-lumbar-safety-group" in attrs:
                return ("group", str(attrs["data-lumbar-safety-group"]), number)
            if "data-lumbar-stop" in attrs:
                return ("stop", "", number)
        return None

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag == "li":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)

    def containers(self) -> dict[tuple[str, str, int], list[str]]:
        found: dict[tuple[str, str, int], list[str]] = {}
        for container, _, parts in self.items:
            if container:
                found.setdefault(container, []).append(words("".join(parts)))
        return found


def parse(path: Path) -> SafetyLists:
    parser = SafetyLists()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# Words that send a reader to a level of care, to check that text naming a red flag
# outside the safety lists does not send the reader somewhere else.
DIRECTIONS = {
    "emergency": re.compile(r"\b(999|112|911|a&e|emergency)\b", re.I),
    "same-day": re.compile(r"same day|today|nhs 111|urgent", re.I),
    "soon": re.compile(r"\broutine\b|book an? ", re.I),
}


# Pages that show the general stop rule in a box of its own (besides every exercise page and
# every programme page).
STOP_RULE_PAGES = {"safety/index.html", "handout/index.html", "exercises/by-pain/index.html"}


def test_every_safety_list_on_the_site_equals_the_source(built_site: Path) -> None:
    safety = load_catalogue(ROOT).safety
    catalogue = load_catalogue(ROOT)
    own_stop = {e.id: [words(line) for line in e.stop_if] for e in catalogue.exercises}
    full_levels = {"safety/index.html", "faq/when-to-see-a-doctor/index.html", "handout/index.html"}
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        relative = path.relative_to(built_site).as_posix()
        parsed = parse(path)
        containers = parsed.containers()
        levels = [(key[1], items) for key, items in containers.items() if key[0] == "level"]
        groups = [(key[1], items) for key, items in containers.items() if key[0] == "group"]
        stops = [items for key, items in containers.items() if key[0] == "stop"]
        # A group of signs shown on another page (an answer's ((group-id))) is the whole group.
        for group, items in groups:
            assert items == group_items(group), (relative, group)
        # The banner (every page) shows the emergency signs; some pages show every level.
        assert ("emergency", level_items("emergency")) in levels, relative
        for level, items in levels:
            assert items == level_items(level), (relative, level)
        if relative in full_levels:
            assert sorted(level for level, _ in levels) == sorted(
                ["emergency"] + [lv["level"] for lv in RAW["levels"]]), relative
        else:
            assert [level for level, _ in levels] == ["emergency"], relative
        parts = relative.split("/")
        if parts[0] == "exercises" and len(parts) == 3 and parts[1] in own_stop:
            assert stops == [own_stop[parts[1]] + STOP_CONDITIONS], relative
        elif relative == "handout/index.html":  # the builder's printout lists the whole rule
            assert stops == [STOP_RULES], relative
        elif relative in STOP_RULE_PAGES or parts[0] == "programmes" and len(parts) == 3 and parts[1] != "index":
            assert stops == [STOP_CONDITIONS], relative
        else:
            # Any other stop box (an answer's ((stop-rule)) on a line of its own) is the rule, whole.
            assert all(stop == STOP_CONDITIONS for stop in stops), relative
        # No page keeps its own list of red flags, and text that names one outside the
        # safety lists never sends the reader to a different level.
        by_list: dict[int, int] = {}
        for container, list_id, item_parts in parsed.items:
            if container is not None:
                continue
            text = words("".join(item_parts))
            # A sign shown with ((id)) is the source's own words, not a hand-kept copy.
            for sign in SIGN_TEXTS:
                text = text.replace(sign, " ")
            found = safety.mentions(text)
            if found:
                by_list[list_id] = by_list.get(list_id, 0) + 1
            for level, item, word in found:
                others = [name for name, cue in DIRECTIONS.items() if name != level.level.value and cue.search(text)]
                own = DIRECTIONS.get(level.level.value)
                assert not others or (own and own.search(text)), (relative, item.id, word, text)
        assert all(count < 3 for count in by_list.values()), (relative, "a hand-kept list of red flags")


def _pdf_words(path_or_bytes: Path | bytes) -> list[list[dict]]:
    import io

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with pdfplumber.open(source) as pdf:
        return [page.extract_words(extra_attrs=["size"]) for page in pdf.pages]


def _bullets(text: str) -> str:
    return " ".join(text.split())


def test_cards_and_handouts_show_the_source_lists_at_body_size(built_site: Path) -> None:
    catalogue = load_catalogue(ROOT)
    for exercise in catalogue.exercises:
        for path in (built_site / "cards" / f"{exercise.id}.pdf", built_site / "cards" / "letter" / f"{exercise.id}.pdf"):
            pages = _pdf_words(path)
            text = " ".join(w["text"] for page in pages for w in page)
            # The stop list in order: the exercise's own lines, then the general rule.
            expected = " ".join(f"• {line}" for line in [*map(words, exercise.stop_if), *STOP_CONDITIONS])
            assert expected in text, (path.name, expected)
            step_size = max(w["size"] for page in pages for w in page if w["text"] == "1.")
            stop_words = _stop_words(pages)
            assert stop_words and min(w["size"] for w in stop_words) >= step_size - 0.01, path.name
    exercises = {e.id: e for e in catalogue.exercises}
    items = resolve(exercises, ["bridge", "walking", "knee-to-chest"])
    pdf = handout_pdf(items, PAPERS["a4"], site_at("https://lumbar.example.org/"), catalogue.safety)
    pages = _pdf_words(pdf)
    start = next(n for n, page in enumerate(pages) if " ".join(w["text"] for w in page[:5]).startswith("When to get help,"))
    section = [w for page in pages[start:] for w in page]
    # Body-size words only: page footers and "(continued)" headings may fall inside a list.
    text = " ".join(w["text"] for w in section if abs(w["size"] - BODY_PT) < 0.01)
    for level in RAW["levels"]:
        for group in level["groups"]:
            expected = " ".join(f"• {words(i['text'])}" for i in group["items"])
            assert expected in text, expected
    assert " ".join(f"• {rule}" for rule in STOP_RULES) in text
    body = [w["size"] for page in pages[1:start] for w in page if w["text"] == "1."]
    bullets = [w["size"] for w in section if w["text"] == "•"]
    assert bullets and min(bullets) >= max(body) - 0.01 and min(bullets) >= BODY_PT - 0.01


def _stop_words(pages: list[list[dict]]) -> list[dict]:
    """The words printed after the "Stop if" heading and before the card's footer."""
    flat = [w for page in pages for w in page]
    texts = [w["text"] for w in flat]
    start = next(n for n in range(len(texts) - 1) if texts[n] == "Stop" and texts[n + 1] == "if") + 2
    footer = min(w["size"] for w in flat)  # the small print, 9 pt
    return [w for w in flat[start:] if w["size"] > footer]


def test_safety_css_is_at_least_body_size() -> None:
    css = (ROOT / "templates" / "overrides" / "assets" / "stylesheets" / "lumbar.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = {selector.strip(): body for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)}

    def size(selector_part: str) -> float:
        found = [body for selector, body in rules.items() if selector_part in selector.split(",")
                 or any(part.strip() == selector_part for part in selector.split(","))]
        values = [float(m) for body in found for m in re.findall(r"font-size:\s*([\d.]+)rem", body)]
        assert values, selector_part
        return values[-1]

    body = size(".md-typeset")
    for selector in (".lumbar-disclaimer", ".lumbar-banner-flags", ".md-typeset .lumbar-stop",
                     ".md-typeset .lumbar-stop .admonition", ".md-typeset .lumbar-safety-level .admonition"):
        assert size(selector) >= body, selector


# ---- Clinical review labels

def test_pages_and_prints_say_not_yet_reviewed_until_a_review_is_recorded(project_copy: Path, built_site: Path) -> None:
    for page in ("safety/index.html", "exercises/bridge/index.html", "faq/painkillers/index.html"):
        assert "Not yet reviewed by a physiotherapist." in (built_site / page).read_text(encoding="utf-8"), page
    path = project_copy / "exercises" / "bridge.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "clinical_review: pending", "clinical_review:\n    reviewer: Sam Example, physiotherapist\n    date: 2026-11-30"),
        encoding="utf-8")
    catalogue = load_catalogue(project_copy)
    pages = render_pages(catalogue, project_copy / "templates" / "pages")
    assert "Reviewed by a physiotherapist: Sam Example, physiotherapist, 30 November 2026" in pages["exercises/bridge.md"]
    assert "Not yet reviewed" not in pages["exercises/bridge.md"]
    assert "Not yet reviewed by a physiotherapist." in pages["exercises/walking.md"]
    from lumbar.printing.cards import card_content

    bridge = next(e for e in catalogue.exercises if e.id == "bridge")
    walking = next(e for e in catalogue.exercises if e.id == "walking")
    assert card_content(bridge, safety=catalogue.safety, site=site_at("/", "L")).review_note is None
    assert card_content(walking, safety=catalogue.safety, site=site_at("/", "L")).review_note == \
        "Not yet reviewed by a physiotherapist."


def test_a_wrong_clinical_review_value_is_a_clear_error(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("clinical_review: pending", "clinical_review: done")
    messages = errors_of(project(exercise={"x": text}))
    line = text.splitlines().index("  clinical_review: done") + 1
    assert messages and all(m.startswith(f"exercises/x.yml:{line}:20: review.clinical_review") for m in messages), messages


def test_check_strict_lists_pending_reviews_without_failing() -> None:
    result = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(ROOT), "check", "--strict"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    pending = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert "note: content/safety.yml:" in result.stderr
    assert any(line.startswith("note: exercises/bridge.yml:") and "not yet reviewed by a physiotherapist" in line
               for line in pending)
    assert len(pending) == len(load_catalogue(ROOT).all_loaded())
    plain = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(ROOT), "check"],
                           capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0 and "note: " not in plain.stderr


def test_no_print_file_states_a_stop_rule_of_its_own(built_site: Path) -> None:
    """A PDF states the stop rule ("pain ... 15 minutes") only in the source's own words."""
    checked = 0
    # Sheets hold the same cards four to a page (their text interleaves): the cards are read.
    for path in sorted(p for p in built_site.rglob("*.pdf") if not p.name.startswith("all-cards-")):
        # pypdf, not pdfplumber: the same text from every one of these PDFs, eight times faster.
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)
        # A page footer can fall inside a sentence that runs over two pages.
        text = re.sub(r"\S+ · General information, not medical advice\. Page \d+ of \d+ ", "", text)
        for rule in STOP_RULES:
            text = text.replace(rule, "")
        # A stop rule of its own: pain tied to "15 minutes" (walking's "10 to 15 minutes" is a dose).
        stray = re.search(r"pain[^.•]{0,60}\b15 minutes", text)
        assert stray is None, (path.name, stray and stray.group(0))
        checked += 1
    assert checked > 60  # cards on two papers and the programme PDFs
