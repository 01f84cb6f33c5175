"""QR codes (segno) that point printed material back at its page on the site."""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import segno

# Medium error correction survives a crease or a smudge; a 4-module quiet zone is the
# standard's minimum and is what phone cameras need to find the code.
ERROR = "m"
BORDER = 4


def _make(url: str) -> segno.QRCode:
    import segno  # only when a code is drawn: a build that reuses cached codes never loads it

    return segno.make(url, error=ERROR, micro=False, boost_error=False)


@functools.lru_cache(maxsize=256)
def qr_png(url: str, scale: int = 8) -> bytes:
    """A black-on-white PNG with ``scale`` pixels a module (drawn with crisp edges); kept in
    memory, as a card is laid out several times while its picture is sized."""
    buffer = io.BytesIO()
    _make(url).save(buffer, kind="png", scale=scale, border=BORDER)
    return buffer.getvalue()


def qr_svg(url: str, title: str = "") -> bytes:
    """A small SVG for web pages: printing a page shows it so the link survives on paper."""
    buffer = io.BytesIO()
    _make(url).save(buffer, kind="svg", scale=4, border=BORDER, title=title or None, xmldecl=False, svgns=True)
    return buffer.getvalue()
