"""Exercise figures: pictograms drawn from the pose data in each exercise's YAML.

A pose names a base pose from ``lumbar.poses`` and changes some joint angles. This module
turns that into a picture in four steps, all deterministic:

1. **Forward kinematics** places every joint from the angles (a small 3-D skeleton, so a
   clamshell's knee can open towards the viewer in the side-lying view).
2. **Resting**: the body settles onto the floor the way a real body would (it turns onto the
   edge of its outline that lies under its centre of mass, so a bridge rests on shoulders and
   feet), then moves down until its lowest point touches the floor. Upright poses (sitting,
   against a wall, on a bike) keep their angles and stand on their feet; the chair, wall,
   bike and pedals are then fitted to the body, so nothing floats or sinks.
3. **Scene**: rounded limbs (far side light, near side dark, with a thin gap where a near
   limb crosses the body), head, floor or mat line, props, highlighted working muscles and a
   motion arrow, as a list of simple shapes.
4. **Output**: the same shapes become SVG for the web (with ``<title>`` and ``<desc>``) and a
   PNG drawn with Pillow for cards. Coordinates are rounded to 0.1, so the same YAML gives
   the same bytes. The figure sits on its own light panel, so it reads the same in the light
   and dark palettes and in black-and-white print.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import io
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import lumbar.poses
from lumbar.build_cache import BuildCache, code_digest, key_of
from lumbar.models import Exercise, Pose
from lumbar.poses import (
    BASE_POSES,
    BODY,
    BODY_JOINTS,
    DIRECTION_VECTORS,
    SEGMENT_MASS,
    SIDE_JOINTS,
    ArrowAt,
    Base,
    Direction,
    BodyPart,
    Prop,
    Side,
)

Which = Literal["start", "end"]
WHICH: tuple[Which, Which] = ("start", "end")
FIGURE_DIR = "exercises/figures"

# The canvas, in SVG user units (CSS pixels at 100%).
WIDTH, HEIGHT = 320.0, 220.0
MARGIN = 10.0
MAX_SCALE = 1.0  # canvas units per centimetre of body
CANVAS_MM = 80.0  # printed width of one figure, for PNG resolution

# Colours: a light panel with dark ink reads in both palettes and in greyscale print.
PANEL = "#f4f2ed"
PANEL_EDGE = "#d8d4cb"
INK = "#24313a"
FAR = "#9aa8b0"
HIGHLIGHT = "#e2572b"
ARROW = "#00796b"
FLOOR = "#7d7a73"
MAT = "#d3dcd9"
MAT_EDGE = "#8fa39f"
PROP = "#d2cabe"
PROP_EDGE = "#6f655a"
TOWEL = "#8a5a44"
WATER = "#7fb6d3"
WATER_EDGE = "#2f6f8f"

GAP = 1.6  # the gap drawn around near limbs where they cross the body
SETTLE_LIMIT = 60.0  # degrees a body may turn while settling onto the floor
CRANK_HEIGHT = 34.0  # bike crank above the floor
PEDAL_HEIGHT = 16.0  # elliptical pedals above the floor
WATER_DEPTH = 112.0  # water surface above the pool floor when standing

V3 = tuple[float, float, float]
V2 = tuple[float, float]
M3 = tuple[V3, V3, V3]


# --- small vector maths -------------------------------------------------------------------

def _add(a: V3, b: V3) -> V3:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _sub(a: V3, b: V3) -> V3:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _mul(a: V3, k: float) -> V3:
    return (a[0] * k, a[1] * k, a[2] * k)


def _dot(a: V3, b: V3) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _norm(a: V3) -> V3:
    length = math.sqrt(_dot(a, a)) or 1.0
    return _mul(a, 1.0 / length)


def _mv(m: M3, v: V3) -> V3:
    return (_dot(m[0], v), _dot(m[1], v), _dot(m[2], v))


def _mm(a: M3, b: M3) -> M3:
    cols = [(b[0][j], b[1][j], b[2][j]) for j in range(3)]
    return tuple(tuple(_dot(row, col) for col in cols) for row in a)  # type: ignore[return-value]


def _rz(degrees: float) -> M3:
    """Rotation about the lateral axis (the picture's depth axis in the side view)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def _ry(degrees: float) -> M3:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def _about(axis: V3, degrees: float) -> M3:
    """Rotation about any unit axis (Rodrigues)."""
    x, y, z = axis
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    t = 1 - c
    return (
        (t * x * x + c, t * x * y - s * z, t * x * z + s * y),
        (t * x * y + s * z, t * y * y + c, t * y * z - s * x),
        (t * x * z - s * y, t * y * z + s * x, t * z * z + c),
    )


IDENTITY: M3 = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
# Body axes: x forward (front of the body), y up the spine, z towards the near side.
# Side view: the figure faces right and its near side faces the viewer.
# Front view: the figure's front faces the viewer; turned 90 degrees it lies on its side.
VIEW_MATRIX: dict[str, M3] = {
    "side": IDENTITY,
    "front": ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0), (1.0, 0.0, 0.0)),
}


# --- the posed body -----------------------------------------------------------------------

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


