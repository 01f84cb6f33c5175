"""Lumbar's own words in other languages: one gettext catalogue a language, read with Babel.

English is the source language. Lumbar's own words (headings, labels, printed words, the
handout builder's words, messages a reader sees) are spelled once, in English, in the wording
tables of ``lumbar.content`` (``dose_rules.PRINTED_WORDS``, ``BUILDER_WORDS``, ``MESSAGES``
and the rest, listed in ``TABLES``). Each message's gettext id is that English wording, with
the table and key as its context (``PRINTED_WORDS.steps``), so the same English can be said
two ways where it means two things. A language's catalogue is
``content/i18n/<code>/lumbar.po``; ``content/i18n/lumbar.pot`` is the template of every
message (``lumbar translations --pot`` writes it; a test keeps it current).

When the English of a message changes, its id changes: the old translation no longer
matches and the English is used until the new one is written (``lumbar translations`` lists
it). Dates are written by Babel in the language's own form ("7 de diciembre de 2026").
"""

from __future__ import annotations

import datetime as dt
import io
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from lumbar.content import dose_rules, models, references
from lumbar.content.catalogue import Words as ContentWords
from lumbar.content.errors import ContentError
from lumbar.paths import TRANSLATIONS_DIR

CATALOGUE_NAME = "lumbar.po"
TEMPLATE_FILE = f"{TRANSLATIONS_DIR}/lumbar.pot"

# Every wording table a reader sees, by the name it has in the code (the messages' context).
# A (field, label, template) table such as DOSE_ROWS gives its labels and its templates.
TABLES: dict[str, Mapping[str, str]] = {
    "PRINTED_WORDS": dose_rules.PRINTED_WORDS,
    "BUILDER_WORDS": dose_rules.BUILDER_WORDS,
    "FIELD_LABELS": dose_rules.FIELD_LABELS,
    "DOSE_ROWS": {f"{name}.label": label for name, label, _ in dose_rules.DOSE_ROWS}
    | {f"{name}.value": template for name, _, template in dose_rules.DOSE_ROWS if template != "{}"},
    "PER_SIDE": {"text": dose_rules.PER_SIDE.strip()},
    "SIDE_CHOICES": dose_rules.SIDE_CHOICES,
    "PRINTED_SIDES": dose_rules.PRINTED_SIDES,
    "PERSONAL_LABELS": dose_rules.PERSONAL_LABELS,
    "PRINTED_LABELS": dose_rules.PRINTED_LABELS,
    "TYPED_HELP": dose_rules.TYPED_HELP,
    "INPUT_HELP": {"text": dose_rules.INPUT_HELP},
    "MESSAGES": dose_rules.MESSAGES,
    "PAIN_PATTERN_LABELS": {pattern.value: label for pattern, label in models.PAIN_PATTERN_LABELS.items()},
    "NOT_CLINICALLY_REVIEWED": {"text": models.NOT_CLINICALLY_REVIEWED},
    "WHEN_TO_GET_HELP": {"text": references.WHEN_TO_GET_HELP},
}
# Closed lists whose values pages show as labels ("lying-on-back" is "Lying on back").
LABELLED: tuple[type[Enum], ...] = (models.Category, models.Position, models.Difficulty, models.Equipment, models.Tag)


def enum_label(value: Enum | str) -> str:
    """A closed list's value as pages show it in English: ``lying-on-back`` is ``Lying on back``."""
    raw = value.value if isinstance(value, Enum) else str(value)
    return raw.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Message:
    """One of Lumbar's words: its context (``TABLE.key``) and its English."""

    context: str
    english: str


def source_messages() -> list[Message]:
    """Every message of ``TABLES`` and ``LABELLED``, in a stable order."""
    found = [Message(f"{name}.{key}", english) for name, table in TABLES.items() for key, english in table.items()]
    found += [Message(f"{enum.__name__}.{member.value}", enum_label(member)) for enum in LABELLED for member in enum]
    return found


