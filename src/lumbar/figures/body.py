"""The posed body: joint angles to a 3-D skeleton resting on the floor (forward kinematics,
settling under the centre of mass). Units are centimetres; the vector maths is in geometry.py."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from lumbar.content.models import Pose
from lumbar.content.poses import (
    BASE_POSES,
    BELLY_DRAW_IN,
    BODY,
    BODY_JOINTS,
    CONTACT_PIECES,
    CONTACT_SIDES,
    SEGMENT_MASS,
    SIDE_JOINTS,
    TOUCH_TOLERANCE,
    Base,
    Belly,
    ContactPart,
    Prop,
    Side,
)
from lumbar.figures.geometry import (
    IDENTITY,
    M3,
    V2,
    V3,
    capsule_gap,
    convex_hull,
    distance,
    matmul,
    matvec,
    rot_about,
    rot_y,
    rot_z,
    vadd,
    vdot,
    vmul,
    vsub,
    vunit,
)

GAP = 1.6  # the gap drawn around near limbs where they cross the body


SETTLE_LIMIT = 60.0  # degrees a body may turn while settling onto the floor


CRANK_HEIGHT = 34.0  # bike crank above the floor


PEDAL_HEIGHT = 16.0  # elliptical pedals above the floor


WATER_DEPTH = 112.0  # water surface above the pool floor when standing


# Body axes: x forward (front of the body), y up the spine, z towards the near side.
# Side view: the figure faces right and its near side faces the viewer.
# Front view: the figure's front faces the viewer; turned 90 degrees it lies on its side.
VIEW_MATRIX: dict[str, M3] = {
    "side": IDENTITY,
    "front": ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0), (1.0, 0.0, 0.0)),
}


@dataclass(frozen=True)
class Segment:
    """One rounded limb (a capsule from ``a`` to ``b``; a ball when they are equal)."""

    name: str  # pelvis, lower_trunk, upper_trunk, neck, head, near-thigh, far-forearm, ...
    group: str  # trunk, near-leg, far-leg, near-arm, far-arm
    a: V3
    b: V3
    r: float
    front: V3  # the direction the front of this segment faces


@dataclass(frozen=True)
class Angles:
    """Every angle of one pose, with the base pose's values filled in."""

    values: dict[str, float | Side]

    def one(self, name: str) -> float:
        value = self.values[name]
        assert isinstance(value, float)
        return value

    def side(self, name: str, which: str) -> float:
        value = self.values[name]
        assert isinstance(value, Side)
        return value.near if which == "near" else value.far


def pose_angles(pose: Pose) -> Angles:
    """The base pose's angles with the pose's own values laid over them."""
    values = dict(BASE_POSES[pose.base].angles)
    for name in BODY_JOINTS:
        given = getattr(pose, name)
        if given is not None:
            values[name] = float(given)
    for name in SIDE_JOINTS:
        given = getattr(pose, name)
        if given is not None:
            default = values[name]
            assert isinstance(default, Side)
            values[name] = Side(
                default.near if given.near is None else float(given.near),
                default.far if given.far is None else float(given.far),
            )
    return Angles(values)


