"""What a picture is drawn with: the palette and the simple shapes (lines, paths, circles,
polygons) in picture coordinates, and the projection of body points into the picture."""

from __future__ import annotations

import math
from dataclasses import dataclass

from lumbar.figures.geometry import V2, V3

# Colours: a light panel with dark ink reads in both palettes and in greyscale print.
PANEL = "#f4f2ed"


PANEL_EDGE = "#d8d4cb"


INK = "#24313a"


FAR = "#9aa8b0"


HIGHLIGHT = "#e2572b"


ARROW = "#00796b"


FLOOR = "#7d7a73"


MAT = "#d3dcd9"


MAT_EDGE = "#8fa39f"


PROP = "#d2cabe"


PROP_EDGE = "#6f655a"


TOWEL = "#8a5a44"


FLOAT = "#f2c14e"  # a swimming float: bright, as pool floats are


WATER = "#7fb6d3"


WATER_EDGE = "#2f6f8f"


MARK = "#ffffff"  # the highlight's outline and dots: they survive black-and-white printing


@dataclass(frozen=True)
class Shape:
    """One drawing operation in picture coordinates (y up until the canvas flips it)."""

    kind: str  # line, path, circle, polygon
    points: tuple[V2, ...]
    width: float = 0.0  # stroke width (line, path) or outline width (circle, polygon)
    stroke: str | None = None
    fill: str | None = None
    r: float = 0.0
    cap: str = "round"
    opacity: float = 1.0


def to_screen(p: V3, elevation: float) -> V2:
    """A body point (x, y, z) in the picture, seen from ``elevation`` degrees above the side."""
    e = math.radians(elevation)
    return (p[0], p[1] * math.cos(e) - p[2] * math.sin(e))


def depth_of(p: V3, elevation: float) -> float:
    """How near the viewer a body point is, seen from ``elevation`` degrees (larger is nearer)."""
    e = math.radians(elevation)
    return p[2] * math.cos(e) + p[1] * math.sin(e)


def line_shape(a: V2, b: V2, width: float, colour: str, cap: str = "round", opacity: float = 1.0) -> Shape:
    """A straight stroke from ``a`` to ``b``."""
    return Shape("line", (a, b), width, colour, cap=cap, opacity=opacity)
