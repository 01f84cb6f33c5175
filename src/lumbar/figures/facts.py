"""What the steps say, checked against the picture (``steps_say:`` in a pose).

A pose may state facts its exercise's steps give: which knee is down, which leg is lifted,
which way the body turns (``knee_down``, ``leg_up``, ``turns_to``: left or right), the range
a joint may bend to (``angles: {knees: 15-60}``, degrees, from the pose data), how far a part
is off the floor (``height: {foot: 10-20}``, cm, measured on the posed body), where the
hands rest on the body (``hands_on``, both hands; ``hand_on``, at least one: measured on the
body and in the picture, so a hand behind a thigh is not drawn over the shin), joints one over
another (``lined_up: [knees over ankles]``) and parts that stay where they are in the other
picture of the pair (``stays: [hands, knees]``). Each is measured in the figure; a picture
that disagrees is a problem at the fact's line, which ``lumbar.content.catalogue`` turns into
a ``file:line:col`` content error. Facts about surfaces (``flat_on``, ``clear_of``) are
measured with the contacts (``lumbar.figures.contacts``).

Sides: the near side of the picture is the body's right seen from the side and its left seen
from the front (lying on one side), the other way round when the pose says ``facing: left``
(``lumbar.content.poses.near_side``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from lumbar.content.models import Exercise, Pose, StepsSay
from lumbar.content.poses import (
    ANGLE_FACTS,
    BASE_POSES,
    CONTACT_SIDES,
    HAND_TARGET_PIECES,
    LIFT_CLEARANCE,
    LINE_UP_TOLERANCE,
    STAY_TOLERANCE,
    TOUCH_TOLERANCE,
    TURN_CLEARANCE,
    BodySide,
    ContactPart,
    Facing,
    HandTarget,
    Prop,
    near_side,
    read_line_up,
)
from lumbar.content.reader import Loc
from lumbar.figures.body import Piece, Posed, Segment, floor_gap, part_pieces, pose_angles
from lumbar.figures.draw import WHICH
from lumbar.figures.geometry import point_to_segment, point_to_segment_2d, vadd, vdot, vmul, vsub
from lumbar.figures.shapes import to_screen

SIDES = ("near", "far")
# A hand on the front or back of a part is within 60 degrees of straight in front or behind
# it (round its axis): a hand at the side of the waist is not on the small of the back.
FACE_COSINE = 0.5
_FACING = {"near": "facing you", "far": "behind"}
# What a message calls each hand target.
_TARGET_WORDS: dict[HandTarget, str] = {
    HandTarget.LOWER_BACK: "the small of the back",
    HandTarget.HIPS: "the hips",
    HandTarget.STOMACH: "the stomach",
    HandTarget.CHEST: "the chest",
    HandTarget.THIGH: "the front of a thigh",
    HandTarget.BACK_OF_THIGH: "the back of a thigh",
    HandTarget.KNEE: "a knee",
    HandTarget.SHIN: "the front of a shin",
    HandTarget.HEAD: "the head",
    HandTarget.OUTSIDE_OF_KNEE: "the outside of a knee",
}
# What a message calls a segment a hand is drawn over.
_SEEN_WORDS = {"pelvis": "the buttocks and hips", "lower_trunk": "the lower trunk", "upper_trunk": "the chest",
               "neck": "the neck", "head": "the head", "nose": "the face", "thigh": "thigh", "shin": "shin",
               "foot": "foot"}


def _swap(pose: Pose) -> str:
    """How to show the other side: mirror the picture, or swap the sides' angles."""
    other = Facing.LEFT if pose.facing is Facing.RIGHT else Facing.RIGHT
    shown = near_side(BASE_POSES[pose.base].view, other)
    return (f"set facing: {other.value} to draw the figure the other way round (its {shown.value} side towards you), "
            "or swap the near and far angles")


def sides_of(pose: Pose) -> dict[str, BodySide]:
    """``{"near": body side, "far": body side}`` for the picture of ``pose``."""
    near = near_side(BASE_POSES[pose.base].view, pose.facing)
    far = BodySide.LEFT if near is BodySide.RIGHT else BodySide.RIGHT
    return {"near": near, "far": far}


