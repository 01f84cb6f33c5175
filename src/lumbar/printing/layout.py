"""Page geometry and text flow for printed output (cards and handouts).

Layout happens once, in millimetres, and produces a list of drawing operations per page.
Two back ends (``lumbar.printing.render``) turn the same operations into a PDF with real text
and a PNG preview, so the preview always shows exactly what will be printed.

Text is measured with the font's own advance widths (fontTools), the same numbers fpdf2
uses to place glyphs, so a line that fits here fits in the PDF.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lumbar.errors import InvalidValue
from lumbar.fonts import PrintFace, print_faces
from lumbar.paths import A4, LETTER
from lumbar.paths import PAPERS as PAPER_NAMES

# Characters the font lacks, replaced by ones it has (checked against the font below).
_FALLBACKS = {"→": "->", "←": "<-", "✓": "*", "✔": "*", "≤": "<=", "≥": ">=", "\u00a0": " "}

PT = 25.4 / 72  # millimetres in one typographic point
MIN_TEXT_PT = 9.0  # the smallest size any printed text may use (readability floor)
LEADING = 1.28  # line height as a multiple of the font size

INK = (26, 26, 26)
ACCENT = (0, 105, 92)  # teal, matching the site's primary colour, dark enough for print
WARN = (183, 28, 28)
RULE = (150, 150, 150)


@dataclass(frozen=True)
class Paper:
    """A sheet size (mm), the card size (mm) that tiles it 2 x 2 exactly, and the one body
    text size (pt) of every card on it, so a sheet of cards reads evenly."""

    name: str  # one of lumbar.paths.PAPERS
    label: str
    sheet: tuple[float, float]
    card: tuple[float, float]
    card_pt: float


# A6 tiles A4 (with 0.5 mm to spare); A6 does not tile US Letter, so Letter uses quarter-Letter.
# 11 pt is the large-print floor for older readers on an A6 card. Quarter-Letter is 8 mm
# shorter: at 11 pt eight real cards (the standing exercises, whose pictures are tallest)
# need a third side, so its cards use 10 pt (`lumbar check` warns about any that need more).
PAPERS: dict[str, Paper] = {
    A4: Paper(A4, "A4", (210.0, 297.0), (105.0, 148.0), card_pt=11.0),
    LETTER: Paper(LETTER, "US Letter", (215.9, 279.4), (107.95, 139.7), card_pt=10.0),
}
assert tuple(PAPERS) == PAPER_NAMES, "every paper in lumbar.paths.PAPERS needs its sizes here"


def paper(name: str) -> Paper:
    """The paper called ``name`` (``a4`` or ``letter``); InvalidValue for anything else."""
    try:
        return PAPERS[name.lower()]
    except KeyError:
        raise InvalidValue(f"unknown paper {name!r}; choose one of: {', '.join(PAPERS)}") from None


# ---------------------------------------------------------------------------------------
# Drawing operations. Coordinates are millimetres from the top-left corner of the page.


@dataclass(frozen=True)
class TextOp:
    """One line of text; ``y`` is the baseline."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    color: tuple[int, int, int] = INK


@dataclass(frozen=True)
class LineOp:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.2
    color: tuple[int, int, int] = RULE


@dataclass(frozen=True)
class RectOp:
    x: float
    y: float
    w: float
    h: float
    width: float = 0.3
    color: tuple[int, int, int] = RULE
    fill: tuple[int, int, int] | None = None  # filled in this colour, drawn under the outline


@dataclass(frozen=True)
class ImageOp:
    """A raster image (PNG or JPEG bytes) scaled into the box; ``crisp`` keeps hard pixels."""

    x: float
    y: float
    w: float
    h: float
    data: bytes
    crisp: bool = False
    title: str = ""


Op = TextOp | LineOp | RectOp | ImageOp


@dataclass
class Page:
    """One page (or card side) of drawing operations."""

    width: float
    height: float
    ops: list[Op] = field(default_factory=list)

    def text(self) -> str:
        """All text on the page, in drawing order (for checks and debugging)."""
        return "\n".join(op.text for op in self.ops if isinstance(op, TextOp))


def translate(ops: Iterable[Op], dx: float, dy: float) -> list[Op]:
    """The same operations moved by (dx, dy), for placing cards on a sheet."""
    moved: list[Op] = []
    for op in ops:
        if isinstance(op, LineOp):
            moved.append(replace(op, x1=op.x1 + dx, y1=op.y1 + dy, x2=op.x2 + dx, y2=op.y2 + dy))
        else:
            moved.append(replace(op, x=op.x + dx, y=op.y + dy))
    return moved


