"""Meaning checks (issue 19): what content says agrees with content/safety.yml and itself.

Each check has corpus cases in tests/content/bad/ (their exact errors are tested by
test_bad_corpus.py); here each case is shown to depend on its check (with the check turned
off, its error is gone), each check is shown to take its words and thresholds from
content/policy.yml (change the policy, and the verdict changes), and the real content is
shown to pass every check. Rendering of references and phone numbers is tested on the real
built site.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from lumbar.content.catalogue import load_catalogue
from lumbar.content.errors import ContentErrors
from lumbar.content.meaning import Checker, read_frequencies
from lumbar.content.policy import phrase_pattern
from lumbar.content.references import REFERENCE
from tests.conftest import ROOT, VALID_EXERCISE, VALID_FAQ
from tests.content.test_bad_corpus import CORPUS, expectations, scratch_project

Project = Callable[..., Path]
POLICY = (ROOT / "content" / "policy.yml").read_text(encoding="utf-8")
SAFETY = yaml.safe_load((ROOT / "content" / "safety.yml").read_text(encoding="utf-8"))

# Each check (a method of meaning.Checker) and the corpus cases that exist for it.
CASES_OF_CHECK: dict[str, list[str]] = {
    "wording": ["faq/own-stop-threshold.yml", "faq/own-level-of-care.yml", "faq/unknown-safety-reference.yml",
                "faq/group-reference-in-a-sentence.yml", "exercises/stop-if-own-threshold.yml"],
    "named_causes": ["faq/named-emergency-without-action.yml"],
    "doses": ["programmes/dose-beyond-the-exercise.yml"],
    "frequencies": ["exercises/strength-every-day.yml", "exercises/how-often-unreadable.yml",
                    "programmes/frequency-without-a-reason.yml", "programmes/reason-not-needed.yml",
                    "faq/frequency-against-policy.yml"],
    "aliases": ["faq/alias-repeats-a-title.yml", "faq/alias-names-another-technique.yml",
                "exercises/alias-names-an-avoided-activity.yml", "avoid/avoid-alias-repeats-a-title.yml"],
    "gentle_first": ["exercises/hard-exercise-for-more-pain.yml", "programmes/flare-up.yml"],
    "claims": ["faq/nice-says-without-its-source.yml", "faq/number-without-an-address.yml"],
    "firm_bed": ["exercises/firm-bed-not-in-the-steps.yml"],
}


def case_errors(case: Path, root: Path) -> list[str]:
    """The errors reported for the corpus case's own file (``line:col: field: message``)."""
    target = scratch_project(root, case)
    relative = target.relative_to(root).as_posix()
    try:
        load_catalogue(root)
    except ContentErrors as exc:
        return [e.format(root).removeprefix(relative + ":") for e in exc.errors
                if e.format(root).startswith(relative + ":")]
    return []


def test_every_check_has_corpus_cases() -> None:
    checks = {name for name in vars(Checker) if name in CASES_OF_CHECK}
    assert checks == set(CASES_OF_CHECK)
    for cases in CASES_OF_CHECK.values():
        assert cases and all((CORPUS / case).is_file() for case in cases)


