"""The pose library: named base poses, joint-angle ranges and the body they pose.

Every exercise figure starts from one of the base poses below and overrides a few joint
angles in its YAML (``figure: start:`` and ``figure: end:``). This module is plain data with
no drawing code and no pydantic, so the content model (``lumbar.content.models``) and the renderer
(``lumbar.figures``) can both import it.

Angles are in degrees and follow the usual clinical conventions:

- ``trunk``: bending at the waist; forward (flexion) is positive, arching back is negative.
- ``neck``: chin towards chest is positive, looking up is negative.
- ``twist``: turning the chest relative to the hips; positive turns the near shoulder back.
- ``hips``: thigh forward (flexion) is positive, thigh behind the body is negative.
- ``knees``: bending the knee is positive; 0 is a straight leg.
- ``ankles``: toes towards the shin is positive, pointing the toes is negative.
- ``shoulders``: arm forward and up (flexion) is positive; 180 is straight overhead.
- ``elbows``: bending the elbow is positive; 0 is a straight arm.
- ``hips_out`` and ``shoulders_out``: opening the leg or arm sideways, away from the body
  (abduction). With the hip and knee both bent, ``hips_out`` opens the knee and keeps the
  foot where it is, as in a clamshell or knee roll; with the hip straight the whole leg opens.

Besides the angles, ``belly: drawn-in`` pulls the belly wall in toward the spine (the draw-in
manoeuvre) while the back stays where it is.

Limb angles can differ between the two sides: the *near* side faces the viewer (drawn dark,
in front) and the *far* side is behind (drawn lighter). In the lying-on-side poses the near
side is the top side.

Which side of the body is near: seen from the side (every base but the two below) the figure
faces right and its right side is near; seen from the front (``lying-on-side``,
``side-plank``) its left side is near (on top). ``facing: left`` draws the figure the other
way round, so the other side is near. ``steps_say`` facts that name a side (``knee_down:
left``) are measured with this rule (``near_side``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType


class Base(str, Enum):
    """The named starting points every figure is built from."""

    LYING_ON_BACK = "lying-on-back"
    LYING_FACE_DOWN = "lying-face-down"
    HANDS_AND_KNEES = "hands-and-knees"
    LYING_ON_SIDE = "lying-on-side"
    SITTING_ON_CHAIR = "sitting-on-chair"
    STANDING = "standing"
    KNEELING = "kneeling"
    HALF_KNEELING = "half-kneeling"
    AGAINST_WALL = "against-wall"
    PLANK = "plank"
    SIDE_PLANK = "side-plank"


class Prop(str, Enum):
    """Things drawn with the figure. The figure rests on, leans on or holds them."""

    MAT = "mat"
    CHAIR = "chair"
    WALL = "wall"
    TOWEL = "towel"
    BIKE = "bike"
    ELLIPTICAL = "elliptical"
    WATER = "water"
    PILLOW = "pillow"
    FLOAT = "float"  # a swimming float (kickboard) held out in front


class Facing(str, Enum):
    """Which way the picture faces: ``right`` (the default) or ``left``, a mirror image, so the
    body's other side is towards the viewer (a step that says "kneel on your left knee")."""

    RIGHT = "right"
    LEFT = "left"


class BodySide(str, Enum):
    """A side of the body, as the steps name it ("kneel on your left knee")."""

    LEFT = "left"
    RIGHT = "right"


def near_side(view: str, facing: Facing) -> BodySide:
    """The body side towards the viewer (drawn dark, "near") in a picture seen from ``view``
    ("side" or "front", the base pose's) and facing ``facing``.

    The side view shows the body as it is: facing right, its right side is towards the viewer.
    The front view (lying on one side) swaps the body's front-back and left-right axes, a mirror
    image, so its near (top) side is the left. Facing left mirrors the picture once more.
    """
    right = (view == "side") == (facing is Facing.RIGHT)
    return BodySide.RIGHT if right else BodySide.LEFT


class Belly(str, Enum):
    """The belly wall: relaxed, or drawn in toward the spine with the back kept still."""

    RELAXED = "relaxed"
    DRAWN_IN = "drawn-in"


# How far a drawn-in belly wall moves toward the spine in the picture, cm. More than a real
# draw-in (2 or 3 cm), so the dip in the belly's outline shows at card size.
BELLY_DRAW_IN = 6.0


