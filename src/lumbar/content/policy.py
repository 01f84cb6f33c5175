"""The editorial policy behind Lumbar's meaning checks: ``content/policy.yml``.

``content/safety.yml`` says *what* the safety advice is; this file says the words and
thresholds the meaning checks (``lumbar.content.meaning``) use to keep every other page
consistent with it and with itself:

- ``safety_wording``: phrases that state a stop threshold or a level of care, which only
  ``content/safety.yml`` may use (elsewhere a ``((reference))`` renders its words);
- ``frequency``: how often each kind of exercise is done (one policy per kind, such as
  strength work 2 or 3 days a week, from the American Academy of Orthopaedic Surgeons
  *Spine Conditioning Program* and the UK Chief Medical Officers' physical activity
  guidelines), and the words that say how often, read as sessions a week;
- ``gentle_first``: the difficulty allowed on lists meant for people in more pain;
- ``aliases``: search words that name a different technique, programme or a muscle;
- ``claims``: publishers whose name in "NICE says" needs a source from them, with its address.

Nothing clinical is decided in Python: the numbers and words are all in the file, and each
threshold names its source there.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints, field_validator

from lumbar.content.models import (
    Category,
    Difficulty,
    EntryId,
    PainPattern,
    Review,
    ShortText,
    Source,
    Strict,
    Text,
)

# A phrase is lower-case words; "..." stands for a few words in between (see ``phrase_pattern``).
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=2, max_length=80)]
GAP_WORDS = 5  # how many words "..." may stand for


class WordingRule(Strict):
    """Phrases that only ``content/safety.yml`` may say, and what to write instead."""

    what: ShortText = Field(description="What the phrases state, for the message: 'the stop rule'")
    phrases: list[Phrase] = Field(min_length=1, description="Lower case; '...' stands for up to five words")
    use: Text = Field(description="The references to write instead, for the message")


class FrequencyKind(Strict):
    """How often one kind of exercise is done, as a range of sessions a week."""

    category: Category
    sessions_per_week: tuple[float, float] | None = Field(
        description="Lowest and highest sessions a week; null when any frequency is fine (rest)",
    )
    how_often: ShortText = Field(description="The policy in words, shown in messages: '2 or 3 days a week'")
    words: list[Phrase] = Field(default_factory=list, description="Words that name this kind in an answer")
    source: Source

    @field_validator("sessions_per_week")
    @classmethod
    def _ordered(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not 0 < value[0] <= value[1]:
            raise ValueError("give the lowest then the highest number of sessions a week, both above 0")
        return value


class FrequencyWords(Strict):
    """The words that say how often, and what each means in sessions a week."""

    numbers: dict[Phrase, int] = Field(description="Number words: once: 1, twice: 2, two: 2 ...")
    per_day: list[Phrase] = Field(description="Units meaning 'each day': 'a day', 'per day'")
    per_week: list[Phrase] = Field(description="Units meaning 'each week': 'a week', 'days a week'")
    counted: list[Phrase] = Field(description="Words between the number and the unit: 'times', 'days'")
    fixed: dict[Phrase, tuple[float, float]] = Field(
        default_factory=dict, description="Whole phrases and their sessions a week: 'every day': [7, 7]",
    )
    any: list[Phrase] = Field(default_factory=list, description="Phrases that set no frequency: 'whenever you need it'")


class Frequency(Strict):
    """One frequency policy per kind of exercise, and the words that say how often."""

    kinds: list[FrequencyKind] = Field(min_length=1)
    words: FrequencyWords

    def kind(self, category: Category) -> FrequencyKind | None:
        """The policy for exercises of ``category`` (None if the file gives none)."""
        return next((kind for kind in self.kinds if kind.category == category), None)


class GentleFirst(Strict):
    """Lists meant for people in more pain hold only exercises of these difficulties."""

    difficulty: list[Difficulty] = Field(min_length=1)
    pain_patterns: list[PainPattern] = Field(default_factory=list, description="Pain-pattern lists that must be gentle")
    programmes: list[EntryId] = Field(default_factory=list, description="Programmes for the first days or a flare-up")
    why: Text


class RefusedAlias(Strict):
    """A search word that names something else, so no entry may use it as an alias."""

    term: Phrase
    why: ShortText


class Aliases(Strict):
    """Search words no entry may take: they name a different technique, programme or a muscle."""

    refused: list[RefusedAlias] = Field(default_factory=list)


class Publisher(Strict):
    """A publisher named in claims such as "NICE says"."""

    name: ShortText = Field(description="As written in a claim: NICE")
    source_names: list[ShortText] = Field(
        min_length=1, description="What a source's publisher field may say for it: NICE, National Institute for ...",
    )


class Claims(Strict):
    """Claims that need a source: a publisher's name with a verb, or a number in an answer."""

    publishers: list[Publisher] = Field(min_length=1)
    verbs: list[Phrase] = Field(min_length=1, description="Words that make a name a claim: says, recommends ...")
    numbers_need_address: bool = Field(
        default=True, description="An answer with a number needs a source with its address (url)",
    )


class Policy(Strict):
    """``content/policy.yml``: the words and thresholds of the meaning checks."""

    kind: ClassVar[str] = "policy"
    safety_wording: list[WordingRule] = Field(min_length=1)
    frequency: Frequency
    gentle_first: GentleFirst
    aliases: Aliases
    claims: Claims
    firm_bed_phrase: Phrase = Field(description="What an exercise's starting position says when it can be done on a bed")
    sources: list[Source] = Field(min_length=1)
    review: Review


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` as a case-insensitive whole-word pattern over text with any white space.

    "..." stands for up to ``GAP_WORDS`` words; the words may be split across lines (a
    folded YAML block) or by Markdown emphasis markers.
    """
    parts = []
    for piece in phrase.split("..."):
        words = piece.split()
        if words:
            parts.append(r"[\s*_]+".join(re.escape(word) for word in words))
    gap = rf"(?:[\s*_]+\S+){{0,{GAP_WORDS}}}?[\s*_]+"
    body = gap.join(parts)
    return re.compile(rf"(?<![\w&-]){body}(?![\w&-])", re.IGNORECASE)
