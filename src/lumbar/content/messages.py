"""Every message a contributor can see about a content file, kept as data.

Each problem PyYAML or pydantic can report for a content file has a plain-English cause and
a fix here (the way rendercv keeps its messages), so wording is reviewed in one place and a
new problem type falls back to a generic message rather than to a library's jargon.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from lumbar.content import characters
from lumbar.errors import SelectionError

# --- invisible and control characters ---------------------------------------------------------

# Characters Word, Google Docs and web pages put into pasted text. Same-length replacements
# keep every later line:column right, so they are applied to the raw file before parsing.
REPLACE_IN_FILE: dict[str, str] = {
    "\u000b": " ",  # vertical tab: Word's manual line break (Shift+Enter)
    "\u000c": " ",  # form feed: Word's page break
    "\u0085": " ",  # next line (NEL), from text saved as Latin-1
    "\u00a0": " ",  # non-breaking space
    "\u2028": " ",  # line separator: Word's line break in some exports
    "\u2029": " ",  # paragraph separator
}
# Characters that hide or reorder text, and those dropped silently: lumbar.content.characters.

# What contributors are told about a character that cannot stay in a file.
CHARACTER_NAMES: dict[str, str] = {
    "\u0000": "a null character (U+0000), which appears when a file was saved as UTF-16 or copied from a binary file",
    "\u0007": "a bell character (U+0007), a control code some old programs write",
    "\u0008": "a backspace character (U+0008), which some editors leave behind after a correction",
    "\u000b": "a vertical tab (U+000B), which Word writes for a line break",
    "\u000c": "a form feed (U+000C), which Word writes for a page break",
    "\u001b": "an escape character (U+001B), which terminal colour codes contain",
    "\u007f": "a delete character (U+007F), a control code some keyboards type",
    "\ufffe": "a noncharacter (U+FFFE), which appears when a file's byte order was read wrongly",
    "\uffff": "a noncharacter (U+FFFF), which is not text",
}


def describe_character(char: str) -> str:
    """Name one character for a message: ``a vertical tab (U+000B), which Word writes ...``."""
    if char in CHARACTER_NAMES:
        return CHARACTER_NAMES[char]
    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"half of an emoji or other character ({code}), left by a broken copy and paste"
    if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        return f"an invisible control character ({code}), usually left by copying from another program"
    name = unicodedata.name(char, "").lower()
    shown = char if char.isprintable() else ""
    return f"{shown!r} ({code}{', ' + name if name else ''})" if shown else f"an invisible character ({code}{', ' + name if name else ''})"


def bad_character_message(char: str) -> str:
    """Why a character cannot be in a content file, and what to do."""
    return (f"the text holds {describe_character(char)}; delete it (if you cannot see it, "
            "retype the words around this place)")


def hidden_character_message(char: str, why: str) -> str:
    """Why a character that reorders or hides text (``lumbar.content.characters.REFUSED``)
    is refused, and what to do; ``why`` is the table's reason."""
    extra = " Right-to-left text such as Arabic needs no such characters." \
        if why == characters.REORDERS else ""
    name = unicodedata.name(char, "").lower()
    shown = f"an invisible character (U+{ord(char):04X}{', ' + name if name else ''})"
    return (f"the text holds {shown}, which {why}; delete it (if you cannot see it, "
            f"retype the words around this place).{extra}")


def typed_text(value: str, what: str) -> str:
    """Text typed outside a content file (a command-line option such as ``--patient``),
    read as file text is read: Word's spaces made plain, normalised
    (``characters.normalise_text``). SelectionError naming ``what``, the character and its
    place, for a control character or one that hides or reorders text."""
    for char, replacement in REPLACE_IN_FILE.items():
        value = value.replace(char, replacement)
    for index, char in enumerate(value):
        if unicodedata.category(char) == "Cc" and char not in "\t\n":
            raise SelectionError([f"{what}: character {index + 1} is {describe_character(char)}; "
                                  "type the text again without it"])
    for found in characters.hidden_characters(value):
        message = hidden_character_message(found.char, found.why).removeprefix("the text holds ")
        raise SelectionError([f"{what}: character {found.index + 1} is {message}"])
    return characters.normalise_text(value)


