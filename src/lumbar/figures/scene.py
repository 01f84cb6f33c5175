"""The scene around a posed body: rounded limbs, head, highlights, props (mat, chair, wall,
towel, pillow, bike, elliptical, water) and motion arrows, as a list of simple shapes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from lumbar.content.models import Pose
from lumbar.content.poses import BASE_POSES, BODY, BodyPart, ContactPart, Prop
from lumbar.figures.arrows import arrow_shapes
from lumbar.figures.body import (
    GAP,
    PEDAL_HEIGHT,
    WATER_DEPTH,
    Posed,
    Segment,
    back_x,
    contact_groups,
    crank,
    foot_sole,
    lowest_y,
    moved,
    outline_points,
    pedal_point,
    place,
    seat,
    segments_named,
    view_turn,
)
from lumbar.figures.geometry import matvec, point_to_segment_2d, rot_y, vsub
from lumbar.figures.shapes import (
    FAR,
    FLOAT,
    HIGHLIGHT,
    INK,
    MARK,
    MAT,
    MAT_EDGE,
    PANEL,
    PROP,
    PROP_EDGE,
    TOWEL,
    WATER,
    WATER_EDGE,
    Shape,
    depth_of,
    line_shape,
    to_screen,
)


def _seg_shapes(seg: Segment, e: float, colour: str, width_add: float = 0.0) -> Shape:
    a, b = to_screen(seg.a, e), to_screen(seg.b, e)
    if seg.a == seg.b:
        return Shape("circle", (a,), fill=colour, r=seg.r + width_add / 2)
    return line_shape(a, b, 2 * seg.r + width_add, colour)


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
    a, b = to_screen(seg.a, e), to_screen(seg.b, e)
    if band == "full" or band == "top":
        if seg.a == seg.b:
            return Shape("circle", (a,), fill=HIGHLIGHT, r=seg.r * 0.62)
        if band == "top":
            b = (a[0] + (b[0] - a[0]) * 0.45, a[1] + (b[1] - a[1]) * 0.45)
        return line_shape(a, b, 2 * seg.r - 3.4, HIGHLIGHT)
    if band.startswith("side"):
        direction = to_screen(vsub(posed.points["near-hip"], posed.points["pelvis"]), e)
    else:
        direction = to_screen(seg.front, e)
    length = math.hypot(*direction) or 1.0
    sign = -1.0 if band.startswith("back") else 1.0
    nx, ny = sign * direction[0] / length, sign * direction[1] / length
    if band.endswith("-top"):
        b = (a[0] + (b[0] - a[0]) * 0.45, a[1] + (b[1] - a[1]) * 0.45)
    if seg.a == seg.b:
        return Shape("circle", ((a[0] + nx * seg.r * 0.42, a[1] + ny * seg.r * 0.42),), fill=HIGHLIGHT, r=seg.r * 0.5)
    off = seg.r * 0.42
    shift = (nx * off, ny * off)
    return line_shape((a[0] + shift[0], a[1] + shift[1]), (b[0] + shift[0], b[1] + shift[1]),
                 seg.r * 0.8, HIGHLIGHT, cap="round")


def _body_shapes(posed: Posed, highlight: bool = True) -> list[Shape]:
    e = posed.elevation
    groups: dict[str, list[Segment]] = {}
    for seg in posed.segs:
        groups.setdefault(seg.group, []).append(seg)

    def depth(name: str) -> float:
        segs = groups[name]
        return sum(depth_of(s.a, e) + depth_of(s.b, e) for s in segs) / (2 * len(segs))

    # Trunk in the middle; limbs ordered by depth, so near limbs are drawn over the body.
    order = sorted(groups, key=lambda g: (0.0 if g == "trunk" else depth(g), g))
    if view_turn(posed.pose):  # from the feet the head is furthest away, the pelvis nearest
        groups["trunk"].sort(key=lambda s: depth_of(s.a, e) + depth_of(s.b, e))
    wanted: dict[str, list[str]] = {}
    for part in posed.pose.highlight if highlight else ():
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
    # A hand in front of a part drawn after its arm (a far hand holding the outside of the near
    # knee) is drawn again on top, so the hand shows where it holds.
    for group in order:
        later = [s for g in order[order.index(group) + 1:] for s in groups[g]]
        for hand in (s for s in groups[group] if s.name.endswith("-hand")):
            centre, near = to_screen(hand.a, e), depth_of(hand.a, e)
            over = [s for s in later
                    if point_to_segment_2d(centre, to_screen(s.a, e), to_screen(s.b, e)) < hand.r + s.r]
            if over and all(near > max(depth_of(s.a, e), depth_of(s.b, e)) for s in over):
                colour = FAR if group.startswith("far") else INK
                shapes.extend([_seg_shapes(hand, e, PANEL, 2 * GAP), _seg_shapes(hand, e, colour)])
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


@dataclass(frozen=True)
class MatSpan:
    """Where a mat lies on the floor, in the world as it is before any view from the feet (x
    along the body, z across it, towards the viewer), in cm. A pair of pictures, and every frame
    of the moving picture, shares one, so the mat never changes size under a moving body."""

    x0: float
    x1: float
    z0: float
    z1: float

    def union(self, other: MatSpan) -> MatSpan:
        """The span covering both."""
        return MatSpan(min(self.x0, other.x0), max(self.x1, other.x1), min(self.z0, other.z0), max(self.z1, other.z1))


def _unturned(posed: Posed) -> list[Segment]:
    """The body's segments with any view from the feet turned back (the world the mat lies in)."""
    back = rot_y(view_turn(posed.pose))
    return [replace(s, a=matvec(back, s.a), b=matvec(back, s.b)) for s in posed.segs]


