"""What Lumbar adds to either engine's own search, and the data its search layer reads.

Both engines search in a Web Worker from an index of every page's text: Material's lunr
index and Zensical's own engine. Lumbar does not replace them. Its search layer
(``templates/overrides/assets/javascripts/lumbar-search-worker.js``) is started as the
search worker instead (``html_fixes`` points the theme's config at it); it starts the
engine's worker inside itself and, for both engines alike:

- gives each page's aliases the weight of its title (the words readers search with, such
  as "trapped nerve", which the page need not show: ``page_words``);
- searches a word by its stem when only that is a word of the site ("makes" as "make",
  which both engines then match as the start of "makes", "make" and "making");
- puts first the pages whose title and aliases hold the query (the whole query as typed,
  then every word, then most words), each group by the page's search boost from its front
  matter (``page_boosts``: Zensical reads none itself), then in the engine's order;
- corrects a typing mistake of one or two letters in a word of ``TYPO_MIN_LENGTH`` letters
  or more that no page has ("sciatia" is searched as "sciatica"), from the words of the
  index itself;
- answers a query that finds nothing with the questions index and the safety page;
- answers a query in another language (``FOREIGN_WORDS``, or letters of another script)
  with the about page's "This site is in English" section first, then those two pages.

This module writes the data file that layer loads (``paths.SEARCH_DATA``, part of the
bundle): every rule's numbers and word list is spelled here once, none in the script.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from lumbar.content.catalogue import Catalogue
from lumbar.content.models import AvoidPair
from lumbar.paths import FAQ, HANDOUT_PAGE, SAFETY_PAGE, url_of
from lumbar.publish.pages import entry_title, page_path

# A typing mistake is corrected in a word this long or longer (shorter words have too many
# neighbours: "bed" is one letter from "bad", "bet" and "red"), by at most this many letters
# added, missed, changed or swapped (optimal string alignment distance).
TYPO_MIN_LENGTH = 5
TYPO_MAX_EDITS = 2

# The about page's section that says the site is in English (content/about.md, heading id).
ABOUT_PAGE = "about.md"
LANGUAGE_SECTION = "english"

# Common words of the languages readers here most often search in, none of them an English
# word: a query with more of these than words from the site is taken as written in another
# language. Back-pain words first, then short function words. Lower case, accents as typed
# (the script also compares each word without its accents).
FOREIGN_WORDS = frozenset("""
dolor dolores espalda lumbalgia columna ejercicios ejercicio cuello rodilla cadera pierna duele
douleur lombaire lombalgie mal exercices genou jambe hanche
schmerzen rücken rückenschmerzen kreuzschmerzen bandscheibe übungen knie bein hüfte
dor costas lombar coluna exercícios joelho perna quadril
schiena dolore esercizi ginocchio gamba anca
ból bóle plecy kręgosłup ćwiczenia kolano noga biodro
rugpijn pijn oefeningen heup
ağrı bel sırt
durere spate
de del la el los las y por para que mi muy mucho tengo
le les des du au aux et avec très
der das und ich habe sehr nicht
da nas com muito
della di molto
na się mnie bardzo
het een en
""".split())


_WORD = re.compile(r"[\w']+")


def new_words(aliases: list[str], name: str) -> str:
    """The words of ``aliases`` that are not in ``name``, each once, in order (lower case).

    Search counts how often a word appears in a title (the layer adds these to it); listing each alias word once stops an
    exercise with many similar aliases ("side plank ...") outranking the one whose alias a
    reader typed ("plank").
    """
    seen = {w.lower() for w in _WORD.findall(name)}
    words = []
    for alias in aliases:
        for word in _WORD.findall(alias.lower()):
            if word not in seen:
                seen.add(word)
                words.append(word)
    return " ".join(words)


# Words a physiotherapist may look for the handout builder with, besides its title's.
HANDOUT_WORDS = ["handout builder", "exercise sheet", "home exercise programme", "printable exercise plan"]
HANDOUT_TITLE = "Make a handout"  # templates/pages/handout.md.j2


def page_aliases(catalogue: Catalogue) -> dict[str, list[str]]:
    """``{docs path: aliases}`` of every page that has some (and the handout builder's words)."""
    aliases: dict[str, list[str]] = {}
    for _, item in sorted(catalogue.entries.items()):
        names = list(getattr(item.entry, "aliases", None) or [])
        if isinstance(item.entry, AvoidPair):  # a pair's aliases are its avoided activity's names
            names += item.entry.avoid.aliases
        if names:
            aliases[page_path(item.entry)] = names
    aliases[HANDOUT_PAGE] = HANDOUT_WORDS
    return aliases


def page_words(catalogue: Catalogue) -> dict[str, str]:
    """``{docs path: words}``: each page's alias words that its title does not already have,
    each once (``pages.new_words``: many similar aliases must not count a word many times).
    The search layer adds them to the page's title as the engine indexes it (Material: a
    field weighted as the title), never to what a reader sees."""
    titles = {page_path(item.entry): entry_title(item.entry) for item in catalogue.entries.values()}
    titles[HANDOUT_PAGE] = HANDOUT_TITLE
    words = {path: new_words(aliases, titles[path]) for path, aliases in page_aliases(catalogue).items()}
    return {path: text for path, text in words.items() if text}


# A page's search boost in its front matter (templates/pages/_macros.md.j2, front_matter).
_BOOST = re.compile(r"\A---\n(?:(?!---\n).*\n)*?search:\n  boost: ([0-9.]+)\n")


def page_boosts(pages: Mapping[str, str]) -> dict[str, float]:
    """``{docs path: boost}`` of the generated pages (Markdown) whose front matter sets one."""
    boosts = {}
    for path, markdown in pages.items():
        found = _BOOST.match(markdown)
        if found:
            boosts[path] = float(found.group(1))
    return boosts


def search_data(catalogue: Catalogue, pages: Mapping[str, str], directory_urls: bool) -> str:
    """The search layer's data as a script (``self.LUMBAR_SEARCH = {...};``), which a worker
    loads with ``importScripts`` from http:// and from disk alike. ``directory_urls`` is how
    the build lays pages out (off for offline builds), so the pages named match the
    ``location`` of the index's entries. ``pages`` are the generated pages (Markdown), for
    their search boosts."""
    data = {
        "typo": {"min_length": TYPO_MIN_LENGTH, "max_edits": TYPO_MAX_EDITS},
        "help": {
            "questions": url_of(FAQ.index, directory_urls),
            "safety": url_of(SAFETY_PAGE, directory_urls),
            "language": f"{url_of(ABOUT_PAGE, directory_urls)}#{LANGUAGE_SECTION}",
        },
        "foreign": sorted(FOREIGN_WORDS),
        "words": {url_of(path, directory_urls): text for path, text in page_words(catalogue).items()},
        "aliases": {url_of(path, directory_urls): aliases for path, aliases in page_aliases(catalogue).items()},
        "boosts": {url_of(path, directory_urls): boost for path, boost in page_boosts(pages).items()},
    }
    return "self.LUMBAR_SEARCH = " + json.dumps(data, ensure_ascii=False, sort_keys=True) + ";\n"
