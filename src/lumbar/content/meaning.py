"""Meaning checks: what the content *says* must agree with the safety source and with itself.

The schema checks the form of each file; these check meaning across files, with the words
and thresholds from ``content/policy.yml`` and ``content/safety.yml`` (never from Python):

1. **Safety wording comes from the source** (``wording``): text outside the safety file may
   not state a stop threshold or a level of care in its own words; it writes a reference,
   ``((stop-rule))`` or ``((same-day))``, that shows the safety file's words
   (``lumbar.content.references``). Unknown references and misplaced lists are errors too.
2. **Named emergencies carry their action** (``named_causes``): text naming a condition the
   safety file lists at the emergency or same-day level (its group's ``causes``) refers to
   that level, or to one of its signs, in the same paragraph.
3. **Doses and frequencies agree** (``doses``, ``frequencies``): a programme's dose lies within
   the exercise's own dose or one of its declared easier or harder steps; how often follows
   the policy for the exercise's kind (strength, stretch ...) on exercise pages, in
   programmes (unless a ``reason`` says why it differs) and in answers.
4. **Aliases point at one thing** (``aliases``): no alias repeats another entry's title or
   alias, names an activity an avoid pair warns about, or is a refused term.
5. **Gentle first** (``gentle_first``): the lists for people in more pain hold only
   exercises of the difficulties the policy allows.
6. **Claims name their source** (``claims``): "NICE says" needs a NICE source with its
   address; a number in an answer needs a source with an address.
7. **Firm bed** (``firm_bed``): an exercise marked ``on_firm_bed`` says so in its starting
   position, and one not marked does not.

Each problem is a ``ContentError`` at the file, line and column of the words, with the fix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from lumbar.content.dose_rules import COUNT_PATTERN
from lumbar.content.errors import ContentError, Edit
from lumbar.content.models import (
    AvoidPair,
    Dose,
    Entry,
    Exercise,
    Programme,
    StageExercise,
)
from lumbar.content.policy import FrequencyKind, FrequencyWords, Policy, phrase_pattern
from lumbar.content.reader import Loc, Positions
from lumbar.content.references import BLOCK_FIELDS, REFERENCE, stands_alone, targets, without_references
from lumbar.content.safety import RED_FLAG_LEVELS, Level, Safety
from lumbar.paths import POLICY_SOURCE, SAFETY_SOURCE

# Fields that are names, lists of ids or data rather than sentences a reader acts on.
NOT_PROSE = frozenset({"id", "name", "question", "title", "aliases", "tags", "related", "sources", "review",
                       "figure", "dose", "category", "position", "pain_patterns", "difficulty", "equipment",
                       "exercises", "exercise", "flare_up", "weeks", "days_per_week", "per_side", "on_firm_bed"})
CLAIM_FIELDS = frozenset({"answer", "summary", "why", "purpose"})  # where "NICE says" is a claim to check
NUMBER_FIELDS = frozenset({"answer"})  # "a number in an answer"


class Located(Protocol):
    """One entry as loaded (``catalogue.Loaded``): the model, its file and its YAML positions."""

    entry: Entry
    path: Path
    positions: Positions


def field_removal(positions: Positions, loc: Loc) -> Edit | None:
    """The edit that removes the field at ``loc`` from its file: the whole lines from its key
    to the end of its value. None when the key shares its line with something else (a list
    item's first key, a flow mapping), where removing lines would remove more."""
    key, end = positions.keys.get(loc), positions.ends.get(loc)
    if key is None or end is None:
        return None
    lines = positions.text.splitlines(keepends=True)
    last = end.line - 1 if end.column == 1 and end.line > key.line else end.line  # a block value ends at a line start
    before = lines[key.line - 1][:key.column - 1]
    after = lines[last - 1][end.column - 1:] if last == end.line else ""
    if before.strip() or after.strip():
        return None
    return Edit(key.line, 1, "".join(lines[key.line - 1:last]), "")


@dataclass
class Checker:
    """Runs every meaning check over loaded entries; ``errors`` collects what it finds."""

    safety: Safety
    policy: Policy
    entries: Mapping[str, Located]
    errors: list[ContentError]

    def run(self) -> list[ContentError]:
        """Every check, in the order of the module docstring."""
        for check in (self.wording, self.named_causes, self.doses, self.frequencies, self.aliases,
                      self.gentle_first, self.claims, self.firm_bed):
            check()
        return self.errors

    # --- where things are ---------------------------------------------------------------------

    def report(self, item: Located, loc: Loc, text: str, offset: int, message: str,
               replace: tuple[str, str] | None = None, remove: bool = False) -> None:
        """An error at ``offset`` into the text at ``loc``, found in the source file; with
        ``replace`` (old, new), the error carries that edit there as its suggested fix, and
        with ``remove`` the removal of the field at ``loc`` (its key and value)."""
        line, column = locate(item.path, item.positions, loc, text, offset)
        fix = (Edit(line, column, *replace),) if replace else ()
        if remove and (removal := field_removal(item.positions, loc)) is not None:
            fix = (removal,)
        self.errors.append(ContentError(item.path, line, column, dotted(loc), message, fix=fix))

    def prose(self) -> Iterator[tuple[Located, Loc, str]]:
        """Every sentence-bearing text of every entry, with its place."""
        for _, item in sorted(self.entries.items()):
            for loc, text in texts_of(item.entry):
                yield item, loc, text

    # --- 1. safety wording --------------------------------------------------------------------

    def wording(self) -> None:
        """Phrases that state a stop threshold or a level of care, and references that do
        not name anything in the safety file."""
        table = targets(self.safety)
        rules = [(rule, [(phrase, phrase_pattern(phrase)) for phrase in rule.phrases])
                 for rule in self.policy.safety_wording]
        for item, loc, text in self.prose():
            for match in REFERENCE.finditer(text):
                ref = match.group(1)
                if ref not in table:
                    close = difflib.get_close_matches(ref, list(table), n=1, cutoff=0.6)
                    hint = f" Did you mean {close[0]!r}?" if close else ""
                    self.report(item, loc, text, match.start(1),
                                f"(({ref})) names nothing in {SAFETY_SOURCE}.{hint} A reference names a level "
                                "(emergency, same-day, soon, self-care), a sign, a group or a stop rule by its id",
                                replace=(ref, close[0]) if close else None)
                elif table[ref].is_list and not (loc[-1] in BLOCK_FIELDS and stands_alone(text, match)):
                    self.report(item, loc, text, match.start(),
                                f"(({ref})) is a list of signs: put it in an answer, on a line of its own with a "
                                f"blank line before and after, or name one sign or the level instead")
            plain = without_references(text)
            for rule, patterns in rules:
                hits = sorted((found for _, pattern in patterns for found in pattern.finditer(plain)),
                              key=lambda found: (found.start(), -found.end()))
                end = -1
                for found in hits:
                    if found.start() < end:
                        continue  # one error for overlapping phrases ("stop any", "stop any ... that makes")
                    end = found.end()
                    self.report(item, loc, text, found.start(),
                                f"{found.group(0)!r} states {rule.what} in your own words, and only {SAFETY_SOURCE} "
                                f"may (so every page says it the same way): write {rule.use}, which shows its words")

    # --- 2. named emergencies carry their action -----------------------------------------------

    def named_causes(self) -> None:
        """A condition named at the emergency or same-day level needs that level beside it."""
        table = targets(self.safety)
        causes = []
        for level, group in self.safety.groups():
            if level.level not in RED_FLAG_LEVELS - {Level.SOON}:
                continue
            accepted = {level.level.value, *(i.id for i in group.items), *([group.id] if group.id else [])}
            # Any sign or group of the same level carries the same action.
            accepted |= {ref for ref, target in table.items() if target.level is level}
            for cause in group.causes:
                causes.append((cause, phrase_pattern(cause), level, accepted))
        for item, loc, text in self.prose():
            for start, paragraph in paragraphs(text):
                named = {match.group(1) for match in REFERENCE.finditer(paragraph)}
                plain = without_references(paragraph)
                for _cause, pattern, level, accepted in causes:
                    found = pattern.search(plain)
                    if found and not named & accepted:
                        self.report(item, loc, text, start + found.start(),
                                    f"{found.group(0)!r} is a cause {SAFETY_SOURCE} lists under "
                                    f"'{level.heading}' ({level.level.value}); show that action beside it: add "
                                    f"(({level.level.value})), or the sign it goes with, to this paragraph")

    # --- 3. doses and frequencies ---------------------------------------------------------------

    def doses(self) -> None:
        """A programme's dose lies within the exercise's dose or one of its declared steps."""
        for item, _programme, si, ei, stage_item in self.stage_items():
            exercise = self.exercise(stage_item.exercise)
            if exercise is None or stage_item.dose is None:
                continue
            envelopes = dose_envelopes(exercise)
            if any(fits(stage_item.dose, envelope) for _, envelope in envelopes):
                continue
            shown = "; ".join(f"{name}: {describe(envelope)}" for name, envelope in envelopes)
            loc: Loc = ("stages", si, "exercises", ei, "dose")
            self.report(item, loc, "", 0,
                        f"{describe(counts(stage_item.dose))} for {exercise.id!r} is outside its own dose and its "
                        f"declared easier and harder steps ({shown}); widen the exercise's dose, or add an easier "
                        "or harder step with a dose: that this fits, in "
                        f"exercises/{exercise.id}.yml")

    def frequencies(self) -> None:
        """How often follows the policy for each kind of exercise."""
        words = self.policy.frequency.words
        for _, item in sorted(self.entries.items()):
            entry = item.entry
            if isinstance(entry, Exercise):
                self.check_how_often(item, ("dose", "how_often"), entry.dose.how_often, entry, None)
        for item, _, si, ei, stage_item in self.stage_items():
            exercise = self.exercise(stage_item.exercise)
            if exercise is None or stage_item.dose is None:
                continue
            loc: Loc = ("stages", si, "exercises", ei, "dose", "how_often")
            self.check_how_often(item, loc, stage_item.dose.how_often, exercise, stage_item)
        kind_words = [(kind, phrase_pattern(word)) for kind in self.policy.frequency.kinds for word in kind.words]
        for item, loc, text in self.prose():
            if isinstance(item.entry, Exercise) or isinstance(item.entry, Programme):
                continue  # their doses are checked above; their prose gives no frequency of its own
            plain = without_references(text)
            for start, sentence in sentences(plain):
                for lo, hi, found in read_frequencies(sentence, words):
                    kind = nearest_kind(sentence, found.start(), kind_words)
                    if kind is None or kind.sessions_per_week is None or lo is None or hi is None:
                        continue
                    if not within((lo, hi), kind.sessions_per_week):
                        self.report(item, loc, text, start + found.start(),
                                    f"{found.group(0)!r} is {sessions(lo, hi)} a week, but the policy for "
                                    f"{kind.category.value} exercises in {POLICY_SOURCE} is {kind.how_often} "
                                    f"({kind.source.publisher}); say how often within it")

    def check_how_often(self, item: Located, loc: Loc, how_often: str, exercise: Exercise,
                        stage_item: StageExercise | None) -> None:
        kind = self.policy.frequency.kind(exercise.category)
        if kind is None or kind.sessions_per_week is None:
            return
        read = read_frequencies(how_often, self.policy.frequency.words)
        lo = min((r[0] for r in read if r[0] is not None), default=None)
        hi = max((r[1] for r in read if r[1] is not None), default=None)
        if not read or lo is None or hi is None:
            self.report(item, loc, how_often, 0,
                        f"cannot tell how often {how_often!r} means; start with words such as 'Once a day', "
                        f"'2 or 3 times a day' or '2 or 3 days a week' (the words are in {POLICY_SOURCE})")
            return
        fits_policy = within((lo, hi), kind.sessions_per_week)
        if stage_item is not None and stage_item.reason is not None:
            if fits_policy:
                where = loc[:-2] + ("reason",)
                self.report(item, where, "", 0,
                            f"this frequency follows the policy for {kind.category.value} exercises "
                            f"({kind.how_often}), so it needs no reason; remove the reason", remove=True)
            return
        if not fits_policy:
            how = ("; a programme may differ only with a reason: add reason: (why this stage differs) beside the dose"
                   if stage_item is not None else "")
            self.report(item, loc, how_often, 0,
                        f"{how_often!r} is {sessions(lo, hi)} a week, but {kind.category.value} exercises follow "
                        f"one policy ({POLICY_SOURCE}): {kind.how_often} ({kind.source.publisher}, "
                        f"{kind.source.title}); say how often within it{how}")

    # --- 4. aliases -------------------------------------------------------------------------------

    def aliases(self) -> None:
        """No alias repeats another entry's title or alias, names an avoided activity, or is refused."""
        owners: dict[str, list[tuple[str, str]]] = {}  # normalised words -> [(entry id, how)]
        for entry_id, item in sorted(self.entries.items()):
            for words, how in names_of(item.entry):
                owners.setdefault(normalise(words), []).append((entry_id, how))
        refused = {normalise(term.term): term.why for term in self.policy.aliases.refused}
        for entry_id, item in sorted(self.entries.items()):
            for index, alias in enumerate(getattr(item.entry, "aliases", []) or []):
                loc: Loc = ("aliases", index)
                self.check_alias(item, loc, alias, entry_id, owners, refused)
            if isinstance(item.entry, AvoidPair):
                for index, alias in enumerate(item.entry.avoid.aliases):
                    self.check_alias(item, ("avoid", "aliases", index), alias, entry_id, owners, refused)

    def check_alias(self, item: Located, loc: Loc, alias: str, entry_id: str,
                    owners: dict[str, list[tuple[str, str]]], refused: dict[str, str]) -> None:
        key = normalise(alias)
        if key in refused:
            self.report(item, loc, alias, 0, f"{alias!r} names something else ({refused[key]}); remove this alias "
                                              f"(the list is in {POLICY_SOURCE})")
            return
        others = [(other, how) for other, how in owners.get(key, []) if other != entry_id]
        activity = [(other, how) for other, how in others if how.startswith("the activity")]
        if activity and not isinstance(item.entry, AvoidPair):
            other, how = activity[0]
            self.report(item, loc, alias, 0,
                        f"{alias!r} is {how} the avoid pair {other!r} warns about, so a search for that activity "
                        "would land here; remove this alias, or give it words that name only this entry")
            return
        # A clash between two aliases is reported once, at the entry whose id sorts later; an
        # alias that repeats a title, always at the alias. An avoided activity that an
        # exercise also uses was reported at the exercise, above.
        clashes = [(other, how) for other, how in others
                   if how == "the title" or (other < entry_id and (how.startswith("the activity")
                                                                  or not isinstance(item.entry, AvoidPair)))]
        if clashes:
            other, how = clashes[0]
            self.report(item, loc, alias, 0,
                        f"{alias!r} is also {how} of {other!r}; an alias must point at one thing, so remove it "
                        "from one of them")

    # --- 5. gentle first --------------------------------------------------------------------------

    def gentle_first(self) -> None:
        """Lists for people in more pain hold only gentle exercises."""
        gentle = self.policy.gentle_first
        allowed = ", ".join(d.value for d in gentle.difficulty)
        for _, item in sorted(self.entries.items()):
            entry = item.entry
            if isinstance(entry, Exercise) and entry.difficulty not in gentle.difficulty:
                for index, pattern in enumerate(entry.pain_patterns):
                    if pattern in gentle.pain_patterns:
                        self.report(item, ("pain_patterns", index), "", 0,
                                    f"{pattern.value!r} lists exercises for people in more pain, which may only be "
                                    f"{allowed} ({POLICY_SOURCE}: {gentle.why}); this one is "
                                    f"{entry.difficulty.value}, so remove it from this list")
        for item, programme, si, ei, stage_item in self.stage_items():
            exercise = self.exercise(stage_item.exercise)
            if programme.id in gentle.programmes and exercise is not None and exercise.difficulty not in gentle.difficulty:
                self.report(item, ("stages", si, "exercises", ei, "exercise"), "", 0,
                            f"the {programme.id!r} plan is for people in more pain and may only hold {allowed} "
                            f"exercises ({POLICY_SOURCE}); {exercise.id!r} is {exercise.difficulty.value}")

    # --- 6. claims name their source -------------------------------------------------------------

    def claims(self) -> None:
        """"NICE says" needs a NICE source with its address; a number in an answer needs an address."""
        policy = self.policy.claims
        verbs = [phrase_pattern(verb) for verb in policy.verbs]
        names = [(publisher, re.compile(rf"(?<![\w]){re.escape(publisher.name)}(?![\w])"))
                 for publisher in policy.publishers]
        # A phone number from the safety file is not a figure that needs a source.
        phones = re.compile("|".join(re.escape(p.number) for p in self.safety.phone_numbers) or r"(?!)")
        for item, loc, text in self.prose():
            if loc[-1] not in CLAIM_FIELDS and loc[0] not in CLAIM_FIELDS:
                continue
            sources = item.entry.sources
            plain = strip_links(without_references(text))
            for start, sentence in sentences(plain):
                if not any(verb.search(sentence) for verb in verbs):
                    continue
                for publisher, pattern in names:
                    found = pattern.search(sentence)
                    if found and not any(source.url and source.publisher in publisher.source_names for source in sources):
                        self.report(item, loc, text, start + found.start(),
                                    f"this says what {publisher.name} says, so the entry needs a source from "
                                    f"{publisher.name} with its address: add it under sources: with publisher "
                                    f"({' or '.join(publisher.source_names)}), title and url")
            if policy.numbers_need_address and loc[0] in NUMBER_FIELDS:
                found_number = next((number for number in NUMBER.finditer(plain)
                                     if not phones.fullmatch(number.group(0))), None)
                if found_number and not any(source.url for source in sources):
                    self.report(item, loc, text, found_number.start(),
                                f"this answer gives a number ({found_number.group(0)}), so say where it comes from: "
                                "give at least one source its address (url)")

    # --- 7. firm bed ------------------------------------------------------------------------------

    def firm_bed(self) -> None:
        """``on_firm_bed`` and the starting position agree."""
        pattern = phrase_pattern(self.policy.firm_bed_phrase)
        for _, item in sorted(self.entries.items()):
            entry = item.entry
            if not isinstance(entry, Exercise):
                continue
            says = bool(pattern.search(entry.starting_position))
            if entry.on_firm_bed and not says:
                self.report(item, ("starting_position",), "", 0,
                            f"on_firm_bed is true, so the starting position must say it can be done on a "
                            f"{self.policy.firm_bed_phrase}, for example 'Lie on your back on the floor, a mat or a "
                            f"{self.policy.firm_bed_phrase}'")
            elif says and not entry.on_firm_bed:
                self.report(item, ("starting_position",), entry.starting_position,
                            pattern.search(entry.starting_position).start(),  # type: ignore[union-attr]
                            f"the starting position says {self.policy.firm_bed_phrase}; add on_firm_bed: true so "
                            "the exercise index lists it with the exercises you can do on a bed")

    # --- helpers ------------------------------------------------------------------------------------

    def exercise(self, entry_id: str) -> Exercise | None:
        found = self.entries.get(entry_id)
        return found.entry if found is not None and isinstance(found.entry, Exercise) else None

    def stage_items(self) -> Iterator[tuple[Located, Programme, int, int, StageExercise]]:
        for _, item in sorted(self.entries.items()):
            if isinstance(item.entry, Programme):
                for si, stage in enumerate(item.entry.stages):
                    for ei, stage_item in enumerate(stage.exercises):
                        yield item, item.entry, si, ei, stage_item


def check_meaning(safety: Safety, policy: Policy, entries: Mapping[str, Located]) -> list[ContentError]:
    """Every meaning problem in ``entries`` (validated entries by id), as content errors."""
    return Checker(safety, policy, entries, []).run()


# --- texts and places -------------------------------------------------------------------------------

def texts_of(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every prose text of an entry (not names, ids, sources or data), with its loc."""
    for name in type(model).model_fields:
        if name in NOT_PROSE:
            continue
        yield from _texts(getattr(model, name), (*loc, name))


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        yield from texts_of(value, loc)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))


def locate(path: Path, positions: Positions, loc: Loc, text: str, offset: int) -> tuple[int, int]:
    """The line and column of ``text[offset:]`` in the file, found by its words from where the
    value starts (so folded and quoted YAML still point at the right place)."""
    mark = positions.of_value(loc)
    if not text or offset <= 0 and not text[offset:].strip():
        return mark.line, mark.column
    words = text[offset:].split()[:4]
    if not words:
        return mark.line, mark.column
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: mark.line - 1]) + mark.column - 1
    pattern = re.compile(r"\s+(?:#?\s*)?".join(re.escape(word) for word in words))
    found = pattern.search(source, start)
    if found is None:
        return mark.line, mark.column
    line = source.count("\n", 0, found.start()) + 1
    column = found.start() - (source.rfind("\n", 0, found.start()) + 1) + 1
    return line, column


def dotted(loc: Loc) -> str:
    """``stages[0].exercises[1].dose`` for a loc tuple."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each blank-line separated paragraph of ``text`` with its offset."""
    offset = 0
    for part in re.split(r"(\n\s*\n)", text):
        if part.strip() and not re.fullmatch(r"\n\s*\n", part):
            yield offset, part
        offset += len(part)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)")


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Each sentence (or list item) of ``text`` with its offset."""
    offset = 0
    for match in _SENTENCE_END.finditer(text):
        yield offset, text[offset: match.start()]
        offset = match.end()
    if text[offset:].strip():
        yield offset, text[offset:]


_LINK = re.compile(r"\]\([^)]*\)")
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?%?(?![\w])")


def strip_links(text: str) -> str:
    """Markdown link targets blanked out (same length), and list numbers ("1. ") too."""
    text = _LINK.sub(lambda m: "]" + " " * (len(m.group(0)) - 1), text)
    return re.sub(r"(?m)^(\s*)(\d+)\.(?=\s)", lambda m: m.group(1) + " " * (len(m.group(2)) + 1), text)


# --- frequency --------------------------------------------------------------------------------------

def read_frequencies(text: str, words: FrequencyWords) -> list[tuple[float | None, float | None, re.Match[str]]]:
    """Every "how often" phrase in ``text`` as (lowest, highest) sessions a week; (None, None)
    for a phrase that sets no frequency ("whenever you need it")."""
    found: list[tuple[float | None, float | None, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []

    def free(match: re.Match[str]) -> bool:
        return all(match.end() <= start or match.start() >= end for start, end in taken)

    for phrase, (lo, hi) in sorted(words.fixed.items(), key=lambda pair: -len(pair[0])):
        for match in phrase_pattern(phrase).finditer(text):
            if free(match):
                found.append((lo, hi, match))
                taken.append(match.span())
    for phrase in words.any:
        for match in phrase_pattern(phrase).finditer(text):
            if free(match):
                found.append((None, None, match))
                taken.append(match.span())
    for match in _frequency_pattern(words).finditer(text):
        if not free(match):
            continue
        low = _number(match.group("low"), words)
        high = _number(match.group("high"), words) if match.group("high") else low
        unit = " ".join(match.group("unit").lower().split())
        times = 7 if unit in words.per_day else 1
        found.append((low * times, high * times, match))
        taken.append(match.span())
    return sorted(found, key=lambda item: item[2].start())


def _number(word: str, words: FrequencyWords) -> float:
    word = word.lower()
    return float(word) if word.isdigit() else float(words.numbers[word])


def _frequency_pattern(words: FrequencyWords) -> re.Pattern[str]:
    number = "|".join([r"[0-9]+", *sorted((re.escape(w) for w in words.numbers), key=len, reverse=True)])
    counted = "|".join(re.escape(w) for w in words.counted)
    units = "|".join(r"\s+".join(re.escape(part) for part in unit.split())
                     for unit in sorted([*words.per_day, *words.per_week], key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?P<low>{number})(?:\s+(?:or|to)\s+(?P<high>{number}))?"
                      rf"(?:\s+(?:{counted}))?\s+(?P<unit>{units})(?![\w])", re.IGNORECASE)


def nearest_kind(sentence: str, at: int, kind_words: list[tuple[FrequencyKind, re.Pattern[str]]]) -> FrequencyKind | None:
    """The kind of exercise a frequency at ``at`` is about: the nearest kind word before it in
    the sentence, else the nearest after it; None when the sentence names no kind."""
    best: tuple[int, FrequencyKind] | None = None
    for kind, pattern in kind_words:
        for match in pattern.finditer(sentence):
            distance = at - match.end() if match.end() <= at else (match.start() - at) + 10_000
            if best is None or distance < best[0]:
                best = (distance, kind)
    return best[1] if best else None


def within(value: tuple[float, float], bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value[0] and value[1] <= bounds[1]


def sessions(lo: float, hi: float) -> str:
    shown = f"{lo:g}" if lo == hi else f"{lo:g} to {hi:g}"
    return f"{shown} session{'s' if hi != 1 else ''}"


# --- doses --------------------------------------------------------------------------------------------

Counts = dict[str, tuple[int, int]]
COUNT = re.compile(COUNT_PATTERN)  # a dose count as the model keeps it: "10", "8 to 12"
COUNTED = ("sets", "reps", "hold_seconds", "minutes")  # what a programme's dose is compared on


def counts(dose: BaseModel, base: Counts | None = None) -> Counts:
    """A dose's counted fields as (low, high); sets are 1 when not given."""
    found: Counts = dict(base) if base else {"sets": (1, 1)}
    for name in COUNTED:
        value = getattr(dose, name, None)
        if value:
            match = COUNT.match(str(value))
            if match:
                low = int(match.group(1))
                found[name] = (low, int(match.group(2) or low))
    return found


def dose_envelopes(exercise: Exercise) -> list[tuple[str, Counts]]:
    """The exercise's own dose, then each easier or harder step that declares a dose."""
    base = counts(exercise.dose)
    found = [("its dose", base)]
    for side in ("easier", "harder"):
        for index, step in enumerate(getattr(exercise, side)):
            if step.dose is not None:
                found.append((f"{side} step {index + 1}", counts(step.dose, base)))
    return found


def fits(dose: Dose, envelope: Counts) -> bool:
    """True when every counted field of ``dose`` lies within ``envelope``."""
    for name, (low, high) in counts(dose).items():
        if name not in envelope:
            return False
        bottom, top = envelope[name]
        if low < bottom or high > top:
            return False
    return True


_LABELS = {"sets": "sets", "reps": "repetitions", "hold_seconds": "hold (s)", "minutes": "minutes"}


def describe(found: Counts) -> str:
    """``sets 2, repetitions 8-10``; one set, the default, is left out."""
    return ", ".join(f"{_LABELS[name]} {lo}" + (f"-{hi}" if hi != lo else "")
                     for name, (lo, hi) in found.items() if not (name == "sets" and (lo, hi) == (1, 1)))


# --- aliases --------------------------------------------------------------------------------------------

def normalise(words: str) -> str:
    """Lower case, punctuation and hyphens as spaces: 'Flare-up' and 'flare up' are one."""
    return " ".join(re.sub(r"[^\w]+", " ", words.lower()).split())


def names_of(entry: Entry) -> Iterator[tuple[str, str]]:
    """Every name readers may search an entry by, with how it names it (for messages)."""
    title = getattr(entry, "name", None) or getattr(entry, "question", None) or getattr(entry, "title", None)
    if title:
        yield title, "the title"
    for alias in getattr(entry, "aliases", []) or []:
        yield alias, "an alias"
    if isinstance(entry, AvoidPair):
        yield entry.avoid.name, "the activity"
        for alias in entry.avoid.aliases:
            yield alias, "the activity (an alias of it)"
