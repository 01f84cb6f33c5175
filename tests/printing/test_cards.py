"""Exercise cards: every exercise's PDF and PNG in the real build, their text, size and QR
code, text that never gets cut off, sheets with cut marks, and the render cache."""

from __future__ import annotations

import io
import logging
import math
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from lumbar.cache import BuildCache
from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.content.dose_rules import TYPED_HELP
from lumbar.content.models import Exercise
from lumbar.content.safety import Safety
from lumbar.content.text import dose_instruction
from lumbar.mkdocs.build import build_site
from lumbar.paths import CACHE_DIR
from lumbar.printing.batch import render_cards
from lumbar.printing.cards import (
    CardContent,
    body_size,
    card_content,
    card_pdf,
    layout_card,
)
from lumbar.printing.layout import PAPERS, ImageOp, LineOp, TextOp, metrics
from lumbar.printing.sheets import DUPLEX_INSTRUCTION_PAGES, FOLD_INSTRUCTION_PAGES, duplex_pages
from lumbar.services import card_fit_warnings
from tests.conftest import ROOT, site_at

# Renders from the real project's build cache: wait for the shared build to fill it, rather
# than drawing the same cards alongside it (and run after the modules that need no build).
pytestmark = pytest.mark.usefixtures("built_site")

MM_PER_PT = 25.4 / 72
PUBLIC = "https://clinic.github.io/lumbar/"  # a public address: cards carry a QR code


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


def configured_site_url(root: Path = ROOT) -> str:
    from lumbar.publish.settings import Settings

    return Settings.load(root).site_url


def words(text: str) -> str:
    """Text with every run of whitespace made one space (PDF text breaks lines anywhere)."""
    return " ".join(text.split())


