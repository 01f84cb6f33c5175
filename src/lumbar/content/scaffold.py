"""``lumbar new``: start a content file from a commented template, with a free id."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from lumbar.content.models import ID_PATTERN
from lumbar.errors import UserError
from lumbar.files import file_problem, write_atomic
from lumbar.paths import KINDS, SCAFFOLD_DIR, YAML_SUFFIXES


class ScaffoldError(UserError):
    """``lumbar new`` cannot start the file: the id is taken or not valid, or the file
    cannot be written. Nothing is created."""

    prefix = "Nothing was created: "


class NoReadableId(ScaffoldError):
    """The title gives no readable id (it is in a script with no Latin spelling, or emoji)."""


def slugify(title: str) -> str:
    """A lower-case, hyphenated id from a title.

    "Side plank (easy)" -> "side-plank-easy"; "Farmer's Walk" -> "farmers-walk" (an
    apostrophe joins, it does not split); "Pec stretch à la Müller" -> "pec-stretch-a-la-muller"
    (accents dropped via Unicode NFKD). Raises NoReadableId when fewer than half the title's
    letters have a Latin spelling ("桥式", an emoji), since an id such as ``entry-2`` tells
    reviewers nothing.
    """
    text = re.sub(r"['’‘`´]", "", title)  # Farmer's -> Farmers
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:50].rstrip("-")
    letters = [c for c in text if c.isalnum()]
    kept = [c for c in ascii_text if c.isalnum()]
    if not slug or len(kept) * 2 < len(letters):
        raise NoReadableId(
            f"the title {title!r} gives no readable id; choose one with --id, for example "
            "--id bridge-pose (lower-case letters, digits and hyphens)"
        )
    return slug


def free_id(root: Path, title: str) -> str:
    """The title's slug, numbered if any content file already uses it."""
    return _free(root, slugify(title))


def _free(root: Path, base: str) -> str:
    taken = {p.stem for kind in KINDS.values() if (root / kind.folder).is_dir()
             for p in (root / kind.folder).iterdir() if p.suffix.lower() in YAML_SUFFIXES}
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def new_entry(root: Path, kind: str, title: str, today: dt.date | None = None,
              entry_id: str | None = None) -> Path:
    """Write a new content file for ``kind`` and return its path. Never overwrites.

    ``entry_id`` (from ``--id``) is used as given when free; otherwise the id comes from
    the title. Raises NoReadableId for a title with no readable id, ScaffoldError for a bad
    or taken ``entry_id`` or a file that cannot be read or written.
    """
    today = today or dt.date.today()
    if entry_id is not None:
        if not re.fullmatch(ID_PATTERN, entry_id) or len(entry_id) > 60:
            raise ScaffoldError(f"{entry_id!r} is not a valid id: use lower-case letters, digits and single hyphens, like side-plank")
        if _free(root, entry_id) != entry_id:
            raise ScaffoldError(f"the id {entry_id!r} is already used; choose another")
    else:
        entry_id = free_id(root, title)
    try:
        template = (root / SCAFFOLD_DIR / f"{kind}.yml").read_text(encoding="utf-8")
    except OSError as exc:
        raise ScaffoldError(str(exc)) from None
    # A programme's scaffold names a real exercise, so the new file is valid at once.
    exercises = sorted(p.stem for p in (root / KINDS["exercise"].folder).glob("*.y*ml"))
    example = "walking" if "walking" in exercises else (exercises[0] if exercises else "walking")
    next_review = today + dt.timedelta(days=365)  # reviews are due yearly
    # The title as a JSON string is valid YAML whatever it contains; ensure_ascii=False
    # writes an emoji as itself (a \\uD83D surrogate pair would not read back in YAML).
    text = (template.replace("{id}", entry_id).replace("{name}", json.dumps(title, ensure_ascii=False))
            .replace("{today}", today.isoformat()).replace("{exercise}", example).replace("{next_year}", next_review.isoformat()))
    folder = root / KINDS[kind].folder
    path = folder / f"{entry_id}.yml"
    try:  # whole or not at all: a full disk never leaves half a content file
        write_atomic(path, text.encode("utf-8"), exclusive=True)
    except OSError as exc:
        raise ScaffoldError(str(file_problem(exc, "start the new file"))) from None
    return path
