"""Translations: one file per entry and language that overlays the entry's text.

English is the source language. A translation (an *overlay*) holds only the words of one
entry, in the same shape as its English source: names, aliases, steps, answers, safety
wording. Ids, doses, pictures, difficulty, sources, reviews and safety levels stay in the
English file and are never translated, so a translation cannot change what a reader is told
to do, only the language it is said in.

Layout (``lumbar.paths.TRANSLATIONS_DIR``)::

    content/i18n/languages.yml            the languages besides English (data: code, names,
                                          direction, reading-ease gate)
    content/i18n/<code>/<pages>/<id>.yml  one entry's overlay: exercises/, faq/, avoid/, programmes/
    content/i18n/<code>/safety.yml        the overlay of content/safety.yml

Each overlay records, per translated field, a digest of the English text it translates
(``source_digest``). When the English moves on, the digest no longer matches: ``lumbar
check`` warns naming the field, and ``lumbar translations`` lists the overlay as behind.
A translation falling behind never fails a build (the English contributor is not blocked);
a translation that is wrong in itself (an unknown field, a dose, a list of the wrong length,
HTML, an entry that does not exist) is an error at its ``file:line:col`` like any content.

Each overlay says whether someone fluent and clinically qualified has checked it:
``translation_review: pending`` until ``{reviewer: name, date: YYYY-MM-DD}`` is recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from lumbar.content.errors import ContentError, Edit, did_you_mean
from lumbar.content.models import (
    ID_PATTERN,
    Activity,
    AvoidPair,
    ClinicalReview,
    Dose,
    Exercise,
    FaqEntry,
    Figure,
    Pose,
    Programme,
    Stage,
    Strict,
    Variation,
    check_blocks,
    check_text,
)
from lumbar.content.reader import Loc, Positions, load_yaml
from lumbar.content.safety import PhoneNumber, Safety, SafetyGroup, SafetyItem, SafetyLevel, StopRule
from lumbar.errors import InvalidValue, UserError
from lumbar.paths import KINDS, LANGUAGES_FILE, TRANSLATIONS_DIR, YAML_SUFFIXES

SAFETY = "safety"  # the kind name of content/safety.yml in overlays and `lumbar new --lang`
REVIEW_KEY = "translation_review"
DIGEST_KEY = "source_digest"
META_KEYS = (REVIEW_KEY, DIGEST_KEY)
DIGEST_LENGTH = 12  # hex characters of SHA-256: plenty to notice a change, short to read
PLACEHOLDER = "Write this in {language}"  # what `lumbar new --lang` leaves to translate
SHORT_LIMIT = 200  # as models.ShortText


# ---- Languages (content/i18n/languages.yml)


class Direction(str, Enum):
    LTR = "ltr"
    RTL = "rtl"


class ReadingEase(Strict):
    """A reading-ease gate for the language: a textstat formula and the lowest score allowed
    (higher is easier), the language's equivalent of the English grade-8 gate."""

    formula: Literal["fernandez_huerta", "szigriszt_pazos", "flesch_reading_ease"]
    at_least: float = Field(ge=0, le=120)


class Language(Strict):
    """One language the site is published in besides English."""

    code: str = Field(pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$",
                      description="BCP 47 code: the page's lang, the folder under content/i18n/ and the site's /<code>/")
    name: str = Field(min_length=1, max_length=40, description="The language's name in itself, for the switcher: Español")
    english_name: str = Field(min_length=1, max_length=40, description="Its name in English, for messages: Spanish")
    direction: Direction = Direction.LTR
    reading_ease: ReadingEase | None = None


class Languages(Strict):
    """``content/i18n/languages.yml``: every language besides English, in the switcher's order."""

    languages: list[Language] = Field(default_factory=list)


def read_languages(root: Path, errors: list[ContentError]) -> list[Language]:
    """The languages of ``content/i18n/languages.yml`` (none when the file is absent); its
    problems go to ``errors`` at their line and column."""
    path = root / LANGUAGES_FILE
    if not path.is_file():
        return []
    try:
        data, positions = load_yaml(path)
    except ContentError as error:
        errors.append(error)
        return []
    except UserError as several:  # ContentErrors
        errors.extend(getattr(several, "errors", []))
        return []
    try:
        found = Languages.model_validate(data if data is not None else {}).languages
    except ValidationError as exc:
        for item in exc.errors(include_url=False):
            loc = tuple(item["loc"])
            mark = positions.of_value(loc)
            errors.append(ContentError(path, mark.line, mark.column, _dotted(loc), item["msg"]))
        return []
    seen: set[str] = set()
    for index, language in enumerate(found):
        if language.code in seen:
            mark = positions.of_value(("languages", index, "code"))
            errors.append(ContentError(path, mark.line, mark.column, f"languages[{index}].code",
                                       f"{language.code!r} is listed twice; list each language once"))
        seen.add(language.code)
    return found


