"""Contributor input faults (issue 14): each kind with its examples and further members."""

from __future__ import annotations

import datetime as dt
import io
import re
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from lumbar.cli import main
from lumbar.content.catalogue import load_catalogue
from lumbar.content.characters import normalise_text
from lumbar.content.errors import ContentErrors
from lumbar.content.messages import quoted_line
from lumbar.content.reader import load_yaml
from lumbar.content.scaffold import NoReadableId, new_entry, slugify
from lumbar.printing.layout import Page, TextOp, metrics
from lumbar.printing.render import render_pdf
from lumbar.publish.pages import TemplateProblem, check_front_matter, yaml_string
from lumbar.services import load_content
from tests.conftest import ROOT, VALID_EXERCISE, VALID_FAQ

Project = Callable[..., Path]


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_content(root)
    return [error.format(root) for error in info.value.errors]


def exercise_with_step(step_line: str) -> str:
    """VALID_EXERCISE with its first step line replaced (raw YAML, as typed)."""
    text = VALID_EXERCISE.format(id="x")
    first = re.search(r"^  - .*$", text[text.index("steps:"):], re.MULTILINE)
    assert first
    return text.replace(first.group(0), step_line, 1)


def step_line_number(text: str) -> int:
    return text[: text.index("steps:")].count("\n") + 2


# --- A: front matter -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Is walking good for my back? 🚶", "Family 👨‍👩‍👧 time", "Ünïcödé ‘quotes’ and “more”",
    "colon: and # hash", 'quote " and \\ backslash', "line\u0085next", "bidi \u202e text",
])
def test_front_matter_strings_read_back_intact(text: str) -> None:
    import yaml

    assert yaml.safe_load(f"title: {yaml_string(text)}\n") == {"title": text}
    assert "\\ud83d" not in yaml_string(text).lower()


def test_front_matter_that_does_not_parse_fails_the_build() -> None:
    with pytest.raises(TemplateProblem, match="faq/x.md: generated page's front matter is not valid YAML"):
        check_front_matter("faq/x.md", '---\ntitle: "\\ud83d\\udeb6\n---\n# x\n')
    with pytest.raises(TemplateProblem, match="no front matter"):
        check_front_matter("faq/x.md", "# x\n")
    check_front_matter("faq/x.md", '---\ntitle: "ok 🚶"\n---\n# x\n')


def test_emoji_question_and_backticks_reach_title_and_tags_page(project_copy: Path, tmp_path: Path) -> None:
    from lumbar.mkdocs.build import build_site

    faq = project_copy / "content/faq/is-walking-good.yml"
    text = faq.read_text(encoding="utf-8")
    text = re.sub(r"^question: .*$", 'question: "Is walking good for my back? 🚶"', text, count=1, flags=re.M)
    faq.write_text(text, encoding="utf-8")
    bridge = project_copy / "exercises/bridge.yml"
    bridge.write_text(re.sub(r"^name: .*$", "name: The `bridge` **lift**", bridge.read_text(encoding="utf-8"),
                             count=1, flags=re.M), encoding="utf-8")
    site = tmp_path / "site"
    build_site(project_copy / "mkdocs.yml", strict=True, site_dir=site)
    page = (site / "faq/is-walking-good/index.html").read_text(encoding="utf-8")
    assert "<title>Is walking good for my back? 🚶 - " in page
    assert "title:" not in page.split("<article", 1)[1]  # front matter not shown as text
    assert "Is walking good for my back? 🚶" in (site / "tags/index.html").read_text(encoding="utf-8")
    bridge_page = (site / "exercises/bridge/index.html").read_text(encoding="utf-8")
    assert "<title>The bridge lift - " in bridge_page and "`" not in bridge_page.split("<title>")[1].split("</title>")[0]


# --- B: printed text -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Ложитесь на спину.", "Ξαπλώστε ανάσκελα.", "Nằm ngửa, co gối.", "استلق على ظهرك", "पीठ के बल लेट जाइए।",
])
def test_other_scripts_print_every_character(text: str) -> None:
    assert metrics().missing(text) == []
    pdf = render_pdf([Page(200, 40, [TextOp(5, 10, text, 11)])], title="t", author="a")
    from pypdf import PdfReader

    printed = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "?" not in printed
    if not any("\u0600" <= c <= "\u06ff" or "\u0900" <= c <= "\u097f" for c in text):  # shaped scripts reorder
        assert printed.strip() == text