@pytest.mark.parametrize(("check", "case"), [(c, case) for c, cases in CASES_OF_CHECK.items() for case in cases])
def test_each_corpus_case_fails_only_because_of_its_check(check: str, case: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = CORPUS / case
    with_check = case_errors(path, tmp_path / "with")
    assert [e for e in with_check if any(e.startswith(want) for want in expectations(path))] == with_check
    monkeypatch.setattr(Checker, check, lambda self: None)
    assert case_errors(path, tmp_path / "without") == [], f"{case} still fails with the {check} check off"


def test_the_real_content_passes_every_meaning_check() -> None:
    # Loading checks the raw text; the catalogue then holds it with references expanded.
    catalogue = load_catalogue(ROOT)
    assert len(catalogue.entries) > 90 and catalogue.policy.safety_wording


# ---- The words and thresholds are data

def faq(answer: str, extra: str = "") -> str:
    return VALID_FAQ.format(id="q").replace("answer: Yes.", f"{extra}answer: |-\n  {answer}")


def messages(root: Path) -> list[str]:
    try:
        load_catalogue(root)
    except ContentErrors as exc:
        return [e.format(root) for e in exc.errors]
    return []


def with_policy(project: Project, old: str, new: str, **kinds: dict[str, str]) -> Path:
    assert old in POLICY
    root = project(**kinds)
    (root / "content" / "policy.yml").write_text(POLICY.replace(old, new, 1), encoding="utf-8")
    return root


def test_a_new_wording_phrase_in_the_policy_is_checked(project: Project) -> None:
    text = faq("Rest if it throbs.")
    assert messages(project(faq={"q": text})) == []
    root = with_policy(project, "      - stop if\n", "      - stop if\n      - rest if it throbs\n", faq={"q": text})
    [message] = messages(root)
    assert message.startswith("content/faq/q.yml:5:3: answer: 'Rest if it throbs' states a stop threshold")


def test_the_frequency_policy_sets_the_range(project: Project) -> None:
    strength = VALID_EXERCISE.format(id="x").replace("category: stretch", "category: strength").replace(
        "how_often: Twice a day", "how_often: 3 to 4 days a week")
    assert "'3 to 4 days a week' is 3 to 4 sessions a week" in messages(project(exercise={"x": strength}))[0]
    root = with_policy(project, "      sessions_per_week: [2, 3]", "      sessions_per_week: [2, 4]",
                       exercise={"x": strength})
    assert messages(root) == []


def test_refused_aliases_gentle_difficulties_and_publishers_come_from_the_policy(project: Project) -> None:
    hard = VALID_EXERCISE.format(id="x").replace("pain_patterns: [eased-by-sitting]", "pain_patterns: [no-position-helps]") \
        .replace("difficulty: easy", "difficulty: moderate")
    assert "may only be easy" in messages(project(exercise={"x": hard}))[0]
    assert messages(with_policy(project, "  difficulty: [easy]", "  difficulty: [easy, moderate]", exercise={"x": hard})) == []
    aliased = faq("Yes.", extra="aliases: [wobble board]\n")
    assert messages(project(faq={"q": aliased})) == []
    root = with_policy(project, "  refused:\n", "  refused:\n    - term: wobble board\n      why: a piece of equipment\n",
                       faq={"q": aliased})
    assert "'wobble board' names something else (a piece of equipment)" in messages(root)[0]


def test_phrases_match_whole_words_across_lines_and_emphasis() -> None:
    pattern = phrase_pattern("stop ... that makes")
    assert pattern.search("Stop any\n  exercise that makes it worse")
    assert pattern.search("**Stop** any exercise that makes it worse")
    assert not pattern.search("non-stop work that makes you tired, and more than five words in between here")
    assert not phrase_pattern("a&e").search("data&entry")


@pytest.mark.parametrize(("text", "expected"), [
    ("Once a day", (7, 7)), ("Twice a day, in the morning and the evening", (14, 14)),
    ("2 or 3 days a week", (2, 3)), ("3 to 4 times a week", (3, 4)), ("Once or twice a day", (7, 14)),
    ("Several times a day", (21, 35)), ("Most days, building up to 150 minutes a week", (4, 7)),
    ("10 to 15 minutes twice a day", (14, 14)),
])
def test_how_often_is_read_as_sessions_a_week(text: str, expected: tuple[int, int]) -> None:
    words = load_catalogue(ROOT).policy.frequency.words
    found = read_frequencies(text, words)
    assert (min(f[0] for f in found), max(f[1] for f in found)) == expected


# ---- References and phone numbers on the real site

class Text(HTMLParser):
    """Visible text of a page (not scripts or styles), with the tel: target each piece sits in.
    ``names=False`` leaves out the search words and "Also called" names (aliases are names)."""

    NAMES = ("lumbar-search-terms", "lumbar-aliases")

    def __init__(self, names: bool = True) -> None:
        super().__init__()
        self.pieces: list[tuple[str, str | None]] = []
        self.stack: list[tuple[str, str | None, bool]] = []
        self.names = names

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "path"}:
            return
        found = dict(attrs)
        hidden = tag in {"script", "style", "title"} or (
            not self.names and any(name in (found.get("class") or "") for name in self.NAMES))
        self.stack.append((tag, found.get("href") if tag == "a" else None, hidden))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not any(hidden for _, _, hidden in self.stack):
            link = next((href for tag, href, _ in reversed(self.stack) if tag == "a"), None)
            self.pieces.append((data, link))


