"""Declared contacts (``contacts: {floor: [feet, hips]}``) are checked against the picture, and
the pictures redrawn for issue 13 show what their steps say (measured on the posed figures)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from lumbar.cli import main
from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.content.errors import ContentErrors
from lumbar.content.models import Exercise
from lumbar.content.poses import TOUCH_TOLERANCE, ContactPart, Prop
from lumbar.figures import drawings, figure_png, scenes
from lumbar.figures.body import Posed, contact_groups, floor_gap
from lumbar.figures.contacts import contact_problems
from lumbar.figures.shapes import ARROW, HIGHLIGHT
from lumbar.services import load_content
from tests.conftest import ROOT, VALID_EXERCISE

Project = Callable[..., Path]

# VALID_EXERCISE's end pose pulls the near knee to the chest, so its near foot is in the air.
WRONG_FEET = VALID_EXERCISE.format(id="x") + "    contacts: {floor: [feet, hips], chair: [hips]}\n"
WRONG_FEET_ERRORS = [
    ("exercises/x.yml:37:24: figure.end.contacts.floor[0]: the near foot (facing you) is 52.0 cm from the floor "
     "in the picture; change the angles until they touch the floor, or remove feet from this list if the steps "
     "do not put them there"),
    ("exercises/x.yml:37:45: figure.end.contacts.chair[0]: the picture has no chair; add chair to this pose's "
     "props, or list hips under the surface they touch"),
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_content(root)
    return [error.format(root) for error in info.value.errors]


def posed(catalogue: Catalogue, exercise_id: str, which: str) -> Posed:
    exercise = catalogue.get(exercise_id)
    assert isinstance(exercise, Exercise)
    return scenes(exercise)[which].posed  # type: ignore[index]


def gap(p: Posed, part: str) -> float:
    """The floor gap of a part, cm (the largest over the sides a plural needs)."""
    return max(floor_gap(pieces) for _, pieces in contact_groups(p.segs, ContactPart(part)))


def test_every_exercise_says_what_rests_where_and_the_pictures_agree(catalogue: Catalogue) -> None:
    """Each picture declares its contacts (the swimmer floating in the pool holds the float),
    and the real content passes the check that loading it ran."""
    undeclared = [f"{e.id} {which}" for e in catalogue.exercises for which in ("start", "end")
                  if getattr(e.figure, which).contacts is None]
    assert undeclared == []
    assert all(list(contact_problems(e)) == [] for e in catalogue.exercises)


def test_a_contact_the_picture_does_not_show_is_an_error_at_its_line(project: Project) -> None:
    assert errors_of(project(exercise={"x": WRONG_FEET})) == WRONG_FEET_ERRORS
    # The same pose with the contacts it really has loads.
    right = VALID_EXERCISE.format(id="x") + "    contacts: {floor: [foot, hips, back]}\n"
    load_content(project(exercise={"x": right}))


def test_contact_words_are_checked_like_any_field(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x") + "    contacts: {flor: [feet], floor: [foots]}\n"
    first, second = errors_of(project(exercise={"x": text}))
    # 'floor' is given too, so renaming 'flor' to it is not suggested (it would repeat a key).
    assert first.startswith("exercises/x.yml:37:16: figure.end.contacts.flor: unknown field 'flor'; 'floor' is "
                            "already given on line 37, so keep one of them.")
    assert second.startswith("exercises/x.yml:37:38: figure.end.contacts.floor[0]: 'foots' is not allowed. "
                             "Did you mean 'foot'?")


@pytest.mark.parametrize("command", ["check", "build"])
def test_check_and_build_stop_on_a_wrong_contact_without_a_traceback(project: Project, command: str) -> None:
    root = project(exercise={"x": WRONG_FEET})
    result = CliRunner().invoke(main, ["--root", str(root), command])
    assert result.exit_code == 1
    assert result.output.splitlines() == [*WRONG_FEET_ERRORS, "2 errors found; nothing was built."]
    assert not (root / "site").exists()


def test_view_from_feet_takes_true_or_degrees(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("    base: lying-on-back\n  end", "    base: lying-on-back\n"
                                                 "    view_from_feet: 120\n  end")
    assert errors_of(project(exercise={"x": text})) == [
        ("exercises/x.yml:34:21: figure.start.view_from_feet: must be true (looking from the feet), false, "
         "or a number of degrees from 0 to 90")]


def test_declared_floor_contacts_hold_a_crunch_on_its_feet(catalogue: Catalogue) -> None:
    """A partial crunch is held by muscle: resting where its weight falls, it would tip back
    and lift the feet. Its declared contacts keep the feet, hips and lower back down."""
    end = posed(catalogue, "partial-crunch", "end")
    assert gap(end, "feet") < TOUCH_TOLERANCE and gap(end, "hips") < TOUCH_TOLERANCE
    assert 3 < gap(end, "shoulders") < 7  # head and shoulders lifted about 5 cm, as the steps say
    crunch = catalogue.get("partial-crunch")
    assert isinstance(crunch, Exercise)

    def higher(contacts: object) -> Posed:  # a bigger crunch, with or without its contacts
        end = crunch.figure.end.model_copy(update={"trunk": 25.0, "contacts": contacts, "steps_say": None})
        return scenes(crunch.model_copy(update={"figure": crunch.figure.model_copy(update={"end": end})}))["end"].posed

    assert gap(higher(crunch.figure.end.contacts), "feet") < TOUCH_TOLERANCE
    assert gap(higher(None), "feet") > TOUCH_TOLERANCE  # without them it tips back (so the contacts do the work)


def test_redrawn_pictures_show_what_their_steps_say(catalogue: Catalogue) -> None:
    # Knee rolls: both knees drop to one side; feet, back and shoulders stay on the mat.
    start, end = posed(catalogue, "knee-rolls", "start"), posed(catalogue, "knee-rolls", "end")
    for knee in ("near-knee", "far-knee"):
        assert start.points[knee][1] - end.points[knee][1] > 9  # both drop (the far one least)
    assert math.dist(start.points["near-ankle"], end.points["near-ankle"]) < 3
    # Piriformis: the knee is pulled up and across the middle of the body, by the other hand.
    end = posed(catalogue, "piriformis-stretch", "end")
    assert end.points["near-knee"][1] > 30 and end.points["near-knee"][2] < -5  # z < 0: the far side
    assert math.dist(end.points["far-hand"], end.points["near-knee"]) < 12
    assert gap(end, "leg") < TOUCH_TOLERANCE
    # Beginner side plank: knees bent (feet behind), forearm flat on the mat under the
    # shoulder, hips down, then lifted.
    start, end = posed(catalogue, "side-plank-beginner", "start"), posed(catalogue, "side-plank-beginner", "end")
    for p in (start, end):
        assert p.points["far-elbow"][1] < 6 and p.points["far-hand"][1] < 6
        shoulder, elbow = p.points["far-shoulder"], p.points["far-elbow"]
        assert math.hypot(shoulder[0] - elbow[0], shoulder[2] - elbow[2]) < 8
        assert gap(p, "knee") < TOUCH_TOLERANCE
    assert gap(start, "hips") < TOUCH_TOLERANCE and gap(end, "hips") > 10
    # Cat-camel starts with the back flat, as its starting position says, then rounds up
    # (the waist above the hips-shoulders line).
    def hump(p: Posed) -> float:
        pelvis, waist, shoulders = p.points["pelvis"], p.points["waist"], p.points["shoulders"]
        t = (waist[0] - pelvis[0]) / (shoulders[0] - pelvis[0])
        return waist[1] - (pelvis[1] + t * (shoulders[1] - pelvis[1]))
    assert abs(hump(posed(catalogue, "cat-camel", "start"))) < 2 and hump(posed(catalogue, "cat-camel", "end")) > 4
    # Pelvic rocking starts sitting or standing tall (the back neither rounded nor arched), then
    # rolls the hips forward: the lower back arches (the chest leans back of it).
    def bend(p: Posed) -> float:
        def lean(a: str, b: str) -> float:  # degrees from upright, forward positive
            return math.degrees(math.atan2(p.points[b][0] - p.points[a][0], p.points[b][1] - p.points[a][1]))
        return lean("waist", "shoulders") - lean("pelvis", "waist")
    for exercise_id in ("pelvic-rocking-sitting", "pelvic-rocking-standing"):
        assert abs(bend(posed(catalogue, exercise_id, "start"))) < 5, exercise_id
        assert bend(posed(catalogue, exercise_id, "end")) < -10, exercise_id


def test_rocking_arrows_turn_the_way_they_say(catalogue: Catalogue) -> None:
    """Rolling the hips forward (the end) is clockwise in the picture, with a head at both ends
    (the hips rock back too); the start, sitting tall, has no arrow."""
    exercise = catalogue.get("pelvic-rocking-sitting")
    assert isinstance(exercise, Exercise)
    pair = scenes(exercise)
    assert not [s for s in pair["start"].front if s.stroke == ARROW or s.fill == ARROW]
    scene = pair["end"]
    path = next(s for s in scene.front if s.kind == "path" and s.stroke == ARROW)
    cx, cy = scene.posed.points["pelvis"][:2]
    turning = sum((a[0] - cx) * (b[1] - cy) - (a[1] - cy) * (b[0] - cx) for a, b in zip(path.points, path.points[1:]))
    assert turning < 0
    assert len([s for s in scene.front if s.kind == "polygon" and s.fill == ARROW]) == 2


def test_bridge_buttocks_highlight_is_visible(catalogue: Catalogue) -> None:
    """The highlight on the lifted buttocks shows beside the near thigh, not only under it
    (it used to be a few pixels)."""
    bridge = catalogue.get("bridge")
    assert isinstance(bridge, Exercise)
    image = Image.open(io.BytesIO(figure_png(drawings(bridge)["end"], dpi=100))).convert("RGB")
    red, green, blue = (int(HIGHLIGHT[i:i + 2], 16) for i in (1, 3, 5))
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    orange = sum(n for n, (r, g, b) in colours if abs(r - red) < 40 and abs(g - green) < 40 and abs(b - blue) < 40)
    assert orange > 60


def test_a_bike_saddle_is_under_the_buttocks(catalogue: Catalogue) -> None:
    """The saddle used to be fitted under a dipping knee, 30 cm below the rider."""
    for which in ("start", "end"):
        p = posed(catalogue, "stationary-cycling", which)
        assert Prop.BIKE in p.props
        saddle_top = min(y for shape in scenes(catalogue.get("stationary-cycling"))[which].props[Prop.BIKE]  # type: ignore[arg-type]
                         if shape.kind == "line" and shape.width == 4.0 and shape.points[0][1] == shape.points[1][1]
                         for _, y in shape.points) + 2.0
        assert p.points["pelvis"][1] - 12.5 == pytest.approx(saddle_top, abs=0.5)


@pytest.mark.parametrize("view", [{"view_from_above": 30}, {"view_from_above": 30, "view_from_feet": 40}])
def test_a_mat_with_nothing_resting_on_it_is_drawn_not_a_crash(project: Callable[..., Path], view: dict[str, int]) -> None:
    # Lying on the back with the elliptical trainer lifts every part more than 8 cm above the
    # mat; placing the mat under it used to fail inside min() while the content loaded.
    pose = "\n".join(f"    {name}: {value}" for name, value in view.items())
    text = VALID_EXERCISE.format(id="x").replace(
        "  start:\n    base: lying-on-back\n",
        f"  start:\n    base: lying-on-back\n    props: [mat, elliptical]\n{pose}\n")
    assert "elliptical" in text
    root = project(exercise={"x": text})
    result = CliRunner().invoke(main, ["--root", str(root), "check"])
    assert "Traceback" not in result.output and not isinstance(result.exception, ValueError), result.output
