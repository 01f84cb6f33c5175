"""Figures laid out on a shared canvas and encoded: SVG for pages, PNG (Pillow) for cards;
alt text from the YAML; the cached card pictures."""

from __future__ import annotations

import functools
import html
import importlib
import io
import pkgutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from lumbar.cache import Artifact, BuildCache, code_digest, lumbar_imports
from lumbar.content.models import Exercise, Figure, Pose
from lumbar.content.poses import (
    BASE_POSES,
    BodyPart,
    Direction,
    Facing,
)
from lumbar.content.text import plain_text
from lumbar.figures.geometry import V2
from lumbar.figures.motion import motion_scenes
from lumbar.figures.scene import Scene, pair_scenes
from lumbar.figures.shapes import FLOOR, PANEL, PANEL_EDGE, Shape
from lumbar.files import write_atomic
from lumbar.paths import Which, figure_path, motion_path

# The canvas, in SVG user units (CSS pixels at 100%).
WIDTH, HEIGHT = 320.0, 220.0


WHICH: tuple[Which, Which] = ("start", "end")




MARGIN = 10.0


MAX_SCALE = 1.0  # canvas units per centimetre of body


CANVAS_MM = 80.0  # printed width of one figure, for PNG resolution


def _extent(shapes: Iterable[Shape]) -> tuple[float, float, float, float]:
    """(x min, y min, x max, y max) of shapes, strokes included."""
    xs: list[float] = []
    ys: list[float] = []
    for shape in shapes:
        pad = shape.r + shape.width / 2
        for x, y in shape.points:
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Canvas:
    """Maps picture coordinates (cm, y up) to canvas units (y down) for one figure."""

    scale: float
    x_centre: float
    y_centre: float

    def point(self, p: V2) -> V2:
        return (WIDTH / 2 + (p[0] - self.x_centre) * self.scale, HEIGHT / 2 - (p[1] - self.y_centre) * self.scale)


def picture_shapes(scene: Scene) -> list[Shape]:
    """The shapes of a scene as the picture shows them: mirrored left to right when the pose
    faces left (the scene itself keeps the body's own coordinates, where contacts are measured)."""
    if scene.posed.pose.facing is Facing.RIGHT:
        return scene.shapes
    return [replace(s, points=tuple((-x, y) for x, y in s.points)) for s in scene.shapes]


def canvases(scenes: Sequence[Scene]) -> list[Canvas]:
    """One scale for a set of figures (an exercise's start and end), each centred across,
    sharing the floor height so the two read as one movement."""
    extents = [_extent(picture_shapes(s)) for s in scenes]
    width = max(e[2] - e[0] for e in extents)
    y0 = min(e[1] for e in extents)
    y1 = max(e[3] for e in extents)
    scale = min(MAX_SCALE, (WIDTH - 2 * MARGIN) / width, (HEIGHT - 2 * MARGIN) / (y1 - y0))
    return [Canvas(scale, (e[0] + e[2]) / 2, (y0 + y1) / 2) for e in extents]


def common_canvas(scenes: Sequence[Scene]) -> Canvas:
    """One scale and one centre for frames that must line up (the moving picture): the body
    moves across the canvas as it moves in the world, and the floor stays put."""
    extents = [_extent(picture_shapes(s)) for s in scenes]
    x0, y0 = min(e[0] for e in extents), min(e[1] for e in extents)
    x1, y1 = max(e[2] for e in extents), max(e[3] for e in extents)
    scale = min(MAX_SCALE, (WIDTH - 2 * MARGIN) / (x1 - x0), (HEIGHT - 2 * MARGIN) / (y1 - y0))
    return Canvas(scale, (x0 + x1) / 2, (y0 + y1) / 2)


@dataclass(frozen=True)
class Drawn:
    """Shapes in canvas units, ready for SVG or PNG."""

    shapes: tuple[Shape, ...]
    title: str
    desc: str

    def bbox(self) -> tuple[float, float, float, float]:
        return _extent(self.shapes)