def _pieces(posed: Posed, part: ContactPart, side: str) -> list[Piece]:
    """The pieces of ``part`` on one side ("" for the head and trunk)."""
    return part_pieces(posed.segs, part, side)


def _floats(posed: Posed) -> bool:
    return Prop.WATER in posed.props and posed.points["pelvis"][1] < 0


def _cm(value: float) -> str:
    return f"{max(value, 0.0):.1f} cm"


def knee_down_problem(pose: Pose, posed: Posed, said: BodySide) -> str | None:
    """Why the picture does not rest the ``said`` knee on the floor (and only that one)."""
    sides = sides_of(pose)
    gaps = {side: floor_gap(_pieces(posed, ContactPart.KNEES, side)) for side in SIDES}
    down = [side for side in SIDES if gaps[side] <= TOUCH_TOLERANCE]
    if not down:
        low = min(SIDES, key=lambda side: gaps[side])
        return (f"neither knee rests on the floor in the picture (the lower, the {sides[low].value}, is "
                f"{_cm(gaps[low])} up); the steps put the {said.value} knee down: change the angles until it rests there")
    if len(down) == 2:
        return (f"both knees rest on the floor in the picture; the steps put only the {said.value} knee down: "
                f"lift the other knee")
    side = down[0]
    if sides[side] is said:
        return None
    return (f"the picture shows the {sides[side].value} knee down (the {side} knee, {_FACING[side]}); the steps say "
            f"the {said.value}: {_swap(pose)}")


def leg_up_problem(pose: Pose, posed: Posed, said: BodySide) -> str | None:
    """Why the picture does not lift the ``said`` leg higher than the other (by its foot)."""
    sides = sides_of(pose)
    feet = {side: floor_gap(_pieces(posed, ContactPart.FEET, side)) for side in SIDES}
    high, low = sorted(SIDES, key=lambda side: -feet[side])
    if feet[high] - feet[low] < LIFT_CLEARANCE:
        return (f"neither leg is lifted in the picture (the feet are within {LIFT_CLEARANCE:g} cm of the same height); "
                f"the steps lift the {said.value} leg: change its hip and knee angles")
    if sides[high] is said:
        return None
    return (f"the picture lifts the {sides[high].value} leg (the {high} leg, {_FACING[high]}); the steps say the "
            f"{said.value}: {_swap(pose)}")


def turns_to_problem(pose: Pose, said: BodySide) -> str | None:
    """Why the picture does not turn the chest towards the ``said`` side (``twist``: positive
    turns the chest towards the near side)."""
    sides = sides_of(pose)
    twist = pose_angles(pose).one("twist")
    if abs(twist) < TURN_CLEARANCE:
        return (f"the picture does not turn the upper body (twist is {twist:g} degrees); the steps turn it to the "
                f"{said.value}: set twist to {TURN_CLEARANCE:g} degrees or more")
    toward = sides["near"] if twist > 0 else sides["far"]
    if toward is said:
        return None
    return (f"the picture turns the upper body to the {toward.value} (twist {twist:g}); the steps say the {said.value}: "
            f"change the sign of twist, or {_swap(pose)}")


def angle_problem(pose: Pose, key: str, span: tuple[float, float]) -> str | None:
    """Why a joint of the pose data is outside the range the steps allow."""
    joint, which = ANGLE_FACTS[key]
    angles = pose_angles(pose)
    low, high = span

    def inside(value: float) -> bool:
        return low <= value <= high

    allowed = f"the steps allow {low:g} to {high:g} degrees"
    if which == "body":
        value = angles.one(joint)
        return None if inside(value) else f"{joint} is {value:g} degrees in this picture; {allowed}: change {joint}"
    values = {side: angles.side(joint, side) for side in SIDES}
    wrong = [side for side in SIDES if not inside(values[side])]
    if which == "either" and len(wrong) < 2 or which == "both" and not wrong:
        return None
    shown = f"near {values['near']:g}, far {values['far']:g}"
    if which == "either":
        return f"neither {joint.removesuffix('s')} is in range in this picture ({shown} degrees); {allowed}: change {joint}"
    if len(wrong) == 2:
        return f"both {joint} are out of range in this picture ({shown} degrees); {allowed}: change {joint}"
    side = wrong[0]
    return (f"the {side} {joint.removesuffix('s')} ({_FACING[side]}) is {values[side]:g} degrees in this picture; "
            f"{allowed}: change {joint}")