def skeleton(angles: Angles, flat: dict[str, float] | None = None) -> tuple[list[Segment], dict[str, V3]]:
    """Forward kinematics in the body's own frame (pelvis at the origin, upright).

    ``flat`` maps a side to the body's turn in the picture: that foot is then laid flat
    (its ankle follows from the rest of the leg, as when a foot stands on the floor).
    """
    flat = flat or {}
    b = BODY
    segs: list[Segment] = []
    points: dict[str, V3] = {}
    forward: V3 = (1.0, 0.0, 0.0)
    origin: V3 = (0.0, 0.0, 0.0)
    # The spine bends in two places (low back and mid back), so a bent back reads as a curve.
    lumbar = _rz(-0.45 * angles.one("trunk"))
    waist = _mv(lumbar, (0.0, b.lower_trunk, 0.0))
    chest = _mm(_mm(lumbar, _rz(-0.55 * angles.one("trunk"))), _ry(-angles.one("twist")))
    shoulder = _add(waist, _mv(chest, (0.0, b.upper_trunk, 0.0)))
    neck = _mm(chest, _rz(-angles.one("neck")))
    neck_top = _add(shoulder, _mv(neck, (0.5, b.neck + 2.0, 0.0)))
    head = _add(shoulder, _mv(neck, (2.0, b.neck + b.head_r + 1.5, 0.0)))
    points.update(pelvis=origin, waist=waist, shoulders=shoulder, head=head, chest=_mul(_add(waist, shoulder), 0.5))
    segs.append(Segment("pelvis", "trunk", origin, origin, b.pelvis_r, forward))
    segs.append(Segment("lower_trunk", "trunk", origin, waist, b.waist_r, _mv(lumbar, forward)))
    chest_top = _add(waist, _mv(chest, (0.0, b.upper_trunk - 5.0, 0.0)))
    segs.append(Segment("upper_trunk", "trunk", _add(waist, _mv(chest, (0.0, 4.0, 0.0))), chest_top,
                        b.chest_r, _mv(chest, forward)))
    segs.append(Segment("neck", "trunk", shoulder, neck_top, b.neck_r, _mv(neck, forward)))
    segs.append(Segment("head", "trunk", head, head, b.head_r, _mv(neck, forward)))
    nose = _add(head, _mv(neck, (b.head_r - 0.2, -2.0, 0.0)))
    segs.append(Segment("nose", "trunk", nose, nose, 3.0, _mv(neck, forward)))

    for side, sign in (("near", 1.0), ("far", -1.0)):
        lateral: V3 = (0.0, 0.0, sign)
        hip = (0.0, 0.0, sign * b.hip_half_width)
        thigh = _rz(angles.side("hips", side))
        knee = _add(hip, _mv(thigh, (0.0, -b.thigh, 0.0)))
        shin = _mm(thigh, _rz(-angles.side("knees", side)))
        ankle = _add(knee, _mv(shin, (0.0, -b.shin, 0.0)))
        foot = _rz(-flat[side]) if side in flat else _mm(shin, _rz(angles.side("ankles", side)))
        drop = -(b.ankle_height - b.foot_r)
        heel = _add(ankle, _mv(foot, (-b.heel, drop, 0.0)))
        toe = _add(ankle, _mv(foot, (b.toe, drop, 0.0)))
        leg = {"knee": knee, "ankle": ankle, "heel": heel, "toe": toe}
        fronts = {"thigh": _mv(thigh, forward), "shin": _mv(shin, forward), "foot": _mv(foot, (0.0, 1.0, 0.0))}
        opening = angles.side("hips_out", side)
        if opening:
            bent = angles.side("knees", side) >= 30
            axis = _norm(_sub(ankle, hip)) if bent else forward
            probe = knee if bent else ankle
            turn = _opening(axis, hip, probe, lateral, opening)
            leg = {k: _add(hip, _mv(turn, _sub(p, hip))) for k, p in leg.items()}
            fronts = {k: _mv(turn, v) for k, v in fronts.items()}
        segs.append(Segment(f"{side}-thigh", f"{side}-leg", hip, leg["knee"], b.thigh_r, fronts["thigh"]))
        segs.append(Segment(f"{side}-shin", f"{side}-leg", leg["knee"], leg["ankle"], b.shin_r, fronts["shin"]))
        segs.append(Segment(f"{side}-foot", f"{side}-leg", leg["heel"], leg["toe"], b.foot_r, fronts["foot"]))
        points.update({f"{side}-hip": hip, f"{side}-knee": leg["knee"], f"{side}-ankle": leg["ankle"],
                       f"{side}-heel": leg["heel"], f"{side}-toe": leg["toe"]})

        joint = _add(shoulder, _mv(chest, (0.0, 0.0, sign * b.shoulder_half_width)))
        upper = _mm(chest, _rz(angles.side("shoulders", side)))
        elbow = _add(joint, _mv(upper, (0.0, -b.upper_arm, 0.0)))
        lower = _mm(upper, _rz(angles.side("elbows", side)))
        hand = _add(elbow, _mv(lower, (0.0, -b.forearm, 0.0)))
        arm_fronts = {"upper": _mv(upper, forward), "lower": _mv(lower, forward)}
        spread = angles.side("shoulders_out", side)
        if spread:
            turn = _opening(_mv(chest, forward), joint, elbow if _dist(elbow, joint) > 1 else hand,
                            _mv(chest, lateral), spread)
            elbow, hand = (_add(joint, _mv(turn, _sub(p, joint))) for p in (elbow, hand))
            arm_fronts = {k: _mv(turn, v) for k, v in arm_fronts.items()}
        segs.append(Segment(f"{side}-upper_arm", f"{side}-arm", joint, elbow, b.upper_arm_r, arm_fronts["upper"]))
        segs.append(Segment(f"{side}-forearm", f"{side}-arm", elbow, hand, b.forearm_r, arm_fronts["lower"]))
        segs.append(Segment(f"{side}-hand", f"{side}-arm", hand, hand, b.hand_r, arm_fronts["lower"]))
        points.update({f"{side}-shoulder": joint, f"{side}-elbow": elbow, f"{side}-hand": hand})
    return segs, points


def _dist(a: V3, b: V3) -> float:
    d = _sub(a, b)
    return math.sqrt(_dot(d, d))


def _opening(axis: V3, pivot: V3, probe: V3, lateral: V3, degrees: float) -> M3:
    """The rotation about ``axis`` that moves ``probe`` towards ``lateral`` by ``degrees``
    (away from it when ``degrees`` is negative)."""
    plus = _about(axis, abs(degrees))
    minus = _about(axis, -abs(degrees))
    rel = _sub(probe, pivot)
    outward = _dot(_mv(plus, rel), lateral) >= _dot(_mv(minus, rel), lateral)
    return plus if outward == (degrees > 0) else minus


def _mass(name: str) -> float:
    key = name.split("-", 1)[-1]
    return SEGMENT_MASS.get(key, 0.0)


def _centre_of_mass(segs: Sequence[Segment]) -> V3:
    total = 0.0
    acc: V3 = (0.0, 0.0, 0.0)
    for seg in segs:
        m = _mass(seg.name)
        acc = _add(acc, _mul(_add(seg.a, seg.b), m / 2))
        total += m
    return _mul(acc, 1.0 / total)


def _transform(segs: Sequence[Segment], points: dict[str, V3], m: M3,
               shift: V3 = (0.0, 0.0, 0.0)) -> tuple[list[Segment], dict[str, V3]]:
    moved = [Segment(s.name, s.group, _add(_mv(m, s.a), shift), _add(_mv(m, s.b), shift), s.r, _mv(m, s.front))
             for s in segs]
    return moved, {k: _add(_mv(m, p), shift) for k, p in points.items()}


def _samples(segs: Iterable[Segment], steps: int = 24) -> list[tuple[float, float]]:
    """Points on the outline of every segment, in the picture plane (x, y)."""
    out = []
    for seg in segs:
        for end in (seg.a, seg.b):
            for i in range(steps):
                t = 2 * math.pi * i / steps
                out.append((end[0] + seg.r * math.cos(t), end[1] + seg.r * math.sin(t)))
    return out


