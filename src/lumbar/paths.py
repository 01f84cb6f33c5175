"""Every path Lumbar reads or publishes, and every URL rule: the only place they are spelled.

Three kinds of path live here:

- **project paths**, relative to the project root (where ``mkdocs.yml`` is): content
  folders, the safety source, schemas, the cache;
- **docs paths**, relative to the MkDocs docs folder, ending in ``.md`` for pages: what the
  site publishes (``exercises/bridge.md``, ``cards/bridge.pdf``);
- **URLs**: a docs path as a browser reaches it, relative (``../bridge/``) or absolute
  (``https://example.org/exercises/bridge/``), following ``use_directory_urls``.

Templates get these through the ``paths`` global (see ``lumbar.publish.pages``), so no template
spells a folder either. Nothing here imports the rest of Lumbar.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

# --- project files -------------------------------------------------------------------------

CONFIG_FILE = "mkdocs.yml"
SAFETY_SOURCE = "content/safety.yml"  # the one source of red flags and stop rules (lumbar.content.safety)
SAFETY_SCHEMA = "safety.schema.json"  # its JSON Schema, in SCHEMA_DIR
POLICY_SOURCE = "content/policy.yml"  # the words and thresholds of the meaning checks (lumbar.content.policy)
POLICY_SCHEMA = "policy.schema.json"
SCHEMA_DIR = "schemas"
# Translations (lumbar.content.translations): the languages besides English, then one folder a
# language of overlays (content/i18n/es/exercises/bridge.yml, content/i18n/es/safety.yml).
# Everything under it is input, never published as it is.
TRANSLATIONS_DIR = "content/i18n"
LANGUAGES_FILE = f"{TRANSLATIONS_DIR}/languages.yml"
SCAFFOLD_DIR = "templates/scaffold"  # the commented starting files `lumbar new` copies
CACHE_DIR = Path(".cache") / "build"  # everything drawn or rendered, content-addressed
# Zensical's working folders, one a kind of build (site, offline, preview): the exported docs
# tree, the config it reads and Zensical's own cache. Zensical reads only a docs_dir and
# site_dir inside the config's folder, so the build happens here and the site is moved out.
ZENSICAL_DIR = Path(".cache") / "zensical"
# `lumbar serve`'s working folders: the MkDocs preview's exported tree and site, and the print
# files (cards, sheets, PDFs) it makes after the pages.
PREVIEW_DIR = Path(".cache") / "preview"
WATCHED = ("templates",)  # besides the content folders, what `serve` rebuilds on


@dataclass(frozen=True)
class Kind:
    """A kind of content: where its YAML lives and where its pages are published."""

    name: str  # as typed in `lumbar new NAME` and used in the schema file name
    folder: str  # project path of its YAML files
    pages: str  # docs folder its pages are published in
    label: str  # for messages: "an exercise"

    @property
    def schema_file(self) -> str:
        """The JSON Schema's file name inside ``SCHEMA_DIR``."""
        return f"{self.name}.schema.json"

    @property
    def index(self) -> str:
        """The docs path of the kind's index page (in the navigation)."""
        return f"{self.pages}/index.md"

    def page(self, entry_id: str) -> str:
        """The docs path of one entry's page, for example ``exercises/bridge.md``."""
        return f"{self.pages}/{entry_id}.md"


EXERCISE = Kind("exercise", "exercises", "exercises", "an exercise")
FAQ = Kind("faq", "content/faq", "faq", "an FAQ entry")
AVOID = Kind("avoid", "content/avoid", "avoid", "an avoid/try-instead pair")
PROGRAMME = Kind("programme", "content/programmes", "programmes", "a programme")
KINDS: dict[str, Kind] = {kind.name: kind for kind in (EXERCISE, FAQ, AVOID, PROGRAMME)}
YAML_SUFFIXES = (".yml", ".yaml")

# --- docs paths of generated pages ----------------------------------------------------------

SAFETY_PAGE = "safety.md"  # the published safety page, generated from SAFETY_SOURCE
# FAQ entries whose page shows the safety levels under the answer (one source, no copy).
SAFETY_FAQS = ("when-to-see-a-doctor",)
PAIN_PAGE = f"{EXERCISE.pages}/by-pain.md"
GALLERY_PAGE = f"{EXERCISE.pages}/gallery.md"  # every exercise picture, for reviewers; not in the nav
HANDOUT_PAGE = "handout.md"
# Index pages are reached from the navigation; single entries are not listed there.
NAV_PAGES = frozenset([*(kind.index for kind in KINDS.values()), SAFETY_PAGE])

# --- docs paths of generated files ----------------------------------------------------------

Which = Literal["start", "end"]
FIGURE_DIR = f"{EXERCISE.pages}/figures"
CARDS_DIR = "cards"
FONT_DIR = "assets/fonts"
IFRAME_WORKER = "assets/javascripts/iframe-worker-shim.js"
# Lumbar's search layer, started as the search worker in place of the engine's own (a static
# file in templates/overrides), and the data it reads (made by lumbar.publish.search).
SEARCH_WORKER = "assets/javascripts/lumbar-search-worker.js"
SEARCH_DATA = "assets/javascripts/lumbar-search-data.js"

