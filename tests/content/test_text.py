"""content.text.plain_text: the one Markdown-to-plain-text function (print, titles, alt text)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lumbar.content.catalogue import load_catalogue
from lumbar.content.text import plain_text
from lumbar.figures import alt_text
from tests.conftest import VALID_EXERCISE


@pytest.mark.parametrize(("markdown", "plain"), [
    ("Read the [NHS advice](https://www.nhs.uk/conditions/back-pain/).", "Read the NHS advice."),
    ("Keep your back **flat** and *breathe* out.", "Keep your back flat and breathe out."),
    ("Hold for __ten__ seconds, _slowly_.", "Hold for ten seconds, slowly."),
    ("Type `lumbar check` first.", "Type lumbar check first."),
    ("See [**the bridge**](https://example.org/bridge/).", "See the bridge."),
    ("Lie on your back.\n  Bend your knees.", "Lie on your back. Bend your knees."),
    ("3 * 10 repetitions", "3 * 10 repetitions"),  # a lone star is not emphasis
    ("a file_name stays", "a file_name stays"),
    (r"an escaped \*star\* and \_line", "an escaped *star* and _line"),
    ("", ""),
])
def test_plain_text(markdown: str, plain: str) -> None:
    assert plain_text(markdown) == plain


def test_figure_alt_text_is_written_with_plain_text(project: Callable[..., Path]) -> None:
    text = (VALID_EXERCISE.format(id="x").replace("name: Test stretch", "name: The `test` **stretch**")
            .replace("starting_position: Lie on your back", "starting_position: Lie on your *back*"))
    exercise = load_catalogue(project(exercise={"x": text})).get("x")
    assert alt_text(exercise, "start") == ("The test stretch: starting position. "
                                           "Lie on your back with your knees bent.")