def page_text(path: Path, names: bool = True) -> Text:
    parser = Text(names)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# Links whose words hold a number but that open a service on the web (review 19, M3).
WEB_SERVICES = {"https://111.nhs.uk"}


def test_every_phone_number_on_every_page_is_tap_to_call(built_site: Path) -> None:
    numbers = [phone["number"] for phone in SAFETY["phone_numbers"]]
    pattern = re.compile(r"(?<![\w./#-])(" + "|".join(re.escape(n) for n in numbers) + r")(?![\w/-])")
    linked = 0
    for path in sorted(built_site.rglob("*.html")):
        for text, href in page_text(path).pieces:
            if href in WEB_SERVICES:  # "NHS 111 online" is a web page, not a number to dial
                continue
            for found in pattern.finditer(text):
                relative = path.relative_to(built_site)
                assert href == "tel:" + found.group(1).replace(" ", ""), (str(relative), found.group(1), text)
                linked += 1
    assert linked > 100  # the banner on every page, the safety page, answers, programmes


def test_the_banner_calls_999_and_lists_the_signs_at_body_size(built_site: Path) -> None:
    page = (built_site / "index.html").read_text(encoding="utf-8")
    banner = page[page.index('class="lumbar-disclaimer"'): page.index("</details>")]
    assert re.search(r'<a href="tel:999" class="lumbar-call">999</a>', banner)
    css = (built_site / "assets" / "stylesheets" / "lumbar.css").read_text(encoding="utf-8")
    # Material sets .md-typeset details to 0.64rem; ours must be more specific and body size.
    rule = re.search(r"\.md-typeset details\.lumbar-banner-flags\s*\{[^}]*font-size:\s*([\d.]+)rem", css)
    body = re.search(r"(?m)^\.md-typeset\s*\{[^}]*font-size:\s*([\d.]+)rem", css)
    assert rule and body and float(rule.group(1)) >= float(body.group(1))


def test_no_reference_reaches_a_page_or_print_file(built_site: Path) -> None:
    for path in sorted(built_site.rglob("*.html")):
        text = " ".join(piece for piece, _ in page_text(path).pieces)
        assert not REFERENCE.search(text), path.relative_to(built_site)
    from pypdf import PdfReader

    for path in sorted((built_site / "programmes").rglob("*.pdf")):
        text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
        assert "((" not in text, path.name


def safety_sentences() -> list[str]:
    """Every text of content/safety.yml, as it reads on a page (the source's own words)."""
    texts = [SAFETY["summary"], SAFETY["intro"], *SAFETY["good_signs"], *SAFETY["flare_up"]]
    for level in SAFETY["levels"]:
        texts += [level["heading"], level["action"]]
        for group in level["groups"]:
            texts += [group["reason"], group.get("title") or ""] + [item["text"] for item in group["items"]]
    texts += [rule["text"] for rule in SAFETY["stop_rules"]]
    texts += [rule["condition"] for rule in SAFETY["stop_rules"] if rule.get("condition")]
    texts.append(SAFETY["urgent_line"])
    # A Markdown link in the source reads as its words on a page ("NHS 111 online").
    texts = [re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t) for t in texts]
    return sorted((" ".join(t.split()) for t in texts if t), key=len, reverse=True)