def mat_span(posed: Posed) -> MatSpan | None:
    """The mat a body needs under it: past every part within 16 cm of the floor along the body,
    and (seen from above) past the outline of every limb resting on it; None when nothing of
    the body is near the floor (held above it on pedals, say)."""
    segs = _unturned(posed)
    xs = [x for x, y in outline_points(segs, 12) if y <= 16.0]
    if not xs:
        return None
    z0, z1 = _mat_depth(segs)
    return MatSpan(min(xs) - 8.0, max(xs) + 8.0, z0, z1)


def _mat(posed: Posed, span: MatSpan | None) -> tuple[list[Shape], list[Shape]]:
    """The mat under the body: (its top, its edges). Seen from the side it is all edge, a strip
    under the floor line; seen from above, its top and the thickness below its front."""
    if span is None:
        return [], []
    e = posed.elevation
    x0, x1 = span.x0, span.x1
    if e == 0:
        return [], [Shape("polygon", ((x0, 0.0), (x1, 0.0), (x1, -MAT_THICKNESS), (x0, -MAT_THICKNESS)),
                          1.0, MAT_EDGE, MAT)]
    if view_turn(posed.pose):
        return _turned_mat(posed, span)
    near = to_screen((0.0, 0.0, span.z1), e)[1]
    far = to_screen((0.0, 0.0, span.z0), e)[1]
    return ([Shape("polygon", ((x0, far), (x1, far), (x1, near), (x0, near)), 1.0, MAT_EDGE, MAT)],
            [Shape("polygon", ((x0, near), (x1, near), (x1, near - MAT_THICKNESS), (x0, near - MAT_THICKNESS)),
                   1.0, MAT_EDGE, MAT_EDGE)])


def _mat_depth(segs: Sequence[Segment]) -> tuple[float, float]:
    """(far z, near z) of a mat seen from above. It reaches past the outline of every limb
    resting on it, not only past their axes, and well behind the body, so a body lying on
    its side lies on the mat's top with mat showing behind it (a body lying along the mat's
    back edge makes the top read as the mat's front, and the limbs in front of the body as
    sinking into it)."""
    # A body held above the mat (on pedals, say) has nothing resting on it: the mat then
    # spans the whole body, rather than failing to find its edges.
    low = [s for s in segs if min(s.a[1], s.b[1]) - s.r < 8.0] or list(segs)
    return (min(min(s.a[2], s.b[2]) - s.r for s in low) - MAT_BEHIND,
            max(max(s.a[2], s.b[2]) + s.r for s in low) + MAT_MARGIN)