def test_wrapping_measures_with_the_font_that_draws(project: Project) -> None:
    fm = metrics()
    greek = "Ξαπλώστε"
    runs = fm.runs(f"Lie {greek}")
    assert "".join(run for _, run in runs) == f"Lie {greek}" and 3 in {face for face, _ in runs}
    for face, run in runs:  # every run's face draws all its characters
        assert all(fm.face_of(c) == face or c == " " for c in run)
    assert fm.width(greek, 10) == pytest.approx(sum(fm.width(c, 10) for c in greek))


def test_check_refuses_unprintable_characters_with_their_place(project: Project) -> None:
    text = exercise_with_step('  - "Lift slowly 桥式 🚶"')
    line = step_line_number(text)
    messages = errors_of(project(exercise={"x": text}))
    assert messages == [
        f"exercises/x.yml:{line}:18: steps[0]: '桥' (U+6865, cjk unified ideograph-6865) cannot be printed on cards "
        "and handouts (Chinese, Japanese and Korean characters have no print font in Lumbar yet); write it in words or remove it",
        f"exercises/x.yml:{line}:19: steps[0]: '式' (U+5F0F, cjk unified ideograph-5f0f) cannot be printed on cards "
        "and handouts (Chinese, Japanese and Korean characters have no print font in Lumbar yet); write it in words or remove it",
        f"exercises/x.yml:{line}:21: steps[0]: '🚶' (U+1F6B6, pedestrian) cannot be printed on cards and handouts "
        "(emoji and symbols have no print font); write it in words or remove it",
    ]


def test_emoji_in_faq_is_fine_since_faqs_are_not_printed(project: Project) -> None:
    text = VALID_FAQ.format(id="q").replace("question: ", "question: 🚶 ", 1)
    assert load_catalogue(project(faq={"q": text})).get("q").question.startswith("🚶")


@pytest.mark.parametrize(("raw", "clean"), [
    ("Lift\u000bslowly", "Lift slowly"), ("Lift\u000cslowly", "Lift slowly"), ("soft\u00adhyphen", "softhyphen"),
    ("zero\u200bwidth", "zerowidth"), ("no\u200cjoin", "nojoin"), ("non\u00a0breaking", "non breaking"),
    ("line\u2028sep", "line sep"), ("b\ufeffom", "bom"), ("word\u2060joiner", "wordjoiner"),
])
def test_word_invisible_characters_are_normalised(project: Project, raw: str, clean: str) -> None:
    text = exercise_with_step(f"  - {raw}")
    catalogue = load_catalogue(project(exercise={"x": text}))
    assert catalogue.get("x").steps[0] == clean


