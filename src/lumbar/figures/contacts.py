"""Declared contacts checked against the picture.

A pose may say which body parts touch what (``contacts: {floor: [feet, hips], mat: [forearm]}``).
Each part is measured in the posed figure: against the floor (and a mat lying on it) in the
world, where the body rests at height 0; against any other prop by the shortest distance, in
the picture, between the part's rounded limbs and the prop's drawn shapes. A part further
than ``TOUCH_TOLERANCE`` centimetres from its surface, or a surface the picture lacks, is a
problem reported at the part in the YAML (``lumbar.content.catalogue`` turns it into a
``file:line:col`` content error, so ``lumbar check`` and every build fail on it).

Every pose is also checked for limbs drawn through what it rests on: below the floor line,
or over a mat's thickness (its front edge seen from above, its strip seen from the side),
which reads as a limb sunk into the floor. That is reported at the mat in ``props:`` (or at
``base:`` for the floor).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Sequence

from lumbar.content.models import Exercise, Figure, Pose
from lumbar.content.poses import (
    CONTACT_SIDES,
    TOUCH_TOLERANCE,
    ContactPart,
    Prop,
    Surface,
)
from lumbar.content.reader import Loc
from lumbar.figures.body import Piece, Posed, contact_groups, floor_gap
from lumbar.figures.draw import WHICH
from lumbar.figures.facts import fact_problems
from lumbar.figures.geometry import V2, point_to_segment_2d
from lumbar.figures.scene import Scene, pair_scenes, scene
from lumbar.figures.shapes import Shape, to_screen

# What a message calls each part, and whether it takes "is" or "are".
_TRUNK_WORDS: dict[ContactPart, tuple[str, str]] = {
    ContactPart.HEAD: ("the head", "is"),
    ContactPart.SHOULDERS: ("the shoulders", "are"),
    ContactPart.BACK: ("the back", "is"),
    ContactPart.LOWER_BACK: ("the lower back", "is"),
    ContactPart.CHEST: ("the chest", "is"),
    ContactPart.STOMACH: ("the stomach", "is"),
    ContactPart.HIPS: ("the hips", "are"),
}
# A limb part's name for one limb: "feet" -> "foot".
_ONE_LIMB: dict[ContactPart, str] = {
    ContactPart.THIGHS: "thigh", ContactPart.KNEES: "knee", ContactPart.SHINS: "shin", ContactPart.FEET: "foot",
    ContactPart.LEGS: "leg",
    ContactPart.HANDS: "hand", ContactPart.FOREARMS: "forearm", ContactPart.ARMS: "arm",
}


def _limb(part: ContactPart) -> str:
    return _ONE_LIMB.get(part, part.value)


def _cm(gap: float) -> str:
    return f"{max(gap, 0.0):.1f} cm"


def _crosses(a: V2, b: V2, c: V2, d: V2) -> bool:
    def side(p: V2, q: V2, r: V2) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def _segments_apart(a: V2, b: V2, c: V2, d: V2) -> float:
    """The shortest distance between two line segments in the plane."""
    if _crosses(a, b, c, d):
        return 0.0
    return min(point_to_segment_2d(a, c, d), point_to_segment_2d(b, c, d),
               point_to_segment_2d(c, a, b), point_to_segment_2d(d, a, b))


def _inside(p: V2, polygon: Sequence[V2]) -> bool:
    inside = False
    for i, q in enumerate(polygon):
        r = polygon[i - 1]
        if (q[1] > p[1]) != (r[1] > p[1]) and p[0] < (r[0] - q[0]) * (p[1] - q[1]) / (r[1] - q[1]) + q[0]:
            inside = not inside
    return inside


def _shape_gap(a: V2, b: V2, radius: float, shape: Shape) -> float:
    """How far a capsule (axis ``a``-``b``) is from a drawn shape, edge to edge, in cm."""
    points = shape.points
    if shape.kind == "circle":
        return point_to_segment_2d(points[0], a, b) - radius - shape.r - shape.width / 2
    if shape.kind == "polygon":
        if shape.fill and (_inside(a, points) or _inside(b, points)):
            return -radius
        edges = list(zip(points, points[1:] + points[:1]))
    else:
        edges = list(itertools.pairwise(points)) or [(points[0], points[0])]
    return min(_segments_apart(a, b, p, q) for p, q in edges) - radius - shape.width / 2


def _prop_gap(pieces: Sequence[Piece], shapes: Sequence[Shape], elevation: float) -> float:
    return min(_shape_gap(to_screen(p.a, elevation), to_screen(p.b, elevation), p.r, shape)
               for p in pieces for shape in shapes)


def _floats(posed: Posed) -> bool:
    return Prop.WATER in posed.props and posed.points["pelvis"][1] < 0


def part_problem(pose: Pose, surface: Surface, part: ContactPart, drawn_scene: Scene | None = None) -> str | None:
    """Why ``part`` does not touch ``surface`` in the picture of ``pose`` (``drawn_scene``, the
    pose drawn alone when not given), or None if it does."""
    drawn_scene = drawn_scene or _scene(pose.model_dump_json())
    posed = drawn_scene.posed
    noun = f"the {surface.value}"
    plural = part in (ContactPart.SHOULDERS, ContactPart.HIPS) or CONTACT_SIDES.get(part, ("",))[0] == "near"
    they, them = ("they touch", "them") if plural else ("it touches", "it")
    if surface is Surface.FLOOR and _floats(posed):
        return f"the picture has no floor (the body floats in the water); take {part.value} out of this list"
    if surface is not Surface.FLOOR and Prop(surface.value) not in posed.props:
        return (f"the picture has no {surface.value}; add {surface.value} to this pose's props, "
                f"or list {part.value} under the surface {they}")
    if surface in (Surface.FLOOR, Surface.MAT):  # a mat lies on the floor: both are at height 0
        gaps = [(side, floor_gap(pieces)) for side, pieces in contact_groups(posed.segs, part)]
    else:
        drawn = drawn_scene.props[Prop(surface.value)]
        gaps = [(side, _prop_gap(pieces, drawn, posed.elevation))
                for side, pieces in contact_groups(posed.segs, part)]
    missing = [(side, gap) for side, gap in gaps if gap > TOUCH_TOLERANCE]
    if not missing:
        return None
    fix = f"change the angles until {they} {noun}, or remove {part.value} from this list if the steps do not put {them} there"
    side, gap = missing[0]
    if side == "":
        what, verb = _TRUNK_WORDS[part]
        return f"{what} {verb} {_cm(gap)} from {noun} in the picture; {fix}"
    if side == "either":
        return f"neither {_limb(part)} touches {noun} in the picture (the closer is {_cm(gap)} away); {fix}"
    if len(missing) == 2:
        low, high = sorted(g for _, g in missing)
        return f"both {part.value} are {_cm(low)}{' or more' if high - low >= 0.05 else ''} from {noun} in the picture; {fix}"
    facing = {"near": "facing you", "far": "behind"}[side]
    return f"the {side} {_limb(part)} ({facing}) is {_cm(gap)} from {noun} in the picture; {fix}"


# What a message calls each segment of the body.
_SEGMENT_WORDS = {"pelvis": "hips", "lower_trunk": "lower back", "upper_trunk": "chest", "nose": "face",
                  "upper_arm": "upper arm"}


def _segment_words(name: str) -> str:
    side, _, part = name.rpartition("-")
    words = _SEGMENT_WORDS.get(part, part)
    if not side:
        return f"the {words}"
    return f"the {side} {words} ({'facing you' if side == 'near' else 'behind'})"


def through_problems(pose: Pose, drawn: Scene | None = None) -> list[tuple[tuple[str | int, ...], str]]:
    """Body parts drawn through the floor line or over a mat's thickness in the picture of
    ``pose`` (``drawn``, the pose drawn alone when not given): ``[(loc within the pose,
    message)]``, at most one for each, the deepest part."""
    drawn = drawn or _scene(pose.model_dump_json())
    e = drawn.posed.elevation
    sunk: list[tuple[float, str]] = []
    ground: list[tuple[float, str]] = []
    for seg in drawn.posed.segs:
        a, b = to_screen(seg.a, e), to_screen(seg.b, e)
        for shape in drawn.edges:
            depth = -_shape_gap(a, b, seg.r, shape)
            if depth > TOUCH_TOLERANCE:
                sunk.append((depth, seg.name))
        if drawn.floor is not None:
            depth = drawn.floor - (min(a[1], b[1]) - seg.r)
            if depth > TOUCH_TOLERANCE:
                ground.append((depth, seg.name))
    out: list[tuple[tuple[str | int, ...], str]] = []
    fix = "change the angles or the view_from_above until it is on top of it"
    if sunk:
        depth, name = max(sunk)
        at: tuple[str | int, ...] = ("props", pose.props.index(Prop.MAT)) if Prop.MAT in pose.props else ("base",)
        out.append((at,
                    f"{_segment_words(name)} is drawn {_cm(depth)} into the edge of the mat, as if sunk into it; {fix}"))
    if ground:
        depth, name = max(ground)
        out.append((("base",), f"{_segment_words(name)} is drawn {_cm(depth)} below the floor; {fix}"))
    return out


def contact_problems(exercise: Exercise, pair: Sequence[Scene] | None = None) -> Iterator[tuple[Loc, str]]:
    """Every declared contact of an exercise's figure that the picture does not show, and every
    body part drawn through the floor or a mat, as ``(loc in the YAML, message)``, such as
    ``(("figure", "end", "contacts", "floor", 0), "the near foot (facing you) is 31.5 cm ...")``.
    ``pair`` is the start and end scenes as drawn (``scene.pair_scenes``)."""
    pair = pair or _pair(exercise.figure.model_dump_json())
    for which, drawn in zip(WHICH, pair):
        pose: Pose = getattr(exercise.figure, which)
        for where, problem in through_problems(pose, drawn):
            yield ("figure", which, *where), problem
        if pose.contacts is None:
            continue
        for surface in Surface:
            for index, part in enumerate(getattr(pose.contacts, surface.value)):
                found = part_problem(pose, surface, part, drawn)
                if found:
                    yield ("figure", which, "contacts", surface.value, index), found


def picture_problems(exercise: Exercise) -> Iterator[tuple[Loc, str]]:
    """Everything an exercise's pictures get wrong, as ``(loc in the YAML, message)``: declared
    contacts they do not show, limbs drawn through the floor or a mat, and ``steps_say`` facts
    they break (``lumbar.figures.facts``)."""
    pair = _pair(exercise.figure.model_dump_json())
    yield from contact_problems(exercise, pair)
    yield from fact_problems(exercise, [drawn.posed for drawn in pair])


# Poses are frozen but hold lists, so their scenes are cached by their JSON: loading the
# content again (lumbar serve, the test suite) does not pose the same figure twice, and each
# pose's body is placed once for all its contacts.
@functools.lru_cache(maxsize=128)
def _scene(pose_json: str) -> Scene:
    return scene(Pose.model_validate_json(pose_json))


@functools.lru_cache(maxsize=64)
def _pair(figure_json: str) -> tuple[Scene, Scene]:
    figure = Figure.model_validate_json(figure_json)
    return pair_scenes(figure.start, figure.end)


__all__ = ["contact_problems", "part_problem", "picture_problems", "through_problems"]
