"""The site settings Lumbar needs, from the one reader of ``mkdocs.yml``.

``read_config`` is the only code that parses ``mkdocs.yml``. ``!ENV`` is resolved as MkDocs
resolves it (the first environment variable that is set, else the default), so the Pages
deploy's ``LUMBAR_SITE_URL`` reaches printed QR codes by one rule; other MkDocs tags
(``!!python/name:``) are kept as their source text; ``Settings`` is the only value that carries the
site's name, address and folders to the core (the site build, ``lumbar export`` and printed
cards, handouts and programmes alike). The MkDocs plugin makes the same ``Settings``
from MkDocs' loaded config with ``Settings.from_mapping``, so both paths follow one rule.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lumbar.content.catalogue import field_error
from lumbar.content.errors import ContentError, Edit
from lumbar.content.messages import typed_text
from lumbar.content.reader import Mark, Positions
from lumbar.errors import InvalidValue, SettingsError, UserError
from lumbar.paths import (
    CONFIG_FILE,
    KINDS,
    POLICY_SOURCE,
    SAFETY_SOURCE,
    TRANSLATIONS_DIR,
    YAML_SUFFIXES,
    is_placeholder,
    site_root,
)
from lumbar.site import Site

PLUGIN_NAME = "lumbar"
DEFAULT_TEMPLATES = "templates/pages"
# The plugin option that sets the date review deadlines are checked against (and that
# ``lumbar handout --date today`` prints), as rendercv's ``current_date``: a date such as
# 2027-01-31, or this word for the computer's clock. The project's mkdocs.yml reads it from
# LUMBAR_TODAY (``today: !ENV [LUMBAR_TODAY, today]``), so the test suite pins one date.
TODAY_OPTION = "today"
CLOCK = "today"


def read_today(value: object, where: str = f"plugins: lumbar: {TODAY_OPTION}") -> dt.date | None:
    """A ``today`` setting as a date, or None for ``today`` (the clock) and an empty value.

    ``value`` is a date (YAML reads ``2027-01-31`` as one) or text such as ``"2027-01-31"``.
    SettingsError, naming ``where`` and the form to use, for anything else.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value if value is not None else "").strip()
    if text in ("", CLOCK):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SettingsError(f"{where}: {text!r} is not a date; write a date such as 2027-01-31, "
                            f"or {CLOCK} for the computer's clock") from None


class _Tagged(str):
    """A value written with a YAML tag (``!ENV [X, false]``), kept as its source text."""


