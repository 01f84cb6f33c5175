"""Helpers shared by the browser tests: Material's search box and axe-core."""

from __future__ import annotations

from typing import Any

SEARCH_INPUT = "input.md-search__input"
# One item per page; its first link is the page itself, sections follow in <details>.
RESULT_PAGES = ".md-search-result__list > .md-search-result__item > a.md-search-result__link"

# Counts the queries Material posts to its search worker and the answers it gets back, so a
# test can tell the answer to the whole query from the answer to a partly typed one. The
# message types are Material 9's (QUERY = 2, RESULT = 3; the worker answers every query).
SEARCH_PROBE = """
(() => {
  if (window.__lumbarSearch) return;
  const probe = window.__lumbarSearch = {sent: [], answered: 0};
  const watched = Base => Base && class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", event => {
        if (event.data && event.data.type === 3) probe.answered += 1;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) probe.sent.push(message.data);
      return super.postMessage(message, ...rest);
    }
  };
  // Opened from disk, the iframe-worker shim replaces window.Worker after this runs:
  // whatever is assigned is watched too.
  let current = watched(window.Worker);
  Object.defineProperty(window, "Worker", {
    configurable: true, get: () => current, set: value => { current = watched(value); },
  });
})();
"""

# WCAG 2.2 levels A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def search(page: Any, query: str, root: str) -> list[str]:
    """Enter ``query`` into Material's search box (opened with the "/" key) and return the
    result pages in order, as paths relative to the site's ``root`` URL, without the ``?h=``
    highlight parameter. Waits until the search worker has answered the whole query (the page
    must have been opened with :data:`SEARCH_PROBE`, as ``PageWatch.new_page`` does).
    """
    page.keyboard.press("/")
    box = page.locator(SEARCH_INPUT)
    assert box.evaluate("el => el === document.activeElement"), "the / key did not focus the search box"
    # The whole query at once, then a key that changes nothing: Material searches on keyup,
    # so this is one search, where typing would run one for every partial word (the answer
    # to the last key is the same either way; typing costs most of the suite's search time).
    box.fill(query)
    box.press("End")
    # Done when the worker has answered every query sent and the last one sent is the whole
    # query: the results shown are then the answer to it, not to a partly typed prefix.
    page.wait_for_function(
        """([selector, query]) => {
            const probe = window.__lumbarSearch;
            const meta = document.querySelector(".md-search-result__meta");
            return probe && document.querySelector(selector).value === query
                && probe.sent.at(-1) === query && probe.answered === probe.sent.length
                && meta && !/Initializing/i.test(meta.textContent);
        }""",
        arg=[SEARCH_INPUT, query],
    )
    # Material appends the first results in the same task as the answer; one frame more
    # lets any later layout settle before reading.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    links = page.eval_on_selector_all(RESULT_PAGES, "links => links.map(a => a.href)")
    return distinct_pages([url.removeprefix(root) for url in links])


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