def skeleton(angles: Angles, flat: dict[str, float] | None = None, *, belly_in: float = 0.0,
             top_leg_rests: bool = False) -> tuple[list[Segment], dict[str, V3]]:
    """Forward kinematics in the body's own frame (pelvis at the origin, upright).

    ``flat`` maps a side to the body's turn in the picture: that foot is then laid flat
    (its ankle follows from the rest of the leg, as when a foot stands on the floor).
    ``belly_in`` is how far the belly wall is drawn in toward the spine, cm (the back stays).
    ``top_leg_rests``: the near leg falls sideways onto the far one before any ``hips_out``
    opening (lying on one side).
    """
    flat = flat or {}
    b = BODY
    segs: list[Segment] = []
    points: dict[str, V3] = {}
    forward: V3 = (1.0, 0.0, 0.0)
    origin: V3 = (0.0, 0.0, 0.0)
    # The spine bends in two places (low back and mid back), so a bent back reads as a curve.
    lumbar = rot_z(-0.45 * angles.one("trunk"))
    waist = matvec(lumbar, (0.0, b.lower_trunk, 0.0))
    chest = matmul(matmul(lumbar, rot_z(-0.55 * angles.one("trunk"))), rot_y(-angles.one("twist")))
    shoulder = vadd(waist, matvec(chest, (0.0, b.upper_trunk, 0.0)))
    neck = matmul(chest, rot_z(-angles.one("neck")))
    neck_top = vadd(shoulder, matvec(neck, (0.5, b.neck + 2.0, 0.0)))
    head = vadd(shoulder, matvec(neck, (2.0, b.neck + b.head_r + 1.5, 0.0)))
    points.update(pelvis=origin, waist=waist, shoulders=shoulder, head=head, chest=vmul(vadd(waist, shoulder), 0.5))
    segs.append(Segment("pelvis", "trunk", origin, origin, b.pelvis_r, forward))
    # A drawn-in belly: the lower trunk thins from the front only (its axis moves back by half
    # the amount and its radius shrinks by half), so the back keeps its place on the floor.
    belly_shift = matvec(lumbar, (-belly_in / 2, 0.0, 0.0))
    segs.append(Segment("lower_trunk", "trunk", vadd(origin, belly_shift), vadd(waist, belly_shift),
                        b.waist_r - belly_in / 2, matvec(lumbar, forward)))
    chest_top = vadd(waist, matvec(chest, (0.0, b.upper_trunk - 5.0, 0.0)))
    segs.append(Segment("upper_trunk", "trunk", vadd(waist, matvec(chest, (0.0, 4.0, 0.0))), chest_top,
                        b.chest_r, matvec(chest, forward)))
    segs.append(Segment("neck", "trunk", shoulder, neck_top, b.neck_r, matvec(neck, forward)))
    segs.append(Segment("head", "trunk", head, head, b.head_r, matvec(neck, forward)))
    nose = vadd(head, matvec(neck, (b.head_r - 0.2, -2.0, 0.0)))
    segs.append(Segment("nose", "trunk", nose, nose, 3.0, matvec(neck, forward)))

    legs = {side: _leg(angles, flat, side) for side in ("near", "far")}
    if top_leg_rests:
        legs["near"] = _rest_on(legs["near"], legs["far"])
    for side, sign in (("near", 1.0), ("far", -1.0)):
        lateral: V3 = (0.0, 0.0, sign)
        hip = (0.0, 0.0, sign * b.hip_half_width)
        leg, fronts = legs[side]
        opening = angles.side("hips_out", side)
        if opening:
            # Hip and knee bent: the knee swings out about the hip-ankle line and the foot stays
            # (clamshell, knee rolls). Hip straight: the whole leg opens sideways (side plank).
            bent = angles.side("knees", side) >= 30 and angles.side("hips", side) >= 30
            axis = vunit(vsub(leg["ankle"], hip)) if bent else forward
            probe = leg["knee"] if bent else leg["ankle"]
            turn = _opening(axis, hip, probe, lateral, opening)
            leg = {k: vadd(hip, matvec(turn, vsub(p, hip))) for k, p in leg.items()}
            fronts = {k: matvec(turn, v) for k, v in fronts.items()}
        segs.append(Segment(f"{side}-thigh", f"{side}-leg", hip, leg["knee"], b.thigh_r, fronts["thigh"]))
        segs.append(Segment(f"{side}-shin", f"{side}-leg", leg["knee"], leg["ankle"], b.shin_r, fronts["shin"]))
        segs.append(Segment(f"{side}-foot", f"{side}-leg", leg["heel"], leg["toe"], b.foot_r, fronts["foot"]))
        points.update({f"{side}-hip": hip, f"{side}-knee": leg["knee"], f"{side}-ankle": leg["ankle"],
                       f"{side}-heel": leg["heel"], f"{side}-toe": leg["toe"]})

        joint = vadd(shoulder, matvec(chest, (0.0, 0.0, sign * b.shoulder_half_width)))
        upper = matmul(chest, rot_z(angles.side("shoulders", side)))
        elbow = vadd(joint, matvec(upper, (0.0, -b.upper_arm, 0.0)))
        lower = matmul(upper, rot_z(angles.side("elbows", side)))
        hand = vadd(elbow, matvec(lower, (0.0, -b.forearm, 0.0)))
        arm_fronts = {"upper": matvec(upper, forward), "lower": matvec(lower, forward)}
        spread = angles.side("shoulders_out", side)
        if spread:
            turn = _opening(matvec(chest, forward), joint, elbow if distance(elbow, joint) > 1 else hand,
                            matvec(chest, lateral), spread)
            elbow, hand = (vadd(joint, matvec(turn, vsub(p, joint))) for p in (elbow, hand))
            arm_fronts = {k: matvec(turn, v) for k, v in arm_fronts.items()}
        segs.append(Segment(f"{side}-upper_arm", f"{side}-arm", joint, elbow, b.upper_arm_r, arm_fronts["upper"]))
        segs.append(Segment(f"{side}-forearm", f"{side}-arm", elbow, hand, b.forearm_r, arm_fronts["lower"]))
        segs.append(Segment(f"{side}-hand", f"{side}-arm", hand, hand, b.hand_r, arm_fronts["lower"]))
        points.update({f"{side}-shoulder": joint, f"{side}-elbow": elbow, f"{side}-hand": hand})
    return segs, points