def height_problem(posed: Posed, part: ContactPart, span: tuple[float, float]) -> str | None:
    """Why a body part is not as far off the floor as the steps say, measured on the posed body."""
    low, high = span
    if _floats(posed):
        return "the picture has no floor (the body floats in the water); take this height out"
    said = f"the steps say {low:g} to {high:g} cm: change the angles"
    sides = CONTACT_SIDES.get(part)
    if sides is None:
        height = floor_gap(_pieces(posed, part, ""))
        return None if low <= height <= high else f"the {part.value} {'are' if part in (ContactPart.SHOULDERS, ContactPart.HIPS) else 'is'} {_cm(height)} off the floor in the picture; {said}"
    heights = {side: floor_gap(_pieces(posed, part, side)) for side in SIDES}
    wrong = [side for side in SIDES if not low <= heights[side] <= high]
    name = part.value if sides == ("either",) else {"feet": "foot"}.get(part.value, part.value.removesuffix("s"))
    if sides == ("either",):
        if len(wrong) < 2:
            return None
        return (f"neither {name} is {low:g} to {high:g} cm off the floor in the picture (near {_cm(heights['near'])}, "
                f"far {_cm(heights['far'])}); {said}")
    if not wrong:
        return None
    side = wrong[0]
    return f"the {side} {name} ({_FACING[side]}) is {_cm(heights[side])} off the floor in the picture; {said}"


def _cosine(u: tuple[float, float, float], v: tuple[float, float, float]) -> float:
    return vdot(u, v) / (math.sqrt(vdot(u, u)) * math.sqrt(vdot(v, v)) or 1.0)


def _hand_gap(posed: Posed, hand: Segment, target: HandTarget) -> tuple[float, str]:
    """(gap, where): how far the hand is from the nearest piece of the target, surface to
    surface (negative inside it), and where it is: "on" the face the target names, "past" the
    end of the piece (its centre beyond the piece's length, as a hand on the buttocks is past
    the small of the back), or "off" the face (beside the part, or on its other side)."""
    by_name = {seg.name: seg for seg in posed.segs}
    # Away from the body's middle, for each side's limbs: the near side is +z in the body.
    outward = {"near": vsub(posed.points["near-hip"], posed.points["far-hip"]),
               "far": vsub(posed.points["far-hip"], posed.points["near-hip"])}
    rank = {"on": 2, "past": 1, "off": 0}
    best: tuple[float, str] | None = None
    for name, t0, t1, face in HAND_TARGET_PIECES[target]:
        for side in (SIDES if "{side}" in name else ("",)):
            seg = by_name[name.format(side=side)]
            d = vsub(seg.b, seg.a)
            a, b = vadd(seg.a, vmul(d, t0)), vadd(seg.a, vmul(d, t1))
            gap = point_to_segment(hand.a, a, b) - hand.r - seg.r
            along = vdot(vsub(hand.a, a), vsub(b, a)) / (vdot(vsub(b, a), vsub(b, a)) or 1.0)
            closest = vadd(a, vmul(vsub(b, a), max(0.0, min(1.0, along))))
            offset = vsub(hand.a, closest)
            if face == "any":
                on_face = True
            elif face == "outside":
                on_face = _cosine(offset, outward[side]) >= FACE_COSINE
            else:
                on_face = (1 if face == "front" else -1) * _cosine(offset, seg.front) >= FACE_COSINE
            # A ball (the head, the pelvis) has no length to be past.
            within = seg.a == seg.b or -0.05 <= along <= 1.05
            where = "off" if not on_face else "on" if within else "past"
            if best is None or (rank[where], -gap) > (rank[best[1]], -best[0]):
                best = (gap, where)
    assert best is not None
    return best


