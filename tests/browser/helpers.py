"""Helpers shared by the browser tests: either engine's search box, and axe-core."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from lumbar.engines import MKDOCS, ZENSICAL

# Where each engine writes its search index, and the script form an offline build loads
# from disk (a file:// page cannot fetch JSON).
SEARCH_INDEX = {MKDOCS: "search/search_index.json", ZENSICAL: "search.json"}
OFFLINE_SEARCH_INDEX = {MKDOCS: "search/search_index.js", ZENSICAL: "search.js"}

# The search box of either engine: Material's input in the page, or the combobox of Zensical's
# search dialog (in a shadow root, which OPEN_SHADOW_ROOTS makes reachable).
SEARCH_INPUT = "input.md-search__input, input[role=combobox][aria-label=Search]"
# One item per page; its first link is the page itself, sections follow in <details>.
RESULT_PAGES = ".md-search-result__list > .md-search-result__item > a.md-search-result__link"

# Zensical draws its search dialog in a shadow root: open in the pinned 0.0.73, closed in
# later releases of its interface, which no script (Playwright's selectors and axe-core
# included) could enter. For tests, every shadow root is opened, so the dialog is driven and
# checked like the rest of the page whichever release builds the site.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
})();
"""

# ``window.__lumbarSearchUI()``: the search box, its status line and the result links of
# whichever engine built the page (Zensical's dialog once it is mounted, else Material's).
SEARCH_UI = """
(() => {
  window.__lumbarSearchUI = () => {
    const host = [...document.body.children].find(e => e.shadowRoot && e.shadowRoot.querySelector("dialog"));
    if (host) {
      const root = host.shadowRoot, dialog = root.querySelector("dialog");
      return {engine: "zensical", root, open: dialog.open, input: root.querySelector("input[role=combobox]"),
              status: root.querySelector("[role=status]"),
              links: [...root.querySelectorAll("ol[role=listbox] a[role=option]")],
              selected: root.querySelector("ol[role=listbox] a[role=option][aria-selected=true]")};
    }
    const toggle = document.getElementById("__search");
    return {engine: "mkdocs", root: document, open: !!(toggle && toggle.checked),
            input: document.querySelector("input.md-search__input"),
            status: document.querySelector(".md-search-result__meta"),
            links: [...document.querySelectorAll("%s")],
            selected: document.activeElement && document.activeElement.closest(".md-search-result") ? document.activeElement : null};
  };
})();
""" % RESULT_PAGES

