"""The emergency banner on a phone (issue 19): its signs are body-size text and 999 is a
tap-to-call button; the exercise index filters the exercises that can be done on a firm bed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_the_banner_signs_are_body_size_and_999_is_a_44px_call_button(open_page: Callable[..., Any]) -> None:
    tab = open_page("", **PHONE)
    tab.click("details.lumbar-banner-flags summary")
    sizes = tab.evaluate("""() => ({
        signs: [...document.querySelectorAll('.lumbar-banner-flags li')].map(e => parseFloat(getComputedStyle(e).fontSize)),
        body: parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset p')).fontSize),
    })""")
    assert sizes["signs"] and min(sizes["signs"]) >= sizes["body"], sizes
    call = tab.locator(".lumbar-disclaimer a[href='tel:999']")
    box = call.bounding_box()
    assert call.inner_text() == "999" and box["height"] >= 44 and box["width"] >= 44, box


def test_the_bed_filter_lists_only_exercises_for_a_firm_bed(open_page: Callable[..., Any]) -> None:
    tab = open_page("exercises/?bed=firm-bed", **PHONE)
    shown = tab.evaluate("""() => [...document.querySelectorAll('.lumbar-card:not([hidden])')]
        .map(card => card.dataset.bed || '')""")
    total = tab.evaluate("() => document.querySelectorAll('.lumbar-card').length")
    assert len(shown) >= 10 and set(shown) == {"firm-bed"} and len(shown) < total