def _turned_mat(posed: Posed, span: MatSpan) -> tuple[list[Shape], list[Shape]]:
    """The mat under a body seen from partly round towards its feet: a rectangle lying along
    the body (measured with the view turned back), turned with it and seen from above, with
    its thickness drawn below the edges that face the viewer."""
    e, turn = posed.elevation, view_turn(posed.pose)
    forth = rot_y(-turn)
    (x0, x1), (z0, z1) = (span.x0, span.x1), (span.z0, span.z1)
    top = [to_screen(matvec(forth, corner), e) for corner in ((x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1))]
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
    back, front, top = seat(posed)
    trunk_x = min(x for x, y in outline_points(segments_named(posed, "pelvis", "lower_trunk", "upper_trunk"), 12)
                  if y > top + 2)
    rest_x = min(back - 2.0, trunk_x - 3.0)
    leg = 3.5
    return [
        line_shape((rest_x, top + 1.0), (rest_x - 3.0, top + 46.0), 4.5, PROP_EDGE),
        line_shape((rest_x + 1.5, 0.0), (rest_x + 1.0, top - 3.0), leg, PROP_EDGE),
        line_shape((front - 1.0, 0.0), (front - 1.0, top - 3.0), leg, PROP_EDGE),
        Shape("polygon", ((rest_x - 1.0, top), (front + 3.0, top), (front + 3.0, top - 5.0), (rest_x - 1.0, top - 5.0)),
              1.2, PROP_EDGE, PROP),
    ]


# How far behind the back a wall stands when the picture's body does not lean on it and no
# other picture of the pair places it, cm.
WALL_GAP = 10.0


def leans_on_wall(posed: Posed) -> bool:
    """Whether the body leans on the wall: its base stands against one, or the pose says a part
    of the body touches it (``contacts: {wall: [...]}``)."""
    said = bool(posed.pose.contacts and posed.pose.contacts.wall)
    return Prop.WALL in posed.props and (said or Prop.WALL in BASE_POSES[posed.pose.base].props)


def shared_wall(posed: Sequence[Posed]) -> float | None:
    """Where the wall stands (its face, x in cm) for bodies in one world: at the back of the
    first that leans on it; None when none does."""
    return next((back_x(p) for p in posed if leans_on_wall(p)), None)


def _wall(posed: Posed, top: float, shared: float | None) -> list[Shape]:
    """The wall behind the body: at its back when it leans on it, else where the other picture
    of the pair leans on it (``shared``), or WALL_GAP behind it."""
    if leans_on_wall(posed):
        x = back_x(posed)
    else:
        x = shared if shared is not None else back_x(posed) - WALL_GAP
    return [
        Shape("polygon", ((x - 10.0, 0.0), (x, 0.0), (x, top), (x - 10.0, top)), 0.0, None, PROP),
        line_shape((x, 0.0), (x, top), 1.6, PROP_EDGE, cap="butt"),
    ]


def _towel(posed: Posed) -> list[Shape]:
    e = posed.elevation
    foot = segments_named(posed, "near-foot")[0]
    toe, heel = to_screen(foot.b, e), to_screen(foot.a, e)
    # The loop goes round the ball of the foot, on the sole's side.
    ball = (heel[0] + (toe[0] - heel[0]) * 0.7, heel[1] + (toe[1] - heel[1]) * 0.7)
    along = (toe[0] - heel[0], toe[1] - heel[1])
    length = math.hypot(*along) or 1.0
    normal = (along[1] / length, -along[0] / length)  # the sole's side
    # It lies across the sole there, a band either side of the ball, and runs from each end of
    # the band to a hand: a loop round the foot with one end in each hand, not a stick.
    out = foot.r + 1.5
    unit = (along[0] / length, along[1] / length)
    band = [(ball[0] + normal[0] * out + unit[0] * d, ball[1] + normal[1] * out + unit[1] * d) for d in (-5.0, 5.0)]
    near_hand = to_screen(posed.points["near-hand"], e)
    far_hand = to_screen(posed.points["far-hand"], e)
    return [Shape("path", (far_hand, band[0], band[1], near_hand), 3.2, TOWEL)]


FLOAT_SIZE = (46.0, 5.0)  # a swimming float (kickboard): length and thickness, cm


def _float(posed: Posed) -> list[Shape]:
    """A swimming float held out in front: a board lying level under the hands (its back end
    just behind them), drawn over the water so it shows."""
    e = posed.elevation
    near, far = to_screen(posed.points["near-hand"], e), to_screen(posed.points["far-hand"], e)
    x = max(near[0], far[0])
    top = min(near[1], far[1]) - BODY.hand_r + 0.5
    length, thick = FLOAT_SIZE
    y = top - thick / 2
    back, tip = (x - 12.0, y), (x - 12.0 + length, y)
    return [line_shape(back, tip, thick + 2.4, PROP_EDGE), line_shape(back, tip, thick, FLOAT)]


