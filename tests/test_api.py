"""Lumbar's public API: the names ``lumbar.__all__`` lists, as README documents them."""

from __future__ import annotations

import re
import subprocess
import sys

import lumbar
from tests.conftest import ROOT


def documented() -> set[str]:
    """The names README's "The Python API" section lists (as ``lumbar.name``)."""
    section = re.search(r"^### The Python API\n(.*?)(?=^#)", (ROOT / "README.md").read_text(encoding="utf-8"),
                        re.S | re.M)
    assert section, "README.md has no 'The Python API' section"
    return set(re.findall(r"`lumbar\.(\w+)", section.group(1)))


def test_the_public_names_are_the_documented_ones() -> None:
    # A name added to or removed from __all__ is a change to the API: README must say so.
    assert lumbar.__all__[0] == "__version__" and len(set(lumbar.__all__)) == len(lumbar.__all__)
    assert set(lumbar.__all__) - {"__version__"} == documented()


def test_every_public_name_is_defined_where_it_says() -> None:
    for name in lumbar.__all__:
        value = getattr(lumbar, name)
        if name != "__version__":
            assert getattr(value, "__name__", name) == name, name


def test_importing_lumbar_loads_neither_mkdocs_nor_the_content_models() -> None:
    code = "import sys, lumbar; print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'pydantic', 'fpdf'}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