def _hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull, counter-clockwise (monotone chain)."""
    pts = sorted(set((round(x, 6), round(y, 6)) for x, y in points))
    if len(pts) < 3:
        return pts

    def cross(o: V2, a: V2, b: V2) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[V2] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[V2] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _settle_turn(segs: Sequence[Segment], limit: float) -> float:
    """Degrees to turn the body (in the picture plane) so it rests on the floor.

    The body turns onto the edge of its outline whose span lies under its centre of mass,
    choosing the smallest such turn within ``limit``. If there is none (a pose held by
    muscle, such as a hip hinge), it turns onto the nearest edge so it stands on it flat.
    """
    com = _centre_of_mass(segs)
    hull = _hull(_samples(segs))
    stable: float | None = None
    nearest: float | None = None
    for i, p in enumerate(hull):
        q = hull[(i + 1) % len(hull)]
        turn = (-math.degrees(math.atan2(q[1] - p[1], q[0] - p[0])) + 180.0) % 360.0 - 180.0
        if abs(turn) > limit or math.hypot(q[0] - p[0], q[1] - p[1]) < 1e-6:
            continue
        if nearest is None or abs(turn) < abs(nearest):
            nearest = turn
        c, s = math.cos(math.radians(turn)), math.sin(math.radians(turn))
        px, qx = p[0] * c - p[1] * s, q[0] * c - q[1] * s
        cx = com[0] * c - com[1] * s
        if min(px, qx) - 0.5 <= cx <= max(px, qx) + 0.5 and (stable is None or abs(turn) < abs(stable)):
            stable = turn
    if stable is not None:
        return stable
    return 0.0 if nearest is None else nearest


@dataclass
class Posed:
    """A body placed in the world: y is up, the floor is y = 0 unless a prop says otherwise."""

    pose: Pose
    view: str
    segs: list[Segment]
    points: dict[str, V3]
    props: list[Prop]
    supports: dict[str, float] = field(default_factory=dict)  # support name -> gap (0 = touching)

    @property
    def elevation(self) -> float:
        """How far above the body the viewer looks from, in degrees."""
        given = self.pose.view_from_above
        return BASE_POSES[self.pose.base].above if given is None else given


def place(pose: Pose) -> Posed:
    """Pose the body, let it rest on the floor or its props, and measure every contact."""
    spec = BASE_POSES[pose.base]
    own = list(pose.props)
    # A bike or cross-trainer takes the place of the base pose's chair.
    inherited = [p for p in spec.props if not (p is Prop.CHAIR and {Prop.BIKE, Prop.ELLIPTICAL} & set(own))]
    props = list(dict.fromkeys([*inherited, *own]))
    angles = pose_angles(pose)
    view = VIEW_MATRIX[spec.view]
    # Looking from the feet turns the world a quarter turn about the vertical axis.
    yaw = _ry(-90.0) if pose.view_from_feet else IDENTITY
    floats = Prop.WATER in props and pose.base in {Base.LYING_FACE_DOWN, Base.LYING_ON_BACK}
    held = bool({Prop.BIKE, Prop.ELLIPTICAL} & set(props)) or floats
    given = pose.ankles
    may_flatten = [side for side in spec.flat_feet if given is None or getattr(given, side) is None]
    if spec.view != "side" or pose.view_from_feet:
        may_flatten = []
    turn = spec.turn - (pose.tilt or 0.0)
    flat: dict[str, float] = {}
    for _ in range(6):  # laying a foot flat changes how the body rests, so repeat until steady
        body_segs, body_points = skeleton(angles, flat)
        posed_m = _mm(yaw, _mm(_rz(turn), view))
        extra = 0.0
        if not held and spec.rest == "settle":
            segs, _ = _transform(body_segs, body_points, posed_m)
            extra = _settle_turn(segs, spec.settle_limit)
        elif not held and spec.rest == "balance":
            segs, points = _transform(body_segs, body_points, posed_m)
            extra = _balance_turn(segs, points, spec.settle_limit)
        segs, points = _transform(body_segs, body_points, _mm(_rz(extra), posed_m))
        lowest = _lowest(segs)
        final = turn + extra
        on_floor = {side: final for side in may_flatten
                    if _lowest(s for s in segs if s.name == f"{side}-foot") - lowest < 10.0}
        if on_floor.keys() == flat.keys() and all(abs(on_floor[k] - flat[k]) < 0.01 for k in flat):
            break
        flat = on_floor
    segs, points = _transform(segs, points, IDENTITY, (0.0, -lowest, 0.0))
    posed = Posed(pose, spec.view, segs, points, props)
    if Prop.BIKE in props:
        _lift(posed, CRANK_HEIGHT - _crank(posed)[0][1])
    elif Prop.ELLIPTICAL in props:
        _lift(posed, PEDAL_HEIGHT)
    elif floats:
        _lift(posed, -posed.points["pelvis"][1] - 3.0)
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


def _lowest(segs: Iterable[Segment]) -> float:
    return min(min(s.a[1], s.b[1]) - s.r for s in segs)


def _by_name(posed: Posed, *names: str) -> list[Segment]:
    return [s for s in posed.segs if s.name in names]


def _foot_sole(posed: Posed, side: str) -> tuple[float, float, float]:
    """(x from, x to, y) of one foot's sole."""
    foot = _by_name(posed, f"{side}-foot")[0]
    return (min(foot.a[0], foot.b[0]), max(foot.a[0], foot.b[0]), min(foot.a[1], foot.b[1]) - foot.r)


def _pedal_point(posed: Posed, side: str) -> V2:
    foot = _by_name(posed, f"{side}-foot")[0]
    mid = _mul(_add(foot.a, foot.b), 0.5)
    return (mid[0] + 2.0, min(foot.a[1], foot.b[1]) - foot.r)


def _crank(posed: Posed) -> tuple[V2, float]:
    near, far = _pedal_point(posed, "near"), _pedal_point(posed, "far")
    centre = ((near[0] + far[0]) / 2, (near[1] + far[1]) / 2)
    return centre, max(math.hypot(near[0] - far[0], near[1] - far[1]) / 2, 8.0)


def _seat(posed: Posed) -> tuple[float, float, float]:
    """(x back, x front, y top) of a chair or bike seat fitted under the buttocks."""
    pelvis = posed.points["pelvis"]
    knee_x = (posed.points["near-knee"][0] + posed.points["far-knee"][0]) / 2
    back = pelvis[0] - BODY.pelvis_r + 2.0
    front = pelvis[0] + max(12.0, 0.6 * (knee_x - pelvis[0]))
    top = min(y for x, y in _samples(_by_name(posed, "pelvis", "near-thigh", "far-thigh"))
              if back <= x <= front)
    return back, front, top


def _back_x(posed: Posed) -> float:
    """The x of the rearmost point of the pelvis and trunk (where a wall touches)."""
    return min(x for x, _ in _samples(_by_name(posed, "pelvis", "lower_trunk", "upper_trunk")))


def _measure(posed: Posed) -> None:
    """Record the gap between the body and each thing it rests on (0 means touching)."""
    props = set(posed.props)
    sup = posed.supports
    lowest = _lowest(posed.segs)
    if Prop.BIKE in props:
        sup["bike seat"] = 0.0  # the saddle is fitted under the buttocks; see _seat
        centre, radius = _crank(posed)
        for side in ("near", "far"):
            px, py = _pedal_point(posed, side)
            sup[f"{side} pedal"] = abs(math.hypot(px - centre[0], py - centre[1]) - radius)
    elif Prop.ELLIPTICAL in props:
        for side in ("near", "far"):
            sup[f"{side} pedal"] = 0.0 if _foot_sole(posed, side)[2] >= PEDAL_HEIGHT - 0.01 else -1.0
        sup["pedals"] = lowest - PEDAL_HEIGHT
    elif Prop.WATER in props and posed.points["pelvis"][1] < 0:
        top = max(max(s.a[1], s.b[1]) + s.r for s in posed.segs)
        sup["water"] = 0.0 if lowest < 0 < top else min(abs(lowest), abs(top))
    else:
        sup["floor"] = lowest
    if Prop.CHAIR in props:
        sup["chair seat"] = 0.0  # the seat is fitted under the buttocks; see _seat
    if Prop.WALL in props:
        sup["wall"] = 0.0  # the wall is placed at the back; see _wall
    if Prop.PILLOW in props:
        sup["pillow"] = 0.0


