"""PDF handouts (A4 and Letter, 3 and 8 exercises), dose overrides, selection errors, the
safety advice from content/safety.yml, and the data behind the in-browser handout builder."""

from __future__ import annotations

import html
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.content.dose_rules import TYPED_HELP
from lumbar.content.models import Exercise
from lumbar.content.rulebook import plain_text
from lumbar.printing.handout import handout_pdf
from lumbar.printing.layout import PAPERS
from lumbar.printing.selection import (
    MAX_RECOMMENDED,
    SelectionError,
    handout_query,
    parse_choice,
    resolve,
    selection_warnings,
)
from lumbar.publish.handout_page import script_json
from tests.conftest import ROOT, site_at

# Renders from the real project's build cache: wait for the shared build to fill it, rather
# than drawing the same cards alongside it (and run after the modules that need no build).
pytestmark = pytest.mark.usefixtures("built_site")

SIZES_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
SITE = site_at("https://clinic.github.io/lumbar/")  # a public address: the handout prints codes


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def exercises(catalogue: Catalogue) -> dict[str, Exercise]:
    return {e.id: e for e in catalogue.exercises}


def words(text: str) -> str:
    return " ".join(text.split())


def safety_source() -> dict:
    """content/safety.yml read as plain YAML, independently of lumbar.content.safety."""
    import yaml

    return yaml.safe_load((ROOT / "content" / "safety.yml").read_text(encoding="utf-8"))


SAFETY_TITLE = " ".join(safety_source()["title"].split())


def safety_items() -> list[str]:
    """Every warning sign and advice item at every level, then every stop rule, as plain text."""
    data = safety_source()
    items = [item["text"] for level in data["levels"] for group in level["groups"] for item in group["items"]]
    items += [rule["text"] for rule in data["stop_rules"]]
    assert len(items) >= 20
    # As print shows contributor Markdown: a link keeps its words, emphasis loses its marks.
    return [words(plain_text(item)) for item in items]


def pages_text(pdf: bytes) -> list[str]:
    return [words(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def check_handout(pdf: bytes, chosen: list[Exercise], paper: str) -> list[str]:
    """Check structure and contents; returns the text of each page."""
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width) * 25.4 / 72, float(box.height) * 25.4 / 72) == pytest.approx(SIZES_MM[paper], abs=0.1)
    texts = pages_text(pdf)
    total = len(texts)
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {total}" in text, number
    # Cover: blanks to fill in, notes, and the exercises in order with their page numbers.
    cover = texts[0]
    for blank in ("Prepared for:", "Prepared by:", "Date:", "Notes"):
        assert blank in cover
    starts = []
    for index, exercise in enumerate(chosen, 1):
        heading = f"Exercise {index} of {len(chosen)} {words(exercise.name)}"
        start = next(n for n, text in enumerate(texts) if text.startswith(heading))
        starts.append(start)
        assert f"{index}. {words(exercise.name)} (page {start + 1})" in cover
        # Its pages run until the next exercise (or the red flags) begins.
        body = " ".join(texts[start:start + 1] + [t for t in texts[start + 1:] if t.startswith(f"{words(exercise.name)} (continued)")])
        for step in exercise.steps:
            assert words(step) in body, (exercise.id, step)
        for item in exercise.stop_if:
            assert words(item) in body, (exercise.id, item)
        assert f"How often: {words(exercise.dose.how_often)}" in body
        assert f"{SITE.url}exercises/{exercise.id}/" in body
    assert starts == sorted(starts) and starts[0] == 1
    red = [n for n, text in enumerate(texts) if text.startswith(SAFETY_TITLE) and not
           text.startswith(f"{SAFETY_TITLE} (continued)")]
    assert len(red) == 1
    assert f"Page {red[0] + 1}: when to get help." in cover
    titles = [words(e.name) for e in chosen] + [SAFETY_TITLE]
    continued = [n for n, text in enumerate(texts) if any(text.startswith(f"{t} (continued)") for t in titles)]
    # Cover + one page per exercise + the red flags, plus any continuation pages: nothing else.
    assert total == 1 + len(chosen) + 1 + len(continued)
    flags_text = " ".join(texts[red[0]:])
    for item in safety_items():
        assert item in flags_text, item
    return texts


