"""The in-browser handout builder, in headless Chromium: the address alone decides the
handout (same spelling and result as `lumbar handout`), edits go back into the address,
"Add to handout" collects exercises across pages, and it works opened from disk."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from lumbar.content.catalogue import Catalogue, load_catalogue
from lumbar.content.dose_rules import TYPED_HELP
from lumbar.content.models import Exercise
from lumbar.content.rulebook import message
from lumbar.content.text import dose_rows, stop_lines
from lumbar.printing.selection import MAX_RECOMMENDED, handout_query, resolve
from tests.browser.conftest import PageWatch
from tests.browser.helpers import describe_violations, run_axe
from tests.conftest import ROOT

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


def expected(exercises: dict[str, Exercise], specs: list[str]) -> list[dict[str, Any]]:
    """What `lumbar handout` would print for the same selection."""
    return [{
        "id": item.exercise.id,
        "name": item.exercise.name,
        "steps": list(item.exercise.steps),
        "dose": [list(row) for row in dose_rows(item.dose)],
        "stop": stop_lines(item.exercise, catalogue().safety),
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


def test_builder_makes_the_same_handout_as_the_command_line(
    open_page: Callable[..., Any], site_url: str, exercises: dict[str, Exercise]
) -> None:
    specs = ["bridge:sets=2,reps=10", "bird-dog:how_often=Twice a day", "walking"]
    query = handout_query(specs)
    tab = open_handout(open_page, query)
    assert shown(tab) == expected(exercises, specs)
    # The cover lists the same exercises in the same order, and the address is unchanged.
    cover = tab.eval_on_selector_all(".lumbar-handout__cover ol li", "items => items.map(i => i.textContent)")
    assert cover == [exercises[s.split(":")[0]].name for s in specs]
    assert tab.url == f"{site_url}handout/?{query}"
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


def test_mistakes_in_the_address_are_reported_not_fatal(open_page: Callable[..., Any], site_url: str) -> None:
    tab = open_handout(open_page, "ex=nope&ex=bridge:foo=1&ex=walking:reps=lots&ex=bridge")
    assert [s["id"] for s in shown(tab)] == ["bridge", "walking"]
    text = status(tab)
    assert message("unknown_exercise", id="nope", hint="") in text  # as `lumbar handout` says it
    assert "unknown dose field 'foo'" in text  # the wording of lumbar.content.dose_rules
    assert f"walking: reps: Type {TYPED_HELP['reps']}." in text  # as `lumbar handout` says it
    assert message("chosen_twice", id="bridge") in text
    assert tab.url == f"{site_url}handout/?ex=bridge&ex=walking"


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


def test_printing_the_handout_gives_cover_exercises_and_red_flags_only(
    open_page: Callable[..., Any], exercises: dict[str, Exercise]
) -> None:
    ids = ["bridge", "bird-dog", "walking"]
    tab = open_handout(open_page, handout_query(ids))
    for paper in ("A4", "Letter"):
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(tab.pdf(format=paper))).pages]
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
        for chrome in ("Add to handout", "Print handout", "Choose an exercise", "Make a handout", "Skip to content"):
            assert chrome not in everything, (paper, chrome)


def test_builder_works_from_disk(browser: Any, offline_site: Path, exercises: dict[str, Exercise]) -> None:
    root = offline_site.as_uri() + "/"
    watch = PageWatch({"file"})
    tab = watch.new_page(browser)
    try:
        specs = ["walking:minutes=20", "bridge"]
        tab.goto(f"{root}handout.html?{handout_query(specs)}")
        tab.wait_for_selector(SECTIONS)
        assert shown(tab) == expected(exercises, specs)
        link = tab.get_attribute(f"{SECTIONS}[data-exercise-id=walking] .lumbar-handout__online a", "href")
        assert link == "exercises/walking.html"
        assert (offline_site / link).exists()
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
    // Every control of the builder: its own box, or for a tick box the label around it.
    const builder = document.querySelector("[data-lumbar-handout-builder]");
    return Array.from(builder.querySelectorAll("button, input, select, a[href]"), el => {
        const target = el.type === "checkbox" ? el.closest("label") : el;
        const box = target.getBoundingClientRect();
        return {what: (el.id || el.textContent || el.outerHTML).trim().slice(0, 60), width: box.width, height: box.height};
    });
}"""