# --- shapes ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """One drawing operation in picture coordinates (y up until the canvas flips it)."""

    kind: str  # line, path, circle, polygon
    points: tuple[V2, ...]
    width: float = 0.0  # stroke width (line, path) or outline width (circle, polygon)
    stroke: str | None = None
    fill: str | None = None
    r: float = 0.0
    cap: str = "round"
    opacity: float = 1.0


def _screen(p: V3, elevation: float) -> V2:
    e = math.radians(elevation)
    return (p[0], p[1] * math.cos(e) - p[2] * math.sin(e))


def _depth(p: V3, elevation: float) -> float:
    e = math.radians(elevation)
    return p[2] * math.cos(e) + p[1] * math.sin(e)


def _line(a: V2, b: V2, width: float, colour: str, cap: str = "round", opacity: float = 1.0) -> Shape:
    return Shape("line", (a, b), width, colour, cap=cap, opacity=opacity)


def _seg_shapes(seg: Segment, e: float, colour: str, width_add: float = 0.0) -> Shape:
    a, b = _screen(seg.a, e), _screen(seg.b, e)
    if seg.a == seg.b:
        return Shape("circle", (a,), fill=colour, r=seg.r + width_add / 2)
    return _line(a, b, 2 * seg.r + width_add, colour)


# Highlighted parts: (segment name, band) where band is "full", "front", "back" or "side".
HIGHLIGHTS: dict[BodyPart, tuple[tuple[str, str], ...]] = {
    BodyPart.NECK: (("neck", "full"),),
    BodyPart.SHOULDERS: (("near-upper_arm", "top"),),
    BodyPart.ARMS: (("near-upper_arm", "full"), ("near-forearm", "full")),
    BodyPart.UPPER_BACK: (("upper_trunk", "back"),),
    BodyPart.LOWER_BACK: (("lower_trunk", "back"),),
    BodyPart.BACK: (("lower_trunk", "back"), ("upper_trunk", "back")),
    BodyPart.STOMACH: (("lower_trunk", "front"),),
    BodyPart.CHEST: (("upper_trunk", "front"),),
    BodyPart.BUTTOCKS: (("pelvis", "back"),),
    BodyPart.HIPS: (("pelvis", "full"),),
    BodyPart.FRONT_OF_HIP: (("pelvis", "front"), ("near-thigh", "front-top")),
    BodyPart.THIGHS: (("near-thigh", "full"),),
    BodyPart.HAMSTRINGS: (("near-thigh", "back"),),
    BodyPart.CALVES: (("near-shin", "back"),),
    BodyPart.LEGS: (("near-thigh", "full"), ("near-shin", "full")),
    BodyPart.SIDE: (("lower_trunk", "side"), ("upper_trunk", "side")),
}


def _highlight_shape(seg: Segment, band: str, e: float, posed: Posed) -> Shape:
    a, b = _screen(seg.a, e), _screen(seg.b, e)
    if band == "full" or band == "top":
        if seg.a == seg.b:
            return Shape("circle", (a,), fill=HIGHLIGHT, r=seg.r * 0.62)
        if band == "top":
            b = (a[0] + (b[0] - a[0]) * 0.45, a[1] + (b[1] - a[1]) * 0.45)
        return _line(a, b, 2 * seg.r - 3.4, HIGHLIGHT)
    if band == "side":
        direction = _screen(_sub(posed.points["near-hip"], posed.points["pelvis"]), e)
    else:
        direction = _screen(seg.front, e)
    length = math.hypot(*direction) or 1.0
    sign = -1.0 if band == "back" else 1.0
    nx, ny = sign * direction[0] / length, sign * direction[1] / length
    if band == "front-top":
        b = (a[0] + (b[0] - a[0]) * 0.45, a[1] + (b[1] - a[1]) * 0.45)
    if seg.a == seg.b:
        return Shape("circle", ((a[0] + nx * seg.r * 0.42, a[1] + ny * seg.r * 0.42),), fill=HIGHLIGHT, r=seg.r * 0.5)
    off = seg.r * 0.42
    shift = (nx * off, ny * off)
    return _line((a[0] + shift[0], a[1] + shift[1]), (b[0] + shift[0], b[1] + shift[1]),
                 seg.r * 0.8, HIGHLIGHT, cap="round")


def _body_shapes(posed: Posed) -> list[Shape]:
    e = posed.elevation
    groups: dict[str, list[Segment]] = {}
    for seg in posed.segs:
        groups.setdefault(seg.group, []).append(seg)

    def depth(name: str) -> float:
        segs = groups[name]
        return sum(_depth(s.a, e) + _depth(s.b, e) for s in segs) / (2 * len(segs))

    # Trunk in the middle; limbs ordered by depth, so near limbs are drawn over the body.
    order = sorted(groups, key=lambda g: (0.0 if g == "trunk" else depth(g), g))
    if posed.pose.view_from_feet:  # the head is furthest away, the pelvis nearest
        groups["trunk"].sort(key=lambda s: _depth(s.a, e) + _depth(s.b, e))
    wanted: dict[str, list[str]] = {}
    for part in posed.pose.highlight:
        for name, band in HIGHLIGHTS[part]:
            wanted.setdefault(name, []).append(band)
    shapes: list[Shape] = []
    for group in order:
        colour = FAR if group.startswith("far") else INK
        segs = groups[group]
        if group != "trunk":
            shapes.extend(_seg_shapes(s, e, PANEL, 2 * GAP) for s in segs)
        shapes.extend(_seg_shapes(s, e, colour) for s in segs)
        for seg in segs:
            for band in wanted.get(seg.name, []):
                shapes.append(_highlight_shape(seg, band, e, posed))
    return shapes


# --- props ----------------------------------------------------------------------------------

@dataclass
class Scene:
    """Everything in one figure, in picture coordinates (centimetres, y up)."""

    back: list[Shape]  # drawn before the body
    body: list[Shape]
    front: list[Shape]  # drawn over the body
    floor: float | None  # y of the floor line, if one is drawn
    posed: Posed

    @property
    def shapes(self) -> list[Shape]:
        return self.back + self.body + self.front


def _mat(posed: Posed) -> list[Shape]:
    e = posed.elevation
    xs = [x for x, y in _samples(posed.segs, 12) if y <= 16.0]
    if not xs:
        return []
    x0, x1 = min(xs) - 8.0, max(xs) + 8.0
    if e == 0:
        return [Shape("polygon", ((x0, 0.0), (x1, 0.0), (x1, -4.0), (x0, -4.0)), 1.0, MAT_EDGE, MAT)]
    zs = [z for s in posed.segs for z in (s.a[2], s.b[2]) if min(s.a[1], s.b[1]) - s.r < 8.0]
    z0, z1 = min(zs) - 12.0, max(zs) + 12.0
    near = _screen((0.0, 0.0, z1), e)[1]
    far = _screen((0.0, 0.0, z0), e)[1]
    return [
        Shape("polygon", ((x0, far), (x1, far), (x1, near), (x0, near)), 1.0, MAT_EDGE, MAT),
        Shape("polygon", ((x0, near), (x1, near), (x1, near - 4.0), (x0, near - 4.0)), 1.0, MAT_EDGE, MAT_EDGE),
    ]


