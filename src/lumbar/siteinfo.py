"""The site's name and public address, read from mkdocs.yml without starting MkDocs.

The command line and scripts/build_cards.py need these for QR codes; the MkDocs plugin
takes them from MkDocs' own config instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str  # always ends with "/"


class _TolerantLoader(yaml.SafeLoader):
    """Safe loading that ignores MkDocs' custom tags (!ENV, !!python/name:...)."""


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


def read_site_info(config_file: Path) -> SiteInfo:
    """``site_name`` and ``site_url`` from mkdocs.yml; ValueError if site_url is missing."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    url = str(data.get("site_url") or "").strip()
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"{config_file}: set site_url (https://...) so printed QR codes can point at the site")
    return SiteInfo(name=str(data.get("site_name") or "Lumbar"), url=url if url.endswith("/") else url + "/")
