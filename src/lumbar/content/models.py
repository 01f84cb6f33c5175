"""Pydantic models for Lumbar's content: exercises, FAQ entries, avoid/try-instead pairs and programmes.

Every model forbids unknown keys and every enumeration is a closed list, so a typo in a
contributor's YAML is an error with a line number rather than a silently ignored field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from lumbar.content import markup, rulebook
from lumbar.content.dose_rules import COUNT_BOUNDS, DAYS_PER_WEEK
from lumbar.content.poses import (
    ANGLE_FACTS,
    ANGLE_RANGES,
    JOINT_LABELS,
    LINE_UP_JOINTS,
    ArrowAt,
    Base,
    Belly,
    BodyPart,
    BodySide,
    ContactPart,
    Direction,
    Facing,
    HandTarget,
    Prop,
    Surface,
    read_line_up,
)
from lumbar.errors import InvalidValue

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX_LENGTH = 60

# Contributor text is a declared subset of Markdown (lumbar.content.markup): anything else,
# raw HTML and unsafe links included, is an error at its place; the page renderer escapes
# what remains as a second line of defence.


def check_text(value: str) -> str:
    """``value`` stripped, if it uses only the Markdown a one-paragraph field may hold
    (``lumbar.content.markup``): MarkupProblem (an InvalidValue) at the first construct that
    it may not, such as HTML, a picture or a link that is not https."""
    return markup.check(value.strip(), markup.TextKind.LINE)


def check_blocks(value: str) -> str:
    """``check_text`` for a field that may also hold paragraphs and lists (an FAQ answer)."""
    return markup.check(value.strip(), markup.TextKind.BLOCK)


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_text)]
BlockText = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_blocks)]  # paragraphs, lists
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(check_text)]


def _no_numbers(value: str) -> str:
    if re.search(r"[0-9]", value):
        raise InvalidValue("must not give numbers: the dose says how much and how often, so write the movement only")
    return value


KeyPoint = Annotated[str, StringConstraints(min_length=10, max_length=110), AfterValidator(check_text),
                     AfterValidator(_no_numbers)]
EntryId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]


def _count(bounds: tuple[int, int, str]) -> Callable[[Any], str]:
    """A validator for a dose count within ``bounds`` (lowest, highest, what it counts), as
    text for the pages.

    "8-12", "8 to 12" and 10 are all fine in YAML; one spelling is kept for the pages. The
    rule is the rulebook's (``rulebook.count_text``); the bounds and wording are in
    ``lumbar.content.dose_rules``.
    """
    low, high, unit = bounds

    def to_text(value: Any) -> str:
        return rulebook.count_text(value, low, high, unit)

    return to_text


_COUNT_INPUT = int | str  # a YAML number, or text such as "8-12"
Sets: TypeAlias = Annotated[str, BeforeValidator(_count(COUNT_BOUNDS["sets"]), json_schema_input_type=_COUNT_INPUT)]
Reps: TypeAlias = Annotated[str, BeforeValidator(_count(COUNT_BOUNDS["reps"]), json_schema_input_type=_COUNT_INPUT)]
HoldSeconds: TypeAlias = Annotated[str, BeforeValidator(_count(COUNT_BOUNDS["hold_seconds"]),
                                                        json_schema_input_type=_COUNT_INPUT)]
RestSeconds: TypeAlias = Annotated[str, BeforeValidator(_count(COUNT_BOUNDS["rest_seconds"]),
                                                        json_schema_input_type=_COUNT_INPUT)]
Minutes: TypeAlias = Annotated[str, BeforeValidator(_count(COUNT_BOUNDS["minutes"]), json_schema_input_type=_COUNT_INPUT)]
DaysPerWeek: TypeAlias = Annotated[str, BeforeValidator(_count(DAYS_PER_WEEK), json_schema_input_type=_COUNT_INPUT)]


class Strict(BaseModel):
    """Base for every content model: unknown keys are errors, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Category(str, Enum):
    STRETCH = "stretch"
    STRENGTH = "strength"
    AEROBIC = "aerobic"
    RELAXATION = "relaxation"


class Position(str, Enum):
    LYING_ON_BACK = "lying-on-back"
    LYING_FACE_DOWN = "lying-face-down"
    LYING_ON_SIDE = "lying-on-side"
    HANDS_AND_KNEES = "hands-and-knees"
    KNEELING = "kneeling"
    SITTING = "sitting"
    STANDING = "standing"
    AGAINST_WALL = "against-wall"
    IN_WATER = "in-water"
    ON_MACHINE = "on-machine"


class PainPattern(str, Enum):
    EASED_BY_STANDING_OR_LYING = "eased-by-standing-or-lying"
    EASED_BY_SITTING = "eased-by-sitting"
    NO_POSITION_HELPS = "no-position-helps"