# ---- What is text: the shape of each kind's translatable fields


@dataclass(frozen=True)
class Leaf:
    """One text: ``block`` for paragraphs and lists (an FAQ answer), ``short`` for at most
    200 characters (a name)."""

    block: bool = False
    short: bool = False


@dataclass(frozen=True)
class Items:
    """A list of ``item``. ``free``: any length in the translation (aliases, which are the
    words readers of that language use, not the English ones translated); otherwise one
    item for each English item, in the same order."""

    item: Spec
    free: bool = False


@dataclass(frozen=True)
class Fields:
    """A mapping of text fields; ``model`` is the English model, to tell a field that is not
    translated (a dose) from one that does not exist (a typo)."""

    fields: Mapping[str, Spec]
    model: type[BaseModel] | None = None


Spec = Leaf | Items | Fields

LINE, BLOCK, SHORT = Leaf(), Leaf(block=True), Leaf(short=True)
ALIASES = Items(SHORT, free=True)

_ACTIVITY = Fields({"name": SHORT, "aliases": ALIASES, "why": LINE}, Activity)
_POSE_TEXT = Fields({"description": SHORT}, Pose)
_STEP = Items(Fields({"description": LINE}, Variation))

# Every text field of each kind, in the order the English file writes them.
TEXT_FIELDS: dict[str, Fields] = {
    Exercise.kind: Fields({
        "name": SHORT, "aliases": ALIASES, "summary": LINE, "purpose": LINE, "key_point": LINE, "starting_position": LINE,
        "steps": Items(LINE), "dose": Fields({"how_often": SHORT}, Dose), "feel": LINE, "stop_if": Items(LINE),
        "easier": _STEP, "harder": _STEP, "figure": Fields({"start": _POSE_TEXT, "end": _POSE_TEXT}, Figure),
    }, Exercise),
    FaqEntry.kind: Fields({"question": SHORT, "aliases": ALIASES, "summary": LINE, "answer": BLOCK}, FaqEntry),
    AvoidPair.kind: Fields({"summary": LINE, "avoid": _ACTIVITY, "try_instead": _ACTIVITY}, AvoidPair),
    Programme.kind: Fields({
        "title": SHORT, "aliases": ALIASES, "summary": LINE, "for_whom": Items(LINE), "not_for": Items(LINE),
        "warm_up": Items(LINE), "cool_down": Items(LINE),
        # A stage exercise's note and reason stay English for now (see CONTRIBUTING).
        "stages": Items(Fields({"title": SHORT, "goal": LINE}, Stage)),
        "progression": Items(LINE),
    }, Programme),
    SAFETY: Fields({
        "title": SHORT, "summary": LINE, "intro": LINE,
        "levels": Items(Fields({"heading": SHORT, "action": LINE, "groups": Items(Fields({
            "title": SHORT, "reason": LINE, "items": Items(Fields({"text": LINE}, SafetyItem))}, SafetyGroup))},
            SafetyLevel)),
        "stop_rules": Items(Fields({"text": LINE, "condition": LINE}, StopRule)), "urgent_line": LINE,
        "key_points": Items(LINE),
        "good_signs": Items(LINE), "flare_up": Items(LINE),
        "phone_numbers": Items(Fields({"name": SHORT}, PhoneNumber)),
    }, Safety),
}
KIND_NAMES = (*KINDS, SAFETY)

# Why a field of the English model is not in a translation, by its name.
_NOT_TEXT = {
    "id": "the id is the file's name and stays as it is",
    "dose": "doses stay in the English source",
    "figure": "pictures stay in the English source",
    "difficulty": "the difficulty stays in the English source",
    "sources": "sources stay in the English source (they are named, not translated)",
    "review": "the English review stays in the English source; a translation has translation_review",
    "level": "safety levels stay in the English source",
    "levels": "safety levels stay in the English source",
}


def _why_not(name: str) -> str:
    reason = _NOT_TEXT.get(name, "only words are translated; everything else stays in the English source")
    return (f"{name!r} is not translated: {reason}. Remove this line; ids, doses, pictures, difficulty, "
            "sources and safety levels are read from the English file")


