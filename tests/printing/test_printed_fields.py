"""Printed fields fit or are refused, never cut (issue 22, kind 4).

What a clinician adds to a handout (the patient's name, the date, a note), the clinic's name
and phone, the site's name in every footer and an exercise's name in a programme's log were
printed on one line and cut at its end (``--patient "Maria-Fernanda de los Santos
Rodriguez-Villanueva"`` printed "Maria-Fernanda de los Santos", exit 0). Each now wraps up to
a limit, tested here at the limit in the widest letters on both papers and layouts (every
character printed, nothing overlapping, nothing off the page), and one character more is
refused with a message saying how long it may be.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from lumbar.cli import main
from lumbar.content.dose_rules import PERSONAL_LIMITS
from lumbar.publish.settings import SITE_NAME_LIMIT, ClinicFields
from tests.printing.test_print_pdfs import overlaps, words_of

LONG_NAME = "Maria-Fernanda de los Santos Rodriguez-Villanueva"
CLINIC_BLOCK = '    clinic:\n      name: ""\n      phone: ""\n'


def widest(limit: int) -> str:
    """``limit`` characters of wide capitals in words of eight, as a long name is written."""
    text = " ".join("WMWMWMWM" for _ in range(limit // 9 + 1))
    return text[:limit].rstrip() + "W" * (limit - len(text[:limit].rstrip()))


def handout(project: Path, out: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--root", str(project), "handout", "first", "second", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.output


def printed(pdf: Path) -> tuple[str, list[str]]:
    """All text of ``pdf`` without white space, and every overlap or text off a page."""
    text, problems = [], []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            words = words_of(page)
            text.append("".join(word["text"] for word in words))
            problems += [f"page {number}: {p}" for p in overlaps(words)]
            problems += [f"page {number}: {w['text']!r} leaves the page" for w in words
                         if w["x0"] < 0 or w["top"] < 0 or w["x1"] > page.width or w["bottom"] > page.height]
    return "".join(text), problems


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("layout", ["compact", "one-per-page"])
def test_the_issue_example_prints_the_whole_name(small_project: Path, tmp_path: Path, layout: str) -> None:
    out = tmp_path / "h.pdf"
    handout(small_project, out, "--layout", layout, "--patient", LONG_NAME)
    text, problems = printed(out)
    assert squeezed(LONG_NAME) in text and not problems


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("layout", ["compact", "one-per-page"])
def test_every_field_at_its_limit_fits_in_the_widest_letters(small_project: Path, tmp_path: Path, paper: str,
                                                             layout: str) -> None:
    config = small_project / "mkdocs.yml"
    name_limit = ClinicFields.model_fields["name"].metadata[0].max_length
    phone_limit = ClinicFields.model_fields["phone"].metadata[0].max_length
    values = {"patient": widest(PERSONAL_LIMITS["patient"]), "date": "30 September 2026",  # the longest date
              "note": widest(PERSONAL_LIMITS["note"]), "clinic": widest(name_limit),
              "phone": "+" + "8" * (phone_limit - 1), "site": widest(SITE_NAME_LIMIT)}
    text = config.read_text(encoding="utf-8").replace(
        CLINIC_BLOCK, f"    clinic:\n      name: {values['clinic']}\n      phone: \"{values['phone']}\"\n")
    config.write_text(re.sub(r"^site_name: .*$", f"site_name: {values['site']}", text, count=1, flags=re.M),
                      encoding="utf-8")
    out = tmp_path / "h.pdf"
    handout(small_project, out, "--paper", paper, "--layout", layout, "--patient", values["patient"],
            "--date", "2026-09-30", "--note", f"first={values['note']}")
    text, problems = printed(out)
    assert not problems, "\n".join(problems[:20])
    for field, value in values.items():
        if field == "phone" and layout == "one-per-page":
            continue  # its cover names the clinic ("Prepared by") without the phone
        assert squeezed(value) in text, f"{field} was not printed whole"


@pytest.mark.parametrize(("option", "name", "limit"), [("--patient", "patient", PERSONAL_LIMITS["patient"]),
                                                       ("--note", "first: note", PERSONAL_LIMITS["note"])])
def test_one_character_more_is_refused_with_the_limit(small_project: Path, tmp_path: Path, option: str, name: str,
                                                      limit: int) -> None:
    value = "x" * (limit + 1)
    out = tmp_path / "h.pdf"
    argument = f"first={value}" if option == "--note" else value
    result = CliRunner().invoke(main, ["--root", str(small_project), "handout", "first", option, argument,
                                       "--out", str(out)])
    assert result.exit_code == 2
    assert f"{name} must be at most {limit} characters" in result.output  # the rulebook's words, as the builder's
    assert "Traceback" not in result.output and not out.exists()


@pytest.mark.parametrize(("setting", "limit", "message"), [
    ("clinic", 80, "extra.lumbar.clinic.name: is too long (81 characters); keep it to 80 characters or fewer"),
    ("phone", 40, "extra.lumbar.clinic.phone: is too long (41 characters); keep it to 40 characters or fewer"),
    ("site", SITE_NAME_LIMIT, f"site_name: is {SITE_NAME_LIMIT + 1} characters; printed cards and handouts have "
                              f"room for {SITE_NAME_LIMIT}, so shorten it"),
])
def test_settings_too_long_to_print_are_refused_at_their_place(small_project: Path, setting: str, limit: int,
                                                                message: str) -> None:
    config = small_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if setting == "site":
        text = re.sub(r"^site_name: .*$", f"site_name: {'S' * (limit + 1)}", text, count=1, flags=re.M)
    else:
        value = "1" * (limit + 1) if setting == "phone" else "N" * (limit + 1)
        text = text.replace(CLINIC_BLOCK, f"    clinic:\n      {'phone' if setting == 'phone' else 'name'}: \"{value}\"\n")
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(small_project), "check"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert re.match(rf"^mkdocs.yml:[0-9]+:[0-9]+: {re.escape(message)}$", first), result.output


def test_a_programme_log_prints_a_long_exercise_name_whole(project_copy: Path, tmp_path: Path) -> None:
    """The week's tick-box log printed the first line of an exercise's name."""
    from lumbar.printing.layout import paper
    from lumbar.printing.programme import programme_pdf
    from lumbar.services import load_content
    from tests.conftest import site_at

    exercise = project_copy / "exercises" / "walking.yml"
    name = "Walking on flat ground at an easy pace, slowly building up over many weeks"
    exercise.write_text(re.sub(r"^name: .*$", f"name: {name}", exercise.read_text(encoding="utf-8"), count=1,
                               flags=re.M), encoding="utf-8")
    catalogue = load_content(project_copy)
    programme = catalogue.get("starter")
    pdf = programme_pdf(programme, {e.id: e for e in catalogue.exercises}, paper("a4"),  # type: ignore[arg-type]
                        site_at("https://example.org/"), catalogue.safety)
    out = tmp_path / "starter.pdf"
    out.write_bytes(pdf)
    text, problems = printed(out)
    assert not problems, "\n".join(problems[:20])
    # Its stage row and each week's log row name it whole.
    assert text.count(squeezed(name)) >= 2


def test_a_dose_text_set_for_a_card_prints_whole_or_is_refused(small_project: Path, tmp_path: Path) -> None:
    """How often, as a clinician sets it for a card (``first:how_often=...``): up to the
    limit of the same field in content, printed whole (on a third side if need be); longer
    is refused with that limit."""
    from lumbar.content.dose_rules import MAX_SHORT_TEXT

    text = widest(MAX_SHORT_TEXT)
    result = CliRunner().invoke(main, ["--root", str(small_project), "cards", f"first:how_often={text}",
                                       "--out", str(tmp_path / "cards"), "--no-png"])
    assert result.exit_code == 0, result.output
    printed_text, problems = printed(tmp_path / "cards" / "first.pdf")
    assert squeezed(text) in printed_text and not problems
    result = CliRunner().invoke(main, ["--root", str(small_project), "cards", f"first:how_often={text}W",
                                       "--out", str(tmp_path / "more"), "--no-png"])
    assert result.exit_code == 2 and not (tmp_path / "more").exists()
    assert f"first: how_often must be at most {MAX_SHORT_TEXT} characters" in result.output