class Surface(str, Enum):
    # One line, as the JSON Schema's description (a docstring would keep its line breaks).
    __doc__ = ("What a body part can rest on, lean on or hold (``contacts:``). Every one but the floor "
               "is a prop of the same name, and the picture must have it.")

    FLOOR = "floor"
    MAT = "mat"
    CHAIR = "chair"
    WALL = "wall"
    TOWEL = "towel"
    BIKE = "bike"
    ELLIPTICAL = "elliptical"
    PILLOW = "pillow"
    FLOAT = "float"


# The floor and every prop but water, which the figure is in rather than on: a new prop must
# be a contact surface too (this fails at import until it is added above).
assert [s.value for s in Surface] == ["floor", *(p.value for p in Prop if p is not Prop.WATER)], \
    "every prop but water is a Surface"


class ContactPart(str, Enum):
    """Body parts that can touch a surface (``contacts:``). For arms and legs the plural means
    both sides touch (``feet``) and the singular that at least one does (``foot``)."""

    HEAD = "head"
    SHOULDERS = "shoulders"
    BACK = "back"
    LOWER_BACK = "lower-back"
    CHEST = "chest"
    STOMACH = "stomach"
    HIPS = "hips"
    THIGH = "thigh"
    THIGHS = "thighs"
    KNEE = "knee"
    KNEES = "knees"
    SHIN = "shin"
    SHINS = "shins"
    FOOT = "foot"
    FEET = "feet"
    LEG = "leg"
    LEGS = "legs"
    HAND = "hand"
    HANDS = "hands"
    FOREARM = "forearm"
    FOREARMS = "forearms"
    ARM = "arm"
    ARMS = "arms"


# The pieces of the body each contact part covers: (segment, from, to), where from and to run
# along the segment from 0 at its start to 1 at its end (a thigh starts at the hip, a shin at
# the knee). "{side}" is "near" or "far". A part touches when any of its pieces does.
_THIGH = (("{side}-thigh", 0.0, 1.0),)
_KNEE = (("{side}-thigh", 0.8, 1.0), ("{side}-shin", 0.0, 0.2))
_SHIN = (("{side}-shin", 0.0, 1.0),)
_FOOT = (("{side}-foot", 0.0, 1.0),)
_LEG = (("{side}-thigh", 0.0, 1.0), ("{side}-shin", 0.0, 1.0), ("{side}-foot", 0.0, 1.0))
_HAND = (("{side}-hand", 0.0, 1.0),)
_FOREARM = (("{side}-forearm", 0.0, 1.0),)
_ARM = (("{side}-upper_arm", 0.0, 1.0), ("{side}-forearm", 0.0, 1.0), ("{side}-hand", 0.0, 1.0))
CONTACT_PIECES: Mapping[ContactPart, tuple[tuple[str, float, float], ...]] = MappingProxyType({
    ContactPart.HEAD: (("head", 0.0, 1.0),),
    ContactPart.SHOULDERS: (("upper_trunk", 0.5, 1.0),),
    ContactPart.BACK: (("lower_trunk", 0.0, 1.0), ("upper_trunk", 0.0, 1.0)),
    ContactPart.LOWER_BACK: (("lower_trunk", 0.0, 1.0),),
    ContactPart.CHEST: (("upper_trunk", 0.0, 1.0),),
    ContactPart.STOMACH: (("lower_trunk", 0.0, 1.0),),
    # The pelvis and the hip joints: lying on one side, the top of the lower thigh touches first.
    ContactPart.HIPS: (("pelvis", 0.0, 1.0), ("near-thigh", 0.0, 0.2), ("far-thigh", 0.0, 0.2)),
    ContactPart.THIGH: _THIGH, ContactPart.THIGHS: _THIGH,
    ContactPart.KNEE: _KNEE, ContactPart.KNEES: _KNEE,
    ContactPart.SHIN: _SHIN, ContactPart.SHINS: _SHIN,
    ContactPart.FOOT: _FOOT, ContactPart.FEET: _FOOT,
    ContactPart.LEG: _LEG, ContactPart.LEGS: _LEG,
    ContactPart.HAND: _HAND, ContactPart.HANDS: _HAND,
    ContactPart.FOREARM: _FOREARM, ContactPart.FOREARMS: _FOREARM,
    ContactPart.ARM: _ARM, ContactPart.ARMS: _ARM,
})
# Arm and leg parts: the sides that must touch. A plural needs both; a singular either one.
CONTACT_SIDES: Mapping[ContactPart, tuple[str, ...]] = MappingProxyType({
    **{part: ("near", "far") for part in (ContactPart.THIGHS, ContactPart.KNEES, ContactPart.SHINS,
                                          ContactPart.FEET, ContactPart.LEGS, ContactPart.HANDS,
                                          ContactPart.FOREARMS, ContactPart.ARMS)},
    **{part: ("either",) for part in (ContactPart.THIGH, ContactPart.KNEE, ContactPart.SHIN, ContactPart.FOOT,
                                      ContactPart.LEG, ContactPart.HAND, ContactPart.FOREARM, ContactPart.ARM)},
})