# ---- Digests


def text_of(value: Any, spec: Spec) -> Any:
    """The text of ``value`` (English data as read from YAML) that ``spec`` names, with
    whitespace made single spaces, so re-wrapping a line is not a change; non-text parts
    (doses, ids) are left out, so changing them does not make a translation out of date."""
    if isinstance(spec, Leaf):
        return " ".join(str(value).split()) if value is not None else None
    if isinstance(spec, Items):
        return [text_of(item, spec.item) for item in value] if isinstance(value, list) else None
    if isinstance(value, dict):
        return {key: text_of(value[key], sub) for key, sub in spec.fields.items() if key in value}
    return None


def has_text(value: Any, spec: Spec) -> bool:
    """True when ``value`` holds some text that ``spec`` names (a figure with no alt text has none)."""
    return _any_text(text_of(value, spec))


def _any_text(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value)
    if isinstance(value, list):
        return any(_any_text(item) for item in value)
    if isinstance(value, dict):
        return any(_any_text(item) for item in value.values())
    return False


def source_digests(kind: str, data: Mapping[str, Any]) -> dict[str, str]:
    """``{field: digest}`` of each text field the English ``data`` of ``kind`` has (aliases
    excepted: a translation's aliases are its readers' own words). The digest is the first
    12 hex digits of the SHA-256 of the field's text as JSON."""
    digests = {}
    for key, spec in TEXT_FIELDS[kind].fields.items():
        if key not in data or (isinstance(spec, Items) and spec.free) or not has_text(data[key], spec):
            continue
        text = json.dumps(text_of(data[key], spec), ensure_ascii=False, sort_keys=True)
        digests[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]
    return digests


# ---- Overlays


class TranslationReview(Strict):
    """A check of the translation by a named reviewer fluent in the language (ideally a
    clinician who speaks it)."""

    reviewer: str = Field(min_length=1, max_length=200)
    date: dt.date


_REVIEW = TypeAdapter(Literal["pending"] | TranslationReview)


@dataclass
class Translation:
    """One valid overlay: which entry it translates, into which language, and how current it is.

    ``behind``: fields whose English changed since it was translated; ``untranslated``: text
    fields the English has and the overlay does not (both shown in English, with a notice).
    """

    language: str
    kind: str
    entry_id: str
    path: Path
    data: dict[str, Any]
    positions: Positions
    review: Literal["pending"] | ClinicalReview | TranslationReview
    behind: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)

    @property
    def reviewed(self) -> bool:
        return not isinstance(self.review, str)

    @property
    def current(self) -> bool:
        """True when every text field is translated from the English as it is now."""
        return not self.behind and not self.untranslated

    def overlay(self, english: Mapping[str, Any]) -> dict[str, Any]:
        """``english`` (the source's data as read) with the text of every field that is
        translated and current replaced by this translation's; the rest stays English."""
        merged = dict(english)
        for key, spec in TEXT_FIELDS[self.kind].fields.items():
            if key in self.data and key in english and key not in self.behind:
                merged[key] = _merge(english[key], self.data[key], spec)
        return merged


def _merge(english: Any, translated: Any, spec: Spec) -> Any:
    if isinstance(spec, Leaf) or (isinstance(spec, Items) and spec.free):
        return translated
    if isinstance(spec, Items):
        return [_merge(e, t, spec.item) for e, t in zip(english, translated)]
    merged = dict(english)
    for key, sub in spec.fields.items():
        if key in translated and key in english:
            merged[key] = _merge(english[key], translated[key], sub)
    return merged


@dataclass
class Translations:
    """Every language and every valid overlay: ``by_language[code][(kind, id)]``."""

    languages: list[Language] = field(default_factory=list)
    by_language: dict[str, dict[tuple[str, str], Translation]] = field(default_factory=dict)
    warnings: list[ContentError] = field(default_factory=list)
    # Hand-written pages (content/index.md) translated as a whole: pages[code][name] is the
    # translation's file, name as in content/ (index.md).
    pages: dict[str, dict[str, Path]] = field(default_factory=dict)
    behind_pages: dict[str, list[str]] = field(default_factory=dict)

    def get(self, language: str, kind: str, entry_id: str) -> Translation | None:
        return self.by_language.get(language, {}).get((kind, entry_id))