class _TolerantLoader(yaml.SafeLoader):
    """Safe loading that keeps MkDocs' custom tags (``!ENV``, ``!!python/name:``) unresolved."""


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(f"{node.tag} {node.value}")
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(f"{node.tag} {loader.construct_sequence(node, deep=True)!r}")
    return _Tagged(f"{node.tag} {loader.construct_mapping(node, deep=True)!r}")  # type: ignore[arg-type]


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable that is set
    (and not empty), read as a YAML scalar; else the last item of a list; else None."""
    found, value = _env_value(loader, node)
    return yaml.safe_load(value) if found and value.strip() else value


def _env_value(loader: yaml.SafeLoader, node: yaml.Node) -> tuple[bool, Any]:
    """(True, the first set variable's text as typed) or (False, the default of ``!ENV``)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node, deep=True)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    else:
        raise yaml.constructor.ConstructorError(None, None, "!ENV takes a name or a list", node.start_mark)
    for name in names:
        value = os.environ.get(str(name), "")
        if value:
            return True, value
    return False, default


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("!", _keep_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)


def read_config(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as a dict; tagged values are ``_Tagged`` strings. SettingsError if unreadable."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{config_file}: cannot read the site configuration: {exc}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{config_file}: expected settings such as 'site_name: Lumbar'")
    return data


def plugin_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The options written under ``plugins: - lumbar:`` (empty when none are set)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
            return dict(plugin[PLUGIN_NAME] or {})
    return {}


# Where the clinic block sits in mkdocs.yml, and the keys allowed under ``extra: lumbar:``.
EXTRA_AT = ("extra", PLUGIN_NAME)
CLINIC_KEY = "clinic"
# The longest site name printed in every handout's and programme's footer (two lines at
# most beside the page number, in the widest letters) and on every card.
SITE_NAME_LIMIT = 60
PICTURE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG


class ClinicFields(BaseModel):
    """The clinic block as written in mkdocs.yml: a model like content's, so an unknown key,
    a list where text belongs or a block written as one line is an error at its place."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # The most characters the handouts' headers wrap (tested with the widest letters): longer
    # is refused with the limit, never cut.
    name: str = Field(default="", max_length=80, description="The clinic's name, printed at the top of handouts")
    phone: str = Field(default="", max_length=40, description="The phone number, printed exactly as written")
    logo: str = Field(default="", description="A PNG or JPEG file, relative to the project folder")

    @field_validator("phone")
    @classmethod
    def _a_number(cls, value: str) -> str:
        if value.strip() and not any(char.isdigit() for char in value):
            raise InvalidValue(f"{value!r} has no digits; write the number as it should be printed, "
                               "such as +44 1632 960123")
        return value.strip()

    @field_validator("name", "logo")
    @classmethod
    def _stripped(cls, value: str) -> str:
        return value.strip()


class ExtraFields(BaseModel):
    """What ``extra: lumbar:`` in mkdocs.yml may hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    clinic: ClinicFields = ClinicFields()


@dataclass(frozen=True)
class Clinic:
    """The clinic printed at the top of handouts, from ``extra: lumbar: clinic:`` in mkdocs.yml
    (``name``, ``phone`` exactly as typed, ``logo``: a PNG or JPEG path relative to the
    project). All optional; ``read`` checks them."""

    name: str = ""
    phone: str = ""
    logo: Path | None = None

    @classmethod
    def read(cls, config_file: Path, root: Path) -> Clinic:
        """The clinic block of ``config_file``, read from its text (YAML reads
        ``+441632960123`` as a number and drops the ``+``, so each value is kept as typed)
        and checked like content: SettingsProblems listing every problem at its
        ``mkdocs.yml:line:col``. No file, or no block: an empty clinic."""
        try:
            text = config_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            raise SettingsError(f"{config_file}: cannot read the site configuration ({exc.strerror or exc})") from None
        try:
            document = yaml.compose(text, Loader=_TolerantLoader)
        except yaml.YAMLError:
            return cls()  # read_config reports it, with MkDocs' own reading
        node = _child(_child(document, EXTRA_AT[0]), EXTRA_AT[1])
        if node is None:
            return cls()
        # Places are kept relative to ``extra: lumbar:``, as ExtraFields' errors give them.
        positions = Positions(text=text)
        data = _as_written(node, (), positions)
        problems = _character_problems(config_file, data, positions)
        extra: ExtraFields | None = None
        try:
            extra = ExtraFields.model_validate(data if data is not None else {})
        except ValidationError as exc:
            problems += [field_error(ExtraFields, item, config_file, positions, data, prefix=EXTRA_AT)
                         for item in exc.errors(include_url=False)]
        clinic_data = data.get(CLINIC_KEY) if isinstance(data, dict) else None
        logo = clinic_data.get("logo") if isinstance(clinic_data, dict) else None
        if isinstance(logo, str) and logo.strip():  # checked even when another field is wrong
            problem = _logo_problem(root / logo.strip(), logo.strip())
            if problem:
                mark = positions.of_value((CLINIC_KEY, "logo"))
                problems.append(ContentError(config_file, mark.line, mark.column,
                                             ".".join((*EXTRA_AT, CLINIC_KEY, "logo")), problem))
        if problems or extra is None:
            raise SettingsProblems(problems)
        clinic = extra.clinic
        return cls(name=clinic.name, phone=clinic.phone, logo=(root / clinic.logo) if clinic.logo else None)

    def logo_bytes(self) -> bytes | None:
        """The logo file's bytes, or None when no logo is set (``read`` checked it).
        SettingsError when it has gone or changed since."""
        if self.logo is None:
            return None
        problem = _logo_problem(self.logo)
        if problem:
            raise SettingsError(f"mkdocs.yml extra: lumbar: clinic: logo: {problem}")
        return self.logo.read_bytes()


def _printable_site_name(config_file: Path, name: str) -> str:
    """``name`` when print has room for it (``SITE_NAME_LIMIT``); else SettingsProblems at
    ``site_name`` in ``config_file`` saying how long it may be."""
    if len(name) <= SITE_NAME_LIMIT:
        return name
    line = column = 1
    try:
        document = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
        node = _child(document, "site_name")
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
    except (OSError, yaml.YAMLError):
        pass
    raise SettingsProblems([ContentError(config_file, line, column, "site_name", (
        f"is {len(name)} characters; printed cards and handouts have room for {SITE_NAME_LIMIT}, so shorten it"))])


def _logo_problem(path: Path, written: str | None = None) -> str | None:
    """Why ``path`` cannot be the clinic logo, or None when it is a PNG or JPEG file
    (``written``: the path as mkdocs.yml gives it, for the message)."""
    shown = written or path.name
    try:
        with path.open("rb") as file:
            start = file.read(8)
    except IsADirectoryError:
        return f"{shown!r} is a folder; give the path of a PNG or JPEG file, relative to the project folder"
    except FileNotFoundError:
        return f"there is no file {shown!r} in the project folder; give the path of a PNG or JPEG file, relative to it"
    except OSError as exc:
        return f"{shown!r} cannot be read ({exc.strerror or exc}); check that it exists and you may open it"
    if not start.startswith(PICTURE_MAGIC):
        return f"{shown!r} is not a PNG or JPEG file; save the logo as PNG or JPEG"
    return None


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node, or None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found: yaml.Node = value_node
            return found
    return None


def _as_written(node: yaml.Node | None, loc: tuple[str | int, ...], positions: Positions) -> Any:
    """A YAML node as plain data with every scalar as it was typed (``+441632960123`` stays
    text with its ``+``; ``!ENV`` is resolved as MkDocs resolves it); the place of every key
    and value goes to ``positions``."""
    if node is None:
        return None
    positions.values[loc] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    positions.ends[loc] = Mark(node.end_mark.line + 1, node.end_mark.column + 1)
    if node.tag == "!ENV":  # the variable's text as typed, not read as a number
        value = _env_value(_TolerantLoader(""), node)[1]
        return None if value is None else str(value)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            positions.keys[(*loc, key)] = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            value = _as_written(value_node, (*loc, key), positions)
            if value is not None:  # "phone:" left empty is the same as no phone
                result[key] = value
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_as_written(item, (*loc, index), positions) for index, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null" or (getattr(node, "style", None) is None
                                                and node.value in ("", "~", "null", "Null", "NULL")):
        return None
    return node.value