def seen_on(posed: Posed, side: str) -> Segment | None:
    """The part of the body the ``side`` hand is drawn over in the picture (seen from the
    pose's elevation): the segment whose outline the hand's centre lies deepest inside, the
    arms left out; None when it is drawn clear of the body (beside it, or behind the back)."""
    e = posed.elevation
    hand = to_screen(posed.points[f"{side}-hand"], e)
    best: tuple[float, Segment] | None = None
    for seg in posed.segs:
        if seg.group.endswith("-arm"):
            continue
        depth = seg.r - point_to_segment_2d(hand, to_screen(seg.a, e), to_screen(seg.b, e))
        if depth > 0 and (best is None or depth > best[0]):
            best = (depth, seg)
    return best[1] if best else None


def _seen_words(seg: Segment) -> str:
    side, _, part = seg.name.rpartition("-")
    return f"the {side} {_SEEN_WORDS[part]}" if side else _SEEN_WORDS[part]


def hands_problem(posed: Posed, target: HandTarget, both: bool) -> str | None:
    """Why the hands (both, or at least one) do not rest on ``target``: a hand rests when its
    surface is within TOUCH_TOLERANCE of the target's, on the named face, and not sunk into it."""
    where = _TARGET_WORDS[target]
    by_name = {seg.name: seg for seg in posed.segs}
    problems: dict[str, str] = {}
    # The segments a hand may be drawn over: the target's own (on either side for a limb).
    allowed = {name.format(side=side) for name, *_ in HAND_TARGET_PIECES[target] for side in SIDES}
    for side in SIDES:
        gap, found = _hand_gap(posed, by_name[f"{side}-hand"], target)
        seen = seen_on(posed, side)
        if found == "off":
            problems[side] = f"is beside the body or on its other side, not on {where},"
        elif found == "past":
            problems[side] = f"is past the end of {where}, not on it,"
        elif gap > TOUCH_TOLERANCE:
            problems[side] = f"is {_cm(gap)} from {where}"
        elif gap < -by_name[f"{side}-hand"].r:
            problems[side] = f"is drawn inside the body at {where}, not resting on it"
        elif seen is not None and seen.name not in allowed:
            problems[side] = f"is drawn over {_seen_words(seen)}, so it reads as holding that, not {where},"
    fix = "change the shoulders and elbows until it rests there"
    if both and problems:
        side, what = next(iter(problems.items()))
        return f"the {side} hand ({_FACING[side]}) {what} in the picture; the steps put both hands on {where}: {fix}"
    if not both and len(problems) == 2:
        # Both hands' reasons: the one meant to rest there may be either.
        each = "; ".join(f"the {side} hand ({_FACING[side]}) {what.rstrip(',')}" for side, what in problems.items())
        return (f"neither hand rests on {where} in the picture ({each}); "
                f"the steps put a hand there: {fix}")
    return None