def _chair(posed: Posed) -> list[Shape]:
    back, front, top = _seat(posed)
    trunk_x = min(x for x, y in _samples(_by_name(posed, "pelvis", "lower_trunk", "upper_trunk"), 12)
                  if y > top + 2)
    rest_x = min(back - 2.0, trunk_x - 3.0)
    leg = 3.5
    return [
        _line((rest_x, top + 1.0), (rest_x - 3.0, top + 46.0), 4.5, PROP_EDGE),
        _line((rest_x + 1.5, 0.0), (rest_x + 1.0, top - 3.0), leg, PROP_EDGE),
        _line((front - 1.0, 0.0), (front - 1.0, top - 3.0), leg, PROP_EDGE),
        Shape("polygon", ((rest_x - 1.0, top), (front + 3.0, top), (front + 3.0, top - 5.0), (rest_x - 1.0, top - 5.0)),
              1.2, PROP_EDGE, PROP),
    ]


def _wall(posed: Posed, top: float) -> list[Shape]:
    x = _back_x(posed)
    return [
        Shape("polygon", ((x - 10.0, 0.0), (x, 0.0), (x, top), (x - 10.0, top)), 0.0, None, PROP),
        _line((x, 0.0), (x, top), 1.6, PROP_EDGE, cap="butt"),
    ]


def _towel(posed: Posed) -> list[Shape]:
    e = posed.elevation
    foot = _by_name(posed, "near-foot")[0]
    toe, heel = _screen(foot.b, e), _screen(foot.a, e)
    # The loop goes round the ball of the foot, on the sole's side.
    ball = (heel[0] + (toe[0] - heel[0]) * 0.7, heel[1] + (toe[1] - heel[1]) * 0.7)
    along = (toe[0] - heel[0], toe[1] - heel[1])
    length = math.hypot(*along) or 1.0
    normal = (along[1] / length, -along[0] / length)  # the sole's side
    loop = (ball[0] + normal[0] * (foot.r + 1.5), ball[1] + normal[1] * (foot.r + 1.5))
    near_hand = _screen(posed.points["near-hand"], e)
    far_hand = _screen(posed.points["far-hand"], e)
    return [Shape("path", (far_hand, loop, near_hand), 3.2, TOWEL)]


def _pillow(posed: Posed) -> list[Shape]:
    knee = _by_name(posed, "near-thigh")[0].b
    height = max(knee[1] - BODY.knee_r - 0.5, 4.0)
    cx = knee[0]
    pts = tuple((cx + 17.0 * math.cos(t * math.pi / 12), height / 2 + height / 2 * math.sin(t * math.pi / 12))
                for t in range(24))
    return [Shape("polygon", pts, 1.2, PROP_EDGE, PROP)]


def _bike(posed: Posed) -> tuple[list[Shape], list[Shape]]:
    """An upright exercise bike fitted to the rider: saddle under the buttocks, pedals under
    the feet, handlebars at the hands, flywheel in front, base on the floor."""
    (cx, cy), radius = _crank(posed)
    back, front, top = _seat(posed)
    hand = posed.points["near-hand"]
    saddle_mid = (back + front) / 2 - 2.0
    wheel = (cx + radius + 14.0, cy + 4.0)
    wheel_r = 17.0
    bar_x = max(hand[0] + 4.0, wheel[0] + 6.0)
    base0, base1 = min(saddle_mid - 22.0, cx - radius - 16.0), max(bar_x, wheel[0] + wheel_r) + 8.0
    behind = [
        _line((base0, 2.5), (base1, 2.5), 5.0, PROP_EDGE),
        _line((saddle_mid, top - 4.0), (cx - 3.0, cy), 5.0, PROP_EDGE),
        _line((cx - 3.0, cy), (base0 + 12.0, 3.0), 5.0, PROP_EDGE),
        _line((cx, cy), wheel, 5.0, PROP_EDGE),
        _line(wheel, (base1 - 10.0, 3.0), 5.0, PROP_EDGE),
        _line(wheel, (bar_x, hand[1] - 6.0), 5.0, PROP_EDGE),
        _line((bar_x, hand[1] - 6.0), (hand[0], hand[1]), 4.0, PROP_EDGE),
        Shape("circle", (wheel,), 1.6, PROP_EDGE, PROP, r=wheel_r),
        _line((saddle_mid - 11.0, top - 2.0), (saddle_mid + 9.0, top - 2.0), 4.0, PROP_EDGE),
    ]
    near, far = _pedal_point(posed, "near"), _pedal_point(posed, "far")
    over = [
        _line(far, near, 2.5, PROP_EDGE),
        Shape("circle", ((cx, cy),), fill=PROP_EDGE, r=3.0),
    ]
    return behind, over


def _elliptical(posed: Posed) -> tuple[list[Shape], list[Shape]]:
    hand = posed.points["near-hand"]
    plates = []
    xs = []
    for side in ("far", "near"):
        x0, x1, y = _foot_sole(posed, side)
        xs += [x0, x1]
        plates.append(_line((x0 - 4.0, y - 2.0), (x1 + 4.0, y - 2.0), 4.0, PROP_EDGE))
    mid = (min(xs) + max(xs)) / 2
    rx = (max(xs) - min(xs)) / 2 + 8.0
    ellipse = tuple((mid + rx * math.cos(t * math.pi / 16), PEDAL_HEIGHT - 3.0 + 7.0 * math.sin(t * math.pi / 16))
                    for t in range(32))
    post_x = max(hand[0] + 8.0, max(xs) + 16.0)
    behind = [
        Shape("polygon", ellipse, 1.4, PROP_EDGE, PROP),
        _line((min(xs) - 12.0, 2.5), (post_x + 10.0, 2.5), 5.0, PROP_EDGE),
        _line((post_x, 2.5), (post_x - 4.0, hand[1] + 6.0), 5.0, PROP_EDGE),
        _line((post_x - 4.0, hand[1] + 6.0), (hand[0], hand[1]), 4.0, PROP_EDGE),
        _line((mid, PEDAL_HEIGHT - 3.0), (mid, 2.5), 4.0, PROP_EDGE),
    ]
    return behind, plates


def _water(posed: Posed) -> tuple[list[Shape], float]:
    xs = [x for x, _ in _samples(posed.segs, 8)]
    x0, x1 = min(xs) - 30.0, max(xs) + 30.0
    if posed.points["pelvis"][1] < 0:  # floating: the surface is y = 0
        surface, bottom = 0.0, _lowest(posed.segs) - 8.0
    else:
        surface, bottom = WATER_DEPTH, 0.0
    wave = tuple((x0 + i * (x1 - x0) / 24, surface + (1.8 if i % 2 else -1.8)) for i in range(25))
    body = Shape("polygon", ((x0, surface), (x1, surface), (x1, bottom), (x0, bottom)), 0.0, None, WATER,
                 opacity=0.45)
    return [body, Shape("path", wave, 1.8, WATER_EDGE)], surface


