"""A corpus of broken content files, each with the exact errors it must produce.

Each file in tests/content/bad/<kind>/ starts with one or more ``# expect: line:col: field: message``
comments. The file is copied into a scratch project beside valid entries it may refer
to (``helper-stretch``, ``helper-hard``, ``helper-question`` and ``helper-pair``) and loaded; the errors reported for that
file must start with the expected texts, in order, and nothing may print a traceback.

Each file in tests/content/bad/settings/ is a whole ``mkdocs.yml`` whose site settings are
wrong, checked the same way (``mkdocs.yml:line:col: field: message``).

tests/content/bad/entries.yml lists content entries that are not ordinary files (links that
lead nowhere or back to themselves, a folder, a named pipe) and files not named like content
files; each is made in the scratch project and must give its one error.

A message that suggests a fix ("Did you mean 'strength'?", "rename the file to
side-plank.yml", "delete it") is tested by applying it: every error of every case is looked
at (not only the expected texts), the fix the error carries is made to the file, and the
file must then load (or, when not every error suggested one, those errors must be gone). A
message that suggests one exact change without carrying it fails. An example ("such as",
"for example") is not a fix.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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
                      r"write \*\*.+\*\* instead|write \[.+\]\(.+\) instead|Rename it to \S+\.yml|"
                      r"replace the link with a copy|remove the reason|write the words in quotation marks")

# Entries that are not ordinary files, made in the scratch project (git keeps no pipes).
ENTRIES = yaml.safe_load((CORPUS / "entries.yml").read_text(encoding="utf-8"))


def valid_entry(kind: str, name: str) -> str:
    """A valid entry of ``kind`` (faq or exercise) for a file called ``name``, whose id is
    the name up to its first dot, made an id ('Side Plank.txt' -> side-plank)."""
    from lumbar.content.scaffold import slugify

    entry = slugify(name.split(".")[0])
    if kind == "exercise":
        return VALID_EXERCISE.format(id=entry).replace("name: Test stretch", f"name: Test stretch {entry}")
    return VALID_FAQ.format(id=entry).replace("Is this a test?", f"Is {entry} a test?")


def make_entry(root: Path, entry: dict[str, str]) -> Path:
    """Make the entry ``entry`` of entries.yml under ``root``; returns its path."""
    path = root / entry["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if entry["make"] == "link":
        if "target" in entry:
            target = (path.parent / entry["to"]).resolve()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(valid_entry(entry["target"], target.name), encoding="utf-8")
        path.symlink_to(entry["to"])
    elif entry["make"] == "loop":
        path.symlink_to(entry["to"])
        (path.parent / entry["to"]).symlink_to(path.name)
    elif entry["make"] == "folder":
        path.mkdir()
        (path / "inside.yml").write_text(VALID_FAQ.format(id="inside"), encoding="utf-8")
    elif entry["make"] == "pipe":
        os.mkfifo(path)
    else:
        path.write_text(valid_entry(entry["text"], path.name), encoding="utf-8")
    return path


def errors_for(root: Path, target: Path) -> list[ContentError]:
    """The errors ``load_content(root)`` reports for the file ``target`` (none if it loads)."""
    try:
        load_content(root)
    except ContentErrors as errors:
        return [e for e in errors.errors if e.path.absolute() == target.absolute()]
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


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["path"] for entry in ENTRIES])
def test_entry_that_is_not_a_content_file_gives_the_expected_error(entry: dict[str, str], tmp_path: Path) -> None:
    _, errors = corpus_errors(entry, tmp_path)
    assert [e.format(tmp_path).removeprefix(entry["path"] + ":") for e in errors] == [entry["expect"]]


def test_whole_corpus_through_the_cli_prints_no_traceback(tmp_path: Path) -> None:
    for case in CASES:
        target_dir = tmp_path / FOLDERS[KIND_OF_FOLDER[case.parent.name]]
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(case, target_dir / case.name)
    for entry in ENTRIES:
        make_entry(tmp_path, entry)
    result = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(tmp_path), "check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    *messages, summary = result.stderr.splitlines()
    assert summary.endswith("errors found; nothing was built.")
    # Every message is `path:line:col: ...`, one a line, for a file of the corpus.
    where = re.compile(r"^(exercises|content/faq|content/avoid|content/programmes|content)/[^:]+\.(ya?ml|md|txt|bak)"
                       r":[0-9]+:[0-9]+: \S")
    assert messages and all(where.match(line) for line in messages), [m for m in messages if not where.match(m)]


def corpus_errors(case: Path, root: Path) -> tuple[Path, list[ContentError]]:
    """The file of ``case`` (a corpus file, or an entry of entries.yml) in a scratch
    project at ``root``, and every error it gets."""
    if isinstance(case, dict):
        scratch_project(root, CASES[0]).unlink()
        target = make_entry(root, case)
    else:
        target = scratch_project(root, case)
    return target, errors_for(root, target)


# Every case, each looked at for messages that suggest a fix (their own errors, not the
# expected texts, which may stop before the suggestion).
ALL_CASES: list[Path | dict[str, str]] = [*CASES, *ENTRIES]
ALL_IDS = [f"{p.parent.name}/{p.name}" if isinstance(p, Path) else p["path"] for p in ALL_CASES]


def test_many_corpus_messages_suggest_a_fix() -> None:
    suggesting = [case for case in CASES if any(SUGGESTS.search(line) for line in expectations(case))]
    suggesting += [entry for entry in ENTRIES if SUGGESTS.search(entry["expect"])]
    assert len(suggesting) >= 20


@pytest.mark.parametrize("case", ALL_CASES, ids=ALL_IDS)
def test_suggested_fix_is_accepted_when_applied(case: Path | dict[str, str], tmp_path: Path) -> None:
    target, errors = corpus_errors(case, tmp_path)
    assert errors, "the case gives no error"
    for error in errors:
        if SUGGESTS.search(error.message):
            assert error.fix, f"{error.format(tmp_path)} suggests a change but carries none to test"
    if not any(error.fix for error in errors):
        return
    fixed = apply_fixes(target, [fix for error in errors for fix in error.fix])
    after = errors_for(tmp_path, fixed) if fixed.exists() or fixed.is_symlink() else []
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


def test_many_settings_messages_suggest_a_fix() -> None:
    assert len([case for case in SETTINGS_CASES if any(SUGGESTS.search(line) for line in expectations(case))]) >= 4


@pytest.mark.parametrize("case", SETTINGS_CASES, ids=[p.name for p in SETTINGS_CASES])
def test_suggested_settings_fix_is_accepted_when_applied(case: Path, tmp_path: Path) -> None:
    """As for content: every error is looked at; one that names a change carries it, and
    applying the changes leaves no error."""
    config = settings_project(tmp_path, case)
    errors = settings_errors(tmp_path)
    assert errors
    for error in errors:
        if SUGGESTS.search(error.message):
            assert error.fix, f"{error.format(tmp_path)} suggests a change but carries none to test"
    if not all(error.fix for error in errors):
        return
    apply_fixes(config, [fix for error in errors for fix in error.fix])
    assert settings_errors(tmp_path) == []
