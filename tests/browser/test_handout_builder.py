"""The in-browser handout builder, in headless Chromium: the address alone decides the
handout (same spelling and result as `lumbar handout`), edits go back into the address,
"Add to handout" collects exercises across pages, and it works opened from disk. Nothing
about the patient goes into the address or a shared link, or stays on the device unless the
clinician asks; "New patient" clears it all. Printed, four exercises take two A4 pages."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.content.dose_rules import TYPED_HELP
from lumbar.content.models import Exercise
from lumbar.content.rulebook import message
from lumbar.content.text import dose_rows, stop_lines
from lumbar.printing.selection import MAX_RECOMMENDED, handout_query, resolve
from tests.browser.conftest import PageWatch
from tests.browser.helpers import describe_violations, run_axe
from tests.conftest import ROOT

# What only the page's controls say: none of it belongs on paper.
CHROME = ("Add to handout", "Print handout", "Choose an exercise", "Make a handout", "Skip to content",
          "Copy link", "New patient", "Change the amount")


def pdf_texts(pdf: bytes) -> list[str]:
    """Each page's text, top to bottom (the footer, printed from the page's margin, last)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [" ".join((page.extract_text() or "").split()) for page in document.pages]


def message_word(key: str) -> str:
    """One of the builder's own words (dose_rules.BUILDER_WORDS)."""
    from lumbar.content.dose_rules import BUILDER_WORDS

    return BUILDER_WORDS[key]

SECTIONS = "[data-lumbar-handout-output] section[data-exercise-id]"
READ_SECTIONS = """sections => sections.map(s => ({
    id: s.dataset.exerciseId,
    name: s.querySelector("h2").textContent,
    steps: Array.from(s.querySelectorAll("ol li"), li => li.textContent),
    dose: Array.from(s.querySelectorAll("table tr"), tr => [tr.cells[0].textContent, tr.cells[1].textContent]),
    stop: Array.from(s.querySelectorAll("ul li"), li => li.textContent),
    changed: s.textContent.includes("Your clinician has set this amount for you."),
}))"""


@functools.cache
def catalogue() -> Catalogue:
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def exercises() -> dict[str, Exercise]:
    return {e.id: e for e in catalogue().exercises}


def expected(exercises: dict[str, Exercise], specs: list[str], layout: str = "compact") -> list[dict[str, Any]]:
    """What `lumbar handout --layout LAYOUT` would print for the same selection: the compact
    layout lists each exercise's own stop lines (the general ones head the handout), one
    exercise a page lists both."""
    return [{
        "id": item.exercise.id,
        "name": item.exercise.name,
        "steps": list(item.exercise.steps),
        "dose": [list(row) for row in dose_rows(item.dose)],
        "stop": stop_lines(item.exercise, catalogue().safety) if layout == "one-per-page"
        else [" ".join(line.split()) for line in item.exercise.stop_if],
        "changed": bool(item.changed),
    } for item in resolve(exercises, specs)]


def shown(tab: Any) -> list[dict[str, Any]]:
    return tab.eval_on_selector_all(SECTIONS, READ_SECTIONS)


def status(tab: Any) -> str:
    return tab.inner_text("[data-lumbar-handout-status]")


def open_handout(open_page: Callable[..., Any], query: str, **context_options: Any) -> Any:
    tab = open_page(f"handout/?{query}", **context_options)
    tab.wait_for_selector("[data-lumbar-handout-builder][data-ready]")
    return tab


def show_dose_boxes(tab: Any, exercise_id: str) -> None:
    """Open an exercise's folded dose boxes ("Change the amount"), as a clinician does."""
    amount = f"[data-lumbar-handout-chosen] > li[data-exercise-id={exercise_id}] details"
    if not tab.eval_on_selector(amount, "d => d.open"):
        tab.click(f"{amount} > summary")


def test_builder_makes_the_same_handout_as_the_command_line(
    open_page: Callable[..., Any], site_url: str, exercises: dict[str, Exercise]
) -> None:
    specs = ["bridge:sets=2,reps=10", "bird-dog:how_often=Twice a day", "walking"]
    query = handout_query(specs)
    tab = open_handout(open_page, query)
    assert shown(tab) == expected(exercises, specs)  # the compact layout, as `lumbar handout`
    assert tab.url == f"{site_url}handout/?{query}"
    # One exercise a page, as `lumbar handout --layout one-per-page`: kept in the address.
    tab.check("input[name=layout][value=one-per-page]")
    tab.wait_for_function("() => location.search.endsWith('&layout=one-per-page')")
    assert shown(tab) == expected(exercises, specs, "one-per-page")
    # The cover lists the same exercises in the same order.
    cover = tab.eval_on_selector_all(".lumbar-handout__cover ol li", "items => items.map(i => i.textContent)")
    assert cover == [exercises[s.split(":")[0]].name for s in specs]
    assert shown(open_handout(open_page, tab.url.split("?", 1)[1])) == expected(exercises, specs, "one-per-page")
    assert status(tab).startswith("3 exercises in this handout.")
    chosen = tab.eval_on_selector_all("[data-lumbar-handout-chosen] > li", "rows => rows.map(r => r.dataset.exerciseId)")
    assert chosen == ["bridge", "bird-dog", "walking"]
    assert tab.input_value("#lumbar-dose-bridge-sets") == "2"