class Difficulty(str, Enum):
    EASY = "easy"
    MODERATE = "moderate"
    HARD = "hard"


class Equipment(str, Enum):
    NONE = "none"
    MAT = "mat"
    CHAIR = "chair"
    TOWEL = "towel"
    WALL = "wall"
    EXERCISE_BIKE = "exercise-bike"
    ELLIPTICAL = "elliptical"
    POOL = "pool"


class Tag(str, Enum):
    """Topics readers browse by. Closed, so the tags plugin never sees an unknown tag."""

    STRETCHING = "stretching"
    CORE = "core"
    STRENGTH = "strength"
    AEROBIC = "aerobic"
    FLEXIBILITY = "flexibility"
    GLUTES = "glutes"
    HIPS = "hips"
    HAMSTRINGS = "hamstrings"
    BALANCE = "balance"
    POSTURE = "posture"
    RELAXATION = "relaxation"
    SCIATICA = "sciatica"
    DISC = "disc"
    RECOVERY = "recovery"
    SAFETY = "safety"
    CAUSES = "causes"
    TREATMENT = "treatment"
    PAIN_RELIEF = "pain-relief"
    LIFTING = "lifting"
    EVERYDAY_LIFE = "everyday-life"


PAIN_PATTERN_LABELS: dict[PainPattern, str] = {
    PainPattern.EASED_BY_STANDING_OR_LYING: "Pain eased by standing or lying down",
    PainPattern.EASED_BY_SITTING: "Pain eased by sitting",
    PainPattern.NO_POSITION_HELPS: "No position eases the pain",
}


class Source(Strict):
    """A published source that supports an entry."""

    publisher: ShortText
    title: ShortText
    url: HttpUrl | None = None
    date: ShortText | None = Field(default=None, description="Publication or review date as the source gives it")


class ClinicalReview(Strict):
    """A clinical review by a named, qualified reviewer (a physiotherapist)."""

    reviewer: ShortText
    date: dt.date


ClinicalReviewState = Literal["pending"] | ClinicalReview
NOT_CLINICALLY_REVIEWED = "Not yet reviewed by a physiotherapist"


class Review(Strict):
    """When the entry was last checked against its sources (editorial review), when it is
    next due, and whether a physiotherapist has reviewed it (``clinical_review``)."""

    reviewed_on: dt.date
    next_review_due: dt.date
    reviewed_by: ShortText | None = None
    clinical_review: ClinicalReviewState = Field(
        description="'pending' until a physiotherapist has reviewed it; then {reviewer: name, date: YYYY-MM-DD}"
    )

    @property
    def clinically_reviewed(self) -> bool:
        """True once a named physiotherapist's review is recorded."""
        return isinstance(self.clinical_review, ClinicalReview)

    @field_validator("next_review_due")
    @classmethod
    def _due_after_review(cls, due: dt.date, info: ValidationInfo) -> dt.date:
        # A field validator, so the error points at next_review_due rather than at review.
        reviewed = info.data.get("reviewed_on")
        if reviewed is not None and due <= reviewed:
            raise InvalidValue(f"next_review_due ({due}) must be after reviewed_on ({reviewed})")
        return due


class Dose(Strict):
    """How much to do. Every field is optional because aerobic work is timed, not counted."""

    sets: Sets | None = None
    reps: Reps | None = None
    hold_seconds: HoldSeconds | None = None
    rest_seconds: RestSeconds | None = None
    minutes: Minutes | None = Field(default=None, description="For timed activity such as walking")
    per_side: bool = False
    how_often: ShortText

    @model_validator(mode="after")
    def _something_to_do(self) -> Dose:
        if not (self.reps or self.hold_seconds or self.minutes):
            raise InvalidValue("give at least one of reps, hold_seconds or minutes")
        return self


class StepDose(Strict):
    """The dose of an easier or harder step: only what changes from the exercise's own dose.

    A programme's dose for an exercise must lie within the exercise's dose or one of these
    (``lumbar.content.meaning``), so a stage that builds up has a declared step to build to.
    """

    sets: Sets | None = None
    reps: Reps | None = None
    hold_seconds: HoldSeconds | None = None
    rest_seconds: RestSeconds | None = None
    minutes: Minutes | None = None

    @model_validator(mode="after")
    def _something_changes(self) -> StepDose:
        if not any(getattr(self, name) for name in type(self).model_fields):
            raise InvalidValue("give at least one of sets, reps, hold_seconds, rest_seconds or minutes")
        return self