class HandTarget(str, Enum):
    """Where the steps put the hands on the body (``steps_say: hands_on:``)."""

    LOWER_BACK = "lower-back"  # the small of the back
    HIPS = "hips"
    STOMACH = "stomach"
    CHEST = "chest"
    THIGH = "thigh"  # the front (top) of a thigh
    BACK_OF_THIGH = "back-of-thigh"  # behind a thigh, towards the knee
    KNEE = "knee"
    SHIN = "shin"
    HEAD = "head"
    OUTSIDE_OF_KNEE = "outside-of-knee"  # the outer side of a knee, away from the other leg


# The pieces of the body each hand target covers, as in CONTACT_PIECES, with the face of the
# piece the hand must be on: "front" or "back" (of the segment's axis, by the way the segment
# faces), "outside" (away from the body's middle) or "any". A limb target counts on either
# side's limb (a hand on either knee). The small of the back is the lower trunk only: a hand
# on the pelvis (which reaches half way up the lower trunk) is on the buttocks. The back of a thigh stops short of the knee, where the
# hand would be drawn over the shin.
HAND_TARGET_PIECES: Mapping[HandTarget, tuple[tuple[str, float, float, str], ...]] = MappingProxyType({
    HandTarget.LOWER_BACK: (("lower_trunk", 0.5, 1.0, "back"),),
    HandTarget.HIPS: (("pelvis", 0.0, 1.0, "any"), ("lower_trunk", 0.0, 0.8, "any")),
    HandTarget.STOMACH: (("lower_trunk", 0.0, 1.0, "front"),),
    HandTarget.CHEST: (("upper_trunk", 0.0, 1.0, "front"),),
    HandTarget.THIGH: (("{side}-thigh", 0.15, 1.0, "front"),),
    HandTarget.BACK_OF_THIGH: (("{side}-thigh", 0.4, 0.85, "back"),),
    HandTarget.KNEE: (("{side}-thigh", 0.75, 1.0, "any"), ("{side}-shin", 0.0, 0.2, "any")),
    HandTarget.SHIN: (("{side}-shin", 0.0, 1.0, "front"),),
    HandTarget.HEAD: (("head", 0.0, 1.0, "any"),),
    HandTarget.OUTSIDE_OF_KNEE: (("{side}-thigh", 0.75, 1.0, "outside"), ("{side}-shin", 0.0, 0.2, "outside")),
})

# Joints the steps line up one above another (``steps_say: lined_up: [knees over ankles]``):
# each name's point on the body (``{side}-knee``) and which sides must be lined up, "both" for
# a plural and "either" for a singular (the elbow under the shoulder in a side plank).
LINE_UP_JOINTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "shoulders": ("shoulder", "both"), "shoulder": ("shoulder", "either"),
    "elbows": ("elbow", "both"), "elbow": ("elbow", "either"),
    "hands": ("hand", "both"), "hand": ("hand", "either"),
    "hips": ("hip", "both"), "hip": ("hip", "either"),
    "knees": ("knee", "both"), "knee": ("knee", "either"),
    "ankles": ("ankle", "both"), "ankle": ("ankle", "either"),
})


@dataclass(frozen=True)
class LineUp:
    """One ``lined_up`` fact read: ``upper`` is over ``lower`` (points such as "knee"), on
    ``which`` sides ("both" or "either", by the number of the first word)."""

    upper: str
    lower: str
    which: str


_LINE_UP_WORDS = {"over": False, "above": False, "under": True, "below": True}