def overlay_path(language: str, kind: str, entry_id: str = SAFETY) -> str:
    """The project path of an overlay: ``content/i18n/es/exercises/bridge.yml``, or
    ``content/i18n/es/safety.yml`` for the safety file."""
    if kind == SAFETY:
        return f"{TRANSLATIONS_DIR}/{language}/{SAFETY}.yml"
    return f"{TRANSLATIONS_DIR}/{language}/{KINDS[kind].pages}/{entry_id}.yml"


@dataclass(frozen=True)
class Source:
    """The English file an overlay translates: its data as read, its path and its model."""

    kind: str
    data: Mapping[str, Any]
    path: Path


def load_translations(root: Path, sources: Mapping[tuple[str, str], Source], broken: set[str],
                      errors: list[ContentError]) -> Translations:
    """Read and check every overlay under ``content/i18n/`` against its English ``sources``
    (``{(kind, id): Source}``; the safety file is ``(SAFETY, SAFETY)``). Problems go to
    ``errors``; out-of-date and untranslated fields to ``Translations.warnings``. Overlays of
    entries in ``broken`` (ids whose English file has errors) are not checked."""
    result = Translations(languages=read_languages(root, errors))
    codes = [language.code for language in result.languages]
    names = {language.code: language.english_name for language in result.languages}
    folder = root / TRANSLATIONS_DIR
    if not folder.is_dir():
        return result
    for path, problem in _stray(folder, codes):
        errors.append(ContentError(path, 1, 1, "", problem))
    for code in codes:
        result.by_language[code] = {}
        result.pages[code], result.behind_pages[code] = {}, []
        for page in sorted((folder / code).glob("*.md")):
            if _load_page(root, page, names[code], errors, result.warnings, result.behind_pages[code]):
                result.pages[code][page.name] = page
        for kind, path in _overlay_files(folder / code):
            entry_id = path.stem if kind != SAFETY else SAFETY
            source = sources.get((kind, entry_id))
            if source is None:
                if entry_id not in broken:
                    errors.append(_no_source(path, kind, entry_id, sources))
                continue
            loaded = _load_overlay(path, code, names[code], kind, entry_id, source, errors, result.warnings)
            if loaded is not None:
                result.by_language[code][(kind, entry_id)] = loaded
    return result


def _overlay_files(folder: Path) -> Iterator[tuple[str, Path]]:
    safety = folder / f"{SAFETY}.yml"
    if safety.is_file():
        yield SAFETY, safety
    for name, kind in KINDS.items():
        directory = folder / kind.pages
        if directory.is_dir():
            for path in sorted(directory.iterdir()):
                if path.suffix.lower() in YAML_SUFFIXES and path.is_file():
                    yield name, path


def _stray(folder: Path, codes: list[str]) -> Iterator[tuple[Path, str]]:
    """Files and folders under ``content/i18n/`` that would not be read, with why."""
    languages_file = folder / Path(LANGUAGES_FILE).name
    words_template = folder / "lumbar.pot"  # lumbar.i18n.TEMPLATE_FILE: Lumbar's own words to translate
    pages = {kind.pages for kind in KINDS.values()}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path in (languages_file, words_template):
            continue
        if not path.is_dir():
            yield path, (f"{path.name} is not read here; content/i18n/ holds languages.yml, lumbar.pot and one "
                         "folder a language, such as es/")
        elif path.name not in codes:
            yield path, (f"{path.name}/ is not a language in {LANGUAGES_FILE}; add it there (code, name, "
                         f"english_name) or rename the folder to one of: {', '.join(codes) or '(none listed)'}")
        else:
            for inner in sorted(path.iterdir()):
                if inner.name.startswith(".") or inner.name.endswith("~") or \
                        inner.name in (f"{SAFETY}.yml", "lumbar.po") or inner.suffix == ".md":
                    continue
                if not inner.is_dir() or inner.name not in pages:
                    yield inner, (f"{inner.name} is not read: a language folder holds safety.yml, lumbar.po and "
                                  f"the folders {', '.join(sorted(pages))}")
                else:
                    for file in sorted(inner.iterdir()):
                        if file.name.startswith(".") or file.name.endswith("~"):
                            continue
                        if file.suffix.lower() not in YAML_SUFFIXES or not file.is_file():
                            yield file, (f"{file.name} is not a translation; name it after the entry's id with "
                                         ".yml, such as bridge.yml")