def template_text() -> str:
    """The .pot template of every message, as ``lumbar translations --pot`` writes it."""
    catalog = Catalog(project="Lumbar", msgid_bugs_address="", copyright_holder="", fuzzy=False)
    for message in source_messages():
        catalog.add(message.english, context=message.context)
    out = io.BytesIO()
    write_po(out, catalog, omit_header=True, sort_output=False, width=100)
    return out.getvalue().decode("utf-8")


def placeholders(text: str) -> list[str]:
    """The ``{name}`` fields of a wording, which a translation must keep (as a sorted list)."""
    try:
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return []


@dataclass
class Words:
    """Lumbar's words in one language: ``get(context, english)`` is the translation, or the
    English when the catalogue has none (``missing`` lists those)."""

    language: str
    messages: dict[tuple[str, str], str] = field(default_factory=dict)
    missing: list[Message] = field(default_factory=list)

    def get(self, context: str, english: str) -> str:
        return self.messages.get((context, english), english)

    def table(self, name: str) -> dict[str, str]:
        """One of ``TABLES`` in this language, by its name: ``words.table("PRINTED_WORDS")``."""
        return {key: self.get(f"{name}.{key}", english) for key, english in TABLES[name].items()}

    def label(self, value: Enum) -> str:
        """A closed list's value as a label in this language."""
        return self.get(f"{type(value).__name__}.{value.value}", enum_label(value))

    def content_words(self) -> ContentWords:
        """The words the content stage writes itself, in this language (``Catalogue.in_language``)."""
        rows = tuple((name, self.get(f"DOSE_ROWS.{name}.label", label),
                      template if template == "{}" else self.get(f"DOSE_ROWS.{name}.value", template))
                     for name, label, template in dose_rules.DOSE_ROWS)
        return ContentWords(rows, self.get("WHEN_TO_GET_HELP.text", references.WHEN_TO_GET_HELP))

    def date(self, day: dt.date) -> str:
        """A date as the language writes it in full ("7 de diciembre de 2026")."""
        try:
            return format_date(day, format="long", locale=self.language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            return format_date(day, format="long", locale="en_GB")


ENGLISH = Words("en")


def catalogue_path(root: Path, language: str) -> Path:
    """``content/i18n/<code>/lumbar.po``."""
    return root / TRANSLATIONS_DIR / language / CATALOGUE_NAME


def read_words(root: Path, language: str, errors: list[ContentError]) -> Words:
    """Lumbar's words in ``language`` from its catalogue; problems (a file Babel cannot read,
    a translation that drops or adds a ``{field}``) go to ``errors`` at their line. Without a
    catalogue every message is missing (shown in English)."""
    words = Words(language)
    path = catalogue_path(root, language)
    wanted = {(message.context, message.english): message for message in source_messages()}
    if path.is_file():
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=None, abort_invalid=True)
        except (PoFileError, ValueError, UnicodeDecodeError) as problem:
            errors.append(ContentError(path, getattr(problem, "lineno", 1) or 1, 1, "",
                                       f"cannot read this catalogue: {problem}"))
            catalog = Catalog()
        for message in catalog:
            if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
                continue
            if not message.string or message.fuzzy:
                continue
            if placeholders(message.string) != placeholders(message.id):
                keep = ", ".join("{" + name + "}" for name in placeholders(message.id)) or "no {fields}"
                errors.append(ContentError(path, message.lineno or 1, 1, str(message.context or ""),
                                           f"the translation of {message.id!r} must keep {keep} exactly as the "
                                           "English has them: Lumbar fills them in"))
                continue
            words.messages[(str(message.context or ""), message.id)] = message.string
    words.missing = [message for key, message in wanted.items() if key not in words.messages]
    return words


def words_for(root: Path, languages: Iterable[str]) -> dict[str, Words]:
    """``{code: Words}`` for each language; raises nothing (problems are for ``lumbar check``)."""
    ignored: list[ContentError] = []
    return {code: read_words(root, code, ignored) for code in languages}
