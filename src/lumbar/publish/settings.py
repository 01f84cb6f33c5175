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

from lumbar.errors import SettingsError
from lumbar.paths import (
    CONFIG_FILE,
    KINDS,
    SAFETY_SOURCE,
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
            return yaml.safe_load(value) if value.strip() else value
    return default


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


@dataclass(frozen=True)
class Clinic:
    """The clinic printed at the top of handouts, from ``extra: lumbar: clinic:`` in mkdocs.yml
    (``name``, ``phone``, ``logo``: a PNG or JPEG path relative to the project). All optional."""

    name: str = ""
    phone: str = ""
    logo: Path | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any], root: Path) -> Clinic:
        """The clinic from a parsed mkdocs.yml; missing or malformed parts are left empty."""
        extra = config.get("extra")
        lumbar = extra.get(PLUGIN_NAME) if isinstance(extra, Mapping) else None
        clinic = lumbar.get("clinic") if isinstance(lumbar, Mapping) else None
        if not isinstance(clinic, Mapping):
            return cls()
        logo = str(clinic.get("logo") or "").strip()
        return cls(name=str(clinic.get("name") or "").strip(), phone=str(clinic.get("phone") or "").strip(),
                   logo=(root / logo) if logo else None)

    def logo_bytes(self) -> bytes | None:
        """The logo file's bytes, or None when no logo is set. SettingsError, with a message
        that says what to fix, for a logo that is missing or not a PNG or JPEG file."""
        if self.logo is None:
            return None
        where = f"mkdocs.yml extra: lumbar: clinic: logo: {self.logo.name}"
        if not self.logo.is_file():
            raise SettingsError(f"{where}: no such file at {self.logo}; give a PNG or JPEG path relative to the project")
        data = self.logo.read_bytes()
        if not data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
            raise SettingsError(f"{where}: not a PNG or JPEG file; save the logo as PNG or JPEG")
        return data


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
            site_name=str(config.get("site_name") or "Lumbar"),
            site_url=site_root(str(config.get("site_url") or "")),
            directory_urls=bool(config.get("use_directory_urls", True)),
            clinic=Clinic.from_config(config, root),
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
        """True for a content YAML file (an entry or ``content/safety.yml``): input to Lumbar,
        never published as it is."""
        if path.suffix.lower() not in YAML_SUFFIXES:
            return False
        if path.resolve() == (self.root / SAFETY_SOURCE).resolve():
            return True
        parent = path.resolve().parent
        return any(parent == (self.root / kind.folder).resolve() for kind in KINDS.values())
