"""Safety references: ``((id))`` in contributor text shows ``content/safety.yml``'s own words.

Text outside the safety file may not state a stop threshold or send the reader to a level
of care in its own words (``lumbar.content.meaning``). Instead it names what it means by id,
and every page, card, handout and programme PDF shows the safety file's words there:

===================  =========================================================================
``((stop-rule))``    the whole stop rule, its lines one after another, with a link to it
``((sharp-pain))``   one line of the stop rule (any ``stop_rules`` id)
``((emergency))``    a level's action, such as **Call 999 or go to A&E now**, with a link
``((both-legs))``    a warning sign's words, then its level's action
``((heat-or-ice))``  a piece of self-care advice
``((pregnancy-signs))``  a group of signs, shown as a safety box (on a line of its own, in an answer)
===================  =========================================================================

The syntax is deliberately not Jinja: YAML is untrusted input, so references are looked up
in a fixed table of ids, never evaluated, and what they expand to is the safety file's text
(itself checked like all content) plus links to the safety page. Double brackets are not
special to YAML or Markdown, so a reference may start a line. Expansion happens once, when
the content is loaded (``expand_entry``), so every consumer sees the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from lumbar.content.safety import STOP_RULE_ID, Level, Safety, SafetyGroup, SafetyItem, SafetyLevel, StopRule

REFERENCE = re.compile(r"\(\(\s*([A-Za-z0-9_-]+)\s*\)\)")
# Fields whose text is shown as Markdown blocks, where a group reference may stand on its own
# lines as a list (the answer of a question). Elsewhere text is shown on one line.
BLOCK_FIELDS = frozenset({"answer"})
WHEN_TO_GET_HELP = "when to get help"  # the words of the link every expansion ends with


@dataclass(frozen=True)
class Target:
    """What one id in ``content/safety.yml`` names."""

    id: str
    thing: SafetyLevel | SafetyGroup | SafetyItem | StopRule | None  # None: the whole stop rule
    level: SafetyLevel | None  # the level a group or item sits at

    @property
    def is_list(self) -> bool:
        """True for a group: it expands to a list, so it needs its own lines in an answer."""
        return isinstance(self.thing, SafetyGroup)


def targets(safety: Safety) -> dict[str, Target]:
    """Every id a reference may name: levels, groups with an id, items, stop rules, and
    ``stop-rule`` for the whole stop rule (ids are unique across the file)."""
    found: dict[str, Target] = {STOP_RULE_ID: Target(STOP_RULE_ID, None, None)}
    for level in safety.levels:
        found[level.level.value] = Target(level.level.value, level, None)
        for group in level.groups:
            if group.id:
                found[group.id] = Target(group.id, group, level)
            for item in group.items:
                found[item.id] = Target(item.id, item, level)
    for rule in safety.stop_rules:
        found[rule.id] = Target(rule.id, rule, None)
    return found


def references(text: str) -> Iterator[re.Match[str]]:
    """Every ``((id))`` in ``text``, in order."""
    return REFERENCE.finditer(text)


def without_references(text: str) -> str:
    """``text`` with each reference blanked out (same length, so offsets still match)."""
    return REFERENCE.sub(lambda match: " " * len(match.group(0)), text)


def stands_alone(text: str, match: re.Match[str]) -> bool:
    """True when the reference is a paragraph of its own (blank lines, or the text's ends,
    around it)."""
    before = text[: match.start()].rsplit("\n\n", 1)[-1]
    after = text[match.end():].split("\n\n", 1)[0]
    return not before.strip() and not after.strip()


class Expander:
    """Expands the references in one entry's text into the safety file's words, with links
    to the safety page from ``page`` (the docs path the entry is published at)."""

    def __init__(self, safety: Safety, safety_link: str, help_words: str = WHEN_TO_GET_HELP) -> None:
        self.safety = safety
        self.table = targets(safety)
        self.link = safety_link  # the safety page, relative to the entry's page
        self.help_words = help_words  # the link's words, in the language of the page

    def _help_link(self, anchor: str) -> str:
        return f"([{self.help_words}]({self.link}#{anchor}))"

    def level_words(self, level: SafetyLevel) -> str:
        """A level's action, short and bold, and a link to its signs."""
        return f"**{level.heading}** {self._help_link(level.level.value)}"

    def inline(self, target: Target) -> str:
        """What ``target`` shows inside a sentence or a one-line field."""
        thing = target.thing
        if thing is None:
            return " ".join(rule.text for rule in self.safety.stop_rules) + f" {self._help_link(STOP_RULE_ID)}"
        if isinstance(thing, StopRule):
            return thing.text
        if isinstance(thing, SafetyLevel):
            return self.level_words(thing)
        if isinstance(thing, SafetyItem):
            assert target.level is not None
            if target.level.level == Level.SELF_CARE:
                return thing.text
            return f"{thing.text} {self.level_words(target.level)}."
        raise ValueError(f"(({target.id})) is a list and needs a line of its own")

    def expand(self, text: str, block: bool) -> str:
        """``text`` with every reference replaced, except a list (a group, or the whole stop
        rule) standing on its own lines in an answer: the page shows that as a safety box
        (``split_answer``). Unknown ids and misplaced groups are reported by
        ``lumbar.content.meaning`` before expansion, and left as they are here."""
        def replace(match: re.Match[str]) -> str:
            target = self.table.get(match.group(1))
            if target is None or target.is_list and not (block and stands_alone(text, match)):
                return match.group(0)  # reported by lumbar.content.meaning; never guessed at
            if block and stands_alone(text, match) and (target.is_list or target.thing is None):
                return match.group(0)
            return self.inline(target)

        return REFERENCE.sub(replace, text)


def split_answer(text: str, safety: Safety) -> list[tuple[str, str]]:
    """An answer in the pieces a page shows: ``("text", markdown)``, and ``("group", id)`` or
    ``("stop-rule", "")`` for a list reference standing on its own lines (left in place by
    ``Expander.expand``), which the page renders as a safety box from the safety file."""
    table = targets(safety)
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in REFERENCE.finditer(text):
        target = table.get(match.group(1))
        if target is None or not stands_alone(text, match) or not (target.is_list or target.thing is None):
            continue
        if text[position: match.start()].strip():
            pieces.append(("text", text[position: match.start()].strip()))
        pieces.append(("stop-rule", "") if target.thing is None else ("group", target.id))
        position = match.end()
    if text[position:].strip():
        pieces.append(("text", text[position:].strip()))
    return pieces


def expand_model(model: BaseModel, expander: Expander, field_name: str = "") -> BaseModel:
    """A copy of ``model`` with every reference in its text fields expanded (models are frozen)."""
    changes: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        new = _expand_value(value, expander, name)
        if new is not value:
            changes[name] = new
    return model.model_copy(update=changes) if changes else model


def _expand_value(value: Any, expander: Expander, name: str) -> Any:
    if isinstance(value, str):
        return expander.expand(value, name in BLOCK_FIELDS) if "((" in value else value
    if isinstance(value, BaseModel):
        return expand_model(value, expander, name)
    if isinstance(value, list):
        items = [_expand_value(item, expander, name) for item in value]
        return items if any(new is not old for new, old in zip(items, value)) else value
    return value