def test_emoji_sequences_keep_their_joiner() -> None:
    assert normalise_text("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"
    assert normalise_text("a\u200db") == "ab"


def test_handout_footer_keeps_every_glyph(caplog: pytest.LogCaptureFixture) -> None:
    footer = "Rückenschule Köln · Ελλάδα · نص"
    pdf = render_pdf([Page(200, 40, [TextOp(5, 10, footer, 9)])], title="t", author="a")
    from pypdf import PdfReader

    assert "Rückenschule Köln · Ελλάδα ·" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert not [r for r in caplog.records if "missing" in r.getMessage().lower()]


# --- C: no traceback; numbers in range ---------------------------------------------------------------


@pytest.mark.parametrize(("char", "named"), [
    ("\u0007", "a bell character (U+0007), a control code some old programs write"),
    ("\u0000", "a null character (U+0000), which appears when a file was saved as UTF-16 or copied from a binary file"),
    ("\u001b", "an escape character (U+001B), which terminal colour codes contain"),
    ("\u0090", "an invisible control character (U+0090), usually left by copying from another program"),
])
def test_control_characters_are_named_at_their_place(project: Project, char: str, named: str) -> None:
    text = exercise_with_step(f"  - Lift{char}slowly")
    line = step_line_number(text)
    assert errors_of(project(exercise={"x": text})) == [
        f"exercises/x.yml:{line}:9: the text holds {named}; delete it (if you cannot see it, retype the words around this place)"
    ]


def test_vertical_tab_from_word_is_a_space_not_a_traceback(project: Project) -> None:
    text = exercise_with_step("  - Lift your hips.\u000bHold.")
    assert load_catalogue(project(exercise={"x": text})).get("x").steps[0] == "Lift your hips. Hold."


@pytest.mark.parametrize(("field", "value", "message"), [
    ("sets", "25", "25 is outside the sensible range for sets; use a number from 1 to 20"),
    ("sets", "0", "0 is outside the sensible range for sets; use a number from 1 to 20"),
    ("reps", str(10**400), "this number is outside the sensible range for repetitions; use a number from 1 to 100"),
    ("reps", "5-500", "500 is outside the sensible range for repetitions; use a number from 1 to 100"),
    ("hold_seconds", "3000", "3000 is outside the sensible range for a hold in seconds; use a number from 1 to 600"),
    ("rest_seconds", "-5", "-5 is outside the sensible range for rest in seconds; use a number from 0 to 600"),
    ("minutes", "1e999", "must be a number or a range such as 8-12"),
])
def test_dose_numbers_have_bounds(project: Project, field: str, value: str, message: str) -> None:
    text = VALID_EXERCISE.format(id="x").replace("  per_side: true", f"  per_side: true\n  {field}: {value}")
    text = text.replace(f"  {field}: ", f"  {field}_old: ", 1) if text.count(f"  {field}: ") > 1 else text
    text = text.replace(f"  {field}_old: ", f"  # {field}_old: ")
    [got] = errors_of(project(exercise={"x": text}))
    assert got.endswith(f"dose.{field}: {message}")


def test_huge_angle_and_long_number_give_messages(project: Project) -> None:
    text = VALID_EXERCISE.format(id="x").replace("  reps: 2-4", "  reps: " + "9" * 5000)
    [got] = errors_of(project(exercise={"x": text}))
    assert got.endswith("is not valid: the number is far too long")


def test_unreadable_and_utf16_files(project: Project) -> None:
    root = project(exercise={"x": VALID_EXERCISE.format(id="x").encode("utf-16")})
    assert errors_of(root) == ["exercises/x.yml:1:1: file is saved as UTF-16; save it with UTF-8 encoding"]


# --- D: files that are never read --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bridge-two.YML", "bridge-two.yaml", "bridge-two.YAML", "bridge-two.Yml"])
def test_every_yaml_spelling_is_read(project: Project, name: str) -> None:
    root = project()
    (root / "exercises").mkdir(exist_ok=True)
    (root / "exercises" / name).write_text(VALID_EXERCISE.format(id="bridge-two"), encoding="utf-8")
    assert "bridge-two" in load_catalogue(root).entries


def test_other_files_in_content_folders_are_reported(project: Project) -> None:
    root = project(exercise={"x": VALID_EXERCISE.format(id="x")})
    (root / "exercises" / "notes.txt").write_text("x")
    (root / "content/faq").mkdir(parents=True, exist_ok=True)
    (root / "content/faq/q.yml.bak").write_text("x")
    (root / "exercises" / ".gitkeep").write_text("")
    (root / "exercises" / "old").mkdir()
    assert errors_of(root) == [
        "content/faq/q.yml.bak:1:1: q.yml.bak is not a content file; content files end in .yml. "
        "Rename it to q.yml if it is one, or move it out of content/faq/",
        "exercises/notes.txt:1:1: notes.txt is not a content file; content files end in .yml. "
        "Rename it to notes.yml if it is one, or move it out of exercises/",
        "exercises/old:1:1: old/ is a folder; content files are read only from exercises/ itself, "
        "so move its files up or out of the content folder",
    ]


# --- E: messages that say how to fix -------------------------------------------------------------------

QUOTE = ("the text has a colon followed by a space, so YAML read the words before it as a field name. "
         "Put the whole text in quotes: ")


@pytest.mark.parametrize(("line", "fixed"), [
    ("  - Tip: press your feet down", '- "Tip: press your feet down"'),
    ("  - Note: keep breathing  # a comment", '- "Note: keep breathing"  # a comment'),
    ("  - Ratio 1:1 then Step 2: lift", '- "Ratio 1:1 then Step 2: lift"'),
])
def test_unquoted_colon_in_a_list_item(project: Project, line: str, fixed: str) -> None:
    text = exercise_with_step(line)
    assert errors_of(project(exercise={"x": text})) == [
        f"exercises/x.yml:{step_line_number(text)}:5: steps[0]: {QUOTE}{fixed}"
    ]


def test_unquoted_colon_in_a_field(project: Project) -> None:
    text = VALID_FAQ.format(id="q")
    text = re.sub(r"^question: .*$", "question: Bed rest: how much is too much?", text, count=1, flags=re.M)
    line = text[: text.index("question:")].count("\n") + 1
    assert errors_of(project(faq={"q": text})) == [
        f"content/faq/q.yml:{line}:19: YAML syntax: {QUOTE}question: \"Bed rest: how much is too much?\""
    ]


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("name: a\nsteps: [one, two\n",
     "2:8: YAML syntax: the list in [ ] that starts here is not closed before the end of the file on line 3; "
     "close it with ], or put any text with a colon in quotes"),
    ('name: "open quote\n', "1:7: YAML syntax: a quote that starts here is never closed; add the closing quote at the end of the text"),
    ("name: @home\n", "1:7: YAML syntax: a value cannot start with '@'; put the whole text in quotes, like \"'@'...\""),
    ("name: a\n  b: c\n", "2:4: YAML syntax: the text has a colon followed by a space, so YAML read the words before it as a field name. Put the whole text in quotes: b: \"c\""),
    ("name: a\n---\nname: b\n", "2:1: YAML syntax: a line with only --- starts a second document; one file holds one entry, so remove it"),
    ('name: "a \\q"\n', "1:7: YAML syntax: a backslash (\\) inside double quotes starts a special code; write \\\\ for a backslash, or use single quotes"),
    ("steps:\n- a\n bad: x\n", "3:5: YAML syntax: the text has a colon followed by a space, so YAML read the words before it as a field name. Put the whole text in quotes: bad: \"x\""),
])
def test_yaml_problems_in_plain_words(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "x.yml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ContentErrors.__mro__[0] if False else Exception) as info:
        load_yaml(path)
    assert info.value.format().removeprefix(f"{path.as_posix()}:") == message  # type: ignore[attr-defined]


@pytest.mark.parametrize(("replace", "by", "message"), [
    ("difficulty: easy", "difficulty: [easy]", "difficulty: must be one value, not a list or group; choose one of: easy, moderate, hard"),
    ("  per_side: true", "  per_side: sometimes", "dose.per_side: must be true or false, not 'sometimes'"),
    ("equipment: [mat]", "equipment: mat", "equipment: must be a list; write each item on its own line starting with '- ', or in brackets like [mat]"),
    ("  reviewed_on: 2026-01-01", "  reviewed_on: soon", "review.reviewed_on: must be a date written as YYYY-MM-DD, such as 2026-03-01, not 'soon'"),
    ("dose:", "dose: twice\nold_dose:", "dose: must be a group of 'field: value' lines, indented under this one"),
])
def test_pydantic_errors_say_how_to_fix(project: Project, replace: str, by: str, message: str) -> None:
    text = VALID_EXERCISE.format(id="x")
    assert replace in text, replace
    got = errors_of(project(exercise={"x": text.replace(replace, by, 1)}))
    assert any(message in m for m in got), got


def test_quoted_line_keeps_the_prefix() -> None:
    assert quoted_line("question: Bed rest: how much?") == 'question: "Bed rest: how much?"'
    assert quoted_line("  - Tip: a", start=5) == '  - "Tip: a"'


# --- F: scaffolding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "slug"), [
    ("Farmer's Walk", "farmers-walk"), ("Farmer’s Walk", "farmers-walk"), ("Side plank (easy)", "side-plank-easy"),
    ("Pec stretch à la Müller", "pec-stretch-a-la-muller"), ("Crème brûlée pose", "creme-brulee-pose"),
])
def test_ids_are_readable(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ["桥式", "🚶", "🧘‍♀️ 🧘", "Ложитесь"])
def test_titles_with_no_readable_id_ask_for_one(title: str) -> None:
    with pytest.raises(NoReadableId, match="choose one with --id"):
        slugify(title)


