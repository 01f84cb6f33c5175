"""The one source of safety advice: ``content/safety.yml`` (red flags, stop rules, flare-ups).

Every place that shows safety advice (the safety page, the red-flag banner, the FAQ about
seeing a doctor, each exercise's stop box, cards and handouts) renders from ``Safety``, so
the lists cannot drift apart. Clinical facts come from the sources named in the file itself
(NHS *Back pain*, NHS *Cauda equina syndrome*, NHS inform, NICE NG59); this module only
checks the file's shape and its rules:

- the four urgency levels appear once each, in the order of ``LEVEL_ORDER``;
- item and stop-rule ids are unique across the file;
- no symptom sits at two levels: a ``match`` word may belong to one item only.

``match`` words are lower-case words or phrases that identify a symptom in other text:
``mentions`` finds them (whole words, case-insensitive) so the catalogue can reject an
exercise ``stop_if`` line that names a red flag the stop box already shows at its level.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from enum import Enum
from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, StringConstraints

from lumbar.content.models import (
    EntryId,
    Review,
    ShortText,
    Source,
    Strict,
    Text,
    check_text,
)


class Level(str, Enum):
    """How urgent: from "call the emergency number now" to "look after yourself"."""

    EMERGENCY = "emergency"
    SAME_DAY = "same-day"
    SOON = "soon"
    SELF_CARE = "self-care"


LEVEL_ORDER: tuple[Level, ...] = tuple(Level)
# Levels whose items are warning signs (red flags); self-care items are advice.
RED_FLAG_LEVELS = frozenset({Level.EMERGENCY, Level.SAME_DAY, Level.SOON})
# The admonition style each level is shown with on pages (Material for MkDocs types).
LEVEL_STYLE: dict[Level, str] = {
    Level.EMERGENCY: "danger",
    Level.SAME_DAY: "warning",
    Level.SOON: "info",
    Level.SELF_CARE: "tip",
}

MatchWord = Annotated[str, StringConstraints(
    strip_whitespace=True, min_length=3, max_length=60, pattern=r"^[a-z0-9][a-z0-9 '&-]*[a-z0-9]$",
)]


class SafetyItem(Strict):
    """One warning sign (or, at self-care, one piece of advice)."""

    id: EntryId
    text: Text
    match: list[MatchWord] = Field(
        default_factory=list,
        description="Lower-case words or phrases that identify this symptom in other text; [] for advice",
    )


CauseName = Annotated[str, StringConstraints(
    strip_whitespace=True, min_length=3, max_length=60, pattern=r"^[a-z0-9][a-z0-9 '&-]*[a-z0-9]$",
)]


class SafetyGroup(Strict):
    """Items that share one reason, such as what cauda equina syndrome is."""

    id: EntryId | None = Field(
        default=None, description="Needed to show the whole group elsewhere with ((id)), and as its anchor",
    )
    title: ShortText | None = Field(
        default=None, description="What to do, when this group's action differs from its level's heading",
    )
    reason: Text
    causes: list[CauseName] = Field(
        default_factory=list,
        description=("Conditions the reason names (lower case), such as cauda equina: any other page that names "
                     "one must show this level's action beside it (lumbar.content.meaning)"),
    )
    items: list[SafetyItem] = Field(min_length=1)


class SafetyLevel(Strict):
    """One urgency level: what to do, and the signs that call for it."""

    level: Level
    heading: ShortText = Field(description="The action, short: 'Call 999 or go to A&E now'")
    action: Text
    groups: list[SafetyGroup] = Field(min_length=1)

    def items(self) -> list[SafetyItem]:
        """Every item of the level, in order."""
        return [item for group in self.groups for item in group.items]


class StopRule(Strict):
    """One line of the general stop rule every exercise shows.

    A reason to stop now has a ``condition``: the rule as the stop box lists it under its
    heading "Stop if", without those words ("The pain becomes sharp..."). A rule without one
    is advice for after exercising ("do less next time"), printed after the stop box, never
    in it."""

    id: EntryId
    text: Text = Field(description="The whole rule as a sentence, as the safety page and ((id)) references show it")
    condition: Text | None = Field(
        default=None,
        description="What the stop box lists under 'Stop if', without those words; "
                    "leave it out for advice that is not a reason to stop now",
    )


class PhoneNumber(Strict):
    """A number readers may need to call; every page shows it as a tap-to-call link."""

    number: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]+(?: [0-9]+)*$", max_length=20)] = (
        Field(description="As the text writes it: 999, 116 123")
    )
    name: ShortText = Field(description="Who answers, for screen readers: emergency services, NHS 111")

    @property
    def dial(self) -> str:
        """The number as a phone dials it (no spaces): the ``tel:`` link's target."""
        return self.number.replace(" ", "")