# ---------------------------------------------------------------------------------------
# Text: plain text from contributor Markdown, and measuring with the real font.



class FontMetrics:
    """Advance widths of every print face (``lumbar.fonts.print_faces``), from the font files.

    Each character is measured, and later drawn, with the first face that has it, so a
    step in Greek or Arabic wraps by the widths of the font that prints it.
    """

    def __init__(self, faces: Sequence[PrintFace] | None = None) -> None:
        # fontTools only when text is measured: a build that reuses cached cards never loads it.
        from fontTools.ttLib import TTFont

        self.faces = tuple(faces or print_faces())
        # The primary face's files, by bold (kept for callers that only need Atkinson).
        self.paths = {False: self.faces[0].regular, True: self.faces[0].bold}
        self._widths: list[dict[bool, dict[int, float]]] = []
        loaded: dict[Path, dict[int, float]] = {}
        for face in self.faces:
            tables = {}
            for bold, path in ((False, face.regular), (True, face.bold)):
                if path not in loaded:
                    font = TTFont(str(path), lazy=True)
                    units = font["head"].unitsPerEm
                    metrics = font["hmtx"].metrics
                    loaded[path] = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
                    font.close()
                tables[bold] = loaded[path]
            self._widths.append(tables)
        self._face_of: dict[tuple[str, bool], int | None] = {}

    def face_of(self, char: str, bold: bool = False) -> int | None:
        """Index in ``faces`` of the first face that draws ``char``; None when none does."""
        key = (char, bold)
        if key not in self._face_of:
            code = ord(char)
            self._face_of[key] = next((i for i, t in enumerate(self._widths) if code in t[bold]), None)
        return self._face_of[key]

    def has(self, char: str) -> bool:
        """True when some print face draws ``char`` in both weights."""
        return self.face_of(char, False) is not None and self.face_of(char, True) is not None

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` (in order, once each) that no print face draws."""
        return list(dict.fromkeys(c for c in text if c not in "\n\t" and not self.has(c) and c not in _FALLBACKS))

    def clean(self, text: str) -> str:
        """Replace characters no print face can draw, so nothing silently disappears.

        ``lumbar check`` refuses such characters in content; this catches other text
        (a site name from mkdocs.yml).
        """
        out = []
        for char in text:
            if self.has(char) or char in "\n":
                out.append(char)
                continue
            fallback = _FALLBACKS.get(char)
            if fallback is None:
                decomposed = unicodedata.normalize("NFKD", char)
                fallback = "".join(c for c in decomposed if self.has(c)) or "?"
            out.append(fallback)
        return "".join(out)

    def runs(self, text: str, bold: bool = False) -> list[tuple[int, str]]:
        """``text`` split into (face index, text) runs, each drawn with one face.

        Spaces, punctuation, digits and combining marks stay in the run they sit in when its face
        has them, so an Arabic phrase is one run (shaped and ordered as a whole).
        """
        result: list[tuple[int, list[str]]] = []
        for char in text:
            face = self.face_of(char, bold)
            face = 0 if face is None else face
            if result and result[-1][0] != face and ord(char) in self._widths[result[-1][0]][bold] \
                    and unicodedata.category(char)[0] in "ZPMN":
                face = result[-1][0]
            if result and result[-1][0] == face:
                result[-1][1].append(char)
            else:
                result.append((face, [char]))
        return [(face, "".join(chars)) for face, chars in result]

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of ``text`` in millimetres at ``size`` points, each run in its own face."""
        try:  # the usual case, all in the first face: one run, no shaping (the same sum)
            return sum(self._widths[0][bold][ord(c)] for c in text) * size * PT
        except KeyError:
            pass
        total = 0.0
        for face, run in self.runs(text, bold):
            if self.faces[face].shaping:
                total += _shaped_width(self.faces[face].bold if bold else self.faces[face].regular, run)
                continue
            table = self._widths[face][bold]
            fallback = table.get(ord("?"), 0.5)
            total += sum(table.get(ord(c), fallback) for c in run)
        return total * size * PT

    def wrap(self, text: str, width: float, size: float, bold: bool = False,
             first_width: float | None = None) -> list[str]:
        """Greedy word wrap into lines no wider than ``width`` (the first line no wider than
        ``first_width``, when given: a run-in heading takes the start of it); long words are
        split."""
        lines: list[str] = []
        current = ""

        def limit() -> float:
            return first_width if first_width is not None and not lines else width

        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if self.width(candidate, size, bold) <= limit():
                current = candidate
                continue
            if current:
                lines.append(current)
            # A word wider than the line (a long URL) is broken between characters.
            while self.width(word, size, bold) > limit():
                cut = max(1, _fit_prefix(self, word, limit(), size, bold))
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        if current:
            lines.append(current)
        return lines or [""]


@functools.lru_cache(maxsize=8)
def _harfbuzz_font(path: Path) -> object:
    import uharfbuzz as hb

    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))


@functools.lru_cache(maxsize=4096)
def _shaped_width(path: Path, text: str) -> float:
    """Width in em of ``text`` shaped by HarfBuzz (joined Arabic letters are narrower than
    the isolated forms in ``hmtx``), as fpdf2 draws it with text shaping on."""
    import uharfbuzz as hb

    font = _harfbuzz_font(path)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {"kern": False})
    return float(sum(pos.x_advance for pos in buffer.glyph_positions) / font.face.upem)  # type: ignore[attr-defined]


def _fit_prefix(metrics: FontMetrics, word: str, width: float, size: float, bold: bool) -> int:
    for cut in range(len(word), 0, -1):
        if metrics.width(word[:cut], size, bold) <= width:
            return cut
    return 1


@functools.lru_cache(maxsize=1)
def metrics() -> FontMetrics:
    """The shared FontMetrics for the print faces (loaded once per process)."""
    return FontMetrics()


@functools.lru_cache(maxsize=1)
def font_digest() -> str:
    """A hash of every print face's files: a font upgrade renders cached prints again."""
    digest = hashlib.sha256()
    for path in sorted({path for face in print_faces() for path in (face.regular, face.bold)}):
        digest.update(path.read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------
# Flow: blocks of text become rows; rows are placed into frames (card sides or pages).


@dataclass(frozen=True)
class Para:
    """A paragraph. ``label`` is a hanging marker such as ``3.`` or a bullet; ``lead`` is a
    run-in heading in bold ``lead_color`` at the start of its first line ("Starting position:
    Lie on your back..."), which saves the line a heading of its own would take."""

    text: str
    size: float
    bold: bool = False
    color: tuple[int, int, int] = INK
    label: str | None = None
    indent: float = 0.0
    space_before: float = 0.0
    keep_with_next: bool = False
    lead: str = ""
    lead_color: tuple[int, int, int] = ACCENT


@dataclass(frozen=True)
class Gap:
    height: float


@dataclass(frozen=True)
class Picture:
    """An image that is scaled to the frame width, no taller than ``max_height`` mm."""

    data: bytes
    aspect: float  # height / width
    max_height: float
    space_before: float = 0.0
    title: str = ""
    width_share: float = 1.0  # the most of the frame's width it may take


@dataclass(frozen=True)
class Custom:
    """A block that draws itself: ``ops`` are relative to the block's top-left corner."""

    height: float
    ops: tuple[Op, ...]
    space_before: float = 0.0


Block = Para | Gap | Picture | Custom


@dataclass
class Row:
    """A unit that is never split: one line of text, an image, or a custom block."""

    height: float
    ops: list[Op]
    space_before: float = 0.0
    keep_with_next: bool = False
    group: int = 0  # rows of one paragraph share a group, so short paragraphs stay together


# Group numbers are unique in the process, so rows from separate calls never merge.
_GROUPS = itertools.count()


def to_rows(blocks: Sequence[Block], width: float, fm: FontMetrics | None = None) -> list[Row]:
    """Turn blocks into rows for a frame ``width`` mm wide."""
    fm = fm or metrics()
    rows: list[Row] = []
    for block in blocks:
        group = next(_GROUPS)
        if isinstance(block, Gap):
            rows.append(Row(block.height, [], group=group))
        elif isinstance(block, Custom):
            rows.append(Row(block.height, list(block.ops), block.space_before, group=group))
        elif isinstance(block, Picture):
            w = width * block.width_share
            h = w * block.aspect
            if h > block.max_height:
                h = block.max_height
                w = h / block.aspect
            op = ImageOp((width - w) / 2, 0.0, w, h, block.data, title=block.title)
            rows.append(Row(h, [op], block.space_before, group=group))
        else:
            rows.extend(_para_rows(block, width, fm, group))
    return rows


def boxed(blocks: Sequence[Block], width: float, *, color: tuple[int, int, int] = INK, line: float = 0.3,
          pad: float = 1.5, space_before: float = 0.0) -> Custom:
    """``blocks`` laid out inside a box ``width`` mm wide, outlined ``line`` mm thick in
    ``color``, ``pad`` mm inside; one block that is never split."""
    ops: list[Op] = []
    y = pad
    for n, row in enumerate(to_rows(blocks, width - 2 * pad)):
        y += row.space_before if n else 0.0
        ops.extend(translate(row.ops, pad, y))
        y += row.height
    return Custom(y + pad, (RectOp(0, 0, width, y + pad, line, color), *ops), space_before=space_before)


def _para_rows(para: Para, width: float, fm: FontMetrics, group: int) -> list[Row]:
    size_mm = para.size * PT
    height = size_mm * LEADING
    baseline = size_mm * (0.95 + (LEADING - 1.24) / 2)  # ascent 950/1000 units, centred leading
    text = fm.clean(para.text)
    hang = 0.0
    label = fm.clean(para.label) if para.label else None
    if label:
        hang = fm.width("00.", para.size, para.bold) + size_mm * 0.6
    lead = fm.clean(para.lead)
    lead_w = fm.width(lead + " ", para.size, True) if lead else 0.0
    line_w = width - para.indent - hang
    lines = fm.wrap(text, line_w, para.size, para.bold, first_width=line_w - lead_w if lead else None)
    rows = []
    for index, line in enumerate(lines):
        ops: list[Op] = []
        x = para.indent + hang
        if label and index == 0:
            label_w = fm.width(label, para.size, para.bold)
            ops.append(TextOp(para.indent + hang - size_mm * 0.6 - label_w, baseline, label, para.size, para.bold, para.color))
        if lead and index == 0:
            ops.append(TextOp(x, baseline, lead, para.size, True, para.lead_color))
            x += lead_w
        ops.append(TextOp(x, baseline, line, para.size, para.bold, para.color))
        last = index == len(lines) - 1
        rows.append(Row(
            height, ops,
            space_before=para.space_before if index == 0 else 0.0,
            keep_with_next=para.keep_with_next and last,
            group=group,
        ))
    return rows


# Paragraphs up to this many lines are moved whole to the next frame rather than split.
KEEP_TOGETHER_LINES = 4


def flow(rows: Sequence[Row], heights: Sequence[float], max_frames: int | None = None) -> list[list[tuple[float, Row]]] | None:
    """Place rows into frames; returns, per frame, (y offset, row) pairs.

    ``heights`` gives each frame's height; the last one repeats. Returns None when the rows
    need more than ``max_frames`` frames. Headings stay with what follows them, short
    paragraphs are not split, and spacing is dropped at the top of a frame.
    """
    frames: list[list[tuple[float, Row]]] = [[]]
    y = 0.0
    i = 0

    def height_of(frame: int) -> float:
        return heights[min(frame, len(heights) - 1)]

    def new_frame() -> bool:
        nonlocal y
        frames.append([])
        y = 0.0
        return max_frames is None or len(frames) <= max_frames

    while i < len(rows):
        chunk = _chunk(rows, i)
        frame_h = height_of(len(frames) - 1)
        gap = rows[i].space_before if frames[-1] else 0.0
        body = sum(row.height for row in chunk)
        if y + gap + body <= frame_h + 1e-6:
            y += gap
            for row in chunk:
                frames[-1].append((y, row))
                y += row.height
            i += len(chunk)
            continue
        if frames[-1] and body <= height_of(len(frames)) + 1e-6:
            # It fits whole on a fresh frame: move it there.
            if not new_frame():
                return None
            continue
        # Taller than any frame: fill this one row by row and carry on in the next.
        y += gap
        for row in chunk:
            if y + row.height > frame_h + 1e-6 and frames[-1]:
                break
            frames[-1].append((y, row))
            y += row.height
            i += 1
        if i < len(rows) and not new_frame():
            return None
    if max_frames is not None and len(frames) > max_frames:
        return None
    return frames


def _chunk(rows: Sequence[Row], start: int) -> list[Row]:
    """The rows that must move together: a short paragraph, plus whatever it keeps with."""
    end = start
    while True:
        group = rows[end].group
        stop = end
        while stop + 1 < len(rows) and rows[stop + 1].group == group:
            stop += 1
        size = stop - end + 1
        if size > KEEP_TOGETHER_LINES:
            stop = end  # a long paragraph may split: keep only its first line with the heading
        if rows[stop].keep_with_next and stop + 1 < len(rows):
            end = stop + 1
            continue
        return list(rows[start:stop + 1])


def stack(rows: Sequence[Row]) -> list[tuple[float, Row]]:
    """Rows one under the other, as ``(y offset in mm, row)`` (a wrapped title takes as many
    lines as it needs)."""
    placed, y = [], 0.0
    for row in rows:
        placed.append((y, row))
        y += row.height
    return placed


def place(frame: Sequence[tuple[float, Row]], x: float, y: float) -> list[Op]:
    """The operations of a flowed frame, moved to the frame's position on the page."""
    ops: list[Op] = []
    for offset, row in frame:
        ops.extend(translate(row.ops, x, y + offset))
    return ops