def test_new_with_emoji_round_trips_and_placeholders_fail_check(project: Project) -> None:
    root = project(exercise={"x": VALID_EXERCISE.format(id="x")})
    (root / "templates").symlink_to(ROOT / "templates", target_is_directory=True)
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(root), "new", "faq", "Is walking good? 🚶"])
    assert result.exit_code == 0, result.output
    path = root / "content/faq/is-walking-good.yml"
    raw = path.read_text(encoding="utf-8")
    assert 'question: "Is walking good? 🚶"' in raw and "\\ud83d" not in raw.lower()
    assert load_yaml(path)[0]["question"] == "Is walking good? 🚶"
    result = runner.invoke(main, ["--root", str(root), "check"])
    assert result.exit_code == 1
    line = raw.splitlines().index(next(l for l in raw.splitlines() if l.startswith("summary:"))) + 1
    assert (f"content/faq/is-walking-good.yml:{line}:10: summary: replace the placeholder text "
            "'Write the short answer in one or two plain sentences.' with your own words") in result.output


def test_new_refuses_unreadable_title_and_takes_an_id(project: Project) -> None:
    root = project()
    (root / "exercises").mkdir(exist_ok=True)
    (root / "templates").symlink_to(ROOT / "templates", target_is_directory=True)
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(root), "new", "exercise", "桥式"])
    assert result.exit_code == 1 and "Nothing was created: the title '桥式' gives no readable id; choose one with --id" in result.output
    result = runner.invoke(main, ["--root", str(root), "new", "exercise", "桥式", "--id", "bridge-cn"])
    assert result.exit_code == 0 and (root / "exercises/bridge-cn.yml").exists()
    result = runner.invoke(main, ["--root", str(root), "new", "exercise", "x", "--id", "Bad Id"])
    assert result.exit_code == 1 and "'Bad Id' is not a valid id" in result.output
    path = new_entry(root, "exercise", "Farmer's Walk", today=dt.date(2026, 1, 1))
    assert path.name == "farmers-walk.yml"