def scene(pose: Pose) -> Scene:
    """Place the body and draw it with its floor, props, highlight and arrow."""
    posed = place(pose)
    props = set(posed.props)
    back: list[Shape] = []
    front: list[Shape] = []
    floor: float | None = 0.0
    top = max(max(s.a[1], s.b[1]) + s.r for s in posed.segs)
    if Prop.MAT in props:
        back += _mat(posed)
    if Prop.WALL in props:
        back += _wall(posed, max(top + 12.0, 150.0))
    if Prop.CHAIR in props:
        back += _chair(posed)
    if Prop.PILLOW in props:
        back += _pillow(posed)
    if Prop.BIKE in props:
        behind, over = _bike(posed)
        back += behind
        front += over
    if Prop.ELLIPTICAL in props:
        behind, over = _elliptical(posed)
        back += behind
        front += over
    if Prop.TOWEL in props:
        front += _towel(posed)
    if Prop.WATER in props:
        water, surface = _water(posed)
        front += water
        if surface == 0.0:
            floor = None
    if posed.elevation:
        floor = None
    body = _body_shapes(posed)
    arrow = _arrow(posed, back + front) if pose.arrow else []
    return Scene(back, body, front + arrow, floor, posed)


# --- arrows ---------------------------------------------------------------------------------

ARROW_LENGTH = 30.0
ARROW_ANCHORS: dict[ArrowAt, tuple[str, str]] = {
    # (point, segment whose radius keeps the arrow clear)
    ArrowAt.HEAD: ("head", "head"),
    ArrowAt.SHOULDERS: ("near-shoulder", "upper_trunk"),
    ArrowAt.CHEST: ("chest", "upper_trunk"),
    ArrowAt.BACK: ("waist", "lower_trunk"),
    ArrowAt.STOMACH: ("waist", "lower_trunk"),
    ArrowAt.HIPS: ("pelvis", "pelvis"),
    ArrowAt.KNEES: ("near-knee", "near-thigh"),
    ArrowAt.FEET: ("near-ankle", "near-foot"),
    ArrowAt.HANDS: ("near-hand", "near-hand"),
    ArrowAt.ELBOWS: ("near-elbow", "near-upper_arm"),
    ArrowAt.LEGS: ("near-shin-mid", "near-shin"),
    ArrowAt.ARMS: ("near-forearm-mid", "near-forearm"),
}


def _anchor(posed: Posed, name: str) -> V3:
    if name == "chest":
        return _mul(_add(posed.points["waist"], posed.points["shoulders"]), 0.5)
    if name.endswith("-mid"):
        seg = _by_name(posed, name[: -len("-mid")])[0]
        return _mul(_add(seg.a, seg.b), 0.5)
    return posed.points[name]


def _clearance(a: V2, b: V2, segs: Sequence[tuple[V2, V2, float]], floor: float | None) -> float:
    worst = math.inf
    for i in range(9):
        t = i / 8
        p = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        for s0, s1, r in segs:
            worst = min(worst, _point_segment(p, s0, s1) - r)
        if floor is not None:
            worst = min(worst, p[1] - floor)
    return worst


def _point_segment(p: V2, a: V2, b: V2) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _arrow(posed: Posed, props: Sequence[Shape]) -> list[Shape]:
    spec = posed.pose.arrow
    assert spec is not None
    e = posed.elevation
    point, seg_name = ARROW_ANCHORS[spec.at]
    anchor = _screen(_anchor(posed, point), e)
    radius = _by_name(posed, seg_name)[0].r
    if spec.direction is Direction.TURN:
        return _turn_arrow(posed, anchor, seg_name, radius, spec.both_ways)
    vx, vy = DIRECTION_VECTORS[spec.direction]
    body = [(_screen(s.a, e), _screen(s.b, e), s.r) for s in posed.segs]
    for shape in props:  # keep clear of the props too
        if shape.kind == "line":
            body.append((shape.points[0], shape.points[1], shape.width / 2))
        elif shape.kind == "polygon" and shape.opacity == 1.0:
            xs, ys = [p[0] for p in shape.points], [p[1] for p in shape.points]
            cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
            w, h = max(xs) - min(xs), max(ys) - min(ys)
            if w >= h:
                body.append(((min(xs) + h / 2, cy), (max(xs) - h / 2, cy), h / 2))
            else:
                body.append(((cx, min(ys) + w / 2), (cx, max(ys) - w / 2), w / 2))
    floor = 0.0 if posed.elevation == 0 and posed.points["pelvis"][1] >= 0 else None
    half = ARROW_LENGTH / 2
    candidates: list[tuple[float, V2]] = []
    for distance in (radius + 12.0, radius + 20.0, radius + 30.0, radius + 42.0):
        for side in (1.0, -1.0):
            candidates.append((distance, (anchor[0] - vy * side * distance, anchor[1] + vx * side * distance)))
    for distance in (radius + 8.0, radius + 16.0, radius + 26.0):
        candidates.append((distance, (anchor[0] + vx * (distance + half), anchor[1] + vy * (distance + half))))
        candidates.append((distance + 6.0, (anchor[0] - vx * (distance + half), anchor[1] - vy * (distance + half))))
    best: tuple[float, V2] | None = None
    for distance, mid in candidates:
        a = (mid[0] - vx * half, mid[1] - vy * half)
        b = (mid[0] + vx * half, mid[1] + vy * half)
        clear = _clearance(a, b, body, floor)
        score = min(clear, 9.0) - 0.12 * distance
        if best is None or score > best[0] + 1e-9:
            best = (score, mid)
    assert best is not None
    mid = best[1]
    tail = (mid[0] - vx * half, mid[1] - vy * half)
    tip = (mid[0] + vx * half, mid[1] + vy * half)
    shapes = [_arrow_shaft(tail, tip, spec.both_ways), _arrow_head(tail, tip)]
    if spec.both_ways:
        shapes.append(_arrow_head(tip, tail))
    return shapes


def _turn_arrow(posed: Posed, anchor: V2, seg_name: str, radius: float, both: bool) -> list[Shape]:
    """A curved arrow round a body part (a ring seen from the side), for twisting."""
    e = posed.elevation
    seg = _by_name(posed, seg_name)[0]
    if seg.a == seg.b:
        seg = _by_name(posed, "lower_trunk")[0]
    a, b = _screen(seg.a, e), _screen(seg.b, e)
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    w = ((b[0] - a[0]) / length, (b[1] - a[1]) / length)  # along the part
    u = (w[1], -w[0])  # across it
    across, along = radius + 11.0, 6.0
    pts = []
    for i in range(15):
        t = math.radians(200.0 + 140.0 * i / 14)
        pts.append((anchor[0] + u[0] * across * math.cos(t) + w[0] * along * math.sin(t),
                    anchor[1] + u[1] * across * math.cos(t) + w[1] * along * math.sin(t)))
    shapes = [Shape("path", tuple(pts[1:-1] if both else pts[:-1]), 3.6, ARROW)]
    shapes.append(_arrow_head(pts[-3], pts[-1]))
    if both:
        shapes.append(_arrow_head(pts[2], pts[0]))
    return shapes


def _arrow_shaft(tail: V2, tip: V2, both: bool) -> Shape:
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    start = (tail[0] + ux * 8.0, tail[1] + uy * 8.0) if both else tail
    return _line(start, (tip[0] - ux * 8.0, tip[1] - uy * 8.0), 3.6, ARROW, cap="butt" if both else "round")


def _arrow_head(tail: V2, tip: V2) -> Shape:
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    base = (tip[0] - ux * 10.0, tip[1] - uy * 10.0)
    return Shape("polygon", (tip, (base[0] - uy * 6.5, base[1] + ux * 6.5), (base[0] + uy * 6.5, base[1] - ux * 6.5)),
                 0.0, None, ARROW)


