"""What happens to characters that change how text looks without being seen: one table.

Text is read once (content YAML, the clinic settings in ``mkdocs.yml``, what a clinician
types for a handout) and normalised there, so pages, search, cards and handouts all see the
same characters:

- **Unicode NFC.** The same letter can be typed composed (``Å``, U+00C5) or decomposed (``A``
  and a combining ring, as macOS file names and some editors write it). Both are stored
  composed, so search finds either and print fonts draw one glyph.
- **Characters that reorder or hide text are refused** with their Unicode name and place:
  bidirectional controls (the "Trojan Source" characters: a page and a card would show the
  words in different orders), invisible operators, Hangul fillers that look like nothing,
  tag characters that smuggle hidden ASCII. Right-to-left scripts such as Arabic need none of
  them: the reader's browser and the print layout order right-to-left letters themselves.
- **Characters with no meaning in running text are removed** (Word and web pages paste them):
  soft hyphens, zero-width spaces, word joiners and byte-order marks, and joiners or
  variation selectors where they join nothing. CONTRIBUTING says so. A zero-width joiner or
  non-joiner stays between letters of scripts that use it (Persian, Indic scripts) and inside
  emoji sequences; a variation selector stays after an emoji or a non-Latin letter; tag
  characters stay inside a flag emoji.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Why a refused character is refused, in the words a contributor sees.
REORDERS = "changes the order in which the words around it are shown"
HIDES = "is invisible and can hide or disguise text"

# (first, last code point, why it is refused). Unicode's Default_Ignorable_Code_Point list
# (DerivedCoreProperties.txt) and the bidi marks, less what ``DROPPED`` and ``_kept`` handle.
REFUSED: tuple[tuple[int, int, str], ...] = (
    (0x061C, 0x061C, REORDERS),  # Arabic letter mark
    (0x200E, 0x200F, REORDERS),  # left-to-right and right-to-left marks
    (0x202A, 0x202E, REORDERS),  # embeddings, pop, overrides
    (0x2066, 0x2069, REORDERS),  # isolates
    (0x034F, 0x034F, HIDES),  # combining grapheme joiner
    (0x115F, 0x1160, HIDES),  # Hangul fillers
    (0x17B4, 0x17B5, HIDES),  # Khmer inherent vowels (deprecated)
    (0x180B, 0x180F, HIDES),  # Mongolian variation selectors and vowel separator (kept after Mongolian)
    (0x2061, 0x2064, HIDES),  # invisible function application, times, separator, plus
    (0x206A, 0x206F, HIDES),  # deprecated format characters
    (0x3164, 0x3164, HIDES),  # Hangul filler
    (0xFFA0, 0xFFA0, HIDES),  # half-width Hangul filler
    (0xFFF0, 0xFFFB, HIDES),  # unassigned specials and interlinear annotation
    (0x1BCA0, 0x1BCA3, HIDES),  # shorthand format controls
    (0x1D173, 0x1D17A, HIDES),  # musical symbol format controls
    (0xE0000, 0xE0FFF, HIDES),  # tags (kept inside a flag emoji); variation selectors as below
)
# Variation selectors (U+FE00-FE0F, U+E0100-E01EF) pick how the character before them is
# drawn: kept after an emoji or a non-Latin letter, dropped anywhere else (they do nothing).
# Removed from every text value: they mean nothing in running text.
DROPPED = frozenset("\u00ad\u200b\u2060\ufeff")  # soft hyphen, zero-width space, word joiner, BOM
ZERO_WIDTH_JOINER = "\u200d"
ZERO_WIDTH_NON_JOINER = "\u200c"
_BLACK_FLAG = "\U0001F3F4"  # starts a flag emoji spelled with tag characters


@dataclass(frozen=True)
class Hidden:
    """A refused character at ``index`` of a text, and why it is refused."""

    index: int
    char: str
    why: str


def _refused_why(char: str) -> str | None:
    code = ord(char)
    for first, last, why in REFUSED:
        if first <= code <= last:
            return why
    return None


def _is_latin_or_ascii(char: str) -> bool:
    return ord(char) < 0x250


def _is_emoji_like(char: str) -> bool:
    return unicodedata.category(char) in {"So", "Sk", "Sm"} or ord(char) >= 0x1F000


def _kept(text: str, index: int) -> bool | None:
    """True to keep the special character at ``index`` where it does a job, False to drop
    it, None when it is not one of those handled by context."""
    char = text[index]
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char in (ZERO_WIDTH_JOINER, ZERO_WIDTH_NON_JOINER):
        if char == ZERO_WIDTH_JOINER and before and after and _is_emoji_like(after) \
                and (_is_emoji_like(before) or unicodedata.category(before) == "Mn"):
            return True  # an emoji sequence such as a family
        letters = before and after and unicodedata.category(before)[0] in "LM" \
            and unicodedata.category(after)[0] in "LM"
        return bool(letters and not (_is_latin_or_ascii(before) and _is_latin_or_ascii(after)))
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        # After an emoji or an ideograph it picks a glyph; after a Latin letter or a space, or
        # at the start, it does nothing (a keycap such as 1 + U+FE0F + U+20E3 excepted).
        return bool(before and not _is_latin_or_ascii(before) or after == "\u20e3")
    if 0x180B <= code <= 0x180F:
        return True if before and 0x1820 <= ord(before) <= 0x18AF else None
    if 0xE0020 <= code <= 0xE007F:
        # A flag such as England's is the black flag, tag letters, then the cancel tag.
        start = index
        while start and 0xE0020 <= ord(text[start - 1]) <= 0xE007F:
            start -= 1
        return True if start and text[start - 1] == _BLACK_FLAG else None
    return None


# Any refused character, to skip at C speed the texts that have none (nearly all): looking at
# each character in Python took most of loading the content, and of each `lumbar serve` rebuild.
_ANY_REFUSED = re.compile("[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last, _ in REFUSED) + "]")


def hidden_characters(text: str) -> Iterator[Hidden]:
    """Every character of ``text`` that reorders or hides text (see ``REFUSED``), in order,
    except where it does a legitimate job (an emoji sequence, a joining script)."""
    if text.isascii() or not _ANY_REFUSED.search(text):
        return
    for index, char in enumerate(text):
        if char in DROPPED or char in (ZERO_WIDTH_JOINER, ZERO_WIDTH_NON_JOINER) or "\ufe00" <= char <= "\ufe0f":
            continue
        why = _refused_why(char)
        if why is None:
            continue
        kept = _kept(text, index)
        if kept is None:
            yield Hidden(index, char, why)


def normalise_text(value: str) -> str:
    """One text value as every later stage sees it: the characters of ``DROPPED`` and
    out-of-place joiners and variation selectors removed, then composed (Unicode NFC).

    Refused characters (``hidden_characters``) are left in: the reader reports them first.
    """
    if value.isascii():
        return value
    kept = []
    for index, char in enumerate(value):
        if char in DROPPED:
            continue
        if _kept(value, index) is False:
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))
