"""A strict YAML loader that remembers where every key and value came from.

PyYAML's SafeLoader accepts anchors and aliases (alias bombs), silently keeps the last of
two duplicate keys, and reads ``no``, ``on`` and ``010`` as booleans and octal numbers.
Contributors should get none of those surprises, and every later validation error needs a
line and column, so this loader records the position of each node by its path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from lumbar.content.characters import hidden_characters, normalise_text
from lumbar.content.errors import ContentError, ContentErrors, Edit
from lumbar.content.messages import (
    REPLACE_IN_FILE,
    bad_character_message,
    hidden_character_message,
    quote_fix,
    yaml_message,
)

MAX_FILE_BYTES = 64 * 1024

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass
class Positions:
    """Where each path in a document starts: its key (for mappings) and its value."""

    keys: dict[Loc, Mark] = field(default_factory=dict)
    values: dict[Loc, Mark] = field(default_factory=dict)
    ends: dict[Loc, Mark] = field(default_factory=dict)  # where each value ends
    text: str = ""  # the file's text as parsed, so messages never read the file again

    def line(self, number: int) -> str:
        """The source line ``number`` (1-based), or ``""`` past the end."""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def of_key(self, loc: Loc) -> Mark:
        """Position of the key at ``loc``, falling back to its closest known ancestor."""
        return self._nearest(self.keys, loc) or self.of_value(loc)

    def of_value(self, loc: Loc) -> Mark:
        """Position of the value at ``loc``, falling back to its closest known ancestor."""
        return self._nearest(self.values, loc) or Mark(1, 1)

    @staticmethod
    def _nearest(table: dict[Loc, Mark], loc: Loc) -> Mark | None:
        for end in range(len(loc), -1, -1):
            if loc[:end] in table:
                return table[loc[:end]]
        return None


def _mark(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases, duplicate keys or YAML 1.1 surprises."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "anchors and aliases (*name) are not allowed; write the value out in full",
                event.start_mark,
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                None, None, "anchors (&name) are not allowed; write the value out in full",
                event.start_mark,
            )
        return super().compose_node(parent, index)


# Keep only YAML 1.2 core scalars: true/false, plain decimal ints and floats, null, dates.
# A bare "=" or "<<" is text (YAML 1.1 read them as the value and merge-key types).
StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in {
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:value", "tag:yaml.org,2002:merge",
    }]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*))$"), list("-+0123456789")
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)$"),
    list("-+0123456789."),
)


class _FastStrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser with StrictLoader's scalar rules: about 10x faster than pure Python.

    It composes aliases without a hook to refuse them, so ``_fast_compose`` scans the events
    first and leaves any file with an anchor or alias (or a syntax error) to StrictLoader,
    whose messages say exactly what is wrong.
    """

    yaml_implicit_resolvers = StrictLoader.yaml_implicit_resolvers


# Where an anchor (&name) or alias (*name) could start; Markdown **bold** does not match.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:])[&*][^\s*]", re.MULTILINE)


