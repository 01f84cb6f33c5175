"""The core renders pages without MkDocs, and escapes untrusted text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lumbar.cache import BuildCache
from lumbar.content.catalogue import load_catalogue
from lumbar.paths import CACHE_DIR, GALLERY_PAGE, NAV_PAGES, PAIN_PAGE
from lumbar.publish.pages import (
    TemplateProblem,
    page_path,
    render_pages,
    safe_block,
    safe_text,
)
from tests.conftest import ROOT


def test_core_renders_a_page_per_entry_plus_indexes() -> None:
    catalogue = load_catalogue(ROOT)
    pages = render_pages(catalogue, ROOT / "templates" / "pages")
    expected = {page_path(item.entry) for item in catalogue.entries.values()}
    assert set(pages) == expected | NAV_PAGES | {PAIN_PAGE, GALLERY_PAGE}
    bridge = pages["exercises/bridge.md"]
    assert bridge.startswith("---\ntitle: \"Bridge\"\n")
    # The heading is the name alone (search results show it as the title); an exercise's
    # aliases are shown under it as the names a reader knows it by.
    assert "\n# Bridge { #bridge }\n" in bridge
    assert "Also called: Hip bridge, Pelvic lift, Bridging, Glute bridge" in bridge


def test_core_does_not_import_mkdocs() -> None:
    code = (
        "import sys; from pathlib import Path; from lumbar.content.catalogue import load_catalogue; "
        "from lumbar.publish.pages import render_pages; "
        f"render_pages(load_catalogue(Path({str(ROOT)!r})), Path({str(ROOT)!r}) / 'templates' / 'pages'); "
        "import lumbar.printing.cards, lumbar.printing.handout, lumbar.figures, lumbar.publish.print_files, lumbar.publish.export, lumbar.content.schema; "
        "assert not any(m.split('.')[0] in ('mkdocs', 'material') for m in sys.modules), 'mkdocs imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_escaping_neutralises_html_attributes_and_script_links() -> None:
    assert safe_block("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "{" not in safe_block("Text { onclick=alert(1) }")
    neutralised = safe_block("[x](javascript:alert(1))")
    assert neutralised.startswith("[x](#)") and "javascript" not in neutralised
    assert safe_block("[NHS](https://www.nhs.uk/)") == "[NHS](https://www.nhs.uk/)"
    assert safe_text("a\nb | c") == "a b &#124; c"


def test_template_error_names_its_line_when_the_template_comes_compiled_from_the_cache(tmp_path: Path) -> None:
    templates = tmp_path / "pages"
    shutil.copytree(ROOT / "templates" / "pages", templates)
    lines = (templates / "faq.md.j2").read_text().splitlines()
    lines[4] = "{{ e.no_such_field }}"  # fails when rendered, not when compiled
    (templates / "faq.md.j2").write_text("\n".join(lines) + "\n")
    catalogue = load_catalogue(ROOT)
    for _ in range(2):  # compiled, then read back compiled
        with pytest.raises(TemplateProblem, match=r"faq\.md\.j2:5: template error: .*no_such_field"):
            render_pages(catalogue, templates, cache=BuildCache(tmp_path))
    assert len(list((tmp_path / CACHE_DIR / "templates").rglob("*.jinja"))) > 1


@pytest.mark.parametrize(("directory_urls", "ending"), [(True, "exercises/bird-dog/"), (False, "exercises/bird-dog.html")])
def test_builder_prints_each_exercise_address_as_the_cards_do(directory_urls: bool, ending: str) -> None:
    # The builder's printed address and the card's QR code come from one rule
    # (Settings.public_url), which follows use_directory_urls.
    from lumbar.paths import EXERCISE
    from lumbar.publish.handout_page import handout_data
    from lumbar.publish.settings import Settings

    settings = Settings.from_mapping(ROOT / "mkdocs.yml", {"site_url": "https://clinic.github.io/back/",
                                                           "use_directory_urls": directory_urls}, {})
    data = handout_data(load_catalogue(ROOT), settings)
    [bird_dog] = [e for e in data["exercises"] if e["id"] == "bird-dog"]
    assert bird_dog["url"] == "https://clinic.github.io/back/" + ending == settings.public_url(EXERCISE.page("bird-dog"))
