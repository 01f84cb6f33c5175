"""No printed text overlaps other text or leaves the page: every card, sheet and handout PDF
of the real content, on A4 and Letter, read back with pdfplumber."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from lumbar.paths import A4, CARDS_DIR, PAPERS, fold_sheet_name, sheet_name
from lumbar.printing.layout import PAPERS as LAYOUT_PAPERS
from lumbar.printing.sheets import DUPLEX_INSTRUCTION_PAGES, FOLD_INSTRUCTION_PAGES
from lumbar.publish.settings import Settings
from tests.conftest import ROOT

# Renders from the real project's build cache: wait for the shared build to fill it, rather
# than drawing the same cards alongside it (and run after the modules that need no build).
pytestmark = pytest.mark.usefixtures("built_site")

# Points two boxes may share before they count as overlapping: anti-aliasing slack only.
TOLERANCE = 0.3
# A handout of exercises with long text, a mix of pictures and doses, and custom doses.
HANDOUT = ("knee-rolls", "hamstring-stretch:sets=2,reps=6", "seated-rotational-stretch", "stationary-cycling",
           "bridge", "bird-dog")


def _lumbar(*args: str) -> None:
    """Run a ``lumbar`` command on the real project in this process (the module reads what
    the commands print; the command line itself is tested in test_cards and test_handout)."""
    from click.testing import CliRunner

    from lumbar.cli import main

    done = CliRunner().invoke(main, ["--root", str(ROOT), *args])
    assert done.exit_code == 0, done.output + repr(done.exception)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Every card, the sheets and handouts, per paper: {paper: [pdf, ...]}."""
    out = tmp_path_factory.mktemp("print")
    files: dict[str, list[Path]] = {}
    for paper in PAPERS:
        folder = out / paper
        _lumbar("cards", "--paper", paper, "--no-png", "--out", str(folder))
        _lumbar("handout", *HANDOUT, "--paper", paper, "--out", str(folder / "handout.pdf"),
                "--patient", "Sam Lee", "--date", "today", "--side", "hamstring-stretch=left",
                "--note", "bridge=Hold for 3 seconds at first, then build up slowly over two weeks.")
        _lumbar("handout", *HANDOUT, "--paper", paper, "--layout", "one-per-page",
                "--out", str(folder / "handout-pages.pdf"))
        files[paper] = sorted(folder.glob("*.pdf"))
        assert (folder / sheet_name(paper)) in files[paper]
    return files


@pytest.fixture(scope="module")
def opened(printed: dict[str, list[Path]]) -> Iterator[Callable[[Path], AbstractContextManager[pdfplumber.PDF]]]:
    """``opened(pdf)``: a printed PDF parsed once for the whole module (pdfplumber keeps each
    page's characters), as a context manager like ``pdfplumber.open`` that does not close it."""
    documents: dict[Path, pdfplumber.PDF] = {}

    @contextmanager
    def open_once(path: Path) -> Iterator[pdfplumber.PDF]:
        if path not in documents:
            documents[path] = pdfplumber.open(path)
        yield documents[path]

    yield open_once
    for document in documents.values():
        document.close()


def words_of(page: pdfplumber.page.Page) -> list[dict]:
    """Every visible character on the page with its box (points, from the top-left corner).

    Characters, not words: two lines drawn on one baseline merge into one garbled "word",
    whose box overlaps nothing, while their characters still overlap each other.
    """
    return [c for c in page.chars if c["text"].strip()]


# Side of the square cells that ``overlaps`` sorts boxes into, in points (about a character).
CELL = 12.0


