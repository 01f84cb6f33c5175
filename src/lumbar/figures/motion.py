"""The moving picture: an exercise's figure drawn part way from its start to its end pose.

Frames are computed from the pose data, not filmed: every joint angle, the turn of the body
and its place in the world are mixed between the placed start and end bodies
(``body.between``), eased so the movement starts and ends gently. The frames share one world
(the end lined up on the parts both poses keep down, as the still pair is), one mat and one
canvas, so nothing but the body moves. They carry no arrow or highlight: the movement shows
itself. ``draw.motion_svg`` lays them side by side in one SVG, which the exercise page shows a
frame at a time (``templates/overrides/assets/javascripts/lumbar-motion.js``), forward and back.
"""

from __future__ import annotations

from lumbar.content.models import Exercise, Pose
from lumbar.content.poses import Prop
from lumbar.figures.body import WATER_DEPTH, Posed, between, can_move_between, moved, place
from lumbar.figures.scene import Scene, anchor_x, draw_scene, kept_contacts, lined_up, shared_mat, shared_wall

# Frames from the start to the end, both included. The page plays them forward and back, so
# a cycle shows 2 * (FRAMES - 1) steps; nine make a smooth movement in a small file.
FRAMES = 9


def ease(t: float) -> float:
    """Smoothstep: 0 at 0, 1 at 1, with no speed at either end, so the body eases out of the
    start and into the end position."""
    return t * t * (3.0 - 2.0 * t)


def _floats(posed: Posed) -> bool:
    return Prop.WATER in posed.props and posed.points["pelvis"][1] < 0


def _same_pool(first: Posed, second: Posed) -> Posed:
    """``second`` in ``first``'s pool: a swimmer floating at the surface (drawn with the surface
    at height 0) lifted into the pool that ``first`` stands in (floor at 0, surface above), so
    the body swims off from where it stood."""
    if Prop.WATER in first.props and not _floats(first) and _floats(second):
        return moved(second, (0.0, WATER_DEPTH, 0.0))
    return second


def _frame_pose(start: Pose, end: Pose, first: Posed, second: Posed, t: float) -> Pose:
    """The pose a frame is drawn with: no arrow or highlight, and the view from above mixed."""
    near = start if t < 0.5 else end
    return near.model_copy(update={
        "arrow": None, "highlight": [], "contacts": None,
        "view_from_above": first.elevation + (second.elevation - first.elevation) * t,
        "view_from_feet": start.view_from_feet + (end.view_from_feet - start.view_from_feet) * t,
    })


def motion_posed(start: Pose, end: Pose, frames: int = FRAMES) -> list[Posed]:
    """``frames`` bodies from the start pose to the end pose (both included), in one world.

    The part of the body both poses keep on their surface stays where it is in every frame
    (the shoulders and feet of a bridge, the feet of a wall sit); the props of each frame are
    the nearer pose's. Two poses that cannot be mixed (seen from the side and from the front)
    give the start and end bodies only.
    """
    first = place(start)
    second = lined_up(first, _same_pool(first, place(end)))
    if not can_move_between(first, second) or start.facing != end.facing:
        return [first, second]
    kept = kept_contacts(start, end)
    goal = (anchor_x(first, kept), anchor_x(second, kept))
    out = []
    for index in range(frames):
        t = ease(index / (frames - 1))
        props = first.props if t < 0.5 else second.props
        body = between(first, second, t, _frame_pose(start, end, first, second, t), props)
        # Mixing the turns swings the body about its pelvis; move it back along the floor so the
        # parts both poses keep down stay put.
        body = moved(body, (goal[0] + (goal[1] - goal[0]) * t - anchor_x(body, kept), 0.0, 0.0))
        out.append(body)
    return out


def motion_scenes(exercise: Exercise, frames: int = FRAMES) -> list[Scene]:
    """The scenes of the moving picture, start to end, sharing one mat and one wall (where the
    still picture that leans on it puts it; the frames' poses declare no contacts)."""
    start, end = exercise.figure.start, exercise.figure.end
    bodies = motion_posed(start, end, frames)
    mat = shared_mat(bodies)
    first = place(start)
    wall = shared_wall([first, lined_up(first, _same_pool(first, place(end)))])
    return [draw_scene(body, mat, wall=wall, marks=False) for body in bodies]


__all__ = ["FRAMES", "ease", "motion_posed", "motion_scenes"]
