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


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_imports(source: str) -> list[str]:
    """``where: name`` for each ``_name`` of another Lumbar module that ``source`` uses: imported
    (``from lumbar.x import _y``), reached through a Lumbar module or name it imported
    (``lumbar.x._y``, ``layout._y``, ``getattr(layout, "_y")``), or named in a dotted string
    (``monkeypatch.setattr("lumbar.x._y", ...)``)."""
    import ast

    tree = ast.parse(source)
    imported: set[str] = set()  # local names bound to Lumbar modules or their names
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.asname or alias.name.split(".")[0] for alias in node.names
                         if alias.name.split(".")[0] == "lumbar"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "lumbar":
            found += [f"{node.module}: {alias.name}" for alias in node.names if _is_private(alias.name)]
            imported |= {alias.asname or alias.name for alias in node.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in imported:
                found.append(f"{ast.unparse(node.value)}: {node.attr}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"getattr", "setattr"}
              and len(node.args) >= 2 and isinstance(node.args[0], ast.Name) and node.args[0].id in imported
              and isinstance(node.args[1], ast.Constant) and _is_private(str(node.args[1].value))):
            found.append(f"{node.args[0].id}: {node.args[1].value}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("lumbar."):
            module, _, name = node.value.rpartition(".")
            if _is_private(name) and " " not in node.value:
                found.append(f"{module}: {name}")
    return found


def test_the_private_name_scan_finds_each_way_of_reaching_one() -> None:
    planted = """
import lumbar.printing.layout
import lumbar.content.text as text
from lumbar.figures import draw
from lumbar.figures.body import _limb
lumbar.printing.layout._wrap(1)
text._clean("x")
getattr(draw, "_shapes")
monkeypatch.setattr("lumbar.cache._file_digest", None)
self._own = draw.svg  # an object's own attribute and a public name: not private use
"""
    assert sorted(_private_imports(planted)) == [
        "draw: _shapes", "lumbar.cache: _file_digest", "lumbar.figures.body: _limb", "lumbar.printing.layout: _wrap",
        "text: _clean"]


def test_no_module_uses_another_modules_private_names() -> None:
    # A name with a leading underscore belongs to its module: another module (or a test)
    # that needs it needs it public, with a docstring.
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    found = {str(path.relative_to(ROOT)): names for path in files
             if path.name != "test_architecture.py" and (names := _private_imports(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_every_cache_key_is_built_by_artifact() -> None:
    # One key builder (cache.Artifact: kind, every input the maker takes, the code's digest)
    # for everything the build keeps: a key put together by hand can leave an input out, and
    # then an edit serves a stale card, picture or PDF.
    import ast

    by_hand = []
    for path in (ROOT / "src" / "lumbar").rglob("*.py"):
        if path.name == "cache.py" and path.parent.name == "lumbar":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # key_of hashes anything; BuildCache's get, get_json and path take a key and a
            # maker that the key need not describe (make, make_json and make_file take an Artifact).
            if isinstance(node, ast.Name) and node.id == "key_of" or isinstance(node, ast.alias) and node.name == "key_of":
                by_hand.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}: key_of")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in {"get", "get_json", "path"} and "cache" in ast.unparse(node.func.value)):
                by_hand.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node.func)}")
    assert by_hand == []


def test_cardfiles_is_a_class() -> None:
    # functools.lru_cache on the dataclass once made it a function: isinstance failed.
    from lumbar.printing.batch import CardFiles

    assert isinstance(CardFiles, type)
    assert isinstance(CardFiles(Path("a.pdf"), None), CardFiles)