def read_line_up(text: str) -> LineUp:
    """``"knees over ankles"`` (or ``under``, ``above``, ``below``) read as a LineUp.

    ValueError with a plain message for anything else."""
    words = text.split()
    names = ", ".join(LINE_UP_JOINTS)
    if len(words) != 3 or words[1] not in _LINE_UP_WORDS:
        raise ValueError(f"must name two joints and how they line up, such as 'knees over ankles' or "
                         f"'elbows under shoulders' (joints: {names})")
    first, second = words[0], words[2]
    for word in (first, second):
        if word not in LINE_UP_JOINTS:
            raise ValueError(f"{word!r} is not a joint that can be lined up; use one of {names}")
    (a, which), (b, _) = LINE_UP_JOINTS[first], LINE_UP_JOINTS[second]
    if a == b:
        raise ValueError(f"{text!r} lines a joint up with itself; name two different joints")
    return LineUp(b, a, which) if _LINE_UP_WORDS[words[1]] else LineUp(a, b, which)


# How far apart, across the floor, two joints may be and still be lined up one over the
# other, cm (about half a forearm: an elbow a hand's width in front of the shoulder is
# still "under" it).
LINE_UP_TOLERANCE = 8.0

# How far a part may move between the start and end pictures and still "stay where it is"
# (``steps_say: stays:``), cm.
STAY_TOLERANCE = 4.0

# Joints whose range the steps may give (``steps_say: angles: {knees: 15-60}``): the joint in
# the pose data, and which sides must be in the range: "body" for a joint of the trunk, "both"
# for a plural (both knees), "either" for a singular (at least one knee).
ANGLE_FACTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "trunk": ("trunk", "body"), "neck": ("neck", "body"), "twist": ("twist", "body"),
    "hips": ("hips", "both"), "hip": ("hips", "either"),
    "knees": ("knees", "both"), "knee": ("knees", "either"),
    "ankles": ("ankles", "both"), "ankle": ("ankles", "either"),
    "shoulders": ("shoulders", "both"), "shoulder": ("shoulders", "either"),
    "elbows": ("elbows", "both"), "elbow": ("elbows", "either"),
})

# How far a lifted leg's foot must be above the other foot to count as the leg lifted, cm.
LIFT_CLEARANCE = 5.0

# How far the chest must turn from the hips to count as turned to one side, degrees.
TURN_CLEARANCE = 10.0


# How close a declared contact must be to its surface to count as touching, in centimetres
# (the units of the body below). Rounded limbs of different widths meet a flat floor at
# slightly different heights, so a little slack is allowed.
TOUCH_TOLERANCE = 3.0

# How close each end of a part must be to its surface for the part to lie flat on it
# (``steps_say: flat_on``), cm: limbs taper (a thick thigh holds the knee end of a thin shin
# up), so a limb lying flat need not touch all along; one propped on its end is further off.
FLAT_TOLERANCE = 5.0


class BodyPart(str, Enum):
    """Parts that can be highlighted as 'working' (on the near side for arms and legs)."""

    NECK = "neck"
    SHOULDERS = "shoulders"
    ARMS = "arms"
    UPPER_BACK = "upper-back"
    LOWER_BACK = "lower-back"
    BACK = "back"
    STOMACH = "stomach"
    CHEST = "chest"
    BUTTOCKS = "buttocks"
    HIPS = "hips"
    FRONT_OF_HIP = "front-of-hip"
    THIGHS = "thighs"
    HAMSTRINGS = "hamstrings"
    CALVES = "calves"
    LEGS = "legs"
    SIDE = "side"


class ArrowAt(str, Enum):
    """Where a motion arrow is drawn (near side for arms and legs)."""

    HEAD = "head"
    SHOULDERS = "shoulders"
    CHEST = "chest"
    BACK = "back"
    STOMACH = "stomach"
    HIPS = "hips"
    KNEES = "knees"
    FEET = "feet"
    HANDS = "hands"
    ELBOWS = "elbows"
    LEGS = "legs"
    ARMS = "arms"


class Direction(str, Enum):
    """Arrow directions as seen in the picture (standing figures face right); ``turn`` is a
    curved arrow around the body part, for twisting it about its length; ``clockwise`` and
    ``anticlockwise`` are a curved arrow beside it in the picture, for tipping or rolling it
    (rolling the hips back is anticlockwise for a figure facing right)."""

    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"
    UP_LEFT = "up-left"
    UP_RIGHT = "up-right"
    DOWN_LEFT = "down-left"
    DOWN_RIGHT = "down-right"
    TURN = "turn"
    CLOCKWISE = "clockwise"
    ANTICLOCKWISE = "anticlockwise"


