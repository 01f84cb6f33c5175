"""Hostile text in every text field of an exercise, an FAQ entry and a pair never goes live.

Two paths, both tested here on a scratch copy of the real project:

* payloads the Markdown subset accepts (``lumbar.content.markup``: quotes that try to break
  out of an attribute, links whose target or title smuggles in a quote) are built into the real site, and
  every generated HTML file, and the search index that the search box renders as HTML, is
  parsed: none may add a script, an ``on*`` attribute, a ``javascript:``/``data:``/
  ``vbscript:`` URL, or any element or attribute that a clean build does not have;
* payloads the models reject (HTML tags, autolinks, unsafe link targets, character codes,
  attribute lists, YAML tags) must stop the build with a ``file:line:col: field: message``
  for every field, and no traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from lumbar.content.catalogue import load_catalogue
from lumbar.content.errors import ContentErrors
from lumbar.content.markup import TextKind, problems
from lumbar.content.reader import load_yaml
from lumbar.mkdocs.build import build_site
from tests.conftest import ROOT, copy_project

# Every text field of each kind (``*`` is each item of a list).
FIELDS: dict[str, list[tuple[str | int, ...]]] = {
    "exercise": [
        ("name",), ("aliases", "*"), ("summary",), ("purpose",), ("starting_position",), ("steps", "*"),
        ("feel",), ("stop_if", "*"), ("easier", "*", "description"), ("harder", "*", "description"),
        ("dose", "how_often"), ("sources", "*", "publisher"), ("sources", "*", "title"),
        ("sources", "*", "date"), ("review", "reviewed_by"),
    ],
    "faq": [
        ("question",), ("summary",), ("answer",), ("sources", "*", "publisher"), ("sources", "*", "title"),
        ("sources", "*", "date"), ("review", "reviewed_by"),
    ],
    "avoid": [
        ("summary",), ("avoid", "name"), ("avoid", "why"), ("try_instead", "name"), ("try_instead", "why"),
        ("sources", "*", "publisher"), ("sources", "*", "title"), ("sources", "*", "date"),
        ("review", "reviewed_by"),
    ],
}


def targets(exercise: str, faq: str, pair: str) -> dict[str, list[tuple[str | int, ...]]]:
    """One file of each kind, with every text field in it."""
    return {f"exercises/{exercise}.yml": FIELDS["exercise"], f"content/faq/{faq}.yml": FIELDS["faq"],
            f"content/avoid/{pair}.yml": FIELDS["avoid"]}


TARGETS = targets("bridge", "bed-rest", "running")
# The accepted payloads come in groups (see ``rounds``); each group fills every field of its
# own three files, so that one build carries them all.
GROUP_TARGETS = [
    TARGETS,
    targets("bird-dog", "back-spasm", "bed-rest-vs-walking"),
    targets("clamshell", "best-exercise", "double-leg-lifts"),
    targets("front-plank", "best-therapy", "heavy-lifting-and-bending"),
    targets("pelvic-tilt", "can-stretching-help", "high-impact-activity"),
]
# The exercise whose summary (its page's meta description) tries to end the attribute.
DESCRIPTION_FILE = "exercises/walking.yml"
DESCRIPTION = "0;url=https://evil.example/\" http-equiv=\"refresh\" x=\" & <3 'quotes' xssmark000"
# The field that may hold paragraphs and lists (models.BlockText); the rest are one paragraph.
BLOCK_FIELDS = {("answer",)}
# Fields whose words the meaning checks read (lumbar.content.meaning): the payload is added to them.
KEEP_MEANING = {("dose", "how_often"), ("starting_position",)}
KEPT_ROOM = 20  # characters: the longest how_often kept in front ("2 or 3 days a week ")

# Payloads the Markdown subset accepts. ``{m}`` becomes a marker naming the field, so that the
# test can both prove each field reached a page and find any trace of it in a live position.
INERT = [
    "x\" onmouseover=\"alert('{m}')\" y=\"",
    "0;url=javascript:alert('{m}')\" http-equiv=\"refresh",
    "[x](https://example.org/\" onmouseover=\"alert('{m}'))",
    "[x](../safety.md \"t\" onclick=\"alert('{m}'))",
    "javascript:alert('{m}') as plain words",
    "1 <2 and 3> 2, {m}",
    "**{m}\" onclick=\"x** and `{m}\" onclick=\"x`",
    "R&D {m}; & #{m} 'quotes'",  # not A&E: only content/safety.yml may send a reader there
]
# Attribute lists (refused by the subset; the escaping alone must make them inert too).
ENDINGS = [
    "{{: onclick=\"alert('{m}')\" }}",
    "{{ #{m} .{m} onmouseover=\"alert('{m}')\" }}",
    "{{: #{m} style=\"background:url(javascript:alert('{m}'))\" }}",
]

# A source link the URL parser accepts, with quotes and brackets trying to end the link.
HOSTILE_URL = "https://ex\"ample.org/x?a=\"onmouseover=alert(1)&b=<script>#\"><svg onload=alert(1)>"

# Payloads the models reject: each must be a clean error at the field that holds it.
REJECTED = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "[x](#\" onclick=\"alert(1))",
    "[x](java\tscript:alert(1))",
    "`&lt;b onclick=alert(1)&gt;`",
    "x {: onclick=\"alert(1)\" }",
    "x { #id .c onmouseover=\"alert(1)\" }",
    "x {: #id style=\"background:url(javascript:alert(1))\" }",
    "Term\n:   Definition",
    "![x](https://tracker.example/x.png)",
    "[x](//evil.example/x)",
    "[x](http://evil.example/)",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<svg/onload=alert(1)>",
    "<a href=\"#\" onclick=\"alert(1)\">x</a>",
    "<div markdown>**x**</div>",
    "<!-- hidden -->",
    "`<script>alert(1)</script>`",
    "<javascript:alert(1)>",
    "<https://example.org>",
    "[x](javascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](JaVaScRiPt:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](jav&#x61;script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,hello)",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x][1]\n\n[1]: javascript:alert(1)",
    "[x][1]\n\n[1]:\n  javascript:alert(1)",
]

MARKER = re.compile(r"xssmark\d+")
# Elements that the allowed Markdown subset makes from plain text (code spans, definition
# lists, headings); a payload adding any other element that a clean build lacks went live.
MARKDOWN_TAGS = {"p", "em", "strong", "code", "a", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3",
                 "h4", "h5", "h6", "blockquote", "hr", "br", "pre"}
DATA_SCRIPTS = {"application/json", "application/ld+json"}
# An id made by the toc extension from a heading's words (and the link to it) is a slug.
SLUG = re.compile(r"^#?[a-z0-9_-]+$")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):")


def leaves(data: Any, path: tuple[str | int, ...], at: tuple[str | int, ...] = ()) -> Iterator[
        tuple[Any, str | int, tuple[str | int, ...]]]:
    """(container, key, loc) for every value at ``path``; ``*`` walks each item of a list."""
    head, rest = path[0], path[1:]
    keys = range(len(data)) if head == "*" else [head]
    for key in keys:
        if rest:
            yield from leaves(data[key], rest, (*at, key))
        else:
            yield data, key, (*at, key)


def rewrite(project: Path, value_for: Callable[[str, tuple[str | int, ...], int], str], url: str | None = None,
            files: dict[str, list[tuple[str | int, ...]]] = TARGETS, number: int = 0) -> int:
    """Set every text field of ``files`` (TARGETS unless given) to ``value_for(file, field,
    number)``, numbering fields from ``number + 1``, and each source's url; returns the last
    number used."""
    for relative, fields in files.items():
        path = project / relative
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in data["sources"]:
            source.setdefault("date", "1 January 2020")
            if url is not None:
                source["url"] = url
        data["review"].setdefault("reviewed_by", "Lumbar editors")
        for field in fields:
            for container, key, _ in leaves(data, field):
                number += 1
                value = value_for(relative, field, number)
                # The meaning checks read how often and where an exercise is done: the payload
                # follows the real words there, so the file still means something valid.
                container[key] = f"{container[key]} {value}" if field in KEEP_MEANING else value
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")
    return number


# ---------------------------------------------------------------- payloads that must be inert


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of every script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []
        self.scripts: list[tuple[str, str, str]] = []  # (type, src, text)
        self.text: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pairs = [(name, value or "") for name, value in attrs]
        self.tags.append((tag, pairs))
        if tag == "script":
            self._in_script = dict(pairs).get("src", "")
            self.scripts.append((dict(pairs).get("type", ""), self._in_script, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            kind, src, text = self.scripts[-1]
            self.scripts[-1] = (kind, src, text + data)
        else:
            self.text.append(data)


def parse(markup: str) -> Elements:
    parser = Elements()
    parser.feed(markup)
    parser.close()
    return parser


def documents(site: Path) -> Iterator[tuple[str, str]]:
    """Every HTML page, and each title and text of the search index (shown as HTML)."""
    for path in sorted([*site.rglob("*.html"), *site.rglob("*.svg")]):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")
    index = site / "search" / "search_index.json"
    if index.exists():
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            for key in ("title", "text"):
                yield f"search_index.json {doc['location']} {key}", doc.get(key, "")


def normalised(url: str) -> str:
    # Browsers drop ASCII whitespace and control characters inside a URL's scheme.
    return re.sub(r"[\x00-\x20]+", "", url).lower()


class Baseline:
    """What a clean build contains: the things a payload must not add."""

    def __init__(self, site: Path) -> None:
        self.tags: set[str] = set()
        self.event_attributes: set[tuple[str, str]] = set()
        self.bad_urls: set[str] = set()
        self.script_srcs: set[str] = set()
        self.attribute_names: set[str] = set()
        for _, markup in documents(site):
            parsed = parse(markup)
            for tag, attrs in parsed.tags:
                self.tags.add(tag)
                for name, value in attrs:
                    self.attribute_names.add(name)
                    if name.startswith("on"):
                        self.event_attributes.add((tag, name))
                    if name in URL_ATTRIBUTES and BAD_SCHEME.match(normalised(value)):
                        self.bad_urls.add(value)
            self.script_srcs.update(src for _, src, _ in parsed.scripts)


def live_payloads(site: Path, clean: Baseline) -> tuple[list[str], set[str]]:
    """Problems found in ``site``, and the field markers seen as plain text anywhere."""
    problems: list[str] = []
    seen: set[str] = set()
    for where, markup in documents(site):
        parsed = parse(markup)
        seen.update(MARKER.findall(" ".join(parsed.text)))
        for kind, src, text in parsed.scripts:
            if kind in DATA_SCRIPTS:
                # A JSON data island may carry content, but never a '<' that could end it.
                if "<" in text or not _is_json(text):
                    problems.append(f"{where}: data script that is not plain JSON: {text[:80]!r}")
            elif MARKER.search(text) or src not in clean.script_srcs:
                problems.append(f"{where}: script element src={src!r} text={text[:80]!r}")
        for tag, attrs in parsed.tags:
            if tag not in clean.tags | MARKDOWN_TAGS:
                problems.append(f"{where}: <{tag}> element that a clean build does not have")
            for name, value in attrs:
                if name.startswith("on") and (tag, name) not in clean.event_attributes:
                    problems.append(f"{where}: <{tag} {name}={value!r}>")
                if name in URL_ATTRIBUTES and BAD_SCHEME.match(normalised(value)) and value not in clean.bad_urls:
                    problems.append(f"{where}: <{tag} {name}={value!r}>")
                if name not in clean.attribute_names or MARKER.search(name):
                    problems.append(f"{where}: <{tag}> has attribute {name!r} that a clean build does not have")
                if MARKER.search(value) and not _may_carry_text(tag, dict(attrs), name, value):
                    problems.append(f"{where}: <{tag} {name}={value!r}> carries payload text")
    return problems, seen


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _may_carry_text(tag: str, attrs: dict[str, str], name: str, value: str) -> bool:
    """Payload text may sit in an attribute only as a whole, escaped value (the page's
    description, a link's title, a picture's alt text) or as a heading's slug; anything else
    made an attribute."""
    if tag == "meta" and attrs.get("name") == "description" and name == "content":
        return True
    if (tag, name) in {("a", "title"), ("img", "alt")}:
        return True
    # {: #xssmark01 } would give exactly the marker; the toc's slug of the escaped text is longer.
    return name in {"id", "href"} and bool(SLUG.match(value)) and not MARKER.fullmatch(value.lstrip("#"))


def one_line(marker: str, payloads: list[str]) -> str:
    return " ".join(p.replace("{m}", marker) for p in payloads) + f" {marker}"


def block(marker: str) -> str:
    paragraphs = [p.replace("{m}", marker) for p in INERT]
    paragraphs.append("\n".join(f"- item {marker} {p.replace('{m}', marker)}" for p in INERT[:4]))
    return "\n\n".join(paragraphs)


def rounds() -> list[list[str]]:
    """INERT split into groups short enough for one-line fields (200 characters at most, with
    room for the words a KEEP_MEANING field keeps in front)."""
    groups: list[list[str]] = [[]]
    for payload in INERT:
        if len(one_line("xssmark000", [*groups[-1], payload])) > 200 - KEPT_ROOM:
            groups.append([])
        groups[-1].append(payload)
    return groups


@pytest.fixture(scope="module")
def clean(built_site: Path) -> Baseline:
    """What the real content builds to, untouched (the shared strict build of the project)."""
    return Baseline(built_site)


def build(project: Path) -> Path:
    """Build ``project`` (a copy with the real project's warm cache, so the build only redoes
    the pictures and cards of what the payloads touched)."""
    return build_site(project / "mkdocs.yml", site_dir=project / "site")


@dataclass
class Injected:
    """The one build with every accepted payload: each group's markers, and what was found."""

    site: Path
    markers: list[set[str]]
    problems: list[str]
    seen: set[str]


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory, built_site: Path, clean: Baseline) -> Injected:
    """A copy of the real project with each payload group in every field of its own files
    (GROUP_TARGETS) and DESCRIPTION as a page description, built once."""
    copy = copy_project(tmp_path_factory.mktemp("injected") / "project")
    files = [relative for group in GROUP_TARGETS for relative in group]
    assert len(GROUP_TARGETS) >= len(rounds()) and len(set(files)) == len(files), "give every payload group its own files"
    markers: list[set[str]] = []
    number = 0
    for payloads, files in zip(rounds(), GROUP_TARGETS[:len(rounds())], strict=True):

        def value(relative: str, field: tuple[str | int, ...], number: int) -> str:
            marker = f"xssmark{number:03d}"
            if field in BLOCK_FIELDS:
                return block(marker)
            return one_line(marker, payloads)  # noqa: B023 - called at once

        first, number = number + 1, rewrite(copy, value, url=HOSTILE_URL, files=files, number=number)
        markers.append({f"xssmark{n:03d}" for n in range(first, number + 1)})
    path = copy / DESCRIPTION_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"] = DESCRIPTION
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=10_000), encoding="utf-8")
    load_catalogue(copy)  # every payload here must pass validation
    site = build(copy)
    problems, seen = live_payloads(site, clean)
    return Injected(site, markers, problems, seen)


