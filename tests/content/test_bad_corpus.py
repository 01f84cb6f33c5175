"""A corpus of broken content files, each with the exact errors it must produce.

Each file in tests/content/bad/<kind>/ starts with one or more ``# expect: line:col: field: message``
comments. The file is copied into a scratch project beside valid entries it may refer
to (``helper-stretch``, ``helper-hard``, ``helper-question`` and ``helper-pair``) and loaded; the errors reported for that
file must start with the expected texts, in order, and nothing may print a traceback.

Each file in tests/content/bad/settings/ is a whole ``mkdocs.yml`` whose site settings are
wrong, checked the same way (``mkdocs.yml:line:col: field: message``).

A message that suggests a fix ("Did you mean 'strength'?", "rename the file to
side-plank.yml") is tested by applying it: the fix the error carries is made to the file,
and the file must then load (or, when not every error suggested one, those errors must be
gone). Each file in tests/content/bad/settings/ is a whole ``mkdocs.yml`` whose site settings are
wrong, checked the same way (``mkdocs.yml:line:col: field: message``).

A message that suggests a fix without carrying it fails.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lumbar.content.errors import ContentError, ContentErrors, apply_fixes
from lumbar.services import load_content
from tests.conftest import FOLDERS, ROOT, VALID_EXERCISE, VALID_FAQ, VALID_PAIR

# A hard strength exercise (for the gentle-first cases) and a pair whose avoided activity has
# an alias (for the alias cases), beside the helpers every case may refer to.
HELPER_HARD = (VALID_EXERCISE.format(id="helper-hard").replace("name: Test stretch", "name: Test hard move")
               .replace("category: stretch", "category: strength")
               .replace("difficulty: easy", "difficulty: hard").replace("pain_patterns: [eased-by-sitting]", "pain_patterns: []")
               .replace("how_often: Twice a day", "how_often: 2 or 3 days a week"))
HELPER_PAIR = VALID_PAIR.format(id="helper-pair", exercise="helper-stretch").replace(
    "  name: Something hard\n", "  name: Something hard\n  aliases: [bending over]\n")

CORPUS = Path(__file__).parent / "bad"
KIND_OF_FOLDER = {"exercises": "exercise", "faq": "faq", "avoid": "avoid", "programmes": "programme"}
CASES = sorted(p for p in CORPUS.glob("*/*") if p.suffix in {".yml", ".yaml"} and p.parent.name in KIND_OF_FOLDER)
# Broken site settings: each file is a whole mkdocs.yml (``extra: lumbar: clinic:`` and the like).
SETTINGS_CASES = sorted(CORPUS.glob("settings/*.yml"))


def expectations(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return [line.split("# expect:", 1)[1].strip() for line in lines if line.startswith("# expect:")]


def scratch_project(root: Path, case: Path) -> Path:
    (root / "exercises").mkdir(parents=True)
    (root / "content" / "faq").mkdir(parents=True)
    (root / "content" / "avoid").mkdir(parents=True)
    (root / "content" / "programmes").mkdir(parents=True)
    (root / "exercises" / "helper-stretch.yml").write_text(VALID_EXERCISE.format(id="helper-stretch"))
    (root / "content" / "faq" / "helper-question.yml").write_text(VALID_FAQ.format(id="helper-question"))
    (root / "exercises" / "helper-hard.yml").write_text(HELPER_HARD)
    (root / "content" / "avoid" / "helper-pair.yml").write_text(HELPER_PAIR)
    shutil.copy(ROOT / "content" / "safety.yml", root / "content" / "safety.yml")
    shutil.copy(ROOT / "content" / "policy.yml", root / "content" / "policy.yml")
    target = root / FOLDERS[KIND_OF_FOLDER[case.parent.name]] / case.name
    shutil.copy(case, target)
    return target


# Words of a message that spell out one exact change to make.
SUGGESTS = re.compile(r"Did you mean '|use id: |rename the file to |[Pp]ut (the whole text|it) in quotes|delete it|"
                      r"delete the |remove the #|write .+ itself instead|write https:|instead of http://|"
                      r"write \*\*.+\*\* instead|write \[.+\]\(.+\) instead")


def errors_for(root: Path, target: Path) -> list[ContentError]:
    """The errors ``load_content(root)`` reports for the file ``target`` (none if it loads)."""
    try:
        load_content(root)
    except ContentErrors as errors:
        return [e for e in errors.errors if e.path.resolve() == target.resolve()]
    return []


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_bad_file_gives_exactly_the_expected_errors(case: Path, tmp_path: Path) -> None:
    expected = expectations(case)
    assert expected, f"{case} has no '# expect:' line"
    target = scratch_project(tmp_path, case)
    with pytest.raises(ContentErrors) as info:
        load_content(tmp_path)
    relative = target.relative_to(tmp_path).as_posix()
    got = [e.format(tmp_path).removeprefix(relative + ":") for e in info.value.errors
           if e.format(tmp_path).startswith(relative + ":")]
    assert len(got) == len(expected), f"expected {expected}, got {got}"
    for want, message in zip(expected, got):
        assert message.startswith(want), f"expected {want!r}, got {message!r}"


def test_whole_corpus_through_the_cli_prints_no_traceback(tmp_path: Path) -> None:
    for case in CASES:
        target_dir = tmp_path / FOLDERS[KIND_OF_FOLDER[case.parent.name]]
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(case, target_dir / case.name)
    result = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(tmp_path), "check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    *messages, summary = result.stderr.splitlines()
    assert summary.endswith("errors found; nothing was built.")
    # Every message is `path:line:col: ...`, one a line, for a file of the corpus.
    where = re.compile(r"^(exercises|content/faq|content/avoid|content)/[^:]+\.ya?ml:[0-9]+:[0-9]+: \S")
    assert messages and all(where.match(line) for line in messages), [m for m in messages if not where.match(m)]


SUGGESTING = [case for case in CASES if any(SUGGESTS.search(line) for line in expectations(case))]


def test_many_corpus_messages_suggest_a_fix() -> None:
    assert len(SUGGESTING) >= 15


@pytest.mark.parametrize("case", SUGGESTING, ids=[f"{p.parent.name}/{p.name}" for p in SUGGESTING])
def test_suggested_fix_is_accepted_when_applied(case: Path, tmp_path: Path) -> None:
    target = scratch_project(tmp_path, case)
    errors = errors_for(tmp_path, target)
    for error in errors:
        if SUGGESTS.search(error.message):
            assert error.fix, f"{error.format(tmp_path)} suggests a change but carries none to test"
    fixed = apply_fixes(target, [fix for error in errors for fix in error.fix])
    after = errors_for(tmp_path, fixed)
    if all(error.fix for error in errors):
        assert after == [], f"after applying the suggested fixes: {[e.format(tmp_path) for e in after]}"
    else:  # the errors that named no fix remain; the fixed ones must be gone
        remaining = {error.message for error in after}
        assert not {error.message for error in errors if error.fix} & remaining


# ---- Site settings (mkdocs.yml)


def settings_errors(root: Path) -> list[ContentError]:
    """The problems ``Settings.load(root)`` reports (none if it loads)."""
    from lumbar.publish.settings import Settings, SettingsProblems

    try:
        Settings.load(root)
    except SettingsProblems as problems:
        return problems.errors
    return []


def settings_project(root: Path, case: Path) -> Path:
    """A scratch project whose mkdocs.yml is ``case``; returns its mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir()
    shutil.copy(ROOT / "content" / "safety.yml", root / "content" / "safety.yml")
    shutil.copy(case, root / "mkdocs.yml")
    return root / "mkdocs.yml"