def _character_problems(config_file: Path, data: Any, positions: Positions,
                        loc: tuple[str | int, ...] = ()) -> list[ContentError]:
    """Text values of ``extra: lumbar:`` that hold a control character or one that hides or
    reorders text, each at the character (as content is checked); the other values are
    normalised in place (``typed_text``: NFC, Word's spaces)."""
    problems: list[ContentError] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in list(items):
        if isinstance(value, dict | list):
            problems += _character_problems(config_file, value, positions, (*loc, key))
        elif isinstance(value, str):
            try:
                data[key] = typed_text(value, "value")
            except UserError as error:
                start, end = positions.of_value((*loc, key)), positions.ends.get((*loc, key))
                line, column = _first_refused(positions.text, start, end)
                char = positions.line(line)[column - 1:column]
                problems.append(ContentError(config_file, line, column, ".".join(str(part) for part in (*EXTRA_AT, *loc, key)),
                                             "the text holds " + str(error).split(" is ", 1)[-1],
                                             fix=(Edit(line, column, char, ""),) if char else ()))
    return problems


def _first_refused(text: str, start: Mark, end: Mark | None) -> tuple[int, int]:
    """Line and column of the first character ``typed_text`` refuses between two marks
    (the start when there is none there: it was written as an escape in quotes)."""
    lines = text.split("\n")
    for number in range(start.line, (end.line if end else start.line) + 1):
        source = lines[number - 1] if number <= len(lines) else ""
        begin = start.column - 1 if number == start.line else 0
        for index in range(begin, len(source)):
            try:
                typed_text(source[index], "value")
            except UserError:
                return number, index + 1
    return start.line, start.column