def hand_written_pages(root: Path) -> list[str]:
    """The hand-written pages a language may translate: the Markdown files at the top of
    the content folder (index.md, about.md), by name."""
    return sorted(path.name for path in (root / Path(TRANSLATIONS_DIR).parent).glob("*.md"))


def page_digest(text: str) -> str:
    """The digest of a hand-written English page (its whole text, whitespace made single)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def _load_page(root: Path, page: Path, language: str, errors: list[ContentError], warnings: list[ContentError],
               behind: list[str]) -> bool:
    """Check one translated hand-written page: its English page exists, and its front matter
    (the block between the first two --- lines) has translation_review and source_digest,
    the digest of the English page it translates; True when it is valid."""
    english = root / Path(TRANSLATIONS_DIR).parent / page.name
    if not english.is_file():
        pages = ", ".join(hand_written_pages(root))
        errors.append(ContentError(page, 1, 1, "", f"there is no English page {page.name} in content/ to translate "
                                   f"(the pages are: {pages}); name the file after the page it translates"))
        return False
    try:
        data, positions = load_yaml(page, _front_matter(page.read_text(encoding="utf-8")))
    except ContentError as error:
        errors.append(error)
        return False
    except UserError as several:
        errors.extend(getattr(several, "errors", []))
        return False
    data = data if isinstance(data, dict) else {}
    checker = _Checker(page, positions, language, errors)
    before = len(errors)
    for key in META_KEYS:
        if key not in data:
            checker.error((), f"{key} is missing from the front matter (the block between the first two --- lines); "
                          f"add {key}: " + ("pending" if key == REVIEW_KEY else
                                            page_digest(english.read_text(encoding='utf-8'))))
    if REVIEW_KEY in data:
        try:
            _REVIEW.validate_python(data[REVIEW_KEY])
        except ValidationError:
            checker.error((REVIEW_KEY,), "write pending, or {reviewer: name, date: YYYY-MM-DD}")
    current = page_digest(english.read_text(encoding="utf-8"))
    if DIGEST_KEY in data and str(data[DIGEST_KEY]) != current:
        behind.append(page.name)
        mark = positions.of_value((DIGEST_KEY,))
        warnings.append(ContentError(page, mark.line, mark.column, DIGEST_KEY, (
            f"out of date: content/{page.name} changed since this was translated; translate the change and set "
            f"{DIGEST_KEY}: {current}"), fix=(Edit(mark.line, mark.column, str(data[DIGEST_KEY]), current),)))
    return len(errors) == before


def _front_matter(text: str) -> str:
    """A page's front matter as YAML, its lines kept where they are (the rest blanked), so
    positions in it are the page's own lines; empty without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return ""
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            return "\n".join(["", *lines[1:end]])
    return ""


