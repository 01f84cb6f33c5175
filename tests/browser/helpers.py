"""Helpers shared by the browser tests: Material's search box and axe-core."""

from __future__ import annotations

from typing import Any

SEARCH_INPUT = "input.md-search__input"
# One item per page; its first link is the page itself, sections follow in <details>.
RESULT_PAGES = ".md-search-result__list > .md-search-result__item > a.md-search-result__link"

# WCAG 2.2 levels A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def search(page: Any, query: str, root: str) -> list[str]:
    """Type ``query`` into Material's search box (opened with the "/" key) and return the
    result pages in order, as paths relative to the site's ``root`` URL, without the ``?h=``
    highlight parameter. Waits until search is ready and the results have stopped changing.
    """
    page.keyboard.press("/")
    box = page.locator(SEARCH_INPUT)
    assert box.evaluate("el => el === document.activeElement"), "the / key did not focus the search box"
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(
        """([selector, query]) => {
            const meta = document.querySelector(".md-search-result__meta");
            return document.querySelector(selector).value === query && meta
                && !/Initializing/i.test(meta.textContent);
        }""",
        arg=[SEARCH_INPUT, query],
    )
    # Results update as each key arrives: wait for the list to be stable for 300 ms.
    previous: list[str] | None = None
    stable = 0
    for _ in range(100):
        page.wait_for_timeout(50)
        current = page.eval_on_selector_all(RESULT_PAGES, "links => links.map(a => a.href)")
        if current == previous:
            stable += 1
            if stable >= 6:
                break
        else:
            previous, stable = current, 0
    return distinct_pages([url.removeprefix(root) for url in previous or []])


def distinct_pages(paths: list[str]) -> list[str]:
    """Result paths without query strings or anchors, first occurrence kept."""
    return list(dict.fromkeys(p.split("?")[0].split("#")[0] for p in paths))


def run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """Inject axe-core into ``page`` and return its WCAG 2.2 A/AA violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }""",
        WCAG_TAGS,
    )


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    """A failure message naming the page, each rule and the first few nodes."""
    lines = [f"{where}: {len(violations)} WCAG 2.2 A/AA violation(s)"]
    for v in violations:
        lines.append(f"  rule {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    - {node['target']}: {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more nodes")
    return "\n".join(lines)
