"""The scene around a posed body: rounded limbs, head, highlights, props (mat, chair, wall,
towel, pillow, bike, elliptical, water) and motion arrows, as a list of simple shapes."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from lumbar.content.models import Pose
from lumbar.content.poses import (
    BODY,
    DIRECTION_VECTORS,
    ArrowAt,
    BodyPart,
    Direction,
    Prop,
)
from lumbar.figures.body import (
    GAP,
    PEDAL_HEIGHT,
    V2,
    V3,
    WATER_DEPTH,
    Posed,
    Segment,
    _add,
    _back_x,
    _by_name,
    _crank,
    _foot_sole,
    _lowest,
    _mul,
    _mv,
    _pedal_point,
    _ry,
    _samples,
    _seat,
    _sub,
    place,
    view_turn,
)

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


# Highlighted parts: (segment name, band) where band is "full", "top" (its first part), "front",
# "back", "side" (the body's near side, outwards), or "front-top", "back-top" and "side-top"
# (the first part of one side).
HIGHLIGHTS: dict[BodyPart, tuple[tuple[str, str], ...]] = {
    BodyPart.NECK: (("neck", "full"),),
    BodyPart.SHOULDERS: (("near-upper_arm", "top"),),
    BodyPart.ARMS: (("near-upper_arm", "full"), ("near-forearm", "full")),
    BodyPart.UPPER_BACK: (("upper_trunk", "back"),),
    BodyPart.LOWER_BACK: (("lower_trunk", "back"),),
    BodyPart.BACK: (("lower_trunk", "back"), ("upper_trunk", "back")),
    BodyPart.STOMACH: (("lower_trunk", "front"),),
    BodyPart.CHEST: (("upper_trunk", "front"),),
    # The gluteal muscles reach onto the top of the thigh, which is drawn over the pelvis.
    BodyPart.BUTTOCKS: (("pelvis", "back"), ("near-thigh", "back-top")),
    # The outer hip (gluteus medius): seen lying on one side, the top of the hip and thigh.
    BodyPart.HIPS: (("pelvis", "side"), ("near-thigh", "side-top")),
    BodyPart.FRONT_OF_HIP: (("pelvis", "front"), ("near-thigh", "front-top")),
    BodyPart.THIGHS: (("near-thigh", "full"),),
    BodyPart.HAMSTRINGS: (("near-thigh", "back"),),
    BodyPart.CALVES: (("near-shin", "back"),),
    BodyPart.LEGS: (("near-thigh", "full"), ("near-shin", "full")),
    BodyPart.SIDE: (("lower_trunk", "side"), ("upper_trunk", "side")),
}


MARK = "#ffffff"  # the highlight's outline and dots: they survive black-and-white printing


def _marked(shape: Shape) -> list[Shape]:
    """A highlight that does not rely on colour alone: a white outline under it and a row of
    white dots along it, so it still stands out from the dark body on a greyscale printer."""
    if shape.kind == "circle":
        return [replace(shape, fill=MARK, r=shape.r + 0.9), shape,
                Shape("circle", shape.points, fill=MARK, r=max(0.45, shape.r * 0.22))]
    a, b = shape.points
    width = shape.width
    outline = replace(shape, width=width + 1.8, stroke=MARK)
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    step = max(width * 0.9, 1.6)
    count = max(1, int(length // step))
    dot = max(0.45, width * 0.16)
    dots = [Shape("circle", ((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t),), fill=MARK, r=dot)
            for t in ((i + 0.5) / count for i in range(count))]
    return [outline, shape, *dots]


def _highlight_shape(seg: Segment, band: str, e: float, posed: Posed) -> Shape:
    a, b = _screen(seg.a, e), _screen(seg.b, e)
    if band == "full" or band == "top":
        if seg.a == seg.b:
            return Shape("circle", (a,), fill=HIGHLIGHT, r=seg.r * 0.62)
        if band == "top":
            b = (a[0] + (b[0] - a[0]) * 0.45, a[1] + (b[1] - a[1]) * 0.45)
        return _line(a, b, 2 * seg.r - 3.4, HIGHLIGHT)
    if band.startswith("side"):
        direction = _screen(_sub(posed.points["near-hip"], posed.points["pelvis"]), e)
    else:
        direction = _screen(seg.front, e)
    length = math.hypot(*direction) or 1.0
    sign = -1.0 if band.startswith("back") else 1.0
    nx, ny = sign * direction[0] / length, sign * direction[1] / length
    if band.endswith("-top"):
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
    if view_turn(posed.pose):  # from the feet the head is furthest away, the pelvis nearest
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
                shapes.extend(_marked(_highlight_shape(seg, band, e, posed)))
    return shapes


@dataclass
class Scene:
    """Everything in one figure, in picture coordinates (centimetres, y up)."""

    back: list[Shape]  # drawn before the body
    body: list[Shape]
    front: list[Shape]  # drawn over the body
    floor: float | None  # y of the floor line, if one is drawn
    posed: Posed
    props: dict[Prop, list[Shape]] = field(default_factory=dict)  # each prop's shapes, for contacts
    # The faces under the surface the body rests on (a mat's thickness): nothing of the body may
    # be drawn over them, or it reads as sunk into the mat (checked with the contacts).
    edges: list[Shape] = field(default_factory=list)

    @property
    def shapes(self) -> list[Shape]:
        return self.back + self.body + self.front


MAT_MARGIN = 12.0  # cm of mat beyond the body, seen from above: in front, and at its ends


MAT_BEHIND = 30.0  # cm of mat behind the body, seen from above: the body lies well inside it


MAT_THICKNESS = 4.0


def _mat(posed: Posed) -> tuple[list[Shape], list[Shape]]:
    """The mat under the body: (its top, its edges). Seen from the side it is all edge, a strip
    under the floor line; seen from above, its top and the thickness below its front."""
    e = posed.elevation
    xs = [x for x, y in _samples(posed.segs, 12) if y <= 16.0]
    if not xs:
        return [], []
    x0, x1 = min(xs) - 8.0, max(xs) + 8.0
    if e == 0:
        return [], [Shape("polygon", ((x0, 0.0), (x1, 0.0), (x1, -MAT_THICKNESS), (x0, -MAT_THICKNESS)),
                          1.0, MAT_EDGE, MAT)]
    if view_turn(posed.pose):
        return _turned_mat(posed)
    z0, z1 = _mat_depth(posed.segs)
    near = _screen((0.0, 0.0, z1), e)[1]
    far = _screen((0.0, 0.0, z0), e)[1]
    return ([Shape("polygon", ((x0, far), (x1, far), (x1, near), (x0, near)), 1.0, MAT_EDGE, MAT)],
            [Shape("polygon", ((x0, near), (x1, near), (x1, near - MAT_THICKNESS), (x0, near - MAT_THICKNESS)),
                   1.0, MAT_EDGE, MAT_EDGE)])


def _mat_depth(segs: Sequence[Segment]) -> tuple[float, float]:
    """(far z, near z) of a mat seen from above. It reaches past the outline of every limb
    resting on it, not only past their axes, and well behind the body, so a body lying on
    its side lies on the mat's top with mat showing behind it (a body lying along the mat's
    back edge makes the top read as the mat's front, and the limbs in front of the body as
    sinking into it)."""
    low = [s for s in segs if min(s.a[1], s.b[1]) - s.r < 8.0]
    return (min(min(s.a[2], s.b[2]) - s.r for s in low) - MAT_BEHIND,
            max(max(s.a[2], s.b[2]) + s.r for s in low) + MAT_MARGIN)


def _turned_mat(posed: Posed) -> tuple[list[Shape], list[Shape]]:
    """The mat under a body seen from partly round towards its feet: a rectangle lying along
    the body (measured with the view turned back), turned with it and seen from above, with
    its thickness drawn below the edges that face the viewer."""
    e, turn = posed.elevation, view_turn(posed.pose)
    back, forth = _ry(turn), _ry(-turn)
    segs = [replace(s, a=_mv(back, s.a), b=_mv(back, s.b)) for s in posed.segs]
    xs = [x for x, y in _samples(segs, 12) if y <= 16.0]
    (x0, x1), (z0, z1) = (min(xs) - 8.0, max(xs) + 8.0), _mat_depth(segs)
    top = [_screen(_mv(forth, corner), e) for corner in ((x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1))]
    edges: list[Shape] = []
    centre = (sum(p[0] for p in top) / 4, sum(p[1] for p in top) / 4)
    for a, b in zip(top, top[1:] + top[:1]):
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        normal = (b[1] - a[1], a[0] - b[0])
        if normal[0] * (mid[0] - centre[0]) + normal[1] * (mid[1] - centre[1]) < 0:
            normal = (-normal[0], -normal[1])  # pointing out of the mat
        if normal[1] < 0:  # an edge on the viewer's side: its thickness shows below it
            edges.append(Shape("polygon", (a, b, (b[0], b[1] - MAT_THICKNESS), (a[0], a[1] - MAT_THICKNESS)),
                               1.0, MAT_EDGE, MAT_EDGE))
    return [Shape("polygon", tuple(top), 1.0, MAT_EDGE, MAT)], edges


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
    drawn: dict[Prop, list[Shape]] = {}
    floor: float | None = 0.0
    top = max(max(s.a[1], s.b[1]) + s.r for s in posed.segs)

    def add(prop: Prop, behind: list[Shape], over: list[Shape] | None = None) -> None:
        back.extend(behind)
        front.extend(over or [])
        drawn[prop] = [*behind, *(over or [])]

    edges: list[Shape] = []
    if Prop.MAT in props:
        top_side, edges = _mat(posed)
        add(Prop.MAT, [*top_side, *edges])
    if Prop.WALL in props:
        add(Prop.WALL, _wall(posed, max(top + 12.0, 150.0)))
    if Prop.CHAIR in props:
        add(Prop.CHAIR, _chair(posed))
    if Prop.PILLOW in props:
        add(Prop.PILLOW, _pillow(posed))
    if Prop.BIKE in props:
        add(Prop.BIKE, *_bike(posed))
    if Prop.ELLIPTICAL in props:
        add(Prop.ELLIPTICAL, *_elliptical(posed))
    if Prop.TOWEL in props:
        add(Prop.TOWEL, [], _towel(posed))
    if Prop.WATER in props:
        water, surface = _water(posed)
        add(Prop.WATER, [], water)
        if surface == 0.0:
            floor = None
    if posed.elevation:
        floor = None
    body = _body_shapes(posed)
    # An arrow keeps clear of the body and the props, but may cross the mat it lies on.
    mat = drawn.get(Prop.MAT, [])
    arrow = _arrow(posed, [s for s in back + front if s not in mat]) if pose.arrow else []
    return Scene(back, body, front + arrow, floor, posed, drawn, edges)


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
