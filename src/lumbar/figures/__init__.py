"""Exercise figures: pictograms drawn from the pose data in each exercise's YAML.

A pose names a base pose from ``lumbar.content.poses`` and changes some joint angles. The package
turns that into a picture in four steps, all deterministic:

1. **Forward kinematics** places every joint from the angles (a small 3-D skeleton, so a
   clamshell's knee can open towards the viewer in the side-lying view).
2. **Resting**: the body settles onto the floor the way a real body would (it turns onto the
   edge of its outline that lies under its centre of mass, so a bridge rests on shoulders and
   feet), then moves down until its lowest point touches the floor. A pose held by muscle
   rests on the parts it declares under ``contacts:`` (a partial crunch on its feet and
   hips) when its angles allow. Lying on one side, the top leg falls onto the bottom one.
   Upright poses (sitting, against a wall, on a bike) keep their angles and stand on their
   feet; the chair, wall, bike and pedals are then fitted to the body, so nothing floats or
   sinks. A view from above, or round towards the feet, is
   taken after the body has come to rest.
3. **Scene**: rounded limbs (far side light, near side dark, with a thin gap where a near
   limb crosses the body), head, floor or mat line, props, highlighted working muscles and a
   motion arrow, as a list of simple shapes.
4. **Output**: the same shapes become SVG for the web (with ``<title>`` and ``<desc>``) and a
   PNG drawn with Pillow for cards. Coordinates are rounded to 0.1, so the same YAML gives
   the same bytes. The figure sits on its own light panel, so it reads the same in the light
   and dark palettes and in black-and-white print.

Nothing here imports MkDocs.

Every declared contact is then measured in the picture (``contacts``): a part that does not
touch its surface is a content error at its line, reported when the content is loaded. So is
a body part drawn below the floor line or over a mat's edge (it reads as sunk into the floor),
and a fact the steps give (``steps_say``: which knee is down, a joint's range, a height, where
the hands rest) that the picture breaks (``facts``).

A pose may face left (``facing: left``): the scene is built facing right, in the body's own
coordinates where everything is measured, and mirrored only when drawn. The start and end
of an exercise share one world (the end lined up on the parts both keep down) and one mat.

The moving picture on each exercise page is drawn the same way from bodies part way between
the start and end poses (``motion``: every angle, the turn and the place mixed, eased at both
ends), its frames side by side in one SVG (``draw.motion_svg``).

Modules: ``geometry`` (vectors and rotations), ``body`` (steps 1 and 2), ``shapes`` (the
palette and shape type), ``arrows`` and ``scene`` (step 3), ``draw`` (step 4, alt text and the
cached card pictures), ``motion`` (the frames between start and end), ``contacts`` and
``facts`` (the checks). Import the public names from here.
"""

from lumbar.figures.draw import (
    CARD_DPI,
    WHICH,
    Drawn,
    alt_text,
    card_picture,
    describe,
    drawing_code,
    drawings,
    exercise_pictures,
    exercise_svgs,
    figure_png,
    motion_svg,
    pair_png,
    render_figures,
    scenes,
    svg,
    write_figures,
)
from lumbar.figures.motion import FRAMES as MOTION_FRAMES
from lumbar.paths import Which

__all__ = [
    "CARD_DPI", "MOTION_FRAMES", "WHICH", "Drawn", "Which", "alt_text", "card_picture", "describe",
    "drawing_code", "drawings", "exercise_pictures", "exercise_svgs", "figure_png", "motion_svg", "pair_png",
    "render_figures", "scenes", "svg", "write_figures",
]
