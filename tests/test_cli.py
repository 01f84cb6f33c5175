"""The command line's one error handler and the ``today`` setting, end to end."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lumbar.cli import main, reports_errors
from lumbar.content.errors import ContentError, ContentErrors
from lumbar.errors import (
    InternalError,
    InvalidValue,
    LumbarError,
    SelectionError,
    SettingsError,
    UsageError,
    UserError,
)
from lumbar.mkdocs.build import BuildFailed, build_site
from lumbar.publish.settings import Settings
from tests.conftest import ROOT, TODAY, VALID_FAQ


def test_every_error_lumbar_raises_is_a_user_or_an_internal_error() -> None:
    for kind in (ContentError, ContentErrors, SelectionError, SettingsError, InvalidValue, BuildFailed, UsageError):
        assert issubclass(kind, UserError), kind
    assert issubclass(InternalError, LumbarError) and not issubclass(InternalError, UserError)
    # A rule broken inside a pydantic validator must still be a ValueError to become a field error.
    assert issubclass(InvalidValue, ValueError)
    assert not issubclass(SelectionError, ValueError)


def _run(command: click.Command, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.output


def _command(error: BaseException) -> click.Command:
    @click.command()
    @reports_errors
    def fails() -> None:
        raise error

    return fails


def test_a_user_error_is_its_message_and_exit_1() -> None:
    code, output = _run(_command(SettingsError("mkdocs.yml: the clinic logo is not a PNG")))
    assert (code, output) == (1, "Error: mkdocs.yml: the clinic logo is not a PNG\n")


def test_a_usage_error_is_clicks_usage_message_and_exit_2() -> None:
    code, output = _run(_command(SelectionError(["no exercise has the id 'bridj'.", "walking is chosen twice"])))
    assert code == 2
    assert "Usage: " in output and "Error: no exercise has the id 'bridj'.\nwalking is chosen twice" in output


def test_a_bug_says_it_is_a_bug_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUMBAR_DEBUG", raising=False)
    code, output = _run(_command(KeyError("card")))
    assert code == 1
    assert output.startswith("Internal error: KeyError: 'card'\nThis is a bug in Lumbar")
    assert "Traceback" not in output
    monkeypatch.setenv("LUMBAR_DEBUG", "1")
    result = CliRunner().invoke(_command(KeyError("card")), [])
    assert isinstance(result.exception, KeyError)  # developers see the real exception


def test_every_command_reports_its_errors() -> None:
    # A command without the handler would let an exception through as a traceback.
    for name, command in main.commands.items():
        assert getattr(command.callback, "__wrapped__", None) is not None, f"lumbar {name} lacks @reports_errors"


# ---- today


def test_the_suite_checks_reviews_against_its_pinned_date() -> None:
    # mkdocs.yml reads `today` from LUMBAR_TODAY, which tests/conftest.py pins.
    assert Settings.load(ROOT).today == TODAY


def test_today_is_a_date_or_the_clock(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - lumbar:\n      today: 2031-02-03\n")
    assert Settings.load(tmp_path).today == dt.date(2031, 2, 3)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - lumbar:\n      today: today\n")
    assert Settings.load(tmp_path).today == dt.date.today()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - lumbar:\n      today: soon\n")
    with pytest.raises(SettingsError, match="plugins: lumbar: today: 'soon' is not a date; write a date such as"):
        Settings.load(tmp_path)


def test_today_reaches_every_build(small_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The small project's reviews fall due on 2099-01-01.
    later = ["--root", str(small_project), "--today", "2099-06-01"]
    code, output = _run(main, *later, "check", "--strict")
    assert code == 1 and "review was due on 2099-01-01" in output
    code, output = _run(main, *later, "check")
    assert code == 0 and "review was due on 2099-01-01" in output
    # The plugin reads it from mkdocs.yml (here through LUMBAR_TODAY), as plain `mkdocs build` does.
    monkeypatch.setenv("LUMBAR_TODAY", "2099-06-01")
    with pytest.raises(BuildFailed, match="warnings in strict mode"):
        build_site(small_project / "mkdocs.yml", strict=True, site_dir=small_project / "later")
    assert not (small_project / "later").exists()


def test_handout_date_today_prints_the_today_setting() -> None:
    from lumbar.printing.selection import personal_from

    personal = personal_from("", "today", (), (), ["bridge"], today=dt.date(2030, 6, 1))
    assert personal.date == "1 June 2030"


def test_a_strict_check_past_the_first_review_fails_with_the_date(tmp_path: Path) -> None:
    root = tmp_path
    (root / "content" / "faq").mkdir(parents=True)
    (root / "content" / "safety.yml").write_text((ROOT / "content" / "safety.yml").read_text(encoding="utf-8"))
    (root / "content" / "policy.yml").write_text((ROOT / "content" / "policy.yml").read_text(encoding="utf-8"))
    (root / "content" / "faq" / "q.yml").write_text(VALID_FAQ.format(id="q"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(root), "--today", "2099-01-02", "check",
                             "--strict"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "content/faq/q.yml:10:20: review.next_review_due: review was due on 2099-01-01" in result.stderr
    assert result.stderr.splitlines()[-1] == "Warnings are errors with --strict; nothing was built."
