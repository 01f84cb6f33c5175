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
    module of this package, and every Lumbar module they import, directly or not
    (``lumbar.cache.lumbar_imports``): the wording (``content.text``, ``content.dose_rules``),
    the rulebook's section order, the models, the safety advice's levels, the site. Editing any
    of it makes cached cards, sheets, handouts and programme PDFs again, and a module added,
    split off or newly imported is never left out. The checks' imports (they read content
    files; they print nothing) are not followed."""
    import importlib
    import pkgutil

    from lumbar.cache import code_digest, lumbar_imports

    names = sorted(f"{__name__}.{info.name}" for info in pkgutil.iter_modules(__path__))
    makers = [name for name in names if name != f"{__name__}.checks"]
    names += [name for name in lumbar_imports(*makers) if name not in names]
    return code_digest(*(importlib.import_module(name) for name in names))


@functools.lru_cache(maxsize=1)
def printed_code() -> str:
    """The ``code`` of every printed thing's cache key (``lumbar.cache.Artifact``): the
    printing code (``printing_code``) and the print font files."""
    from lumbar.printing.layout import font_digest

    return printing_code() + font_digest()
