"""The package's shape: stages import only the stages below them, with no import cycles
(import-linter, configured in pyproject.toml and run by ``make test``). These tests plant a
back-import and a cycle in a copy of the package and check that the contract fails on them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the project's contracts (its pyproject.toml, copied beside
    ``src``), over the package found in ``src``."""
    if src.parent != ROOT:
        shutil.copy(ROOT / "pyproject.toml", src.parent / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT_IMPORTS), "--no-logo", "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=src.parent, timeout=120)


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of src/lumbar to plant imports in; returns the copy's src folder."""
    shutil.copytree(ROOT / "src" / "lumbar", tmp_path / "src" / "lumbar",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "src"


def plant(src: Path, module: str, line: str) -> None:
    path = src / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text(encoding="utf-8") + f"\n\ndef _planted() -> None:\n    {line}\n",
                    encoding="utf-8")


def test_the_real_package_keeps_both_contracts() -> None:
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_an_import_back_up_the_pipeline_fails(package_copy: Path) -> None:
    # Even deferred inside a function, as catalogue.py once imported the figures.
    plant(package_copy, "lumbar.content.catalogue", "import lumbar.figures.contacts  # noqa")
    result = lint_imports(package_copy)
    assert result.returncode == 1
    assert "Stages import only the stages below them BROKEN" in result.stdout
    assert "lumbar.content.catalogue -> lumbar.figures.contacts" in result.stdout


def test_an_import_cycle_inside_a_stage_fails(package_copy: Path) -> None:
    # handout and handout_compact once imported each other; now both build on blocks.
    plant(package_copy, "lumbar.printing.blocks", "import lumbar.printing.handout  # noqa")
    result = lint_imports(package_copy)
    assert result.returncode == 1
    assert "No import cycles between the modules of a stage BROKEN" in result.stdout


def _private_imports(path: Path) -> list[str]:
    """``module: name`` for each ``_name`` that ``path`` imports from another Lumbar module."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lumbar"):
            found += [f"{node.module}: {alias.name}" for alias in node.names
                      if alias.name.startswith("_") and not alias.name.startswith("__")]
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            dotted = ast.unparse(node.value)
            if dotted.startswith("lumbar."):  # lumbar.printing.layout._private
                found.append(f"{dotted}: {node.attr}")
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    # A name with a leading underscore belongs to its module: another module (or a test)
    # that needs it needs it public, with a docstring.
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    found = {str(path.relative_to(ROOT)): names for path in files if (names := _private_imports(path))}
    assert found == {}


def test_cardfiles_is_a_class() -> None:
    # functools.lru_cache on the dataclass once made it a function: isinstance failed.
    from lumbar.printing.batch import CardFiles

    assert isinstance(CardFiles, type)
    assert isinstance(CardFiles(Path("a.pdf"), None), CardFiles)