class Variation(Strict):
    """An easier or harder version: a description, optionally pointing at another exercise,
    and optionally the dose of this step (what changes from the exercise's own dose)."""

    description: Text
    exercise: EntryId | None = None
    dose: StepDose | None = Field(
        default=None, description="The dose of this step, such as {sets: 3, reps: 15}; fields left out stay as the exercise's own",
    )


def _angle_check(joint: str) -> Any:
    """A validator for one joint's angle in degrees, within its range in ``lumbar.content.poses``."""
    low, high = ANGLE_RANGES[joint]

    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidValue("must be a number of degrees, such as 45")
        if not low <= value <= high:
            shown = f"{value:g}" if abs(value) < 1e9 else "this number"
            raise InvalidValue(
                f"{shown} degrees is outside the range for {JOINT_LABELS[joint]}: {low} to {high}"
            )
        return value

    return check


def _range(joint: str) -> Any:
    """The JSON Schema bounds of a joint's angle (``ANGLE_RANGES``), for editors."""
    low, high = ANGLE_RANGES[joint]
    return Field(ge=low, le=high)


def _both(joint: str) -> Callable[[Any], Any]:
    """A limb angle given as one number means both sides: ``{near: n, far: n}``."""
    check = _angle_check(joint)

    def both(value: Any) -> Any:
        if isinstance(value, dict):
            return value
        check(value)  # one number for both sides: report a bad value once, at the number
        return {"near": value, "far": value}

    return both


TiltAngle: TypeAlias = Annotated[float, BeforeValidator(_angle_check("tilt")), _range("tilt")]
ViewAngle: TypeAlias = Annotated[float, BeforeValidator(_angle_check("view_from_above")), _range("view_from_above")]


def _view_turn(value: Any) -> Any:
    """``true`` is straight from the feet (90 degrees), ``false`` the side (0); or a number."""
    if isinstance(value, bool):
        return 90.0 if value else 0.0
    low, high = ANGLE_RANGES["view_from_feet"]
    if not isinstance(value, int | float) or not low <= value <= high:
        raise InvalidValue(f"must be true (looking from the feet), false, or a number of degrees from {low} to {high}")
    return value


ViewTurn = Annotated[float, BeforeValidator(_view_turn, json_schema_input_type=bool | Annotated[float, Field(ge=0, le=90)])]
TrunkAngle: TypeAlias = Annotated[float, BeforeValidator(_angle_check("trunk")), _range("trunk")]
NeckAngle: TypeAlias = Annotated[float, BeforeValidator(_angle_check("neck")), _range("neck")]
TwistAngle: TypeAlias = Annotated[float, BeforeValidator(_angle_check("twist")), _range("twist")]

# A limb angle: one number for both sides, or {near: .., far: ..}. One model a joint, for its
# own bounds in the JSON Schema.
_HipsDegrees: TypeAlias = Annotated[float, BeforeValidator(_angle_check("hips")), _range("hips")]


class HipsAngles(Strict):
    """hips in degrees for the near side (facing the viewer) and the far side."""

    near: _HipsDegrees | None = None
    far: _HipsDegrees | None = None


HipAngles: TypeAlias = Annotated[HipsAngles, BeforeValidator(
    _both("hips"), json_schema_input_type=Annotated[float, _range("hips")] | HipsAngles)]

_KneesDegrees: TypeAlias = Annotated[float, BeforeValidator(_angle_check("knees")), _range("knees")]


class KneesAngles(Strict):
    """knees in degrees for the near side (facing the viewer) and the far side."""

    near: _KneesDegrees | None = None
    far: _KneesDegrees | None = None


KneeAngles: TypeAlias = Annotated[KneesAngles, BeforeValidator(
    _both("knees"), json_schema_input_type=Annotated[float, _range("knees")] | KneesAngles)]

_AnklesDegrees: TypeAlias = Annotated[float, BeforeValidator(_angle_check("ankles")), _range("ankles")]


class AnklesAngles(Strict):
    """ankles in degrees for the near side (facing the viewer) and the far side."""

    near: _AnklesDegrees | None = None
    far: _AnklesDegrees | None = None


AnkleAngles: TypeAlias = Annotated[AnklesAngles, BeforeValidator(
    _both("ankles"), json_schema_input_type=Annotated[float, _range("ankles")] | AnklesAngles)]

_ShouldersDegrees: TypeAlias = Annotated[float, BeforeValidator(_angle_check("shoulders")), _range("shoulders")]


class ShouldersAngles(Strict):
    """shoulders in degrees for the near side (facing the viewer) and the far side."""

    near: _ShouldersDegrees | None = None
    far: _ShouldersDegrees | None = None


ShoulderAngles: TypeAlias = Annotated[ShouldersAngles, BeforeValidator(
    _both("shoulders"), json_schema_input_type=Annotated[float, _range("shoulders")] | ShouldersAngles)]

