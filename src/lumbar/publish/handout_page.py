"""The in-browser handout builder page: Markdown with the exercise data embedded as JSON.

Everything the page needs is inside it (no fetch), so it works offline, from ``file://``
and on any static host. The scripts that read the data are
``templates/overrides/assets/javascripts/lumbar-rulebook.js`` (the rules, the twin of
``lumbar.content.rulebook``) and ``lumbar-handout.js`` (the page behaviour).
"""

from __future__ import annotations

import json
from typing import Any

from lumbar.content import dose_rules
from lumbar.content.catalogue import Catalogue
from lumbar.content.models import Exercise
from lumbar.content.safety import LEVEL_STYLE
from lumbar.content.text import (
    DISCLAIMER,
    general_stop_lines,
    plain_text,
    review_note,
    stop_lines,
)
from lumbar.paths import (
    EXERCISE,
    HANDOUT_PAGE,
    PAPER_NAMES,
    PAPERS,
    SAFETY_PAGE,
    card_path,
    figure_path,
    markdown_link,
    programme_pdf_path,
    qr_path,
    relative_url,
)
from lumbar.printing import HANDOUT_LAYOUTS
from lumbar.printing.handout_compact import LOG_WEEKS
from lumbar.printing.selection import MAX_RECOMMENDED
from lumbar.publish.pages import build_environment
from lumbar.publish.settings import Settings

TEMPLATE = "handout.md.j2"
# The printout's page, set by the builder (lumbar-handout.js fills it in, as str.format does):
# the paper the clinician chose (a CSS page size, named as lumbar.paths.PAPERS are), and at the
# foot of every page the site with the disclaimer and "Page 1 of 3", as the PDF handouts have.
PAGE_RULE = ("@media print {{ @page {{ size: {paper}; margin: 10mm 10mm 14mm; "
             "@bottom-left {{ content: {footer}; font: 9pt 'Atkinson Hyperlegible', sans-serif; }} "
             "@bottom-right {{ content: {counter}; font: 9pt 'Atkinson Hyperlegible', sans-serif; }} }} }}")


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``</script>``, ``<!--`` and HTML entities cannot occur once ``<``, ``>`` and ``&`` are
    escaped; U+2028/2029 are escaped because older JavaScript parsers treat them as newlines.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _link(target: str, directory_urls: bool) -> str:
    """A link from the handout page to a docs path (a page or a file), as the browser needs it."""
    return relative_url(HANDOUT_PAGE, target, directory_urls)


def _pictures(exercise: Exercise, directory_urls: bool) -> list[dict[str, str | int]]:
    """The exercise's figures (start and end), as published by the site build. Their width
    and height (px) let the browser keep the pictures' space before they load."""
    if getattr(exercise, "figure", None) is None:
        return []
    from lumbar.figures import WHICH, alt_text
    from lumbar.figures.draw import HEIGHT, WIDTH

    return [{"src": _link(figure_path(exercise.id, which), directory_urls), "alt": alt_text(exercise, which),
             "width": int(WIDTH), "height": int(HEIGHT)}
            for which in WHICH]