def _fast_compose(text: str) -> tuple[Any, Node | None] | None:
    """(loader, root node) composed by libyaml, or None to leave the file to StrictLoader."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    try:
        if _MAYBE_ANCHOR.search(text):
            for event in yaml.parse(text, Loader=_FastStrictLoader):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    return None
        loader = _FastStrictLoader(text)
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        return None  # StrictLoader reports it, with its clearer messages


# Content nests a few levels (figure -> end -> contacts -> floor -> item); far more is a
# mistake or an attack. PyYAML's Python composer (the fallback for files libyaml leaves to
# StrictLoader) recurses once per level, so such a file is stopped before it is composed.
MAX_DEPTH = 40


def _check_depth(path: Path, text: str) -> None:
    """ContentError at the list or group that opens level ``MAX_DEPTH + 1``.

    libyaml's event parser is a loop, not a recursion, so this costs milliseconds where
    running StrictLoader into Python's recursion limit took most of a second. A syntax
    error met first is left to StrictLoader, which explains it better.
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return
    depth = 0
    mark: Any = None  # where the nesting got too deep (the C or the Python parser's Mark)
    try:
        for event in yaml.parse(text, Loader=_FastStrictLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    break
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:  # libyaml's own limit on [ and { nesting
        if "nesting depth" not in str(exc.problem):
            return
        mark = exc.problem_mark
    if mark is not None:
        raise ContentError(path, mark.line + 1, mark.column + 1, "",
                           "lists or groups nest too deeply here; write the file flat")


# The only node types content may contain. An explicit tag such as !!python/object/apply
# (or !!binary, !!set, !custom) is refused rather than silently read as plain data.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")}


def _construct(loader: StrictLoader, node: Node, loc: Loc, positions: Positions, path: Path) -> Any:
    positions.values[loc] = _mark(node)
    positions.ends[loc] = Mark(node.end_mark.line + 1, node.end_mark.column + 1)
    if node.tag not in _PLAIN_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise ContentError(
            path, *_pos(node), _dotted(loc), f"YAML tags such as {shown} are not allowed; write a plain value"
        )
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = normalise_text(key) if isinstance(key, str) else key
            if not isinstance(key, str):
                raise ContentError(path, *_pos(key_node), "", f"keys must be text, not {key!r}")
            if key in result:
                first = positions.keys[(*loc, key)]
                raise ContentError(
                    path, *_pos(key_node), _dotted((*loc, key)),
                    f"duplicate key {key!r} (first given on line {first.line}); keep only one",
                )
            positions.keys[(*loc, key)] = _mark(key_node)
            result[key] = _construct(loader, value_node, (*loc, key), positions, path)
        return result
    if isinstance(node, SequenceNode):
        return [
            _construct(loader, item, (*loc, index), positions, path)
            for index, item in enumerate(node.value)
        ]
    if isinstance(node, ScalarNode):
        try:
            value = loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # e.g. a date such as 2026-13-01
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            reason = "the number is far too long" if node.value.lstrip("+-").isdigit() else str(exc)
            raise ContentError(path, *_pos(node), _dotted(loc), f"{shown!r} is not valid: {reason}") from None
        return normalise_text(value) if isinstance(value, str) else value
    raise ContentError(path, *_pos(node), _dotted(loc), "unsupported YAML node")


def _pos(node: Node) -> tuple[int, int]:
    mark = _mark(node)
    return mark.line, mark.column


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(path: Path, text: str | None = None) -> tuple[Any, Positions]:
    """Parse one YAML file strictly and return its data with the position of every node.

    Raises ContentError (never a bare YAML or Unicode error) for any problem, or
    ContentErrors for several characters that hide or reorder text.
    """
    if text is None:
        text = _read_text(path)
    text = _clean_file(path, text)
    try:
        return _parse(path, text)
    except RecursionError:  # a safety net: _check_depth stops deep nesting before PyYAML recurses
        raise ContentError(path, 1, 1, "", "the file nests lists or groups too deeply; write it flat") from None


_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _clean_file(path: Path, text: str) -> str:
    """Word's invisible characters replaced in place; other control characters, and
    characters that reorder or hide text (``lumbar.content.characters``), refused at their
    place, comments included (a "Trojan Source" comment hides code the same way).

    Same-length replacements keep line:column of every later error right.
    """
    for char, replacement in REPLACE_IN_FILE.items():
        text = text.replace(char, replacement)
    bad = _NON_PRINTABLE.search(text)
    if bad:
        raise _character_error(path, text, bad.start(), bad_character_message(bad.group()))
    # Every one at once: a pasted phrase often holds several (an isolate and its closing pair).
    hidden = [_character_error(path, text, found.index, hidden_character_message(found.char, found.why))
              for found in hidden_characters(text)]
    if len(hidden) == 1:
        raise hidden[0]
    if hidden:
        raise ContentErrors(hidden)
    return text


def _character_error(path: Path, text: str, index: int, message: str) -> ContentError:
    """A ContentError at the character ``text[index]``, whose fix deletes it."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return ContentError(path, line, column, "", message, fix=(Edit(line, column, text[index], ""),))


def _read_text(path: Path) -> str:
    """The file's text, or a ContentError saying why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(
                path, 1, 1, "", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}. Split it up."
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(path, 1, 1, "", f"the file cannot be read ({exc.strerror or exc}); check that it exists and you may open it") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError(path, 1, 1, "", "file is saved as UTF-16; save it with UTF-8 encoding")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            path, line, column, "", "file is not UTF-8 text; save it with UTF-8 encoding"
        ) from None


def _parse(path: Path, text: str) -> tuple[Any, Positions]:
    fast = _fast_compose(text)
    if not fast:
        _check_depth(path, text)
    loader = fast[0] if fast else StrictLoader(text)
    positions = Positions(text=text)
    try:
        node = fast[1] if fast else loader.get_single_node()
        if node is None:
            raise ContentError(path, 1, 1, "", "file is empty")
        data = _construct(loader, node, (), positions, path)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    except yaml.YAMLError as exc:  # no position known (not raised by PyYAML 6 for text input)
        raise ContentError(path, 1, 1, "", f"YAML syntax: {yaml_message(str(exc), None, None)}") from None
    finally:
        loader.dispose()
    return data, positions


def _syntax_error(path: Path, text: str, exc: yaml.MarkedYAMLError) -> ContentError:
    """A PyYAML syntax error as ``line:col: YAML syntax: cause; fix`` (see content.messages)."""
    problem, context = exc.problem or str(exc), exc.context or ""
    # An unclosed bracket or quote is found far from where it opened: point at the opening.
    opening = any(word in context for word in ("flow", "quoted", "simple key"))
    mark = (exc.context_mark if opening else None) or exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if type(exc) is yaml.MarkedYAMLError:  # StrictLoader's own refusals are already plain words
        return ContentError(path, line, column, "", f"YAML syntax: {problem}")
    got_line = exc.problem_mark.line + 1 if exc.problem_mark else None
    message = yaml_message(problem, context, got_line)
    fix: tuple[Edit, ...] = ()
    if "{fixed}" in message:
        quoting = quote_fix(text, line)
        message = message.replace("{fixed}", quoting[1].strip() if quoting else 'field: "text: more text"')
        fix = (Edit(line, 1, *quoting),) if quoting else ()
    return ContentError(path, line, column, "", f"YAML syntax: {message}", fix=fix)