# --- canvas ---------------------------------------------------------------------------------

def _extent(shapes: Iterable[Shape]) -> tuple[float, float, float, float]:
    """(x min, y min, x max, y max) of shapes, strokes included."""
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        pad = shape.r + shape.width / 2
        for x, y in shape.points:
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Canvas:
    """Maps picture coordinates (cm, y up) to canvas units (y down) for one figure."""

    scale: float
    x_centre: float
    y_centre: float

    def point(self, p: V2) -> V2:
        return (WIDTH / 2 + (p[0] - self.x_centre) * self.scale, HEIGHT / 2 - (p[1] - self.y_centre) * self.scale)


def canvases(scenes: Sequence[Scene]) -> list[Canvas]:
    """One scale for a set of figures (an exercise's start and end), each centred across,
    sharing the floor height so the two read as one movement."""
    extents = [_extent(s.shapes) for s in scenes]
    width = max(e[2] - e[0] for e in extents)
    y0 = min(e[1] for e in extents)
    y1 = max(e[3] for e in extents)
    scale = min(MAX_SCALE, (WIDTH - 2 * MARGIN) / width, (HEIGHT - 2 * MARGIN) / (y1 - y0))
    return [Canvas(scale, (e[0] + e[2]) / 2, (y0 + y1) / 2) for e in extents]


@dataclass(frozen=True)
class Drawn:
    """Shapes in canvas units, ready for SVG or PNG."""

    shapes: tuple[Shape, ...]
    title: str
    desc: str

    def bbox(self) -> tuple[float, float, float, float]:
        return _extent(self.shapes)


def _to_canvas(scene: Scene, canvas: Canvas) -> list[Shape]:
    out = []
    for shape in scene.shapes:
        out.append(Shape(shape.kind, tuple(canvas.point(p) for p in shape.points), shape.width * canvas.scale,
                         shape.stroke, shape.fill, shape.r * canvas.scale, shape.cap, shape.opacity))
    if scene.floor is not None:  # drawn last, so the gap round a near leg never cuts it
        y = canvas.point((0.0, scene.floor))[1]
        out.append(Shape("line", ((MARGIN, y), (WIDTH - MARGIN, y)), 1.6, FLOOR, cap="butt"))
    return out


# --- text -----------------------------------------------------------------------------------

