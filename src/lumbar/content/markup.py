"""Contributor Markdown: the one table of what content text may use, and its checker.

Text in content files is Markdown, but only a small part of it: emphasis, links to the
site's own pages and to ``https://`` addresses, and, in an FAQ answer, paragraphs and lists.
Anything else would publish something no reviewer checks as content: a picture loaded from
another website (the site loads nothing from elsewhere), a warning box that is not from
``content/safety.yml``, a second page heading, raw HTML, a character code that shows
literally or hides a character. ``RULES`` lists every construct with where it is allowed
and, for the rest, the message a contributor sees, which says what to write instead
(CONTRIBUTING.md shows the same table; a test keeps them equal).

The models call ``check`` on every text field (``models.Text`` is one paragraph,
``models.BlockText`` may hold paragraphs and lists); the page renderer still escapes what
remains (``publish.pages.safe_block``) as a second line of defence.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum

from lumbar.errors import InvalidValue


class TextKind(str, Enum):
    """What a text field is: one paragraph, or paragraphs and lists."""

    LINE = "line"  # names, titles, steps, reasons: one paragraph (printed on one line)
    BLOCK = "block"  # an FAQ answer: paragraphs and lists too


ANYWHERE = frozenset(TextKind)
NOWHERE: frozenset[TextKind] = frozenset()


class MarkupProblem(InvalidValue):
    """A construct outside the subset: the message, the text that shows it (``snippet``,
    found as its ``occurrence``-th copy in the value), and its replacement when one exact
    change fixes it. An ``InvalidValue``, so pydantic reports it at the field."""

    def __init__(self, message: str, snippet: str, occurrence: int, replacement: str | None) -> None:
        super().__init__(message)
        self.snippet = snippet
        self.occurrence = occurrence
        self.replacement = replacement


@dataclass(frozen=True)
class Rule:
    """One Markdown construct: how it looks (``example``), where it is ``allowed``, and the
    ``message`` for anywhere else.

    ``pattern`` finds it (its group ``at``, when it has one, is the place reported: a
    paragraph break is reported at the words after it); a rule whose pattern is matched per
    line (``per_line``) looks at each line of the value. ``check``, when given, decides
    instead of ``allowed`` and ``message``: it returns the message and the exact replacement
    of the match (None when no one change fixes it) for a match that is a problem, or None
    for one that is fine (a link to an allowed address).
    """

    name: str
    example: str
    allowed: frozenset[TextKind]
    message: str
    pattern: re.Pattern[str]
    per_line: bool = False
    sample: str = ""  # text that shows the construct, when ``example`` cannot (an empty line)
    check: Callable[[re.Match[str], TextKind], tuple[str, str | None] | None] | None = None


SAFETY_LINK = "[safety page](../safety.md)"
_HTTPS_HOST = re.compile(r"^https://[^/\s?#]+\.[^/\s?#]+", re.IGNORECASE)
_OWN_PAGE = re.compile(r"^(?:\.\./|\./)*(?:[a-z0-9_-]+/)*[a-z0-9_-]+\.md(?:#[\w-]+)?$|^#[\w-]+$", re.IGNORECASE)


def link_problem(target: str) -> tuple[str, str | None] | None:
    """Why a link's address is outside the subset, and its fix; None for an allowed one."""
    lowered = target.lower()
    if _HTTPS_HOST.match(target) or _OWN_PAGE.match(target):
        return None
    if not target:
        return "this link has no address; write [words](https://...) or a page of this site, such as " \
               + SAFETY_LINK, None
    if lowered.startswith(("https://", "http://", "//")):
        rest = target.split("//", 1)[1]
        secure = "https://" + rest
        if not _HTTPS_HOST.match(secure):
            return (f"link {target!r} is not a full web address; write the whole address, starting with https:// "
                    "and the site's name, such as https://www.nhs.uk/"), None
        if lowered.startswith("http://"):
            return (f"link {target!r} is not secure; write https:// instead of http:// (the site links only to "
                    "https addresses)"), secure
        return f"link {target!r} has no https:, so it would not work; write https:{target} instead", secure
    if target.startswith("/"):
        return (f"link {target!r} starts at the site's root, which breaks when the site is not at the top "
                f"of its address; write a link from this page to the page's file instead, such as {SAFETY_LINK}"), None
    if lowered.startswith(("mailto:", "tel:", "sms:")):
        return (f"link {target!r} is not allowed; write the address or number as plain text instead "
                "(the site's own pages show the clinic's and emergency numbers)"), None
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", lowered)
    if scheme:
        return (f"links to {scheme.group(1)}: addresses are not allowed; write a link to https://... or to a page "
                f"of this site instead, such as {SAFETY_LINK}"), None
    return (f"link {target!r} does not name a page's file; write the page's .md file instead, such as "
            f"../exercises/bridge.md or {SAFETY_LINK}"), None