def test_no_page_states_safety_advice_in_words_of_its_own(built_site: Path) -> None:
    """The wording check on the built site: the text of every page, templates' words included,
    with the safety file's own sentences taken out, holds none of the policy's phrases."""
    policy = yaml.safe_load(POLICY)
    phrases = [phrase for rule in policy["safety_wording"] for phrase in rule["phrases"]]
    # The site's fixed headings that name a level or the stop rule by design.
    allowed = re.compile(r"Stop the exercise if|Stop if|When to get help|Show the emergency signs", re.I)
    own = safety_sentences()
    # Titles name a page (a question such as "When should I see a doctor?"); the check leaves
    # them alone in content too (meaning.NOT_PROSE).
    catalogue = load_catalogue(ROOT)
    titles = sorted({" ".join(t.split()) for t in [*(e.question for e in catalogue.faqs),
                                                 *(s.title for e in catalogue.all_loaded() for s in e.entry.sources)]},
                    key=len, reverse=True)
    for path in sorted(built_site.rglob("*.html")):
        relative = path.relative_to(built_site).as_posix()
        if relative.startswith(("safety/", "handout/", "search/", "tags/")) or relative == "404.html":
            continue
        # Text nodes joined as they are: a link inside a sentence (tel:) splits it into pieces.
        text = html.unescape(" ".join("".join(piece for piece, _ in page_text(path, names=False).pieces).split()))
        for sentence in [*own, *titles]:
            text = text.replace(sentence, " ")
        text = allowed.sub(" ", text)
        for phrase in phrases:
            found = phrase_pattern(phrase).search(text)
            assert found is None, (relative, phrase, text[max(0, found.start() - 80): found.end() + 80])


def test_the_new_topics_are_on_the_home_page(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for page in ("faq/just-hurt-my-back/", "faq/back-to-sport/", "faq/persistent-pain/", "faq/heat-or-ice/",
                 "faq/pregnancy/", "programmes/flare-up/", "exercises/?bed=firm-bed"):
        assert f'href="{page}"' in home, page
    index = (built_site / "exercises" / "index.html").read_text(encoding="utf-8")
    beds = re.findall(r'data-bed="firm-bed"', index)
    assert '<option value="firm-bed">' in index and len(beds) >= 10


def test_pregnancy_signs_and_crisis_lines_are_on_their_pages_and_the_safety_page(built_site: Path) -> None:
    safety = (built_site / "safety" / "index.html").read_text(encoding="utf-8")
    for group, page in (("pregnancy-signs", "faq/pregnancy"), ("crisis", "faq/persistent-pain")):
        assert f'id="{group}"' in safety
        text = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert f'data-lumbar-safety-group="{group}"' in text, page
    persistent = (built_site / "faq" / "persistent-pain" / "index.html").read_text(encoding="utf-8")
    assert '<a href="tel:116123">116 123</a>' in persistent and '<a href="tel:111">111</a>' in persistent


def test_a_safety_file_number_no_text_uses_is_an_error(project: Project) -> None:
    source = (ROOT / "content" / "safety.yml").read_text(encoding="utf-8")
    text = source.replace('  - number: "911"\n', '  - number: "0800 123"\n')
    root = project(safety=text)
    found = messages(root)
    assert any("phone_numbers[2].number: no text in this file gives '0800 123'" in m for m in found), found


def test_a_step_dose_is_shown_after_its_description() -> None:
    bridge = next(e for e in load_catalogue(ROOT).exercises if e.id == "bridge")
    assert bridge.harder[0].description.endswith("(Sets: 2 to 3. Repetitions: 8 to 15. Hold: 5 to 6 seconds.)")


def test_a_project_without_the_policy_file_says_so(project: Project) -> None:
    root = project()
    (root / "content" / "policy.yml").unlink()
    [message] = messages(root)
    assert message.startswith("content/policy.yml:1:1: the policy file is missing")


def test_the_firm_bed_filter_and_its_words(built_site: Path) -> None:
    page = (built_site / "exercises" / "knee-rolls" / "index.html").read_text(encoding="utf-8")
    start = re.search(r'id="starting-position".*?</p>', page, re.S)
    assert "(or a firm bed)" in page and start and "firm bed" in start.group(0)
    # On every page that says it, the end of its own line of the facts list: a block tag there
    # ate the line's end (trim_blocks), and "May suit" ran on ("Mat (or a firm bed)- May suit:").
    for path in sorted((built_site / "exercises").glob("*/index.html")):
        text = path.read_text(encoding="utf-8")
        if "(or a firm bed)" in text:
            assert re.search(r"\(or a firm bed\)\s*</li>", text), f"{path.parent.name}: the line after 'You need' ran on"