def pdf_text(path_or_bytes: Path | bytes) -> list[str]:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return [words(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def page_size_mm(page: object) -> tuple[float, float]:
    box = page.mediabox  # type: ignore[attr-defined]
    return float(box.width) * MM_PER_PT, float(box.height) * MM_PER_PT


def decode_qr(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def expected_card_lines(exercise: Exercise, safety: Safety) -> list[str]:
    """What a card must say, worked out from the YAML (not from the card code): the general
    stop rule is content/safety.yml's, and an unreviewed entry says so."""
    dose = exercise.dose
    lines = [exercise.name, *exercise.steps, dose_instruction(dose), *exercise.stop_if,
             *safety.stop_conditions, safety.urgent_line,
             *(["Not yet reviewed by a physiotherapist."] if not exercise.review.clinically_reviewed else []),
             f"Reviewed {exercise.review.reviewed_on.strftime('%-d %B %Y')}", "General information, not medical advice."]
    return [words(line) for line in lines]


# ---- The real build: site/cards/

def test_every_exercise_has_a_png_and_a_pdf_card(built_site: Path, catalogue: Catalogue) -> None:
    cards = built_site / "cards"
    ids = {e.id for e in catalogue.exercises}
    assert {p.stem for p in cards.glob("*.pdf") if not p.name.startswith("all-cards")} == ids
    assert {p.stem for p in cards.glob("*.png")} == ids
    assert {p.stem for p in (cards / "letter").glob("*.pdf")} == ids
    for exercise in catalogue.exercises:
        with Image.open(cards / f"{exercise.id}.png") as preview:
            assert preview.format == "PNG"
            # 300 DPI of an A6 card (or wider, when the card has a second side).
            assert preview.height == round(148 / 25.4 * 300)
            assert preview.width >= round(105 / 25.4 * 300)
            assert round(preview.info["dpi"][0]) == 300


def test_card_pdfs_have_selectable_text_with_name_steps_dose_and_stop_rule(built_site: Path, catalogue: Catalogue) -> None:
    for exercise in catalogue.exercises:
        for path in (built_site / "cards" / f"{exercise.id}.pdf", built_site / "cards" / "letter" / f"{exercise.id}.pdf"):
            text = " ".join(pdf_text(path))
            for line in expected_card_lines(exercise, catalogue.safety):
                assert line in text, (path.name, line)
            assert text.index(words(exercise.steps[0])) < text.index(words(exercise.steps[-1]))


def test_card_pdfs_have_the_right_page_size(built_site: Path, catalogue: Catalogue) -> None:
    # `lumbar check` warns about every card that needs more than two sides (it assumes a QR
    # code, so it may warn about a card that fits without one); no other card may need more.
    warned = {Path(w.path).stem for w in card_fit_warnings(catalogue)}
    for exercise in catalogue.exercises:
        for path, (width, height) in [(built_site / "cards" / f"{exercise.id}.pdf", (105.0, 148.0)),
                                      (built_site / "cards" / "letter" / f"{exercise.id}.pdf", (4.25 * 25.4, 5.5 * 25.4))]:
            pages = PdfReader(path).pages
            assert 1 <= len(pages) <= (3 if exercise.id in warned else 2), path
            for page in pages:
                assert page_size_mm(page) == pytest.approx((width, height), abs=0.1), path


def test_card_qr_codes_decode_to_the_exercise_page(catalogue: Catalogue) -> None:
    site_url = "https://clinic.github.io/lumbar/"
    for exercise in catalogue.exercises[:8]:
        url = f"{site_url}exercises/{exercise.id}/"
        card = card_content(exercise, safety=catalogue.safety, site=site_at(site_url))
        sides = PdfReader(io.BytesIO(card_pdf(card, PAPERS["a4"]))).pages
        # The last side carries the code (its images: the QR code, maybe a picture).
        found = [[text for image in side.images for text in decode_qr(image.image)] for side in sides]
        assert found == [[]] * (len(sides) - 1) + [[url]], exercise.id


def test_a_placeholder_site_url_prints_no_qr_code_or_address(built_site: Path, catalogue: Catalogue) -> None:
    # The project's own mkdocs.yml has the placeholder address: no card may carry a dead code.
    assert "example.org" in configured_site_url()
    for exercise in catalogue.exercises:
        pdf = PdfReader(built_site / "cards" / f"{exercise.id}.pdf")
        text = " ".join(page.extract_text() for page in pdf.pages)
        assert "example.org" not in text and "Scan the code" not in text, exercise.id
        assert not [t for page in pdf.pages for image in page.images for t in decode_qr(image.image)], exercise.id
        with Image.open(built_site / "cards" / f"{exercise.id}.png") as preview:
            assert decode_qr(preview) == [], exercise.id


def test_sheets_put_four_cards_on_a4_and_letter(built_site: Path, catalogue: Catalogue) -> None:
    for paper, folder, size in [("a4", "", (210.0, 297.0)), ("letter", "letter/", (215.9, 279.4))]:
        # Four cards to a sheet: a page of fronts, then a page of their backs.
        cards = catalogue.exercises
        sheet = PdfReader(built_site / "cards" / f"all-cards-{paper}.pdf")
        assert len(sheet.pages) == DUPLEX_INSTRUCTION_PAGES + 2 * math.ceil(len(cards) / 4)
        assert all(page_size_mm(p) == pytest.approx(size, abs=0.1) for p in sheet.pages)
        # The instructions first, then on their back which cards each sheet holds.
        assert "double-sided" in words(sheet.pages[0].extract_text())
        listed = words(sheet.pages[1].extract_text())
        for number in range(DUPLEX_INSTRUCTION_PAGES, len(sheet.pages), 2):
            fronts = words(sheet.pages[number].extract_text())
            first = (number - DUPLEX_INSTRUCTION_PAGES) * 2
            names = [words(exercise.name) for exercise in cards[first:first + 4]]
            for name in names:
                assert name in fronts, (paper, number + 1, name)
            assert f"Sheet {first // 4 + 1}: {', '.join(names)}." in listed, (paper, number + 1)
        fold = PdfReader(built_site / "cards" / f"all-cards-{paper}-fold.pdf")
        assert all(page_size_mm(p) == pytest.approx(size, abs=0.1) for p in fold.pages)
        assert "single-sided" in words(fold.pages[FOLD_INSTRUCTION_PAGES - 1].extract_text())


# ---- Layout: shrink, then continue, never cut off

def _long_card(steps: int, words_per_step: int = 18) -> CardContent:
    step = " ".join(["Keep breathing slowly and steadily while you hold the position"] * 3).split()[:words_per_step]
    return CardContent(
        id="long", name="A very long exercise name that needs wrapping on a small card",
        steps=tuple(f"Step {n}: " + " ".join(step) for n in range(1, steps + 1)),
        dose=(("Sets", "3", False), ("Repetitions", "8 to 12 on each side", False), ("How often", "Twice a day", False)),
        stop_if=("Pain gets sharp.", "Pain spreads down your leg.",
                 "You have more than mild pain that lasts longer than 15 minutes."),
        url="https://lumbar.example.org/exercises/long/", site_name="Lumbar",
        reviewed_on=__import__("datetime").date(2026, 1, 1),
    )


def _check_nothing_cut_off(card: CardContent, paper_name: str) -> list[float]:
    """Every text line lies inside the card, is at least 9 pt, and every word is printed."""
    paper = PAPERS[paper_name]
    sides = layout_card(card, paper)
    fm = metrics()
    sizes = []
    for side in sides:
        assert (side.width, side.height) == paper.card
        for op in side.ops:
            if isinstance(op, TextOp):
                sizes.append(op.size)
                assert op.size >= 9.0
                assert op.x >= 0 and op.x + fm.width(op.text, op.size, op.bold) <= side.width + 1e-6, op
                assert op.size * MM_PER_PT <= op.y <= side.height, op
            elif isinstance(op, ImageOp):
                assert 0 <= op.y and op.y + op.h <= side.height + 1e-6
    printed = words(" ".join(side.text() for side in sides))
    for text in (*card.steps, *card.stop_if, card.instruction):
        assert words(text) in printed, text
    return sizes


def test_real_cards_fit_without_cutting_anything(catalogue: Catalogue) -> None:
    for site_url in (PUBLIC, "https://lumbar.example.org/"):  # with a QR code and without
        for exercise in catalogue.exercises:
            card = card_content(exercise, safety=catalogue.safety, site=site_at(site_url))
            assert bool(card.url) == (site_url == PUBLIC)
            for paper in PAPERS:
                _check_nothing_cut_off(card, paper)


def _step_sizes(sides: list) -> set[float]:
    return {op.size for side in sides for op in side.ops if isinstance(op, TextOp) and op.text.startswith("Step ")}


def test_long_text_keeps_one_body_size_and_moves_whole_steps_to_the_back() -> None:
    for paper in PAPERS:
        seen_sides = set()
        for steps in range(1, 14):
            card = _long_card(steps=steps)
            sides = layout_card(card, PAPERS[paper])
            _check_nothing_cut_off(card, paper)
            assert _step_sizes(sides) == {body_size(PAPERS[paper])}, (paper, steps)  # never shrinks
            seen_sides.add(len(sides))
            for step in card.steps:  # each step is printed whole on one side
                assert sum(words(step) in words(side.text()) for side in sides) == 1, (paper, steps, step)
        assert {2, 3} <= seen_sides, seen_sides
    long = _long_card(steps=40)
    sides = layout_card(long, PAPERS["a4"])
    assert len(sides) >= 3  # never cut: it runs on, and `lumbar check` warns
    _check_nothing_cut_off(long, "a4")
    assert "Turn over" in sides[0].text() and "(continued)" in sides[1].text()
    pdf = PdfReader(io.BytesIO(card_pdf(long, PAPERS["a4"])))
    assert len(pdf.pages) == len(sides)
    assert words(long.steps[-1]) in words(" ".join(page.extract_text() for page in pdf.pages))


def test_a_picture_is_drawn_only_when_the_exercise_has_one(tmp_path: Path, catalogue: Catalogue) -> None:
    picture = tmp_path / "bridge.png"
    Image.new("RGB", (400, 300), (200, 30, 30)).save(picture)
    exercise = catalogue.exercises[0]
    plain = card_content(exercise, safety=catalogue.safety, site=site_at(PUBLIC))
    pictured = card_content(exercise, safety=catalogue.safety, site=site_at(PUBLIC), picture=picture)
    def images(card: CardContent) -> list[ImageOp]:
        return [op for side in layout_card(card, PAPERS["a4"]) for op in side.ops if isinstance(op, ImageOp)]

    assert [op.title.split(":")[0] for op in images(plain)] == ["QR code"]  # on the last side only
    drawn = [op for op in images(pictured) if not op.title.startswith("QR code")]
    assert len(drawn) == 1 and drawn[0].w / drawn[0].h == pytest.approx(400 / 300)
    first_side = PdfReader(io.BytesIO(card_pdf(pictured, PAPERS["a4"]))).pages[0]
    with Image.open(io.BytesIO(first_side.images[0].data)) as shown:
        assert shown.size == (400, 300)
    _check_nothing_cut_off(pictured, "a4")


def test_sheet_layout_has_cut_marks_between_the_four_cards(catalogue: Catalogue) -> None:
    for name, paper in PAPERS.items():
        cards = [layout_card(card_content(e, safety=catalogue.safety, site=site_at(PUBLIC, "L")), paper)
                 for e in catalogue.exercises[:4]]
        sheet = duplex_pages(cards, paper)[DUPLEX_INSTRUCTION_PAGES]
        card_w, card_h = paper.card
        x0, y0 = (paper.sheet[0] - 2 * card_w) / 2, (paper.sheet[1] - 2 * card_h) / 2
        lines = [op for op in sheet.ops if isinstance(op, LineOp) and op.color == (0, 0, 0)]
        vertical = {round(op.x1, 2) for op in lines if op.x1 == op.x2}
        horizontal = {round(op.y1, 2) for op in lines if op.y1 == op.y2}
        assert round(x0 + card_w, 2) in vertical and round(y0 + card_h, 2) in horizontal, name
        # Each card's title sits in its own quarter of the sheet.
        titles = [op for op in sheet.ops if isinstance(op, TextOp) and op.size > 12.5]
        quarters = {(op.x >= x0 + card_w, op.y >= y0 + card_h) for op in titles}
        assert quarters == {(False, False), (True, False), (False, True), (True, True)}, name


# ---- Cache and parallel rendering

def test_render_cache_renders_only_what_changed(tmp_path: Path, catalogue: Catalogue) -> None:
    exercises = catalogue.exercises[:5]
    cards = [card_content(e, safety=catalogue.safety, site=site_at(PUBLIC)) for e in exercises]
    started: list[int] = []
    done: list[str] = []
    first = render_cards(cards, papers={"a4": True, "letter": False}, cache=BuildCache(tmp_path), workers=2,
                         on_start=started.append, on_done=done.append)
    assert started == [10] and sorted(done) == sorted([c.id for c in cards] * 2)
    assert sorted(first["a4"].rendered) == sorted(c.id for c in cards) and first["a4"].sheet_rendered
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    second = render_cards(cards, papers={"a4": True, "letter": False}, cache=BuildCache(tmp_path),
                          on_start=started.append)
    assert started[-1] == 0
    assert all(s.rendered == [] and not s.sheet_rendered for s in second.values())
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == stamps
    changed = [cards[0].__class__(**{**cards[0].__dict__, "name": "Renamed"}), *cards[1:]]
    third = render_cards(changed, papers={"a4": True}, cache=BuildCache(tmp_path))
    assert third["a4"].rendered == [cards[0].id] and third["a4"].sheet_rendered
    assert "Renamed" in pdf_text(third["a4"].files[cards[0].id].pdf)[0]
    # A card's cache slot keeps its current render and the latest other: no more.
    renders = {first["a4"].files[cards[0].id].pdf, third["a4"].files[cards[0].id].pdf}
    folder = third["a4"].files[cards[0].id].pdf.parent
    assert set(folder.iterdir()) == renders
    fourth = render_cards([replace(changed[0], name="Renamed again")], papers={"a4": False},
                          cache=BuildCache(tmp_path), sheet=False)
    assert set(folder.iterdir()) == {third["a4"].files[cards[0].id].pdf, fourth["a4"].files[cards[0].id].pdf}


def test_a_second_site_build_renders_no_card(cold_small_project: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="mkdocs")
    assert not (cold_small_project / CACHE_DIR).exists()  # this test is about the cache: start cold
    count = len(load_catalogue(cold_small_project).exercises)  # (loading keeps the font check in the cache)

    def build(name: str) -> tuple[int, int]:
        caplog.clear()
        build_site(cold_small_project / "mkdocs.yml", strict=True, site_dir=cold_small_project / name)
        found = re.findall(r"Exercise cards: (\d+) rendered, (\d+) unchanged", caplog.text)
        assert len(found) == 1, caplog.text
        return int(found[0][0]), int(found[0][1])

    assert build("one") == (2 * count, 0)  # A4 and Letter
    cache = cold_small_project / CACHE_DIR
    stamps = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert build("two") == (0, 2 * count)
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()} == stamps
    for card in (cold_small_project / "one" / "cards").rglob("*.*"):
        assert card.read_bytes() == (cold_small_project / "two" / card.relative_to(cold_small_project / "one")).read_bytes()
    path = cold_small_project / "exercises" / "first.yml"
    path.write_text(path.read_text().replace("name: Test stretch", "name: First changed"))
    assert build("three") == (2, 2 * count - 2)
    assert "First changed" in pdf_text(cold_small_project / "three" / "cards" / "first.pdf")[0]


# ---- Command line and script

def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd)


@pytest.mark.parametrize("paper, size", [("a4", (105.0, 148.0)), ("letter", (107.95, 139.7))])
def test_build_cards_script_writes_every_card(tmp_path: Path, catalogue: Catalogue, paper: str, size: tuple[float, float]) -> None:
    out = tmp_path / "cards"
    result = _run(str(ROOT / "scripts" / "build_cards.py"), "--out", str(out), "--paper", paper, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ids = {e.id for e in catalogue.exercises}
    assert {p.stem for p in out.glob("*.png")} == ids
    assert {p.stem for p in out.glob("*.pdf")} == ids | {f"all-cards-{paper}", f"all-cards-{paper}-fold"}
    assert page_size_mm(PdfReader(out / "bridge.pdf").pages[0]) == pytest.approx(size, abs=0.1)
    sheet = PdfReader(out / f"all-cards-{paper}.pdf").pages[DUPLEX_INSTRUCTION_PAGES]
    assert page_size_mm(sheet) == pytest.approx((size[0] * 2, 297.0 if paper == "a4" else 279.4), abs=0.1)


def test_cards_command_for_chosen_exercises_doses_and_unknown_ids(tmp_path: Path, catalogue: Catalogue) -> None:
    bridge = next(e for e in catalogue.exercises if e.id == "bridge")
    assert bridge.dose.sets != "4" and bridge.dose.reps != "12"
    out = tmp_path / "two"
    # The same EXERCISE:field=value spelling as `lumbar handout`.
    ok = _run("-m", "lumbar", "--root", str(ROOT), "cards", "bridge:sets=4,reps=12", "walking", "--out", str(out),
              "--no-png")
    assert ok.returncode == 0, ok.stderr
    assert sorted(p.name for p in out.iterdir()) == ["all-cards-a4-fold.pdf", "all-cards-a4.pdf", "bridge.pdf", "walking.pdf"]
    # The instructions and list of sheets, then the fronts, then the backs.
    assert len(PdfReader(out / "all-cards-a4.pdf").pages) == DUPLEX_INSTRUCTION_PAGES + 2
    card = " ".join(pdf_text(out / "bridge.pdf"))
    # The card says the clinician's dose as instructions, marked as set for this patient.
    set_dose = bridge.dose.model_copy(update={"sets": "4", "reps": "12"})
    assert words(dose_instruction(set_dose) + " (set for you)") in card
    assert words(dose_instruction(bridge.dose)) not in card
    assert card.count("(set for you)") == 1
    assert "(set for you)" not in " ".join(pdf_text(out / "walking.pdf"))
    assert words(dose_instruction(set_dose) + " (set for you)") in " ".join(pdf_text(out / "all-cards-a4.pdf"))
    bad = _run("-m", "lumbar", "--root", str(ROOT), "cards", "bridgee", "walking:reps=lots", "--out", str(tmp_path / "bad"))
    assert bad.returncode == 2
    assert "no exercise has the id 'bridgee'. Did you mean 'bridge'?" in bad.stderr
    assert f"walking: reps: Type {TYPED_HELP['reps']}." in bad.stderr  # as lumbar handout says it
    assert "Traceback" not in bad.stderr + bad.stdout
    assert not (tmp_path / "bad").exists()


def test_progress_bar_shows_only_for_long_runs_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from lumbar.progress import MIN_ITEMS, ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with ProgressBar("Rendering cards") as bar:
        bar.start(MIN_ITEMS - 1)
        bar.advance()
    assert terminal.getvalue() == ""
    with ProgressBar("Rendering cards") as bar:
        bar.start(MIN_ITEMS * 2)
        for _ in range(MIN_ITEMS * 2):
            bar.advance()
    assert "Rendering cards" in terminal.getvalue() and "100%" in terminal.getvalue()
    pipe = io.StringIO()  # a log file or CI: no bar
    monkeypatch.setattr(sys, "stderr", pipe)
    with ProgressBar("Rendering cards") as bar:
        bar.start(MIN_ITEMS * 2)
        bar.advance()
    assert pipe.getvalue() == ""


def test_printing_code_covers_every_printing_module_and_the_wording_it_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    # Cards, sheets, handouts and programme PDFs are cached by this hash: a module left out
    # (a new one, or the dose wording in content/dose_rules.py) would keep stale PDFs.
    import lumbar.cache
    import lumbar.printing

    hashed: list[str] = []
    monkeypatch.setattr(lumbar.cache, "code_digest", lambda *modules: hashed.extend(m.__file__ for m in modules) or "x")
    lumbar.printing.printing_code()
    package = Path(lumbar.printing.__file__).parent
    content = package.parent / "content"
    # ... and what they print from: the handout's section order (rulebook), the safety
    # advice's levels, the models.
    printed_from = {content / name for name in ("text.py", "dose_rules.py", "rulebook.py", "safety.py", "models.py")}
    assert set(package.glob("*.py")) - {package / "__init__.py"} | printed_from <= {Path(name) for name in hashed}
    assert content / "catalogue.py" not in {Path(name) for name in hashed}  # the checks' imports are not followed