def overlaps(words: list[dict]) -> list[str]:
    """Pairs of words whose boxes overlap by more than TOLERANCE in both directions.

    Each box is put in every CELL-sized square it touches, and only boxes sharing a square
    are compared: two boxes that overlap always share one.
    """
    cells: dict[tuple[int, int], list[int]] = {}
    for index, w in enumerate(words):
        for column in range(int(w["x0"] // CELL), int(w["x1"] // CELL) + 1):
            for row in range(int(w["top"] // CELL), int(w["bottom"] // CELL) + 1):
                cells.setdefault((column, row), []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in cells.values():
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                a, b = words[first], words[second]
                dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                if dx > TOLERANCE and dy > TOLERANCE:
                    pairs.add((first, second))
    return [f"{words[i]['text']!r} at ({words[i]['x0']:.0f}, {words[i]['top']:.0f}) overlaps "
            f"{words[j]['text']!r} at ({words[j]['x0']:.0f}, {words[j]['top']:.0f})" for i, j in sorted(pairs)]


def test_no_printed_text_overlaps_or_leaves_the_page(printed: dict[str, list[Path]], opened: Callable[[Path], AbstractContextManager[pdfplumber.PDF]]) -> None:
    problems = []
    checked = 0
    for paper, pdfs in printed.items():
        for pdf in pdfs:
            with opened(pdf) as document:
                for number, page in enumerate(document.pages, 1):
                    words = words_of(page)
                    assert words, f"{paper}/{pdf.name} page {number} has no text"
                    checked += len(words)
                    where = f"{paper}/{pdf.name} page {number}"
                    problems += [f"{where}: {p}" for p in overlaps(words)]
                    problems += [f"{where}: {w['text']!r} leaves the page" for w in words
                                 if w["x0"] < 0 or w["top"] < 0 or w["x1"] > page.width or w["bottom"] > page.height]
    assert checked > 1000
    assert not problems, "\n".join(problems[:40])


def test_the_overlap_check_finds_overprinted_text(tmp_path: Path) -> None:
    # The checker itself must fail on the fault it exists for: two lines drawn on one baseline.
    from lumbar.printing.layout import Page, TextOp
    from lumbar.printing.render import render_pdf

    page = Page(105, 148, [TextOp(10, 20, "Knee rolls (continued)", 11), TextOp(10, 20.5, "continued", 11),
                           TextOp(10, 40, "Apart", 11), TextOp(100, 60, "Off the edge", 11)])
    path = tmp_path / "bad.pdf"
    path.write_bytes(render_pdf([page], title="t", author="a"))
    with pdfplumber.open(path) as document:
        words = words_of(document.pages[0])
        assert overlaps(words)
        assert not overlaps([w for w in words if w["top"] > 90])
        assert any(w["x1"] > document.pages[0].width for w in words)


# ---- Cards, read back from their PDFs

def _cards(printed: dict[str, list[Path]], paper: str) -> list[Path]:
    return [p for p in printed[paper] if not p.name.startswith(("all-cards", "handout"))]


def _body_sizes(page: pdfplumber.page.Page) -> set[float]:
    """Sizes of the regular-weight text larger than small print (the body; headings are bold)."""
    return {round(c["size"], 1) for c in page.chars
            if c["text"].strip() and "Bold" not in c["fontname"] and c["size"] > 9.5}


def test_cards_take_at_most_two_sides_with_one_body_size_per_paper(printed: dict[str, list[Path]], opened: Callable[[Path], AbstractContextManager[pdfplumber.PDF]]) -> None:
    from lumbar.content.catalogue import load_catalogue

    catalogue = {e.id: e for e in load_catalogue(ROOT).exercises}
    for paper in PAPERS:
        sizes: set[float] = set()
        for pdf in _cards(printed, paper):
            exercise = catalogue[pdf.stem]
            with opened(pdf) as document:
                assert 1 <= len(document.pages) <= 2, (paper, pdf.name, len(document.pages))
                texts = [" ".join((page.extract_text() or "").split()) for page in document.pages]
                for page in document.pages:
                    sizes |= _body_sizes(page)
                    pictures = [i for i in page.images if i["x1"] - i["x0"] > 60]  # QR codes are ~45 pt
                    for image in pictures:
                        assert image["x1"] - image["x0"] >= page.width / 2 - 1, (paper, pdf.name)
                assert any(i["x1"] - i["x0"] > 60 for i in document.pages[0].images), (paper, pdf.name)
            # The starting position is on the front; each step is printed whole on one side.
            assert "Starting position" in texts[0], pdf.name
            for number, step in enumerate(exercise.steps, 1):
                start = " ".join(step.split()[:4])
                end = " ".join(step.split()[-3:])
                assert any(start in text and end in text for text in texts), (paper, pdf.name, number)
            if len(texts) == 2:
                assert "Turn over" in texts[0] and "(continued)" in texts[1], pdf.name
            # Something to act with on every card: a box to tick each day.
            assert any("Tick each day:" in text for text in texts), pdf.name
        # One body size a paper, read from the PDFs: 11 pt on A6 (A4 sheets), the large-print
        # floor; quarter-Letter cards are 8 mm shorter and use 10 pt.
        assert sizes == {LAYOUT_PAPERS[paper].card_pt}, (paper, sizes)
        assert min(sizes) >= (11.0 if paper == A4 else 10.0), (paper, sizes)


def test_duplex_sheet_puts_each_back_behind_its_front(printed: dict[str, list[Path]], opened: Callable[[Path], AbstractContextManager[pdfplumber.PDF]]) -> None:
    for paper in PAPERS:
        cards = _cards(printed, paper)
        sheet = next(p for p in printed[paper] if p.name == sheet_name(paper))
        with opened(sheet) as document:
            assert len(document.pages) == DUPLEX_INSTRUCTION_PAGES + 2 * -(-len(cards) // 4)
            assert "double-sided" in (document.pages[0].extract_text() or "")
            backs_seen = 0
            for index in range(DUPLEX_INSTRUCTION_PAGES, len(document.pages), 2):
                fronts, backs = document.pages[index], document.pages[index + 1]
                assert "Turn over" not in (backs.extract_text() or "")
                half_w, half_h = fronts.width / 2, fronts.height / 2
                # Each "(continued)" head on the backs page sits in the mirrored slot of a
                # front that says "Turn over".
                for word in backs.extract_words():
                    if word["text"] != "(continued)":
                        continue
                    backs_seen += 1
                    col = 1 - int(word["x0"] > half_w)  # flipping on the long edge swaps columns
                    row = int(word["top"] > half_h)
                    region = fronts.crop((col * half_w, row * half_h, (col + 1) * half_w, (row + 1) * half_h))
                    assert "Turn over" in (region.extract_text() or ""), (paper, index, word)
            assert backs_seen


# Most printers cannot print within about 5 mm of the paper's edge.
SAFE_EDGE_PT = 5.0 * 72 / 25.4


def test_every_mark_on_a_sheet_is_at_least_5_mm_from_the_edge(printed: dict[str, list[Path]], opened: Callable[[Path], AbstractContextManager[pdfplumber.PDF]]) -> None:
    checked = 0
    for paper in PAPERS:
        for name in (sheet_name(paper), fold_sheet_name(paper)):
            with opened(next(p for p in printed[paper] if p.name == name)) as document:
                # The first and last sheets (fronts and backs): every sheet has the same marks.
                first = DUPLEX_INSTRUCTION_PAGES if name == sheet_name(paper) else FOLD_INSTRUCTION_PAGES
                ends = {first, first + 1, len(document.pages) - 2, len(document.pages) - 1}
                for number, page in ((n + 1, document.pages[n]) for n in sorted(ends) if n >= first):
                    marks = [c for c in page.chars if c["text"].strip()] + page.lines + page.rects + page.curves \
                        + page.images
                    assert page.lines, (paper, name, number)  # cut marks
                    for mark in marks:
                        margin = min(mark["x0"], mark["top"], page.width - mark["x1"], page.height - mark["bottom"])
                        assert margin >= SAFE_EDGE_PT - 0.01, (paper, name, number, mark.get("text"), margin * 25.4 / 72)
                    checked += len(marks)
    assert checked > 500


def test_nothing_but_the_card_is_printed_in_a_cards_cut_area(printed: dict[str, list[Path]], opened: Callable[[Path], AbstractContextManager[pdfplumber.PDF]]) -> None:
    """On every page of cards, each character belongs to one card: it lies inside one card's
    quarter of the sheet and keeps the card's margin from every cut, so a cut card carries no
    slice of anything else (the printing instructions are on a page of their own)."""
    checked = 0
    for paper in PAPERS:
        card_w, card_h = (size * 72 / 25.4 for size in LAYOUT_PAPERS[paper].card)
        for name, first in ((sheet_name(paper), DUPLEX_INSTRUCTION_PAGES), (fold_sheet_name(paper), FOLD_INSTRUCTION_PAGES)):
            with opened(next(p for p in printed[paper] if p.name == name)) as document:
                instructions = " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages[:first])
                assert "Cut" in instructions, (paper, name)
                for number, page in enumerate(document.pages[first:], first + 1):
                    x0, y0 = (page.width - 2 * card_w) / 2, (page.height - 2 * card_h) / 2
                    cuts_x, cuts_y = (x0, x0 + card_w, x0 + 2 * card_w), (y0, y0 + card_h, y0 + 2 * card_h)
                    for char in (c for c in page.chars if c["text"].strip()):
                        # The card's own margin (cards.MARGIN, 5.5 mm) less a little for the font's box.
                        gap = min(min(abs(char["x0"] - x), abs(char["x1"] - x)) for x in cuts_x)
                        gap = min(gap, *(min(abs(char["top"] - y), abs(char["bottom"] - y)) for y in cuts_y))
                        assert gap >= 4.5 * 72 / 25.4, (paper, name, number, char["text"], gap * 25.4 / 72)
                        checked += 1
    assert checked > 10000


def test_fold_sheet_never_says_turn_over(printed: dict[str, list[Path]], opened: Callable[[Path], AbstractContextManager[pdfplumber.PDF]]) -> None:
    for paper in PAPERS:
        fold = next(p for p in printed[paper] if p.name == fold_sheet_name(paper))
        with opened(fold) as document:
            text = " ".join((page.extract_text() or "") for page in document.pages)
            lines = [line for page in document.pages for line in page.lines if line["x0"] == line["x1"]]
        assert "Turn over" not in text and "Fold on the dashed line" in text and "single-sided" in text
        assert lines  # the fold and cut lines


def test_check_warns_at_the_steps_when_a_card_cannot_fit_two_sides(project_copy: Path) -> None:
    path = project_copy / "exercises" / "bridge.yml"
    text = path.read_text(encoding="utf-8")
    many = "".join(f"  - Step {n}, press your feet into the floor, breathe out slowly and keep your"
                   f" shoulders and head resting on the mat the whole time.\n" for n in range(15))
    path.write_text(text.replace("steps:\n", "steps:\n" + many, 1), encoding="utf-8")
    line = text.splitlines().index("steps:") + 1
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(project_copy), "check"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"exercises/bridge.yml:{line + 1}:" in done.stderr, done.stderr
    assert "steps: the printed card needs" in done.stderr and "sides on A4 paper" in done.stderr
    # Too long for the compact handout's promise of four exercises on two A4 pages, too.
    assert "steps: the exercise takes" in done.stderr and "lets any four exercises fit on two pages" in done.stderr
    assert "Traceback" not in done.stderr
    strict = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(project_copy), "check", "--strict"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert strict.returncode == 1


# ---- No dead QR codes

def test_placeholder_site_url_prints_no_qr_code_or_address(printed: dict[str, list[Path]], opened: Callable[[Path], AbstractContextManager[pdfplumber.PDF]]) -> None:
    # The project's mkdocs.yml has the placeholder address unless LUMBAR_SITE_URL is set.
    for paper, pdfs in printed.items():
        for pdf in pdfs:
            with opened(pdf) as document:
                text = " ".join((page.extract_text() or "") for page in document.pages)
                small = [i for page in document.pages for i in page.images if i["x1"] - i["x0"] < 60]
            assert "example.org" not in text and "Scan the code" not in text, (paper, pdf.name)
            assert "Read this exercise online" not in text, (paper, pdf.name)
            assert not small, (paper, pdf.name)  # no QR code (pictures are wider)


def test_env_tags_in_mkdocs_yml_resolve_like_mkdocs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        'site_name: Clinic\nsite_url: !ENV [LUMBAR_TEST_URL, "https://lumbar.example.org/"]\n', encoding="utf-8")
    monkeypatch.delenv("LUMBAR_TEST_URL", raising=False)
    assert Settings.load(tmp_path).site_url == "https://lumbar.example.org/"
    monkeypatch.setenv("LUMBAR_TEST_URL", "")  # set but empty, as an unset workflow output gives
    assert Settings.load(tmp_path).site_url == "https://lumbar.example.org/"
    monkeypatch.setenv("LUMBAR_TEST_URL", "https://clinic.github.io/lumbar")
    assert Settings.load(tmp_path).site_url == "https://clinic.github.io/lumbar/"


def test_a_build_with_a_placeholder_site_url_warns_once_but_passes_strict(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LUMBAR_SITE_URL"}
    env["PYTHONPATH"] = str(ROOT / "src")
    done = subprocess.run([sys.executable, "-m", "lumbar", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (done.stderr + done.stdout).count("not a public address: cards and handouts print no QR code") == 1


def test_a_placeholder_site_url_publishes_no_qr_code_file(built_site: Path) -> None:
    from lumbar.content.catalogue import load_catalogue
    from lumbar.paths import qr_path

    assert "example.org" in Settings.load(ROOT).site_url  # the built site has the placeholder
    assert (built_site / "cards").is_dir()
    assert sorted((built_site / CARDS_DIR).rglob("*qr*")) == []
    for exercise in load_catalogue(ROOT).exercises:  # nor under the name a QR code would have
        assert not (built_site / qr_path(exercise.id)).exists(), exercise.id


# ---- Handouts

def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9']+", text))


def test_compact_handout_keeps_each_exercise_whole_on_a_page(printed: dict[str, list[Path]], opened: Callable[[Path], AbstractContextManager[pdfplumber.PDF]]) -> None:
    from lumbar.content.catalogue import load_catalogue
    from lumbar.content.dose_rules import PRINTED_WORDS

    by_id = {e.id: e for e in load_catalogue(ROOT).exercises}
    chosen = [by_id[spec.split(":")[0]] for spec in HANDOUT]
    for paper in PAPERS:
        compact = next(p for p in printed[paper] if p.name == "handout.pdf")
        pages_pdf = next(p for p in printed[paper] if p.name == "handout-pages.pdf")
        with opened(compact) as document, opened(pages_pdf) as one_per_page:
            texts = [" ".join((page.extract_text() or "").split()) for page in document.pages]
            # The narrow column (name, picture, dose, log, side, note) read on its own.
            left = [" ".join((page.crop((0, 0, page.width * 0.33, page.height)).extract_text() or "").split())
                    for page in document.pages]
            assert len(document.pages) < len(one_per_page.pages)
        exercise_pages = [t for t in texts if "Tick a box each day" in t]
        # Two a page, page one included (beside the header): six exercises on three pages.
        assert len(exercise_pages) <= -(-len(chosen) // 2), (paper, len(exercise_pages))
        for exercise in chosen:
            name = " ".join(exercise.name.split()[:3])
            holder = [t for t in texts if "Tick a box each day" in t and f". {name}" in t]
            assert len(holder) == 1, (paper, exercise.id)
            # Every word of the steps and the stop list is on the panel's own page (the text
            # runs beside the narrow column, then under it at full width).
            for text in (*exercise.steps, *exercise.stop_if, exercise.starting_position, exercise.feel):
                assert _words(text) <= _words(holder[0]), (paper, exercise.id, text)
        first = texts[0]
        assert "Prepared for: Sam Lee" in first and "Date:" in first and PRINTED_WORDS["stop_any"] in first
        assert "Your left side only" in " ".join(left)
        assert "Hold for 3 seconds at first" in " ".join(left)
        # Only the fields the clinician set say so (hamstring-stretch: sets and reps were set).
        assert " ".join(left).count("(set for you)") == 2, paper


# Four exercises whose panels are about average, as a clinician picks them (the print review's).
FOUR = ("bridge", "bird-dog", "cat-camel", "walking")


def _pages_of_exercises(pdf: Path) -> tuple[int, list[str]]:
    """(pages with an exercise on them, the text of every other page) of a compact handout."""
    with pdfplumber.open(pdf) as document:
        texts = [" ".join((page.extract_text() or "").split()) for page in document.pages]
    return sum("Tick a box each day" in text for text in texts), [t for t in texts if "Tick a box each day" not in t]


def test_four_exercises_take_two_pages_of_a_compact_handout(tmp_path: Path) -> None:
    """Four exercises fit on two A4 pages (page one shares its room with the header), then
    the safety pages: the print review's four, and the four whose panels are tallest, on A4;
    the review's four on US Letter too (18 mm shorter, so the tallest four may need a third)."""
    from lumbar.cache import BuildCache
    from lumbar.content.catalogue import load_catalogue
    from lumbar.content.text import plain_text
    from lumbar.printing.handout_compact import panel_budget, panel_height
    from lumbar.printing.layout import paper as paper_named
    from lumbar.services import choose

    catalogue = load_catalogue(ROOT)
    items = choose(catalogue, [e.id for e in catalogue.exercises], BuildCache(ROOT))
    heights = sorted(((panel_height(item, paper_named(A4)), item.exercise.id) for item in items), reverse=True)
    # Every panel is within the budget that makes any four fit (lumbar check warns otherwise).
    assert heights[0][0] <= panel_budget(paper_named(A4), catalogue.safety), heights[:3]
    tallest = tuple(exercise_id for _, exercise_id in heights[:4])
    for paper, four in ((A4, FOUR), (A4, tallest), ("letter", FOUR)):
        out = tmp_path / f"{paper}-{four[0]}.pdf"
        _lumbar("handout", *four, "--paper", paper, "--out", str(out), "--patient", "Margaret O'Brien-Whitfield",
                "--date", "today")
        exercises, rest = _pages_of_exercises(out)
        assert exercises == 2, (paper, four, exercises)
        # The rest is the safety advice, which starts on a page of its own.
        assert rest and rest[0].startswith(plain_text(catalogue.safety.title)), (paper, four, rest[0][:80])


def test_one_per_page_handout_marks_only_the_fields_that_were_set(tmp_path: Path) -> None:
    out = tmp_path / "h.pdf"
    _lumbar("handout", "bridge:per_side=yes", "walking", "--layout", "one-per-page", "--out", str(out))
    with pdfplumber.open(out) as document:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages)
    assert "Your clinician has set this amount for you" not in text
    assert text.count("(set for you)") == 1


@pytest.mark.parametrize("layout", ["compact", "one-per-page"])
def test_both_layouts_print_the_patient_date_side_and_note(tmp_path: Path, layout: str) -> None:
    # The side to work is clinical: neither layout may drop it.
    from lumbar.content.dose_rules import PRINTED_LABELS, PRINTED_SIDES

    out = tmp_path / "h.pdf"
    _lumbar("handout", "clamshell", "walking", "--layout", layout, "--out", str(out), "--patient", "Sam Lee",
            "--date", "2026-11-29", "--side", "clamshell=left", "--note", "walking=Flat ground only at first.")
    text = " ".join(page.extract_text() or "" for page in PdfReader(out).pages)
    text = " ".join(text.split())
    # The date is printed as the builder prints it (the rulebook's date_text).
    assert f"{PRINTED_LABELS['patient']} Sam Lee" in text and "29 November 2026" in text
    assert PRINTED_SIDES["left"] in text and "Flat ground only at first." in text


def test_clinic_comes_from_mkdocs_yml(project_copy: Path) -> None:
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('      name: ""\n      phone: ""', '      name: "Riverside Physio"\n'
                                   '      phone: "01234 567890"', 1), encoding="utf-8")
    out = project_copy / "h.pdf"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(project_copy), "handout", "bridge",
                           "--out", str(out)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(out) as document:
        first = " ".join((document.pages[0].extract_text() or "").split())
    assert "Riverside Physio" in first and "Phone: 01234 567890" in first
    bad = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(project_copy), "handout", "bridge",
                          "--side", "bridge=up", "--out", str(out)], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "bridge: the side must be left, right or both, not 'up'" in bad.stderr and "Traceback" not in bad.stderr
    # A side for an exercise that works both sides together is refused, in words.
    bad = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(project_copy), "handout", "bridge", "walking",
                          "--side", "walking=left", "--out", str(out)], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "walking works both sides of the body together, so it has no side to choose" \
        in bad.stderr and "Traceback" not in bad.stderr
    # A logo that is missing, or not an image, is a clear settings error (exit 1, as any other
    # wrong setting in mkdocs.yml), not a traceback or silence.
    for logo, words in [("missing.png", "there is no file 'missing.png' in the project folder"), ("mkdocs.yml", "not a PNG or JPEG")]:
        config.write_text(config.read_text(encoding="utf-8").replace(
            '      name: "Riverside Physio"\n', f'      name: "Riverside Physio"\n      logo: {logo}\n', 1), encoding="utf-8")
        assert f"logo: {logo}" in config.read_text(encoding="utf-8")
        wrong = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(project_copy), "handout", "bridge",
                                "--out", str(out)], capture_output=True, text=True, env=env)
        assert wrong.returncode == 1 and words in wrong.stderr and "Traceback" not in wrong.stderr, wrong.stderr
        assert re.search(r"^mkdocs.yml:[0-9]+:[0-9]+: extra.lumbar.clinic.logo: ", wrong.stderr, re.M), wrong.stderr
        config.write_text(config.read_text(encoding="utf-8").replace(f"      logo: {logo}\n", ""), encoding="utf-8")


# ---- The site's own print stylesheet (an exercise page printed from Chromium)

def test_printed_exercise_page_keeps_captions_under_pictures_and_titles_dark(tmp_path: Path, built_site: Path) -> None:
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("Chromium is not installed")
    pdf = tmp_path / "bridge.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", (built_site / "exercises" / "bridge" / "index.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        words = page.extract_words(extra_attrs=["non_stroking_color", "size"])
        title = next(w for w in words if w["text"] == "Bridge" and w["size"] > 15)
        assert max(title["non_stroking_color"]) < 0.3  # dark, not Material's light grey
        drawn = page.curves + page.rects
        for caption in ("Start", "End"):
            word = next(w for w in words if w["text"] == caption and w["size"] > 10)
            centre = (word["x0"] + word["x1"]) / 2
            above = [s["bottom"] for s in drawn if s["x0"] <= centre <= s["x1"] and s["bottom"] <= word["top"] + 1
                     and s["bottom"] - s["top"] > 40]
            assert above and word["top"] - max(above) < 20, (caption, word["top"], above)  # right under it
        # The stop box is whole: its title and its last item are on one page.
        texts = [page.extract_text() or "" for page in document.pages]
        holder = [t for t in texts if "Stop the exercise if" in t]
        # The last line ("... read when to get help.") may wrap beside the dose table, so the
        # two columns interleave in the text: look for both halves on the same page.
        assert holder and "read when" in holder[0] and "to get help." in holder[0]


def test_one_per_page_handout_never_breaks_a_stop_list_or_dose_box() -> None:

    from lumbar.content.catalogue import load_catalogue
    from lumbar.content.text import stop_lines
    from lumbar.printing.handout import layout_handout
    from lumbar.printing.layout import paper
    from lumbar.printing.selection import resolve
    from tests.conftest import site_at

    catalogue = load_catalogue(ROOT)
    by_id = {e.id: e for e in catalogue.exercises}
    safety = catalogue.safety
    breaks_seen = 0
    # Longer and longer steps push the dose box and stop list over every point of a page.
    for extra in range(0, 30):
        exercise = by_id["bridge"].model_copy(update={"steps": by_id["bridge"].steps + [
            "Keep breathing slowly and steadily while you hold the position and relax your shoulders."] * extra})
        items = resolve({"bridge": exercise}, ["bridge:sets=2"])
        pages = [page.text() for page in layout_handout(items, paper("a4"), site_at("", "L"), safety)]
        body = [t for t in pages if t.startswith(("Exercise 1 of 1", "Bridge (continued)"))]
        breaks_seen += len(body) > 1
        stop_page = [t for t in body if "Stop if" in t]
        assert len(stop_page) == 1, extra
        for line in stop_lines(exercise, safety):
            assert " ".join(line.split()[-3:]) in " ".join(stop_page[0].split()), (extra, line)
        dose_page = [t for t in body if "How much to do" in t]
        assert len(dose_page) == 1 and "How often" in dose_page[0], extra
    assert breaks_seen  # some of these really ran over a page