# --- YAML syntax --------------------------------------------------------------------------------

QUOTE_FIX = ("the text has a colon followed by a space, so YAML read the words before it as a "
             "field name. Put the whole text in quotes: {fixed}")

# (words in PyYAML's problem text, cause and fix). The first match wins; ``{got}`` is the
# token PyYAML found and ``{line}`` the line where it found it.
YAML_PROBLEMS: list[tuple[str, str]] = [
    ("mapping values are not allowed here", QUOTE_FIX),
    ("found character '\\t' that cannot start any token",
     "a tab character is not allowed here; indent with spaces only"),
    ("tab character", "a tab character is not allowed here; indent with spaces only"),
    ("that cannot start any token",
     "a value cannot start with {char}; put the whole text in quotes, like \"{char}...\""),
    ("found unknown escape character",
     "a backslash (\\) inside double quotes starts a special code; write \\\\ for a backslash, or use single quotes"),
    ("expected escape sequence",
     "a \\x, \\u or \\U code inside double quotes is incomplete; write \\\\ for a backslash, or use single quotes"),
    ("found unexpected end of stream",
     "a quote that starts here is never closed; add the closing quote at the end of the text"),
    ("while scanning a quoted scalar",
     "a quote that starts here is not closed properly; add the closing quote at the end of the text"),
    ("could not find expected ':'",
     "this line is not 'field: value' and does not continue the text above; add the colon, "
     "or indent the line to continue the text above"),
    ("expected ',' or ']'",
     "the list in [ ] that starts here is not closed before {got} on line {line}; close it with ], "
     "or put any text with a colon in quotes"),
    ("expected ',' or '}'",
     "the group in {{ }} that starts here is not closed before {got} on line {line}; close it with }}, "
     "or put any text with a colon in quotes"),
    ("did not find expected key",
     "the line {line} is not indented like the fields around it; line it up with the field above"),
    ("did not find expected '-' indicator",
     "line {line} is not indented like the list items above it; start it with '- ' at the same place"),
    ("expected <block end>",
     "line {line} is not indented like the lines around it; line it up with the field or list item above"),
    ("expected the node content",
     "a value is missing or starts with a character YAML reserves; put the text in quotes"),
    ("but found another document",
     "a line with only --- starts a second document; one file holds one entry, so remove it"),
    ("expected '<document start>'",
     "a line with ... or --- ends the entry early; remove it"),
    ("expected alphabetic or numeric character",
     "a value cannot start with {char}; put the whole text in quotes"),
    ("found undefined tag handle",
     "a value cannot start with '!'; put the whole text in quotes"),
    ("expected chomping or indentation indicators",
     "after | or > only a line break may follow; put the text on the next lines, indented"),
    ("expected a comment or a line break",
     "text follows a closing quote or | on the same line; put all the text inside the quotes"),
    ("found unacceptable key",
     "a field name must be plain words; a [list] or {{group}} cannot be a field name"),
    ("while scanning a directive", "a line cannot start with %; put the text in quotes"),
]


# PyYAML's names for what it found, in words.
_TOKENS = {
    "<stream end>": "the end of the file",
    "<scalar>": "more text",
    "<block mapping start>": "a new field",
    "<block sequence start>": "a new list",
    "<block end>": "the end of a group",
    "<block entry>": "a '- ' list item",
    "<document start>": "a --- line",
    "<document end>": "a ... line",
}


def yaml_message(problem: str, context: str | None, got_line: int | None) -> str:
    """A PyYAML problem (and its context, such as 'while parsing a flow sequence') in words."""
    full = f"{context or ''} {problem}"
    char_match = re.search(r"found character '(.*?)'|but found '?(.)", problem)
    char = (char_match.group(1) or char_match.group(2)) if char_match else "this character"
    got_match = re.search(r"but got '?([^']*)'?$", problem) or re.search(r"but found '?([^']*)'?$", problem)
    got = _TOKENS.get(got_match.group(1), repr(got_match.group(1))) if got_match else "the next value"
    for words, text in YAML_PROBLEMS:
        if words in full:
            return text.format(char=repr(char), got=got, line=got_line or "?", fixed="{fixed}")
    return f"YAML could not read this ({problem}); check the quotes, colons and indentation here"