# Counts the queries the page posts to its search worker and the answers it gets back, so a
# test can tell the answer to the whole query from the answer to a partly typed one; keeps
# the worker, the index Zensical gave it and the form of Zensical's queries for
# ``ask_worker``. Both
# engines number their messages alike (QUERY = 2, RESULT = 3; the worker answers every
# query); Material posts the query as a string, Zensical as {input: string, ...}.
SEARCH_PROBE = """
(() => {
  if (window.__lumbarSearch) return;
  const probe = window.__lumbarSearch = {sent: [], answered: 0, worker: null, items: null, template: null};
  const watched = Base => Base && class extends Base {
    constructor(...args) {
      super(...args);
      probe.worker = this;
      this.addEventListener("message", event => {
        if (event.data && event.data.type === 3) probe.answered += 1;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 0 && message.data.items) probe.items = message.data.items;
      if (message && message.type === 2) {
        if (typeof message.data !== "string" && !probe.template) probe.template = message.data;
        probe.sent.push(typeof message.data === "string" ? message.data : message.data && message.data.input);
      }
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

# Every init script a watched page gets (tests/browser/conftest.py, PageWatch.new_page).
INIT_SCRIPTS = (OPEN_SHADOW_ROOTS, SEARCH_UI, SEARCH_PROBE)


# The search box is there and takes keys: Zensical's dialog is inert while closed, and a key
# pressed while it is still closing is lost.
_SEARCH_READY = "(ui => ui.input && !ui.input.closest('[inert]') && ui.input.matches(':focus'))"


def open_search(page: Any) -> None:
    """Open the search box with the "/" key (both engines' shortcut) and check it has focus."""
    page.wait_for_function("() => (ui => ui.input && !ui.open)(window.__lumbarSearchUI())")
    # Zensical ignores the key for a moment after its dialog was closed: press it again then
    # (a "/" that lands in an open box is replaced with the query by ``search``).
    for _ in range(10):
        page.keyboard.press("/")
        try:
            page.wait_for_function(f"() => {_SEARCH_READY}(window.__lumbarSearchUI())", timeout=1500)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("the / key did not open the search box")


def search_is_open(page: Any) -> bool:
    """Whether the search box (Material's drawer toggle or Zensical's dialog) is open."""
    return bool(page.evaluate("() => window.__lumbarSearchUI().open"))


def selected_result(page: Any) -> str:
    """What the keyboard has chosen among the results (Material focuses it, Zensical marks it
    aria-selected): a result's address, or the text of another control there (Material's
    "more on this page"); ``""`` when nothing is chosen."""
    return page.evaluate(
        "() => { const s = window.__lumbarSearchUI().selected; return s ? (s.href || s.textContent.trim()) : ''; }")


def search_status(page: Any) -> str:
    """The line above the results ("3 matching documents", "No results", ...)."""
    return page.evaluate("() => { const s = window.__lumbarSearchUI().status; return s ? s.textContent.trim() : ''; }")


def search(page: Any, query: str, root: str) -> list[str]:
    """Enter ``query`` into the search box (opened with the "/" key) and return the result
    pages in order, as paths relative to the site's ``root`` URL, without the ``?h=``
    highlight parameter. Waits until the search worker has answered the whole query (the page
    must have been opened with :data:`INIT_SCRIPTS`, as ``PageWatch.new_page`` does).
    """
    open_search(page)
    # The whole query at once in place of what the box held, then a key that changes nothing:
    # Material searches on keyup, Zensical on input, so this is one search, where typing
    # would run one for every partial word (the answer to the last key is the same either
    # way; typing costs most of the suite's search time). Keys go to the focused box, which
    # Zensical's dialog may still be showing while a closing one fades out.
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    # Done when the worker has answered every query sent and the last one sent is the whole
    # query: the results shown are then the answer to it, not to a partly typed prefix.
    page.wait_for_function(
        """query => {
            const probe = window.__lumbarSearch, ui = window.__lumbarSearchUI();
            return probe && ui.input.value === query
                && probe.sent.at(-1) === query && probe.answered === probe.sent.length
                && ui.status && !/Initializing/i.test(ui.status.textContent);
        }""",
        arg=query,
    )
    # Both engines draw the results in the same task as the answer; one frame more lets any
    # later layout settle before reading.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    links = page.evaluate("() => window.__lumbarSearchUI().links.map(a => a.href)")
    return distinct_pages([url.removeprefix(root) for url in links])


def ask_worker(page: Any, queries: list[str], root: str) -> dict[str, list[str]]:
    """The result pages of every query, in order, asked of the page's own search worker (the
    engine's worker inside Lumbar's search layer: the same answers the search box shows,
    without drawing them), as ``search`` returns them. Hundreds of queries take seconds."""
    open_search(page)  # starts the worker and, for Zensical, shows the form of a query
    page.wait_for_function("() => { const p = window.__lumbarSearch; return p.worker && p.answered > 0; }")
    page.keyboard.press("Escape")
    answers = page.evaluate(
        """async queries => {
            const probe = window.__lumbarSearch, worker = probe.worker, out = {};
            for (const query of queries) {
                const answer = new Promise(done => {
                    const listen = event => {
                        if (!event.data || event.data.type !== 3) return;
                        worker.removeEventListener("message", listen);
                        done(event.data.data);
                    };
                    worker.addEventListener("message", listen);
                });
                worker.postMessage({type: 2, data: probe.template ? {...probe.template, input: query} : query});
                const data = await answer;
                out[query] = data.items.map(item => new URL(
                    probe.items ? probe.items[item.id].location : item[0].location, document.baseURI).href);
            }
            return out;
        }""",
        queries,
    )
    return {query: distinct_pages([url.removeprefix(root) for url in urls]) for query, urls in answers.items()}


def distinct_pages(paths: list[str]) -> list[str]:
    """Result paths without query strings or anchors, first occurrence kept."""
    return list(dict.fromkeys(p.split("?")[0].split("#")[0] for p in paths))


# WCAG 2.2 levels A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


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