def test_handout_shows_each_exercises_pictures(open_page: Callable[..., Any], exercises: dict[str, Exercise]) -> None:
    ids = sorted(exercises)[:4]
    tab = open_handout(open_page, handout_query(ids))
    tab.wait_for_load_state("load")
    pictures = tab.eval_on_selector_all(SECTIONS, """sections => sections.map(s => Array.from(
        s.querySelectorAll(".lumbar-handout__pictures img"), img => [img.complete && img.naturalWidth > 0, img.alt]))""")
    for exercise_id, found in zip(ids, pictures):
        has_figure = getattr(exercises[exercise_id], "figure", None) is not None
        assert len(found) == (2 if has_figure else 0), exercise_id
        assert all(loaded and alt for loaded, alt in found), (exercise_id, found)


def test_changing_a_dose_is_kept_in_the_address(open_page: Callable[..., Any], exercises: dict[str, Exercise]) -> None:
    tab = open_handout(open_page, handout_query(["bridge", "bird-dog"]))
    show_dose_boxes(tab, "bird-dog")
    tab.fill("#lumbar-dose-bird-dog-sets", "4")
    tab.press("#lumbar-dose-bird-dog-sets", "Tab")
    tab.wait_for_function("() => location.search.includes('bird-dog:sets=4')")
    address = tab.url
    assert shown(tab) == expected(exercises, ["bridge", "bird-dog:sets=4"])
    # A bad value is refused and named; the address keeps the last good dose.
    tab.fill("#lumbar-dose-bird-dog-reps", "lots")
    tab.press("#lumbar-dose-bird-dog-reps", "Tab")
    assert f"Bird dog, Repetitions: Type {TYPED_HELP['reps']}." in status(tab)
    assert tab.get_attribute("#lumbar-dose-bird-dog-reps", "aria-invalid") == "true"
    assert tab.url == address
    # Someone opening the shared address (a new browser, nothing stored) sees the same.
    fresh = open_page(address.split("/", 3)[3])
    fresh.wait_for_selector(SECTIONS)
    assert shown(fresh) == expected(exercises, ["bridge", "bird-dog:sets=4"])
    # Reordering and removing also go into the address.
    fresh.click("[data-lumbar-handout-chosen] > li[data-exercise-id=bird-dog] button:has-text('Up')")
    fresh.wait_for_function("() => location.search.startsWith('?ex=bird-dog:sets=4&ex=bridge')")
    fresh.click("[data-lumbar-handout-chosen] > li[data-exercise-id=bridge] button:has-text('Remove')")
    fresh.wait_for_function("() => location.search === '?ex=bird-dog:sets=4'")
    assert [s["id"] for s in shown(fresh)] == ["bird-dog"]


def test_a_link_that_cannot_be_read_is_explained_in_plain_words(open_page: Callable[..., Any], site_url: str) -> None:
    """A tampered or broken link builds what it can and says, in the words of whoever opened
    it, what was left out (the rulebook's link_notices), never the link's own spelling."""
    tab = open_handout(open_page, "ex=not-real&ex=bridge:foo=1&ex=walking:reps=lots&ex=bridge&ex=clamshell"
                                  "&side=clamshell=up&side=walking=left&ex=:sets=2&layout=huge")
    assert [s["id"] for s in shown(tab)] == ["bridge", "walking", "clamshell"]
    text = status(tab)
    for said in (message("link_unknown"), message("link_dose", name="Bridge"), message("link_dose", name="Walking"),
                 message("link_twice", name="Bridge"), message("link_side", name="Clamshell"),
                 message("link_side", name="Walking"), message("link_unreadable"), message("link_check")):
        assert said in text, said
    # Nothing of the link's spelling or the developer's wording reaches the reader.
    for spelled in ("not-real", "foo", "'lots'", "huge", "no exercise has the id", "unknown dose field", "Type "):
        assert spelled not in text, spelled
    assert tab.url == f"{site_url}handout/?ex=bridge&ex=walking&ex=clamshell"
    # The builder's own list is read with the same words.
    good = open_handout(open_page, "ex=bridge")
    assert message("link_check") not in status(good)


def test_more_than_the_recommended_number_warns_but_still_builds(
    open_page: Callable[..., Any], exercises: dict[str, Exercise]
) -> None:
    ids = sorted(exercises)
    tab = open_handout(open_page, handout_query(ids[:MAX_RECOMMENDED]))
    assert "or fewer better" not in status(tab)
    tab = open_handout(open_page, handout_query(ids[:MAX_RECOMMENDED + 2]))
    assert message("too_many", count=MAX_RECOMMENDED + 2, limit=MAX_RECOMMENDED) in status(tab)
    assert [s["id"] for s in shown(tab)] == ids[:MAX_RECOMMENDED + 2]