@pytest.mark.parametrize("group", range(len(rounds())))
def test_accepted_payloads_are_inert_in_every_field(group: int, injected: Injected) -> None:
    mine = injected.markers[group]
    # A problem names the marker of the field it came from; one naming none counts for all.
    problems = [p for p in injected.problems if not MARKER.search(p) or set(MARKER.findall(p)) & mine]
    assert not problems, "\n".join(problems[:40])
    assert mine <= injected.seen, f"fields never reached a page as text: {sorted(mine - injected.seen)}"


def test_payloads_in_the_page_description_stay_inside_the_attribute(injected: Injected) -> None:
    # The summary becomes <meta name="description" content="...">: a quote must not end it.
    page = (injected.site / "exercises" / "walking" / "index.html").read_text(encoding="utf-8")
    [meta] = [attrs for tag, attrs in parse(page).tags if tag == "meta" and ("name", "description") in attrs]
    assert meta == [("name", "description"), ("content", DESCRIPTION)]
    problems = [p for p in injected.problems if "xssmark000" in p or not MARKER.search(p)]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- payloads that must be rejected


@pytest.mark.parametrize("payload", REJECTED)
def test_rejected_payloads_are_a_clean_error_at_every_field(payload: str, project_copy: Path) -> None:
    value = f"Some plain words first. {payload}"
    rewrite(project_copy, lambda relative, field, number: value)
    with pytest.raises(ContentErrors) as info:
        load_catalogue(project_copy)
    # One error a field, with the subset's message for the payload, on one of the value's lines.
    expected = {}
    for relative, fields in TARGETS.items():
        data, positions = load_yaml(project_copy / relative)
        for field in fields:
            kind = TextKind.BLOCK if field in BLOCK_FIELDS else TextKind.LINE
            message = next(problems(value, kind)).message
            for _, _, loc in leaves(data, field):
                lines = range(positions.of_value(loc).line, positions.ends[loc].line + 1)
                expected[(relative, _dotted(loc))] = (lines, message)
    found = {}
    for error in info.value.errors:
        relative = error.path.relative_to(project_copy).as_posix()
        lines, message = expected[(relative, error.field)]
        assert error.line in lines and error.message == message, error.format(project_copy)
        found[(relative, error.field)] = error
    assert found.keys() == expected.keys()


