"""The build cache returns stored results and survives a broken or read-only folder."""

from __future__ import annotations

from pathlib import Path

from lumbar.cache import BuildCache, key_of


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