DIRECTION_VECTORS: Mapping[Direction, tuple[float, float]] = MappingProxyType({
    Direction.UP: (0.0, 1.0),
    Direction.DOWN: (0.0, -1.0),
    Direction.LEFT: (-1.0, 0.0),
    Direction.RIGHT: (1.0, 0.0),
    Direction.UP_LEFT: (-0.7071, 0.7071),
    Direction.UP_RIGHT: (0.7071, 0.7071),
    Direction.DOWN_LEFT: (-0.7071, -0.7071),
    Direction.DOWN_RIGHT: (0.7071, -0.7071),
})

# Joints with one value for the whole body, and joints with a near and a far side.
BODY_JOINTS = ("trunk", "neck", "twist")
SIDE_JOINTS = ("hips", "knees", "ankles", "shoulders", "elbows", "hips_out", "shoulders_out")

# What a healthy adult body can do, in degrees (low, high). Outside these is a content error.
ANGLE_RANGES: Mapping[str, tuple[int, int]] = MappingProxyType({
    "trunk": (-45, 80),
    "neck": (-50, 60),
    "twist": (-60, 60),
    "hips": (-30, 135),
    "knees": (0, 150),
    "ankles": (-50, 30),
    "shoulders": (-60, 180),
    "elbows": (0, 150),
    "hips_out": (-45, 60),
    "shoulders_out": (-30, 180),
    "tilt": (-90, 90),
    "view_from_above": (0, 70),
    "view_from_feet": (0, 90),
})

JOINT_LABELS: Mapping[str, str] = MappingProxyType({
    "trunk": "the trunk (bending at the waist)",
    "neck": "the neck",
    "twist": "the trunk twist",
    "hips": "a hip",
    "knees": "a knee",
    "ankles": "an ankle",
    "shoulders": "a shoulder",
    "elbows": "an elbow",
    "hips_out": "a hip opening sideways",
    "shoulders_out": "a shoulder opening sideways",
    "tilt": "the whole-body tilt",
    "view_from_above": "the view from above",
    "view_from_feet": "the view from the feet",
})


@dataclass(frozen=True)
class Side:
    """Near and far values of one limb joint."""

    near: float
    far: float


@dataclass(frozen=True)
class BaseSpec:
    """One base pose: its angles, how it is viewed and how it comes to rest."""

    label: str  # for alt text: "lying on the back with the knees bent"
    angles: Mapping[str, float | Side]
    turn: float  # degrees the whole body is turned in the picture plane (0 = upright)
    view: str = "side"  # "side" (profile) or "front" (from the front)
    above: float = 0.0  # how far above the body the viewer looks from, degrees
    # How the body comes to rest: "settle" onto the floor like a resting body, "balance" its
    # centre of mass over the feet (standing), or stay "upright" as posed (held by a prop).
    rest: str = "settle"
    settle_limit: float = 60.0  # the most the body may turn while settling, degrees
    # Feet kept flat on the floor when they are on it, unless the pose gives their ankles.
    flat_feet: tuple[str, ...] = ()
    # Lying on one side, the top (near) leg falls until it rests on the bottom one, as legs
    # do (the hips are wider apart than the knees); any ``hips_out`` opens it from there.
    top_leg_rests: bool = False
    props: tuple[Prop, ...] = field(default_factory=tuple)


def _angles(**values: float | tuple[float, float]) -> Mapping[str, float | Side]:
    defaults: dict[str, float | Side] = {name: 0.0 for name in BODY_JOINTS}
    defaults.update({name: Side(0.0, 0.0) for name in SIDE_JOINTS})
    for name, value in values.items():
        if name in SIDE_JOINTS:
            near, far = value if isinstance(value, tuple) else (value, value)
            defaults[name] = Side(float(near), float(far))
        else:
            assert not isinstance(value, tuple)
            defaults[name] = float(value)
    return MappingProxyType(defaults)