def test_fits_a_phone_with_targets_big_enough_to_touch(open_page: Callable[..., Any]) -> None:
    tab = open_handout(open_page, handout_query(["bridge:sets=3", "walking", "bird-dog"]))
    type_dose(tab, "bridge", "reps", "lots")  # an error message takes room too
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
    tab = open_handout(open_page, handout_query(["bridge", "bird-dog"]), color_scheme=scheme)
    type_dose(tab, "bridge", "reps", "lots")
    violations = run_axe(tab, axe_source)
    assert not violations, describe_violations(f"handout builder in use ({scheme})", violations)


# ---- The patient's name and date, and each exercise's side and note (as `lumbar handout
# --patient --date --side --note`).

def test_patient_date_side_and_note_are_printed_and_kept_in_the_address(
    open_page: Callable[..., Any], site_url: str
) -> None:
    from lumbar.content.dose_rules import PRINTED_LABELS, PRINTED_SIDES

    tab = open_handout(open_page, handout_query(["clamshell", "walking"]))
    blank = "[data-lumbar-handout-output] [data-blank={}] span"
    assert tab.get_attribute(blank.format("patient"), "aria-hidden") == "true"  # a line to write on
    tab.fill("#lumbar-handout-patient", "Sam Lee")
    tab.press("#lumbar-handout-patient", "Tab")
    tab.fill("#lumbar-handout-date", "2025-03-14")
    assert tab.locator("#lumbar-handout-side-walking").count() == 0  # walking has no sides
    tab.select_option("#lumbar-handout-side-clamshell", "left")
    note = "<script>window.__owned = 1</script> Hold & breathe"
    tab.fill("#lumbar-handout-note-clamshell", note)
    tab.press("#lumbar-handout-note-clamshell", "Enter")
    tab.press("#lumbar-handout-note-clamshell", "Tab")
    tab.wait_for_function("() => location.hash.includes('note=clamshell=')")

    def printed(tab: Any) -> dict[str, Any]:
        tab.emulate_media(media="print")
        clamshell = f"{SECTIONS}[data-exercise-id=clamshell]"
        got = {
            "patient": tab.inner_text(blank.format("patient")), "date": tab.inner_text(blank.format("date")),
            "side": tab.inner_text(f"{clamshell} .lumbar-handout__side"),
            "note": tab.eval_on_selector(f"{clamshell} .lumbar-handout__note", "p => [p.textContent, p.children.length, p.firstChild.children.length]"),
            "walking": tab.locator(f"{SECTIONS}[data-exercise-id=walking] :is(.lumbar-handout__side, .lumbar-handout__note)").count(),
            "headings": tab.eval_on_selector_all(f"{clamshell} h3", "hs => hs.map(h => h.textContent)"),
            "owned": tab.evaluate("window.__owned === undefined && !document.querySelector('[data-lumbar-handout-output] script')"),
        }
        tab.emulate_media(media="screen")
        return got

    want = {"patient": "Sam Lee", "date": "14 March 2025", "side": PRINTED_SIDES["left"],
            "note": [note, 1, 0], "walking": 0, "owned": True}
    first = printed(tab)
    assert {k: v for k, v in first.items() if k != "headings"} == want
    assert PRINTED_LABELS["side"] in first["headings"] and PRINTED_LABELS["note"] in first["headings"]
    query, personal = tab.url.split("?", 1)[1].split("#", 1)
    # The patient's details go after "#", which the browser never sends to the server.
    assert "patient" not in query and "note" not in query
    assert "patient=Sam%20Lee" in personal and "date=2025-03-14" in personal and "side=clamshell=left" in personal
    assert "note=clamshell=%3Cscript%3E" in personal  # escaped in the address
    # The saved address alone reopens the same handout, boxes filled in.
    fresh = open_handout(open_page, f"{query}#{personal}")
    assert {k: v for k, v in printed(fresh).items() if k != "headings"} == want
    assert fresh.input_value("#lumbar-handout-patient") == "Sam Lee"
    assert fresh.input_value("#lumbar-handout-date") == "2025-03-14"
    assert fresh.input_value("#lumbar-handout-side-clamshell") == "left"
    assert fresh.input_value("#lumbar-handout-note-clamshell") == note
    # A bad side or date in an address is named, not applied.
    bad = open_handout(open_page, "ex=clamshell&ex=walking#side=clamshell=up&side=walking=left&date=2025-02-31")
    assert "side must be left, right or both" in status(bad) and "the date must look like" in status(bad)
    assert message("no_sides", id="walking") in status(bad)
    assert bad.locator(".lumbar-handout__side").count() == 0


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