def _pillow(posed: Posed) -> list[Shape]:
    knee = segments_named(posed, "near-thigh")[0].b
    height = max(knee[1] - BODY.knee_r - 0.5, 4.0)
    cx = knee[0]
    pts = tuple((cx + 17.0 * math.cos(t * math.pi / 12), height / 2 + height / 2 * math.sin(t * math.pi / 12))
                for t in range(24))
    return [Shape("polygon", pts, 1.2, PROP_EDGE, PROP)]


def _bike(posed: Posed) -> tuple[list[Shape], list[Shape]]:
    """An upright exercise bike fitted to the rider: saddle under the buttocks, pedals under
    the feet, handlebars at the hands, flywheel in front, base on the floor."""
    (cx, cy), radius = crank(posed)
    back, front, top = seat(posed)
    hand = posed.points["near-hand"]
    saddle_mid = (back + front) / 2 - 2.0
    wheel = (cx + radius + 14.0, cy + 4.0)
    wheel_r = 17.0
    bar_x = max(hand[0] + 4.0, wheel[0] + 6.0)
    base0, base1 = min(saddle_mid - 22.0, cx - radius - 16.0), max(bar_x, wheel[0] + wheel_r) + 8.0
    behind = [
        line_shape((base0, 2.5), (base1, 2.5), 5.0, PROP_EDGE),
        line_shape((saddle_mid, top - 4.0), (cx - 3.0, cy), 5.0, PROP_EDGE),
        line_shape((cx - 3.0, cy), (base0 + 12.0, 3.0), 5.0, PROP_EDGE),
        line_shape((cx, cy), wheel, 5.0, PROP_EDGE),
        line_shape(wheel, (base1 - 10.0, 3.0), 5.0, PROP_EDGE),
        line_shape(wheel, (bar_x, hand[1] - 6.0), 5.0, PROP_EDGE),
        line_shape((bar_x, hand[1] - 6.0), (hand[0], hand[1]), 4.0, PROP_EDGE),
        Shape("circle", (wheel,), 1.6, PROP_EDGE, PROP, r=wheel_r),
        line_shape((saddle_mid - 11.0, top - 2.0), (saddle_mid + 9.0, top - 2.0), 4.0, PROP_EDGE),
    ]
    near, far = pedal_point(posed, "near"), pedal_point(posed, "far")
    over = [
        line_shape(far, near, 2.5, PROP_EDGE),
        Shape("circle", ((cx, cy),), fill=PROP_EDGE, r=3.0),
    ]
    return behind, over


def _elliptical(posed: Posed) -> tuple[list[Shape], list[Shape]]:
    hand = posed.points["near-hand"]
    plates = []
    xs = []
    for side in ("far", "near"):
        x0, x1, y = foot_sole(posed, side)
        xs += [x0, x1]
        plates.append(line_shape((x0 - 4.0, y - 2.0), (x1 + 4.0, y - 2.0), 4.0, PROP_EDGE))
    mid = (min(xs) + max(xs)) / 2
    rx = (max(xs) - min(xs)) / 2 + 8.0
    ellipse = tuple((mid + rx * math.cos(t * math.pi / 16), PEDAL_HEIGHT - 3.0 + 7.0 * math.sin(t * math.pi / 16))
                    for t in range(32))
    post_x = max(hand[0] + 8.0, max(xs) + 16.0)
    behind = [
        Shape("polygon", ellipse, 1.4, PROP_EDGE, PROP),
        line_shape((min(xs) - 12.0, 2.5), (post_x + 10.0, 2.5), 5.0, PROP_EDGE),
        line_shape((post_x, 2.5), (post_x - 4.0, hand[1] + 6.0), 5.0, PROP_EDGE),
        line_shape((post_x - 4.0, hand[1] + 6.0), (hand[0], hand[1]), 4.0, PROP_EDGE),
        line_shape((mid, PEDAL_HEIGHT - 3.0), (mid, 2.5), 4.0, PROP_EDGE),
    ]
    return behind, plates


def _water(posed: Posed) -> tuple[list[Shape], float]:
    xs = [x for x, _ in outline_points(posed.segs, 8)]
    x0, x1 = min(xs) - 30.0, max(xs) + 30.0
    if posed.points["pelvis"][1] < 0:  # floating: the surface is y = 0
        surface, bottom = 0.0, lowest_y(posed.segs) - 8.0
    else:
        surface, bottom = WATER_DEPTH, 0.0
    wave = tuple((x0 + i * (x1 - x0) / 24, surface + (1.8 if i % 2 else -1.8)) for i in range(25))
    body = Shape("polygon", ((x0, surface), (x1, surface), (x1, bottom), (x0, bottom)), 0.0, None, WATER,
                 opacity=0.45)
    return [body, Shape("path", wave, 1.8, WATER_EDGE)], surface


