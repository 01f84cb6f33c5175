"""The picture check, run after the content has loaded: every exercise's declared
``contacts:`` and ``steps_say:`` facts measured in its posed figures
(``lumbar.figures.contacts``, ``lumbar.figures.facts``). A part that does not touch its
surface, or a fact the picture breaks, is a content error at its line.

``lumbar.services.load_content`` runs it with the other checks of later stages. Each verdict
is kept in the build cache by the figure and the figure code: posing every figure was most
of loading the content, on every build.
"""

from __future__ import annotations

import lumbar.figures.contacts
from lumbar.cache import Artifact, BuildCache
from lumbar.content.catalogue import Catalogue
from lumbar.content.errors import ContentError
from lumbar.content.models import Exercise
from lumbar.figures.draw import drawing_code


def picture_errors(catalogue: Catalogue, cache: BuildCache) -> list[ContentError]:
    """A ContentError for each declared contact (or part sunk into the floor or over a mat's
    edge) and each ``steps_say`` fact that the pictures of an exercise in ``catalogue``
    contradict, at its line."""
    errors: list[ContentError] = []
    for loaded in catalogue.entries.values():
        exercise = loaded.entry
        if not isinstance(exercise, Exercise):
            continue
        artifact = Artifact("contacts", {"figure": exercise.figure},
                            code=drawing_code())
        found = cache.make_json(artifact, lambda figure, exercise=exercise: list(
            lumbar.figures.contacts.picture_problems(exercise)))
        errors.extend(loaded.error(tuple(loc), message) for loc, message in found)
    return errors