class Safety(Strict):
    """``content/safety.yml``: urgency levels, stop rules, good signs, flare-up steps, and
    the phone numbers pages make tap-to-call."""

    kind: ClassVar[str] = "safety"
    title: ShortText
    summary: Annotated[str, StringConstraints(min_length=20, max_length=300), AfterValidator(check_text)]
    intro: Text
    levels: list[SafetyLevel] = Field(
        min_length=len(LEVEL_ORDER), max_length=len(LEVEL_ORDER),
        description="Exactly: emergency, same-day, soon, self-care, in that order",
    )
    stop_rules: list[StopRule] = Field(min_length=1)
    key_points: list[Text] = Field(
        default_factory=list, max_length=4,
        description="Two to four lines the safety page opens with: which signs mean 999, which mean a GP today, "
                    "what to do otherwise, and when to stop an exercise",
    )
    urgent_line: Annotated[str, StringConstraints(min_length=20, max_length=200), AfterValidator(check_text)] = Field(
        description="One short line every card and handout prints: which signs mean calling 999 now",
    )

    @property
    def stop_conditions(self) -> list[str]:
        """The general reasons to stop now, as the stop box lists them (``condition``)."""
        return [rule.condition for rule in self.stop_rules if rule.condition]

    @property
    def after_stopping(self) -> list[str]:
        """The general rule's advice for after exercising (rules without a ``condition``)."""
        return [rule.text for rule in self.stop_rules if not rule.condition]
    good_signs: list[Text] = Field(default_factory=list)
    flare_up: list[Text] = Field(min_length=1)
    phone_numbers: list[PhoneNumber] = Field(
        default_factory=list, description="Every number the texts above give; pages link each one with tel:",
    )
    sources: list[Source] = Field(min_length=1)
    review: Review

    def groups(self) -> Iterator[tuple[SafetyLevel, SafetyGroup]]:
        """Every group with its level, most urgent first."""
        for level in self.levels:
            for group in level.groups:
                yield level, group

    def level(self, level: Level) -> SafetyLevel:
        """The level named ``level`` (KeyError if the file lacks it; validation prevents that)."""
        for candidate in self.levels:
            if candidate.level == level:
                return candidate
        raise KeyError(level.value)

    def red_flags(self) -> Iterator[tuple[SafetyLevel, SafetyItem]]:
        """Every warning sign with its level, most urgent first (self-care advice excluded)."""
        for level in self.levels:
            if level.level in RED_FLAG_LEVELS:
                for item in level.items():
                    yield level, item

    def mentions(self, text: str) -> list[tuple[SafetyLevel, SafetyItem, str]]:
        """The red-flag items whose ``match`` words occur in ``text``, with the word found.

        Whole words or phrases, case-insensitive; ``text`` is plain or Markdown text.
        """
        found = []
        lowered = " ".join(text.lower().split())
        for level, item in self.red_flags():
            for word in item.match:
                if _whole_word(word).search(lowered):
                    found.append((level, item, word))
                    break
        return found