def _check_link(match: re.Match[str], kind: TextKind) -> tuple[str, str | None] | None:
    # What Markdown reads between the brackets: an address, maybe in < >, maybe a "title".
    inside = match.group("inside").strip()
    target = inside.split()[0].strip("<>") if inside else ""
    if html.unescape(target) != target:  # "jav&#97;script:" is read as "javascript:"
        problem = link_problem(html.unescape(target))
        return (problem[0], None) if problem else None
    problem = link_problem(target)
    if problem is None:
        return None
    message, fixed = problem
    return message, (match.group(0).replace(target, fixed, 1) if fixed and target else None)


def _check_heading(match: re.Match[str], kind: TextKind) -> tuple[str, str | None]:
    words = (match.group("words") or "").strip()
    if not words:
        return "a line of # makes a heading; remove the # (headings are made by the page from the entry's title)", ""
    return f"headings are made by the page from the entry's title; write **{words}** instead", f"**{words}**"


def _check_quote(match: re.Match[str], kind: TextKind) -> tuple[str, str | None]:
    # Curly quotation marks: straight ones would end a "quoted" YAML value the fix goes into.
    words = match.group("words")
    return ("a line starting with > makes a quote block; write the words in quotation marks instead",
            f"\u201c{words}\u201d" if words and ">" not in words[:1] else None)


def _check_autolink(match: re.Match[str], kind: TextKind) -> tuple[str, str | None]:
    target = match.group("target")
    problem = link_problem(target)
    if problem is not None and problem[1] is None:
        return problem
    address = problem[1] if problem else target
    return f"an address in < > is not a link here; write [{address}]({address}) instead", f"[{address}]({address})"


def _check_entity(match: re.Match[str], kind: TextKind) -> tuple[str, str | None] | None:
    entity = match.group(0)
    char = html.unescape(entity)
    if char == entity:
        return None  # not a character code: it shows as typed, which is what was written
    if len(char) == 1 and (unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}):
        name = unicodedata.name(char, "").lower()
        return (f"{entity} is the code of an invisible character (U+{ord(char):04X}{', ' + name if name else ''}), "
                "which can hide or reorder text; delete it"), ""
    shown = "a space" if char.isspace() else repr(char)
    return f"{entity} is a character code, which the page would show as typed; write {shown} itself instead", \
        (" " if char.isspace() else char)


HTML_TAG_PATTERN = r"<\s*/?\s*[a-zA-Z!?]"  # also the handout builder's check of typed notes
_ATTRIBUTES = r"\{\s*[:#.][^}\n]*\}|\{\s*\w+\s*=[^}\n]*\}"

# Every construct contributors might write, allowed or not. The first rule that matches at a
# place reports it, so the refused constructs come first (a picture inside a link is a
# picture). CONTRIBUTING.md lists this table.
RULES: tuple[Rule, ...] = (
    Rule("picture", "![a picture](photo.png)", NOWHERE,
         "pictures come only from an exercise's figure: pose data (see 'Pictures' in CONTRIBUTING.md); remove "
         "the picture, or say in words what it showed",
         re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?")),
    Rule("safety box", '!!! danger "Call 999"', NOWHERE,
         "warning and safety boxes come only from content/safety.yml, so every page shows the same advice; "
         f"remove the box and link the {SAFETY_LINK} instead",
         re.compile(r"^\s*(?:!!!|\?\?\?\+?)(?:[ \t].*)?$"), per_line=True),
    Rule("heading", "# Heading", NOWHERE, "",
         re.compile(r"^[ ]{0,3}#{1,6}(?:[ \t]+(?P<words>.*?))?[ \t]*#*[ \t]*$"), per_line=True,
         check=_check_heading),
    Rule("heading underline or dividing line", "---", NOWHERE,
         "a line of only =, - or * makes a heading or a dividing line; remove it (write **bold words** for a heading)",
         re.compile(r"^[ ]{0,3}(?:=+|(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$"), per_line=True),
    Rule("quote block", "> quoted words", NOWHERE, "",
         re.compile(r"^[ ]{0,3}>[ \t]?(?P<words>.*?)[ \t]*$"), per_line=True, check=_check_quote),
    Rule("code block", "```", NOWHERE,
         "code blocks are not available; write plain text instead",
         re.compile(r"^[ ]{0,3}(?:```|~~~)"), per_line=True),
    Rule("table", "| a | b |", NOWHERE,
         "tables are not available (they do not fit a phone or a card); write a list instead",
         re.compile(r"^[ ]{0,3}\|.*\|[ \t]*$|^[ ]{0,3}\|?[ \t]*:?-{3,}:?[ \t]*\|"), per_line=True),
    Rule("definition list", ": definition", NOWHERE,
         "a line starting with ': ' makes a definition list; write a list with '- ' instead",
         re.compile(r"^[ ]{0,3}:[ \t]+\S"), per_line=True),
    Rule("reference link", "[words][1]", NOWHERE,
         "reference links are not available; write the address in the link itself: [words](https://...)",
         re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:|(?<!!)\[[^\]\n]+\]\[[^\]\n]*\]"), per_line=True),
    Rule("address in angle brackets", "<https://www.nhs.uk/>", NOWHERE, "",
         re.compile(r"<(?P<target>(?:https?|ftp|mailto|tel):[^>\s]*)>", re.IGNORECASE), check=_check_autolink),
    Rule("link to a secure address or a page of this site", "[NHS](https://www.nhs.uk/)", ANYWHERE, "",
         re.compile(r"(?<!!)\[[^\]\n]*\]\((?P<inside>[^)\n]*)\)"), check=_check_link),
    Rule("HTML", "<b>", NOWHERE,
         "HTML is not allowed; write plain text with Markdown (**bold**, *italic* and [links](https://...)) instead",
         re.compile(HTML_TAG_PATTERN)),
    Rule("character code", "&amp;", NOWHERE, "",
         re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});"), check=_check_entity),
    Rule("attributes in braces", "{: .big }", NOWHERE, "",
         re.compile(_ATTRIBUTES), check=lambda match, kind: ("curly-brace attributes are not available; delete the "
                                                             f"{match.group(0)} part", "")),
    Rule("list, an item a line", "- item", frozenset({TextKind.BLOCK}),
         "a list is not available in this field (it is one paragraph); write separate items of the field's "
         "list, or one sentence",
         re.compile(r"^[ ]{0,3}(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\S"), per_line=True),
    Rule("paragraphs, an empty line between them", "", frozenset({TextKind.BLOCK}),
         "this text is one paragraph (it is printed on one line); remove the empty line before this one, or "
         "write it as separate items",
         re.compile(r"\n[ \t]*\n[ \t]*(?P<at>[^\n]{1,20})"), sample="One.\n\nTwo."),
    Rule("bold", "**bold**", ANYWHERE, "", re.compile(r"\*\*(?=\S)")),
    Rule("italic", "*italic*", ANYWHERE, "", re.compile(r"(?<![*\w])[*_](?=\w)")),
    Rule("code words", "`words`", ANYWHERE, "", re.compile(r"`[^`\n]+`")),
)