def _horizontal(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """How far apart two points are across the floor (y is up), cm."""
    return math.hypot(a[0] - b[0], a[2] - b[2])


def line_up_problem(posed: Posed, text: str) -> str | None:
    """Why the picture does not put one joint over the other, as ``text`` ("knees over
    ankles") says: within LINE_UP_TOLERANCE across the floor, and above it."""
    said = read_line_up(text)
    misses: dict[str, str] = {}
    for side in SIDES:
        upper, lower = posed.points[f"{side}-{said.upper}"], posed.points[f"{side}-{said.lower}"]
        apart = _horizontal(upper, lower)
        if upper[1] <= lower[1]:
            misses[side] = f"the {side} {said.upper} ({_FACING[side]}) is not above the {said.lower}"
        elif apart > LINE_UP_TOLERANCE:
            misses[side] = f"the {side} {said.upper} ({_FACING[side]}) is {apart:.1f} cm across from the {said.lower}"
    if said.which == "either" and len(misses) < 2 or not misses:
        return None
    first = next(iter(misses.values()))
    return (f"{first} in the picture; the steps say {text} (within {LINE_UP_TOLERANCE:g} cm across the floor): "
            f"change the angles until the {said.upper} is over the {said.lower}")


def _part_place(pieces: Sequence[Piece]) -> tuple[float, float, float]:
    """The middle of a part's pieces."""
    ends = [p for piece in pieces for p in (piece.a, piece.b)]
    return (sum(p[0] for p in ends) / len(ends), sum(p[1] for p in ends) / len(ends), sum(p[2] for p in ends) / len(ends))


def stays_problem(posed: Posed, other: Posed, part: ContactPart) -> str | None:
    """Why ``part`` is not where it is in the other picture of the pair (both placed in one
    world): more than STAY_TOLERANCE away, on both sides for a plural, on one for a singular."""
    sides = CONTACT_SIDES.get(part)
    checked = ("",) if sides is None else SIDES
    distances = {side: math.dist(_part_place(_pieces(posed, part, side)), _part_place(_pieces(other, part, side)))
                 for side in checked}
    moved = [side for side in checked if distances[side] > STAY_TOLERANCE]
    if not moved or sides == ("either",) and len(moved) < 2:
        return None
    side = moved[0]
    if side == "":
        what = f"the {part.value} move" if part in (ContactPart.SHOULDERS, ContactPart.HIPS) else f"the {part.value} moves"
    else:
        name = {"feet": "foot"}.get(part.value, part.value.removesuffix("s"))
        what = f"the {side} {name} ({_FACING[side]}) moves"
    return (f"{what} {distances[side]:.1f} cm between the start and end pictures; the steps keep it where it is "
            f"(within {STAY_TOLERANCE:g} cm): change the angles until it stays")


def say_problems(pose: Pose, posed: Posed, other: Posed | None = None) -> Iterator[tuple[Loc, str]]:
    """Every fact in ``pose.steps_say`` the posed figure breaks: ``(loc within steps_say,
    message)``. ``other`` is the other picture of the pair, in the same world, for ``stays``."""
    said: StepsSay | None = pose.steps_say
    if said is None:
        return
    checks: list[tuple[Loc, str | None]] = [
        (("knee_down",), said.knee_down and knee_down_problem(pose, posed, said.knee_down)),
        (("leg_up",), said.leg_up and leg_up_problem(pose, posed, said.leg_up)),
        (("turns_to",), said.turns_to and turns_to_problem(pose, said.turns_to)),
        (("hands_on",), said.hands_on and hands_problem(posed, said.hands_on, both=True)),
        (("hand_on",), said.hand_on and hands_problem(posed, said.hand_on, both=False)),
    ]
    if said.angles is not None:
        for key in ANGLE_FACTS:
            span = getattr(said.angles, key)
            if span is not None:
                checks.append((("angles", key), angle_problem(pose, key, span)))
    if said.height is not None:
        for part in ContactPart:
            span = getattr(said.height, part.value.replace("-", "_"))
            if span is not None:
                checks.append((("height", part.value), height_problem(posed, part, span)))
    for index, text in enumerate(said.lined_up or []):
        checks.append((("lined_up", index), line_up_problem(posed, text)))
    if other is not None:
        for index, part in enumerate(said.stays or []):
            checks.append((("stays", index), stays_problem(posed, other, part)))
    for loc, problem in checks:
        if problem:
            yield loc, problem


def fact_problems(exercise: Exercise, posed: Sequence[Posed]) -> Iterator[tuple[Loc, str]]:
    """Every ``steps_say`` fact of an exercise's figure that its pictures break, as ``(loc in the
    YAML, message)``; ``posed`` holds the start and end figures as drawn."""
    for which, placed, other in zip(WHICH, posed, reversed(posed)):
        pose: Pose = getattr(exercise.figure, which)
        for loc, problem in say_problems(pose, placed, other):
            yield ("figure", which, "steps_say", *loc), problem


__all__ = ["fact_problems", "say_problems", "seen_on", "sides_of"]