def _dotted(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def test_rejected_payloads_stop_the_cli_build_without_a_traceback(project_copy: Path) -> None:
    rewrite(project_copy, lambda relative, field, number: f"Plain words. {REJECTED[number % len(REJECTED)]}")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "lumbar", "--root", str(project_copy), "build"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if re.match(r"^\S+\.yml:\d+:\d+: ", line)]
    fields = sum(len(list(leaves(load_yaml(project_copy / f)[0], p))) for f, paths in TARGETS.items() for p in paths)
    assert len(lines) == fields
    assert "errors found; nothing was built." in result.stderr
    assert not (project_copy / "site").exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                                 "ftp://files.example.org/back.pdf", "//evil.example/x", "file:///etc/passwd"])
def test_source_links_must_be_http(url: str, project_copy: Path) -> None:
    rewrite(project_copy, lambda relative, field, number: "Plain words that are long enough.", url=url)
    with pytest.raises(ContentErrors) as info:
        load_catalogue(project_copy)
    got = [error.format(project_copy) for error in info.value.errors]
    expected = []
    for relative in TARGETS:
        data, positions = load_yaml(project_copy / relative)
        for index in range(len(data["sources"])):
            mark = positions.of_value(("sources", index, "url"))
            expected.append(f"{relative}:{mark.line}:{mark.column}: sources[{index}].url: ")
    assert len(got) == len(expected)
    for want in expected:
        [message] = [m for m in got if m.startswith(want)]
        assert message.endswith(("source links must start with https:// or http://",
                                 "give the full link, starting with https://")), message