_ElbowsDegrees: TypeAlias = Annotated[float, BeforeValidator(_angle_check("elbows")), _range("elbows")]


class ElbowsAngles(Strict):
    """elbows in degrees for the near side (facing the viewer) and the far side."""

    near: _ElbowsDegrees | None = None
    far: _ElbowsDegrees | None = None


ElbowAngles: TypeAlias = Annotated[ElbowsAngles, BeforeValidator(
    _both("elbows"), json_schema_input_type=Annotated[float, _range("elbows")] | ElbowsAngles)]

_HipsOutDegrees: TypeAlias = Annotated[float, BeforeValidator(_angle_check("hips_out")), _range("hips_out")]


class HipsOutAngles(Strict):
    """hips_out in degrees for the near side (facing the viewer) and the far side."""

    near: _HipsOutDegrees | None = None
    far: _HipsOutDegrees | None = None


HipOutAngles: TypeAlias = Annotated[HipsOutAngles, BeforeValidator(
    _both("hips_out"), json_schema_input_type=Annotated[float, _range("hips_out")] | HipsOutAngles)]

_ShouldersOutDegrees: TypeAlias = Annotated[float, BeforeValidator(_angle_check("shoulders_out")), _range("shoulders_out")]


class ShouldersOutAngles(Strict):
    """shoulders_out in degrees for the near side (facing the viewer) and the far side."""

    near: _ShouldersOutDegrees | None = None
    far: _ShouldersOutDegrees | None = None


ShoulderOutAngles: TypeAlias = Annotated[ShouldersOutAngles, BeforeValidator(
    _both("shoulders_out"), json_schema_input_type=Annotated[float, _range("shoulders_out")] | ShouldersOutAngles)]


class Arrow(Strict):
    """A motion arrow drawn beside one body part."""

    at: ArrowAt
    direction: Direction = Field(description="As seen in the picture; standing figures face right")
    both_ways: bool = Field(default=False, description="Draw a head at both ends, for rocking movements")


class Contacts(Strict):
    # One line, as the JSON Schema's description (a docstring would keep its line breaks).
    __doc__ = ("Which body parts touch what in the picture: the floor, or a prop the picture has. "
               "Each is checked against the drawing, and a part that does not touch is an error.")

    floor: list[ContactPart] = Field(default_factory=list, description="Body parts touching the floor")
    mat: list[ContactPart] = Field(default_factory=list, description="Body parts touching the mat")
    chair: list[ContactPart] = Field(default_factory=list, description="Body parts touching the chair")
    wall: list[ContactPart] = Field(default_factory=list, description="Body parts touching the wall")
    towel: list[ContactPart] = Field(default_factory=list, description="Body parts touching the towel")
    bike: list[ContactPart] = Field(default_factory=list, description="Body parts touching the bike")
    elliptical: list[ContactPart] = Field(default_factory=list, description="Body parts touching the elliptical")
    pillow: list[ContactPart] = Field(default_factory=list, description="Body parts touching the pillow")
    float: list[ContactPart] = Field(default_factory=list, description="Body parts touching the float")


# Every surface a body part can touch has its list (``Surface``: the floor and the props).
assert list(Contacts.model_fields) == [surface.value for surface in Surface], "Contacts needs a field per Surface"


