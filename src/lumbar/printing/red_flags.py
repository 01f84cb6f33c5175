"""The red flags ("when to get help") for printed handouts, read from content/safety.md.

The safety page is the single source: a handout repeats exactly its lists, so a change
reviewed on the page reaches paper too. Only the small Markdown subset that page uses is
understood: admonitions (``!!! danger "Title"``), ``##`` headings, ``-`` lists and paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lumbar.paths import SAFETY_SOURCE
from lumbar.printing.layout import plain_text

SAFETY_PAGE = Path(SAFETY_SOURCE)
_ADMONITION = re.compile(r'^!!!\s+(\w+)\s+"(.*)"\s*$')
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
# Sections after this heading (sources, review dates) are not red flags.
_STOP_AT = {"sources"}


@dataclass
class Section:
    """One box or section: ``kind`` is danger, warning, tip or plain."""

    title: str
    kind: str
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("item" | "para", text)

    @property
    def items(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "item"]

    def grouped(self) -> list[tuple[str, list[str]]]:
        """Blocks with consecutive items gathered: [("list", [...]), ("para", [text]), ...]."""
        groups: list[tuple[str, list[str]]] = []
        for kind, text in self.blocks:
            if kind == "item" and groups and groups[-1][0] == "list":
                groups[-1][1].append(text)
            else:
                groups.append(("list" if kind == "item" else "para", [text]))
        return groups


@dataclass
class RedFlags:
    title: str
    intro: list[str]
    sections: list[Section]


class SafetyPageError(ValueError):
    """content/safety.md is missing or no longer has the shape this parser reads."""


def load_red_flags(root: Path) -> RedFlags:
    """Parse ``content/safety.md`` under the project ``root``."""
    path = root / SAFETY_PAGE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SafetyPageError(f"{path}: cannot read the safety page for the red flags ({exc.strerror})") from None
    flags = parse_red_flags(text)
    if not any(section.items for section in flags.sections):
        raise SafetyPageError(f"{path}: found no red-flag lists (expected !!! boxes with - items)")
    return flags


def parse_red_flags(markdown: str) -> RedFlags:
    """The safety page's title, introduction and sections, as plain text."""
    lines = _strip_front_matter(markdown).splitlines()
    title = "When to get help"
    intro: list[str] = []
    sections: list[Section] = []
    current: Section | None = None
    body: list[str] = []

    def finish() -> None:
        target = current.blocks if current else None
        blocks = _blocks(body)
        if target is None:
            intro.extend(text for _, text in blocks)
        else:
            target.extend(blocks)
        body.clear()

    for line in lines:
        heading = _HEADING.match(line)
        admonition = _ADMONITION.match(line)
        if heading:
            finish()
            if len(heading.group(1)) == 1:
                title = plain_text(heading.group(2))
                continue
            name = plain_text(heading.group(2))
            if name.lower() in _STOP_AT:
                current = None
                body.clear()
                break
            current = Section(name, "plain")
            sections.append(current)
        elif admonition:
            finish()
            current = Section(plain_text(admonition.group(2)), admonition.group(1).lower())
            sections.append(current)
        elif current is not None and current.kind != "plain" and line.strip() and not line.startswith("    "):
            # Text back at the left margin ends an admonition box.
            finish()
            current = Section("", "plain")
            sections.append(current)
            body.append(line)
        else:
            body.append(line[4:] if current is not None and current.kind != "plain" and line.startswith("    ") else line)
    finish()
    return RedFlags(title, intro, [s for s in sections if s.blocks])


def _strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4:]
    return text


def _blocks(lines: list[str]) -> list[tuple[str, str]]:
    """List items and paragraphs from dedented Markdown lines; HTML lines are skipped."""
    blocks: list[tuple[str, str]] = []
    kind: str | None = None
    parts: list[str] = []

    def flush() -> None:
        nonlocal kind
        if kind and parts:
            blocks.append((kind, plain_text(" ".join(parts))))
        kind = None
        parts.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("<"):
            flush()
        elif re.match(r"^[-*+]\s+", stripped) and not line.startswith("  "):
            flush()
            kind = "item"
            parts.append(re.sub(r"^[-*+]\s+", "", stripped))
        else:
            if kind is None:
                kind = "para"
            parts.append(stripped)
    flush()
    return blocks
