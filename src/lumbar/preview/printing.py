"""The live preview's print files, made in a process of their own after the pages.

Cards, sheets, QR codes and programme PDFs take seconds to draw when an exercise changes (an
edit to one step of the bridge redraws its cards and every sheet); ``lumbar serve`` shows the
changed pages first and starts this process then, which draws what changed (the rest comes
from the build cache) into a folder the preview server serves beside the pages. A process,
not a thread: drawing holds the interpreter lock, which would slow the next page rebuild.

    python -m lumbar.preview.printing ROOT OUT [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from lumbar.cache import BuildCache
from lumbar.errors import UserError
from lumbar.figures import exercise_pictures
from lumbar.publish.export import DocsFiles, write_tree
from lumbar.publish.print_files import site_print_files
from lumbar.publish.settings import Settings
from lumbar.publish.site_folder import staging_beside, swap
from lumbar.services import load_content


def make_print_files(root: Path, out: Path, today: dt.date | None = None) -> int:
    """Draw (or take from the cache) every print file of the project in ``root`` and put
    them, by docs path, in place of the folder ``out``; returns how many. UserError when the
    content or settings cannot be read (the page build has said so already)."""
    settings = Settings.load(root)
    catalogue = load_content(root, today=today or settings.today)
    cache = BuildCache(root)
    _, pictures = exercise_pictures(catalogue.exercises, cache)
    printed = site_print_files(catalogue, settings, cache=cache, pictures=pictures)
    files: DocsFiles = {**printed.copies, **printed.contents}
    staging = staging_beside(out)
    write_tree(staging, files, prune=False)
    swap(staging, out)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    """The command above; exit status 1, with the message, when a UserError stops it."""
    parser = argparse.ArgumentParser(prog="python -m lumbar.preview.printing")
    parser.add_argument("root", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    if hasattr(os, "nice"):
        os.nice(10)  # after the pages, never before them: the next edit's rebuild comes first
    try:
        make_print_files(args.root.resolve(), args.out.resolve(), args.today)
    except UserError as error:
        print(error.report(args.root), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
