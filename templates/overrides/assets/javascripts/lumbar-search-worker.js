/* Lumbar's search layer, around the engine's own search worker (Material's lunr worker or
   Zensical's). The page starts this file as its search worker: lumbar/publish/html_fixes.py
   points the theme's config here, with the engine's worker after the "#". It loads Lumbar's
   search data (lumbar-search-data.js, written by lumbar/publish/search.py, where every rule's
   numbers and words are spelled) and the engine's worker, then watches their messages:

   - each page's aliases (words readers search with, which the page need not show) are
     indexed with its title's weight: in a field of their own that Material weighs as the
     title, in the title Zensical's worker indexes (its dialog shows its own copy);
   - a query word that no page has and that is a typing mistake of one or two letters of a
     word that pages have is searched as that word ("sciatia" -> "sciatica");
   - a word is searched by its stem when only the stem is a word of the site ("makes" as
     "make"; both engines match the start of words);
   - pages whose title and aliases hold the query come first: the whole query as typed, then
     every word, then most words, each group by the page's search boost, then in the
     engine's order (Material weighs titles and boosts pages itself; Zensical cannot);
   - on Zensical, each page's own result comes before its sections' (Material groups them),
     and a page whose title or aliases hold every word is among the first answer (Zensical
     answers ten items at a time in its own order; Material answers with every page);
   - a query in another language is answered with the about page's "This site is in English"
     section, then the questions index and the safety page;
   - a query that finds nothing is answered with the questions index and the safety page.

   Both engines number their messages alike: 0 set-up (the index), 1 ready, 2 query,
   3 result. Material sends the query as a string and answers with groups of documents;
   Zensical sends {input: string, ...} and answers with the ids of index items. Opened from
   disk, the iframe-worker shim runs this in an iframe: importScripts then loads scripts in
   order but later, and the messages come once they have loaded. */