def scene(pose: Pose) -> Scene:
    """Place the body and draw it with its floor, props, highlight and arrow."""
    posed = place(pose)
    return draw_scene(posed, mat_span(posed) if Prop.MAT in posed.props else None)


def draw_scene(posed: Posed, mat: MatSpan | None = None, *, wall: float | None = None, marks: bool = True) -> Scene:
    """The scene of a placed body, its mat (if it has one) lying at ``mat`` and its wall (if it
    has one and does not lean on it) standing at ``wall``; ``marks=False`` leaves out the
    highlight and the arrow (the moving picture shows the movement itself)."""
    pose = posed.pose
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
        top_side, edges = _mat(posed, mat)
        add(Prop.MAT, [*top_side, *edges])
    if Prop.WALL in props:
        add(Prop.WALL, _wall(posed, max(top + 12.0, 150.0), wall))
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
    if Prop.FLOAT in props:  # after the water: a float lies on it, in sight
        add(Prop.FLOAT, [], _float(posed))
    if posed.elevation:
        floor = None
    body = _body_shapes(posed, highlight=marks)
    # An arrow keeps clear of the body and the props, but may cross the mat it lies on.
    mat_shapes = drawn.get(Prop.MAT, [])
    arrow = arrow_shapes(posed, [s for s in back + front if s not in mat_shapes]) if pose.arrow and marks else []
    return Scene(back, body, front + arrow, floor, posed, drawn, edges)


def anchor_x(posed: Posed, parts: Sequence[tuple[str, ContactPart]]) -> float:
    """The mean x (along the body, before any view from the feet) of the pieces of ``parts``
    (``(surface, part)`` pairs, as ``kept_contacts`` gives them); the pelvis's without any."""
    segs = _unturned(posed)
    xs = [x for _, part in parts for _, pieces in contact_groups(segs, part) for piece in pieces
          for x in (piece.a[0], piece.b[0])]
    return sum(xs) / len(xs) if xs else posed.points["pelvis"][0]


def kept_contacts(first: Pose, second: Pose) -> list[tuple[str, ContactPart]]:
    """The (surface, part) contacts both poses declare: the parts that stay put between them."""
    def declared(pose: Pose) -> list[tuple[str, ContactPart]]:
        if pose.contacts is None:
            return []
        return [(name, part) for name, parts in pose.contacts.model_dump().items() for part in parts]

    theirs = set(declared(second))
    return [item for item in declared(first) if item in theirs]


def lined_up(first: Posed, second: Posed) -> Posed:
    """``second`` moved along the floor so the parts both poses keep on their surfaces (the
    feet of a wall sit, the shoulders of a bridge) are where they are in ``first``; the pelvis
    when they keep none. The pictures of a pair, and the frames between them, share a world."""
    if view_turn(first.pose) != view_turn(second.pose):
        return second
    kept = kept_contacts(first.pose, second.pose)
    dx = anchor_x(first, kept) - anchor_x(second, kept) if kept else first.points["pelvis"][0] - second.points["pelvis"][0]
    return moved(second, matvec(rot_y(-view_turn(second.pose)), (dx, 0.0, 0.0)))


def shared_mat(posed: Sequence[Posed]) -> MatSpan | None:
    """One mat for bodies lined up in the same world, covering what each needs (None when
    none has a mat or none comes near the floor)."""
    spans = [span for p in posed if Prop.MAT in p.props and (span := mat_span(p)) is not None]
    if not spans:
        return None
    out = spans[0]
    for span in spans[1:]:
        out = out.union(span)
    return out


def pair_scenes(start: Pose, end: Pose) -> tuple[Scene, Scene]:
    """The start and end scenes of an exercise in one world: the end lined up on the parts both
    keep down, one mat under both, so the mat is the same size in the two pictures, and one
    wall, where the picture that leans on it puts it."""
    first = place(start)
    second = lined_up(first, place(end))
    if view_turn(start) != view_turn(end):  # not lined up: each keeps its own mat
        return draw_scene(first, mat_span(first)), draw_scene(second, mat_span(second))
    mat, wall = shared_mat([first, second]), shared_wall([first, second])
    return draw_scene(first, mat, wall=wall), draw_scene(second, mat, wall=wall)