def _to_canvas(scene: Scene, canvas: Canvas) -> list[Shape]:
    out = []
    for shape in picture_shapes(scene):
        out.append(Shape(shape.kind, tuple(canvas.point(p) for p in shape.points), shape.width * canvas.scale,
                         shape.stroke, shape.fill, shape.r * canvas.scale, shape.cap, shape.opacity))
    if scene.floor is not None:  # drawn last, so the gap round a near leg never cuts it
        y = canvas.point((0.0, scene.floor))[1]
        out.append(Shape("line", ((MARGIN, y), (WIDTH - MARGIN, y)), 1.6, FLOOR, cap="butt"))
    return out


PART_WORDS = {part: part.value.replace("-", " ") for part in BodyPart}


PART_WORDS[BodyPart.SIDE] = "side of the trunk"


# Curved arrows in words (straight ones are "moving up", "moving down and left").
MOTION_WORDS = {
    Direction.TURN: "turning",
    Direction.CLOCKWISE: "turning clockwise",
    Direction.ANTICLOCKWISE: "turning anticlockwise",
}


def describe(exercise: Exercise, which: Which) -> tuple[str, str]:
    """Title and description (alt text) for one figure, written from the YAML."""
    assert exercise.figure is not None
    pose: Pose = getattr(exercise.figure, which)
    title = f"{plain_text(exercise.name)}: {'starting' if which == 'start' else 'end'} position"
    if pose.description:
        sentences = [plain_text(pose.description)]
    elif which == "start":
        sentences = [plain_text(exercise.starting_position)]
    else:
        spec = BASE_POSES[pose.base]
        sentences = [f"The end of the movement, {spec.label}."]
    if pose.arrow:
        motion = MOTION_WORDS.get(pose.arrow.direction, f"moving {pose.arrow.direction.value.replace('-', ' and ')}")
        what = pose.arrow.at.value
        sentences.append(f"An arrow shows the {what} {motion}{' and back' if pose.arrow.both_ways else ''}.")
    if pose.highlight:
        parts = [PART_WORDS[p] for p in pose.highlight]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        what = "part doing the work is" if len(parts) == 1 else "parts doing the work are"
        sentences.append(f"The {what} highlighted: the {listed}.")
    return title, " ".join(s if s.endswith(".") else s + "." for s in sentences)


def alt_text(exercise: Exercise, which: Which) -> str:
    """The text an ``<img>`` of the figure should carry."""
    title, desc = describe(exercise, which)
    return f"{title}. {desc}"


def drawings(exercise: Exercise) -> dict[Which, Drawn]:
    """Both figures of an exercise, laid out on the same scale."""
    shapes = _shapes(exercise.figure.model_dump_json())
    return {which: Drawn(shapes[which], *describe(exercise, which)) for which in WHICH}


# Figures are frozen but hold lists, so their shapes are kept by their JSON: an exercise's
# SVGs and its card picture, made apart (each with its own cache key), pose it once.
@functools.lru_cache(maxsize=64)
def _shapes(figure_json: str) -> dict[Which, tuple[Shape, ...]]:
    figure = Figure.model_validate_json(figure_json)
    pair = pair_scenes(figure.start, figure.end)
    return {which: tuple(_to_canvas(item, canvas)) for which, item, canvas in zip(WHICH, pair, canvases(pair))}


def scenes(exercise: Exercise) -> dict[Which, Scene]:
    """The figures before drawing, for tests that check contacts."""
    assert exercise.figure is not None
    return dict(zip(WHICH, pair_scenes(exercise.figure.start, exercise.figure.end)))


def _num(value: float) -> str:
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _svg_shape(shape: Shape) -> str:
    op = f' opacity="{_num(shape.opacity)}"' if shape.opacity != 1.0 else ""
    if shape.kind == "line":
        (x1, y1), (x2, y2) = shape.points
        cap = "" if shape.cap == "round" else f' stroke-linecap="{shape.cap}"'
        return (f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
                f'stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"{cap}{op}/>')
    if shape.kind == "path":
        d = "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in shape.points)
        return f'<path d="{d}" fill="none" stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"{op}/>'
    fill = shape.fill or "none"
    stroke = f' stroke="{shape.stroke}" stroke-width="{_num(shape.width)}"' if shape.stroke and shape.width else ""
    if shape.kind == "circle":
        (x, y), = shape.points
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(shape.r)}" fill="{fill}"{stroke}{op}/>'
    pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
    return f'<polygon points="{pts}" fill="{fill}"{stroke}{op}/>'


