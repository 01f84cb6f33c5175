#!/usr/bin/env python3
"""Render the exercise cards: ``python scripts/build_cards.py --out DIR --paper a4|letter [ID ...]``.

A thin wrapper around ``lumbar cards`` (the work is in src/lumbar/printing/), kept for people who look for a script. Writes ``<id>.pdf`` and
``<id>.png`` for every exercise, and ``all-cards-<paper>.pdf`` with 4 cards a sheet.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # also works from a checkout that is not pip-installed

from lumbar.cli import main  # noqa: E402

if __name__ == "__main__":
    main(["--root", str(ROOT), "cards", *sys.argv[1:]], prog_name="build_cards.py")
