"""Lumbar: patient education about lower back pain, generated from structured YAML.

The public API is what ``__all__`` lists; every other module is Lumbar's own and may change.

```python
from pathlib import Path
import lumbar

catalogue = lumbar.load_content(Path("."))          # every content check, ContentErrors if any fails
settings = lumbar.Settings.load(Path("."))          # mkdocs.yml: site name, address, clinic, today
cache = lumbar.BuildCache(Path("."))
items = lumbar.choose(catalogue, ["bridge:sets=2,reps=10", "walking"], cache)
handout = lumbar.make_handout(items, "a4", settings.site, catalogue.safety, cache=cache)
bundle = lumbar.site_bundle(catalogue, settings)     # every file the site publishes
```

Names load when first used, so ``import lumbar`` stays cheap and loads no MkDocs
(``build_site`` is the only entry point that needs it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Each public name and the module that defines it.
_EXPORTS: dict[str, str] = {
    # Content
    "load_content": "lumbar.services",
    "load_catalogue": "lumbar.content.catalogue",
    "Catalogue": "lumbar.content.catalogue",
    # Settings and the site as printed things see it
    "Settings": "lumbar.publish.settings",
    "Site": "lumbar.site",
    "BuildCache": "lumbar.cache",
    # Printing
    "choose": "lumbar.services",
    "make_cards": "lumbar.services",
    "make_handout": "lumbar.services",
    "programme_pdfs": "lumbar.services",
    "card_fit_warnings": "lumbar.services",
    # The site
    "site_bundle": "lumbar.publish.bundle",
    "export_docs": "lumbar.publish.export",
    "build_site": "lumbar.mkdocs.build",
    # Errors
    "LumbarError": "lumbar.errors",
    "UserError": "lumbar.errors",
    "InternalError": "lumbar.errors",
    "ContentErrors": "lumbar.content.errors",
    "SelectionError": "lumbar.errors",
    "SettingsError": "lumbar.errors",
}

__all__ = [
    "__version__",
    "load_content", "load_catalogue", "Catalogue",
    "Settings", "Site", "BuildCache",
    "choose", "make_cards", "make_handout", "programme_pdfs", "card_fit_warnings",
    "site_bundle", "export_docs", "build_site",
    "LumbarError", "UserError", "InternalError", "ContentErrors", "SelectionError", "SettingsError",
]
assert set(__all__) == {"__version__", *_EXPORTS}, "every public name needs its module in _EXPORTS"


def __getattr__(name: str) -> Any:
    """Load a public name from its module the first time it is asked for (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lumbar' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from lumbar.cache import BuildCache
    from lumbar.content.catalogue import Catalogue, load_catalogue
    from lumbar.content.errors import ContentErrors
    from lumbar.errors import InternalError, LumbarError, SelectionError, SettingsError, UserError
    from lumbar.mkdocs.build import build_site
    from lumbar.publish.bundle import site_bundle
    from lumbar.publish.export import export_docs
    from lumbar.publish.settings import Settings
    from lumbar.services import card_fit_warnings, choose, load_content, make_cards, make_handout, programme_pdfs
    from lumbar.site import Site
