"""Printed output: cards, sheets of cards, handouts and programme PDFs.

Kept free of imports so the command line can offer the handout layouts without loading the
renderer.
"""

from __future__ import annotations

import functools

# `lumbar handout --layout`: the compact handout (two or three exercises a page, with a
# tick-box log) and one exercise a page. The first is the default.
HANDOUT_LAYOUTS = ("compact", "one-per-page")


def printing_code() -> str:
    """A hash of every module that decides what a printed file says or how it looks: each
    module of this package, and the content wording it prints (``lumbar.content.text``,
    ``lumbar.content.dose_rules``). Editing any of it makes cached cards, sheets, handouts and
    programme PDFs again, and a module added or split off is never left out."""
    import importlib
    import pkgutil

    from lumbar.cache import code_digest

    names = sorted(f"{__name__}.{info.name}" for info in pkgutil.iter_modules(__path__))
    names += ["lumbar.content.text", "lumbar.content.dose_rules", "lumbar.site"]
    return code_digest(*(importlib.import_module(name) for name in names))


@functools.lru_cache(maxsize=1)
def printed_code() -> str:
    """The ``code`` of every printed thing's cache key (``lumbar.cache.Artifact``): the
    printing code (``printing_code``) and the print font files."""
    from lumbar.printing.layout import font_digest

    return printing_code() + font_digest()