def handout_data(catalogue: Catalogue, settings: Settings) -> dict[str, Any]:
    """Everything the builder script needs, as plain JSON-able data. The clinic's name and
    phone (mkdocs.yml ``extra: lumbar: clinic:``) head the printed handout; empty ones print
    nothing. Exercise addresses follow ``Settings.public_url``, as on cards."""
    directory_urls = settings.directory_urls
    exercises = []
    for e in sorted(catalogue.exercises, key=lambda x: x.name.lower()):
        exercises.append({
            "id": e.id,
            "name": plain_text(e.name),
            "page": _link(EXERCISE.page(e.id), directory_urls),
            "url": settings.public_url(EXERCISE.page(e.id)),  # "" for a placeholder: no dead QR code
            "card": _link(card_path(e.id, PAPERS[0]), directory_urls),
            "qr": _link(qr_path(e.id), directory_urls),
            "pictures": _pictures(e, directory_urls),
            "startingPosition": plain_text(e.starting_position),
            "steps": [plain_text(step) for step in e.steps],
            "dose": e.dose.model_dump(mode="json"),
            "sides": e.sides,  # a side to choose only where the exercise has sides
            "feel": plain_text(e.feel),
            "stopIf": stop_lines(e, catalogue.safety),
            "reviewNote": review_note(e.review) or "",
        })
    return {
        "programmes": programme_starts(catalogue),
        "siteName": settings.site_name,
        # The clinic of the site's settings: the clinician's own boxes (kept on their device) win.
        "clinic": {"name": settings.clinic.name, "phone": settings.clinic.phone},
        "layouts": list(HANDOUT_LAYOUTS),
        "papers": list(PAPERS),
        "logWeeks": LOG_WEEKS,
        "pageRule": PAGE_RULE,
        "maxRecommended": MAX_RECOMMENDED,
        "rules": dose_rules.as_json(),
        "generalStop": general_stop_lines(catalogue.safety),
        "disclaimer": DISCLAIMER,
        "exercises": exercises,
    }


def programme_starts(catalogue: Catalogue) -> dict[str, list[str]]:
    """For each programme, its first stage as a handout selection: ``["walking:minutes=10 to 15,
    how_often=Twice a day", ...]`` (the ``?ex=`` spelling). The handout page's
    ``?programme=<id>`` starts from it.

    The stage's dose fields override the exercise's own; a field the stage leaves out keeps the
    exercise's value, since a selection can change a field but not remove it. A comma inside a
    value stays: the selection reader keeps a comma not followed by ``field=``.
    """
    starts: dict[str, list[str]] = {}
    for programme in catalogue.programmes:
        specs = []
        for item in programme.stages[0].exercises:
            if item.dose is None:
                specs.append(item.exercise)
                continue
            fields = item.dose.model_dump(exclude_none=True)
            yes, no = dose_rules.YES_WORDS[0], dose_rules.NO_WORDS[0]
            pairs = [f"{name}={yes if value is True else no if value is False else value}"
                     for name, value in fields.items()]
            specs.append(f"{item.exercise}:{','.join(pairs)}")
        starts[programme.id] = specs
    return starts


def render_handout_page(catalogue: Catalogue, settings: Settings) -> str:
    """The builder page's Markdown (rendered with the same escaping filters as other pages).

    Its printable safety section is rendered from ``catalogue.safety`` (content/safety.yml);
    the clinic (``lumbar.publish.settings.Clinic``'s name and phone) goes into the page data.
    """
    env = build_environment(settings.templates, phones=catalogue.safety.phone_numbers)
    data = handout_data(catalogue, settings)
    directory_urls = settings.directory_urls
    # Without JavaScript the page links what prints without it: every programme's PDF.
    programmes = [{"title": plain_text(p.title),
                   "pdfs": [{"name": PAPER_NAMES[paper], "href": _link(programme_pdf_path(p.id, paper), directory_urls)}
                            for paper in PAPERS]}
                  for p in catalogue.programmes]
    return env.get_template(TEMPLATE).render(
        exercises=data["exercises"],
        max_recommended=MAX_RECOMMENDED,
        safety=catalogue.safety,
        level_style=LEVEL_STYLE,
        plain=plain_text,
        safety_note=review_note(catalogue.safety.review),
        paths_safety=markdown_link(HANDOUT_PAGE, SAFETY_PAGE),
        exercises_link=_link(EXERCISE.index, directory_urls),
        programmes=programmes,
        input_help=dose_rules.INPUT_HELP,
        labels=dose_rules.PERSONAL_LABELS,
        builder=dose_rules.BUILDER_WORDS,
        printed=dose_rules.PRINTED_WORDS,
        layouts=HANDOUT_LAYOUTS,
        papers=PAPER_NAMES,
        data_json=script_json(data),
    )