Leg = tuple[dict[str, V3], dict[str, V3]]  # joints (knee, ankle, heel, toe) and segment fronts


def _leg(angles: Angles, flat: dict[str, float], side: str) -> Leg:
    """One leg from its hip, knee and ankle angles, before any sideways opening."""
    b = BODY
    forward: V3 = (1.0, 0.0, 0.0)
    hip = (0.0, 0.0, (1.0 if side == "near" else -1.0) * b.hip_half_width)
    thigh = rot_z(angles.side("hips", side))
    knee = vadd(hip, matvec(thigh, (0.0, -b.thigh, 0.0)))
    shin = matmul(thigh, rot_z(-angles.side("knees", side)))
    ankle = vadd(knee, matvec(shin, (0.0, -b.shin, 0.0)))
    foot = rot_z(-flat[side]) if side in flat else matmul(shin, rot_z(angles.side("ankles", side)))
    drop = -(b.ankle_height - b.foot_r)
    heel = vadd(ankle, matvec(foot, (-b.heel, drop, 0.0)))
    toe = vadd(ankle, matvec(foot, (b.toe, drop, 0.0)))
    return ({"knee": knee, "ankle": ankle, "heel": heel, "toe": toe},
            {"thigh": matvec(thigh, forward), "shin": matvec(shin, forward), "foot": matvec(foot, (0.0, 1.0, 0.0))})


LEG_FALL_LIMIT = 25.0  # degrees the top leg may fall sideways onto the bottom one


def _rest_on(top: Leg, bottom: Leg) -> Leg:
    """The near (top) leg turned sideways about its hip (towards the far side, about the
    body's front-back axis, so knee and foot move together) until it first touches the far leg.

    Lying on one side the hip joints are wider apart than legs are thick, so without this the
    top leg would hang in the air above the bottom one.
    """
    b = BODY
    hip: V3 = (0.0, 0.0, b.hip_half_width)
    radii = {"thigh": b.thigh_r, "shin": b.shin_r, "foot": b.foot_r}

    def capsules(leg: Leg, z: float) -> list[tuple[V3, V3, float]]:
        joints = leg[0]
        return [((0.0, 0.0, z), joints["knee"], radii["thigh"]), (joints["knee"], joints["ankle"], radii["shin"]),
                (joints["heel"], joints["toe"], radii["foot"])]

    under = capsules(bottom, -b.hip_half_width)

    def turned(degrees: float) -> Leg:
        turn = rot_about((1.0, 0.0, 0.0), degrees)
        joints, fronts = top
        return ({k: vadd(hip, matvec(turn, vsub(p, hip))) for k, p in joints.items()},
                {k: matvec(turn, v) for k, v in fronts.items()})

    def gap(degrees: float) -> float:
        over = capsules(turned(degrees), b.hip_half_width)
        return min(capsule_gap(p, q, r, pb, qb, rb) for (p, q, r) in over for (pb, qb, rb) in under)

    sign = _fall_sign(top[0]["ankle"], hip)
    if gap(0.0) <= 0.0:
        return top
    low, high = 0.0, LEG_FALL_LIMIT
    if gap(sign * high) > 0.0:
        return turned(sign * high)
    for _ in range(24):  # bisection: the gap shrinks as the leg falls
        mid = (low + high) / 2
        if gap(sign * mid) > 0.0:
            low = mid
        else:
            high = mid
    return turned(sign * low)