(function () {
  "use strict";

  // This file's address, and the engine's worker after its "#" (the shim adds "?<time>").
  var self_ = self;
  var here = (typeof document !== "undefined" && document.currentScript)
    ? document.currentScript.src : self_.location.href;
  var base = here.split("#")[0];
  var engineWorker = (here.split("#")[1] || "").replace(/\?\d*$/, "");
  // The site's root (this file is assets/javascripts/ in it): Zensical hands its worker the
  // index with every location made absolute; the data names them from the root.
  var siteRoot = new URL("../../", base).href;

  var index = null;   // what the set-up message held, once read (see setup)
  var asked = [];     // what each query was, in the order they were sent (answers keep it)

  function words(text) {
    return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []);
  }

  function plain(word) {  // without accents: "rücken" and "rucken" are one word to a reader
    return word.normalize("NFD").replace(/\p{M}/gu, "");
  }

  // Optimal string alignment distance (letters added, missed, changed, or two swapped),
  // or limit + 1 as soon as it must be more than limit.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = null, previous = [], row, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var smallest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          value = Math.min(value, before[j - 2] + 1);
        row.push(value);
        if (value < smallest) smallest = value;
      }
      if (smallest > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // The index's words with how often each is used, sorted (for prefix look-ups), and each
  // document's place, from the engine's own set-up message.
  function relative(location) {
    location = String(location);
    return location.lastIndexOf(siteRoot, 0) === 0 ? location.slice(siteRoot.length) : location;
  }

  function setup(data) {
    var docs = data.docs || data.items || [];
    var extra = (self_.LUMBAR_SEARCH && self_.LUMBAR_SEARCH.words) || {};
    var aliases = (self_.LUMBAR_SEARCH && self_.LUMBAR_SEARCH.aliases) || {};
    var originalTitles = docs.map(function (doc) { return String(doc.title || ""); });
    if (data.docs && data.config && data.config.fields) {
      var title = data.config.fields.title || {};
      data.config.fields.lumbar = {boost: title.boost || 1};
    }
    docs.forEach(function (doc) {
      var words = extra[relative(doc.location)];
      if (!words) return;
      if (data.docs) doc.lumbar = words; else doc.title = doc.title + " " + words;
    });
    var counts = new Map();
    docs.forEach(function (doc) {
      var text = (doc.title || "") + " " + (doc.lumbar || "") + " " + String(doc.text || "").replace(/<[^>]*>/g, " ");
      words(text).forEach(function (word) { counts.set(word, (counts.get(word) || 0) + 1); });
    });
    var byLocation = new Map(), names = new Map();
    docs.forEach(function (doc, position) {
      var location = relative(doc.location);
      if (!byLocation.has(location)) byLocation.set(location, position);
      if (location.indexOf("#") < 0 && !names.has(location))  // a page, not one of its sections
        names.set(location, [originalTitles[position]].concat(aliases[location] || [])
          .map(function (name) { return " " + words(name).join(" ") + " "; }));
    });
    index = {
      engine: data.docs ? "mkdocs" : "zensical", docs: docs, counts: counts,
      sorted: Array.from(counts.keys()).sort(), byLocation: byLocation, names: names,
    };
  }

  function knownPrefix(word) {  // some word of the index starts with it (both engines match prefixes)
    var list = index.sorted, low = 0, high = list.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (list[middle] < word) low = middle + 1; else high = middle;
    }
    return low < list.length && list[low].lastIndexOf(word, 0) === 0;
  }

  // The index's word a typing mistake was meant to be, or null: the fewest letters away
  // (at most typo.max_edits), then the most used.
  function corrected(word) {
    var typo = self_.LUMBAR_SEARCH.typo;
    if (word.length < typo.min_length || /\p{N}/u.test(word) || index.counts.has(word) || knownPrefix(word))
      return null;
    var best = null, bestDistance = typo.max_edits + 1, bestCount = 0;
    index.counts.forEach(function (count, candidate) {
      if (candidate.length < typo.min_length - 1) return;
      var d = distance(word, candidate, typo.max_edits);
      if (d < bestDistance || (d === bestDistance && d <= typo.max_edits && count > bestCount)) {
        best = candidate; bestDistance = d; bestCount = count;
      }
    });
    return best;
  }

  // The word without an ending ("makes" -> "make", "stretching" -> "stretch") when that is a
  // word of the site: searched as the start of a word, the stem finds every form (Zensical
  // needs every word of a query in a page, so "makes" alone would miss "make").
  function stem(word) {
    if (word.length < self_.LUMBAR_SEARCH.typo.min_length) return null;
    var endings = ["ing", "es", "ed", "s"];
    for (var i = 0; i < endings.length; i++) {
      var ending = endings[i], base = word.slice(0, -ending.length);
      if (word.slice(-ending.length) === ending && base.length >= 3 && index.counts.has(base)) return base;
    }
    return null;
  }

  // A query with more words of another language (or any letter of another script) than
  // words of the site's own.
  function foreign(query) {
    if (/[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(query)) return true;
    var list = new Set(self_.LUMBAR_SEARCH.foreign), theirs = 0, ours = 0;
    words(query).forEach(function (word) {
      if (list.has(word) || list.has(plain(word))) theirs += 1;
      else if (index.counts.has(word) || knownPrefix(word) || corrected(word)) ours += 1;
      else if (word !== plain(word)) theirs += 1;  // accented, and no page has it
    });
    return theirs > 0 && theirs >= ours;
  }

  // Rewrite a query message in place (typing mistakes); returns what its answer needs.
  function onQuery(message) {
    var zensical = typeof message.data !== "string";
    var query = zensical ? (message.data && message.data.input) : message.data;
    var info = {query: query, searched: query, foreign: false,
                later: zensical && !!(message.data.page && message.data.page.from),
                page: zensical && message.data.page ? message.data.page.id : null};
    if (typeof query !== "string" || !query.trim() || !index || !self_.LUMBAR_SEARCH) return null;
    info.foreign = foreign(query);
    if (!info.foreign) {
      // Pages are ranked by the words as meant (typing mistakes corrected); the engine is
      // asked for their stems too.
      info.searched = query.replace(/[\p{L}\p{N}]+/gu, function (word) {
        return corrected(word.toLowerCase()) || word;
      });
      var fixed = info.searched.replace(/[\p{L}\p{N}]+/gu, function (word) {
        return stem(word.toLowerCase()) || word;
      });
      if (fixed !== query) {
        if (zensical) message.data.input = fixed; else message.data = fixed;
      }
    }
    return info;
  }

  // The index entries (Material: documents; Zensical: item ids) for help, by location.
  function helpItems(names) {
    var help = self_.LUMBAR_SEARCH.help, items = [];
    names.forEach(function (name) {
      var position = index.byLocation.get(help[name]);
      if (position === undefined) return;
      if (index.engine === "zensical") items.push({id: position, matches: []});
      else items.push([Object.assign({}, index.docs[position], {score: 0, terms: {}})]);
    });
    return items;
  }

  // How well a page's title and aliases hold the query: 3 the whole query as typed in one of
  // them, 2 every word (the last may be unfinished), 1 most of two or more words, else 0.
  function nameMatch(location, query) {
    var names = index.names.get(location.split("#")[0]);
    var list = words(query);
    if (!names || !list.length) return 0;
    var phrase = " " + list.join(" ") + " ";
    if (names.some(function (name) { return name.indexOf(phrase) >= 0; })) return 3;
    var all = names.join("");
    var found = list.filter(function (word, position) {
      return all.indexOf(" " + word + (position === list.length - 1 ? "" : " ")) >= 0
        || all.indexOf(" " + (stem(word) || "\u0000")) >= 0;
    }).length;
    if (found === list.length) return 2;
    return list.length >= 2 && 2 * found > list.length ? 1 : 0;
  }

  function ranked(items, query) {
    var boosts = self_.LUMBAR_SEARCH.boosts || {};
    var location = index.engine === "zensical"
      ? function (item) { return relative(index.docs[item.id].location); }
      : function (group) { return relative(group[0].location); };
    return items
      .map(function (item, order) {
        var page = location(item).split("#")[0], score = nameMatch(page, query);
        return {item: item, order: order, score: score, boost: score ? boosts[page] || 1 : 0};
      })
      .sort(function (a, b) { return b.score - a.score || b.boost - a.boost || a.order - b.order; })
      .map(function (entry) { return entry.item; });
  }

  // Zensical answers with pages and their sections as items of their own, a section maybe
  // before its page ("If your pain flares up" above "Plan for the first days..."): each page
  // is shown where it first comes, its own entry first, then its sections. The order of the
  // pages is kept. (Material's answer is a group for each page already.)
  function grouped(items) {
    if (index.engine !== "zensical") return items;
    var pages = new Map();
    items.forEach(function (item) {
      var location = relative(index.docs[item.id].location), page = location.split("#")[0];
      if (!pages.has(page)) pages.set(page, []);
      if (location === page) pages.get(page).unshift(item); else pages.get(page).push(item);
    });
    return Array.from(pages.values()).reduce(function (all, entries) { return all.concat(entries); }, []);
  }

  // Zensical answers ten items at a time, in its own order: a page whose title or aliases
  // hold every word of the query may come after the first ten ("new back pain" below ten
  // sections that say it). Such pages, up to ten (the best names, then boosts), join the first
  // ten (ranked above them) and are left out of the later answers to the same query, so that
  // none shows twice.
  var named = {page: null, ids: new Set()};

  function withNamed(items, info, next) {
    var present = new Set(items.map(function (item) { return item.id; }));
    var boosts = self_.LUMBAR_SEARCH.boosts || {}, found = [];
    index.names.forEach(function (names, location) {
      var position = index.byLocation.get(location), score = nameMatch(location, info.searched);
      if (score >= 2 && !present.has(position)) found.push({id: position, score: score, boost: boosts[location] || 1});
    });
    found.sort(function (a, b) { return b.score - a.score || b.boost - a.boost || a.id - b.id; });
    named = {page: next ? next.id : null, ids: new Set()};
    found.slice(0, 10).forEach(function (entry) {
      named.ids.add(entry.id);
      items.push({id: entry.id, matches: []});
    });
    return items;
  }

  function onResult(message, info) {
    if (!info || !index || !self_.LUMBAR_SEARCH || !message.data) return message;
    if (info.later) {
      if (info.page !== null && info.page === named.page)
        message.data.items = (message.data.items || []).filter(function (item) { return !named.ids.has(item.id); });
      return message;
    }
    var items = message.data.items || [];
    if (index.engine === "zensical" && !info.foreign)
      items = withNamed(items, info, message.data.pagination && message.data.pagination.next);
    items = message.data.items = grouped(ranked(items, info.searched));
    var help = info.foreign ? helpItems(["language", "questions", "safety"])
      : items.length ? [] : helpItems(["questions", "safety"]);
    if (!help.length) return message;
    message.data.items = help;
    if (message.data.pagination)
      message.data.pagination = {total: help.length, prev: undefined, next: undefined};
    return message;
  }

  self_.addEventListener("message", function (event) {
    var message = event.data;
    if (!message) return;
    if (message.type === 0) setup(message.data);
    else if (message.type === 2) asked.push(onQuery(message));
  });

  var enginePost = self_.postMessage;
  self_.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === 3) args[0] = onResult(message, asked.shift());
    return enginePost.apply(self_, args);
  };

  // One call, so the shim loads them in this order too.
  importScripts(new URL("lumbar-search-data.js", base).href, new URL(engineWorker, base).href);
})();