class SettingsProblems(SettingsError):
    """Every problem in the settings Lumbar reads from mkdocs.yml, each at its
    ``mkdocs.yml:line:col`` (``ContentError``, so a suggested fix can be applied)."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.line, e.column))
        super().__init__("\n".join(error.format() for error in self.errors))

    def report(self, root: Path | None = None) -> str:
        """Every problem, one a line, paths relative to ``root``, then what happened."""
        count = len(self.errors)
        return "\n".join([*(error.format(root) for error in self.errors),
                          f"{count} problem{'s' if count != 1 else ''} in the site settings; nothing was done."])


@dataclass(frozen=True)
class Settings:
    """Where the project's files are and what the site is called and served at.

    ``site_url`` is normalised by ``lumbar.paths.site_root`` (ends in ``/``, or ``""``).
    """

    root: Path  # the project folder
    config_file: Path
    docs_dir: Path
    templates: Path  # Jinja page templates
    site_name: str
    site_url: str
    directory_urls: bool
    clinic: Clinic = Clinic()
    # The date review deadlines are checked against; None: the computer's clock (``today``).
    pinned_today: dt.date | None = None

    @classmethod
    def from_mapping(cls, config_file: Path, config: Mapping[str, Any], options: Mapping[str, Any]) -> Settings:
        """Settings from a parsed config (``read_config`` or MkDocs' own) and the plugin options."""
        config_file = config_file.resolve()
        base = config_file.parent
        root = (base / str(options.get("root") or ".")).resolve()
        return cls(
            root=root,
            config_file=config_file,
            docs_dir=(base / str(config.get("docs_dir") or "docs")).resolve(),
            templates=(root / str(options.get("templates") or DEFAULT_TEMPLATES)).resolve(),
            site_name=_printable_site_name(config_file, str(config.get("site_name") or "Lumbar")),
            site_url=site_root(str(config.get("site_url") or "")),
            directory_urls=bool(config.get("use_directory_urls", True)),
            clinic=Clinic.read(config_file, root),
            pinned_today=read_today(options.get(TODAY_OPTION)),
        )

    @classmethod
    def load(cls, root: Path, *, missing_ok: bool = False) -> Settings:
        """Settings of the project in ``root``, read from its ``mkdocs.yml``. With
        ``missing_ok``, a project without one (content checked on its own) gets the defaults.
        SettingsError when the file cannot be read or holds a setting Lumbar cannot use."""
        config_file = root / CONFIG_FILE
        if missing_ok and not config_file.exists():
            return cls.from_mapping(config_file, {}, {})
        config = read_config(config_file)
        return cls.from_mapping(config_file, config, plugin_options(config))

    @property
    def today(self) -> dt.date:
        """The date review deadlines are checked against: the ``today`` setting, or the
        computer's clock when it is ``today`` (the default)."""
        return self.pinned_today or dt.date.today()

    @property
    def site(self) -> Site:
        """The site's name and address as printed things need them (``lumbar.site.Site``)."""
        return Site(self.site_name, self.site_url, self.directory_urls)

    def public_url(self, docs_path: str) -> str:
        """The public address of a docs path (``Site.public_url``): ``""`` for a placeholder
        ``site_url``."""
        return self.site.public_url(docs_path)

    def address_warning(self) -> str:
        """Why printed cards, handouts and programmes carry no QR code or address (a
        placeholder ``site_url``), for the build and the print commands to show; ``""`` when
        the site has a public address."""
        if not is_placeholder(self.site_url):
            return ""
        value = repr(self.site_url) if self.site_url else "not set"
        return (f"site_url in {self.config_file.name} is {value}, not a public address: cards and handouts "
                "print no QR code or address. Set LUMBAR_SITE_URL (the Pages deploy does) or site_url.")

    def is_content(self, path: Path) -> bool:
        """True for a content YAML file (an entry, ``content/safety.yml`` or ``content/policy.yml``): input to Lumbar,
        never published as it is; so is every file under ``content/i18n/`` (translations)."""
        if path.resolve().is_relative_to((self.root / TRANSLATIONS_DIR).resolve()):
            return True  # translations and their catalogues: input, like the English they translate
        if path.suffix.lower() not in YAML_SUFFIXES:
            return False
        if path.resolve() in {(self.root / SAFETY_SOURCE).resolve(), (self.root / POLICY_SOURCE).resolve()}:
            return True
        parent = path.resolve().parent
        return any(parent == (self.root / kind.folder).resolve() for kind in KINDS.values())