def quoted_line(line: str, start: int | None = None) -> str | None:
    """The source line with its text value in quotes: ``key: a: b`` -> ``key: "a: b"``.

    ``start`` is the 1-based column where the text begins (for ``- Tip: a`` the ``T``);
    without it the text follows the line's first ``field:`` or ``- ``. None when the line
    holds no text to quote. A trailing ``# comment`` stays outside the quotes.
    """
    if start is not None:
        prefix, rest = line[: start - 1], line[start - 1:]
    else:
        match = re.match(r"^(\s*(?:-\s+)*(?:[A-Za-z_][\w-]*:\s+)?)(.*)$", line)
        if not match or not match.group(1).strip():
            return None
        prefix, rest = match.group(1), match.group(2)
    value, _, comment = rest.partition(" #")
    value = value.strip()
    if not value:
        return None
    quoted = f"{prefix}{json.dumps(value, ensure_ascii=False)}"
    return f"{quoted}  #{comment}" if comment else quoted


def quote_fix(text: str, line: int, start: int | None = None) -> tuple[str, str] | None:
    """The change that puts a plain text value in quotes: (the source lines it spans, joined
    by line breaks; the same value as one line, quoted as ``quoted_line`` quotes it). None
    when there is no text to quote.

    The value starts on ``line`` (1-based) of ``text`` (at column ``start`` when given). A
    value continued on more indented lines is joined with spaces, as YAML joins it: quoting
    only its first line would leave the rest as a syntax error.
    """
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    first = lines[line - 1]
    indent = len(first) - len(first.lstrip(" "))
    end = line
    while end < len(lines) and lines[end].strip() and not lines[end].lstrip().startswith("#") \
            and len(lines[end]) - len(lines[end].lstrip(" ")) > indent:
        end += 1
    joined = " ".join([first.rstrip()] + [more.strip() for more in lines[line:end]])
    fixed = quoted_line(joined, start)
    return ("\n".join(lines[line - 1:end]), fixed) if fixed else None


# --- pydantic validation --------------------------------------------------------------------------


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


Message = Callable[[Mapping[str, Any]], str]