# A range the steps give: "15-60" or "15 to 60" (a minus sign makes a number negative:
# "-40 to -10"). [0-9], not \d, as in dose_rules.COUNT_PATTERN.
_SPAN = re.compile(r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(?:to|-|\u2013)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$")


def _span(low: float, high: float, unit: str, example: str) -> Callable[[Any], Any]:
    """A validator for a low-to-high range in ``unit`` within ``low``-``high``, written "15-60"
    or "15 to 60", read as the pair ``(low, high)``; a plain message for anything else."""

    def parse(value: Any) -> Any:
        if isinstance(value, tuple):  # already read (a model copied in code)
            return value
        match = _SPAN.match(value) if isinstance(value, str) and len(value) <= 40 else None
        if not match:
            raise ValueError(f"must be a range of {unit} from low to high, such as {example}")
        first, second = float(match[1]), float(match[2])
        for number in (first, second):
            if not low <= number <= high:
                raise ValueError(f"{number:g} {unit} is outside {low:g} to {high:g}")
        if second <= first:
            raise ValueError(f"the range {value.strip()!r} must go from low to high")
        return (first, second)

    return parse


def _span_text(span: tuple[float, float]) -> str:
    # Written back as text ("20 to 60"), so a pose read from its own JSON (the figure cache)
    # parses again.
    return f"{span[0]:g} to {span[1]:g}"


_SPAN_TEXT = PlainSerializer(_span_text, return_type=str)


_TrunkSpan: TypeAlias = Annotated[tuple[float, float], BeforeValidator(_span(*ANGLE_RANGES["trunk"], "degrees", "15-60"),
                                                                        json_schema_input_type=str), _SPAN_TEXT]
_NeckSpan: TypeAlias = Annotated[tuple[float, float], BeforeValidator(_span(*ANGLE_RANGES["neck"], "degrees", "15-60"),
                                                                        json_schema_input_type=str), _SPAN_TEXT]
_TwistSpan: TypeAlias = Annotated[tuple[float, float], BeforeValidator(_span(*ANGLE_RANGES["twist"], "degrees", "15-60"),
                                                                        json_schema_input_type=str), _SPAN_TEXT]
_HipsSpan: TypeAlias = Annotated[tuple[float, float], BeforeValidator(_span(*ANGLE_RANGES["hips"], "degrees", "15-60"),
                                                                        json_schema_input_type=str), _SPAN_TEXT]
_KneesSpan: TypeAlias = Annotated[tuple[float, float], BeforeValidator(_span(*ANGLE_RANGES["knees"], "degrees", "15-60"),
                                                                        json_schema_input_type=str), _SPAN_TEXT]
_AnklesSpan: TypeAlias = Annotated[tuple[float, float], BeforeValidator(_span(*ANGLE_RANGES["ankles"], "degrees", "15-60"),
                                                                        json_schema_input_type=str), _SPAN_TEXT]
_ShouldersSpan: TypeAlias = Annotated[tuple[float, float], BeforeValidator(_span(*ANGLE_RANGES["shoulders"], "degrees", "15-60"),
                                                                        json_schema_input_type=str), _SPAN_TEXT]
_ElbowsSpan: TypeAlias = Annotated[tuple[float, float], BeforeValidator(_span(*ANGLE_RANGES["elbows"], "degrees", "15-60"),
                                                                        json_schema_input_type=str), _SPAN_TEXT]


class AngleRanges(Strict):
    # One line, as the JSON Schema's description (a docstring would keep its line breaks).
    __doc__ = ("Joint angles the steps allow, in degrees, such as {knees: 15-60}. A plural (knees) means both "
               "sides must be in the range, a singular (knee) at least one; angles mean what they mean in a pose.")

    trunk: _TrunkSpan | None = Field(default=None, description="The trunk (bending at the waist), degrees")
    neck: _NeckSpan | None = Field(default=None, description="The neck, degrees")
    twist: _TwistSpan | None = Field(default=None, description="The trunk twist, degrees")
    hips: _HipsSpan | None = Field(default=None, description="Both hips, degrees")
    hip: _HipsSpan | None = Field(default=None, description="At least one hip, degrees")
    knees: _KneesSpan | None = Field(default=None, description="Both knees, degrees")
    knee: _KneesSpan | None = Field(default=None, description="At least one knee, degrees")
    ankles: _AnklesSpan | None = Field(default=None, description="Both ankles, degrees")
    ankle: _AnklesSpan | None = Field(default=None, description="At least one ankle, degrees")
    shoulders: _ShouldersSpan | None = Field(default=None, description="Both shoulders, degrees")
    shoulder: _ShouldersSpan | None = Field(default=None, description="At least one shoulder, degrees")
    elbows: _ElbowsSpan | None = Field(default=None, description="Both elbows, degrees")
    elbow: _ElbowsSpan | None = Field(default=None, description="At least one elbow, degrees")


# A fact for every key of ANGLE_FACTS (the table the picture checks read).
assert list(AngleRanges.model_fields) == list(ANGLE_FACTS), "AngleRanges needs a field per ANGLE_FACTS key"


class _ByAlias(Strict):
    """A model whose YAML names are not Python names (``lower-back``): written back by the same
    names, so a pose read from its own JSON (the figure cache) reads again."""

    model_config = ConfigDict(serialize_by_alias=True)


_HeightSpan: TypeAlias = Annotated[tuple[float, float], BeforeValidator(_span(0, 250, "cm", "10-20"), json_schema_input_type=str),
                                    _SPAN_TEXT]


class Heights(_ByAlias):
    # One line, as the JSON Schema's description (a docstring would keep its line breaks).
    __doc__ = ("How far body parts are off the floor, in centimetres, such as {foot: 10-20}: a plural (feet) "
               "means both, a singular (foot) at least one.")

    head: _HeightSpan | None = Field(default=None, alias="head", description="The head, cm off the floor")
    shoulders: _HeightSpan | None = Field(default=None, alias="shoulders", description="The shoulders, cm off the floor")
    back: _HeightSpan | None = Field(default=None, alias="back", description="The back, cm off the floor")
    lower_back: _HeightSpan | None = Field(default=None, alias="lower-back", description="The lower-back, cm off the floor")
    chest: _HeightSpan | None = Field(default=None, alias="chest", description="The chest, cm off the floor")
    stomach: _HeightSpan | None = Field(default=None, alias="stomach", description="The stomach, cm off the floor")
    hips: _HeightSpan | None = Field(default=None, alias="hips", description="The hips, cm off the floor")
    thigh: _HeightSpan | None = Field(default=None, alias="thigh", description="The thigh, cm off the floor")
    thighs: _HeightSpan | None = Field(default=None, alias="thighs", description="The thighs, cm off the floor")
    knee: _HeightSpan | None = Field(default=None, alias="knee", description="The knee, cm off the floor")
    knees: _HeightSpan | None = Field(default=None, alias="knees", description="The knees, cm off the floor")
    shin: _HeightSpan | None = Field(default=None, alias="shin", description="The shin, cm off the floor")
    shins: _HeightSpan | None = Field(default=None, alias="shins", description="The shins, cm off the floor")
    foot: _HeightSpan | None = Field(default=None, alias="foot", description="The foot, cm off the floor")
    feet: _HeightSpan | None = Field(default=None, alias="feet", description="The feet, cm off the floor")
    leg: _HeightSpan | None = Field(default=None, alias="leg", description="The leg, cm off the floor")
    legs: _HeightSpan | None = Field(default=None, alias="legs", description="The legs, cm off the floor")
    hand: _HeightSpan | None = Field(default=None, alias="hand", description="The hand, cm off the floor")
    hands: _HeightSpan | None = Field(default=None, alias="hands", description="The hands, cm off the floor")
    forearm: _HeightSpan | None = Field(default=None, alias="forearm", description="The forearm, cm off the floor")
    forearms: _HeightSpan | None = Field(default=None, alias="forearms", description="The forearms, cm off the floor")
    arm: _HeightSpan | None = Field(default=None, alias="arm", description="The arm, cm off the floor")
    arms: _HeightSpan | None = Field(default=None, alias="arms", description="The arms, cm off the floor")


assert [field.alias for field in Heights.model_fields.values()] == [part.value for part in ContactPart], \
    "Heights needs a field per ContactPart"


def _line_up(value: Any) -> Any:
    """A ``lined_up`` fact ("knees over ankles") with its spaces tidied; a plain message for
    anything that does not read (``poses.read_line_up``)."""
    if not isinstance(value, str) or len(value) > 60:
        raise ValueError("must name two joints and how they line up, such as 'knees over ankles'")
    read_line_up(value)
    return " ".join(value.split())


_JOINT_WORDS = "|".join(LINE_UP_JOINTS)
LineUpText: TypeAlias = Annotated[str, BeforeValidator(_line_up), StringConstraints(
    pattern=rf"^({_JOINT_WORDS}) (over|above|under|below) ({_JOINT_WORDS})$")]


class StepsSay(Strict):
    """What the exercise's steps say this picture shows, as facts Lumbar measures in it: a
    picture that disagrees is an error at the fact's line."""

    knee_down: BodySide | None = Field(default=None, description="The knee resting on the floor or mat: left or right")
    leg_up: BodySide | None = Field(default=None, description="The leg lifted higher than the other: left or right")
    turns_to: BodySide | None = Field(default=None, description="The way the upper body turns: left or right")
    angles: AngleRanges | None = Field(
        default=None, description="Joint angles the steps allow, degrees: {knees: 15-60}")
    height: Heights | None = Field(
        default=None, description="How far parts are off the floor, cm: {foot: 10-20}")
    hands_on: HandTarget | None = Field(default=None, description="Where both hands rest on the body")
    hand_on: HandTarget | None = Field(default=None, description="Where at least one hand rests on the body")
    flat_on: Contacts | None = Field(
        default=None, description="Body parts lying flat on a surface, each end within 5 cm of it: {floor: [forearms]}")
    clear_of: Contacts | None = Field(
        default=None, description="Body parts kept off a surface, more than 3 cm from it all along: {wall: [back]}")
    lined_up: list[LineUpText] | None = Field(
        default=None, description="Joints one over another, within 8 cm across the floor: [knees over ankles]")
    stays: list[ContactPart] | None = Field(
        default=None, description="Body parts where they are in the other picture, within 4 cm: [hands, knees]")


class Pose(Strict):
    """One picture: a base pose from the library with some joint angles changed.

    Angles are degrees; see ``lumbar/content/poses.py`` for what each one means and its range.
    Limb angles take one number for both sides or ``{near: .., far: ..}``.
    """

    base: Base
    tilt: TiltAngle | None = Field(default=None, description="Turn the whole body forward (+) or back (-)")
    trunk: TrunkAngle | None = Field(default=None, description="Bend at the waist: forward +, arch back -")
    neck: NeckAngle | None = Field(default=None, description="Chin to chest +, look up -")
    twist: TwistAngle | None = Field(default=None, description="Turn the chest relative to the hips")
    hips: HipAngles | None = Field(default=None, description="Thigh forward +, behind the body -")
    knees: KneeAngles | None = Field(default=None, description="0 is a straight leg")
    ankles: AnkleAngles | None = Field(default=None, description="Toes up +, pointed -")
    shoulders: ShoulderAngles | None = Field(default=None, description="Arm forward and up +; 180 is overhead")
    elbows: ElbowAngles | None = Field(default=None, description="0 is a straight arm")
    hips_out: HipOutAngles | None = Field(default=None, description="Open the leg or knee sideways")
    shoulders_out: ShoulderOutAngles | None = Field(default=None, description="Open the arm sideways")
    belly: Belly = Field(default=Belly.RELAXED, description="Relaxed, or drawn-in: pulled in toward the spine, the back kept still")
    view_from_above: ViewAngle | None = Field(
        default=None, description="Look down on the figure from this many degrees above (0 is a side view)"
    )
    view_from_feet: ViewTurn = Field(
        default=0.0,
        description=("Look along the body from the feet (true), or walk this many degrees round from the side "
                     "towards the feet (40 is a three-quarter view), for movements across the body"),
    )
    highlight: list[BodyPart] = Field(default_factory=list, description="Body parts doing the work")
    arrow: Arrow | None = None
    props: list[Prop] = Field(default_factory=list, description="Extra props; the base pose adds its own")
    contacts: Contacts | None = Field(
        default=None,
        description="What rests on what, such as {floor: [feet, hips]}; checked against the picture",
    )
    facing: Facing = Field(
        default=Facing.RIGHT,
        description="Which way the picture faces; left is a mirror image, with the body's other side towards you",
    )
    steps_say: StepsSay | None = Field(
        default=None, description="What the steps say this picture shows (side, joint ranges, heights, hands); measured in it",
    )
    description: ShortText | None = Field(default=None, description="Alt text for the picture, if the generated one is not enough")


class Figure(Strict):
    """The exercise's pictures: where it starts and where the movement ends."""

    start: Pose
    end: Pose


class Entry(Strict):
    """Fields every kind of content shares."""

    id: EntryId
    summary: Annotated[str, StringConstraints(min_length=20, max_length=300), AfterValidator(check_text)] = Field(
        description="One or two plain sentences; also the page's meta description"
    )
    tags: list[Tag] = Field(default_factory=list)
    related: list[EntryId] = Field(default_factory=list, description="Ids of related exercises, FAQ entries or pairs")
    sources: list[Source] = Field(min_length=1)
    review: Review


class Exercise(Entry):
    """One exercise, as a patient leaflet would describe it."""

    kind: ClassVar[str] = "exercise"
    name: ShortText
    aliases: list[ShortText] = Field(default_factory=list)
    category: Category
    position: Position
    sides: bool = Field(
        default=False,
        description="True if it works one side of the body at a time (one leg, one arm, a turn one way), so a "
                    "clinician may ask for one side only; false if it works both sides together, like walking",
    )
    pain_patterns: list[PainPattern] = Field(default_factory=list)
    difficulty: Difficulty
    equipment: list[Equipment] = Field(min_length=1)
    purpose: Text
    key_point: KeyPoint | None = Field(
        default=None,
        description="The one thing to get right, in one short sentence with no numbers (the dose gives the "
                    "numbers): the first line of the key points on the exercise's page and card",
    )
    starting_position: Text
    steps: list[Text] = Field(min_length=1)
    dose: Dose
    feel: Text = Field(description="What you should feel")
    stop_if: list[Text] = Field(min_length=1)
    easier: list[Variation] = Field(default_factory=list)
    harder: list[Variation] = Field(default_factory=list)
    on_firm_bed: bool = Field(
        default=False,
        description="True if it can be done lying on a firm bed as well as on the floor (the steps must say so)",
    )
    figure: Figure = Field(description="Start and end poses, drawn as the exercise's pictures")


class FaqEntry(Entry):
    """One question and its answer."""

    kind: ClassVar[str] = "faq"
    question: ShortText
    aliases: list[ShortText] = Field(
        default_factory=list, description="Other words readers search with, such as lumbago or slipped disc"
    )
    answer: BlockText


class Activity(Strict):
    """One side of an avoid/try-instead pair."""

    name: ShortText
    aliases: list[ShortText] = Field(
        default_factory=list, description="Other names readers search with, such as deadlift; no exercise may use them as an alias",
    )
    why: Text
    exercises: list[EntryId] = Field(default_factory=list, description="Exercises this side refers to")


class AvoidPair(Entry):
    """Something to avoid and a kinder alternative, with the reason for each."""

    kind: ClassVar[str] = "avoid"
    avoid: Activity
    try_instead: Activity


def _week_range(value: Any) -> Any:
    # "1-2", "1 to 2" and 3 are all fine in YAML; store "1-2" or "3".
    if isinstance(value, bool):
        raise InvalidValue("must be a week number or a range such as 1-2")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*(?:(?:-|–|to)\s*(\d+))?\s*", value)
        if match:
            low, high = match.groups()
            if high is None or int(high) == int(low):
                return low
            if int(high) < int(low):
                raise InvalidValue(f"range {value!r} must go from the first week to the last, for example 1-2")
            return f"{low}-{high}"
    raise InvalidValue("must be a week number or a range such as 1-2")


WeekRange = Annotated[str, BeforeValidator(_week_range, json_schema_input_type=int | str)]


class StageExercise(Strict):
    """One exercise in a programme stage, with the dose for that stage."""

    exercise: EntryId = Field(description="The id of an exercise (its file name without .yml)")
    dose: Dose | None = Field(default=None, description="The dose for this stage; without it, the exercise's own dose")
    reason: Text | None = Field(
        default=None,
        description="Why how_often differs from the frequency policy for this kind of exercise; shown on the page",
    )
    note: Text | None = None


class Stage(Strict):
    """A block of weeks in a programme, such as weeks 1 and 2."""

    title: ShortText
    weeks: WeekRange = Field(description="A week or range of weeks within the programme, such as 1-2")
    goal: Text
    exercises: list[StageExercise] = Field(min_length=1)

    @property
    def first_week(self) -> int:
        return int(self.weeks.split("-")[0])

    @property
    def last_week(self) -> int:
        return int(self.weeks.split("-")[-1])


class Programme(Entry):
    """A progressive plan: stages of weeks, each with exercises and their doses.

    Stages must cover weeks 1..``weeks`` in order, without gaps or overlaps; a one-week
    programme may split its week into stages that all say ``weeks: 1`` (days 1 to 3, 4 to 7).
    """

    kind: ClassVar[str] = "programme"
    title: ShortText
    aliases: list[ShortText] = Field(default_factory=list, description="Other words readers search with")
    for_whom: list[Text] = Field(min_length=1, description="Who the programme is for")
    not_for: list[Text] = Field(min_length=1, description="Who should not use it, or should get advice first")
    weeks: int = Field(ge=1, le=52, description="How many weeks the programme lasts")
    days_per_week: DaysPerWeek = Field(description="How many days a week, such as 3-5")
    warm_up: list[Text] = Field(min_length=1)
    cool_down: list[Text] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    progression: list[Text] = Field(min_length=1, description="When and how to do more")
    flare_up: EntryId | None = Field(default=None, description="The id of the flare-up programme")

    def week_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Problems with the stages' weeks, as ``(loc, message)``; empty when they are fine."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        expected = 1
        for index, stage in enumerate(self.stages):
            loc: tuple[str | int, ...] = ("stages", index, "weeks")
            if stage.last_week > self.weeks:
                problems.append((loc, f"week {stage.last_week} is after the end of the programme "
                                      f"(weeks: {self.weeks}); use weeks within 1 to {self.weeks}"))
            elif self.weeks == 1:
                continue  # a one-week plan may split its week into stages
            elif stage.first_week != expected:
                what = "start at week 1" if index == 0 else f"start at week {expected}, right after the stage before"
                problems.append((loc, f"stages must cover the weeks in order without gaps or overlaps; "
                                      f"this stage should {what}"))
            expected = stage.last_week + 1
        if self.weeks > 1 and not problems and expected - 1 != self.weeks:
            problems.append((("stages", len(self.stages) - 1, "weeks"),
                             f"the last stage ends at week {expected - 1} but the programme lasts "
                             f"{self.weeks} weeks; make them match"))
        for index, stage in enumerate(self.stages):
            seen: set[str] = set()
            for number, item in enumerate(stage.exercises):
                if item.exercise in seen:
                    problems.append((("stages", index, "exercises", number, "exercise"),
                                     f"{item.exercise!r} is listed twice in this stage; list each exercise once"))
                seen.add(item.exercise)
        return problems


ContentModel = Exercise | FaqEntry | AvoidPair | Programme
# Each kind's model, by the kind's name in ``lumbar.paths.KINDS``.
MODELS: dict[str, type[Entry]] = {model.kind: model for model in (Exercise, FaqEntry, AvoidPair, Programme)}