def _no_source(path: Path, kind: str, entry_id: str, sources: Mapping[tuple[str, str], Source]) -> ContentError:
    ids = sorted(key[1] for key in sources if key[0] == kind)
    label = KINDS[kind].label
    return ContentError(path, 1, 1, "", (
        f"no English entry to translate: {label.split(' ', 1)[1]} with the id {entry_id!r} does not exist in "
        f"{KINDS[kind].folder}/.{did_you_mean(entry_id, ids)} A translation is named after the id of the entry "
        "it translates; rename the file, or remove it if the entry was removed"))


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _Checker:
    """Checks one overlay's data against its English source, collecting errors."""

    def __init__(self, path: Path, positions: Positions, language: str, errors: list[ContentError]) -> None:
        self.path, self.positions, self.language, self.errors = path, positions, language, errors

    def error(self, loc: Loc, message: str, *, key: bool = False, fix: tuple[Edit, ...] = ()) -> None:
        mark = self.positions.of_key(loc) if key else self.positions.of_value(loc)
        self.errors.append(ContentError(self.path, mark.line, mark.column, _dotted(loc), message, fix=fix))

    def fields(self, value: Any, english: Any, spec: Fields, loc: Loc, complete: bool) -> None:
        """A mapping of text fields; with ``complete``, every text field the English has must
        be there (a field inside a translated field is never half done)."""
        if not isinstance(value, dict):
            self.error(loc, f"expected a group of fields (key: value), as in the English, not {_shape(value)}")
            return
        english = english if isinstance(english, dict) else {}
        model_fields = list(spec.model.model_fields) if spec.model else []
        for key, item in value.items():
            where = (*loc, key)
            sub = spec.fields.get(key)
            if isinstance(sub, Items) and sub.free:  # aliases: the readers' own words, English or not
                self.value(item, None, sub, where)
            elif sub is not None:
                if key not in english or not has_text(english[key], sub):
                    self.error(where, f"the English has no {key!r} here, so there is nothing to translate; "
                               "remove this line", key=True)
                else:
                    self.value(item, english[key], spec.fields[key], where)
            elif key in model_fields or key in _NOT_TEXT:
                self.error(where, _why_not(str(key)), key=True)
            else:
                allowed = [name for name, other in spec.fields.items()
                           if name in english and has_text(english[name], other) or isinstance(other, Items) and other.free]
                if not loc:
                    allowed = [*META_KEYS, *allowed]
                hint = did_you_mean(str(key), allowed)
                self.error(where, f"unknown field {key!r}.{hint} Allowed here: {', '.join(allowed)}", key=True)
        if complete:
            for key, sub in spec.fields.items():
                if key in english and key not in value and not (isinstance(sub, Items) and sub.free) \
                        and has_text(english[key], sub):
                    self.error(loc, f"{key!r} is missing: translate it too (a translated group has every "
                               "text the English group has)")

    def value(self, value: Any, english: Any, spec: Spec, loc: Loc) -> None:
        if isinstance(spec, Fields):
            self.fields(value, english, spec, loc, complete=True)
        elif isinstance(spec, Items):
            if not isinstance(value, list):
                self.error(loc, f"expected a list (lines starting with '- '), as in the English, not {_shape(value)}")
                return
            if not spec.free and isinstance(english, list) and len(value) != len(english):
                self.error(loc, f"the English has {len(english)} of these and this has {len(value)}; translate "
                           "each one, in the same order, one for one")
            for index, item in enumerate(value):
                if spec.free:
                    self.value(item, None, spec.item, (*loc, index))
                elif isinstance(english, list) and index < len(english):
                    self.value(item, english[index], spec.item, (*loc, index))
        else:
            self.text(value, spec, loc, english)

    def text(self, value: Any, spec: Leaf, loc: Loc, english: Any = None) -> None:
        if not isinstance(value, str) or not value.strip():
            self.error(loc, f"expected text, not {_shape(value)}; write the {self.language} words here"
                       + (" in quotes" if isinstance(value, int | float | bool | dict) else ""))
            return
        if value.strip().startswith(PLACEHOLDER.format(language="")):
            self.error(loc, f"still the placeholder from `lumbar new --lang`; write the {self.language} for the "
                       "English in the comment above it")
            return
        if spec.short and len(value.strip()) > SHORT_LIMIT:
            self.error(loc, f"is {len(value.strip())} characters; keep it to {SHORT_LIMIT}")
            return
        try:
            (check_blocks if spec.block else check_text)(value)
        except InvalidValue as problem:
            self.error(loc, str(problem))
            return
        if isinstance(english, str) and sorted(_NUMBER.findall(english)) != sorted(_NUMBER.findall(value)):
            given = ", ".join(_NUMBER.findall(english)) or "no numbers"
            self.error(loc, f"the English gives {given} and this gives {', '.join(_NUMBER.findall(value)) or 'none'}; "
                       "keep every number as the English writes it, in digits (doses, times, phone numbers)")


# Numbers a translation must keep: doses, times, ages and phone numbers, as digits.
_NUMBER = re.compile(r"\d+")