def test_settings_corpus_is_there() -> None:
    assert len(SETTINGS_CASES) >= 8


@pytest.mark.parametrize("case", SETTINGS_CASES, ids=[p.name for p in SETTINGS_CASES])
def test_bad_settings_give_exactly_the_expected_errors(case: Path, tmp_path: Path) -> None:
    expected = expectations(case)
    assert expected, f"{case} has no '# expect:' line"
    settings_project(tmp_path, case)
    got = [e.format(tmp_path).removeprefix("mkdocs.yml:") for e in settings_errors(tmp_path)]
    assert len(got) == len(expected), f"expected {expected}, got {got}"
    for want, message in zip(expected, got):
        assert message.startswith(want), f"expected {want!r}, got {message!r}"


@pytest.mark.parametrize("case", SETTINGS_CASES, ids=[p.name for p in SETTINGS_CASES])
def test_bad_settings_through_lumbar_check_are_file_line_col(case: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lumbar.cli import main

    settings_project(tmp_path, case)
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "check"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    *messages, summary = result.output.splitlines()
    assert summary.endswith("in the site settings; nothing was done.")
    assert messages and all(re.match(r"^mkdocs.yml:[0-9]+:[0-9]+: extra\.lumbar\S*: \S", m) for m in messages), messages


SETTINGS_SUGGESTING = [case for case in SETTINGS_CASES if any(SUGGESTS.search(line) for line in expectations(case))]


@pytest.mark.parametrize("case", SETTINGS_SUGGESTING, ids=[p.name for p in SETTINGS_SUGGESTING])
def test_suggested_settings_fix_is_accepted_when_applied(case: Path, tmp_path: Path) -> None:
    config = settings_project(tmp_path, case)
    errors = settings_errors(tmp_path)
    assert errors and all(error.fix for error in errors)
    apply_fixes(config, [fix for error in errors for fix in error.fix])
    assert settings_errors(tmp_path) == []
