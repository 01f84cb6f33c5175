"""Pydantic models for Lumbar's content: exercises, FAQ entries and avoid/try-instead pairs.

Every model forbids unknown keys and every enumeration is a closed list, so a typo in a
contributor's YAML is an error with a line number rather than a silently ignored field.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Raw HTML and dangerous link schemes never belong in contributor text: reject them with a
# clear message here; the page renderer escapes what remains as a second line of defence.
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
_MD_LINK_TARGET = re.compile(r"\]\(\s*<?\s*([^)\s>]*)")
_REF_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
_SAFE_TARGET = re.compile(r"^(https?://|#|/|\.\.?/|[a-z0-9-]+(/|\.md|$))", re.IGNORECASE)


def _check_text(value: str) -> str:
    value = value.strip()
    if _HTML_TAG.search(value):
        raise ValueError(
            "HTML tags are not allowed; write plain text (Markdown **bold**, *italic* "
            "and [links](https://...) are fine)"
        )
    for target in _MD_LINK_TARGET.findall(value) + _REF_LINK_DEF.findall(value):
        if not _SAFE_TARGET.match(target):
            raise ValueError(
                f"link target {target!r} is not allowed; links must start with https:// or http://"
            )
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_check_text)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_check_text)]
EntryId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=60)]


def _count_to_text(value: Any) -> Any:
    # "8-12", "8 to 12" and 10 are all fine in YAML; keep one spelling for the pages.
    if isinstance(value, bool):
        raise ValueError("must be a number or a range such as 8-12")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*(?:(?:-|–|to)\s*(\d+))?\s*", value)
        if match:
            low, high = match.groups()
            if high is None:
                return low
            if int(high) <= int(low):
                raise ValueError(f"range {value!r} must go from low to high, for example 8-12")
            return f"{low} to {high}"
    raise ValueError("must be a number or a range such as 8-12")


Count = Annotated[str, BeforeValidator(_count_to_text, json_schema_input_type=int | str)]


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


class Review(Strict):
    """When a qualified reviewer last checked the entry and when it is next due."""

    reviewed_on: dt.date
    next_review_due: dt.date
    reviewed_by: ShortText | None = None

    @model_validator(mode="after")
    def _due_after_review(self) -> Review:
        if self.next_review_due <= self.reviewed_on:
            raise ValueError("next_review_due must be after reviewed_on")
        return self


class Dose(Strict):
    """How much to do. Every field is optional because aerobic work is timed, not counted."""

    sets: Count | None = None
    reps: Count | None = None
    hold_seconds: Count | None = None
    rest_seconds: Count | None = None
    minutes: Count | None = Field(default=None, description="For timed activity such as walking")
    per_side: bool = False
    how_often: ShortText

    @model_validator(mode="after")
    def _something_to_do(self) -> Dose:
        if not (self.reps or self.hold_seconds or self.minutes):
            raise ValueError("give at least one of reps, hold_seconds or minutes")
        return self


class Variation(Strict):
    """An easier or harder version: a description, optionally pointing at another exercise."""

    description: Text
    exercise: EntryId | None = None


class Entry(Strict):
    """Fields every kind of content shares."""

    id: EntryId
    summary: Annotated[str, StringConstraints(min_length=20, max_length=300), AfterValidator(_check_text)] = Field(
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
    pain_patterns: list[PainPattern] = Field(default_factory=list)
    difficulty: Difficulty
    equipment: list[Equipment] = Field(min_length=1)
    purpose: Text
    starting_position: Text
    steps: list[Text] = Field(min_length=1)
    dose: Dose
    feel: Text = Field(description="What you should feel")
    stop_if: list[Text] = Field(min_length=1)
    easier: list[Variation] = Field(default_factory=list)
    harder: list[Variation] = Field(default_factory=list)


class FaqEntry(Entry):
    """One question and its answer."""

    kind: ClassVar[str] = "faq"
    question: ShortText
    answer: Text


class Activity(Strict):
    """One side of an avoid/try-instead pair."""

    name: ShortText
    why: Text
    exercises: list[EntryId] = Field(default_factory=list, description="Exercises this side refers to")


class AvoidPair(Entry):
    """Something to avoid and a kinder alternative, with the reason for each."""

    kind: ClassVar[str] = "avoid"
    avoid: Activity
    try_instead: Activity


ContentModel = Exercise | FaqEntry | AvoidPair
