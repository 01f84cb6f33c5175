"""Declared contacts checked against the picture.

A pose may say which body parts touch what (``contacts: {floor: [feet, hips], mat: [forearm]}``).
Each part is measured in the posed figure: against the floor (and a mat lying on it) in the
world, where the body rests at height 0; against any other prop by the shortest distance, in
the picture, between the part's rounded limbs and the prop's drawn shapes. A part further
than ``TOUCH_TOLERANCE`` centimetres from its surface, or a surface the picture lacks, is a
problem reported at the part in the YAML (``lumbar.content.catalogue`` turns it into a
``file:line:col`` content error, so ``lumbar check`` and every build fail on it).

Two facts of ``steps_say:`` are measured the same way: ``flat_on`` (a part lying flat along
its whole length, such as forearms flat on the floor: each end of it within the tolerance)
and ``clear_of`` (a part kept off a surface, such as the back off the wall before the steps
lean on it: more than the tolerance from it all along).

Every pose is also checked for limbs drawn through what it rests on: below the floor line,
or over a mat's thickness (its front edge seen from above, its strip seen from the side),
which reads as a limb sunk into the floor. That is reported at the mat in ``props:`` (or at
``base:`` for the floor). And a body lying on its back or front rests its shoulders on the
floor, and then its head, unless the pose says what holds them (``contacts``, or an arm
propped under the shoulder) or how high the steps lift them (``steps_say: height``): a head
drawn in the air with nothing under it is reported at ``base:``.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator, Sequence

from lumbar.content.models import Exercise, Figure, Pose
from lumbar.content.poses import (
    BASE_POSES,
    CONTACT_SIDES,
    FLAT_TOLERANCE,
    LINE_UP_TOLERANCE,
    TOUCH_TOLERANCE,
    Base,
    ContactPart,
    Prop,
    Surface,
)
from lumbar.content.reader import Loc
from lumbar.figures.body import Piece, Posed, contact_groups, floor_gap, part_pieces
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


def _gap(drawn: Scene, surface: Surface, pieces: Sequence[Piece], farthest: bool = False) -> float:
    """How far ``pieces`` are from ``surface`` in the picture ``drawn``, cm: their nearest point,
    or with ``farthest`` the end of a piece furthest from it (a part lying flat on a surface
    has every end on it)."""
    if farthest:
        return max(_gap(drawn, surface, [Piece(end, end, piece.r)]) for piece in pieces for end in (piece.a, piece.b))
    if surface in (Surface.FLOOR, Surface.MAT):  # a mat lies on the floor: both are at height 0
        return floor_gap(pieces)
    return _prop_gap(pieces, drawn.props[Prop(surface.value)], drawn.posed.elevation)


def _plural(part: ContactPart) -> bool:
    return part in (ContactPart.SHOULDERS, ContactPart.HIPS) or CONTACT_SIDES.get(part, ("",))[0] == "near"


def _no_surface(posed: Posed, surface: Surface, part: ContactPart) -> str | None:
    """Why the picture has no ``surface`` to measure ``part`` against, or None."""
    if surface is Surface.FLOOR and _floats(posed):
        return f"the picture has no floor (the body floats in the water); take {part.value} out of this list"
    if surface is not Surface.FLOOR and Prop(surface.value) not in posed.props:
        return (f"the picture has no {surface.value}; add {surface.value} to this pose's props, "
                f"or list {part.value} under the surface {'they touch' if _plural(part) else 'it touches'}")
    return None


def _part_words(part: ContactPart, side: str) -> tuple[str, str]:
    """(what a message calls one side of ``part``, its verb "is" or "are")."""
    if side == "":
        return _TRUNK_WORDS[part]
    return f"the {side} {_limb(part)} ({'facing you' if side == 'near' else 'behind'})", "is"


def part_problem(pose: Pose, surface: Surface, part: ContactPart, drawn_scene: Scene | None = None) -> str | None:
    """Why ``part`` does not touch ``surface`` in the picture of ``pose`` (``drawn_scene``, the
    pose drawn alone when not given), or None if it does."""
    drawn_scene = drawn_scene or _scene(pose.model_dump_json())
    posed = drawn_scene.posed
    noun = f"the {surface.value}"
    plural = _plural(part)
    they, them = ("they touch", "them") if plural else ("it touches", "it")
    absent = _no_surface(posed, surface, part)
    if absent:
        return absent
    gaps = [(side, _gap(drawn_scene, surface, pieces)) for side, pieces in contact_groups(posed.segs, part)]
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


def _sides(part: ContactPart) -> tuple[str, ...]:
    """The sides of ``part`` measured one by one: "" for the head and trunk, else both."""
    return ("",) if part not in CONTACT_SIDES else ("near", "far")


# What lies flat of a whole leg or arm: from the knee or the elbow down. A leg flat on the
# floor has its hip joint held up in the pelvis and its foot standing up from the floor, and
# an arm its shoulder end on the trunk.
_FLAT_PIECES: dict[ContactPart, tuple[ContactPart, ...]] = {
    ContactPart.LEG: (ContactPart.KNEE, ContactPart.SHIN), ContactPart.LEGS: (ContactPart.KNEE, ContactPart.SHIN),
    ContactPart.ARM: (ContactPart.FOREARM, ContactPart.HAND), ContactPart.ARMS: (ContactPart.FOREARM, ContactPart.HAND),
}


def flat_problem(drawn: Scene, surface: Surface, part: ContactPart) -> str | None:
    """Why ``part`` does not lie flat on ``surface`` along its whole length in the picture
    ``drawn`` (every end of it within FLAT_TOLERANCE; for a leg or an arm, from the knee or the
    elbow down): on both sides for a plural, on one for a singular; None if it
    does."""
    absent = _no_surface(drawn.posed, surface, part)
    if absent:
        return absent

    def pieces(side: str) -> list[Piece]:
        return [piece for each in _FLAT_PIECES.get(part, (part,)) for piece in part_pieces(drawn.posed.segs, each, side)]

    far = {side: _gap(drawn, surface, pieces(side), farthest=True) for side in _sides(part)}
    raised = [side for side in far if far[side] > FLAT_TOLERANCE]
    if not raised or CONTACT_SIDES.get(part) == ("either",) and len(raised) < 2:
        return None
    what, verb = _part_words(part, raised[0])
    return (f"{what} {verb} not flat on the {surface.value} in the picture: part of it is {_cm(far[raised[0]])} from it; "
            f"the steps lay it flat along its whole length: change the angles until it lies flat")


def clear_problem(drawn: Scene, surface: Surface, part: ContactPart) -> str | None:
    """Why ``part`` is not kept off ``surface`` in the picture ``drawn`` (more than
    TOUCH_TOLERANCE from it all along, on both sides for an arm or leg); None if it is."""
    absent = _no_surface(drawn.posed, surface, part)
    if absent:
        return absent
    for side in _sides(part):
        gap = _gap(drawn, surface, part_pieces(drawn.posed.segs, part, side))
        if gap <= TOUCH_TOLERANCE:
            what, verb = _part_words(part, side)
            based = surface is not Surface.FLOOR and Prop(surface.value) in BASE_POSES[drawn.posed.pose.base].props
            away = f"more than {TOUCH_TOLERANCE:g} cm away"
            fix = (f"use a base that does not rest on it (base: standing, with {surface.value} in props), so it is {away}"
                   if based else f"change the angles until it is {away}")
            return (f"{what} {verb} {'touching' if gap <= 0.5 else f'{_cm(gap)} from'} the {surface.value} in the picture; "
                    f"the steps keep it off the {surface.value} here: {fix}")
    return None


# Lying on the back or front, the shoulders rest on the floor unless the pose says what holds
# them up, and resting shoulders rest the head too.
_LYING = (Base.LYING_ON_BACK, Base.LYING_FACE_DOWN)


# An arm straighter than this (elbow bend, degrees) holds the body up on its hand.
STRAIGHT_ARM = 30.0


def _propped(posed: Posed) -> bool:
    """Whether an arm holds the shoulders up: its elbow on the floor under its shoulder (within
    LINE_UP_TOLERANCE across the floor), as when propped on the forearms, or its hand there
    with the arm straight, as in a press-up from the hands."""
    angles = posed.placement.angles if posed.placement else None
    for side in ("near", "far"):
        shoulder = posed.points[f"{side}-shoulder"]
        straight = angles is not None and angles.side("elbows", side) <= STRAIGHT_ARM
        for point, part in (("elbow", ContactPart.FOREARMS), ("hand", ContactPart.HANDS))[:2 if straight else 1]:
            joint = posed.points[f"{side}-{point}"]
            under = math.hypot(joint[0] - shoulder[0], joint[2] - shoulder[2]) <= LINE_UP_TOLERANCE
            if under and joint[1] < shoulder[1] and floor_gap(part_pieces(posed.segs, part, side)) <= TOUCH_TOLERANCE:
                return True
    return False


def unsupported_problems(pose: Pose, drawn: Scene) -> list[tuple[tuple[str | int, ...], str]]:
    """The shoulders, or with the shoulders down the head, of a body lying on its back or front
    drawn off the floor with nothing to hold them: not listed under ``contacts`` (on the floor
    or a prop, where that check measures them), not propped on an arm (``_propped``) and given
    no ``steps_say: height`` (the steps lift them). At most one ``(("base",), message)``."""
    posed = drawn.posed
    if pose.base not in _LYING or _floats(posed):
        return []
    declared = {part for _, parts in pose.contacts or () for part in parts}
    heights = pose.steps_say.height if pose.steps_say else None
    declared |= {part for part in ContactPart if heights is not None and getattr(heights, part.value.replace("-", "_"))}
    shoulders = floor_gap(part_pieces(posed.segs, ContactPart.SHOULDERS, ""))
    if shoulders > TOUCH_TOLERANCE:
        if ContactPart.SHOULDERS in declared or _propped(posed):
            return []
        part, gap = ContactPart.SHOULDERS, shoulders
    else:
        part, gap = ContactPart.HEAD, floor_gap(part_pieces(posed.segs, ContactPart.HEAD, ""))
        if gap <= TOUCH_TOLERANCE or part in declared:
            return []
    what, verb = _TRUNK_WORDS[part]
    it, they, rest, lie = ("them", "they", "rest", "lie") if verb == "are" else ("it", "it", "rests", "lies")
    return [(("base",), (
        f"lying down, {what} {verb} {_cm(gap)} off the floor in the picture with nothing under {it}; if {they} "
        f"{rest}, change the angles until {they} {lie} on the floor and list {part.value} under contacts; "
        f"if the steps lift {it}, say how far: steps_say: height: {{{part.value}: ...}}"))]


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
        for where, problem in unsupported_problems(pose, drawn):
            yield ("figure", which, *where), problem
        said = pose.steps_say
        for surface in Surface:
            for index, part in enumerate(getattr(pose.contacts, surface.value) if pose.contacts else ()):
                found = part_problem(pose, surface, part, drawn)
                if found:
                    yield ("figure", which, "contacts", surface.value, index), found
            for fact, measure in (("flat_on", flat_problem), ("clear_of", clear_problem)):
                listed = getattr(said, fact) if said is not None else None
                for index, part in enumerate(getattr(listed, surface.value) if listed is not None else ()):
                    found = measure(drawn, surface, part)
                    if found:
                        yield ("figure", which, "steps_say", fact, surface.value, index), found


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


__all__ = ["clear_problem", "contact_problems", "flat_problem", "part_problem", "picture_problems",
           "through_problems", "unsupported_problems"]
