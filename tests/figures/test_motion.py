"""The moving picture: frames computed from the pose data between an exercise's start and end
poses, in one world, on one mat and one canvas, laid side by side in one published SVG."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.content.models import Exercise
from lumbar.content.poses import TOUCH_TOLERANCE, ContactPart, Prop
from lumbar.figures import MOTION_FRAMES, motion_svg, scenes
from lumbar.figures.body import contact_groups, floor_gap, lowest_y
from lumbar.figures.motion import ease, motion_posed, motion_scenes
from lumbar.figures.shapes import MAT
from lumbar.paths import motion_path
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


def exercise(catalogue: Catalogue, exercise_id: str) -> Exercise:
    found = catalogue.get(exercise_id)
    assert isinstance(found, Exercise)
    return found


def gap(posed: object, part: str) -> float:
    return max(floor_gap(pieces) for _, pieces in contact_groups(posed.segs, ContactPart(part)))  # type: ignore[attr-defined]


def test_the_frames_run_from_the_start_picture_to_the_end_picture(catalogue: Catalogue) -> None:
    """The first and last frames are the still pictures' bodies (lined up as the pair is)."""
    for item in catalogue.exercises:
        bodies = motion_posed(item.figure.start, item.figure.end)
        assert len(bodies) == MOTION_FRAMES, item.id
        pair = scenes(item)
        for body, still in ((bodies[0], pair["start"].posed), (bodies[-1], pair["end"].posed)):
            # The same shape: every joint the same distance from the pelvis, within a millimetre
            # (the swimmer's end frame is lifted into the pool it started in, so compare shapes).
            for name, point in still.points.items():
                here = [body.points[name][i] - body.points["pelvis"][i] for i in range(3)]
                there = [point[i] - still.points["pelvis"][i] for i in range(3)]
                assert math.dist(here, there) < 0.1, (item.id, name)


def test_every_frame_rests_on_the_floor_and_keeps_down_what_both_pictures_keep_down(catalogue: Catalogue) -> None:
    # The bridge keeps its shoulders and feet down while the hips rise; the wall sit its feet.
    for exercise_id, kept in (("bridge", ("feet", "shoulders")), ("wall-sit", ("feet",)),
                              ("knee-to-chest", ("hips",)), ("hip-hinge", ("feet",))):
        bodies = motion_posed(exercise(catalogue, exercise_id).figure.start, exercise(catalogue, exercise_id).figure.end)
        feet_x = []
        for body in bodies:
            assert lowest_y(body.segs) == pytest.approx(0.0, abs=0.01), exercise_id
            for part in kept:
                assert gap(body, part) < TOUCH_TOLERANCE, (exercise_id, part)
            feet_x.append(body.points["near-ankle"][0])
        if "feet" in kept:  # the feet do not slide along the floor
            assert max(feet_x) - min(feet_x) < 3.0, exercise_id
    # The bridge's hips rise smoothly, a little more in each frame.
    bridge = exercise(catalogue, "bridge")
    heights = [body.points["pelvis"][1] for body in motion_posed(bridge.figure.start, bridge.figure.end)]
    assert heights == sorted(heights) and heights[-1] - heights[0] > 15


def test_the_movement_eases_in_and_out() -> None:
    steps = [ease((k + 1) / (MOTION_FRAMES - 1)) - ease(k / (MOTION_FRAMES - 1)) for k in range(MOTION_FRAMES - 1)]
    assert ease(0.0) == 0.0 and ease(1.0) == 1.0
    assert steps[0] < steps[len(steps) // 2] > steps[-1]  # slow at both ends, fastest in the middle
    assert sum(steps) == pytest.approx(1.0)


def test_the_mat_does_not_change_size_under_the_moving_body(catalogue: Catalogue) -> None:
    for exercise_id in ("superman", "bridge", "knee-rolls", "side-plank-advanced"):
        mats = [next(s for s in frame.props[Prop.MAT] if s.fill == MAT or s.kind == "polygon").points
                for frame in motion_scenes(exercise(catalogue, exercise_id))]
        assert all(m == mats[0] for m in mats), exercise_id


def test_the_swimmer_pushes_off_from_where_it_stood_into_the_same_pool(catalogue: Catalogue) -> None:
    bodies = motion_posed(exercise(catalogue, "swimming").figure.start, exercise(catalogue, "swimming").figure.end)
    pelvis = [body.points["pelvis"][1] for body in bodies]
    assert all(p > 0 for p in pelvis)  # one pool, its floor at 0, for every frame
    assert pelvis[-1] > pelvis[0]  # up to the surface


def test_the_moving_picture_is_one_svg_of_frames_side_by_side(catalogue: Catalogue) -> None:
    for item in catalogue.exercises:
        text = motion_svg(item)
        assert text == motion_svg(item), item.id  # the same bytes every time
        root = ET.fromstring(text)
        assert root.get("aria-hidden") == "true"  # decorative: the stills carry the alt text
        assert root.get("viewBox") == f"0 0 {320 * MOTION_FRAMES} 220"
        panels = root.findall(f"{SVG}g/{SVG}g")
        assert [p.get("transform") for p in panels] == [f"translate({320 * k} 0)" for k in range(MOTION_FRAMES)]
        assert len(text) < 40_000, (item.id, len(text))
        # No arrow or highlight: the movement shows itself.
        assert "#00796b" not in text and "#e2572b" not in text, item.id
        # Every frame's shapes stay inside its own panel.
        for panel, k in zip(panels, range(MOTION_FRAMES)):
            xs = [float(v) for v in re.findall(r' (?:x1|x2|cx)="(-?[0-9.]+)"', ET.tostring(panel, encoding="unicode"))]
            assert all(-1 <= x <= 321 for x in xs), (item.id, k)


def test_the_site_publishes_a_moving_picture_for_every_exercise(built_site: Path, catalogue: Catalogue) -> None:
    for item in catalogue.exercises:
        assert (built_site / motion_path(item.id)).is_file(), item.id
        page = (built_site / "exercises" / item.id / "index.html").read_text(encoding="utf-8")
        block = re.search(r'<div class="lumbar-motion" data-frames="(\d+)"[^>]*hidden[^>]*>(.*?)</div>\s*</div>', page, re.DOTALL)
        assert block, item.id
        assert int(block.group(1)) == MOTION_FRAMES
        assert f'src="../figures/{item.id}-motion.svg"' in block.group(2) and 'alt=""' in block.group(2)
