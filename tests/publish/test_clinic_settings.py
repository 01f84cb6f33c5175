"""Clinic settings are a validated model like content (issue 22, kind 3).

``extra: lumbar: clinic:`` in mkdocs.yml is read from its text, so a value is kept as typed
(``+441632960123`` keeps its ``+``), and checked like content: an unknown key (with its
near miss, whose fix is applied here), a block written as one line, a list where text
belongs, a phone with no digits, a logo that is not a PNG or JPEG, a character that hides
text: each is a ``mkdocs.yml:line:col`` message from ``lumbar check``, ``lumbar build`` and
``lumbar handout``, never silence or a traceback.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from lumbar.cli import main
from lumbar.content.errors import apply_fixes
from lumbar.publish.settings import Clinic, Settings, SettingsProblems
from tests.conftest import ROOT

BLOCK = '    clinic:\n      name: ""\n      phone: ""\n'


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A copy of the project's mkdocs.yml (with a PNG and a GIF beside it) to edit."""
    target = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert BLOCK in text
    target.write_text(text, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (tmp_path / "logo.gif").write_bytes(b"GIF89a" + bytes(32))
    (tmp_path / "logos").mkdir()
    return target


def with_clinic(config: Path, block: str) -> Path:
    text = config.read_text(encoding="utf-8").replace(BLOCK, block)
    config.write_text(text, encoding="utf-8")
    return config


def problems(config: Path) -> list[str]:
    with pytest.raises(SettingsProblems) as info:
        Clinic.read(config, config.parent)
    return [error.format(config.parent) for error in info.value.errors]


def line_of(config: Path, key: str) -> int:
    """The last line that starts with ``key`` (the clinic block comes after the theme's ``name:``)."""
    return [n for n, line in enumerate(config.read_text(encoding="utf-8").splitlines(), 1)
            if line.lstrip().startswith(key)][-1]


@pytest.mark.parametrize(("typed", "kept"), [
    ("+441632960123", "+441632960123"),  # YAML reads a number and drops the +
    ("0161234567", "0161234567"),  # digits 0-7 only: YAML 1.1 reads an octal number (7693687)
    ("01632 960123", "01632 960123"),
    ('"+44 (0)1632 960123"', "+44 (0)1632 960123"),
    ("1_632_960", "1_632_960"),  # underscores are digit separators to YAML
])
def test_phone_is_kept_exactly_as_typed(config: Path, typed: str, kept: str) -> None:
    with_clinic(config, f"    clinic:\n      name: Back Clinic\n      phone: {typed}\n")
    assert Clinic.read(config, config.parent).phone == kept


def test_phone_as_typed_reaches_the_handout_and_the_builder(small_project: Path, tmp_path: Path) -> None:
    config = with_clinic(small_project / "mkdocs.yml", "    clinic:\n      name: Back Clinic\n      phone: +441632960123\n")
    settings = Settings.load(small_project)
    assert settings.clinic.phone == "+441632960123"
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(main, ["--root", str(small_project), "handout", "first", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Phone: +441632960123" in " ".join(PdfReader(out).pages[0].extract_text().split())
    from lumbar.mkdocs.build import build_site

    site = build_site(config, strict=True, site_dir=tmp_path / "site")  # the builder prints it too
    assert "+441632960123" in (site / "handout" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("block", "where", "message"), [
    ("    clinic:\n      nmae: Back Clinic\n", "nmae:",
     "extra.lumbar.clinic.nmae: unknown field 'nmae'. Did you mean 'name'? Allowed here: name, phone, logo"),
    ("    clinc:\n      name: Back Clinic\n", "clinc:",
     "extra.lumbar.clinc: unknown field 'clinc'. Did you mean 'clinic'? Allowed here: clinic"),
    ("    clinic: Back Clinic, 01632 960123\n", "clinic:",
     "extra.lumbar.clinic: must be a group of 'field: value' lines, indented under this one"),
    ("    clinic:\n      name: [Back, Clinic]\n", "name:",
     "extra.lumbar.clinic.name: must be text, but this is a list; write one line of text"),
    ("    clinic:\n      phone: call reception\n", "phone:",
     "extra.lumbar.clinic.phone: 'call reception' has no digits; write the number as it should be printed, "
     "such as +44 1632 960123"),
    ("    clinic:\n      logo: logo.gif\n", "logo:",
     "extra.lumbar.clinic.logo: 'logo.gif' is not a PNG or JPEG file; save the logo as PNG or JPEG"),
    ("    clinic:\n      logo: logos\n", "logo:",
     "extra.lumbar.clinic.logo: 'logos' is a folder; give the path of a PNG or JPEG file, relative to the project folder"),
    ("    clinic:\n      logo: missing.png\n", "logo:", "extra.lumbar.clinic.logo: there is no file 'missing.png' in the project folder"),
    ("    clinic:\n      name: Back \u202eClinic\n", "name:",
     "extra.lumbar.clinic.name: the text holds an invisible character (U+202E, right-to-left override)"),
])
def test_wrong_clinic_settings_are_errors_at_their_place(config: Path, block: str, where: str, message: str) -> None:
    with_clinic(config, block)
    [got] = problems(config)
    line = line_of(config, where)
    column = config.read_text(encoding="utf-8").splitlines()[line - 1].index(where) + 1
    if "\u202e" in block:
        column = config.read_text(encoding="utf-8").splitlines()[line - 1].index("\u202e") + 1
    elif where in {"clinic:", "name:", "phone:", "logo:"} and "unknown" not in message:
        column += len(where) + 1  # at the value
    assert got.startswith(f"mkdocs.yml:{line}:{column}: {message}"), got


def test_did_you_mean_fixes_are_applied_and_accepted(config: Path) -> None:
    with_clinic(config, "    clinc:\n      nmae: Back Clinic\n      phon: +441632960123\n")
    for _ in range(3):
        try:
            clinic = Clinic.read(config, config.parent)
            break
        except SettingsProblems as error:
            assert all(problem.fix for problem in error.errors)
            apply_fixes(config, [fix for problem in error.errors for fix in problem.fix])
    assert (clinic.name, clinic.phone) == ("Back Clinic", "+441632960123")


def test_empty_values_and_env_are_fine(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_clinic(config, "    clinic:\n      name:\n      phone: !ENV [CLINIC_PHONE, \"\"]\n      logo: logo.png\n")
    monkeypatch.setenv("CLINIC_PHONE", "+441632960123")
    clinic = Clinic.read(config, config.parent)
    assert (clinic.name, clinic.phone, clinic.logo) == ("", "+441632960123", config.parent / "logo.png")
    decomposed = "Cli\u0301nica"  # typed decomposed: read composed, as content is
    config.write_text(config.read_text(encoding="utf-8").replace("      name:\n", f"      name: {decomposed}\n"))
    assert Clinic.read(config, config.parent).name == "Cl\u00ednica"


@pytest.mark.parametrize("command", [["check"], ["build"], ["handout", "first"]])
def test_every_command_reports_the_setting_without_a_traceback(small_project: Path, tmp_path: Path,
                                                               command: list[str]) -> None:
    with_clinic(small_project / "mkdocs.yml", "    clinic: Back Clinic\n")
    args = [*command, "--out", str(tmp_path / "h.pdf")] if command[0] == "handout" else command
    result = CliRunner().invoke(main, ["--root", str(small_project), *args])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert re.match(r"^mkdocs.yml:[0-9]+:[0-9]+: extra.lumbar.clinic: must be a group", lines[0]), result.output
    assert lines[-1] == "1 problem in the site settings; nothing was done."
    assert not (small_project / "site").exists() and not (tmp_path / "h.pdf").exists()


def test_plain_mkdocs_build_reports_it_too(small_project: Path) -> None:
    import subprocess
    import sys

    with_clinic(small_project / "mkdocs.yml", "    clinic:\n      nmae: x\n")
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    assert mkdocs
    done = subprocess.run([mkdocs, "build", "-f", str(small_project / "mkdocs.yml")], capture_output=True,
                          text=True, timeout=300, cwd=small_project)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert re.search(r"mkdocs.yml:[0-9]+:[0-9]+: extra.lumbar.clinic.nmae: unknown field 'nmae'", done.stderr)