def _shape(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a group of fields", list: "a list", str: "text", bool: "true/false"}.get(type(value), "a number")


def _load_overlay(path: Path, language: str, language_name: str, kind: str, entry_id: str, source: Source,
                  errors: list[ContentError], warnings: list[ContentError]) -> Translation | None:
    before = len(errors)
    try:
        data, positions = load_yaml(path)
    except ContentError as error:
        errors.append(error)
        return None
    except UserError as several:  # ContentErrors: several refused characters
        errors.extend(getattr(several, "errors", []))
        return None
    if not isinstance(data, dict):
        errors.append(ContentError(path, 1, 1, "", f"expected a mapping of fields (key: value), found {_shape(data)}"))
        return None
    checker = _Checker(path, positions, language_name, errors)
    review: Any = "pending"
    if REVIEW_KEY not in data:
        checker.error((), f"{REVIEW_KEY} is missing: write {REVIEW_KEY}: pending until someone fluent in "
                      f"{language_name} has checked it, then {{reviewer: name, date: YYYY-MM-DD}}")
    else:
        try:
            review = _REVIEW.validate_python(data[REVIEW_KEY])
        except ValidationError:
            checker.error((REVIEW_KEY,), "write pending, or {reviewer: name, date: YYYY-MM-DD} once someone "
                          f"fluent in {language_name} has checked the translation")
    current = source_digests(kind, source.data)
    recorded = data.get(DIGEST_KEY, {})
    if isinstance(recorded, dict):  # YAML reads a digest of digits only as a number
        recorded = {key: str(value) for key, value in recorded.items()}
    else:
        checker.error((DIGEST_KEY,), "expected one digest a field, such as {name: 1a2b3c4d5e6f}, as "
                      "`lumbar new --lang` writes them")
        recorded = {}
    for key in recorded:
        if key not in current:
            checker.error((DIGEST_KEY, key), f"{key!r} is not a translated field of the English file; remove "
                          "this line", key=True)
    spec = TEXT_FIELDS[kind]
    body = {key: value for key, value in data.items() if key not in META_KEYS}
    english_file = _relative(source.path, path)
    behind: list[str] = []
    for key in body:
        if key in current and key not in recorded:
            checker.error((key,), f"{DIGEST_KEY}.{key} is missing: record which English text this translates "
                          f"by adding `{key}: {current[key]}` under {DIGEST_KEY}, once it matches "
                          f"{english_file} as it is now", key=True)
        elif key in current and recorded.get(key) != current[key]:
            behind.append(key)
            mark = positions.of_value((DIGEST_KEY, key))
            warnings.append(ContentError(path, mark.line, mark.column, f"{DIGEST_KEY}.{key}", (
                f"out of date: {key} changed in {english_file} since this was translated; the English "
                f"{key} is shown until you translate the change and set {DIGEST_KEY}.{key}: {current[key]}"),
                fix=(Edit(mark.line, mark.column, str(recorded.get(key)), current[key]),)))
    # Fields behind the English are shown in English; only their shape as YAML is checked.
    checker.fields({k: v for k, v in body.items() if k not in behind}, source.data, spec, (), complete=False)
    if len(errors) > before:
        return None
    untranslated = [key for key in current if key not in body]
    if untranslated:
        warnings.append(ContentError(path, 1, 1, "", (
            f"not translated yet: {', '.join(untranslated)}; the English is shown for these until they are")))
    return Translation(language, kind, entry_id, path, body, positions, review, behind, untranslated)


def _relative(english: Path, overlay: Path) -> str:
    """The English file's path as contributors see it (from the project root)."""
    for parent in overlay.parents:
        if (parent / LANGUAGES_FILE).is_file() or (parent / "mkdocs.yml").is_file():
            try:
                return english.relative_to(parent).as_posix()
            except ValueError:
                break
    return english.as_posix()


# ---- Reports


@dataclass
class LanguageReport:
    """Where one language stands: translated entries, those behind their English, those with
    untranslated fields, those with no translation at all, and reviews still pending."""

    language: Language
    total: int
    current: list[Translation] = field(default_factory=list)
    behind: list[Translation] = field(default_factory=list)
    incomplete: list[Translation] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (kind, id)

    @property
    def pending_review(self) -> int:
        return sum(1 for item in (*self.current, *self.behind, *self.incomplete) if not item.reviewed)


def report(translations: Translations, sources: Mapping[tuple[str, str], Source]) -> list[LanguageReport]:
    """One LanguageReport a language, entries sorted by kind and id (safety first)."""
    order = sorted(sources, key=lambda key: (KIND_NAMES.index(key[0]) if key[0] != SAFETY else -1, key[1]))
    reports = []
    for language in translations.languages:
        found = translations.by_language.get(language.code, {})
        result = LanguageReport(language, total=len(order))
        for key in order:
            item = found.get(key)
            if item is None:
                result.missing.append(key)
            elif item.behind:
                result.behind.append(item)
            elif item.untranslated:
                result.incomplete.append(item)
            else:
                result.current.append(item)
        reports.append(result)
    return reports


# ---- `lumbar new --lang`


class TranslationScaffoldError(UserError):
    """``lumbar new --lang`` cannot start the translation; nothing is created."""

    prefix = "Nothing was created: "


def new_translation(root: Path, languages: list[Language], language: str, kind: str, entry_id: str,
                    english: Mapping[str, Any]) -> Path:
    """Write the overlay of ``kind``/``entry_id`` in ``language`` with each English text in a
    comment above a placeholder, its ``source_digest`` recorded and ``translation_review:
    pending``; returns its path. Never overwrites. TranslationScaffoldError for a language
    not in languages.yml or a file that exists."""
    by_code = {item.code: item for item in languages}
    if language not in by_code:
        codes = ", ".join(by_code) or "none yet"
        raise TranslationScaffoldError(f"{language!r} is not a language in {LANGUAGES_FILE} (listed: {codes}); "
                                       "add it there first")
    if kind != SAFETY and not re.fullmatch(ID_PATTERN, entry_id):
        raise TranslationScaffoldError(f"{entry_id!r} is not an id; give the id of the entry to translate")
    name = by_code[language].english_name
    relative = overlay_path(language, kind, entry_id)
    path = root / relative
    lines = [
        f"# {name} translation of {_source_file(kind, entry_id)}. Write the {name} for each English text in the",
        "# comment above it. Only words are translated: ids, doses, pictures and sources stay in the English file.",
        f"# Delete a field you cannot translate yet: readers see its English, with a notice in {by_code[language].name}.",
        f"{REVIEW_KEY}: pending  # until someone fluent in {name} checks it: {{reviewer: name, date: YYYY-MM-DD}}",
        "# Which English text this translates (do not edit; `lumbar check` says when the English changes).",
        f"{DIGEST_KEY}:",
        *(f"  {key}: {value}" for key, value in source_digests(kind, english).items()),
    ]
    placeholder = json.dumps(PLACEHOLDER.format(language=name), ensure_ascii=False)
    for key, spec in TEXT_FIELDS[kind].fields.items():
        if isinstance(spec, Items) and spec.free:
            lines.extend(_scaffold(key, english.get(key) or [], spec, 0, placeholder, name))
        elif key in english and has_text(english[key], spec):
            lines.extend(_scaffold(key, english[key], spec, 0, placeholder, name))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except FileExistsError:
        raise TranslationScaffoldError(f"{relative} already exists; edit it instead") from None
    except OSError as exc:
        raise TranslationScaffoldError(str(exc)) from None
    return path


def _source_file(kind: str, entry_id: str) -> str:
    return "content/safety.yml" if kind == SAFETY else f"{KINDS[kind].folder}/{entry_id}.yml"


def _comment(text: str, indent: int, block: bool = False) -> list[str]:
    """``text`` as comment lines; a block keeps its own lines (paragraphs, list items)."""
    pad = " " * indent
    paragraphs = str(text).strip().splitlines() if block else [" ".join(str(text).split())]
    return [f"{pad}# {line}".rstrip() for paragraph in paragraphs
            for line in (textwrap.wrap(paragraph, 96 - indent, subsequent_indent="  " if block else "",
                                       break_on_hyphens=False, break_long_words=False) or [""])]


def _scaffold(key: str | None, english: Any, spec: Spec, indent: int, placeholder: str, language: str) -> list[str]:
    """YAML lines for one field (``key``) or list item (``key`` None) to translate."""
    pad = " " * indent
    head = f"{pad}{key}:" if key is not None else None
    if isinstance(spec, Leaf):
        return [*_comment(english, indent, spec.block), f"{head} {placeholder}" if head else f"{pad}- {placeholder}"]
    if isinstance(spec, Items) and spec.free:
        shown = ", ".join(str(item) for item in english) if isinstance(english, list) else ""
        return [f"{pad}# English: {shown}. Write the words {language} readers search with, or leave []."
                if shown else f"{pad}# The words {language} readers search with, or leave [].", f"{head} []"]
    lines = [head] if head else []
    inner = indent + 2 if head else indent
    if isinstance(spec, Items):
        for item in english if isinstance(english, list) else []:
            if isinstance(spec.item, Leaf):
                lines.extend(_scaffold(None, item, spec.item, inner, placeholder, language))
            else:
                block = _scaffold_fields(item, spec.item, inner + 2, placeholder, language)  # type: ignore[arg-type]
                first = next(i for i, line in enumerate(block) if not line.lstrip().startswith("#"))
                block[first] = " " * inner + "- " + block[first][inner + 2:]
                lines.extend(block)
        return lines
    return lines + _scaffold_fields(english, spec, inner, placeholder, language)


def _scaffold_fields(english: Any, spec: Fields, indent: int, placeholder: str, language: str) -> list[str]:
    lines: list[str] = []
    for key, sub in spec.fields.items():
        if isinstance(english, dict) and key in english and has_text(english[key], sub):
            lines.extend(_scaffold(key, english[key], sub, indent, placeholder, language))
    return lines or [" " * indent + "{}"]
