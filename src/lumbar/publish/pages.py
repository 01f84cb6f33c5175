"""Turn a validated Catalogue into Markdown pages: ``{page path: markdown}``.

This is the core that every site generator adapter uses; it knows nothing about MkDocs.
Text from YAML is untrusted, so every field passes through ``safe_text`` or ``safe_block``,
which escape HTML and attribute syntax; the templates themselves are trusted.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import yaml

from lumbar import paths
from lumbar.cache import Artifact, BuildCache, code_digest
from lumbar.content.catalogue import Catalogue
from lumbar.content.dose_rules import PRINTED_WORDS, SESSION_TERM, TICK_DAYS, TICK_WEEKS
from lumbar.content.models import (
    NOT_CLINICALLY_REVIEWED,
    PAIN_PATTERN_LABELS,
    AvoidPair,
    Category,
    Difficulty,
    Entry,
    Equipment,
    Exercise,
    FaqEntry,
    PainPattern,
    Position,
    Programme,
    Tag,
)
from lumbar.content.references import split_answer
from lumbar.content.safety import LEVEL_STYLE, PhoneNumber, Safety
from lumbar.content.text import (
    dose_instruction,
    dose_rows,
    dose_terms,
    picture_marks,
    plain_text,
    stage_notes,
    week_label,
)
from lumbar.errors import UserError
from lumbar.figures import MOTION_FRAMES, alt_text
from lumbar.files import write_atomic
from lumbar.paths import (
    GALLERY_PAGE,
    KINDS,
    PAIN_PAGE,
    SAFETY_PAGE,
    figure_path,
    markdown_link,
)

_LINK = re.compile(r"\]\(([^)]*)\)")
# A reference definition, "[1]: target", as Python-Markdown reads it (target may be on the next line).
_REF_DEF = re.compile(r"^([ ]{0,3}\[[^\[\]]*\]:[ \t]*\n?[ \t]*)(\S+)", re.MULTILINE)
_SAFE_LINK = re.compile(r"^\s*(https?://|#|[a-z0-9./-]+\.md(#[\w-]*)?\s*$)", re.IGNORECASE)


class TemplateProblem(UserError):
    """A page template failed; the message names the template file and line."""

    @classmethod
    def from_jinja(cls, exc: jinja2.TemplateError, templates: Path, name: str) -> TemplateProblem:
        """Describe a Jinja error as ``templates/x.md.j2:line: message``."""
        filename = getattr(exc, "filename", None) or str(templates / name)
        line = getattr(exc, "lineno", None)
        # Errors raised while rendering carry no line, but Jinja rewrites the traceback so
        # that template frames point at template lines: take the innermost one.
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".j2"):
                filename, line = frame.filename, frame.lineno
                break
        shown = os.path.relpath(filename) if os.path.isabs(filename) else filename
        where = f"{shown}:{line}" if line else shown
        return cls(f"{where}: template error: {exc.message or type(exc).__name__}")


def page_path(entry: Entry) -> str:
    """The Markdown path an entry is published at, for example ``exercises/bridge.md``."""
    return KINDS[entry.kind].page(entry.id)  # type: ignore[attr-defined]


def safe_block(text: str) -> str:
    """Escape untrusted text for a Markdown block: no raw HTML, no attribute lists.

    Markdown emphasis, lists and http(s) links survive; anything that Markdown would pass
    through as HTML, turn into attributes (``{: onclick=...}``) or into a picture, is shown
    as text.
    """
    escaped = html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")
    # Pictures come only from pose data: "![...](...)" stays text, never an <img> (the
    # Markdown subset refuses it first; lumbar.content.markup).
    escaped = escaped.replace("![", "!\\[")
    # Defence in depth: the models reject unsafe link targets, but never trust one here.
    escaped = _REF_DEF.sub(lambda m: m.group(0) if _SAFE_LINK.match(m.group(2)) else m.group(1) + "#", escaped)
    return _LINK.sub(lambda m: m.group(0) if _SAFE_LINK.match(m.group(1)) else "](#)", escaped)


def safe_text(text: str) -> str:
    """Escape untrusted text for one line of Markdown (a list item or table cell)."""
    return " ".join(safe_block(text).split()).replace("|", "&#124;")


def safe_meta(text: str) -> str:
    """Escape untrusted text for the front matter's title and description.

    Markdown is removed first (a title shows ``Bridge``, not ``**Bridge**`` or a code
    span's backticks). MkDocs themes print ``page.meta.title`` and ``page.meta.description``
    without escaping, and the description inside ``content="..."``: a quote in a summary
    would otherwise end the attribute and add its own (``http-equiv="refresh"``, ``onmouseover=``).
    """
    return html.escape(plain_text(text), quote=True)


# Characters YAML may not hold as themselves inside quotes (outside PyYAML's printable set).
# The line breaks U+0085, U+2028 and U+2029 are escaped too: YAML would fold them to spaces.
_YAML_UNPRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def yaml_string(text: str) -> str:
    """``text`` as one double-quoted YAML scalar that reads back exactly.

    JSON strings are YAML, but ``json.dumps``' default escapes an emoji as a surrogate
    pair (``\\ud83d\\udeb6``), which PyYAML refuses; so characters stay as themselves and
    only those YAML cannot hold are escaped.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


def check_front_matter(path: str, markdown: str) -> None:
    """Raise TemplateProblem unless ``markdown`` starts with front matter that YAML reads
    as a mapping with a text ``title``. MkDocs would otherwise show it as page text, quietly.
    """
    match = _FRONT_MATTER.match(markdown)
    if not match:
        raise TemplateProblem(f"{path}: generated page has no front matter (--- lines) at its start")
    try:  # with libyaml when there is one, as MkDocs reads front matter
        meta = yaml.load(match.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise TemplateProblem(f"{path}: generated page's front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        raise TemplateProblem(f"{path}: generated page's front matter has no text title")


def _label(value: Any) -> str:
    raw = value.value if hasattr(value, "value") else str(value)
    return raw.replace("-", " ").capitalize()


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Page templates as compiled by an earlier build, in the build cache: compiling them
    is about half the time of rendering every page.

    Jinja compiles a template again when its source changed; the folder is named by Jinja's
    version and this module's code, which sets the options templates are compiled with.
    An unwritable cache folder only costs the compiling.
    """

    def __init__(self, cache: BuildCache) -> None:
        key = Artifact("templates", {"jinja2": jinja2.__version__}, code_digest(sys.modules[__name__])).key[:32]
        super().__init__(str(cache.folder / "templates" / key), "%s.jinja")

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # Through write_atomic, not Jinja's own temporary file: a killed build's
        # half-written one is then removed by the next (its name carries the process id).
        out = io.BytesIO()
        bucket.write_bytecode(out)
        try:
            write_atomic(Path(self.directory) / (self.pattern % bucket.key), out.getvalue())
        except OSError:
            pass


def build_environment(templates: Path, cache: BuildCache | None = None,
                      phones: Sequence[PhoneNumber] = ()) -> jinja2.Environment:
    """The Jinja environment for page templates, with Lumbar's escaping filters; with
    ``cache``, compiled templates are kept there between builds (``CompiledTemplates``).

    ``phones`` (content/safety.yml's ``phone_numbers``) become tap-to-call links wherever
    the ``text`` and ``block`` filters show text from YAML, and in ``phones_html``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=CompiledTemplates(cache) if cache else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; untrusted text is escaped by filters
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text"] = lambda value: link_phones(safe_text(value), phones)
    env.filters["block"] = lambda value: link_phones(safe_block(value), phones)
    env.filters["phones_html"] = lambda value: phones_html(str(value), phones)
    env.filters["meta"] = safe_meta
    env.filters["yaml"] = yaml_string
    env.filters["label"] = _label
    # The same dose wording as cards and handouts (lumbar.content.text); safety advice
    # comes from the catalogue's content/safety.yml (the ``safety_source`` context value).
    env.globals["dose_rows"] = dose_rows
    env.globals["dose_instruction"] = dose_instruction
    env.globals["dose_terms"] = dose_terms
    env.globals["picture_marks"] = picture_marks
    env.globals["session_term"] = SESSION_TERM
    env.globals["tick_days"] = TICK_DAYS
    env.globals["day_numbers"] = tuple(f"Day {n}" for n in range(1, len(TICK_DAYS) + 1))
    env.globals["week_rows"] = tuple(PRINTED_WORDS["week"].format(number=n) for n in range(1, TICK_WEEKS + 1))
    env.globals["words"] = PRINTED_WORDS  # section headings, as cards and handouts print them
    env.globals["level_style"] = LEVEL_STYLE
    env.globals["safety_tag"] = Tag.SAFETY
    env.globals["not_clinically_reviewed"] = NOT_CLINICALLY_REVIEWED
    env.globals["stage_notes"] = stage_notes
    env.globals["split_answer"] = split_answer
    env.globals["week_label"] = week_label
    return env


def render_pages(catalogue: Catalogue, templates: Path, print_qr: bool = True,
                 cache: BuildCache | None = None) -> dict[str, str]:
    """Render every generated page. Keys are docs-relative paths, in a stable order.

    ``print_qr`` False (a placeholder ``site_url``) leaves the printed QR code off exercise
    pages, as on cards and handouts: a code to a placeholder address is dead on paper.
    ``cache`` keeps the compiled templates between builds. Raises TemplateProblem.
    """
    env = build_environment(templates, cache, catalogue.safety.phone_numbers)
    env.globals["print_qr"] = print_qr
    by_id = {entry_id: loaded.entry for entry_id, loaded in catalogue.entries.items()}
    exercise_by_id = {exercise.id: exercise for exercise in catalogue.exercises}
    pairs_for = _pairs_by_exercise(catalogue)
    programmes_by_exercise = catalogue.programmes_by_exercise()
    mentioned_by = _mentions(catalogue)

    def context(path: str) -> dict[str, Any]:
        def link(entry_id: str) -> str:
            return markdown_link(path, page_path(by_id[entry_id]))

        def to(target: str) -> str:
            return markdown_link(path, target)

        return {
            "link": link,
            "to": to,
            "entry_of": by_id.__getitem__,
            "title_of": lambda entry_id: entry_title(by_id[entry_id]),
            "safety": to(SAFETY_PAGE),
            "safety_source": catalogue.safety,
            "paths": paths,
            "pain_labels": PAIN_PATTERN_LABELS,
            "catalogue": catalogue,
            "figure": lambda e, which: to(figure_path(e.id, which)),
            "figure_alt": figure_alt,
            "motion_frames": MOTION_FRAMES,
        }

    pages: dict[str, str] = {}
    def render(name: str, path: str, extra: dict[str, Any]) -> None:
        try:
            pages[path] = env.get_template(name).render(**context(path), **extra)
        except jinja2.TemplateError as exc:
            raise TemplateProblem.from_jinja(exc, templates, name) from None

    for exercise in catalogue.exercises:
        related = [by_id[i] for i in dict.fromkeys(exercise.related + mentioned_by.get(exercise.id, []))]
        programmes = programmes_by_exercise.get(exercise.id, [])
        render("exercise.md.j2", page_path(exercise), {
            "e": exercise,
            "pairs": pairs_for.get(exercise.id, []),
            "programmes": [(p, [s for s in p.stages if any(i.exercise == exercise.id for i in s.exercises)])
                           for p in programmes],
            "related_faq": [r for r in related if isinstance(r, FaqEntry)],
            "related_other": [r for r in related if not isinstance(r, FaqEntry) and r not in programmes],
        })
    for faq in catalogue.faqs:
        related = [by_id[i] for i in dict.fromkeys(faq.related + mentioned_by.get(faq.id, []))]
        render("faq.md.j2", page_path(faq), {"e": faq, "related": related})
    for programme in catalogue.programmes:
        render("programme.md.j2", page_path(programme), {
            "e": programme,
            "related": [by_id[i] for i in programme.related],
            "stage_dose": lambda item: item.dose or exercise_by_id[item.exercise].dose,
        })
    for pair in catalogue.pairs:
        render("avoid.md.j2", page_path(pair), {"e": pair, "related": [by_id[i] for i in pair.related]})
    exercises = catalogue.exercises
    render("exercise_index.md.j2", paths.EXERCISE.index, {
        "exercises": exercises,
        "groups": [(c, [e for e in exercises if e.category == c]) for c in Category],
        "filters": {
            "category": [c.value for c in Category],
            "position": [p.value for p in Position],
            "difficulty": [d.value for d in Difficulty],
            "equipment": [q.value for q in Equipment],
            "bed": ["firm-bed"],  # exercises marked on_firm_bed
        },
        "bed_count": sum(1 for e in exercises if e.on_firm_bed),
    })
    render("pain_index.md.j2", PAIN_PAGE, {
        "groups": [(p, [e for e in exercises if p in e.pain_patterns]) for p in PainPattern],
    })
    render("gallery.md.j2", GALLERY_PAGE, {"exercises": [e for e in exercises if e.figure is not None]})
    render("safety.md.j2", SAFETY_PAGE, {"e": catalogue.safety})
    render("faq_index.md.j2", paths.FAQ.index, {"faqs": catalogue.faqs})
    render("avoid_index.md.j2", paths.AVOID.index, {"pairs": catalogue.pairs})
    render("programme_index.md.j2", paths.PROGRAMME.index, {"programmes": catalogue.programmes})
    for path, markdown in pages.items():
        check_front_matter(path, markdown)
    return pages


# The key under the config's ``extra`` that carries ``banner_data`` to templates/overrides/main.html:
# the Lumbar plugin sets it for MkDocs; an exported config (plain MkDocs, Zensical) writes it.
BANNER_KEY = "lumbar_banner"


def banner_data(safety: Safety) -> dict[str, Any]:
    """What the red-flag banner on every page shows: the emergency level's heading, its
    anchor on the safety page, and its signs as plain text (all from content/safety.yml).
    Plain strings, lists and dicts only: Zensical hands the config to its Rust templates.

    ``heading_parts`` and ``item_parts`` are the same texts as ``{"text", "tel"}`` pieces
    (``tel`` is a ``tel:`` link, or empty), so the theme makes each phone number tap-to-call.
    """
    level = safety.levels[0]  # the most urgent level (the model fixes the order)
    heading = plain_text(level.heading)
    items = [plain_text(item.text) for item in level.items()]
    return {"anchor": level.level.value, "heading": heading, "items": items,
            "heading_parts": _banner_parts(heading, safety.phone_numbers),
            "item_parts": [_banner_parts(item, safety.phone_numbers) for item in items]}


def _banner_parts(text: str, phones: Sequence[PhoneNumber]) -> list[dict[str, str]]:
    return [{"text": piece, "tel": target or ""} for piece, target in phone_parts(text, phones)]


_MD_LINK_OR_URL = re.compile(r"\[[^\]]*\]\([^)]*\)|<https?://[^>]*>|https?://\S+")


def _phone_pattern(phones: Sequence[PhoneNumber]) -> re.Pattern[str] | None:
    if not phones:
        return None
    numbers = sorted((re.escape(phone.number).replace(r"\ ", r"\s+") for phone in phones), key=len, reverse=True)
    return re.compile(rf"(?<![\w./#-])(?:{'|'.join(numbers)})(?![\w/-])")


def phone_parts(text: str, phones: Sequence[PhoneNumber]) -> list[tuple[str, str | None]]:
    """``text`` split into pieces, each phone number of ``phones`` (content/safety.yml) a
    piece of its own with its ``tel:`` target; other pieces have None. Text inside a
    Markdown link or a web address is left as it is (a link cannot hold a link)."""
    pattern = _phone_pattern(phones)
    if pattern is None:
        return [(text, None)]
    dial = {" ".join(phone.number.split()): phone.dial for phone in phones}
    parts: list[tuple[str, str | None]] = []
    position = 0
    protected = [match.span() for match in _MD_LINK_OR_URL.finditer(text)]
    for match in pattern.finditer(text):
        if any(start <= match.start() < end for start, end in protected):
            continue
        if match.start() > position:
            parts.append((text[position: match.start()], None))
        parts.append((match.group(0), "tel:" + dial[" ".join(match.group(0).split())]))
        position = match.end()
    if position < len(text) or not parts:
        parts.append((text[position:], None))
    return parts


def link_phones(markdown: str, phones: Sequence[PhoneNumber]) -> str:
    """Escaped Markdown with each phone number from content/safety.yml as a tap-to-call
    link: ``[999](tel:999)``. Numbers come only from the safety file's own list."""
    return "".join(f"[{text}]({target})" if target else text for text, target in phone_parts(markdown, phones))


def phones_html(text: str, phones: Sequence[PhoneNumber]) -> str:
    """Escaped HTML text with each phone number as ``<a href="tel:...">``."""
    return "".join(f'<a href="{html.escape(target)}">{text}</a>' if target else text
                   for text, target in phone_parts(text, phones))


def figure_alt(exercise: Exercise, which: str) -> str:
    """A figure's alt text, safe inside Markdown image brackets."""
    return safe_text(alt_text(exercise, which)).replace("[", "(").replace("]", ")")  # type: ignore[arg-type]


def entry_title(entry: Entry) -> str:
    """The heading an entry's page is shown with."""
    if isinstance(entry, Exercise):
        return entry.name
    if isinstance(entry, FaqEntry):
        return entry.question
    if isinstance(entry, Programme):
        return entry.title
    assert isinstance(entry, AvoidPair)
    return f"{entry.avoid.name}: try {entry.try_instead.name.lower()} instead"


def _pairs_by_exercise(catalogue: Catalogue) -> dict[str, list[AvoidPair]]:
    found: dict[str, list[AvoidPair]] = {}
    for pair in catalogue.pairs:
        for exercise_id in dict.fromkeys(pair.avoid.exercises + pair.try_instead.exercises + pair.related):
            found.setdefault(exercise_id, []).append(pair)
    return found


def _mentions(catalogue: Catalogue) -> dict[str, list[str]]:
    """For each entry, the FAQ entries and programmes that list it as related (so links go
    both ways)."""
    found: dict[str, list[str]] = {}
    for entry in [*catalogue.faqs, *catalogue.programmes]:
        for target in entry.related:
            found.setdefault(target, []).append(entry.id)
    return found