@pytest.mark.parametrize("payload", REJECTED + [p.replace("{m}", "xssmark001") for p in INERT] + [e.format(m="xssmark001") for e in ENDINGS])
def test_escaping_alone_makes_every_payload_inert(payload: str) -> None:
    # The second line of defence: if a payload ever got past the models, safe_block and
    # safe_text must still render it as text, with the site's own Markdown extensions.
    import markdown

    from lumbar.publish.pages import safe_block, safe_text

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsYaml)
    extensions = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    for ending in ["", " " + ENDINGS[0].format(m="xssmark001")]:
        text = payload + ending
        for markup in [safe_block(text), f"Words.\n\n{safe_block(text)}\n", f"1. {safe_text(text)}",
                       f"- **Easier:** {safe_text(text)}", f"!!! warning\n\n    - {safe_text(text)}",
                       f"| What | How |\n|---|---|\n| How often | {safe_text(text)} |", f"# {safe_text(text)}"]:
            rendered = markdown.markdown(markup, extensions=extensions)
            parsed = parse(rendered)
            for tag, attrs in parsed.tags:
                assert tag in MARKDOWN_TAGS | {"div", "table", "thead", "tbody", "tr", "th", "td", "img"}, rendered
                for name, value in attrs:
                    assert name in {"href", "id", "title", "class", "style", "alt", "src"}, rendered
                    assert name != "src" or value == "#", rendered
                    assert not BAD_SCHEME.match(normalised(value)), rendered
                    assert name != "style" or value.startswith("text-align"), rendered
                    assert name != "class" or value in {"admonition warning", "admonition-title"}, rendered
            assert not parsed.scripts, rendered


class _MkDocsYaml(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !!python/name and !ENV tags are not needed here."""


_MkDocsYaml.add_multi_constructor("", lambda loader, suffix, node: None)


@pytest.mark.parametrize("relative", list(TARGETS))
def test_python_object_tags_are_refused_by_the_loader(relative: str, project_copy: Path) -> None:
    marker = project_copy / "pwned"
    path = project_copy / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"] = "to be replaced"
    text = yaml.safe_dump(data, sort_keys=False, width=10_000)
    text = text.replace("summary: to be replaced", f"summary: !!python/object/apply:os.system [\"touch {marker}\"]")
    path.write_text(text, encoding="utf-8")
    number = next(i for i, line in enumerate(text.splitlines()) if line.startswith("summary:"))
    with pytest.raises(ContentErrors) as info:
        load_catalogue(project_copy)
    [error] = info.value.errors
    assert error.format(project_copy) == (
        f"{relative}:{number + 1}:10: summary: "
        "YAML tags such as !!python/object/apply:os.system are not allowed; write a plain value"
    )
    assert not marker.exists()