# pydantic's error type -> the message for it. ``item`` is one entry of
# ``ValidationError.errors()``: ``input``, ``ctx`` and ``msg`` are the useful keys.
PYDANTIC_MESSAGES: dict[str, Message] = {
    "missing": lambda item: f"required field {item['loc'][-1]!r} is missing; add it",
    "string_type": lambda item: (
        "needs a value; it is empty" if item.get("input") is None else
        "must be text, but this is a list; write one line of text" if isinstance(item.get("input"), list) else
        f"must be text, not {_shown(item.get('input'))}; put it in quotes to keep it as text"
    ),
    "int_type": lambda item: f"must be a whole number, such as 10, not {_shown(item.get('input'))}",
    "int_parsing": lambda item: f"must be a whole number, such as 10, not {_shown(item.get('input'))}",
    "int_from_float": lambda item: f"must be a whole number, such as 10, not {_shown(item.get('input'))}",
    "float_type": lambda item: f"must be a number, such as 45, not {_shown(item.get('input'))}",
    "float_parsing": lambda item: f"must be a number, such as 45, not {_shown(item.get('input'))}",
    "finite_number": lambda item: "must be an ordinary number, such as 45",
    "bool_type": lambda item: f"must be true or false, not {_shown(item.get('input'))}",
    "bool_parsing": lambda item: f"must be true or false, not {_shown(item.get('input'))}",
    "list_type": lambda item: (
        f"must be a list; write each item on its own line starting with '- ', "
        f"or in brackets like [{item.get('input') if isinstance(item.get('input'), str) else 'a, b'}]"
    ),
    "dict_type": lambda item: "must be a group of 'field: value' lines, indented under this one",
    "model_type": lambda item: "must be a group of 'field: value' lines, indented under this one",
    "model_attributes_type": lambda item: "must be a group of 'field: value' lines, indented under this one",
    "too_short": lambda item: "needs at least one item; add one on a line starting with '- '",
    "too_long": lambda item: f"has too many items; keep it to {item.get('ctx', {}).get('max_length')} or fewer",
    "string_too_short": lambda item: (
        "needs a value; it is empty" if not str(item.get("input", "")).strip() else
        f"{str(item['input']).strip()!r} is too short ({len(str(item['input']).strip())} characters); "
        f"write at least {item.get('ctx', {}).get('min_length')} characters"
    ),
    "string_too_long": lambda item: (
        f"is too long ({len(str(item.get('input', '')).strip())} characters); "
        f"keep it to {item.get('ctx', {}).get('max_length')} characters or fewer"
    ),
    "string_pattern_mismatch": lambda item: (
        f"{item.get('input')!r} is not a valid id: use lower-case letters, digits and single hyphens, like side-plank"
    ),
    "literal_error": lambda item: f"{_shown(item.get('input'))} is not allowed; use {item.get('ctx', {}).get('expected')}",
    "date_type": lambda item: f"must be a date written as YYYY-MM-DD, such as 2026-03-01, not {_shown(item.get('input'))}",
    "date_parsing": lambda item: f"must be a date written as YYYY-MM-DD, such as 2026-03-01, not {_shown(item.get('input'))}",
    "date_from_datetime_parsing": lambda item: (
        f"must be a date written as YYYY-MM-DD, such as 2026-03-01, not {_shown(item.get('input'))}"
    ),
    "date_from_datetime_inexact": lambda item: "must be a date only (YYYY-MM-DD), without a time",
    "url_type": lambda item: "must be a web address starting with https://",
    "url_parsing": lambda item: f"{item.get('input')!r} is not a web address; give the full link, starting with https://",
    "url_scheme": lambda item: f"{item.get('input')!r} is not allowed; source links must start with https:// or http://",
    "url_too_long": lambda item: "this web address is too long; link to a shorter address for the same page",
    "greater_than_equal": lambda item: f"must be {item.get('ctx', {}).get('ge')} or more",
    "less_than_equal": lambda item: f"must be {item.get('ctx', {}).get('le')} or less",
    "greater_than": lambda item: f"must be more than {item.get('ctx', {}).get('gt')}",
    "less_than": lambda item: f"must be less than {item.get('ctx', {}).get('lt')}",
    "frozen_instance": lambda item: "cannot be changed",
}


def pydantic_message(item: Mapping[str, Any]) -> str:
    """The message for one pydantic error (value errors keep the validator's own words)."""
    kind = item["type"]
    if kind in PYDANTIC_MESSAGES:
        return PYDANTIC_MESSAGES[kind](item)
    text = str(item.get("msg", ""))
    for prefix in ("Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    return text or "is not valid here"


# --- placeholders from `lumbar new` ---------------------------------------------------------------

PLACEHOLDER_START = "Write "  # every placeholder in templates/scaffold/*.yml starts so


def placeholder_message(text: str) -> str:
    """The message for text still holding a scaffold placeholder."""
    return f"replace the placeholder text {text.strip()!r} with your own words"


# --- print fonts ----------------------------------------------------------------------------------


def unprintable_message(char: str) -> str:
    """Why a character is refused in printed text."""
    name = unicodedata.name(char, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
        why = "Chinese, Japanese and Korean characters have no print font in Lumbar yet"
    elif unicodedata.category(char) == "So" or ord(char) >= 0x1F000:
        why = "emoji and symbols have no print font"
    else:
        why = "no font Lumbar prints with has it"
    return (f"{describe_character(char)} cannot be printed on cards and handouts ({why}); "
            "write it in words or remove it")
