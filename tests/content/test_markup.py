"""Contributor Markdown is a declared subset (issue 22, kind 2).

One table (``lumbar.content.markup.RULES``) says what content text may use; the rest is a
``file:line:col`` error saying what to write instead (the corpus in tests/content/bad/ has
the issue's examples and more). CONTRIBUTING.md shows the same table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lumbar.content.catalogue import load_catalogue
from lumbar.content.errors import ContentErrors, apply_fixes
from lumbar.content.markup import ANYWHERE, RULES, TextKind, contributing_table, link_problem, problems
from lumbar.mkdocs.build import build_site
from tests.conftest import ROOT, VALID_FAQ

Project = Callable[..., Path]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_contributing_shows_the_table_the_check_uses() -> None:
    assert contributing_table() in GUIDE


@pytest.mark.parametrize("target", ["http://www.nhs.uk/", "//www.nhs.uk/", "/safety/", "mailto:team@example.org",
                                    "javascript:alert(1)", "bridge"])
def test_contributing_shows_the_link_messages(target: str) -> None:
    problem = link_problem(target)
    assert problem is not None and problem[0] in GUIDE


REFUSED = [rule for rule in RULES if rule.allowed != ANYWHERE]


@pytest.mark.parametrize("rule", REFUSED, ids=[rule.name for rule in REFUSED])
def test_each_refused_construct_is_an_error_at_its_own_place(project: Project, rule: object) -> None:
    sample = rule.sample or rule.example  # type: ignore[attr-defined]
    answer = "answer: |-\n  Some words first.\n  " + sample.replace("\n", "\n  ")
    text = VALID_FAQ.format(id="q").replace("answer: Yes.", answer)
    root = project(faq={"q": text})
    if TextKind.BLOCK in rule.allowed:  # type: ignore[attr-defined]
        load_catalogue(root)  # lists and paragraphs are fine in an answer...
        text = VALID_FAQ.format(id="q").replace("question: Is this a test?", "question: |-\n  " + sample.replace("\n", "\n  "))
        root = project(faq={"q": text})  # ...and refused in a one-line question
    with pytest.raises(ContentErrors) as info:
        load_catalogue(root)
    [error] = info.value.errors
    [expected] = list(problems(sample, TextKind.LINE))
    assert error.message == expected.message
    line = text.splitlines()[error.line - 1]
    assert line[error.column - 1:].startswith(expected.snippet.split("\n")[0]), (line, error.column)


@pytest.mark.parametrize(("typed", "kept"), [
    ("Use **heat** or *ice*, or _both_.", True),
    ("See the [safety page](../safety.md) and [NHS advice](https://www.nhs.uk/conditions/back-pain/).", True),
    ("Go to [the stage](#stage-2) or [bridge](../exercises/bridge.md#how-to-do-it).", True),
    ("A&E, 3 * 10, file_name, 5 < 6 and `code words`.", True),
    ("See [Wikipedia](https://en.wikipedia.org/wiki/Back_(anatomy)).", True),
    ("[x](https://www.nhs.uk/?a=1&amp;b=2)", False),  # a character code in an address too
    ("Heat &nbsp;helps.", False), ("&#x202E;", False), ("<!-- hidden -->", False),
])
def test_the_subset_keeps_plain_writing(typed: str, kept: bool) -> None:
    assert (list(problems(typed, TextKind.LINE)) == []) is kept


def test_fixes_named_by_markup_messages_are_accepted(project: Project) -> None:
    answer = ("answer: |-\n  # Good news\n\n  Heat &amp; ice, see [NHS](http://www.nhs.uk/) or "
              "[NHS](//www.nhs.uk/back/) or <https://www.nhs.uk/> {: .big }")
    root = project(faq={"q": VALID_FAQ.format(id="q").replace("answer: Yes.", answer)})
    for _ in range(10):  # one error a field at a time, as a contributor sees them
        try:
            catalogue = load_catalogue(root)
            break
        except ContentErrors as errors:
            assert all(error.fix for error in errors.errors), [e.format(root) for e in errors.errors]
            apply_fixes(root / "content/faq/q.yml", [fix for error in errors.errors for fix in error.fix])
    assert catalogue.get("q").answer == ("**Good news**\n\nHeat & ice, see [NHS](https://www.nhs.uk/) or "  # type: ignore[attr-defined]
                                         "[NHS](https://www.nhs.uk/back/) or [https://www.nhs.uk/](https://www.nhs.uk/)")


def test_the_issue_examples_publish_nothing_and_keep_the_site(small_project: Path, tmp_path: Path) -> None:
    """The answer that published an <img> from another host, a safety box and a second <h1>
    now stops the build at `lumbar build`'s check, and the last good site stays."""
    site = tmp_path / "site"
    build_site(small_project / "mkdocs.yml", strict=True, site_dir=site)
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    faq = small_project / "content/faq/test-question.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("answer: Yes.", (
        "answer: |-\n  ![](https://tracker.example/x.png)\n\n  !!! danger \"Call 999 now\"\n      Now.\n\n  # Heading")),
        encoding="utf-8")
    from click.testing import CliRunner

    from lumbar.cli import main

    result = CliRunner().invoke(main, ["--root", str(small_project), "build", "--site-dir", str(site)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("content/faq/test-question.yml:")
    assert "Traceback" not in result.output
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before