def svg(drawn: Drawn, element_id: str) -> str:
    """The figure as a small standalone SVG document with a title and description."""
    title, desc = html.escape(drawn.title), html.escape(drawn.desc)
    body = "\n".join(_svg_shape(s) for s in drawn.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(WIDTH)} {_num(HEIGHT)}" '
        f'width="{_num(WIDTH)}" height="{_num(HEIGHT)}" role="img" '
        f'aria-labelledby="{element_id}-title {element_id}-desc">\n'
        f'<title id="{element_id}-title">{title}</title>\n'
        f'<desc id="{element_id}-desc">{desc}</desc>\n'
        f'<rect x="0.5" y="0.5" width="{_num(WIDTH - 1)}" height="{_num(HEIGHT - 1)}" rx="10" '
        f'fill="{PANEL}" stroke="{PANEL_EDGE}"/>\n'
        f'<g stroke-linecap="round" stroke-linejoin="round">\n{body}\n</g>\n</svg>\n'
    )


def motion_svg(exercise: Exercise) -> str:
    """The moving picture as one SVG: its frames (``motion.motion_scenes``, start to end) side
    by side, each on its own WIDTH-wide panel, drawn on one scale and centre so that showing
    one frame at a time moves only the body. It is decorative on the page (the still pictures
    carry the alt text), so it is hidden from screen readers."""
    frames = motion_scenes(exercise)
    canvas = common_canvas(frames)
    panels = []
    for index, frame in enumerate(frames):
        body = "\n".join(_svg_shape(s) for s in _to_canvas(frame, canvas))
        panels.append(f'<g transform="translate({_num(index * WIDTH)} 0)">\n'
                      f'<rect x="0.5" y="0.5" width="{_num(WIDTH - 1)}" height="{_num(HEIGHT - 1)}" rx="10" '
                      f'fill="{PANEL}" stroke="{PANEL_EDGE}"/>\n{body}\n</g>')
    total = WIDTH * len(frames)
    title = html.escape(f"{plain_text(exercise.name)}: moving picture, {len(frames)} frames")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(total)} {_num(HEIGHT)}" '
        f'width="{_num(total)}" height="{_num(HEIGHT)}" aria-hidden="true">\n<title>{title}</title>\n'
        f'<g stroke-linecap="round" stroke-linejoin="round">\n' + "\n".join(panels) + "\n</g>\n</svg>\n"
    )


def render_figures(exercises: Iterable[Exercise]) -> dict[str, str]:
    """``{docs path: svg text}`` for every figure, in a stable order."""
    out: dict[str, str] = {}
    for exercise in sorted(exercises, key=lambda e: e.id):
        for which, drawn in drawings(exercise).items():
            out[figure_path(exercise.id, which)] = svg(drawn, f"{exercise.id}-{which}")
    return out


def _rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


Viewport = tuple[float, float, float, float]  # x, y, width, height in canvas units


FULL: Viewport = (0.0, 0.0, WIDTH, HEIGHT)


# The narrowest a cropped panel may be, as a share of its height: two standing figures side by
# side stay no taller than they are wide, so a card (which gives its picture at least half its
# width) keeps room for its text.
MIN_PANEL_SHARE = 0.5