def _plain(text: str) -> str:
    """Markdown emphasis and links reduced to their words, on one line."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


PART_WORDS = {part: part.value.replace("-", " ") for part in BodyPart}
PART_WORDS[BodyPart.SIDE] = "side of the trunk"


def describe(exercise: Exercise, which: Which) -> tuple[str, str]:
    """Title and description (alt text) for one figure, written from the YAML."""
    assert exercise.figure is not None
    pose: Pose = getattr(exercise.figure, which)
    title = f"{_plain(exercise.name)}: {'starting' if which == 'start' else 'end'} position"
    if pose.description:
        sentences = [_plain(pose.description)]
    elif which == "start":
        sentences = [_plain(exercise.starting_position)]
    else:
        spec = BASE_POSES[pose.base]
        sentences = [f"The end of the movement, {spec.label}."]
    if pose.arrow:
        motion = pose.arrow.direction.value.replace("-", " and ")
        what = pose.arrow.at.value
        sentences.append(f"An arrow shows the {what} moving {motion}{' and back' if pose.arrow.both_ways else ''}.")
    if pose.highlight:
        parts = [PART_WORDS[p] for p in pose.highlight]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        what = "part doing the work is" if len(parts) == 1 else "parts doing the work are"
        sentences.append(f"The {what} highlighted: the {listed}.")
    return title, " ".join(s if s.endswith(".") else s + "." for s in sentences)


def alt_text(exercise: Exercise, which: Which) -> str:
    """The text an ``<img>`` of the figure should carry."""
    title, desc = describe(exercise, which)
    return f"{title}. {desc}"


# --- public API -----------------------------------------------------------------------------

def figure_path(exercise_id: str, which: Which) -> str:
    """Where a figure is published, relative to the docs folder."""
    return f"{FIGURE_DIR}/{exercise_id}-{which}.svg"


def drawings(exercise: Exercise) -> dict[Which, Drawn]:
    """Both figures of an exercise, laid out on the same scale."""
    if exercise.figure is None:
        raise ValueError(f"exercise {exercise.id!r} has no figure")
    pair = [scene(getattr(exercise.figure, which)) for which in WHICH]
    out: dict[Which, Drawn] = {}
    for which, item, canvas in zip(WHICH, pair, canvases(pair)):
        title, desc = describe(exercise, which)
        out[which] = Drawn(tuple(_to_canvas(item, canvas)), title, desc)
    return out


def scenes(exercise: Exercise) -> dict[Which, Scene]:
    """The figures before drawing, for tests that check contacts."""
    assert exercise.figure is not None
    return {which: scene(getattr(exercise.figure, which)) for which in WHICH}


def _num(value: float) -> str:
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _svg_shape(shape: Shape) -> str:
    op = f' opacity="{_num(shape.opacity)}"' if shape.opacity != 1.0 else ""
    if shape.kind == "line":
        (x1, y1), (x2, y2) = shape.points
        cap = "" if shape.cap == "round" else f' stroke-linecap="{shape.cap}"'
        return (f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                f'stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"{cap}{op}/>')
    if shape.kind == "path":
        d = "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in shape.points)
        return f'<path d="{d}" fill="none" stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"{op}/>'
    fill = shape.fill or "none"
    stroke = f' stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"' if shape.stroke and shape.width else ""
    if shape.kind == "circle":
        (x, y), = shape.points
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(shape.r)}" fill="{fill}"{stroke}{op}/>'
    pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
    return f'<polygon points="{pts}" fill="{fill}"{stroke}{op}/>'


def svg(drawn: Drawn, element_id: str) -> str:
    """The figure as a small standalone SVG document with a title and description."""
    title, desc = html.escape(drawn.title), html.escape(drawn.desc)
    body = "\n".join(_svg_shape(s) for s in drawn.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(WIDTH)} {_num(HEIGHT)}" '
        f'width="{_num(WIDTH)}" height="{_num(HEIGHT)}" role="img" '
        f'aria-labelledby="{element_id}-title {element_id}-desc">\n'
        f'<title id="{element_id}-title">{title}</title>\n'
        f'<desc id="{element_id}-desc">{desc}</desc>\n'
        f'<rect x="0.5" y="0.5" width="{_num(WIDTH - 1)}" height="{_num(HEIGHT - 1)}" rx="10" '
        f'fill="{PANEL}" stroke="{PANEL_EDGE}"/>\n'
        f'<g stroke-linecap="round" stroke-linejoin="round">\n{body}\n</g>\n</svg>\n'
    )


def figure_svg(exercise: Exercise, which: Which) -> str:
    """One figure of an exercise as SVG text."""
    return svg(drawings(exercise)[which], f"{exercise.id}-{which}")


def render_figures(exercises: Iterable[Exercise]) -> dict[str, str]:
    """``{docs path: svg text}`` for every figure, in a stable order."""
    out: dict[str, str] = {}
    for exercise in sorted(exercises, key=lambda e: e.id):
        if exercise.figure is None:
            continue
        for which, drawn in drawings(exercise).items():
            out[figure_path(exercise.id, which)] = svg(drawn, f"{exercise.id}-{which}")
    return out


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


Viewport = tuple[float, float, float, float]  # x, y, width, height in canvas units
FULL: Viewport = (0.0, 0.0, WIDTH, HEIGHT)


def _cropped(pair: Sequence[Drawn], margin: float = 8.0) -> list[Viewport]:
    """Viewports hugging each figure, sharing one height so their floors line up."""
    boxes = [_extent(s for s in d.shapes if s.stroke != FLOOR) for d in pair]
    y0 = max(0.0, min(b[1] for b in boxes) - margin)
    y1 = min(HEIGHT, max(b[3] for b in boxes) + margin)
    out = []
    for box in boxes:
        x0, x1 = max(0.0, box[0] - margin), min(WIDTH, box[2] + margin)
        out.append((x0, y0, x1 - x0, y1 - y0))
    return out


def _raster(panels: Sequence[tuple[Drawn, Viewport]], px_per_unit: float, gap: float = 0.0):  # type: ignore[no-untyped-def]
    """Draw figures side by side with Pillow (supersampled for smooth edges)."""
    from PIL import Image, ImageDraw

    ss = 3
    k = px_per_unit * ss
    total_w = sum(v[2] for _, v in panels) + gap * (len(panels) - 1)
    total_h = max(v[3] for _, v in panels)
    image = Image.new("RGB", (round(total_w * k), round(total_h * k)), (255, 255, 255))
    left = 0.0
    for drawn, (vx, vy, vw, vh) in panels:
        ox = left - vx
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle([left * k, 0, (left + vw) * k - 1, vh * k - 1], radius=10 * k,
                               fill=_rgb(PANEL), outline=_rgb(PANEL_EDGE), width=max(1, round(k)))
        clip = Image.new("L", image.size, 0)
        ImageDraw.Draw(clip).rounded_rectangle([left * k + k, k, (left + vw) * k - 1 - k, vh * k - 1 - k],
                                               radius=10 * k, fill=255)
        layer = image.copy()

        def at(p: V2) -> tuple[float, float]:
            return ((p[0] + ox) * k, (p[1] - vy) * k)

        for shape in drawn.shapes:
            target = layer
            if shape.opacity != 1.0:
                target = Image.new("RGBA", image.size, (0, 0, 0, 0))
            d = ImageDraw.Draw(target)
            alpha = round(255 * shape.opacity)
            stroke = (*_rgb(shape.stroke), alpha) if shape.stroke else None
            fill = (*_rgb(shape.fill), alpha) if shape.fill else None
            width = max(1, round(shape.width * k))
            if shape.kind in {"line", "path"}:
                pts = [at(p) for p in shape.points]
                d.line(pts, fill=stroke, width=width, joint="curve")
                if shape.cap == "round":
                    for x, y in (pts[0], pts[-1]):
                        d.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=stroke)
            elif shape.kind == "circle":
                x, y = at(shape.points[0])
                r = shape.r * k
                d.ellipse([x - r, y - r, x + r, y + r], fill=fill,
                          outline=stroke if shape.width else None, width=width if shape.width else 0)
            else:
                d.polygon([at(p) for p in shape.points], fill=fill,
                          outline=stroke if shape.width else None, width=width if shape.width else 0)
            if target is not layer:
                layer = Image.alpha_composite(layer.convert("RGBA"), target).convert("RGB")
        image = Image.composite(layer, image, clip)  # nothing spills outside the panel
        left += vw + gap
    return image.resize((round(total_w * px_per_unit), round(total_h * px_per_unit)), Image.Resampling.LANCZOS)


def _png_bytes(image) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def figure_png(exercise: Exercise, which: Which, dpi: int = 300) -> bytes:
    """One figure as PNG bytes, CANVAS_MM wide at ``dpi`` (for cards and handouts)."""
    px_per_unit = CANVAS_MM / 25.4 * dpi / WIDTH
    return _png_bytes(_raster([(drawings(exercise)[which], FULL)], px_per_unit))


def pair_png(exercise: Exercise, dpi: int = 300, crop: bool = True) -> bytes:
    """Start and end side by side in one PNG (the picture on an exercise's card). Cropped
    to the figures by default, so the picture takes little room on a small card."""
    px_per_unit = CANVAS_MM / 25.4 * dpi / WIDTH
    pair = [drawings(exercise)[which] for which in WHICH]
    views = _cropped(pair) if crop else [FULL, FULL]
    return _png_bytes(_raster(list(zip(pair, views)), px_per_unit, gap=8.0))


def write_figures(exercise: Exercise, folder: Path, dpi: int = 300) -> list[Path]:
    """Write an exercise's figures (SVG and PNG, start and end, and the pair) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    pair = drawings(exercise)
    for which in WHICH:
        path = folder / f"{exercise.id}-{which}.svg"
        path.write_text(svg(pair[which], f"{exercise.id}-{which}"), encoding="utf-8")
        written.append(path)
        path = folder / f"{exercise.id}-{which}.png"
        path.write_bytes(figure_png(exercise, which, dpi))
        written.append(path)
    path = folder / f"{exercise.id}.png"
    path.write_bytes(pair_png(exercise, dpi))
    written.append(path)
    return written


CARD_DPI = 200  # the pair is about 90 mm wide on a card: 200 dpi is sharp in print


def drawing_code() -> str:
    """A hash of the drawing code, so a change to it draws every cached figure again."""
    return code_digest(sys.modules[__name__], lumbar.poses)


def card_pictures(exercises: Iterable[Exercise], cache: BuildCache, dpi: int = CARD_DPI) -> dict[str, Path]:
    """``{exercise id: PNG path}``: each exercise's start and end side by side, for its card
    and handout page, drawn only when its pose data or the drawing code has changed."""
    code = drawing_code()
    return {
        exercise.id: cache.path(
            "card-pictures", key_of(exercise.id, dpi, exercise.figure.model_dump_json(), code),
            lambda e=exercise: pair_png(e, dpi),
        )
        for exercise in exercises if exercise.figure is not None
    }


def contact_sheet(exercises: Sequence[Exercise], columns: int = 4, px_per_unit: float = 1.0):  # type: ignore[no-untyped-def]
    """Every figure on one image: each exercise's start and end side by side, with its id."""
    from PIL import Image, ImageDraw, ImageFont

    from lumbar.assets import font_dir

    font = ImageFont.truetype(str(font_dir() / "AtkinsonHyperlegible-Bold.ttf"), round(14 * px_per_unit))
    cell_w = round((2 * WIDTH + 8) * px_per_unit)
    cell_h = round((HEIGHT + 22) * px_per_unit)
    rows = math.ceil(len(exercises) / columns)
    sheet = Image.new("RGB", (cell_w * columns + 10, cell_h * rows + 10), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for index, exercise in enumerate(exercises):
        x = 5 + (index % columns) * cell_w
        y = 5 + (index // columns) * cell_h
        pair = drawings(exercise)
        sheet.paste(_raster([(pair["start"], FULL), (pair["end"], FULL)], px_per_unit, gap=4.0),
                    (x, y + round(20 * px_per_unit)))
        draw.text((x + 4, y + 2), exercise.id, fill=(0, 0, 0), font=font)
    return sheet