# --- every content file, mutated: never a traceback -------------------------------------------------------

MUTATIONS: list[tuple[str, Callable[[str], str]]] = [
    ("vertical tab", lambda t: t.replace(" ", "\u000b", 3)),
    ("control chars", lambda t: t.replace("e", "e\u0001", 1)),
    ("null", lambda t: t.replace("a", "\u0000", 1)),
    ("emoji", lambda t: re.sub(r"(: )([A-Z])", r"\1🚶\2", t, count=5)),
    ("lone surrogate escape", lambda t: t.replace("id: ", 'id: "\\ud83d"\nx: ', 1)),
    ("huge number", lambda t: re.sub(r"\b\d+\b", str(10**400), t, count=3)),
    ("long digits", lambda t: re.sub(r"\b\d+\b", "9" * 5000, t, count=1)),
    ("float inf", lambda t: re.sub(r"\b\d+\b", "1e999", t, count=4)),
    ("unquoted colon", lambda t: re.sub(r"^(\s*- )(\w)", r"\1Tip: \2", t, count=2, flags=re.M)),
    ("colon in field", lambda t: re.sub(r"^(\w+: )(\w)", r"\1Note: \2", t, count=3, flags=re.M)),
    ("chinese", lambda t: re.sub(r"(: )([A-Z])", r"\1桥式\2", t, count=3)),
    ("arabic", lambda t: re.sub(r"(- )([A-Z])", r"\1استلق \2", t, count=3)),
    ("tab indent", lambda t: t.replace("\n  ", "\n\t", 2)),
    ("truncated", lambda t: t[: len(t) // 2]),
    ("bracket", lambda t: t.replace(": ", ": [", 1)),
    ("deep nesting", lambda t: t + "\nextra: " + "[" * 3000),
    ("list for text", lambda t: re.sub(r"^(name|question|summary): .*$", r"\1: [a, b]", t, count=1, flags=re.M)),
    ("bom and nbsp", lambda t: "\ufeff" + t.replace(" ", "\u00a0", 5)),
    ("windows newlines", lambda t: t.replace("\n", "\r\n")),
    ("latin-1", lambda t: t),  # written as Latin-1 below
]

CONTENT_FILES = sorted(p for folder in ("exercises", "content/faq", "content/avoid")
                       for p in (ROOT / folder).glob("*.yml"))


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_mutated_content_never_gives_a_traceback(name: str, mutate: Callable[[str], str], project_copy: Path) -> None:
    runner = CliRunner()
    originals = {p: p.read_text(encoding="utf-8") for p in project_copy.rglob("*.yml")
                 if p.parent.name in {"exercises", "faq", "avoid"}}
    for path, text in originals.items():
        mutated = mutate(text)
        if name == "latin-1":
            path.write_bytes(("é " + mutated).encode("latin-1", errors="replace"))
        else:
            path.write_bytes(mutated.encode("utf-8", errors="surrogatepass"))
    result = runner.invoke(main, ["--root", str(project_copy), "check"], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(result.exception)))
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        lines = result.output.strip().splitlines()
        assert re.fullmatch(r"\d+ errors? found; nothing was built\.", lines[-1])
        for line in lines[:-1]:
            # Translations (content/i18n/<language>/...) are mutated too.
            assert re.match(r"^(content/(i18n/[\w-]+/)?(faq|avoid|exercises)|exercises)/[\w.-]+:\d+:\d+: \S",
                            line), line
    assert len(CONTENT_FILES) > 30