def _cropped(pair: Sequence[Drawn], margin: float = 8.0) -> list[Viewport]:
    """Viewports hugging each figure, sharing one height so their floors line up, and each at
    least MIN_PANEL_SHARE of that height wide (centred on its figure)."""
    boxes = [_extent(s for s in d.shapes if s.stroke != FLOOR) for d in pair]
    y0 = max(0.0, min(b[1] for b in boxes) - margin)
    y1 = min(HEIGHT, max(b[3] for b in boxes) + margin)
    least = min(WIDTH, MIN_PANEL_SHARE * (y1 - y0))
    out = []
    for box in boxes:
        x0, x1 = max(0.0, box[0] - margin), min(WIDTH, box[2] + margin)
        if x1 - x0 < least:
            x0 = min(max(0.0, (x0 + x1 - least) / 2), WIDTH - least)
            x1 = x0 + least
        out.append((x0, y0, x1 - x0, y1 - y0))
    return out


def _raster(panels: Sequence[tuple[Drawn, Viewport]], px_per_unit: float, gap: float = 0.0):  # type: ignore[no-untyped-def]
    """Draw figures side by side with Pillow (supersampled for smooth edges)."""
    from PIL import Image, ImageDraw

    ss = 3
    k = px_per_unit * ss
    total_w = sum(v[2] for _, v in panels) + gap * (len(panels) - 1)
    total_h = max(v[3] for _, v in panels)
    image = Image.new("RGB", (round(total_w * k), round(total_h * k)), (255, 255, 255))
    left = 0.0
    for drawn, (vx, vy, vw, vh) in panels:
        ox = left - vx
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle([left * k, 0, (left + vw) * k - 1, vh * k - 1], radius=10 * k,
                               fill=_rgb(PANEL), outline=_rgb(PANEL_EDGE), width=max(1, round(k)))
        clip = Image.new("L", image.size, 0)
        ImageDraw.Draw(clip).rounded_rectangle([left * k + k, k, (left + vw) * k - 1 - k, vh * k - 1 - k],
                                               radius=10 * k, fill=255)
        layer = image.copy()

        def at(p: V2, ox: float = ox, vy: float = vy) -> tuple[float, float]:  # this panel's offset
            return ((p[0] + ox) * k, (p[1] - vy) * k)

        for shape in drawn.shapes:
            target = layer
            if shape.opacity != 1.0:
                target = Image.new("RGBA", image.size, (0, 0, 0, 0))
            d = ImageDraw.Draw(target)
            alpha = round(255 * shape.opacity)
            stroke = (*_rgb(shape.stroke), alpha) if shape.stroke else None
            fill = (*_rgb(shape.fill), alpha) if shape.fill else None
            width = max(1, round(shape.width * k))
            if shape.kind in {"line", "path"}:
                pts = [at(p) for p in shape.points]
                d.line(pts, fill=stroke, width=width, joint="curve")
                if shape.cap == "round":
                    for x, y in (pts[0], pts[-1]):
                        d.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=stroke)
            elif shape.kind == "circle":
                x, y = at(shape.points[0])
                r = shape.r * k
                d.ellipse([x - r, y - r, x + r, y + r], fill=fill,
                          outline=stroke if shape.width else None, width=width if shape.width else 0)
            else:
                d.polygon([at(p) for p in shape.points], fill=fill,
                          outline=stroke if shape.width else None, width=width if shape.width else 0)
            if target is not layer:
                layer = Image.alpha_composite(layer.convert("RGBA"), target).convert("RGB")
        image = Image.composite(layer, image, clip)  # nothing spills outside the panel
        left += vw + gap
    return image.resize((round(total_w * px_per_unit), round(total_h * px_per_unit)), Image.Resampling.LANCZOS)


def _png_bytes(image) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def figure_png(drawn: Drawn, dpi: int = 300) -> bytes:
    """One figure as PNG bytes, CANVAS_MM wide at ``dpi`` (for cards and handouts)."""
    px_per_unit = CANVAS_MM / 25.4 * dpi / WIDTH
    return _png_bytes(_raster([(drawn, FULL)], px_per_unit))


