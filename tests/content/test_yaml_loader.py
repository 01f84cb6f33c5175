"""The strict YAML loader: positions, and the YAML features it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumbar.content.errors import ContentError
from lumbar.content.reader import MAX_FILE_BYTES, load_yaml


def load(tmp_path: Path, text: str | bytes) -> object:
    path = tmp_path / "x.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_yaml(path)


def error_of(tmp_path: Path, text: str | bytes) -> ContentError:
    with pytest.raises(ContentError) as info:
        load(tmp_path, text)
    return info.value


def test_yaml_11_booleans_and_octal_stay_strings(tmp_path: Path) -> None:
    data, _ = load(tmp_path, "a: no\nb: on\nc: 010\nd: yes\ne: true\nf: 12\ng: 1.5\nh: 2026-01-02\n")
    assert data["a"] == "no" and data["b"] == "on" and data["c"] == "010" and data["d"] == "yes"
    assert data["e"] is True and data["f"] == 12 and data["g"] == 1.5
    assert str(data["h"]) == "2026-01-02"


def test_positions_of_keys_and_values(tmp_path: Path) -> None:
    _, positions = load(tmp_path, "name: x\nsteps:\n  - one\n  - two\ndose:\n  reps: 3\n")
    assert positions.of_key(("dose", "reps")).line == 6
    assert (positions.of_value(("steps", 1)).line, positions.of_value(("steps", 1)).column) == (4, 5)
    assert (positions.of_value(("dose", "reps")).line, positions.of_value(("dose", "reps")).column) == (6, 9)


def test_alias_is_rejected_at_the_alias(tmp_path: Path) -> None:
    error = error_of(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert (error.line, error.column) == (1, 4)
    assert "anchors" in error.message


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    bomb = "a: &a [x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    error = error_of(tmp_path, bomb)
    assert error.line == 1 and "not allowed" in error.message


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    error = error_of(tmp_path, "name: a\nsteps: []\nname: b\n")
    assert (error.line, error.column, error.field) == (3, 1, "name")
    assert "duplicate key 'name' (first given on line 1)" in error.message


def test_nested_duplicate_key(tmp_path: Path) -> None:
    error = error_of(tmp_path, "dose:\n  reps: 1\n  reps: 2\n")
    assert (error.line, error.column, error.field) == (3, 3, "dose.reps")


def test_syntax_error_has_position(tmp_path: Path) -> None:
    error = error_of(tmp_path, "name: a\nsteps: [one, two\n")
    assert (error.line, error.column) == (2, 8)
    assert error.message.startswith("YAML syntax: the list in [ ] that starts here is not closed before the end of the file on line 3")


def test_not_utf8(tmp_path: Path) -> None:
    error = error_of(tmp_path, b"name: caf\xe9\n")
    assert (error.line, error.column) == (1, 10)
    assert "UTF-8" in error.message


def test_file_over_size_cap(tmp_path: Path) -> None:
    error = error_of(tmp_path, "a: " + "x" * MAX_FILE_BYTES + "\n")
    assert "limit" in error.message


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in error_of(tmp_path, "").message


@pytest.mark.parametrize("nesting", [
    "b: " + "[" * 3000,  # libyaml refuses it; the Python parser would recurse 3,000 times
    "b: &x\n  " + "- " * 100 + "deep",  # an anchor sends the file to the Python parser
])
def test_deep_nesting_is_refused_at_its_line(tmp_path: Path, nesting: str) -> None:
    error = error_of(tmp_path, "name: x\n" + nesting + "\n")
    assert error.line == 2 or error.line == 3, error.format(tmp_path)
    assert "nest too deeply" in error.message