BASE_POSES: Mapping[Base, BaseSpec] = MappingProxyType({
    Base.LYING_ON_BACK: BaseSpec(
        "lying on the back with the knees bent and the feet flat on the floor",
        _angles(neck=-10, hips=45, knees=105, ankles=10, shoulders=-15, elbows=20),  # soles, head, arms down
        turn=90, settle_limit=35, flat_feet=("near", "far"),
    ),
    Base.LYING_FACE_DOWN: BaseSpec(
        "lying face down",
        _angles(ankles=-50, shoulders=5, elbows=5),
        turn=-90, settle_limit=15,
    ),
    Base.HANDS_AND_KNEES: BaseSpec(
        "on hands and knees",
        # Knees a little past 90: the shins slope up to the ankles, so knees and feet both rest.
        _angles(hips=90, knees=100, ankles=-50, shoulders=90),
        turn=-90, settle_limit=35,
    ),
    Base.LYING_ON_SIDE: BaseSpec(
        "lying on one side with the head resting on the lower arm",
        # The lower arm reaches past the head and folds back under it as a pillow; the top
        # hand rests in front of the waist, clear of the hip (where side-lying work shows).
        _angles(hips=(25, 25), knees=(20, 30), ankles=-20, shoulders=(20, 165), elbows=(70, 140)),
        turn=90, view="front", above=30, top_leg_rests=True,
    ),
    Base.SITTING_ON_CHAIR: BaseSpec(
        "sitting upright on a chair with the feet flat on the floor",
        _angles(hips=90, knees=90, shoulders=10, elbows=70),
        turn=0, rest="upright", props=(Prop.CHAIR,), flat_feet=("near", "far"),
    ),
    Base.STANDING: BaseSpec(
        "standing tall",
        _angles(shoulders=5, elbows=10),
        turn=0, rest="balance", settle_limit=25, flat_feet=("near", "far"),
    ),
    Base.KNEELING: BaseSpec(
        "kneeling upright",
        _angles(knees=90, ankles=-50, shoulders=5, elbows=10),
        turn=0, settle_limit=20,
    ),
    Base.HALF_KNEELING: BaseSpec(
        "kneeling on one knee with the other foot flat in front",
        _angles(hips=(-5, 85), knees=(95, 90), ankles=(-50, 5), shoulders=5, elbows=15),
        turn=0, settle_limit=20, flat_feet=("far",),
    ),
    Base.AGAINST_WALL: BaseSpec(
        "standing with the back against a wall",
        _angles(hips=15, ankles=-15, shoulders=5, elbows=10),
        turn=0, rest="upright", props=(Prop.WALL,), flat_feet=("near", "far"),
    ),
    Base.PLANK: BaseSpec(
        "in a plank on the forearms and toes",
        _angles(shoulders=80, elbows=90, ankles=5),
        turn=-80,
    ),
    Base.SIDE_PLANK: BaseSpec(
        "in a side plank on one forearm",
        _angles(shoulders=(0, 20), elbows=(10, 90), shoulders_out=(0, 90), ankles=0),
        turn=75, view="front", above=45,
    ),
})


# Body measurements in centimetres for an adult about 1.75 m tall; widths are radii.
@dataclass(frozen=True)
class Body:
    lower_trunk: float = 20.0  # hip joints to waist
    upper_trunk: float = 29.0  # waist to shoulder joints
    neck: float = 8.0
    head_r: float = 11.0
    thigh: float = 44.0
    shin: float = 42.0
    ankle_height: float = 7.0  # ankle joint to sole
    heel: float = 3.0  # ankle to the heel's centre, backwards
    toe: float = 15.0  # ankle to the toes' centre, forwards
    upper_arm: float = 29.0
    forearm: float = 25.0  # elbow to the middle of the hand
    hip_half_width: float = 9.0
    shoulder_half_width: float = 18.0
    # Radii of the rounded limbs.
    pelvis_r: float = 12.5
    waist_r: float = 11.0
    chest_r: float = 13.0
    neck_r: float = 5.0
    thigh_r: float = 8.0
    knee_r: float = 6.5
    shin_r: float = 5.5
    foot_r: float = 3.5
    upper_arm_r: float = 5.0
    forearm_r: float = 4.0
    hand_r: float = 4.5


BODY = Body()

# Mass of each segment as a share of the whole body, for finding the centre of mass.
SEGMENT_MASS: Mapping[str, float] = MappingProxyType({
    "head": 0.08, "lower_trunk": 0.24, "upper_trunk": 0.26,
    "thigh": 0.10, "shin": 0.045, "foot": 0.015, "upper_arm": 0.028, "forearm": 0.022,
})