def pair_png(drawn: dict[Which, Drawn], dpi: int = 300, crop: bool = True) -> bytes:
    """Start and end (from ``drawings``) side by side in one PNG: the picture on an
    exercise's card. Cropped to the figures by default, so it takes little room on a card."""
    px_per_unit = CANVAS_MM / 25.4 * dpi / WIDTH
    pair = [drawn[which] for which in WHICH]
    views = _cropped(pair) if crop else [FULL, FULL]
    return _png_bytes(_raster(list(zip(pair, views)), px_per_unit, gap=8.0))


def write_figures(exercise: Exercise, folder: Path, dpi: int = 300) -> list[Path]:
    """Write an exercise's figures (SVG and PNG, start and end, the pair, and the moving
    picture's SVG) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    pair = drawings(exercise)
    for which in WHICH:
        path = folder / f"{exercise.id}-{which}.svg"
        write_atomic(path, svg(pair[which], f"{exercise.id}-{which}").encode("utf-8"))
        written.append(path)
        path = folder / f"{exercise.id}-{which}.png"
        write_atomic(path, figure_png(pair[which], dpi))
        written.append(path)
    path = folder / f"{exercise.id}.png"
    write_atomic(path, pair_png(pair, dpi))
    written.append(path)
    path = folder / f"{exercise.id}-motion.svg"
    write_atomic(path, motion_svg(exercise).encode("utf-8"))
    written.append(path)
    return written


CARD_DPI = 200  # the pair is about 90 mm wide on a card: 200 dpi is sharp in print


def drawing_code() -> str:
    """A hash of the drawing code, so a change to it draws every cached figure again: every
    module of this package (none is left out when a module is split or added) and every
    Lumbar module they import, directly or not (``lumbar.cache.lumbar_imports``): the pose
    library, the models, the alt text's ``plain_text``. The picture check's imports (it reads
    the catalogue) are not followed."""
    import lumbar.figures

    names = [f"lumbar.figures.{info.name}"
             for info in sorted(pkgutil.iter_modules(lumbar.figures.__path__), key=lambda info: info.name)]
    drawers = ["lumbar.figures", *(name for name in names if name != "lumbar.figures.checks")]
    names += [name for name in lumbar_imports(*drawers) if name not in names and name != "lumbar.figures"]
    return code_digest(lumbar.figures, *(importlib.import_module(name) for name in names))


def exercise_svgs(exercise: Exercise) -> dict[str, str]:
    """``{docs path: SVG text}``: the exercise's start and end pictures and its moving picture."""
    return {**{figure_path(exercise.id, which): svg(item, f"{exercise.id}-{which}")
               for which, item in drawings(exercise).items()},
            motion_path(exercise.id): motion_svg(exercise)}


def card_picture(figure: Figure, dpi: int) -> bytes:
    """Start and end side by side at ``dpi``, cropped to the figures: the PNG on an exercise's
    card and handout (only shapes: a PNG carries no alt text)."""
    shapes = _shapes(figure.model_dump_json())
    return pair_png({which: Drawn(shapes[which], "", "") for which in WHICH}, dpi)


def exercise_pictures(
    exercises: Iterable[Exercise], cache: BuildCache, dpi: int = CARD_DPI, *, svgs: bool = True,
) -> tuple[dict[str, str], dict[str, Path]]:
    """Every exercise's pictures for a build: ``({docs path: SVG text}, {exercise id: card PNG})``.

    The SVGs are ``exercise_svgs``, cached by the whole exercise (its alt text is written
    from its name, starting position and poses) and the drawing code; the card PNG is
    ``card_picture``, cached by the figure and ``dpi``. ``svgs=False`` skips the SVGs (cards
    and handouts need only the PNGs).
    """
    code = drawing_code()  # plain_text, which writes the alt text, too
    svg_out: dict[str, str] = {}
    png_out: dict[str, Path] = {}
    for exercise in sorted(exercises, key=lambda e: e.id):
        if svgs:
            svg_out.update(cache.make_json(Artifact("figures", {"exercise": exercise}, code), exercise_svgs))
        png_out[exercise.id] = cache.make_file(
            Artifact("card-pictures", {"figure": exercise.figure, "dpi": dpi}, code), card_picture)
    return dict(sorted(svg_out.items())), png_out