@dataclass(frozen=True)
class Problem:
    """One construct outside the subset in a text value."""

    start: int  # index in the value
    snippet: str
    message: str
    replacement: str | None


def problems(text: str, kind: TextKind) -> Iterator[Problem]:
    """Every construct of ``text`` that a ``kind`` field may not use, in the order of the
    text (each place reported once, by the first rule that matches it)."""
    found: list[Problem] = []
    taken: list[tuple[int, int]] = []
    for rule in RULES:
        for start, match in _matches(rule, text):
            end = start + len(match.group(0))
            if any(s < end and start < e for s, e in taken):
                continue
            place = "at" if "at" in rule.pattern.groupindex else 0
            if rule.check is not None:  # allowed or not depending on what it holds (a link's address)
                verdict = rule.check(match, kind)
                if verdict is None:
                    continue
                message, replacement = verdict
            elif kind in rule.allowed:
                continue
            else:
                message, replacement = rule.message, None
            taken.append((start, end))
            found.append(Problem(start + match.start(place) - match.start(), match.group(place), message, replacement))
    yield from sorted(found, key=lambda problem: problem.start)


def _matches(rule: Rule, text: str) -> Iterator[tuple[int, re.Match[str]]]:
    if not rule.per_line:
        for match in rule.pattern.finditer(text):
            yield match.start(), match
        return
    offset = 0
    for line in text.split("\n"):
        found = rule.pattern.search(line)
        if found:
            yield offset + found.start(), found
        offset += len(line) + 1


def check(text: str, kind: TextKind = TextKind.LINE) -> str:
    """``text`` when it uses only the subset allowed in a ``kind`` field; MarkupProblem for
    the first construct that is not (pydantic reports it at the field)."""
    for problem in problems(text, kind):
        occurrence = text.count(problem.snippet, 0, problem.start)
        raise MarkupProblem(problem.message, problem.snippet, occurrence, problem.replacement)
    return text


_WHERE = {ANYWHERE: "every text field", frozenset({TextKind.BLOCK}): "FAQ answers only", NOWHERE: "nowhere"}


def contributing_table() -> str:
    """``RULES`` as the Markdown table CONTRIBUTING.md shows contributors (a test keeps the
    guide's copy equal to this)."""

    def code(text: str) -> str:
        text = text.replace("|", "\\|")
        return f"`` {text} ``" if "`" in text else f"`{text}`"

    rows = ["| What | You write | Allowed in | Anywhere else, `lumbar check` says |", "| --- | --- | --- | --- |"]
    for rule in RULES:
        # The message for the example itself, as a contributor who wrote it would see it.
        seen = next(problems(rule.sample or rule.example, TextKind.LINE), None)
        message = code(seen.message) if seen and rule.allowed != ANYWHERE else ""
        rows.append(f"| {rule.name} | {code(rule.example) if rule.example else ''} | {_WHERE[rule.allowed]} | {message} |")
    return "\n".join(rows)
