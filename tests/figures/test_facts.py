"""What the steps say (``steps_say:``), measured in the pictures: which side, joint ranges,
heights off the floor and where the hands rest; and ``facing: left``, which mirrors a picture
so the body's other side is towards the viewer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.content.errors import ContentErrors
from lumbar.content.models import Exercise, Figure, Pose, StepsSay
from lumbar.content.poses import BodySide, Direction, Facing, near_side
from lumbar.figures import drawings, scenes
from lumbar.figures.body import place
from lumbar.figures.facts import say_problems, sides_of
from lumbar.figures.shapes import ARROW, INK
from lumbar.services import load_content
from tests.conftest import ROOT, VALID_EXERCISE

Project = Callable[..., Path]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


def problems(pose: dict[str, object]) -> list[tuple[tuple[str, ...], str]]:
    """The steps_say problems of one pose, drawn alone."""
    model = Pose.model_validate(pose)
    return list(say_problems(model, place(model)))


# The facts the reviewed pictures broke, and facts the steps give elsewhere: each must stay
# declared, so the check keeps guarding the picture.
DECLARED = {
    ("hip-flexor-stretch", "start", "knee_down"), ("hip-flexor-stretch", "end", "knee_down"),
    ("wall-sit", "end", "angles"), ("straight-leg-raise", "end", "height"),
    ("backward-bend", "start", "hands_on"), ("backward-bend", "end", "hands_on"),
    ("piriformis-stretch", "end", "leg_up"), ("seated-rotational-stretch", "end", "turns_to"),
    ("seated-rotational-stretch", "end", "hand_on"), ("superman", "end", "height"),
    ("partial-crunch", "start", "hands_on"), ("partial-crunch", "end", "height"),
    ("pelvic-rocking-standing", "start", "hands_on"), ("pelvic-rocking-sitting", "start", "hands_on"),
    ("hip-hinge", "end", "hands_on"), ("hip-hinge", "end", "angles"), ("leg-slides", "start", "hands_on"),
    ("knee-to-chest", "end", "hands_on"), ("double-knee-to-chest", "end", "hands_on"),
    ("side-lying-leg-lift", "end", "height"),
}


def test_the_facts_the_steps_give_are_declared_and_the_pictures_keep_them(catalogue: Catalogue) -> None:
    found = set()
    for exercise in catalogue.exercises:
        for which, scene in scenes(exercise).items():
            pose: Pose = scene.posed.pose
            assert list(say_problems(pose, scene.posed)) == [], (exercise.id, which)
            if pose.steps_say is not None:
                found |= {(exercise.id, which, name) for name, value in pose.steps_say if value is not None}
    assert DECLARED <= found, sorted(DECLARED - found)


@pytest.mark.parametrize(("view", "facing", "near"), [
    ("side", Facing.RIGHT, BodySide.RIGHT), ("side", Facing.LEFT, BodySide.LEFT),
    ("front", Facing.RIGHT, BodySide.LEFT), ("front", Facing.LEFT, BodySide.RIGHT),
])
def test_the_near_side_follows_the_view_and_the_facing(view: str, facing: Facing, near: BodySide) -> None:
    assert near_side(view, facing) is near


def test_kneeling_on_the_near_knee_is_the_right_knee_until_the_picture_faces_left() -> None:
    kneel = {"base": "half-kneeling", "steps_say": {"knee_down": "left"}}
    [(loc, message)] = problems(kneel)
    assert loc == ("knee_down",)
    assert message.startswith("the picture shows the right knee down (the near knee, facing you); the steps say the left")
    assert "set facing: left" in message
    assert problems({**kneel, "facing": "left"}) == []
    # Both knees down (kneeling upright) is not "the left knee down".
    [(_, both)] = problems({"base": "kneeling", "steps_say": {"knee_down": "left"}})
    assert both.startswith("both knees rest on the floor")


def test_the_lifted_leg_and_the_turn_are_measured_by_side() -> None:
    lift = {"base": "lying-on-back", "hips": {"near": 110}}
    assert problems({**lift, "steps_say": {"leg_up": "right"}}) == []
    [(_, message)] = problems({**lift, "steps_say": {"leg_up": "left"}})
    assert message.startswith("the picture lifts the right leg (the near leg, facing you)")
    [(_, flat)] = problems({"base": "lying-on-back", "steps_say": {"leg_up": "left"}})
    assert flat.startswith("neither leg is lifted")
    # Twist turns the chest towards the near side: the right, seen from the side.
    assert problems({"base": "sitting-on-chair", "twist": 40, "steps_say": {"turns_to": "right"}}) == []
    assert problems({"base": "sitting-on-chair", "twist": -40, "steps_say": {"turns_to": "left"}}) == []
    [(_, still)] = problems({"base": "sitting-on-chair", "twist": 5, "steps_say": {"turns_to": "left"}})
    assert still.startswith("the picture does not turn the upper body")


def test_joint_ranges_read_plural_as_both_sides_and_singular_as_either() -> None:
    one_knee = {"base": "lying-on-back", "knees": {"near": 30, "far": 105}}
    assert problems({**one_knee, "steps_say": {"angles": {"knee": "20-60"}}}) == []
    [(loc, message)] = problems({**one_knee, "steps_say": {"angles": {"knees": "20-60"}}})
    assert loc == ("angles", "knees")
    assert message.startswith("the far knee (behind) is 105 degrees in this picture; the steps allow 20 to 60 degrees")
    [(_, trunk)] = problems({"base": "standing", "trunk": -30, "steps_say": {"angles": {"trunk": "-20 to 0"}}})
    assert trunk.startswith("trunk is -30 degrees in this picture; the steps allow -20 to 0 degrees")


def test_heights_are_measured_off_the_floor_on_the_posed_body() -> None:
    raise_leg = {"base": "lying-on-back", "hips": {"near": 6}, "knees": {"near": 0}}
    assert problems({**raise_leg, "steps_say": {"height": {"foot": "10-20"}}}) == []
    [(loc, message)] = problems({**raise_leg, "steps_say": {"height": {"feet": "10-20"}}})
    assert loc == ("height", "feet")
    assert message.startswith("the far foot (behind) is 0.0 cm off the floor in the picture; the steps say 10 to 20 cm")
    [(_, shoulders)] = problems({"base": "lying-on-back", "steps_say": {"height": {"shoulders": "3-10"}}})
    assert shoulders.startswith("the shoulders are ") and "cm off the floor in the picture; the steps say 3 to 10" in shoulders


def test_a_hand_rests_on_the_named_face_of_the_part_not_beside_it() -> None:
    behind = {"base": "standing", "shoulders": -60, "elbows": 80, "shoulders_out": -20}
    assert problems({**behind, "steps_say": {"hands_on": "lower-back"}}) == []
    # Hands at the sides of the waist touch the lower trunk but are not on the small of the back.
    [(_, beside)] = problems({"base": "standing", "shoulders": -55, "elbows": 100, "shoulders_out": -5,
                              "steps_say": {"hands_on": "lower-back"}})
    assert "is beside the body or on its other side, not on the small of the back, in the picture" in beside
    [(_, folded)] = problems({"base": "lying-on-back", "shoulders": 60, "elbows": 140, "steps_say": {"hands_on": "chest"}})
    assert folded.startswith("the near hand (facing you) is ") and "cm from the chest in the picture" in folded
    # One hand is enough for hand_on, not for hands_on.
    reach = {"base": "sitting-on-chair", "twist": 45, "shoulders": {"far": 40, "near": -30},
             "elbows": {"far": 10, "near": 30}}
    assert problems({**reach, "steps_say": {"hand_on": "knee"}}) == []
    assert [loc for loc, _ in problems({**reach, "steps_say": {"hands_on": "knee"}})] == [("hands_on",)]


@pytest.mark.parametrize(("text", "span"), [("20-60", (20, 60)), ("20 to 60", (20, 60)), ("-40 to -10", (-40, -10)),
                                             ("-40--10", (-40, -10)), ("5.5-7", (5.5, 7))])
def test_a_range_is_written_low_to_high_and_reads_back_from_json(text: str, span: tuple[float, float]) -> None:
    said = StepsSay.model_validate({"angles": {"trunk": text}, "height": {"lower-back": "0-5"}})
    assert said.angles.trunk == span  # type: ignore[union-attr]
    # The figure cache keys and reads poses by their JSON: the range must survive it.
    assert StepsSay.model_validate_json(said.model_dump_json()) == said
    assert json.loads(said.model_dump_json())["height"]["lower-back"] == "0 to 5"


@pytest.mark.parametrize(("value", "message"), [
    ("60-20", "the range '60-20' must go from low to high"),
    ("knees", "must be a range of degrees from low to high, such as 15-60"),
    ("0-200", "200 degrees is outside 0 to 150"),
    (40, "must be a range of degrees from low to high, such as 15-60"),
])
def test_a_bad_range_is_refused_with_a_plain_message(value: object, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        StepsSay.model_validate({"angles": {"knees": value}})
    assert message in str(info.value)


def test_a_picture_facing_left_is_the_mirror_image_and_its_arrows_say_what_they_show(catalogue: Catalogue) -> None:
    exercise = catalogue.get("hip-flexor-stretch")
    assert isinstance(exercise, Exercise)
    right = exercise.model_copy(update={"figure": Figure.model_validate({
        which: {**getattr(exercise.figure, which).model_dump(mode="json"), "facing": "right",
                **({"arrow": {"at": "hips", "direction": "right"}} if which == "end" else {})}
        for which in ("start", "end")})})
    for which in ("start", "end"):
        mirrored, plain = drawings(exercise)[which], drawings(right)[which]
        body = [s for s in plain.shapes if s.fill == INK or s.stroke == INK]
        flipped = [s for s in mirrored.shapes if s.fill == INK or s.stroke == INK]
        assert len(body) == len(flipped)
        # The same shapes, left for right, about the picture's middle.
        xs = sorted(round(p[0], 1) for s in body for p in s.points)
        back = sorted(round(320.0 - p[0], 1) for s in flipped for p in s.points)
        assert max(abs(a - b) for a, b in zip(xs, back)) < 0.3, which
    # The arrow is written as seen, "left", and drawn pointing left (the hips move forward).
    arrow = [s for s in drawings(exercise)["end"].shapes if s.fill == ARROW and s.kind == "polygon"]
    tip, *_ = arrow[0].points
    hips = sum(p[0] for s in arrow for p in s.points) / sum(len(s.points) for s in arrow)
    assert tip[0] < hips and exercise.figure.end.arrow.direction is Direction.LEFT  # type: ignore[union-attr]
    assert sides_of(exercise.figure.end)["near"] is BodySide.LEFT


def test_a_broken_fact_is_a_content_error_at_its_line(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x") + "    steps_say:\n      height: {foot: 10-20}\n"
    root = project(exercise={"x": text})
    with pytest.raises(ContentErrors) as info:
        load_content(root)
    [error] = [e.format(root) for e in info.value.errors]
    assert error.startswith("exercises/x.yml:38:22: figure.end.steps_say.height.foot: neither foot is 10 to 20 cm "
                            "off the floor in the picture")
