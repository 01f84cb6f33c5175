"""Text that hides or reorders itself (issue 22, kind 5): normalised once where it is read.

Characters that reorder or hide text are refused at ``file:line:col`` with their Unicode name
(the corpus in tests/content/bad/ has the files); the same letter typed composed or
decomposed reaches pages, search, cards and handouts in one form; legitimate letters of
other scripts, and the joiners they need, are kept.
"""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from lumbar.cli import main
from lumbar.content.catalogue import load_catalogue
from lumbar.content.characters import DROPPED, REFUSED, hidden_characters, normalise_text
from lumbar.content.errors import ContentErrors
from lumbar.content.messages import typed_text
from lumbar.errors import SelectionError
from lumbar.mkdocs.build import build_site
from lumbar.printing.selection import parse_choice
from tests.conftest import VALID_EXERCISE, VALID_FAQ

Project = Callable[..., Path]

DECOMPOSED = "A\u030angstro\u0308m"  # "Ångström" as macOS writes it: letters plus combining marks
COMPOSED = "\u00c5ngstr\u00f6m"


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_catalogue(root)
    return [error.format(root) for error in info.value.errors]


@pytest.mark.parametrize(("first", "last", "why"), REFUSED, ids=[f"U+{first:04X}" for first, _, _ in REFUSED])
def test_every_refused_range_is_an_error_at_its_place_with_its_name(project: Project, first: int, last: int,
                                                                     why: str) -> None:
    for code in {first, last}:
        char = chr(code)
        text = VALID_FAQ.format(id="q").replace("answer: Yes.", f"answer: Yes{char}, it is.")
        [message] = errors_of(project(faq={"q": text}))
        name = unicodedata.name(char, "").lower()
        assert message.startswith(f"content/faq/q.yml:4:12: the text holds an invisible character (U+{code:04X}")
        assert name in message and why in message


@pytest.mark.parametrize("text", [
    "تمرين الجسر للظهر",  # Arabic: right-to-left letters need no bidi controls
    "می\u200cخواهم",  # Persian with the zero-width non-joiner its spelling needs
    "क्\u200dष",  # Devanagari with a zero-width joiner
    "Estiramiento de rodilla al pecho, ¿cuántas veces?",
    "Family 👨\u200d👩\u200d👧 time", "❤\ufe0f", "1\ufe0f\u20e3",
    "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",  # the flag of England
])
def test_legitimate_letters_and_joiners_are_kept(text: str) -> None:
    assert list(hidden_characters(text)) == []
    assert normalise_text(text) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize(("raw", "clean"), [
    (DECOMPOSED, COMPOSED), ("caf\u00e9", "caf\u00e9"), ("cafe\u0301", "caf\u00e9"),
    ("bri\u200bdge", "bridge"), ("bri\u00addge", "bridge"), ("Bridge\ufe0f", "Bridge"),
    ("no\u200cjoin", "nojoin"), ("a\u200db", "ab"),
])
def test_text_is_normalised_once_where_it_is_read(project: Project, raw: str, clean: str) -> None:
    text = VALID_EXERCISE.format(id="x").replace("name: Test stretch", f"name: {raw}")
    assert load_catalogue(project(exercise={"x": text})).get("x").name == clean


def test_decomposed_keys_are_composed_too(project: Project) -> None:
    # A key typed decomposed is the same key: "nam\u0065" stays "name"; an accented key is
    # unknown either way, and reported in its composed form.
    text = VALID_FAQ.format(id="q").replace("answer: Yes.", "answer: Yes.\nre\u0301sume\u0301: x")
    [message] = errors_of(project(faq={"q": text}))
    assert "unknown field 'r\u00e9sum\u00e9'" in message


def test_dropped_characters_are_listed_in_contributing() -> None:
    from tests.conftest import ROOT

    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for char in DROPPED:
        assert f"U+{ord(char):04X}" in guide


def test_one_spelling_reaches_page_search_card_and_handout(small_project: Path, tmp_path: Path) -> None:
    exercise = small_project / "exercises" / "first.yml"
    exercise.write_text(exercise.read_text(encoding="utf-8").replace(
        "name: Test stretch", f"name: {DECOMPOSED} stretch"), encoding="utf-8")
    site = build_site(small_project / "mkdocs.yml", strict=True, site_dir=tmp_path / "site")
    page = (site / "exercises" / "first" / "index.html").read_text(encoding="utf-8")
    search = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    card = "".join(p.extract_text() for p in PdfReader(site / "cards" / "first.pdf").pages)
    out = tmp_path / "handout.pdf"
    result = CliRunner().invoke(main, ["--root", str(small_project), "handout", "first", "--out", str(out)])
    assert result.exit_code == 0, result.output
    handout = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    titles = [doc["title"] for doc in json.loads(search)["docs"] if doc["location"].startswith("exercises/first/")]
    assert COMPOSED in page and DECOMPOSED not in page
    assert any(COMPOSED in title for title in titles) and DECOMPOSED not in search
    for printed in (card, handout):
        assert COMPOSED in unicodedata.normalize("NFC", printed)
        assert "\u030a" not in printed and "\u0308" not in printed


@pytest.mark.parametrize("option", ["--patient", "--note", "--date"])
def test_typed_text_that_reorders_is_refused_with_its_name(small_project: Path, tmp_path: Path, option: str) -> None:
    value = "bidi \u202etxet" if option != "--note" else "first=bidi \u202etxet"
    result = CliRunner().invoke(main, ["--root", str(small_project), "handout", "first", option, value,
                                       "--out", str(tmp_path / "h.pdf")])
    assert result.exit_code == 2
    assert "U+202E, right-to-left override" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "h.pdf").exists()


def test_typed_control_character_and_dose_text_are_refused() -> None:
    with pytest.raises(SelectionError, match=r"--patient: character 4 is an escape character \(U\+001B\)"):
        typed_text("Sam\x1b[31m", "--patient")

    with pytest.raises(SelectionError, match="U\\+2066, left-to-right isolate"):
        parse_choice("bridge:how_often=twice \u2066a day")
    assert parse_choice(f"bridge:how_often={DECOMPOSED}").overrides == (("how_often", COMPOSED),)
