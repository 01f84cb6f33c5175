"""Draw laid-out pages (``lumbar.printing.layout.Page``) as a PDF with fpdf2 or a PNG with Pillow.

The PDF embeds subsets of the print faces (``lumbar.fonts.print_faces``), each text run in
the face that has its characters, and writes real text, so it can be
searched, copied and read aloud; Pillow's own PDF output would be an image of text.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lumbar.errors import InternalError
from lumbar.printing.layout import PT, ImageOp, LineOp, Page, RectOp, TextOp, metrics

# fpdf2, Pillow and HarfBuzz are imported by the functions that draw, not here: a build
# whose cards and PDFs all come from the cache never loads them.
if TYPE_CHECKING:
    from fpdf import FPDF
    from PIL import Image, ImageFont

FAMILY = "Atkinson"
PREVIEW_DPI = 300


@functools.cache
def _can_shape() -> bool:
    """True when fpdf2 can shape text (Arabic joining, right-to-left order): only with HarfBuzz."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:  # pragma: no cover - uharfbuzz is a dependency
        return False
    return True


def render_pdf(
    pages: Sequence[Page], *, title: str, author: str, subject: str = "",
    created: dt.datetime | None = None,
) -> bytes:
    """A PDF with one page per ``Page``. ``created`` is fixed so equal input gives equal bytes."""
    if not pages:
        raise InternalError("nothing to print: no pages")
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format=(pages[0].width, pages[0].height))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    fm = metrics()
    # Only the faces the text needs: fpdf2 parses and subsets every font it is given, used or
    # not, and that was most of the time a card took (eight fonts for two used).
    used = {(face, op.bold) for page in pages for op in page.ops if isinstance(op, TextOp)
            for face, _ in fm.runs(fm.clean(op.text), op.bold)}
    for index, face in enumerate(fm.faces):
        for bold, style, path in ((False, "", face.regular), (True, "B", face.bold)):
            if (index, bold) in used:
                pdf.add_font(face.name, style, str(path))
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_subject(subject)
    pdf.set_creator("Lumbar")
    pdf.set_lang("en")
    pdf.set_creation_date(created or dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    for page in pages:
        pdf.add_page(format=(page.width, page.height))
        for op in page.ops:
            _draw_pdf(pdf, op)
    return bytes(pdf.output())


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF made by ``render_pdf`` (fpdf2 writes every page object
    uncompressed, as ``/Type /Page``), without parsing the rest of the file."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def _draw_pdf(pdf: FPDF, op: object) -> None:
    if isinstance(op, TextOp):
        fm = metrics()
        pdf.set_text_color(*op.color)
        x = op.x
        for face_index, run in fm.runs(fm.clean(op.text), op.bold):
            face = fm.faces[face_index]
            pdf.set_font(face.name, "B" if op.bold else "", op.size)
            # Shaping joins Arabic letters and orders right-to-left text; Latin runs stay
            # unshaped (no kerning) so they print exactly as wide as layout measured.
            pdf.set_text_shaping(face.shaping and _can_shape())
            if face.shaping and _can_shape():
                # cell() orders right-to-left text (text() does not); with h=0 its baseline
                # sits 0.3 font sizes below y (fpdf2's vertical centring rule).
                pdf.set_xy(x, op.y - 0.3 * pdf.font_size)
                pdf.cell(w=fm.width(run, op.size, op.bold), h=0, text=run)
            else:
                pdf.text(x, op.y, run)
            x += fm.width(run, op.size, op.bold)
        pdf.set_text_shaping(False)
    elif isinstance(op, LineOp):
        pdf.set_draw_color(*op.color)
        pdf.set_line_width(op.width)
        pdf.line(op.x1, op.y1, op.x2, op.y2)
    elif isinstance(op, RectOp):
        pdf.set_draw_color(*op.color)
        pdf.set_line_width(op.width)
        if op.fill:
            pdf.set_fill_color(*op.fill)
        pdf.rect(op.x, op.y, op.w, op.h, style="DF" if op.fill else "D")
    elif isinstance(op, ImageOp):
        pdf.image(io.BytesIO(op.data), op.x, op.y, op.w, op.h, alt_text=op.title or None)
    else:  # pragma: no cover - every Op type is handled above
        raise TypeError(f"cannot draw {op!r}")


@functools.lru_cache(maxsize=256)
def _pil_font(face_index: int, bold: bool, pixels: float) -> ImageFont.FreeTypeFont:
    # Basic layout, like fpdf2: no kerning, so the preview matches the PDF's line breaks;
    # scripts that need shaping use Raqm (HarfBuzz), as the PDF does, when Pillow has it.
    from PIL import ImageFont, features

    face = metrics().faces[face_index]
    engine = ImageFont.Layout.RAQM if face.shaping and features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(face.bold if bold else face.regular), size=pixels, layout_engine=engine)


def render_image(page: Page, dpi: int = PREVIEW_DPI) -> Image.Image:
    """One page as an RGB image at ``dpi``."""
    from PIL import Image, ImageDraw

    scale = dpi / 25.4
    image = Image.new("RGB", (round(page.width * scale), round(page.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    for op in page.ops:
        if isinstance(op, TextOp):
            fm = metrics()
            x = op.x
            for face_index, run in fm.runs(fm.clean(op.text), op.bold):
                font = _pil_font(face_index, op.bold, op.size * PT * scale)
                draw.text((x * scale, op.y * scale), run, font=font, fill=op.color, anchor="ls")
                x += fm.width(run, op.size, op.bold)
        elif isinstance(op, LineOp):
            draw.line([(op.x1 * scale, op.y1 * scale), (op.x2 * scale, op.y2 * scale)],
                      fill=op.color, width=max(1, round(op.width * scale)))
        elif isinstance(op, RectOp):
            draw.rectangle([op.x * scale, op.y * scale, (op.x + op.w) * scale, (op.y + op.h) * scale],
                           outline=op.color, fill=op.fill, width=max(1, round(op.width * scale)))
        elif isinstance(op, ImageOp):
            size = (max(1, round(op.w * scale)), max(1, round(op.h * scale)))
            with Image.open(io.BytesIO(op.data)) as source:
                picture = source.convert("RGB").resize(
                    size, Image.Resampling.NEAREST if op.crisp else Image.Resampling.LANCZOS)
            image.paste(picture, (round(op.x * scale), round(op.y * scale)))
    return image


def render_png(pages: Sequence[Page], dpi: int = PREVIEW_DPI) -> bytes:
    """A PNG preview: the pages side by side (front, then back), each with a hairline edge."""
    from PIL import Image, ImageDraw

    images = [render_image(page, dpi) for page in pages]
    gap = round(dpi / 25.4 * 4)
    width = sum(i.width for i in images) + gap * (len(images) - 1)
    height = max(i.height for i in images)
    sheet = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(sheet)
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        draw.rectangle([x, 0, x + image.width - 1, image.height - 1], outline=(200, 200, 200), width=2)
        x += image.width + gap
    buffer = io.BytesIO()
    sheet.save(buffer, "PNG", dpi=(dpi, dpi))
    return buffer.getvalue()