def test_add_to_handout_collects_exercises_from_their_pages(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_page("exercises/bridge/")
    with tab.expect_navigation():
        tab.click("a[data-lumbar-add=bridge]")
    tab.wait_for_selector(SECTIONS)
    assert [s["id"] for s in shown(tab)] == ["bridge"]
    tab.goto(f"{site_url}exercises/walking/")
    with tab.expect_navigation():
        tab.click("a[data-lumbar-add=walking]")
    tab.wait_for_selector(f"{SECTIONS}[data-exercise-id=walking]")
    assert [s["id"] for s in shown(tab)] == ["bridge", "walking"]
    assert tab.url == f"{site_url}handout/?ex=bridge&ex=walking"
    tab.goto(f"{site_url}exercises/bridge/")
    assert tab.inner_text("a[data-lumbar-add=bridge]") == "Open handout (2 chosen)"
    # The handout page remembers the list when opened without an address.
    tab.goto(f"{site_url}handout/")
    tab.wait_for_selector(SECTIONS)
    assert [s["id"] for s in shown(tab)] == ["bridge", "walking"]


def test_printing_one_exercise_a_page_gives_cover_exercises_and_red_flags_only(
    open_page: Callable[..., Any], exercises: dict[str, Exercise]
) -> None:
    ids = ["bridge", "bird-dog", "walking"]
    tab = open_handout(open_page, handout_query(ids) + "&layout=one-per-page")
    for paper in ("A4", "Letter"):
        pages = pdf_texts(tab.pdf(format=paper))
        # An exercise or the safety section (content/safety.yml) may run over more than one page.
        assert pages[0].startswith("Lumbar Your exercise plan") and "Prepared for:" in pages[0]
        starts = [next(n for n, page in enumerate(pages) if page.startswith(
            f"Exercise {index} of {len(ids)} {exercises[exercise_id].name}")) for index, exercise_id in enumerate(ids, 1)]
        safety = next(n for n, page in enumerate(pages) if page.startswith("When to get help"))
        assert starts[0] == 1 and starts == sorted(starts) and safety > starts[-1], (paper, [p[:60] for p in pages])
        for exercise_id, start, end in zip(ids, starts, [*starts[1:], safety]):
            body = " ".join(pages[start:end])
            for step in exercises[exercise_id].steps:
                assert " ".join(step.split()) in body
        everything = " ".join(pages)
        for chrome in CHROME:
            assert chrome not in everything, (paper, chrome)
        for number, page in enumerate(pages, 1):  # page numbers, as the PDF handouts have
            assert page.endswith(f"Page {number} of {len(pages)}"), (paper, number, page[-40:])


def test_builder_works_from_disk(browser: Any, offline_site: Path, exercises: dict[str, Exercise]) -> None:
    root = offline_site.as_uri() + "/"
    watch = PageWatch({"file"})
    tab = watch.new_page(browser)
    try:
        specs = ["walking:minutes=20", "bridge"]
        tab.goto(f"{root}handout.html?{handout_query(specs)}")
        tab.wait_for_selector(SECTIONS)
        assert shown(tab) == expected(exercises, specs)
        tab.check("input[name=layout][value=one-per-page]")
        online = f"{SECTIONS}[data-exercise-id=walking] .lumbar-handout__online"
        link = tab.get_attribute(f"{online} a", "href")
        assert link == "exercises/walking.html"
        assert (offline_site / link).exists()
        # With no public address it is a link on screen only: paper gets no relative path.
        tab.emulate_media(media="print")
        assert tab.eval_on_selector(online, "p => getComputedStyle(p).display") == "none"
        tab.emulate_media(media="screen")
        tab.goto(f"{root}exercises/walking.html")
        card = tab.get_attribute("a.md-button[title^='Exercise card, A6']", "href")
        assert (offline_site / "exercises" / card).resolve() == (offline_site / "cards" / "walking.pdf").resolve()
    finally:
        tab.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


# ---- What a clinician types, and the page itself: phones, touch, loading, keyboard.

def shown_dose(tab: Any, exercise_id: str) -> list[list[str]]:
    return tab.eval_on_selector_all(f"{SECTIONS}[data-exercise-id={exercise_id}] table tr",
                                    "rows => rows.map(r => [r.cells[0].textContent, r.cells[1].textContent])")


def type_dose(tab: Any, exercise_id: str, field: str, text: str) -> None:
    show_dose_boxes(tab, exercise_id)
    tab.fill(f"#lumbar-dose-{exercise_id}-{field}", text)
    tab.press(f"#lumbar-dose-{exercise_id}-{field}", "Enter")


TYPED = [  # (field, what the clinician types, what the boxes then hold)
    ("reps", "6 each side", {"reps": "6", "per_side": True}),
    ("reps", "10 x 2", {"sets": "2", "reps": "10"}),
    ("reps", "2 x 12", {"sets": "2", "reps": "12"}),
    ("sets", "3 sets of 8", {"sets": "3", "reps": "8"}),
    ("reps", "8 to 10", {"reps": "8 to 10"}),
    ("hold_seconds", "30s", {"hold_seconds": "30"}),
]


def test_doses_typed_as_on_an_exercise_sheet(open_page: Callable[..., Any], exercises: dict[str, Exercise]) -> None:
    """The builder reads what a clinician types as `lumbar handout bridge:<field>=<typed>` does,
    shows it back in plain parts (the boxes and a sentence), and prints it."""
    tab = open_page(None)
    base = open_handout(open_page, "ex=bridge&ex=walking").url
    for field, typed, boxes in TYPED:
        tab.goto(base)
        tab.wait_for_selector("[data-lumbar-handout-builder][data-ready]")
        type_dose(tab, "bridge", field, typed)
        want = expected(exercises, [f"bridge:{field}={typed}", "walking"])
        assert shown(tab) == want, typed
        for name, value in boxes.items():
            box = f"#lumbar-dose-bridge-{name}"
            assert (tab.is_checked(box) if isinstance(value, bool) else tab.input_value(box)) == value, (typed, name)
        assert tab.get_attribute(f"#lumbar-dose-bridge-{field}", "aria-invalid") == "false"
        if len(boxes) > 1 or boxes[field] != typed:
            assert f"Bridge: '{typed}' is read as " in status(tab), typed
        # The address holds the plain parts, and opening it afresh gives the same handout.
        address = tab.url
        assert unquote(address.split("bridge:")[1].split("&")[0]) == ",".join(
            f"{name}={'yes' if value is True else value}" for name, value in boxes.items()), typed
        tab.goto(address)
        tab.wait_for_selector("[data-lumbar-handout-builder][data-ready]")
        assert shown(tab) == want, typed


def test_how_often_is_free_text_and_keeps_its_commas(open_page: Callable[..., Any], exercises: dict[str, Exercise]) -> None:
    tab = open_handout(open_page, "ex=walking")
    type_dose(tab, "walking", "how_often", "Twice a day, morning and evening")
    type_dose(tab, "walking", "minutes", "20 min")
    spec = "walking:minutes=20,how_often=Twice a day, morning and evening"
    assert shown(tab) == expected(exercises, [spec])
    assert ["How often", "Twice a day, morning and evening"] in shown_dose(tab, "walking")
    fresh = open_handout(open_page, tab.url.split("?", 1)[1])
    assert shown(fresh) == expected(exercises, [spec])
    assert fresh.input_value("#lumbar-dose-walking-how_often") == "Twice a day, morning and evening"


def test_a_value_that_cannot_be_read_says_what_to_type_at_its_box(open_page: Callable[..., Any]) -> None:
    tab = open_handout(open_page, "ex=bridge")
    before = shown_dose(tab, "bridge")
    box = "#lumbar-dose-bridge-reps"
    for typed, said in (("lots", f"Type {TYPED_HELP['reps']}."),
                        ("2 x 150", "150 is outside the sensible range for repetitions; use a number from 1 to 100")):
        type_dose(tab, "bridge", "reps", typed)
        error = tab.locator("#lumbar-dose-bridge-reps-error")
        assert error.is_visible() and error.inner_text() == said
        # Tied to its box: announced with it (aria-describedby), marked invalid, and also in the live status.
        assert "lumbar-dose-bridge-reps-error" in tab.get_attribute(box, "aria-describedby").split()
        assert tab.get_attribute(box, "aria-invalid") == "true"
        assert said in status(tab)
        assert tab.input_value(box) == typed  # kept, to be corrected
        assert shown_dose(tab, "bridge") == before  # the handout keeps the last good dose
    type_dose(tab, "bridge", "reps", "12")
    assert not tab.locator("#lumbar-dose-bridge-reps-error").is_visible()
    assert tab.get_attribute(box, "aria-invalid") == "false"
    assert ["Repetitions", "12"] in shown_dose(tab, "bridge")


def test_the_default_dose_is_a_hint_not_a_value(open_page: Callable[..., Any], exercises: dict[str, Exercise]) -> None:
    tab = open_handout(open_page, "ex=bird-dog")
    boxes = tab.eval_on_selector_all("[data-lumbar-handout-chosen] .lumbar-handout-item__dose input[type=text]", """inputs => inputs.map(i => ({
        value: i.value, placeholder: i.placeholder, label: i.labels[0].textContent,
        hint: document.getElementById(i.id + "-usual").textContent,
        described: i.getAttribute("aria-describedby").split(" ")}))""")
    assert [b["label"] for b in boxes] == ["Sets", "Repetitions", "Hold (seconds)", "Time (minutes)", "Rest (seconds)", "How often"]
    assert all(b["value"] == "" and b["placeholder"] == "" for b in boxes)
    reps = next(b for b in boxes if b["label"] == "Repetitions")
    assert reps["hint"] == f"Usual: {exercises['bird-dog'].dose.reps} on each side"
    assert all(b["hint"].startswith("Usual: ") for b in boxes)
    assert all(any(d.endswith("-usual") for d in b["described"]) for b in boxes)


WIDTHS = (320, 360, 375, 390)
TARGETS = """() => {
    // Every control of the builder: its own box, or for a tick box or a radio button the
    // label around it. (The link box shows only when copying fails.)
    const builder = document.querySelector("[data-lumbar-handout-builder]");
    return Array.from(builder.querySelectorAll("button, input, select, textarea, summary, a[href]"), el => el)
        .filter(el => !el.closest("[hidden]")).map(el => {
        const target = el.type === "checkbox" || el.type === "radio" ? el.closest("label") : el;
        const box = target.getBoundingClientRect();
        return {what: (el.id || el.textContent || el.outerHTML).trim().slice(0, 60), width: box.width, height: box.height};
    });
}"""


def test_fits_a_phone_with_targets_big_enough_to_touch(open_page: Callable[..., Any]) -> None:
    tab = open_handout(open_page, handout_query(["bridge:sets=3", "walking", "bird-dog"]))
    type_dose(tab, "bridge", "reps", "lots")  # an error message takes room too
    for exercise_id in ("walking", "bird-dog"):  # every box shown
        show_dose_boxes(tab, exercise_id)
    for width in (*WIDTHS, 1280):
        tab.set_viewport_size({"width": width, "height": 800})
        scroll, client = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{width} px: the page scrolls sideways ({scroll} > {client})"
        targets = tab.evaluate(TARGETS)
        assert len(targets) > 20
        small = [t for t in targets if t["width"] < 44 or t["height"] < 44]
        assert not small, f"{width} px: targets under 44 x 44 px: {small}"


LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize(("width", "height"), [(360, 800), (1280, 1600)])
def test_nothing_moves_while_the_page_loads(open_page: Callable[..., Any], site_url: str, width: int, height: int) -> None:
    """Cumulative layout shift under 0.1 (Lighthouse measured 0.14; a tall window showed 0.27
    before the handout kept its space while loading)."""
    tab = open_page(None, viewport={"width": width, "height": height})
    tab.add_init_script(LAYOUT_SHIFTS)
    tab.goto(f"{site_url}handout/?" + handout_query(["bridge", "walking", "bird-dog"]))
    tab.wait_for_selector("[data-lumbar-handout-builder][data-ready]")
    tab.wait_for_load_state("load")
    tab.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")
    shifts = tab.evaluate("window.__shifts")
    assert sum(shifts) < 0.1, shifts


def test_keyboard_alone_chooses_sets_a_dose_and_prints(open_page: Callable[..., Any]) -> None:
    tab = open_page("handout/")
    tab.wait_for_selector("[data-lumbar-handout-builder][data-ready]")
    tab.evaluate("window.print = () => { window.__printed = true; }")
    focused = "() => { const el = document.activeElement; const s = getComputedStyle(el); return {id: el.id, " \
              "text: el.textContent.trim(), tag: el.tagName, outline: s.outlineStyle !== 'none' && " \
              "parseFloat(s.outlineWidth) >= 2, labelled: el.labels ? el.labels.length > 0 : null}; }"

    def tab_to(test: Callable[[dict[str, Any]], bool], limit: int = 60) -> dict[str, Any]:
        for _ in range(limit):
            tab.keyboard.press("Tab")
            now = tab.evaluate(focused)
            if now["tag"] in ("INPUT", "SELECT", "BUTTON") and tab.evaluate(
                    "!!document.activeElement.closest('[data-lumbar-handout-builder]')"):
                assert now["outline"], f"no visible focus on {now}"
                if now["tag"] in ("INPUT", "SELECT"):
                    assert now["labelled"], f"no label for {now}"
            if test(now):
                return now
        raise AssertionError("not reached by Tab")

    tab_to(lambda f: f["id"] == "lumbar-handout-pick")
    tab.keyboard.type("Bridge")  # a focused select picks by typing its first letters
    assert tab.input_value("#lumbar-handout-pick") == "bridge"
    tab_to(lambda f: f["text"] == "Add to handout")
    tab.keyboard.press("Enter")
    tab.wait_for_selector(f"{SECTIONS}[data-exercise-id=bridge]")
    # The dose boxes are folded: Enter on "Change the amount" opens them.
    tab_to(lambda f: f["tag"] == "SUMMARY" and f["text"] == message_word("change_amount"))
    tab.keyboard.press("Enter")
    tab_to(lambda f: f["id"] == "lumbar-dose-bridge-reps")
    tab.keyboard.type("6 each side")
    tab.keyboard.press("Enter")
    assert ["Repetitions", "6 on each side"] in shown_dose(tab, "bridge")
    assert tab.evaluate("document.activeElement.id") == "lumbar-dose-bridge-reps"
    # Space ticks and unticks the box; the handout follows.
    tab_to(lambda f: f["id"] == "lumbar-dose-bridge-per_side")
    tab.keyboard.press("Space")
    assert ["Repetitions", "6"] in shown_dose(tab, "bridge")
    tab_to(lambda f: f["text"] == "Print handout")
    tab.keyboard.press("Enter")
    assert tab.evaluate("window.__printed") is True


def test_moving_and_removing_by_keyboard_keeps_the_focus(open_page: Callable[..., Any]) -> None:
    tab = open_handout(open_page, "ex=bridge&ex=walking")
    active = "() => [document.activeElement.closest('li')?.dataset.exerciseId, document.activeElement.textContent]"
    tab.focus("li[data-exercise-id=bridge] [data-action=down]")
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => location.search === '?ex=walking&ex=bridge'")
    assert tab.evaluate(active) == ["bridge", "Move up"]  # the same exercise, at its new place
    tab.keyboard.press("Space")
    tab.wait_for_function("() => location.search === '?ex=bridge&ex=walking'")
    assert tab.evaluate(active) == ["bridge", "Move down"]
    tab.focus("li[data-exercise-id=bridge] [data-action=remove]")
    tab.keyboard.press("Enter")
    assert tab.evaluate(active) == ["walking", "Walking"]  # the next exercise's name
    tab.focus("li[data-exercise-id=walking] [data-action=remove]")
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "lumbar-handout-pick"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_builder_in_use_has_no_wcag_violation(open_page: Callable[..., Any], axe_source: str, scheme: str) -> None:
    """test_accessibility checks the empty page; this checks the boxes, hints and an error."""
    tab = open_handout(open_page, handout_query(["bridge", "clamshell"]), color_scheme=scheme)
    type_dose(tab, "bridge", "reps", "lots")
    show_dose_boxes(tab, "clamshell")
    tab.fill("#lumbar-handout-patient", "Sam Lee")
    tab.fill("#lumbar-handout-note", "Little and often.")
    tab.press("#lumbar-handout-note", "Tab")
    tab.click("[data-lumbar-handout-share]")  # the link box, shown when the clipboard refuses
    violations = run_axe(tab, axe_source)
    assert not violations, describe_violations(f"handout builder in use ({scheme})", violations)


# ---- The patient's name and date, the whole handout's note, and each exercise's side and
# note (as `lumbar handout --patient --date --side --note`); the clinician's own details.

PATIENT = "Margaret O'Brien-Whitfield"
NOTE = "<script>window.__owned = 1</script> Hold & breathe"
HANDOUT_NOTE = "Little and often.\nCall us if the pain spreads."
STORED = """() => {
    const all = {};
    for (const store of [localStorage, sessionStorage]) {
        for (let i = 0; i < store.length; i++) all[(store === localStorage ? "local:" : "session:") + store.key(i)] = store.getItem(store.key(i));
    }
    return all;
}"""


def fill_in_a_patient(tab: Any) -> None:
    """A clinician's whole visit: their own details, the patient's, a side and notes."""
    if not tab.eval_on_selector("[data-lumbar-handout-clinician]", "d => d.open"):  # folded once known
        tab.click("[data-lumbar-handout-clinician] > summary")
    tab.fill("#lumbar-handout-clinician", "Alex Smith")
    tab.fill("#lumbar-handout-clinic", "Riverside Physio")
    tab.fill("#lumbar-handout-phone", "01234 567890")
    tab.press("#lumbar-handout-phone", "Tab")
    tab.fill("#lumbar-handout-patient", PATIENT)
    tab.press("#lumbar-handout-patient", "Tab")
    tab.fill("#lumbar-handout-date", "2025-03-14")
    tab.fill("#lumbar-handout-note", HANDOUT_NOTE)
    tab.press("#lumbar-handout-note", "Tab")
    tab.select_option("#lumbar-handout-side-clamshell", "left")
    tab.fill("#lumbar-handout-note-clamshell", NOTE)
    tab.press("#lumbar-handout-note-clamshell", "Enter")
    tab.press("#lumbar-handout-note-clamshell", "Tab")
    tab.wait_for_function("() => location.search.includes('side=clamshell=left')")


def printed(tab: Any) -> dict[str, Any]:
    tab.emulate_media(media="print")
    clamshell = f"{SECTIONS}[data-exercise-id=clamshell]"
    got = {
        "patient": tab.inner_text("[data-blank=patient] span"), "date": tab.inner_text("[data-blank=date] span"),
        "by": tab.inner_text("[data-blank=by] span"), "clinic": tab.inner_text(".lumbar-handout__clinic"),
        "handout note": tab.eval_on_selector(".lumbar-handout__handout-note p", "p => p.textContent"),
        "side": tab.inner_text(f"{clamshell} .lumbar-handout__side"),
        "note": tab.eval_on_selector(f"{clamshell} .lumbar-handout__note", "p => [p.textContent, p.children.length, p.firstChild.children.length]"),
        "walking": tab.locator(f"{SECTIONS}[data-exercise-id=walking] :is(.lumbar-handout__side, .lumbar-handout__note)").count(),
        "owned": tab.evaluate("window.__owned === undefined && !document.querySelector('[data-lumbar-handout-output] script')"),
    }
    tab.emulate_media(media="screen")
    return got


def test_the_patients_details_are_printed_but_never_put_in_the_address(
    open_page: Callable[..., Any], site_url: str
) -> None:
    from lumbar.content.dose_rules import PRINTED_SIDES

    tab = open_handout(open_page, handout_query(["clamshell", "walking"]))
    assert tab.get_attribute("[data-blank=patient] span", "aria-hidden") == "true"  # a line to write on
    assert tab.locator("#lumbar-handout-side-walking").count() == 0  # walking has no sides
    fill_in_a_patient(tab)
    want = {"patient": PATIENT, "date": "14 March 2025", "by": "Alex Smith", "clinic": "Riverside Physio Phone: 01234 567890",
            "handout note": HANDOUT_NOTE, "side": PRINTED_SIDES["left"], "note": [NOTE, 1, 0], "walking": 0,
            "owned": True}
    assert printed(tab) == want
    # The address holds the exercises, doses and side, and nothing about the person.
    assert tab.url == f"{site_url}handout/?ex=clamshell&ex=walking&side=clamshell=left"
    stored = tab.evaluate(STORED)
    assert not [key for key, value in stored.items() if "Margaret" in value or "Hold" in value or "Little" in value]
    # Opened again (a reload, the next visit): the exercises and side are there; the patient's
    # details are not, and the clinician's are (kept on this device for the next handout).
    tab.reload()
    tab.wait_for_selector("[data-lumbar-handout-builder][data-ready]")
    assert [tab.input_value(box) for box in ("#lumbar-handout-patient", "#lumbar-handout-date", "#lumbar-handout-note",
                                             "#lumbar-handout-note-clamshell")] == ["", "", "", ""]
    assert tab.input_value("#lumbar-handout-side-clamshell") == "left"
    assert tab.input_value("#lumbar-handout-clinician") == "Alex Smith"
    assert not tab.is_checked("#lumbar-handout-remember")
    # Unless the clinician asks: then they come back, on this device only, until "New patient".
    fill_in_a_patient(tab)
    tab.check("#lumbar-handout-remember")
    tab.reload()
    tab.wait_for_selector("[data-lumbar-handout-builder][data-ready]")
    assert tab.is_checked("#lumbar-handout-remember")
    assert printed(tab) == want
    assert "Margaret" not in tab.url
    # A bad side in an address is named in plain words, not applied.
    bad = open_handout(open_page, "ex=clamshell&ex=walking&side=clamshell=up&side=walking=left")
    assert message("link_side", name="Clamshell") in status(bad) and message("link_side", name="Walking") in status(bad)
    assert bad.locator(".lumbar-handout__side").count() == 0


def test_new_patient_leaves_nothing_of_the_last_patient_on_the_device(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_handout(open_page, handout_query(["clamshell:reps=6", "walking"]))
    fill_in_a_patient(tab)
    tab.check("#lumbar-handout-remember")
    tab.click("[data-lumbar-handout-share]")
    assert "Margaret" in " ".join(tab.evaluate(STORED).values())  # kept, as asked
    tab.click("[data-lumbar-handout-new]")
    # One step: the page, the address and both kinds of storage hold nothing of the patient.
    assert tab.url == f"{site_url}handout/"
    assert tab.evaluate("document.activeElement.id") == "lumbar-handout-patient"
    assert message_word("cleared") in status(tab)
    boxes = tab.eval_on_selector_all("[data-lumbar-handout-builder] :is(input, textarea)",
                                     "els => els.filter(e => !e.closest('[data-lumbar-handout-clinician]'))"
                                     ".map(e => e.type === 'checkbox' ? e.checked : e.type === 'radio' ? null : e.value)")
    assert [value for value in boxes if value not in ("", None, False)] == []
    assert tab.locator("[data-lumbar-handout-chosen] > li").count() == 0
    assert tab.locator(f"{SECTIONS}").count() == 0
    page_text = tab.inner_text("body")
    stored = " ".join(f"{key}={value}" for key, value in tab.evaluate(STORED).items())
    for trace in ("Margaret", "Hold & breathe", "Little and often", "clamshell", "14 March", "2025-03-14"):
        assert trace not in page_text and trace not in stored and trace not in tab.url, trace
    # The clinician's own details stay for the next patient.
    assert tab.input_value("#lumbar-handout-clinic") == "Riverside Physio"
    # Nor does a new visit bring any of it back.
    again = tab.context.new_page()
    again.goto(f"{site_url}handout/")
    again.wait_for_selector("[data-lumbar-handout-builder][data-ready]")
    assert again.locator("[data-lumbar-handout-chosen] > li").count() == 0
    assert again.input_value("#lumbar-handout-patient") == "" and not again.is_checked("#lumbar-handout-remember")


def test_the_share_link_carries_the_exercises_but_no_name_or_note(
    open_page: Callable[..., Any], site_url: str, exercises: dict[str, Exercise]
) -> None:
    tab = open_handout(open_page, handout_query(["clamshell:reps=6 each side", "walking"]),
                       permissions=["clipboard-read", "clipboard-write"])
    fill_in_a_patient(tab)
    tab.check("input[name=layout][value=one-per-page]")
    # Beside the button, in words: what the link holds and what it never does.
    assert tab.get_attribute("[data-lumbar-handout-share]", "aria-describedby") == "lumbar-handout-share-note"
    assert tab.inner_text("#lumbar-handout-share-note") == message_word("share_note")
    tab.click("[data-lumbar-handout-share]")
    tab.wait_for_function("document.querySelector('[data-lumbar-handout-status]').textContent.includes('Link copied')")
    link = tab.evaluate("navigator.clipboard.readText()")
    assert link == f"{site_url}handout/?ex=clamshell:reps=6,per_side=yes&ex=walking&side=clamshell=left&layout=one-per-page"
    for private in ("Margaret", "O'Brien", "Brien", "Hold", "breathe", "Little", "2025", "March", "Alex", "Riverside"):
        assert private not in unquote(link), private
    # Whoever opens it gets the same exercises, doses and side, and none of the details.
    other = open_page(link.removeprefix(site_url))
    other.wait_for_selector("[data-lumbar-handout-builder][data-ready]")
    assert shown(other) == expected(exercises, ["clamshell:reps=6 each side", "walking"], "one-per-page")
    assert other.inner_text(f"{SECTIONS}[data-exercise-id=clamshell] .lumbar-handout__side") == "Your left side only"
    assert other.input_value("#lumbar-handout-patient") == "" and other.locator(".lumbar-handout__note").count() == 0
    # Without a clipboard (a page opened from disk, a refusal) the link is shown to copy.
    plain = open_handout(open_page, "ex=walking")
    plain.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    plain.click("[data-lumbar-handout-share]")
    assert plain.is_visible("#lumbar-handout-link") and plain.evaluate("document.activeElement.id") == "lumbar-handout-link"
    assert plain.input_value("#lumbar-handout-link") == f"{site_url}handout/?ex=walking"


def test_a_side_is_offered_only_for_an_exercise_with_sides(open_page: Callable[..., Any], exercises: dict[str, Exercise]) -> None:
    ids = sorted(exercises)
    tab = open_handout(open_page, handout_query(ids))
    offered = set(tab.eval_on_selector_all("[data-lumbar-handout-chosen] select[id^=lumbar-handout-side-]",
                                           "selects => selects.map(s => s.id.replace('lumbar-handout-side-', ''))"))
    assert offered == {e.id for e in exercises.values() if e.sides}
    assert "walking" not in offered and "clamshell" in offered


def test_a_name_or_note_too_long_to_print_is_refused_not_cut(open_page: Callable[..., Any]) -> None:
    """The boxes had a maxlength, and a browser cuts pasted text to it without a word; the
    builder now reads them as `lumbar handout --patient --note` does (the rulebook's limits,
    dose_rules.PERSONAL_LIMITS): at the limit it prints whole, one more is refused and named."""
    from lumbar.content.dose_rules import PERSONAL_LIMITS

    tab = open_handout(open_page, handout_query(["bridge"]))
    blank = "[data-lumbar-handout-output] [data-blank=patient] span"
    fits = ("WMWMWMWM " * 10)[:PERSONAL_LIMITS["patient"]]
    tab.fill("#lumbar-handout-patient", fits)
    tab.press("#lumbar-handout-patient", "Tab")
    assert tab.inner_text(blank) == fits and tab.get_attribute("#lumbar-handout-patient", "aria-invalid") == "false"
    tab.fill("#lumbar-handout-patient", fits + "W")
    tab.press("#lumbar-handout-patient", "Tab")
    assert tab.input_value("#lumbar-handout-patient") == fits + "W"  # not cut
    assert tab.get_attribute("#lumbar-handout-patient", "aria-invalid") == "true"
    assert message("too_long", name="patient", limit=PERSONAL_LIMITS["patient"]) in status(tab)
    assert tab.inner_text(blank) == fits  # the handout keeps the last name that fits
    long_note = "N" * (PERSONAL_LIMITS["note"] + 1)
    tab.fill("#lumbar-handout-note-bridge", long_note)
    tab.press("#lumbar-handout-note-bridge", "Tab")
    assert tab.input_value("#lumbar-handout-note-bridge") == long_note
    assert "bridge: " + message("too_long", name="note", limit=PERSONAL_LIMITS["note"]) in status(tab)
    assert tab.locator(f"{SECTIONS}[data-exercise-id=bridge] .lumbar-handout__note").count() == 0


# ---- Printed from the browser: four exercises on two pages, readable, numbered.

def _tallest_four() -> list[str]:
    """The four exercises whose compact panels are tallest (as the compact PDF lays them out)."""
    from lumbar.cache import BuildCache
    from lumbar.printing.handout_compact import panel_height
    from lumbar.printing.layout import paper
    from lumbar.services import choose

    items = choose(catalogue(), [e.id for e in catalogue().exercises], BuildCache(ROOT))
    return [item.exercise.id for item in sorted(items, key=lambda item: -panel_height(item, paper("a4")))[:4]]


def test_four_exercises_print_on_two_pages_with_the_safety_advice_after(
    open_page: Callable[..., Any], exercises: dict[str, Exercise]
) -> None:
    """The compact layout, as Chromium prints it with the clinician's and the patient's
    details filled in: the print review's four and the four tallest on A4, the review's four
    on US Letter, each take two pages of exercises (each exercise whole on one page), then
    the safety advice; the text is 11 pt with the stop lines as large, nothing overlaps, and
    every page is numbered."""
    import pdfplumber

    from tests.printing.test_print_pdfs import overlaps

    safety_title = " ".join(catalogue().safety.title.split())
    for paper, four in (("A4", ["bridge", "bird-dog", "cat-camel", "walking"]), ("A4", _tallest_four()),
                        ("Letter", ["bridge", "bird-dog", "cat-camel", "walking"])):
        tab = open_handout(open_page, handout_query(four))
        tab.check(f"input[name=paper][value={paper.lower()}]")  # the paper the printer holds
        tab.fill("#lumbar-handout-clinician", "Alex Smith")
        tab.fill("#lumbar-handout-clinic", "Riverside Physiotherapy Clinic")
        tab.fill("#lumbar-handout-phone", "01234 567890")
        tab.fill("#lumbar-handout-patient", PATIENT)
        tab.fill("#lumbar-handout-note", HANDOUT_NOTE)
        tab.press("#lumbar-handout-note", "Tab")
        tab.wait_for_load_state("load")
        with pdfplumber.open(io.BytesIO(tab.pdf(format=paper))) as document:
            texts = [" ".join((page.extract_text() or "").split()) for page in document.pages]
            holders = [n for n, text in enumerate(texts) if "Tick a box each day" in text]
            assert holders == [0, 1], (paper, four, [t[:60] for t in texts])
            assert texts[2].startswith(safety_title), (paper, four, texts[2][:60])
            for number, text in enumerate(texts, 1):
                assert text.endswith(f"Page {number} of {len(texts)}"), (paper, number, text[-30:])
            for page in document.pages:
                # Words, not characters: Chromium kerns ("Yo", "fo"), so the boxes of two
                # letters of one word may overlap; two words never should.
                assert not overlaps(page.extract_words()), (paper, four)
            for exercise_id in four:
                exercise = exercises[exercise_id]
                page = next(document.pages[n] for n in holders if exercise.name in texts[n])
                words = page.extract_words(extra_attrs=["size"])
                sizes = {w["text"]: round(w["size"], 1) for w in words}
                text = " ".join(w["text"] for w in words)
                for step in exercise.steps:  # whole, on the exercise's own page
                    assert " ".join(step.split()[-2:]) in text, (paper, exercise_id, step)
                for line in exercise.stop_if:
                    last = line.split()[-1]
                    assert sizes.get(last, 0) >= 11.0 - 0.1, (paper, exercise_id, last, sizes.get(last))
                assert sizes[exercise.steps[0].split()[0]] >= 11.0 - 0.1


# ---- Without JavaScript, every way to the builder says what to print instead.

def test_without_javascript_the_builder_and_its_buttons_say_what_to_print_instead(
    open_page: Callable[..., Any], site_url: str, built_site: Path
) -> None:
    from lumbar.paths import PAPER_NAMES

    visible = "el => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0"
    exercise = open_page("exercises/bridge/", java_script_enabled=False)
    assert not exercise.eval_on_selector("a[data-lumbar-add]", visible)
    assert "print this exercise's card" in exercise.inner_text(".lumbar-noscript")
    buttons = exercise.eval_on_selector_all(".lumbar-print-actions a:not(.lumbar-needs-js)",
                                            "links => links.map(a => a.textContent)")
    assert buttons == [f"Print card: {name}" for name in PAPER_NAMES.values()]
    programme = open_page("programmes/starter/", java_script_enabled=False)
    assert not programme.eval_on_selector("a[href*='programme=starter']", visible)
    assert "print the whole programme" in programme.inner_text(".lumbar-noscript")
    links = programme.eval_on_selector_all(".lumbar-print-actions a", "links => links.map(a => a.textContent)")
    assert [f"Print this programme: {name}" for name in PAPER_NAMES.values()] == links[:2]
    builder = open_page("handout/", java_script_enabled=False)
    assert not builder.eval_on_selector("[data-lumbar-handout-builder]", visible)
    assert not builder.eval_on_selector("[data-lumbar-handout]", visible)
    told = builder.inner_text(".lumbar-noscript")
    assert "needs JavaScript" in told and "Choose exercises" not in builder.inner_text("article")
    # Every way out it names exists: the exercises (each with its card) and the programme PDFs.
    hrefs = builder.eval_on_selector_all(".lumbar-noscript a", "links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) >= 1 + 2 * len(catalogue().programmes)
    for href in hrefs:
        target = (built_site / "handout" / href).resolve()
        assert (target / "index.html").exists() or target.is_file(), href
    # With JavaScript on, none of the notes shows and the builder does.
    on = open_handout(open_page, "ex=bridge")
    assert not on.locator(".lumbar-noscript").count() or not on.eval_on_selector(".lumbar-noscript", visible)
    assert on.eval_on_selector("[data-lumbar-handout-builder]", visible)
