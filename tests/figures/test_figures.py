"""Exercise figures: drawn from pose data, resting on the floor or a prop, inside the canvas,
deterministic, accessible, and on every exercise page, card picture and the gallery."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from lumbar.cache import BuildCache
from lumbar.cli import main
from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.content.errors import ContentErrors
from lumbar.content.models import Exercise
from lumbar.content.poses import Prop
from lumbar.figures import (
    drawings,
    exercise_pictures,
    figure_png,
    pair_png,
    render_figures,
    scenes,
)
from lumbar.figures.body import lowest_y, outline_points, seat
from lumbar.figures.draw import HEIGHT, WIDTH
from lumbar.paths import figure_path
from lumbar.services import load_content
from tests.conftest import ROOT, VALID_EXERCISE

Project = Callable[..., Path]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def exercises(catalogue: Catalogue) -> list[Exercise]:
    return catalogue.exercises


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_content(root)
    return [error.format(root) for error in info.value.errors]


def test_every_exercise_has_start_and_end_poses(exercises: list[Exercise]) -> None:
    assert len(exercises) >= 30
    assert all(e.figure.start and e.figure.end for e in exercises)


def test_every_figure_touches_its_ground_or_prop_and_stays_inside_its_canvas(exercises: list[Exercise]) -> None:
    for exercise in exercises:
        for which, scene in scenes(exercise).items():
            name = f"{exercise.id} {which}"
            posed = scene.posed
            assert posed.supports, name
            for support, gap in posed.supports.items():
                assert abs(gap) < 0.05, f"{name}: {gap:+.2f} from the {support}"
            lowest = lowest_y(posed.segs)
            if "floor" in posed.supports:  # resting on the floor: touching it, never below it
                assert lowest == pytest.approx(0.0, abs=0.01), name
            if Prop.CHAIR in posed.props or Prop.BIKE in posed.props:  # sitting on the seat, not sinking into it
                back, front, top = seat(posed)
                # A chair carries the pelvis and thighs; a bike saddle the pelvis (the thighs pass beside it).
                sitting = {"pelvis"} if Prop.BIKE in posed.props else {"pelvis", "near-thigh", "far-thigh"}
                over_seat = [y for x, y in outline_points(s for s in posed.segs if s.name in sitting) if back <= x <= front]
                assert min(over_seat) == pytest.approx(top, abs=0.01), name
                assert min(y for _, y in outline_points(posed.segs)) >= -0.01, name  # nor into the floor
        for which, drawn in drawings(exercise).items():
            x0, y0, x1, y1 = drawn.bbox()
            assert 0 <= x0 and x1 <= WIDTH and 0 <= y0 and y1 <= HEIGHT, (exercise.id, which, drawn.bbox())


def test_figures_show_their_exercise(catalogue: Catalogue) -> None:
    """A few things that make figures recognisable, measured (the contact sheet is the real check)."""
    def posed(exercise_id: str, which: str):  # type: ignore[no-untyped-def]
        return scenes(catalogue.get(exercise_id))[which].posed  # type: ignore[arg-type]

    bridge = posed("bridge", "start"), posed("bridge", "end")
    assert bridge[1].points["pelvis"][1] - bridge[0].points["pelvis"][1] > 15  # the hips lift
    assert bridge[1].points["shoulders"][1] < 20  # the shoulders stay down
    dog = posed("bird-dog", "end")
    assert dog.points["near-ankle"][1] > 25 and dog.points["far-hand"][1] > 30  # leg and opposite arm up
    assert dog.points["near-hand"][1] < 8 and dog.points["far-knee"][1] < 15  # on the other hand and knee (joint centres)
    wall = posed("wall-sit", "end")
    # A shallow wall sit ("start shallow"): the knees bent, the thighs well above level.
    assert wall.supports["wall"] == 0 and wall.points["near-hip"][1] - wall.points["near-knee"][1] > 25
    walk = posed("walking", "end")
    assert walk.points["near-ankle"][0] - walk.points["far-ankle"][0] > 40  # mid-stride
    bike = posed("stationary-cycling", "start")
    assert Prop.BIKE in bike.props and lowest_y(bike.segs) > 10  # on the bike, off the floor


def test_angle_out_of_range_is_a_content_error_with_line_and_column(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("hips: {near: 110}", "hips: {near: 170}\n    knees: 200")
    assert errors_of(project(exercise={"x": text})) == [
        "exercises/x.yml:36:18: figure.end.hips.near: 170 degrees is outside the range for a hip: -30 to 135",
        "exercises/x.yml:37:12: figure.end.knees: 200 degrees is outside the range for a knee: 0 to 150",
    ]


def test_pose_mistakes_are_content_errors(project: Project) -> None:
    text = (VALID_EXERCISE.format(id="x").replace("    base: lying-on-back\n  end", "    base: lying-on-bak\n  end")
            .replace("hips: {near: 110}", "hips: {near: 110}\n    trunk: yes\n    highlight: [glutes]"))
    first, second, third = errors_of(project(exercise={"x": text}))
    assert first.startswith("exercises/x.yml:33:11: figure.start.base: 'lying-on-bak' is not allowed. Did you mean 'lying-on-back'?")
    assert second == "exercises/x.yml:37:12: figure.end.trunk: must be a number of degrees, such as 45"
    assert third.startswith("exercises/x.yml:38:17: figure.end.highlight[0]: 'glutes' is not allowed.")


def test_figure_is_required(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").split("figure:")[0]
    assert errors_of(project(exercise={"x": text})) == ["exercises/x.yml:1:1: figure: required field 'figure' is missing"]


def test_rendering_twice_gives_identical_bytes(exercises: list[Exercise]) -> None:
    first, second = render_figures(exercises), render_figures(exercises)
    assert first == second and len(first) == 2 * len(exercises)
    bridge = next(e for e in exercises if e.id == "bridge")
    assert figure_png(drawings(bridge)["end"], dpi=100) == figure_png(drawings(bridge)["end"], dpi=100)
    # And in a fresh interpreter (different hash seed), byte for byte.
    code = ("import hashlib, sys; from pathlib import Path; from lumbar.content.catalogue import load_catalogue; "
            "from lumbar.figures import render_figures, figure_png, drawings; c = load_catalogue(Path(sys.argv[1])); "
            "svg = render_figures(c.exercises); b = c.get('bridge'); "
            "print(hashlib.sha256(''.join(svg[k] for k in sorted(svg)).encode()).hexdigest(), "
            "hashlib.sha256(figure_png(drawings(b)['end'], dpi=100)).hexdigest())")
    # Only the hash seed differs; PYTHONPATH is kept so the same checkout's code is imported.
    env = {"PYTHONHASHSEED": "123", "PATH": "", **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}}
    result = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True, env=env)
    here = hashlib.sha256("".join(first[k] for k in sorted(first)).encode()).hexdigest()
    assert result.stdout.split() == [here, hashlib.sha256(figure_png(drawings(bridge)["end"], dpi=100)).hexdigest()]


def test_svg_has_a_title_and_description_for_screen_readers(exercises: list[Exercise]) -> None:
    svgs = render_figures(exercises)
    for exercise in exercises:
        for which in ("start", "end"):
            root = ET.fromstring(svgs[figure_path(exercise.id, which)])
            assert root.get("role") == "img"
            title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
            assert title is not None and desc is not None
            assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
            assert title.text == f"{exercise.name}: {'starting' if which == 'start' else 'end'} position"
            assert desc.text and len(desc.text) > 20
            assert not re.search(r"\d\.\d{2,}", svgs[figure_path(exercise.id, which)])  # fixed 0.1 precision
    bridge = next(e for e in exercises if e.id == "bridge")
    desc = ET.fromstring(svgs[figure_path("bridge", "end")]).find(f"{SVG}desc")
    assert desc is not None and desc.text is not None
    assert bridge.figure.end.description in desc.text and "arrow shows the hips moving up" in desc.text
    assert "highlighted: the buttocks" in desc.text


def test_svgs_are_small(exercises: list[Exercise]) -> None:
    sizes = [len(svg.encode()) for svg in render_figures(exercises).values()]
    assert max(sizes) < 8_000


def test_every_png_renders(exercises: list[Exercise], tmp_path: Path) -> None:
    for exercise in exercises:
        for which in ("start", "end"):
            with Image.open(io.BytesIO(figure_png(drawings(exercise)[which], dpi=60))) as image:
                assert image.format == "PNG" and image.size == (189, 130)
    pictures = exercise_pictures(exercises, BuildCache(tmp_path))[1]
    assert set(pictures) == {e.id for e in exercises}
    for exercise in exercises:
        with Image.open(pictures[exercise.id]) as image:
            assert image.format == "PNG" and image.width > 200
    before = {p: p.stat().st_mtime_ns for p in pictures.values()}
    assert exercise_pictures(exercises, BuildCache(tmp_path))[1] == pictures  # cached: nothing drawn again
    assert {p: p.stat().st_mtime_ns for p in pictures.values()} == before
    bridge = next(e for e in exercises if e.id == "bridge")
    assert pictures["bridge"].read_bytes() == pair_png(drawings(bridge), dpi=200)


def test_every_exercise_page_shows_start_and_end_figures(built_site: Path, exercises: list[Exercise]) -> None:
    for exercise in exercises:
        page = (built_site / "exercises" / exercise.id / "index.html").read_text(encoding="utf-8")
        block = re.search(r'<div class="lumbar-figures">(.*?)</div>', page, re.S)
        assert block, exercise.id
        images = re.findall(r'<img alt="([^"]+)"[^>]*src="([^"]+)"', block.group(1))
        assert [src for _, src in images] == [f"../figures/{exercise.id}-start.svg", f"../figures/{exercise.id}-end.svg"]
        assert all(alt.startswith(exercise.name.split(" ")[0]) for alt, _ in images), exercise.id
        for which in ("start", "end"):
            svg = (built_site / "exercises" / "figures" / f"{exercise.id}-{which}.svg").read_text(encoding="utf-8")
            assert "<title" in svg and "<desc" in svg


def test_index_has_thumbnails_and_the_gallery_shows_every_figure(built_site: Path, exercises: list[Exercise]) -> None:
    index = (built_site / "exercises" / "index.html").read_text(encoding="utf-8")
    for exercise in exercises:
        assert re.search(rf'<img alt="" class="lumbar-card__figure"[^>]*src="figures/{exercise.id}-end.svg"', index), exercise.id
    gallery = (built_site / "exercises" / "gallery" / "index.html").read_text(encoding="utf-8")
    shown = set(re.findall(r'src="\.\./figures/([a-z0-9-]+)\.svg"', gallery))
    assert shown == {f"{e.id}-{w}" for e in exercises for w in ("start", "end")}
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "exercises/gallery/" not in home  # reached by its address, not the navigation


def test_figure_command_writes_the_pictures(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(ROOT), "figure", "bridge", "--out", str(tmp_path), "--dpi", "60"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bridge-end.png", "bridge-end.svg", "bridge-motion.svg", "bridge-start.png", "bridge-start.svg", "bridge.png"]
    wrong = CliRunner().invoke(main, ["--root", str(ROOT), "figure", "brige"])
    assert wrong.exit_code == 2 and "Did you mean 'bridge'?" in wrong.output


def test_figures_do_not_import_mkdocs() -> None:
    code = ("import sys; from pathlib import Path; from lumbar.content.catalogue import load_catalogue; "
            "from lumbar.figures import render_figures; "
            f"render_figures(load_catalogue(Path({str(ROOT)!r})).exercises); "
            "assert not any(m.split('.')[0] in ('mkdocs', 'material') for m in sys.modules), 'mkdocs imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_highlights_survive_black_and_white_printing() -> None:
    """Every highlight carries a white outline and white dots, not colour alone; in greyscale
    the highlighted part of bird dog shows white marks inside the dark body."""
    from PIL import Image, ImageOps

    from lumbar.content.catalogue import load_catalogue
    from lumbar.figures.draw import drawings, figure_png
    from lumbar.figures.shapes import HIGHLIGHT, MARK

    highlighted = 0
    for exercise in load_catalogue(ROOT).exercises:
        for which, drawn in drawings(exercise).items():
            shapes = list(drawn.shapes)
            for index, shape in enumerate(shapes):
                if HIGHLIGHT not in (shape.fill, shape.stroke):
                    continue
                highlighted += 1
                assert index and MARK in (shapes[index - 1].fill, shapes[index - 1].stroke), (exercise.id, which)
                assert index + 1 < len(shapes) and shapes[index + 1].fill == MARK, (exercise.id, which)
    assert highlighted >= 10

    bird_dog = next(e for e in load_catalogue(ROOT).exercises if e.id == "bird-dog")
    drawn = drawings(bird_dog)["end"]
    image = Image.open(io.BytesIO(figure_png(drawn, dpi=150))).convert("RGB")
    grey = ImageOps.grayscale(image)
    orange = [(x, y) for x in range(image.width) for y in range(image.height)
              if image.getpixel((x, y))[0] > 180 and image.getpixel((x, y))[2] < 90]
    assert orange
    xs, ys = [p[0] for p in orange], [p[1] for p in orange]
    region = grey.crop((min(xs), min(ys), max(xs) + 1, max(ys) + 1))
    values = list(region.tobytes())  # one byte a pixel in mode L
    assert sum(v > 235 for v in values) > 20, "no white marks inside the highlight"


def test_drawing_code_covers_every_figures_module(monkeypatch: pytest.MonkeyPatch) -> None:
    # A module left out of the hash (as after a module is split off) would keep drawing
    # stale pictures from the cache after its code changed.
    import lumbar.figures
    import lumbar.figures.draw as draw

    hashed: list[str] = []
    monkeypatch.setattr(draw, "code_digest", lambda *modules: hashed.extend(m.__file__ for m in modules) or "x")
    draw.drawing_code()
    package = Path(lumbar.figures.__file__).parent
    content = package.parent / "content"
    # ... and what they draw from: the pose library, the models, the alt text's plain_text.
    drawn_from = {content / "poses.py", content / "models.py", content / "text.py"}
    assert set(package.glob("*.py")) | drawn_from <= {Path(name) for name in hashed}
