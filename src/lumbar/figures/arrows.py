"""Motion arrows: straight, rolling (clockwise or anticlockwise) and turning arrows, each placed
where it is clearest of the body, the props and the floor."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from lumbar.content.poses import DIRECTION_VECTORS, ArrowAt, Direction, Facing
from lumbar.figures.body import Posed, pose_angles, segments_named
from lumbar.figures.geometry import V2, V3, point_to_segment_2d, vadd, vmul
from lumbar.figures.shapes import ARROW, Shape, line_shape, to_screen

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
        return vmul(vadd(posed.points["waist"], posed.points["shoulders"]), 0.5)
    if name.endswith("-mid"):
        seg = segments_named(posed, name[: -len("-mid")])[0]
        return vmul(vadd(seg.a, seg.b), 0.5)
    return posed.points[name]


def _clearance(a: V2, b: V2, segs: Sequence[tuple[V2, V2, float]], floor: float | None) -> float:
    worst = math.inf
    for i in range(9):
        t = i / 8
        p = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        for s0, s1, r in segs:
            worst = min(worst, point_to_segment_2d(p, s0, s1) - r)
        if floor is not None:
            worst = min(worst, p[1] - floor)
    return worst


# A picture facing left is drawn as if facing right, then mirrored: an arrow the YAML gives as
# seen in the mirrored picture is drawn the other way round before the mirror.
MIRRORED: dict[Direction, Direction] = {
    Direction.LEFT: Direction.RIGHT, Direction.RIGHT: Direction.LEFT,
    Direction.UP_LEFT: Direction.UP_RIGHT, Direction.UP_RIGHT: Direction.UP_LEFT,
    Direction.DOWN_LEFT: Direction.DOWN_RIGHT, Direction.DOWN_RIGHT: Direction.DOWN_LEFT,
    Direction.CLOCKWISE: Direction.ANTICLOCKWISE, Direction.ANTICLOCKWISE: Direction.CLOCKWISE,
}


def arrow_shapes(posed: Posed, props: Sequence[Shape]) -> list[Shape]:
    """The motion arrow of ``posed``'s pose: straight, rolling or turning, placed clear of the
    body and of ``props`` (the shapes it must not cross)."""
    spec = posed.pose.arrow
    assert spec is not None
    if posed.pose.facing is Facing.LEFT:
        spec = spec.model_copy(update={"direction": MIRRORED.get(spec.direction, spec.direction)})
    e = posed.elevation
    point, seg_name = ARROW_ANCHORS[spec.at]
    anchor = to_screen(_anchor(posed, point), e)
    radius = segments_named(posed, seg_name)[0].r
    if spec.direction is Direction.TURN:
        return _turn_arrow(posed, anchor, seg_name, radius, spec.both_ways)
    body = [(to_screen(s.a, e), to_screen(s.b, e), s.r) for s in posed.segs]
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
    if spec.direction in (Direction.CLOCKWISE, Direction.ANTICLOCKWISE):
        return _roll_arrow(anchor, radius, spec.direction is Direction.CLOCKWISE, spec.both_ways, body, floor)
    vx, vy = DIRECTION_VECTORS[spec.direction]
    half = ARROW_LENGTH / 2
    candidates: list[tuple[float, V2]] = []
    for distance in (radius + 12.0, radius + 20.0, radius + 30.0, radius + 42.0):
        for side in (1.0, -1.0):
            candidates.append((distance, (anchor[0] - vy * side * distance, anchor[1] + vx * side * distance)))
    for distance in (radius + 8.0, radius + 12.0, radius + 16.0, radius + 26.0):
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


ROLL_SPAN = 120.0  # degrees of arc in a clockwise or anticlockwise arrow


def _roll_arrow(anchor: V2, radius: float, clockwise: bool, both: bool,
                body: Sequence[tuple[V2, V2, float]], floor: float | None = None) -> list[Shape]:
    """A curved arrow in the picture plane round a body part, for tipping or rolling it.

    The arc is centred on the part and placed on the side where it is clearest of the body
    and above the floor (of eight, the one with the most room, the upper side winning ties).
    """
    reach = radius + 12.0

    def arc(middle: float) -> list[V2]:
        sweep = -ROLL_SPAN if clockwise else ROLL_SPAN
        start = middle - sweep / 2
        return [(anchor[0] + reach * math.cos(math.radians(start + sweep * i / 16)),
                 anchor[1] + reach * math.sin(math.radians(start + sweep * i / 16))) for i in range(17)]

    def room(middle: float) -> float:
        pts = arc(middle)
        clear = min(_clearance(a, b, body, floor) for a, b in itertools.pairwise(pts))
        return min(clear, 6.0) + 0.5 * math.sin(math.radians(middle))

    pts = arc(max(range(0, 360, 45), key=room))
    shapes = [Shape("path", tuple(pts[1:-1] if both else pts[:-1]), 3.6, ARROW)]
    shapes.append(_arrow_head(pts[-3], pts[-1]))
    if both:
        shapes.append(_arrow_head(pts[2], pts[0]))
    return shapes


def _turn_arrow(posed: Posed, anchor: V2, seg_name: str, radius: float, both: bool) -> list[Shape]:
    """A curved arrow round a body part (a ring seen from the side), for twisting. It follows
    the front of the ring the way the pose's twist turns it: a positive twist turns the near
    shoulder back, so the side facing the viewer moves backwards (left, facing right)."""
    e = posed.elevation
    seg = segments_named(posed, seg_name)[0]
    if seg.a == seg.b:
        seg = segments_named(posed, "lower_trunk")[0]
    a, b = to_screen(seg.a, e), to_screen(seg.b, e)
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    w = ((b[0] - a[0]) / length, (b[1] - a[1]) / length)  # along the part
    u = (w[1], -w[0])  # across it
    across, along = radius + 11.0, 6.0
    pts = []
    for i in range(15):
        t = math.radians(200.0 + 140.0 * i / 14)
        pts.append((anchor[0] + u[0] * across * math.cos(t) + w[0] * along * math.sin(t),
                    anchor[1] + u[1] * across * math.cos(t) + w[1] * along * math.sin(t)))
    if pose_angles(posed.pose).one("twist") > 0:
        pts.reverse()
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
    return line_shape(start, (tip[0] - ux * 8.0, tip[1] - uy * 8.0), 3.6, ARROW, cap="butt" if both else "round")


def _arrow_head(tail: V2, tip: V2) -> Shape:
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    base = (tip[0] - ux * 10.0, tip[1] - uy * 10.0)
    return Shape("polygon", (tip, (base[0] - uy * 6.5, base[1] + ux * 6.5), (base[0] + uy * 6.5, base[1] - ux * 6.5)),
                 0.0, None, ARROW)
