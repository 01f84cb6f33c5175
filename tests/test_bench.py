"""The benchmark modules (scripts/benchmarks/) that `make bench` runs: what they build on
must stay valid as the code changes, although the benchmarks themselves run only there."""

from __future__ import annotations

import sys
from pathlib import Path

from lumbar.services import load_content
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

from benchmarks.report import replace_section, tried_notes  # noqa: E402
from benchmarks.scale import synthetic_exercise  # noqa: E402


def test_synthetic_exercises_are_valid_content(tmp_path: Path) -> None:
    # The scale projects add hundreds of them; a model change that refuses them breaks the
    # build benchmarks only when they run.
    (tmp_path / "exercises").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "safety.yml").write_text((ROOT / "content" / "safety.yml").read_text(encoding="utf-8"))
    (tmp_path / "content" / "policy.yml").write_text((ROOT / "content" / "policy.yml").read_text(encoding="utf-8"))
    for index in range(1, 6):
        (tmp_path / "exercises" / f"bench-{index:04d}.yml").write_text(synthetic_exercise(index), encoding="utf-8")
    assert len(load_content(tmp_path).exercises) == 5


def test_one_section_is_replaced_and_the_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\n## Build overhead\n\nold build\n\n## Printing\n\nold print\n\n## Details\n\nd\n")
    replace_section("## Printing", ["## Printing", "", "new print"], path)
    assert path.read_text() == "# Benchmarks\n\n## Build overhead\n\nold build\n\n## Printing\n\nnew print\n\n## Details\n\nd\n"


def test_every_note_on_a_missed_target_is_read() -> None:
    notes = tried_notes()
    assert list(notes) == [
        "Build overhead ratio", "Per-page cost", "lumbar check", "Lighthouse mobile",
        "Edit to browser", "Zensical path / MkDocs path",
    ]
    assert all(len(text) > 80 and "\n" not in text for text in notes.values())