def _fall_sign(probe: V3, hip: V3) -> float:
    """+1 or -1: the sense of turning about the front-back axis that moves ``probe`` towards
    the far side (-z)."""
    rel = vsub(probe, hip)
    return 1.0 if matvec(rot_about((1.0, 0.0, 0.0), 1.0), rel)[2] < rel[2] else -1.0


def _opening(axis: V3, pivot: V3, probe: V3, lateral: V3, degrees: float) -> M3:
    """The rotation about ``axis`` that moves ``probe`` towards ``lateral`` by ``degrees``
    (away from it when ``degrees`` is negative)."""
    plus = rot_about(axis, abs(degrees))
    minus = rot_about(axis, -abs(degrees))
    rel = vsub(probe, pivot)
    outward = vdot(matvec(plus, rel), lateral) >= vdot(matvec(minus, rel), lateral)
    return plus if outward == (degrees > 0) else minus


def _mass(name: str) -> float:
    key = name.split("-", 1)[-1]
    return SEGMENT_MASS.get(key, 0.0)


def _centre_of_mass(segs: Sequence[Segment]) -> V3:
    total = 0.0
    acc: V3 = (0.0, 0.0, 0.0)
    for seg in segs:
        m = _mass(seg.name)
        acc = vadd(acc, vmul(vadd(seg.a, seg.b), m / 2))
        total += m
    return vmul(acc, 1.0 / total)


def _transform(segs: Sequence[Segment], points: dict[str, V3], m: M3,
               shift: V3 = (0.0, 0.0, 0.0)) -> tuple[list[Segment], dict[str, V3]]:
    moved = [Segment(s.name, s.group, vadd(matvec(m, s.a), shift), vadd(matvec(m, s.b), shift), s.r, matvec(m, s.front))
             for s in segs]
    return moved, {k: vadd(matvec(m, p), shift) for k, p in points.items()}


def outline_points(segs: Iterable[Segment], steps: int = 24) -> list[tuple[float, float]]:
    """Points on the outline of every segment, in the picture plane (x, y)."""
    out = []
    for seg in segs:
        for end in (seg.a, seg.b):
            for i in range(steps):
                t = 2 * math.pi * i / steps
                out.append((end[0] + seg.r * math.cos(t), end[1] + seg.r * math.sin(t)))
    return out


def _settle_turn(segs: Sequence[Segment], limit: float, rests_on: Sequence[ContactPart] = ()) -> float:
    """Degrees to turn the body (in the picture plane) so it rests on the floor.

    The body turns onto the edge of its outline whose span lies under its centre of mass,
    choosing the smallest such turn within ``limit``. If there is none (a pose held by
    muscle, such as a hip hinge), it turns onto the nearest edge so it stands on it flat.
    ``rests_on`` are the parts the pose says touch the floor (``contacts:``): when that turn
    lifts one of them, the body turns onto the edge nearest to it that keeps them all down
    (a partial crunch is held on the feet and hips by muscle); when no edge does, the first
    turn stands and the contact check reports the part.
    """
    com = _centre_of_mass(segs)
    hull = convex_hull(outline_points(segs))
    stable: float | None = None
    nearest: float | None = None
    edges: list[float] = []
    for i, p in enumerate(hull):
        q = hull[(i + 1) % len(hull)]
        turn = (-math.degrees(math.atan2(q[1] - p[1], q[0] - p[0])) + 180.0) % 360.0 - 180.0
        if abs(turn) > limit or math.hypot(q[0] - p[0], q[1] - p[1]) < 1e-6:
            continue
        edges.append(turn)
        if nearest is None or abs(turn) < abs(nearest):
            nearest = turn
        c, s = math.cos(math.radians(turn)), math.sin(math.radians(turn))
        px, qx = p[0] * c - p[1] * s, q[0] * c - q[1] * s
        cx = com[0] * c - com[1] * s
        if min(px, qx) - 0.5 <= cx <= max(px, qx) + 0.5 and (stable is None or abs(turn) < abs(stable)):
            stable = turn
    chosen = stable if stable is not None else (0.0 if nearest is None else nearest)
    if not rests_on:
        return chosen

    def all_down(turn: float) -> bool:
        moved, _ = _transform(segs, {}, rot_z(turn))
        lowest = lowest_y(moved)
        return all(floor_gap(pieces, lowest) <= TOUCH_TOLERANCE
                   for part in rests_on for _, pieces in contact_groups(moved, part))

    for turn in sorted([chosen, *edges], key=lambda t: (abs(t - chosen), t)):
        if all_down(turn):
            return turn
    return chosen