def pick(exercises: dict[str, Exercise], count: int) -> list[str]:
    """``count`` exercise ids, spread through the catalogue, always including bridge."""
    ids = sorted(exercises)
    step = max(1, len(ids) // count)
    chosen = ["bridge"] + [i for i in ids[::step] if i != "bridge"]
    return chosen[:count]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("count", [3, 8])
def test_handout_page_count_and_contents(exercises: dict[str, Exercise], paper: str, count: int) -> None:
    ids = pick(exercises, count)
    assert len(ids) == count
    items = resolve(exercises, ids)
    pdf = handout_pdf(items, PAPERS[paper], SITE, load_catalogue(ROOT).safety)
    check_handout(pdf, [exercises[i] for i in ids], paper)
    assert bool(selection_warnings(items)) == (count > MAX_RECOMMENDED)


def test_dose_override_is_printed_instead_of_the_usual_dose(exercises: dict[str, Exercise]) -> None:
    bridge = exercises["bridge"]
    assert bridge.dose.sets != "4" and bridge.dose.reps != "12"
    items = resolve(exercises, ["bridge:sets=4,reps=12", "walking"])
    texts = pages_text(handout_pdf(items, PAPERS["a4"], SITE, load_catalogue(ROOT).safety))
    page = next(t for t in texts if t.startswith("Exercise 1 of 2 Bridge"))
    assert "Sets: 4" in page and "Repetitions: 12" in page
    assert f"Sets: {bridge.dose.sets}" not in page and f"Repetitions: {bridge.dose.reps}" not in page
    assert "Sets: 4 (set for you)" in page and "Repetitions: 12 (set for you)" in page
    assert page.count("(set for you)") == 2  # the hold, rest and how often were not set
    walking = next(t for t in texts if t.startswith("Exercise 2 of 2"))
    assert "(set for you)" not in walking


def test_overrides_are_validated_like_content(exercises: dict[str, Exercise]) -> None:
    assert resolve(exercises, ["bridge:reps=8-12,per_side=yes"])[0].dose.reps == "8 to 12"
    assert resolve(exercises, ["bridge:reps=8-12,per_side=yes"])[0].dose.per_side is True
    cases = {
        "bridgee": "no exercise has the id 'bridgee'. Did you mean 'bridge'?",
        "bridge:set=2": "bridge: unknown dose field 'set'. Did you mean 'sets'?",
        "bridge:reps=lots": f"bridge: reps: Type {TYPED_HELP['reps']}.",
        "bridge:sets=3,reps=2 x 10": "bridge: sets is given twice, as '3' and '2 x 10'; give it once",
        "bridge:hold_seconds=2 x 10": f"bridge: hold_seconds: Type {TYPED_HELP['hold_seconds']}.",
        "bridge:reps=2 x 150": "bridge: reps: 150 is outside the sensible range for repetitions",
        "bridge:reps=12-8": "must go from low to high",
        "bridge:per_side=maybe": "per_side must be yes or no",
        "bridge:reps": "'reps' is not field=value",
    }
    for spec, message in cases.items():
        with pytest.raises(SelectionError) as raised:
            resolve(exercises, [spec])
        assert message in str(raised.value), spec
    with pytest.raises(SelectionError) as raised:
        resolve(exercises, ["bridge", "nope", "bridge", "walking:foo=1"])
    assert len(raised.value.problems) == 3  # every problem at once
    with pytest.raises(SelectionError):
        resolve(exercises, [])


@pytest.mark.parametrize(("spec", "dose", "changed"), [
    ("bridge:reps=6 each side", {"reps": "6", "per_side": True}, ("per_side", "reps")),
    ("bridge:reps=8-10 per side", {"reps": "8 to 10", "per_side": True}, ("per_side", "reps")),
    ("bridge:reps=2 x 12", {"sets": "2", "reps": "12"}, ("sets", "reps")),
    ("bridge:reps=12 x 3", {"sets": "3", "reps": "12"}, ("sets", "reps")),  # the smaller number is the sets
    ("bridge:sets=3 sets of 8", {"sets": "3", "reps": "8"}, ("sets", "reps")),
    ("bridge:reps=10 reps x 2 sets", {"sets": "2", "reps": "10"}, ("reps", "sets")),
    ("bridge:reps=10 x 3 sets", {"sets": "3", "reps": "10"}, ("reps", "sets")),
    ("bridge:hold_seconds=30s,rest_seconds=45 seconds", {"hold_seconds": "30", "rest_seconds": "45"},
     ("hold_seconds", "rest_seconds")),
    ("walking:minutes=20 min,how_often=Twice a day, morning and evening",
     {"minutes": "20", "how_often": "Twice a day, morning and evening"}, ("minutes", "how_often")),
])
def test_doses_are_read_as_an_exercise_sheet_writes_them(
    exercises: dict[str, Exercise], spec: str, dose: dict[str, object], changed: tuple[str, ...]
) -> None:
    """`lumbar handout bridge:reps=6 each side` (the builder reads the same forms, from the same rules)."""
    item = resolve(exercises, [spec])[0]
    assert {name: getattr(item.dose, name) for name in dose} == dose
    assert item.changed == changed


def test_selection_spelling_round_trips_through_the_address() -> None:
    specs = ["bridge:sets=2,reps=10", "walking", "bird-dog:how_often=Twice a day"]
    query = handout_query(specs)
    assert query == "ex=bridge:sets=2,reps=10&ex=walking&ex=bird-dog:how_often=Twice%20a%20day"
    from urllib.parse import parse_qs
    assert [parse_choice(s).spec() for s in parse_qs(query)["ex"]] == [parse_choice(s).spec() for s in specs]


def test_long_exercise_continues_on_a_second_page(project_copy: Path) -> None:
    path = project_copy / "exercises" / "bridge.yml"
    extra = "".join(f"  - Extra step {n}, keep breathing slowly and hold the position without holding your breath.\n"
                    for n in range(1, 30))
    path.write_text(path.read_text().replace("steps:\n", "steps:\n" + extra, 1))
    exercises = {e.id: e for e in load_catalogue(project_copy).exercises}
    assert len(exercises["bridge"].steps) > 30
    items = resolve(exercises, ["walking", "bridge", "bird-dog"])
    for paper in PAPERS:
        texts = check_handout(handout_pdf(items, PAPERS[paper], SITE, load_catalogue(project_copy).safety),
                              [exercises[i] for i in ("walking", "bridge", "bird-dog")], paper)
        assert any(t.startswith("Bridge (continued)") for t in texts)


def test_picture_appears_on_the_exercise_page(tmp_path: Path, exercises: dict[str, Exercise]) -> None:
    picture = tmp_path / "bridge.png"
    Image.new("RGB", (300, 200), (30, 120, 200)).save(picture)
    items = resolve(exercises, ["bridge", "walking"], pictures={"bridge": picture})
    reader = PdfReader(io.BytesIO(handout_pdf(items, PAPERS["a4"], SITE, load_catalogue(ROOT).safety)))
    texts = [page.extract_text() for page in reader.pages]
    counts = [len(page.images) for page in reader.pages]
    walking = next(n for n, text in enumerate(texts) if text.startswith("Exercise 2 of 2"))
    # bridge (its pages, continuation included): picture + QR code; walking: QR code
    assert sum(counts[1:walking]) == 2 and counts[walking] == 1


def test_the_same_handout_again_is_read_from_the_cache(tmp_path: Path, exercises: dict[str, Exercise],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from lumbar.cache import BuildCache
    from lumbar.printing import handout
    from lumbar.printing.blocks import Personal
    from lumbar.services import make_handout

    rendered: list[int] = []
    real = handout.render_pdf

    def counting(*args: object, **kwargs: object) -> bytes:
        rendered.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(handout, "render_pdf", counting)
    safety = load_catalogue(ROOT).safety

    def make(specs: list[str], note: str = "", layout: str = "compact") -> tuple[bytes, BuildCache]:
        cache = BuildCache(tmp_path)  # a new one each time, as each `lumbar handout` makes
        personal = Personal(patient="Sam Lee", notes={"bridge": note} if note else {})
        made = make_handout(resolve(exercises, specs), PAPERS["a4"], SITE, safety, layout=layout,
                            personal=personal, cache=cache)
        assert made.pages == len(PdfReader(io.BytesIO(made.pdf)).pages)
        return made.pdf, cache

    first, cache = make(["bridge:sets=2", "walking"])
    assert (cache.hits, cache.misses, len(rendered)) == (0, 1, 1)
    again, cache = make(["bridge:sets=2", "walking"])
    assert (cache.hits, cache.misses, len(rendered)) == (1, 0, 1)  # no work: nothing laid out or rendered
    assert again == first
    # Anything the handout shows makes a new one: a dose, a note, the layout.
    for specs, note, layout in ((["bridge:sets=3", "walking"], "", "compact"),
                                (["bridge:sets=2", "walking"], "Slowly", "compact"),
                                (["bridge:sets=2", "walking"], "", "one-per-page")):
        count = len(rendered)
        pdf, cache = make(specs, note, layout)
        assert (cache.misses, len(rendered)) == (1, count + 1) and pdf != first, (specs, note, layout)


def lumbar(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The project's mkdocs.yml reads site_url from LUMBAR_SITE_URL, as the Pages deploy sets it.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LUMBAR_SITE_URL": SITE.url,
           "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "lumbar", "--root", str(ROOT), *args],
                          capture_output=True, text=True, env=env, cwd=cwd)


def test_handout_command(tmp_path: Path, exercises: dict[str, Exercise]) -> None:
    result = lumbar("handout", "bridge", "bird-dog", "walking", "--paper", "a4", "--out", "my.pdf",
                    "--layout", "one-per-page", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    check_handout((tmp_path / "my.pdf").read_bytes(), [exercises[i] for i in ("bridge", "bird-dog", "walking")], "a4")
    assert "handout/?ex=bridge&ex=bird-dog&ex=walking" in result.stdout

    eight = pick(exercises, 8)
    result = lumbar("handout", *eight, "--paper", "letter", "--out", "eight.pdf", "--layout", "one-per-page",
                    cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Warning: 8 exercises chosen" in result.stderr
    check_handout((tmp_path / "eight.pdf").read_bytes(), [exercises[i] for i in eight], "letter")


def test_handout_command_errors_are_clear(tmp_path: Path) -> None:
    result = lumbar("handout", "bridge:sets=2,reps=lots", "brige", "--out", "bad.pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert f"bridge: reps: Type {TYPED_HELP['reps']}." in result.stderr
    assert "no exercise has the id 'brige'. Did you mean 'bridge'?" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "bad.pdf").exists()


# ---- The in-browser builder's data

def test_script_json_cannot_break_out_of_its_script_element() -> None:
    data = {"name": "</script><script>alert(1)</script>", "note": "<!-- & \u2028 \u2029"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == data


def test_builder_page_embeds_every_exercise(built_site: Path, exercises: dict[str, Exercise]) -> None:
    page = (built_site / "handout" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="lumbar-handout-data">(.*?)</script>', page, re.S)
    assert match, "no embedded data"
    data = json.loads(match.group(1))
    by_id = {item["id"]: item for item in data["exercises"]}
    assert set(by_id) == set(exercises)
    for exercise in exercises.values():
        item = by_id[exercise.id]
        assert item["steps"] == [words(s) for s in exercise.steps]
        assert item["dose"] == exercise.dose.model_dump(mode="json")
        assert (built_site / "handout" / item["card"]).resolve() == (built_site / "cards" / f"{exercise.id}.pdf").resolve()
        assert (built_site / "handout" / item["page"] / "index.html").exists()
    # Every option of the picker is an exercise, and the red flags are on the page.
    options = re.findall(r'<option value="([a-z0-9-]+)">', page)
    assert sorted(options) == sorted(exercises)
    text = words(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    for item in safety_items():
        assert item in text, item


def test_exercise_pages_link_their_card_and_the_handout(built_site: Path, exercises: dict[str, Exercise]) -> None:
    for exercise in exercises.values():
        page = (built_site / "exercises" / exercise.id / "index.html").read_text(encoding="utf-8")
        assert f'href="../../cards/{exercise.id}.pdf"' in page
        assert f'href="../../cards/letter/{exercise.id}.pdf"' in page
        assert f'data-lumbar-add="{exercise.id}" href="../../handout/?ex={exercise.id}"' in page
        # The project's site_url is the placeholder: no QR code to a dead address on paper.
        assert f'src="../../cards/{exercise.id}-qr.svg"' not in page
    assert 'href="handout/"' in (built_site / "exercises" / "index.html").read_text() or \
        "Make a handout" in (built_site / "index.html").read_text()
