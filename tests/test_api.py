"""Lumbar's public API: the names ``lumbar.__all__`` lists, as README documents them."""

from __future__ import annotations

import re
import subprocess
import sys

import lumbar
from tests.conftest import ROOT

PUBLIC = [
    "__version__",
    "load_content", "load_catalogue", "Catalogue",
    "Settings", "Site", "BuildCache",
    "choose", "make_cards", "make_handout", "programme_pdfs", "card_fit_warnings",
    "site_bundle", "export_docs", "build_site",
    "LumbarError", "UserError", "InternalError", "ContentErrors", "SelectionError", "SettingsError",
]


def test_the_public_names_are_the_documented_ones() -> None:
    # A name added or removed is a change to the API: change this list and README together.
    assert lumbar.__all__ == PUBLIC
    section = re.search(r"^### The Python API\n(.*?)(?=^#)", (ROOT / "README.md").read_text(encoding="utf-8"),
                        re.S | re.M)
    assert section, "README.md has no 'The Python API' section"
    documented = set(re.findall(r"`lumbar\.(\w+)", section.group(1)))
    assert documented == set(PUBLIC) - {"__version__"}


def test_every_public_name_is_defined_where_it_says() -> None:
    for name in PUBLIC:
        value = getattr(lumbar, name)
        if name != "__version__":
            assert getattr(value, "__name__", name) == name, name


def test_importing_lumbar_loads_neither_mkdocs_nor_the_content_models() -> None:
    code = "import sys, lumbar; print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'pydantic', 'fpdf'}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
