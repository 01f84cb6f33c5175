"""The small vector maths the figures need: 3-D vectors and 3 x 3 rotation matrices as tuples,
distances, and a 2-D convex hull. Units are centimetres and degrees."""

from __future__ import annotations

import math
from collections.abc import Sequence

V3 = tuple[float, float, float]


V2 = tuple[float, float]


M3 = tuple[V3, V3, V3]


def vadd(a: V3, b: V3) -> V3:
    """Sum of two vectors."""
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def vsub(a: V3, b: V3) -> V3:
    """``a - b``."""
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def vmul(a: V3, k: float) -> V3:
    """``a`` scaled by ``k``."""
    return (a[0] * k, a[1] * k, a[2] * k)


def vdot(a: V3, b: V3) -> float:
    """Dot product."""
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def vunit(a: V3) -> V3:
    """``a`` scaled to length 1 (a zero vector is returned as it is)."""
    length = math.sqrt(vdot(a, a)) or 1.0
    return vmul(a, 1.0 / length)


def matvec(m: M3, v: V3) -> V3:
    """The matrix ``m`` applied to ``v``."""
    return (vdot(m[0], v), vdot(m[1], v), vdot(m[2], v))


def matmul(a: M3, b: M3) -> M3:
    """The matrix product ``a b``."""
    cols = [(b[0][j], b[1][j], b[2][j]) for j in range(3)]
    return tuple(tuple(vdot(row, col) for col in cols) for row in a)  # type: ignore[return-value]


def rot_z(degrees: float) -> M3:
    """Rotation about the lateral axis (the picture's depth axis in the side view)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def rot_y(degrees: float) -> M3:
    """Rotation about the vertical axis."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def rot_about(axis: V3, degrees: float) -> M3:
    """Rotation about any unit axis (Rodrigues)."""
    x, y, z = axis
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    t = 1 - c
    return (
        (t * x * x + c, t * x * y - s * z, t * x * z + s * y),
        (t * x * y + s * z, t * y * y + c, t * y * z - s * x),
        (t * x * z - s * y, t * y * z + s * x, t * z * z + c),
    )


IDENTITY: M3 = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def capsule_gap(a: V3, b: V3, ra: float, c: V3, d: V3, rc: float) -> float:
    """Surface-to-surface distance between two capsules (sampled along the first), cm."""
    best = math.inf
    for i in range(17):
        t = i / 16
        p = vadd(a, vmul(vsub(b, a), t))
        best = min(best, point_to_segment(p, c, d))
    return best - ra - rc


def point_to_segment(p: V3, a: V3, b: V3) -> float:
    """Distance from ``p`` to the segment ``a``-``b``, cm."""
    ab = vsub(b, a)
    length = vdot(ab, ab)
    t = 0.0 if length == 0 else max(0.0, min(1.0, vdot(vsub(p, a), ab) / length))
    return distance(p, vadd(a, vmul(ab, t)))


def distance(a: V3, b: V3) -> float:
    """Distance between two points, cm."""
    d = vsub(a, b)
    return math.sqrt(vdot(d, d))


def convex_hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull, counter-clockwise (monotone chain)."""
    pts = sorted(set((round(x, 6), round(y, 6)) for x, y in points))
    if len(pts) < 3:
        return pts

    def cross(o: V2, a: V2, b: V2) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[V2] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[V2] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def point_to_segment_2d(p: V2, a: V2, b: V2) -> float:
    """Distance from the picture point ``p`` to the segment ``a``-``b``, in picture units."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
