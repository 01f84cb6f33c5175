"""The build cache returns stored results and survives a broken or read-only folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import lumbar.figures.contacts
import lumbar.printing.layout
from lumbar.cache import BuildCache, key_of
from lumbar.content.catalogue import load_catalogue
from lumbar.content.errors import ContentErrors
from lumbar.paths import CACHE_DIR
from lumbar.services import load_content
from tests.conftest import VALID_EXERCISE


def test_second_get_reads_the_stored_result(tmp_path: Path) -> None:
    calls: list[int] = []

    def make() -> bytes:
        calls.append(1)
        return b"<svg/>"

    cache = BuildCache(tmp_path)
    key = key_of("bridge", {"knees": 110})
    assert cache.get("figures", key, make) == b"<svg/>"
    assert BuildCache(tmp_path).get("figures", key, make) == b"<svg/>"
    assert len(calls) == 1
    assert key != key_of("bridge", {"knees": 111})


def test_json_values_round_trip(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    value = {"figures/bridge-start.svg": "<svg>…</svg>"}
    assert cache.get_json("figures", key_of(1), lambda: value) == value
    assert cache.get_json("figures", key_of(1), lambda: {}) == value


def test_unwritable_cache_still_builds(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("not a folder")
    assert BuildCache(tmp_path).get("qr", key_of("x"), lambda: b"data") == b"data"


def test_a_slot_keeps_the_entry_in_use_and_the_latest_other(tmp_path: Path) -> None:
    import os

    made = BuildCache(tmp_path)
    paths = [made.put("cards", key_of(n), b"%d" % n, slot="a4/bridge") for n in range(3)]
    folder = paths[0].parent
    assert sorted(folder.iterdir()) == sorted(paths)  # all three are in use by `made`
    for age, path in enumerate(paths):  # oldest first
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    later = BuildCache(tmp_path)  # the next build, using entry 0 again and storing a new one
    assert later.find("cards", key_of(0), slot="a4/bridge") == paths[0]
    new = later.put("cards", key_of(3), b"3", slot="a4/bridge")
    # In use: 0 and 3 (two, the default KEEP): every other entry is pruned.
    assert sorted(folder.iterdir()) == sorted([paths[0], new])
    third = BuildCache(tmp_path)
    third.put("cards", key_of(4), b"4", slot="a4/bridge", keep=2)
    assert sorted(p.name for p in folder.iterdir()) == sorted([key_of(4), new.name])  # the latest other is 3
    assert (later.hits, later.misses) == (1, 0)
    # Entries outside a slot are never pruned.
    for n in range(5):
        third.put("qr", key_of("qr", n), b"x")
    assert len([p for p in (tmp_path / ".cache" / "build" / "qr").rglob("*") if p.is_file()]) == 5


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_content(root)
    return [error.format(root) for error in info.value.errors]


def test_unprintable_characters_are_found_from_the_cache_too(project: Callable[..., Path],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Which characters no print font draws is cached, so a build loads no font; a second
    # check reads the verdict and still reports the character at its place.
    text = VALID_EXERCISE.format(id="x").replace("Pull one knee to your chest.", "Pull one knee up 🚶.")
    root = project(exercise={"x": text})
    first = errors_of(root)
    assert len(first) == 1 and "exercises/x.yml:14:22: steps[0]: '🚶' (U+1F6B6" in first[0]
    assert list((root / CACHE_DIR / "unprintable").rglob("*"))
    monkeypatch.setattr(lumbar.printing.layout, "metrics", lambda: pytest.fail("measured the fonts again"))
    assert errors_of(root) == first


def test_figure_contact_problems_are_found_from_the_cache_too(project: Callable[..., Path],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # Posing every figure to check its declared contacts is cached too (it was most of
    # loading the content); the second load reports the same problems at the same places.
    text = VALID_EXERCISE.format(id="x") + "    contacts: {floor: [feet, hips], chair: [hips]}\n"
    root = project(exercise={"x": text})
    first = errors_of(root)
    assert [e.split(": ")[1] for e in first] == ["figure.end.contacts.floor[0]", "figure.end.contacts.chair[0]"]
    monkeypatch.setattr(lumbar.figures.contacts, "picture_problems", lambda exercise: pytest.fail("posed again"))
    assert errors_of(root) == first


def test_figure_alt_text_follows_a_renamed_exercise(project: Callable[..., Path]) -> None:
    # The SVGs carry the name and starting position as their title and description, so
    # those are part of the figures' cache key, not only the pose.
    from lumbar.figures import exercise_pictures

    exercise = load_catalogue(project(exercise={"x": VALID_EXERCISE.format(id="x")})).get("x")
    renamed = exercise.model_copy(update={"name": "Knee hug", "starting_position": "Lie down."})
    cache = BuildCache(project())
    before = exercise_pictures([exercise], cache)[0]["exercises/figures/x-start.svg"]
    after = exercise_pictures([renamed], cache)[0]["exercises/figures/x-start.svg"]
    assert "Test stretch: starting position" in before
    assert "Knee hug: starting position" in after and "Lie down." in after


def test_lumbar_imports_follows_every_import_down_to_the_last_module() -> None:
    from lumbar.cache import lumbar_imports

    found = lumbar_imports("lumbar.printing.handout")
    assert "lumbar.printing.handout" in found
    assert "lumbar.content.rulebook" in found  # `from lumbar.content.rulebook import sections`
    assert "lumbar.content.markup" in found  # through the rulebook: handout does not import it
    assert all(name.split(".")[0] == "lumbar" for name in found)  # not fpdf, not __future__
    assert "lumbar.publish.settings" not in found and "lumbar" not in found
    assert "lumbar.printing.layout" in lumbar_imports("lumbar.printing")  # deferred, inside a function
    assert "lumbar.content.rulebook" in lumbar_imports("lumbar.printing.selection")  # `from lumbar.content import rulebook`


def test_lumbar_imports_reads_relative_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # None in the package today, but one added must not leave its module out of a cache key.
    import lumbar.cache

    package = tmp_path / "lumbar"
    (package / "sub").mkdir(parents=True)
    for name, text in {"__init__.py": "", "top.py": "", "sub/__init__.py": "from . import near\n",
                       "sub/near.py": "from ..top import x\nfrom .far import y\n", "sub/far.py": ""}.items():
        (package / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(lumbar.cache, "__file__", str(package / "cache.py"))
    assert lumbar.cache.lumbar_imports("lumbar.sub") == ["lumbar.sub", "lumbar.sub.far", "lumbar.sub.near", "lumbar.top"]

