"""``lumbar new``: start a content file from a commented template, with a free id."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from lumbar.paths import KINDS, SCAFFOLD_DIR


def slugify(title: str) -> str:
    """A lower-case, hyphenated id from a title: "Side plank (easy)" -> "side-plank-easy"."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:50].rstrip("-") or "entry"


def free_id(root: Path, title: str) -> str:
    """The title's slug, numbered if any content file already uses it."""
    taken = {p.stem for kind in KINDS.values() for p in (root / kind.folder).glob("*.y*ml")}
    base = slugify(title)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def new_entry(root: Path, kind: str, title: str, today: dt.date | None = None) -> Path:
    """Write a new content file for ``kind`` and return its path. Never overwrites."""
    today = today or dt.date.today()
    entry_id = free_id(root, title)
    template = (root / SCAFFOLD_DIR / f"{kind}.yml").read_text(encoding="utf-8")
    # A programme's scaffold names a real exercise, so the new file is valid at once.
    exercises = sorted(p.stem for p in (root / KINDS["exercise"].folder).glob("*.y*ml"))
    example = "walking" if "walking" in exercises else (exercises[0] if exercises else "walking")
    next_review = today + dt.timedelta(days=365)  # reviews are due yearly
    # The title is quoted as a JSON string, which is valid YAML whatever it contains.
    text = (template.replace("{id}", entry_id).replace("{name}", json.dumps(title))
            .replace("{today}", today.isoformat()).replace("{exercise}", example).replace("{next_year}", next_review.isoformat()))
    folder = root / KINDS[kind].folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{entry_id}.yml"
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path
