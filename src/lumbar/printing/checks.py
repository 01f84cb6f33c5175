"""Content checks that only printing can make, run after the content has loaded.

- ``unprintable_errors``: a printed text holds a character that no print font draws (a card
  would show a box or '?' in its place). ``lumbar.services.load_content`` runs it with the
  other checks, so it is an error wherever content is loaded for a build or a print.
- ``card_fit_warnings``: an exercise whose card needs more than two sides; ``lumbar check``
  runs it (laying out every card takes a second).
- ``panel_fit_warnings``: an exercise whose panel in the compact handout is too tall for any
  two to share page one with the header, so that four exercises would need a third A4 page;
  ``lumbar check`` runs it too.

Each verdict is kept in the build cache (``lumbar.cache.Artifact``), so a check with nothing
changed measures nothing.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import lumbar.printing.layout
from lumbar.cache import Artifact, BuildCache, code_digest
from lumbar.content.catalogue import Catalogue, Loaded, dotted
from lumbar.content.errors import ContentError
from lumbar.content.messages import unprintable_message
from lumbar.content.models import Exercise
from lumbar.content.reader import Loc
from lumbar.paths import A4, PAPERS
from lumbar.printing import printing_code
from lumbar.printing.cards import MAX_SIDES, card_content, card_sides_needed
from lumbar.printing.handout_compact import panel_budget, panel_height
from lumbar.printing.layout import font_digest
from lumbar.printing.layout import paper as paper_named
from lumbar.site import Site

# The exercise fields that cards and handouts print (lumbar.printing.cards and .handout).
PRINTED_FIELDS = ("name", "summary", "purpose", "starting_position", "steps", "dose", "feel",
                  "stop_if", "easier", "harder")


def printed_texts(data: dict[str, Any]) -> Iterator[tuple[Loc, str]]:
    """Every text of an exercise file (as read from YAML) that cards and handouts print, with
    its place: ``(("steps", 0), "Lie on your back.")``."""

    def walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*loc, index))
        elif isinstance(value, str):
            yield loc, value

    for name in PRINTED_FIELDS:
        if name in data:
            yield from walk(data[name], (name,))


def _exercise_files(catalogue: Catalogue) -> list[Loaded]:
    return [loaded for loaded in catalogue.entries.values()
            if isinstance(loaded.entry, Exercise) and isinstance(loaded.data, dict)]


def unprintable_chars(cache: BuildCache, texts: Iterable[str]) -> frozenset[str]:
    """The characters of ``texts`` that no print font draws (``FontMetrics.missing``).

    Cached by the set of characters, the font files and the layout code: measuring loads
    every print font with fontTools, which a build with no new character then never does.
    """
    chars = "".join(sorted(set().union(*texts)))
    artifact = Artifact("unprintable", {"chars": chars},
                        code=font_digest() + code_digest(lumbar.printing.layout))
    return frozenset(cache.make_json(artifact, lambda chars: lumbar.printing.layout.metrics().missing(chars)))


def unprintable_errors(catalogue: Catalogue, cache: BuildCache) -> list[ContentError]:
    """An error for each printed text of an exercise that holds a character no print font
    draws, at the character itself when the value is on one line."""
    files = _exercise_files(catalogue)
    unprintable = unprintable_chars(cache, (text for loaded in files for _, text in printed_texts(loaded.data)))
    errors = []
    for loaded in files:
        for loc, value in printed_texts(loaded.data):
            for char in dict.fromkeys(c for c in value if c in unprintable):
                mark = loaded.positions.of_value(loc)
                source = loaded.positions.line(mark.line)  # as read: the file may have changed since
                found = source.find(char, mark.column - 1)
                column = found + 1 if found >= 0 else mark.column
                errors.append(ContentError(loaded.path, mark.line, column, dotted(loc), unprintable_message(char)))
    return errors


# A stand-in for an exercise's picture when checking fit without drawing it: two panels side
# by side, about as tall as the median card picture is for its width (0.45).
_CHECK_PICTURE_ASPECT = 0.45
_CHECK_URL = "https://lumbar.invalid.site/exercises/a-long-exercise-name/"  # a QR code's worth
# A public address, so the card has a QR code; its URL is replaced by the long one above.
_CHECK_SITE = Site(name="Lumbar", url=_CHECK_URL)


def card_fit_warnings(catalogue: Catalogue, cache: BuildCache, pictures: dict[str, Path]) -> list[ContentError]:
    """A warning at the ``steps`` of every exercise whose card needs more than two sides on
    any paper in ``lumbar.paths.PAPERS`` (with a QR code, and with ``pictures``: the card
    pictures by exercise id, as on a deployed site; a stand-in for an exercise without one).
    Shapes: one ``ContentError`` per exercise and paper."""
    stand_in = _stand_in_picture()
    warnings = []
    for exercise in catalogue.exercises:
        loaded = catalogue.entries[exercise.id]
        for name in PAPERS:
            card = replace(card_content(exercise, safety=catalogue.safety, site=_CHECK_SITE),
                           url=_CHECK_URL, picture=pictures.get(exercise.id, stand_in))
            # With a QR code (a deployed site) and without (a placeholder address): the
            # layout differs, and either may need more sides. Cached by every input of the
            # card and the card code, so a check with nothing changed lays out nothing.
            artifact = Artifact("card-sides", {"card": card, "paper": name}, code=printing_code() + font_digest())
            sides = cache.make_json(artifact, _sides_needed, slot=f"{name}/{exercise.id}")
            if sides > MAX_SIDES:
                warnings.append(loaded.error(("steps",), (
                    f"the printed card needs {sides} sides on {paper_named(name).label} paper, but a card "
                    f"has only {MAX_SIDES}; make the steps, stop_if or feel text shorter")))
    return warnings


def panel_fit_warnings(catalogue: Catalogue, cache: BuildCache, pictures: dict[str, Path]) -> list[ContentError]:
    """A warning at the ``steps`` of every exercise whose compact-handout panel on A4 is
    taller than ``handout_compact.panel_budget``: with it, four exercises can need a third
    page of exercises (``pictures``: the card pictures by exercise id; a stand-in for an
    exercise without one). Only A4 is promised: Letter is 18 mm shorter."""
    from lumbar.printing.selection import ChosenExercise

    sheet = paper_named(A4)
    budget = panel_budget(sheet, catalogue.safety)
    warnings = []
    for exercise in catalogue.exercises:
        item = ChosenExercise.as_written(exercise, pictures.get(exercise.id, _stand_in_picture()))
        artifact = Artifact("panel-height", {"item": item, "safety": catalogue.safety},
                            code=printing_code() + font_digest())
        height = cache.make_json(artifact, lambda item, safety: panel_height(item, sheet), slot=exercise.id)
        if height > budget:
            warnings.append(catalogue.entries[exercise.id].error(("steps",), (
                f"the exercise takes {height:.0f} mm in the compact handout on A4 paper, but at most "
                f"{budget:.0f} mm lets any four exercises fit on two pages; make the steps, stop_if or "
                "feel text shorter")))
    return warnings


def _sides_needed(card: Any, paper: str) -> int:
    return max(card_sides_needed(replace(card, url=url), paper_named(paper)) for url in (_CHECK_URL, ""))


@functools.lru_cache(maxsize=1)
def _stand_in_picture() -> Path:
    path = Path(tempfile.gettempdir()) / f"lumbar-card-check-{_CHECK_PICTURE_ASPECT}.png"
    if not path.is_file():
        from PIL import Image

        Image.new("RGB", (200, round(200 * _CHECK_PICTURE_ASPECT)), "white").save(path)
    return path