@dataclass(frozen=True)
class Piece:
    """A stretch of one rounded limb (a capsule from ``a`` to ``b``), measured for contacts."""

    a: V3
    b: V3
    r: float


def contact_groups(segs: Iterable[Segment], part: ContactPart) -> list[tuple[str, list[Piece]]]:
    """The pieces of the body a contact part must bring to its surface, in groups that must
    each touch: ``[(side, pieces)]``.

    The side is "" for the head and trunk (one group), "near" and "far" for a plural limb
    part such as ``feet`` (both must touch), and "either" for a singular one such as ``foot``
    (one group holding both sides' pieces: one touching is enough).
    """
    segs = list(segs)
    sides = CONTACT_SIDES.get(part)
    if sides is None:
        return [("", part_pieces(segs, part, ""))]
    if sides == ("either",):
        return [("either", part_pieces(segs, part, "near") + part_pieces(segs, part, "far"))]
    return [(side, part_pieces(segs, part, side)) for side in sides]


def part_pieces(segs: Iterable[Segment], part: ContactPart, side: str) -> list[Piece]:
    """The pieces of ``part`` on one side ("near" or "far"; "" for the head and trunk)."""
    by_name = {seg.name: seg for seg in segs}
    out = []
    for name, t0, t1 in CONTACT_PIECES[part]:
        seg = by_name[name.format(side=side)]
        d = vsub(seg.b, seg.a)
        out.append(Piece(vadd(seg.a, vmul(d, t0)), vadd(seg.a, vmul(d, t1)), seg.r))
    return out


def floor_gap(pieces: Iterable[Piece], floor: float = 0.0) -> float:
    """How far the lowest of ``pieces`` is above a floor at height ``floor``, in cm."""
    return min(min(p.a[1], p.b[1]) - p.r for p in pieces) - floor


@dataclass(frozen=True)
class Placement:
    """How a body was placed: enough to place it again part way towards another pose (the
    frames of the moving picture)."""

    angles: Angles
    flat: dict[str, float]  # feet laid flat: side -> the body's turn when laid (see skeleton)
    belly_in: float  # cm
    top_leg_rests: bool
    turn: float  # degrees the body is turned in the picture plane, settling included
    view_turn: float  # degrees walked round towards the feet
    shift: V3  # cm the turned body is moved by: down onto the floor, up onto a bike, along it


@dataclass
class Posed:
    """A body placed in the world: y is up, the floor is y = 0 unless a prop says otherwise."""

    pose: Pose
    view: str
    segs: list[Segment]
    points: dict[str, V3]
    props: list[Prop]
    supports: dict[str, float] = field(default_factory=dict)  # support name -> gap (0 = touching)
    placement: Placement | None = None  # None for a body not placed by place() or between()

    @property
    def elevation(self) -> float:
        """How far above the body the viewer looks from, in degrees."""
        given = self.pose.view_from_above
        return BASE_POSES[self.pose.base].above if given is None else given