# Paper names, in order: the first is the default and its cards sit directly in CARDS_DIR.
# Tables of print sizes (lumbar.printing.layout) are keyed by these names, never by literals.
A4 = "a4"
LETTER = "letter"
PAPERS: tuple[str, ...] = (A4, LETTER)
# Each paper as a button or a choice on a page names it (a UK reader does not know "Letter").
PAPER_NAMES: dict[str, str] = {A4: "A4 (UK, Europe)", LETTER: "US Letter"}
assert tuple(PAPER_NAMES) == PAPERS


def figure_path(exercise_id: str, which: Which) -> str:
    """Docs path of an exercise's start or end picture (SVG)."""
    return f"{FIGURE_DIR}/{exercise_id}-{which}.svg"


def motion_path(exercise_id: str) -> str:
    """Docs path of an exercise's moving picture: its frames side by side in one SVG."""
    return f"{FIGURE_DIR}/{exercise_id}-motion.svg"


def programme_pdf_path(programme_id: str, paper: str) -> str:
    """Docs path of a programme's printable PDF: ``programmes/starter.pdf`` (first paper),
    ``programmes/letter/starter.pdf``."""
    folder = PROGRAMME.pages if paper == PAPERS[0] else f"{PROGRAMME.pages}/{paper}"
    return f"{folder}/{programme_id}.pdf"


def card_path(exercise_id: str, paper: str, suffix: str = ".pdf") -> str:
    """Docs path of an exercise's card: ``cards/bridge.pdf``, ``cards/letter/bridge.pdf``."""
    folder = CARDS_DIR if paper == PAPERS[0] else f"{CARDS_DIR}/{paper}"
    return f"{folder}/{exercise_id}{suffix}"


def sheet_name(paper: str) -> str:
    """File name of the duplex sheet of every card: four fronts a page, their backs on the next."""
    return f"all-cards-{paper}.pdf"


def sheet_path(paper: str) -> str:
    """Docs path of the sheet of every card."""
    return f"{CARDS_DIR}/{sheet_name(paper)}"


def fold_sheet_name(paper: str) -> str:
    """File name of the single-sided sheet of every card (two-sided cards fold in half)."""
    return f"all-cards-{paper}-fold.pdf"


def fold_sheet_path(paper: str) -> str:
    """Docs path of the single-sided fold sheet of every card."""
    return f"{CARDS_DIR}/{fold_sheet_name(paper)}"


def qr_path(exercise_id: str) -> str:
    """Docs path of the QR code that leads to an exercise's page."""
    return f"{CARDS_DIR}/{exercise_id}-qr.svg"


def font_path(name: str) -> str:
    """Docs path of a self-hosted font file."""
    return f"{FONT_DIR}/{name}"


# --- URLs ------------------------------------------------------------------------------------

# Addresses that can never be a real public site (RFC 2606 and 6761): a QR code or printed
# link to one of them is dead on paper.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1")


def site_root(site_url: str) -> str:
    """``site_url`` as a base for ``urljoin``: stripped, ending in ``/``; ``""`` when unset."""
    url = (site_url or "").strip()
    if not url:
        return ""
    return url if url.endswith("/") else url + "/"


def is_placeholder(site_url: str) -> bool:
    """True when ``site_url`` is unset or on a reserved or example domain."""
    host = (urlsplit(site_root(site_url)).hostname or "").lower()
    return not host or any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS)


def url_of(docs_path: str, directory_urls: bool = True) -> str:
    """The site-relative URL of a docs path: ``exercises/bridge.md`` is ``exercises/bridge/``
    (or ``exercises/bridge.html`` without directory URLs); other files keep their path."""
    if not docs_path.endswith(".md"):
        return docs_path
    stem = docs_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


def absolute_url(site_url: str, docs_path: str, directory_urls: bool = True) -> str:
    """The public address of a docs path, for QR codes and printed links; ``""`` without a
    usable ``site_url`` (see ``is_placeholder``)."""
    root = site_root(site_url)
    return urljoin(root, url_of(docs_path, directory_urls)) if root else ""


def relative_url(from_page: str, docs_path: str, directory_urls: bool = True) -> str:
    """The URL of ``docs_path`` as a link written on the page ``from_page`` (both docs paths).

    With directory URLs a page ``a/b.md`` is served from ``a/b/``, one folder deeper.
    """
    here = posixpath.dirname(url_of(from_page, directory_urls).rstrip("/") + "/x") if directory_urls \
        else posixpath.dirname(from_page)
    target = url_of(docs_path, directory_urls)
    relative = _relative(target, here or ".")
    return relative + "/" if target.endswith("/") and not relative.endswith("/") else relative


def markdown_link(from_page: str, docs_path: str) -> str:
    """A link between two docs files as Markdown source writes it (MkDocs resolves it)."""
    return _relative(docs_path, posixpath.dirname(from_page) or ".")


@functools.lru_cache(maxsize=65536)  # pages in one folder link to the same targets again and again
def _relative(path: str, start: str) -> str:
    """``posixpath.relpath`` of two docs paths or URLs (relative, never above the docs root).

    Both are rooted at "/" first: relpath then has no current directory to look up, which
    made it most of the cost of linking every page.
    """
    return posixpath.relpath("/" + path, "/" + start)
