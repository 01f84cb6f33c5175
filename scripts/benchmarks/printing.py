"""Printing: every card (A4 and Letter, with sheets) and a 4-exercise handout, timed inside
one Python process through the same services as ``lumbar cards`` and ``lumbar handout``
(``lumbar.services``), each cold (an empty build cache) and again unchanged (a second
``BuildCache`` over the same folder, as the next build or the next ``lumbar handout`` makes:
it should do no work). Imports and the project's pictures are ready first: drawing pictures
is the figures step, measured by the builds.

``bench_print`` runs ``measure`` in a fresh process (``python -m benchmarks.printing ROOT``),
so earlier benchmarks' imports and caches do not help it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ENV, PYTHON, ROOT, Results

HANDOUT = ["bridge:sets=2,reps=10", "bird-dog", "knee-rolls", "walking"]
PUBLIC = "https://clinic.github.io/lumbar/"  # a deployed site: cards carry QR codes


def measure(root: Path) -> dict[str, Any]:
    """Seconds (``*_s``), cards rendered and cache misses of each step, cold then unchanged."""
    from lumbar.cache import BuildCache
    from lumbar.printing.selection import ChosenExercise
    from lumbar.publish.print_files import SITE_PAPERS
    from lumbar.services import card_pictures, choose, load_content, make_cards, make_handout
    from lumbar.site import Site

    catalogue = load_content(root)
    site = Site("Lumbar", PUBLIC)
    pictures = card_pictures(catalogue.exercises, BuildCache(root))
    items = [ChosenExercise.as_written(e, pictures.get(e.id)) for e in catalogue.exercises]
    out: dict[str, Any] = {"exercises": len(items), "papers": list(SITE_PAPERS)}
    with tempfile.TemporaryDirectory() as folder:
        for run in ("cold", "unchanged"):
            start = time.perf_counter()
            sets = make_cards(items, site, catalogue.safety, papers=SITE_PAPERS, cache=BuildCache(Path(folder)))
            out[f"cards_{run}_s"] = time.perf_counter() - start
            out[f"cards_{run}_rendered"] = sum(len(s.rendered) for s in sets.values())
    with tempfile.TemporaryDirectory() as folder:
        for run in ("cold", "unchanged"):  # what `lumbar handout` does after loading the content
            start = time.perf_counter()
            cache = BuildCache(Path(folder))
            made = make_handout(choose(catalogue, HANDOUT, cache), next(iter(SITE_PAPERS)), site,
                                catalogue.safety, cache=cache)
            out[f"handout_{run}_s"] = time.perf_counter() - start
            out[f"handout_{run}_misses"] = cache.misses
            out["handout_pages"] = made.pages
    out["handout_exercises"] = len(HANDOUT)
    return out


def bench_print(results: Results) -> None:
    """Card and handout render times, cold and unchanged (``measure``, in a fresh process)."""
    print("\nPrinting: cards and a handout", flush=True)
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), str(ROOT / "scripts"), ENV.get("PYTHONPATH", "")]))
    done = subprocess.run([PYTHON, "-m", __name__, str(ROOT)], env={**ENV, "PYTHONPATH": path},
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"python -m {__name__} failed:\n{done.stderr}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    papers = " and ".join(data["papers"])
    cards = data["exercises"] * len(data["papers"])
    per_card = data["cards_cold_s"] * 1000 / max(data["cards_cold_rendered"], 1)
    results.add(f"All cards ({data['exercises']} exercises on {papers}, with sheets), cold: s",
                f"{data['cards_cold_s']:.2f}",
                detail=f"{data['cards_cold_rendered']} cards rendered, {per_card:.0f} ms a card with "
                       f"{os.cpu_count()} processes; PNG previews for {data['papers'][0]} only, as the site build")
    results.add(f"All cards, unchanged ({data['cards_unchanged_rendered']} of {cards} rendered): ms",
                f"{data['cards_unchanged_s'] * 1000:.0f}")
    label = f"Handout of {data['handout_exercises']} exercises, {data['papers'][0]} compact ({data['handout_pages']} pages)"
    results.add(f"{label}, cold (pictures drawn, laid out, rendered): ms", f"{data['handout_cold_s'] * 1000:.0f}")
    results.add(f"{label}, unchanged ({data['handout_unchanged_misses']} cache misses): ms",
                f"{data['handout_unchanged_s'] * 1000:.0f}")


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