def moved(posed: Posed, shift: V3) -> Posed:
    """``posed`` moved by ``shift`` (cm) in the world, as when a pair of pictures is lined up on
    the parts that stay put; contacts and supports do not change."""
    segs, points = _transform(posed.segs, posed.points, IDENTITY, shift)
    placement = posed.placement and replace(posed.placement, shift=vadd(posed.placement.shift, shift))
    return Posed(posed.pose, posed.view, segs, points, list(posed.props), dict(posed.supports), placement)


def _mix(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _mix_angles(a: Angles, b: Angles, t: float) -> Angles:
    values: dict[str, float | Side] = {}
    for name, first in a.values.items():
        second = b.values[name]
        if isinstance(first, Side) and isinstance(second, Side):
            values[name] = Side(_mix(first.near, second.near, t), _mix(first.far, second.far, t))
        else:
            assert isinstance(first, float) and isinstance(second, float)
            values[name] = _mix(first, second, t)
    return Angles(values)


def _flat_as_ankles(placement: Placement) -> Angles:
    """The placement's angles with each foot that was laid flat given as the ankle angle that
    lays it flat. Hip, knee and ankle all turn about the same axis, so the foot's angle is
    hips - knees + ankles and a flat foot's is minus the body's turn; mixing these ankle angles
    keeps a foot flat in both poses flat in every frame, and a foot flat in one alone moves
    smoothly from or to flat."""
    values = dict(placement.angles.values)
    ankles = values["ankles"]
    assert isinstance(ankles, Side)
    for side in placement.flat:
        hips, knees = placement.angles.side("hips", side), placement.angles.side("knees", side)
        ankle = -placement.flat[side] - hips + knees
        ankles = Side(ankle, ankles.far) if side == "near" else Side(ankles.near, ankle)
    values["ankles"] = ankles
    return Angles(values)


def can_move_between(first: Posed, second: Posed) -> bool:
    """Whether a body can be drawn part way between two placed poses: both placed, seen the
    same way (side or front) and lying the same way round (``top_leg_rests``)."""
    a, b = first.placement, second.placement
    return (a is not None and b is not None and first.view == second.view
            and a.top_leg_rests == b.top_leg_rests)


def between(first: Posed, second: Posed, t: float, pose: Pose, props: Sequence[Prop]) -> Posed:
    """The body a share ``t`` (0 to 1) of the way from ``first`` to ``second`` (both placed, and
    ``can_move_between``): every joint angle, the turn in the picture, the view from the feet
    and the shift in the world mixed in that share, then put down on the floor when both rest
    on it. ``pose`` and ``props`` are what the frame is drawn with (its view from above, its
    facing). Nothing settles again, so the body moves smoothly rather than rolling from one
    resting edge to the next; contacts are not measured.
    """
    a, b = first.placement, second.placement
    assert a is not None and b is not None
    turn = _mix(a.turn, b.turn, t)
    angles = _mix_angles(_flat_as_ankles(a), _flat_as_ankles(b), t)
    body_segs, body_points = skeleton(angles, {}, belly_in=_mix(a.belly_in, b.belly_in, t),
                                      top_leg_rests=a.top_leg_rests)
    segs, points = _transform(body_segs, body_points, matmul(rot_z(turn), VIEW_MATRIX[first.view]))
    shift = tuple(_mix(a.shift[i], b.shift[i], t) for i in range(3))
    segs, points = _transform(segs, points, rot_y(-_mix(a.view_turn, b.view_turn, t)), shift)  # type: ignore[arg-type]
    if "floor" in first.supports and "floor" in second.supports:
        segs, points = _transform(segs, points, IDENTITY, (0.0, -lowest_y(segs), 0.0))
    placement = Placement(angles, {}, _mix(a.belly_in, b.belly_in, t),
                          a.top_leg_rests, turn, _mix(a.view_turn, b.view_turn, t), shift)  # type: ignore[arg-type]
    return Posed(pose, first.view, segs, points, list(props), {}, placement)


def view_turn(pose: Pose) -> float:
    """Degrees the viewer has walked round from the side towards the feet (0 side, 90 feet)."""
    return pose.view_from_feet


def place(pose: Pose) -> Posed:
    """Pose the body, let it rest on the floor or its props, and measure every contact."""
    spec = BASE_POSES[pose.base]
    own = list(pose.props)
    # A bike or cross-trainer takes the place of the base pose's chair.
    inherited = [p for p in spec.props if not (p is Prop.CHAIR and {Prop.BIKE, Prop.ELLIPTICAL} & set(own))]
    props = list(dict.fromkeys([*inherited, *own]))
    angles = pose_angles(pose)
    view = VIEW_MATRIX[spec.view]
    floats = Prop.WATER in props and pose.base in {Base.LYING_FACE_DOWN, Base.LYING_ON_BACK}
    held = bool({Prop.BIKE, Prop.ELLIPTICAL} & set(props)) or floats
    given = pose.ankles
    may_flatten = [side for side in spec.flat_feet if given is None or getattr(given, side) is None]
    if spec.view != "side":
        may_flatten = []
    turn = spec.turn - (pose.tilt or 0.0)
    # The parts the pose says rest on the floor (a mat lies on it): the body settles onto them.
    rests_on = [*pose.contacts.floor, *pose.contacts.mat] if pose.contacts else []
    belly_in = BELLY_DRAW_IN if pose.belly is Belly.DRAWN_IN else 0.0
    flat: dict[str, float] = {}
    for _ in range(6):  # laying a foot flat changes how the body rests, so repeat until steady
        body_segs, body_points = skeleton(angles, flat, belly_in=belly_in, top_leg_rests=spec.top_leg_rests)
        posed_m = matmul(rot_z(turn), view)
        extra = 0.0
        if not held and spec.rest == "settle":
            segs, _ = _transform(body_segs, body_points, posed_m)
            extra = _settle_turn(segs, spec.settle_limit, rests_on)
        elif not held and spec.rest == "balance":
            segs, points = _transform(body_segs, body_points, posed_m)
            extra = _balance_turn(segs, points, spec.settle_limit)
        segs, points = _transform(body_segs, body_points, matmul(rot_z(extra), posed_m))
        lowest = lowest_y(segs)
        final = turn + extra
        on_floor = {side: final for side in may_flatten
                    if lowest_y(s for s in segs if s.name == f"{side}-foot") - lowest < 10.0}
        if on_floor.keys() == flat.keys() and all(abs(on_floor[k] - flat[k]) < 0.01 for k in flat):
            break
        flat = on_floor
    # Looking from the feet turns the world about the vertical axis, after the body has come
    # to rest: the view changes what is seen, never how the body lies.
    segs, points = _transform(segs, points, rot_y(-view_turn(pose)), (0.0, -lowest, 0.0))
    posed = Posed(pose, spec.view, segs, points, props)
    lift = 0.0
    if Prop.BIKE in props:
        lift = CRANK_HEIGHT - crank(posed)[0][1]
    elif Prop.ELLIPTICAL in props:
        lift = PEDAL_HEIGHT
    elif floats:
        lift = -posed.points["pelvis"][1] - 3.0
    if lift:
        _lift(posed, lift)
    posed.placement = Placement(angles, flat, belly_in, spec.top_leg_rests, turn + extra, view_turn(pose),
                                (0.0, lift - lowest, 0.0))
    _measure(posed)
    return posed


def _balance_turn(segs: Sequence[Segment], points: dict[str, V3], limit: float) -> float:
    """Degrees to turn a standing body so its centre of mass is over the middle of its feet."""
    com = _centre_of_mass(segs)
    feet = [s for s in segs if s.name.endswith("-foot")]
    mid_x = sum(s.a[0] + s.b[0] for s in feet) / (2 * len(feet))
    mid_y = sum(s.a[1] + s.b[1] for s in feet) / (2 * len(feet))
    dx, dy = com[0] - mid_x, com[1] - mid_y
    turn = math.degrees(math.atan2(dx, dy))
    return max(-limit, min(limit, turn))


def _lift(posed: Posed, dy: float) -> None:
    posed.segs, posed.points = _transform(posed.segs, posed.points, IDENTITY, (0.0, dy, 0.0))


def lowest_y(segs: Iterable[Segment]) -> float:
    """The lowest y (cm) any of ``segs`` reaches, their thickness included."""
    return min(min(s.a[1], s.b[1]) - s.r for s in segs)


def segments_named(posed: Posed, *names: str) -> list[Segment]:
    """The segments of ``posed`` called one of ``names`` (``"near-foot"``, ``"pelvis"``)."""
    return [s for s in posed.segs if s.name in names]


def foot_sole(posed: Posed, side: str) -> tuple[float, float, float]:
    """(x from, x to, y) of one foot's sole."""
    foot = segments_named(posed, f"{side}-foot")[0]
    return (min(foot.a[0], foot.b[0]), max(foot.a[0], foot.b[0]), min(foot.a[1], foot.b[1]) - foot.r)


def pedal_point(posed: Posed, side: str) -> V2:
    """Where the ``side`` (near or far) foot rests on a bike pedal: just ahead of its middle,
    under the sole (cm)."""
    foot = segments_named(posed, f"{side}-foot")[0]
    mid = vmul(vadd(foot.a, foot.b), 0.5)
    return (mid[0] + 2.0, min(foot.a[1], foot.b[1]) - foot.r)


def crank(posed: Posed) -> tuple[V2, float]:
    """A bike crank fitted to the feet: (centre, radius in cm, at least 8)."""
    near, far = pedal_point(posed, "near"), pedal_point(posed, "far")
    centre = ((near[0] + far[0]) / 2, (near[1] + far[1]) / 2)
    return centre, max(math.hypot(near[0] - far[0], near[1] - far[1]) / 2, 8.0)


def seat(posed: Posed) -> tuple[float, float, float]:
    """(x back, x front, y top) of a chair or bike seat fitted under the buttocks."""
    pelvis = posed.points["pelvis"]
    knee_x = (posed.points["near-knee"][0] + posed.points["far-knee"][0]) / 2
    back = pelvis[0] - BODY.pelvis_r + 2.0
    front = pelvis[0] + max(12.0, 0.6 * (knee_x - pelvis[0]))
    # A chair seat carries the pelvis and thighs; a bike saddle is narrow and the thighs pass
    # either side of it, so it is fitted under the pelvis alone (not under a dipping knee).
    sitting = ("pelvis",) if Prop.BIKE in posed.props else ("pelvis", "near-thigh", "far-thigh")
    top = min(y for x, y in outline_points(segments_named(posed, *sitting)) if back <= x <= front)
    return back, front, top


def back_x(posed: Posed) -> float:
    """The x of the rearmost point of the pelvis and trunk (where a wall touches)."""
    return min(x for x, _ in outline_points(segments_named(posed, "pelvis", "lower_trunk", "upper_trunk")))


def _measure(posed: Posed) -> None:
    """Record the gap between the body and each thing it rests on (0 means touching)."""
    props = set(posed.props)
    sup = posed.supports
    lowest = lowest_y(posed.segs)
    if Prop.BIKE in props:
        sup["bike seat"] = 0.0  # the saddle is fitted under the buttocks; see seat
        centre, radius = crank(posed)
        for side in ("near", "far"):
            px, py = pedal_point(posed, side)
            sup[f"{side} pedal"] = abs(math.hypot(px - centre[0], py - centre[1]) - radius)
    elif Prop.ELLIPTICAL in props:
        for side in ("near", "far"):
            sup[f"{side} pedal"] = 0.0 if foot_sole(posed, side)[2] >= PEDAL_HEIGHT - 0.01 else -1.0
        sup["pedals"] = lowest - PEDAL_HEIGHT
    elif Prop.WATER in props and posed.points["pelvis"][1] < 0:
        top = max(max(s.a[1], s.b[1]) + s.r for s in posed.segs)
        sup["water"] = 0.0 if lowest < 0 < top else min(abs(lowest), abs(top))
    else:
        sup["floor"] = lowest
    if Prop.CHAIR in props:
        sup["chair seat"] = 0.0  # the seat is fitted under the buttocks; see seat
    if Prop.WALL in props:
        sup["wall"] = 0.0  # the wall is placed at the back; see _wall
    if Prop.PILLOW in props:
        sup["pillow"] = 0.0
