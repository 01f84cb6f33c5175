"""Load every content file, validate it, and check that references between entries resolve.

One pass collects every problem in every file, so a contributor fixes them all at once.
Checks that need a later stage (a figure's declared contacts, characters no print font has,
cards that do not fit) run after loading, in the stage that owns them
(``lumbar.services.load_content`` runs them all); this module imports no later stage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from lumbar.content.dose_rules import DOSE_ROWS
from lumbar.content.errors import ContentError, ContentErrors, Copy, Delete, Edit, Fix, Rename, closest
from lumbar.content.markup import MarkupProblem
from lumbar.content.meaning import check_meaning
from lumbar.content.messages import (
    PLACEHOLDER_START,
    QUOTE_FIX,
    placeholder_message,
    pydantic_message,
    quote_fix,
)
from lumbar.content.models import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    MODELS,
    AvoidPair,
    Entry,
    Exercise,
    FaqEntry,
    Programme,
    StepDose,
)
from lumbar.content.policy import Policy
from lumbar.content.reader import Loc, Positions, load_yaml
from lumbar.content.references import Expander, expand_model
from lumbar.content.safety import Safety, safety_problems
from lumbar.content.scaffold import NoReadableId, slugify
from lumbar.content.translations import SAFETY, Source, Translations, load_translations
from lumbar.paths import KINDS, POLICY_SOURCE, SAFETY_PAGE, SAFETY_SOURCE, SCAFFOLD_DIR, YAML_SUFFIXES, markdown_link

# Where each kind of entry lives, relative to the project root.
KIND_DIRS: dict[type[Entry], str] = {model: KINDS[name].folder for name, model in MODELS.items()}


@dataclass
class Loaded:
    """A validated entry with the file it came from, the positions of its nodes and the data
    as read (``data``: the YAML before validation, for checks that walk what was written)."""

    entry: Entry
    path: Path
    positions: Positions
    data: Any = None

    def error(self, loc: Loc, message: str) -> ContentError:
        """A ContentError at the value of ``loc`` in this file (``("steps", 0)``: the first
        step), with the field written as contributors see it (``steps[0]``)."""
        return ContentError(self.path, *_at(self.positions.of_value(loc)), dotted(loc), message)


@dataclass
class Catalogue:
    """All validated content, keyed by id, in a stable order."""

    root: Path
    entries: dict[str, Loaded] = field(default_factory=dict)
    warnings: list[ContentError] = field(default_factory=list)
    safety_file: Loaded | None = None  # content/safety.yml; load_catalogue fails without it
    policy_file: Loaded | None = None  # content/policy.yml, likewise
    # Overlays in other languages (content/i18n/); their warnings (behind the English, not yet
    # translated) are listed by `lumbar check` but never fail a build.
    translations: Translations = field(default_factory=Translations)
    # The language of the text (``in_language``): entries shown in English for want of a
    # translation, and those whose translation is behind or partial (some fields English).
    language: str = "en"
    untranslated: set[str] = field(default_factory=set)
    partly: set[str] = field(default_factory=set)

    @property
    def policy(self) -> Policy:
        """The words and thresholds of the meaning checks (``content/policy.yml``)."""
        assert self.policy_file is not None, "load_catalogue always loads content/policy.yml"
        return self.policy_file.entry  # type: ignore[return-value]

    @property
    def safety(self) -> Safety:
        """The one source of red flags and stop rules (``content/safety.yml``)."""
        assert self.safety_file is not None, "load_catalogue always loads content/safety.yml"
        return self.safety_file.entry  # type: ignore[return-value]

    def all_loaded(self) -> list[Loaded]:
        """Every loaded file: the entries by id, then the safety and policy files."""
        return [item for _, item in sorted(self.entries.items())] + [
            item for item in (self.safety_file, self.policy_file) if item is not None]

    def clinical_review_pending(self) -> list[ContentError]:
        """One note per file whose ``review.clinical_review`` is still ``pending``."""
        return [
            ContentError(item.path, *_at(item.positions.of_value(("review", "clinical_review"))),
                         "review.clinical_review", "not yet reviewed by a physiotherapist (pending)")
            for item in self.all_loaded() if not item.entry.review.clinically_reviewed
        ]

    def english_sources(self) -> dict[tuple[str, str], Source]:
        """Every English file a translation may overlay, as read: ``{(kind, id): Source}``,
        the safety file as ``(SAFETY, SAFETY)``."""
        sources = {(item.entry.kind, entry_id): Source(item.entry.kind, item.data, item.path)  # type: ignore[attr-defined]
                   for entry_id, item in self.entries.items() if isinstance(item.data, dict)}
        if self.safety_file is not None and isinstance(self.safety_file.data, dict):
            sources[(SAFETY, SAFETY)] = Source(SAFETY, self.safety_file.data, self.safety_file.path)
        return sources

    def in_language(self, language: str, words: Words) -> Catalogue:
        """This content as readers of ``language`` see it: each entry with a translation
        has its text (the fields that are current; the rest stays English), with safety
        references in the translated safety file's words; an entry without one stays
        English, with references in English, and is listed in ``untranslated``. Ids,
        doses, pictures and sources are the English entry's. ``words``: the content stage's
        own words in that language (``lumbar.i18n.content_words``)."""
        found = self.translations.by_language.get(language, {})
        result = Catalogue(root=self.root, warnings=self.warnings, policy_file=self.policy_file,
                           translations=self.translations, language=language)
        english_safety = self.safety
        safety = english_safety
        assert self.safety_file is not None
        safety_overlay = found.get((SAFETY, SAFETY))
        if safety_overlay is not None:
            safety = Safety.model_validate(safety_overlay.overlay(self.safety_file.data))
        result.safety_file = Loaded(safety, self.safety_file.path, self.safety_file.positions, self.safety_file.data)  # type: ignore[arg-type]
        for entry_id, loaded in sorted(self.entries.items()):
            translation = found.get((loaded.entry.kind, entry_id))  # type: ignore[attr-defined]
            if translation is None or not isinstance(loaded.data, dict):
                result.untranslated.add(entry_id)
                result.entries[entry_id] = loaded  # already expanded, in English
                continue
            if not translation.current:
                result.partly.add(entry_id)
            entry = MODELS[loaded.entry.kind].model_validate(translation.overlay(loaded.data))  # type: ignore[attr-defined]
            result.entries[entry_id] = _expanded(Loaded(entry, loaded.path, loaded.positions, loaded.data), safety, words)
        return result

    def of_kind(self, kind: type[Entry]) -> list[Any]:
        """Entries of one kind, sorted by id so that builds are reproducible."""
        return [item.entry for _, item in sorted(self.entries.items()) if isinstance(item.entry, kind)]

    @property
    def exercises(self) -> list[Exercise]:
        return self.of_kind(Exercise)

    @property
    def faqs(self) -> list[FaqEntry]:
        return self.of_kind(FaqEntry)

    @property
    def pairs(self) -> list[AvoidPair]:
        return self.of_kind(AvoidPair)

    @property
    def programmes(self) -> list[Programme]:
        return self.of_kind(Programme)

    def programmes_with(self, exercise_id: str) -> list[Programme]:
        """The programmes that use an exercise in any stage, sorted by id (the back-links
        an exercise page shows). For every exercise at once, use ``programmes_by_exercise``."""
        return self.programmes_by_exercise().get(exercise_id, [])

    def programmes_by_exercise(self) -> dict[str, list[Programme]]:
        """``{exercise id: programmes_with(exercise id)}`` for every exercise some programme uses."""
        found: dict[str, list[Programme]] = {}
        for programme in self.programmes:
            for exercise_id in dict.fromkeys(item.exercise for stage in programme.stages for item in stage.exercises):
                found.setdefault(exercise_id, []).append(programme)
        return found

    def get(self, entry_id: str) -> Entry:
        return self.entries[entry_id].entry


def is_content_file(path: Path) -> bool:
    """True for a YAML file in any spelling: ``.yml``, ``.yaml``, ``.YML``, ``.Yaml``."""
    return path.suffix.lower() in YAML_SUFFIXES


def content_files(root: Path) -> Iterator[tuple[type[Entry], Path]]:
    """Every content YAML file under ``root``, with the model it must match: ordinary files
    only (``entry_problem`` explains the rest; a named pipe would never finish reading)."""
    for model, folder in KIND_DIRS.items():
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if is_content_file(path) and entry_problem(path, folder) is None:
                yield model, path


def entry_problem(path: Path, folder: str) -> ContentError | None:
    """Why the entry ``path`` of a content folder is not an ordinary file Lumbar can read,
    or None when it is one: a link (to a missing file, back to itself, or to a file: a
    link is not the same file in every copy of the project, and may lead outside it), a
    folder, or a named pipe, socket or device. The error carries the fix its message
    names (delete the entry, or put a copy of the file in place of the link)."""
    try:
        mode = path.lstat().st_mode
    except OSError as error:
        return ContentError(path, 1, 1, "", f"{path.name} cannot be read ({error.strerror}); check that it exists "
                            "and you may open it")
    if stat.S_ISLNK(mode):
        target = os.readlink(path)
        try:
            path.stat()
        except OSError as error:
            if error.errno == errno.ELOOP:
                return ContentError(path, 1, 1, "", f"{path.name} is a link that leads back to itself (to {target}); "
                                    "delete the link, and put the file itself in its place if there should be one",
                                    fix=(Delete(),))
            return ContentError(path, 1, 1, "", f"{path.name} is a link to {target}, which does not exist; replace "
                                "the link with the file itself, or delete it", fix=(Delete(),))
        return ContentError(path, 1, 1, "", f"{path.name} is a link to {target}; content files must be ordinary files "
                            "(a link is not the same file in every copy of the project), so replace the link with a "
                            "copy of the file", fix=(Copy(),))
    if stat.S_ISDIR(mode):
        return ContentError(path, 1, 1, "", f"{path.name}/ is a folder; content files are read only from {folder}/ "
                            "itself, so move its files up or out of the content folder")
    if not stat.S_ISREG(mode):
        what = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        return ContentError(path, 1, 1, "", f"{path.name} is {what}, not an ordinary file; replace it with the file "
                            "itself, or delete it", fix=(Delete(),))
    return None


def stray_files(root: Path) -> list[ContentError]:
    """An error for each entry of a content folder that is not read: a file that does not
    end in .yml (it would be ignored; the fix names a valid id), and anything that is not an
    ordinary file (``entry_problem``), such as a link to a missing file or a folder. Links
    elsewhere in the docs folder that lead nowhere, back to themselves, or out of the
    project are reported too (``docs_link_problems``): the build would fail on them, or
    publish a file from outside the project.

    Hidden files (``.gitkeep``, ``.DS_Store``) and editor backups (``x.yml~``) are left alone.
    """
    errors = []
    for folder in KIND_DIRS.values():
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.name.endswith("~"):
                continue
            problem = entry_problem(path, folder)
            if problem is not None:
                errors.append(problem)
            elif not is_content_file(path):
                errors.append(_not_yaml(path, folder))
    errors.extend(docs_link_problems(root))
    return errors


def _not_yaml(path: Path, folder: str) -> ContentError:
    """A file in a content folder that does not end in .yml, with a name to rename it to
    that is a valid id ('Side Plank.txt' becomes side-plank.yml, 'bridge.yml.txt' bridge.yml)."""
    base = path.name.split(".")[0]
    try:
        name = slugify(base) + ".yml"
    except NoReadableId:
        return ContentError(path, 1, 1, "", (f"{path.name} is not a content file; content files end in .yml and are "
                                             f"named by their id, such as bridge-pose.yml. Rename it if it is one, "
                                             f"or move it out of {folder}/"))
    return ContentError(path, 1, 1, "", (f"{path.name} is not a content file; content files end in .yml. Rename it "
                                         f"to {name} if it is one, or move it out of {folder}/"),
                        fix=(Rename(name),))


def docs_link_problems(root: Path) -> list[ContentError]:
    """Links in the docs folder (the folder of ``content/safety.yml``, hand-written pages
    included; the content kinds' folders are ``stray_files``') that lead nowhere, back to
    themselves, or out of the project, where the site would publish a file from outside it."""
    docs = (root / SAFETY_SOURCE).parent
    project = root.resolve()
    skip = {(root / folder).resolve() for folder in KIND_DIRS.values()}
    errors = []
    for directory, subfolders, names in os.walk(docs) if docs.is_dir() else ():
        here = Path(directory)
        subfolders[:] = [name for name in subfolders if (here / name).resolve() not in skip]
        for path in (here / name for name in [*names, *subfolders]):
            if not path.is_symlink():
                continue
            try:
                inside = path.resolve(strict=True).is_relative_to(project)
            except (OSError, RuntimeError):  # missing, or a loop (RuntimeError before Python 3.13)
                errors.append(entry_problem(path, here.name) or ContentError(path, 1, 1, "", path.name))
                continue
            if not inside:
                errors.append(ContentError(path, 1, 1, "", (
                    f"{path.name} is a link to {os.readlink(path)}, outside the project, so the site would publish "
                    "that file; replace the link with a copy of the file"), fix=(Copy(),)))
    return errors


def load_catalogue(root: Path, today: dt.date | None = None) -> Catalogue:
    """Load and validate all content under ``root``, ``content/safety.yml`` included.

    Raises ContentErrors listing every problem found; returns the Catalogue otherwise.
    Entries whose next review date has passed (against ``today``: the ``today`` setting,
    ``lumbar.publish.settings.Settings.today``; the clock when None) are reported in
    ``Catalogue.warnings``. The checks of later stages are not run here: see
    ``lumbar.services.load_content``.
    """
    catalogue, errors = read_catalogue(root, today)
    if errors:
        raise ContentErrors(errors)
    return catalogue


def read_catalogue(root: Path, today: dt.date | None = None) -> tuple[Catalogue, list[ContentError]]:
    """Every valid entry under ``root`` and every problem found, without raising: for
    ``load_catalogue``, and for callers that add the problems later stages find in the valid
    entries to the same report. ``Catalogue.warnings`` is filled only when there is no error.
    """
    root = root.resolve()
    catalogue = Catalogue(root=root)
    errors: list[ContentError] = []
    # Ids of files that failed: references to them are not reported as well, since the
    # entry exists and the contributor only needs to fix the file itself.
    broken: set[str] = set()
    errors.extend(stray_files(root))
    placeholders = scaffold_placeholders(root)
    files: list[tuple[type[Entry], Path, Any, Positions]] = []
    for model, path in content_files(root):
        try:
            files.append((model, path, *load_yaml(path)))
        except ContentError as error:
            errors.append(error)
            broken.add(path.stem)
        except ContentErrors as several:
            errors.extend(several.errors)
            broken.add(path.stem)
    for model, path, data, positions in files:
        before = len(errors)
        errors.extend(_placeholders_in(data, (), positions, path, placeholders))
        loaded = _validate(model, data, path, positions, errors)
        if loaded is not None and len(errors) > before:
            loaded = None
        if loaded is None:
            broken.add(path.stem)
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                broken.add(data["id"])
            continue
        entry_id = loaded.entry.id
        if entry_id in catalogue.entries:
            other = catalogue.entries[entry_id].path
            errors.append(ContentError(
                path, *_at(positions.of_value(("id",))), "id",
                f"id {entry_id!r} is already used by {other.relative_to(root).as_posix()}; ids must be unique",
            ))
            continue
        catalogue.entries[entry_id] = loaded
    errors.extend(_check_references(catalogue, broken))
    catalogue.safety_file = _load_safety(root, errors)
    catalogue.policy_file = _load_policy(root, errors)
    if catalogue.safety_file is None:
        broken.add(SAFETY)
    catalogue.translations = load_translations(root, catalogue.english_sources(), broken, errors)
    if catalogue.safety_file is not None:
        errors.extend(_check_stop_if(catalogue))
        if catalogue.policy_file is not None:
            errors.extend(check_meaning(catalogue.safety, catalogue.policy, catalogue.entries))
    if not errors:
        _expand(catalogue)  # references show the safety file's words, once all is checked
        catalogue.warnings = _review_warnings(catalogue, today or dt.date.today())
    return catalogue, errors


def scaffold_placeholders(root: Path) -> frozenset[str]:
    """The placeholder texts in ``templates/scaffold/*.yml`` (the one place they are kept).

    A placeholder is a text value there that starts with ``PLACEHOLDER_START`` ("Write ").
    """
    found: set[str] = set()
    folder = root / SCAFFOLD_DIR
    for template in sorted(folder.glob("*.yml")) if folder.is_dir() else ():
        for line in template.read_text(encoding="utf-8").splitlines():
            value = line.split("#", 1)[0].strip().lstrip("- ").split(": ", 1)[-1].strip()
            if value.startswith(PLACEHOLDER_START):
                found.add(" ".join(value.split()))
    return frozenset(found)


def _placeholders_in(data: Any, loc: Loc, positions: Positions, path: Path,
                     placeholders: frozenset[str]) -> Iterator[ContentError]:
    """An error for each text value that is still a placeholder from ``lumbar new``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholders_in(value, (*loc, key), positions, path, placeholders)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _placeholders_in(value, (*loc, index), positions, path, placeholders)
    elif isinstance(data, str) and " ".join(data.split()) in placeholders:
        yield ContentError(path, *_at(positions.of_value(loc)), dotted(loc), placeholder_message(data))


def _load_safety(root: Path, errors: list[ContentError]) -> Loaded | None:
    """Read and check ``content/safety.yml``; problems go to ``errors``."""
    return _load_single(root / SAFETY_SOURCE, Safety, errors, safety_problems,
                        "the safety file is missing: every page's red flags and stop rules come from it; "
                        "restore content/safety.yml from the repository")


def _load_policy(root: Path, errors: list[ContentError]) -> Loaded | None:
    """Read and check ``content/policy.yml``; problems go to ``errors``."""
    return _load_single(root / POLICY_SOURCE, Policy, errors, None,
                        "the policy file is missing: the meaning checks read their words and thresholds from it; "
                        "restore content/policy.yml from the repository")


def _load_single(path: Path, model: type[BaseModel], errors: list[ContentError],
                 rules: Callable[[Any], list[tuple[Loc, str]]] | None, missing: str) -> Loaded | None:
    """Read and validate one project file that is not an entry (the safety or policy file):
    ``missing`` when it is absent, then ``rules`` (``(loc, message)`` problems the schema
    cannot express). Problems go to ``errors``; None unless the file is valid."""
    if not path.exists() and not path.is_symlink():
        errors.append(ContentError(path, 1, 1, "", missing))
        return None
    problem = entry_problem(path, path.parent.name)
    if problem is not None:  # a folder, a link, a pipe: not "missing", which would mislead
        folder = ", not a file" if path.is_dir() and not path.is_symlink() else ""
        errors.append(ContentError(path, 1, 1, "", f"{problem.message.split(';')[0]}{folder}; restore "
                                   f"{path.parent.name}/{path.name} from the repository as an ordinary file"))
        return None
    try:
        data, positions = load_yaml(path)
    except ContentError as error:
        errors.append(error)
        return None
    except ContentErrors as several:
        errors.extend(several.errors)
        return None
    if not isinstance(data, dict):
        errors.append(ContentError(path, 1, 1, "", f"expected a mapping of fields (key: value), found {type(data).__name__}"))
        return None
    try:
        valid = model.model_validate(data)
    except ValidationError as exc:
        errors.extend(_to_content_error(model, item, path, positions, data) for item in exc.errors(include_url=False))
        return None
    problems = rules(valid) if rules else []
    for loc, message in problems:
        errors.append(ContentError(path, *_at(positions.of_value(loc)), dotted(loc), message))
    return None if problems else Loaded(valid, path, positions, data)  # type: ignore[arg-type]


def _expand(catalogue: Catalogue) -> None:
    """Show the safety file's words wherever an entry refers to them (``((id))``,
    ``lumbar.content.references``), and each easier or harder step's declared dose after
    its description, so pages, cards and handouts all say the same."""
    for entry_id, loaded in catalogue.entries.items():
        catalogue.entries[entry_id] = _expanded(loaded, catalogue.safety)


def _expanded(loaded: Loaded, safety: Safety, words: Words | None = None) -> Loaded:
    """``loaded`` with its references and step doses expanded (``_expand``), in ``words``
    (English when None)."""
    entry = loaded.entry
    link = markdown_link(KINDS[entry.kind].page(entry.id), SAFETY_PAGE)  # type: ignore[attr-defined]
    expander = Expander(safety, link) if words is None else Expander(safety, link, words.when_to_get_help)
    expanded = expand_model(entry, expander)
    if isinstance(expanded, Exercise):
        expanded = _with_step_doses(expanded, DOSE_ROWS if words is None else words.dose_rows)
    return loaded if expanded is entry else Loaded(expanded, loaded.path, loaded.positions,  # type: ignore[arg-type]
                                                   loaded.data)


@dataclass(frozen=True)
class Words:
    """The few words the content stage writes itself (``Catalogue.in_language``), in one
    language: the dose table's rows (as ``dose_rules.DOSE_ROWS``) and the words of the link
    every safety reference ends with. ``lumbar.i18n`` makes them from a language's catalogue."""

    dose_rows: tuple[tuple[str, str, str], ...]
    when_to_get_help: str


def _with_step_doses(exercise: Exercise, rows: tuple[tuple[str, str, str], ...] = DOSE_ROWS) -> Exercise:
    """``exercise`` with each step's dose written after its description, in the dose table's
    words (``dose_rules.DOSE_ROWS``): "... (Sets: 3. Repetitions: 15.)"."""
    changes = {}
    for side in ("easier", "harder"):
        steps = getattr(exercise, side)
        if any(step.dose for step in steps):
            changes[side] = [step if step.dose is None else step.model_copy(update={
                "description": f"{step.description} ({step_dose_words(step.dose, rows)})"}) for step in steps]
    return exercise.model_copy(update=changes) if changes else exercise


def step_dose_words(dose: StepDose, rows: tuple[tuple[str, str, str], ...] = DOSE_ROWS) -> str:
    """A step's dose as the dose table words it: ``Sets: 3. Repetitions: 15.``"""
    parts = []
    for name, label, template in rows:
        value = getattr(dose, name, None)
        if value:
            parts.append(f"{label}: {template.format(value)}.")
    return " ".join(parts)


def _check_stop_if(catalogue: Catalogue) -> list[ContentError]:
    """An exercise's own ``stop_if`` may not name a red flag: the stop box already shows
    every red flag at its level (from content/safety.yml), and a second wording could
    send a reader to a different level of care."""
    errors = []
    safety = catalogue.safety
    for loaded in catalogue.entries.values():
        if not isinstance(loaded.entry, Exercise):
            continue
        for index, line in enumerate(loaded.entry.stop_if):
            for level, item, word in safety.mentions(line):
                errors.append(ContentError(
                    loaded.path, *_at(loaded.positions.of_value(("stop_if", index))), f"stop_if[{index}]",
                    f"{word!r} is a red flag at level {level.level.value} in {SAFETY_SOURCE} (item {item.id!r}), "
                    "and the safety box on every exercise page already shows it; remove this line, or write a "
                    "reason to stop that is specific to this exercise",
                ))
    return errors


def _at(mark: Any) -> tuple[int, int]:
    return mark.line, mark.column


def _validate(
    model: type[Entry], data: Any, path: Path, positions: Positions, errors: list[ContentError],
) -> Loaded | None:
    if not isinstance(data, dict):
        errors.append(ContentError(path, 1, 1, "", f"expected a mapping of fields (key: value), found {type(data).__name__}"))
        return None
    before = len(errors)
    id_error = _id_error(path, data, positions)
    if id_error is not None:
        errors.append(id_error)
    try:
        entry = model.model_validate(data)
    except ValidationError as exc:
        for item in exc.errors(include_url=False):
            if id_error is not None and tuple(item["loc"]) == ("id",) and item["type"] == "string_pattern_mismatch":
                continue  # said once, with the file name, by _id_error
            errors.append(_to_content_error(model, item, path, positions, data))
        return None
    if isinstance(entry, Programme):
        for loc, message in entry.week_problems():
            errors.append(ContentError(path, *_at(positions.of_value(loc)), dotted(loc), message))
    return None if len(errors) > before else Loaded(entry, path, positions, data)


def is_valid_id(text: str) -> bool:
    """True when ``text`` can be an entry's id (and so its file name without ``.yml``)."""
    return len(text) <= ID_MAX_LENGTH and re.fullmatch(ID_PATTERN, text) is not None


def _id_error(path: Path, data: dict[str, Any], positions: Positions) -> ContentError | None:
    """The one error about an entry's id and file name, whose fix (a new id, a new file
    name, or both) leaves an id that is valid and matches the file: an id is the file's
    name without ``.yml``, so a message about one must not suggest an invalid other."""
    given = data.get("id")
    given = given if isinstance(given, str) else None
    where = _at(positions.of_value(("id",))) if given is not None else (1, 1)
    stem = path.stem
    fix: tuple[Fix, ...]
    if is_valid_id(stem):
        if given is None or given == stem:
            return None
        fix = (Edit(*where, given, stem),)
        if is_valid_id(given):
            return ContentError(path, *where, "id", f"id {given!r} does not match the file name; use id: {stem} "
                                "or rename the file", fix=fix)
        return ContentError(path, *where, "id", f"{given!r} is not a valid id (lower-case letters, digits and "
                            f"single hyphens); use id: {stem}, the file name without {path.suffix}", fix=fix)
    try:
        slug = slugify(stem)
    except NoReadableId:
        return ContentError(path, *where, "id" if given is not None else "", (
            f"the file name {path.name!r} cannot be an id; rename the file to lower-case letters, digits and "
            f"single hyphens, such as bridge-pose{path.suffix}, and use that name (without {path.suffix}) as its id"))
    fix = (Rename(slug + path.suffix),)
    if given is not None and given != slug:
        fix = (Edit(*where, given, slug), *fix)
    return ContentError(path, *where, "id" if given is not None else "", (
        f"the file name {path.name!r} cannot be an id (ids use lower-case letters, digits and single hyphens); "
        f"rename the file to {slug}{path.suffix} and use id: {slug}"), fix=fix)


def field_error(model: type[BaseModel], item: Any, path: Path, positions: Positions, data: Any,
                prefix: tuple[str, ...] = ()) -> ContentError:
    """One pydantic error of ``model`` (validated from ``data``, read from ``path`` with
    ``positions``) as a ContentError at its line and column, with the message and fix
    content errors get. ``prefix`` names where ``data`` sits in its file (``("extra",
    "lumbar")`` for the settings in mkdocs.yml), so the field reads as written there."""
    error = _to_content_error(model, item, path, positions, data)
    if prefix:
        error = dataclasses.replace(error, field=".".join((*prefix, error.field)) if error.field else ".".join(prefix))
    return error


def _to_content_error(
    model: type[BaseModel], item: ErrorDetails, path: Path, positions: Positions, data: Any
) -> ContentError:
    """Map one pydantic error to the YAML position and a message a contributor can act on."""
    kind = item["type"]
    loc = _yaml_loc(item["loc"], data, missing=kind == "missing")
    field_name = dotted(loc)
    fix: tuple[Fix, ...] = ()
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        match = closest(str(loc[-1]), allowed)
        where = _at(positions.of_key(loc))
        if match and match in _mapping_at(data, loc[:-1]):
            # Renaming it would repeat a field: the contributor has to choose.
            given_on = positions.of_key((*loc[:-1], match)).line
            message = (f"unknown field {loc[-1]!r}; {match!r} is already given on line {given_on}, so keep "
                       f"one of them. Allowed here: {', '.join(allowed)}")
            return ContentError(path, *where, field_name, message)
        hint = f" Did you mean {match!r}?" if match else ""
        message = f"unknown field {loc[-1]!r}.{hint} Allowed here: {', '.join(allowed)}"
        if match:
            fix = (Edit(*where, str(loc[-1]), match),)
        return ContentError(path, *where, field_name, message, fix=fix)
    if kind == "missing":
        parent = loc[:-1]
        message = f"required field {loc[-1]!r} is missing"
        # A missing key in a list item points at the item; in a mapping, at the mapping's key.
        where_mark = positions.of_key(parent) if parent and isinstance(parent[-1], str) else positions.of_value(parent)
        return ContentError(path, *_at(where_mark), field_name, message)
    message = pydantic_message(item)
    given = item.get("input")
    mark = positions.of_value(loc)
    if kind == "string_type" and (isinstance(given, dict) and len(given) == 1 or isinstance(given, int | float | bool)):
        # "- Tip: press down" is read as {"Tip": "press down"}: the colon made it a field;
        # "name: 2024" is a number. Both are fixed by quoting the text as written.
        quoting = quote_fix(positions.text, mark.line, mark.column)
        if quoting:
            fix = (Edit(mark.line, 1, *quoting),)
        if isinstance(given, dict):
            message = QUOTE_FIX.format(fixed=quoting[1].strip() if quoting else '"text: more text"')
    problem = item.get("ctx", {}).get("error")
    if isinstance(problem, MarkupProblem):
        return _markup_error(problem, path, positions, loc, field_name, message)
    if kind == "enum" and isinstance(given, list | dict):
        return ContentError(path, *_at(mark), field_name,
                            f"must be one value, not a list or group; choose one of: {', '.join(_enum_values(item))}")
    if kind == "enum":
        match = closest(str(given), _enum_values(item))
        hint = f" Did you mean {match!r}?" if match else ""
        message = f"{given!r} is not allowed.{hint} Choose one of: {', '.join(_enum_values(item))}"
        fix = (Edit(*_at(mark), str(given), match),) if match else ()
    return ContentError(path, *_at(mark), field_name, message, fix=fix)


def _markup_error(problem: MarkupProblem, path: Path, positions: Positions, loc: Loc, field_name: str,
                  message: str) -> ContentError:
    """A Markdown construct outside the subset, at its own line and column: the
    ``problem.occurrence``-th copy of its snippet in the source of the value (the value's
    start when the source spells it differently, such as with escapes in double quotes)."""
    start, end = positions.of_value(loc), positions.ends.get(loc)
    text = positions.text
    line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
    begin = line_starts[start.line - 1] + start.column - 1 if start.line <= len(line_starts) else 0
    stop = line_starts[end.line - 1] + end.column - 1 if end and end.line <= len(line_starts) else len(text)
    at = begin - 1
    for _ in range(problem.occurrence + 1):
        at = text.find(problem.snippet, at + 1, stop)
        if at < 0:
            return ContentError(path, *_at(start), field_name, message)
    line = text.count("\n", 0, at) + 1
    column = at - line_starts[line - 1] + 1
    fix = (Edit(line, column, problem.snippet, problem.replacement),) if problem.replacement is not None else ()
    return ContentError(path, line, column, field_name, message, fix=fix)


def _mapping_at(data: Any, loc: Loc) -> dict[str, Any]:
    """The mapping at ``loc`` in parsed YAML, or an empty one."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return data if isinstance(data, dict) else {}


def _yaml_loc(raw: tuple[Any, ...], data: Any, missing: bool) -> Loc:
    """The part of a pydantic loc that is keys and indexes in the YAML.

    pydantic adds union members' types to the loc (such as 'str' or 'url'); those can share
    a name with a real key (a source's ``url`` or ``date``), so follow the data instead of
    guessing by name. A missing key is kept as the last part even though it is not there.
    """
    loc: list[str | int] = []
    node = data
    for index, part in enumerate(raw):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif not (missing and index == len(raw) - 1):
            continue
        loc.append(part)
    return tuple(loc)


def _enum_values(item: Mapping[str, Any]) -> list[str]:
    expected = str(item.get("ctx", {}).get("expected", ""))
    return [part.strip(" '") for part in expected.replace(" or ", ", ").split(",") if part.strip(" '")]


def dotted(loc: Loc) -> str:
    """A place in a file as contributors write it: ``("stages", 0, "title")`` is
    ``stages[0].title``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _model_in(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation) if get_origin(annotation) is not None else ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _references(entry: Entry) -> Iterator[tuple[Loc, str, type[Entry] | None]]:
    """Every (loc, id, kind it must be) in an entry that must name another entry; kind None
    means any entry."""
    for index, ref in enumerate(entry.related):
        yield ("related", index), ref, None
    if isinstance(entry, Exercise):
        for side in ("easier", "harder"):
            for index, variation in enumerate(getattr(entry, side)):
                if variation.exercise:
                    yield (side, index, "exercise"), variation.exercise, Exercise
    if isinstance(entry, AvoidPair):
        for side in ("avoid", "try_instead"):
            for index, ref in enumerate(getattr(entry, side).exercises):
                yield (side, "exercises", index), ref, Exercise
    if isinstance(entry, Programme):
        for index, stage in enumerate(entry.stages):
            for number, item in enumerate(stage.exercises):
                yield ("stages", index, "exercises", number, "exercise"), item.exercise, Exercise
        if entry.flare_up:
            yield ("flare_up",), entry.flare_up, Programme


_KIND_WORDS = {Exercise: "exercise", Programme: "programme"}


def _check_references(catalogue: Catalogue, broken: set[str] | frozenset[str] = frozenset()) -> list[ContentError]:
    errors = []
    pools: dict[type[Entry] | None, set[str]] = {}  # the ids a reference of each kind may name
    for entry_id, loaded in catalogue.entries.items():
        for loc, ref, kind in _references(loaded.entry):
            if kind not in pools:
                pools[kind] = {key for key, item in catalogue.entries.items() if kind is None or isinstance(item.entry, kind)}
            pool = pools[kind]
            if (ref in pool or ref in broken) and ref != entry_id:
                continue
            word = _KIND_WORDS.get(kind, "entry")  # type: ignore[arg-type]
            fix: tuple[Fix, ...] = ()
            if ref == entry_id:
                message = "an entry cannot refer to itself"
            elif ref in catalogue.entries:
                other = catalogue.entries[ref].entry
                message = f"{ref!r} is {_a_kind(other)}, not {'an' if word[0] in 'aeiou' else 'a'} {word}; only {word} ids can go here"
            else:  # never the entry's own id: that would only move the error to "refer to itself"
                match = closest(ref, sorted(pool - {entry_id}))
                message = f"no {word} has the id {ref!r}." + (f" Did you mean {match!r}?" if match else "")
                fix = (Edit(*_at(loaded.positions.of_value(loc)), ref, match),) if match else ()
            errors.append(ContentError(loaded.path, *_at(loaded.positions.of_value(loc)), dotted(loc), message, fix=fix))
    return errors


def _a_kind(entry: Entry) -> str:
    return KINDS[entry.kind].label  # type: ignore[attr-defined]


def _review_warnings(catalogue: Catalogue, today: dt.date) -> list[ContentError]:
    warnings = []
    for loaded in catalogue.all_loaded():
        due = loaded.entry.review.next_review_due
        if due < today:
            warnings.append(ContentError(
                loaded.path, *_at(loaded.positions.of_value(("review", "next_review_due"))),
                "review.next_review_due",
                f"review was due on {due.isoformat()}; check the entry and update the review dates",
            ))
    return warnings