@functools.lru_cache(maxsize=1024)  # every exercise's stop_if lines are checked against every word
def _whole_word(word: str) -> re.Pattern[str]:
    """``word`` (or phrase) as a whole word in lower-case text."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")


Loc = tuple[str | int, ...]
# The id that shows every stop rule at once, ((stop-rule)); no item may take it.
STOP_RULE_ID = "stop-rule"


def safety_problems(safety: Safety) -> list[tuple[Loc, str]]:
    """Rules the schema alone cannot express, as ``(loc in the YAML, message)`` pairs.

    Levels out of order, an id used twice, and a match word that belongs to two items
    (the same symptom at two levels, or twice at one) are reported at the offending node.
    """
    problems: list[tuple[Loc, str]] = []
    for index, (level, expected) in enumerate(zip(safety.levels, LEVEL_ORDER)):
        if level.level != expected:
            order = ", ".join(value.value for value in LEVEL_ORDER)
            problems.append((("levels", index, "level"),
                             f"level {index + 1} must be {expected.value!r}, not {level.level.value!r}; "
                             f"the levels go in this order: {order}"))
    ids: dict[str, str] = {level.level.value: "by a level" for level in safety.levels}
    ids[STOP_RULE_ID] = "for the whole stop rule"
    words: dict[str, tuple[str, str]] = {}
    for li, level in enumerate(safety.levels):
        for gi, group in enumerate(level.groups):
            if group.id is not None:
                if group.id in ids:
                    problems.append((("levels", li, "groups", gi, "id"),
                                     f"id {group.id!r} is already used ({ids[group.id]}); ids must be unique"))
                else:
                    ids[group.id] = f"by a group at level {level.level.value}"
            for ii, item in enumerate(group.items):
                where = ("levels", li, "groups", gi, "items", ii)
                if item.id in ids:
                    problems.append(((*where, "id"), f"id {item.id!r} is already used ({ids[item.id]}); ids must be unique"))
                else:
                    ids[item.id] = f"at level {level.level.value}"
                if level.level == Level.SELF_CARE and item.match:
                    problems.append(((*where, "match"), "self-care advice is not a warning sign; use match: []"))
                for wi, word in enumerate(item.match):
                    if word in words:
                        other_id, other_level = words[word]
                        problems.append(((*where, "match", wi),
                                         f"{word!r} also identifies {other_id!r} at level {other_level}; "
                                         "a symptom may appear at one level only, so give each item its own words"))
                    else:
                        words[word] = (item.id, level.level.value)
    for index, rule in enumerate(safety.stop_rules):
        if rule.id in ids:
            problems.append((("stop_rules", index, "id"), f"id {rule.id!r} is already used ({ids[rule.id]}); ids must be unique"))
        else:
            ids[rule.id] = "by a stop rule"
    problems.extend(_phone_problems(safety))
    return problems


def _phone_problems(safety: Safety) -> list[tuple[Loc, str]]:
    """A number given twice in ``phone_numbers``, or one no text of the file uses."""
    problems: list[tuple[Loc, str]] = []
    texts = " ".join(_all_texts(safety))
    seen: set[str] = set()
    for index, phone in enumerate(safety.phone_numbers):
        if phone.number in seen:
            problems.append((("phone_numbers", index, "number"), f"{phone.number!r} is listed twice; list each number once"))
        seen.add(phone.number)
        if not re.search(rf"(?<![0-9]){re.escape(phone.number)}(?![0-9])", texts):
            problems.append((("phone_numbers", index, "number"),
                             f"no text in this file gives {phone.number!r}; remove it, or write it where readers need it"))
    return problems


def _all_texts(safety: Safety) -> Iterator[str]:
    """Every text of the safety file that pages show."""
    yield from (safety.summary, safety.intro)
    for level in safety.levels:
        yield from (level.heading, level.action)
        for group in level.groups:
            yield group.reason
            yield from (item.text for item in group.items)
    yield from (rule.text for rule in safety.stop_rules)
    yield from safety.stop_conditions
    yield safety.urgent_line
    yield from safety.key_points
    yield from safety.good_signs
    yield from safety.flare_up
