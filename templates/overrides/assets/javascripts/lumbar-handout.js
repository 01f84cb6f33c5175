// Handouts in the browser: "Add to handout" on exercise pages, and the handout builder page.
//
// The selection lives in the address (?ex=bridge:sets=2,reps=10&ex=walking), the same
// spelling as `lumbar handout bridge:sets=2,reps=10 walking`, so a handout can be
// bookmarked or shared. A copy in localStorage lets "Add to handout" collect exercises
// from several pages. All exercise data is embedded in the builder page as JSON and is
// only ever inserted as text (textContent), never as HTML. No request leaves the page.
(function () {
  "use strict";

  var STORE = "lumbar-handout";
  // Every dose rule, label and message comes from Python (lumbar.content.dose_rules) as
  // JSON in the builder page; this script only interprets them. Pages without the data
  // (exercise pages, for "Add to handout") never need the rules.
  var RULES = null;

  function rules() {
    if (RULES) return RULES;
    var node = document.getElementById("lumbar-handout-data");
    RULES = node ? JSON.parse(node.textContent).rules : null;
    return RULES;
  }

  // A message from the rules, filled in: "{value!r}" quotes the value as Python does.
  function message(key, values) {
    return rules().messages[key].replace(/\{(\w+)(!r)?\}/g, function (all, name, quoted) {
      var value = values[name] === undefined ? "" : String(values[name]);
      return quoted ? "'" + value + "'" : value;
    });
  }

  function readStore() {
    try {
      var value = JSON.parse(window.localStorage.getItem(STORE) || "[]");
      return Array.isArray(value) ? value.filter(function (s) { return typeof s === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function writeStore(specs) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(specs));
    } catch (error) {
      // Private windows may refuse storage; the address still holds the selection.
    }
  }

  // "bridge:sets=2,reps=10" -> {id, overrides: [[name, value]], problems: []}
  function parseSpec(spec) {
    var at = spec.indexOf(":");
    var id = (at < 0 ? spec : spec.slice(0, at)).trim();
    var rest = at < 0 ? "" : spec.slice(at + 1);
    var overrides = [];
    var problems = [];
    rest.split(",").forEach(function (part) {
      part = part.trim();
      if (!part) return;
      var eq = part.indexOf("=");
      var name = eq < 0 ? "" : part.slice(0, eq).trim().toLowerCase().replace(/-/g, "_");
      var value = eq < 0 ? "" : part.slice(eq + 1).trim();
      if (!name || !value) {
        problems.push(id + ": " + message("not_pair", { part: part }));
      } else {
        overrides.push([name, value]);
      }
    });
    return { id: id, overrides: overrides, problems: problems };
  }

  function specOf(item) {
    if (!item.overrides.length) return item.id;
    return item.id + ":" + item.overrides.map(function (o) { return o[0] + "=" + o[1]; }).join(",");
  }

  function queryOf(specs) {
    return specs.map(function (spec) {
      return "ex=" + encodeURIComponent(spec).replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%3D/gi, "=");
    }).join("&");
  }

  // The rules of lumbar.content.dose_rules.count_text and flag_value, read from the data.
  function checkValue(name, value) {
    var r = rules();
    if (r.flagFields.indexOf(name) !== -1) {
      var lower = value.trim().toLowerCase();
      if (r.yes.indexOf(lower) !== -1) return { value: true };
      if (r.no.indexOf(lower) !== -1) return { value: false };
      return { problem: message("yes_no", { value: value }) };
    }
    if (r.textFields.indexOf(name) !== -1) {
      if (value.length > r.maxText) return { problem: message("too_long", { name: name, limit: r.maxText }) };
      if (new RegExp(r.htmlPattern).test(value)) return { problem: message("html", { name: name }) };
      return { value: value };
    }
    var bounds = r.countBounds[name];
    var match = value.length <= r.maxCountText ? new RegExp(r.countPattern).exec(value) : null;
    if (!match) return { problem: name + ": " + message("count", {}) };
    var parts = [match[1], match[2]].filter(function (p) { return p !== undefined; });
    for (var i = 0; i < parts.length; i++) {
      var n = Number(parts[i]);
      if (n < bounds[0] || n > bounds[1]) {
        return { problem: name + ": " + message("bounds", {
          number: parts[i].length <= 12 ? parts[i] : "this number", unit: bounds[2], low: bounds[0], high: bounds[1] }) };
      }
    }
    if (match[2] === undefined) return { value: String(Number(match[1])) };
    if (Number(match[2]) <= Number(match[1])) return { problem: name + ": " + message("order", { value: value }) };
    return { value: Number(match[1]) + " to " + Number(match[2]) };
  }

  // The exercise's dose with valid overrides applied; invalid ones are reported and dropped.
  function applyOverrides(exercise, overrides) {
    var fields = rules().fields;
    var dose = {};
    Object.keys(exercise.dose).forEach(function (key) { dose[key] = exercise.dose[key]; });
    var kept = [];
    var problems = [];
    overrides.forEach(function (pair) {
      var name = pair[0];
      if (fields.indexOf(name) === -1) {
        problems.push(exercise.id + ": " + message("unknown_field", { name: name, hint: "", fields: fields.join(", ") }));
        return;
      }
      var checked = checkValue(name, pair[1]);
      if (checked.problem) {
        problems.push(exercise.id + ": " + checked.problem);
        return;
      }
      dose[name] = checked.value;
      kept = kept.filter(function (o) { return o[0] !== name; });
      kept.push([name, pair[1]]);
    });
    return { dose: dose, overrides: kept, problems: problems };
  }

  // The rows of lumbar.content.text.dose_rows, from the same data.
  function doseRows(dose) {
    var r = rules();
    var rows = [];
    r.rows.forEach(function (row) {
      var value = dose[row[0]];
      if (!value) return;
      var text = row[2].replace("{}", String(value));
      rows.push([row[1], text + (row[0] === "reps" && dose.per_side ? r.perSide : "")]);
    });
    return rows;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // ---- Exercise pages: "Add to handout" collects exercises, then opens the handout.
  function setUpAddLinks() {
    document.querySelectorAll("a[data-lumbar-add]").forEach(function (link) {
      var id = link.getAttribute("data-lumbar-add");
      var base = link.getAttribute("href").split("?")[0];
      function chosen() {
        return readStore().filter(function (spec) { return parseSpec(spec).id !== ""; });
      }
      function refresh() {
        var specs = chosen();
        var has = specs.some(function (spec) { return parseSpec(spec).id === id; });
        if (has) {
          link.textContent = "Open handout (" + specs.length + " chosen)";
          link.setAttribute("href", base + "?" + queryOf(specs));
        }
      }
      link.addEventListener("click", function () {
        var specs = chosen();
        if (!specs.some(function (spec) { return parseSpec(spec).id === id; })) specs.push(id);
        writeStore(specs);
        link.setAttribute("href", base + "?" + queryOf(specs));
      });
      refresh();
    });
  }

  // ---- The handout builder page.
  function setUpBuilder() {
    var source = document.getElementById("lumbar-handout-data");
    var builder = document.querySelector("[data-lumbar-handout-builder]");
    var output = document.querySelector("[data-lumbar-handout-output]");
    if (!source || !builder || !output || builder.dataset.ready) return;
    builder.dataset.ready = "1";
    var data = JSON.parse(source.textContent);
    var byId = {};
    data.exercises.forEach(function (exercise) { byId[exercise.id] = exercise; });
    var form = builder.querySelector("[data-lumbar-handout-form]");
    var status = builder.querySelector("[data-lumbar-handout-status]");
    var chosenList = builder.querySelector("[data-lumbar-handout-chosen]");
    var problems = [];
    var items = [];

    function load(specs) {
      items = [];
      specs.forEach(function (spec) {
        var parsed = parseSpec(spec);
        problems = problems.concat(parsed.problems);
        var exercise = byId[parsed.id];
        if (!exercise) {
          if (parsed.id) problems.push("No exercise has the id \u201c" + parsed.id + "\u201d.");
          return;
        }
        if (items.some(function (item) { return item.id === parsed.id; })) {
          problems.push(parsed.id + " is chosen twice; it is listed once.");
          return;
        }
        var applied = applyOverrides(exercise, parsed.overrides);
        problems = problems.concat(applied.problems);
        items.push({ id: parsed.id, overrides: applied.overrides, dose: applied.dose });
      });
    }

    function save() {
      var specs = items.map(specOf);
      var query = specs.length ? "?" + queryOf(specs) : "";
      history.replaceState(null, "", window.location.pathname + query + window.location.hash);
      writeStore(specs);
    }

    function setOverride(item, name, value) {
      var exercise = byId[item.id];
      var overrides = item.overrides.filter(function (o) { return o[0] !== name; });
      if (value !== "") overrides.push([name, value]);
      var applied = applyOverrides(exercise, overrides);
      if (applied.problems.length) return applied.problems[0];
      item.overrides = applied.overrides;
      item.dose = applied.dose;
      return null;
    }

    function renderStatus() {
      var messages = [];
      messages.push(items.length === 1 ? "1 exercise in this handout." : items.length + " exercises in this handout.");
      if (items.length > data.maxRecommended) {
        messages.push("People keep up a plan of " + data.maxRecommended + " or fewer exercises better. " +
          "You can still print this one.");
      }
      status.textContent = messages.concat(problems).join(" ");
      status.classList.toggle("lumbar-handout-status--warning", items.length > data.maxRecommended || problems.length > 0);
    }

    function renderChosen() {
      chosenList.textContent = "";
      items.forEach(function (item, index) {
        var exercise = byId[item.id];
        var fields = el("div", { "class": "lumbar-handout-chosen__dose" });
        var labels = rules().labels;
        rules().formFields.forEach(function (name) {
          var inputId = "lumbar-dose-" + item.id + "-" + name;
          var current = item.overrides.filter(function (o) { return o[0] === name; });
          var original = exercise.dose[name];
          var input = el("input", {
            id: inputId, type: "text", name: name, "data-field": name,
            placeholder: original === null || original === undefined ? "" : String(original),
            size: name === "how_often" ? "18" : "6"
          });
          input.value = current.length ? current[0][1] : "";
          input.addEventListener("change", function () {
            var problem = setOverride(item, name, input.value.trim());
            input.setAttribute("aria-invalid", problem ? "true" : "false");
            problems = problem ? [problem] : [];
            save();
            renderOutput();
            renderStatus();
          });
          fields.appendChild(el("label", { "for": inputId }, [el("span", { text: labels[name] }), input]));
        });
        function button(label, title, action, disabled) {
          var b = el("button", { type: "button", "class": "md-button", text: label, "aria-label": title + ": " + exercise.name });
          if (disabled) b.disabled = true;
          b.addEventListener("click", action);
          return b;
        }
        var row = el("li", { "data-exercise-id": item.id }, [
          el("strong", { text: exercise.name }),
          fields,
          el("div", { "class": "lumbar-handout-chosen__actions" }, [
            button("Up", "Move up", function () { move(index, -1); }, index === 0),
            button("Down", "Move down", function () { move(index, 1); }, index === items.length - 1),
            button("Remove", "Remove", function () { items.splice(index, 1); changed(); })
          ])
        ]);
        chosenList.appendChild(row);
      });
    }

    function move(index, step) {
      var target = index + step;
      if (target < 0 || target >= items.length) return;
      var moved = items.splice(index, 1)[0];
      items.splice(target, 0, moved);
      changed();
    }

    function section(className, children) {
      return el("section", { "class": "lumbar-handout__page " + className }, children);
    }

    function list(tag, texts) {
      return el(tag, {}, texts.map(function (text) { return el("li", { text: text }); }));
    }

    function renderOutput() {
      output.textContent = "";
      if (!items.length) {
        output.appendChild(el("p", { "class": "lumbar-handout__empty", text: "No exercises chosen yet. Choose one above, or use \u201cAdd to handout\u201d on an exercise page." }));
        return;
      }
      var blanks = ["Prepared for:", "Prepared by:", "Date:"].map(function (label) {
        return el("p", { "class": "lumbar-handout__blank" }, [el("strong", { text: label }), el("span", { "aria-hidden": "true" })]);
      });
      var notes = [];
      for (var i = 0; i < 8; i += 1) notes.push(el("div", { "class": "lumbar-handout__note-line" }));
      output.appendChild(section("lumbar-handout__cover", [
        el("p", { "class": "lumbar-handout__site", text: data.siteName }),
        el("h2", { text: "Your exercise plan" }),
        el("p", { text: "Exercises chosen for you, with how much to do and when to stop. Keep this with you and bring it to your next appointment." })
      ].concat(blanks, [
        el("h3", { text: "Your exercises" }),
        list("ol", items.map(function (item) { return byId[item.id].name; })),
        el("p", { text: "Last page: when to get help. " + data.disclaimer }),
        el("h3", { text: "Notes" }),
        el("div", { "class": "lumbar-handout__notes" }, notes)
      ])));
      items.forEach(function (item, index) {
        var exercise = byId[item.id];
        var dose = el("table", { "class": "lumbar-handout__dose" }, [
          el("tbody", {}, doseRows(item.dose).map(function (row) {
            return el("tr", {}, [el("th", { scope: "row", text: row[0] }), el("td", { text: String(row[1]) })]);
          }))
        ]);
        // The QR code and printed address only when the site has a public address
        // (exercise.url is empty for a placeholder site_url); the link works either way.
        var online = el("p", { "class": "lumbar-handout__online" }, [
          exercise.url ? el("img", { src: exercise.qr, alt: "", width: "96", height: "96" }) : null,
          el("span", { text: "Read this exercise online: " }),
          el("a", { href: exercise.page, text: exercise.url || exercise.page })
        ]);
        var page = section("lumbar-handout__exercise", [
          el("p", { "class": "lumbar-handout__kicker", text: "Exercise " + (index + 1) + " of " + items.length }),
          el("h2", { text: exercise.name }),
          exercise.reviewNote ? el("p", {}, [el("strong", { text: exercise.reviewNote })]) : null,
          exercise.pictures.length ? el("div", { "class": "lumbar-handout__pictures" }, exercise.pictures.map(function (picture) {
            return el("img", { src: picture.src, alt: picture.alt });
          })) : null,
          el("h3", { text: "Starting position" }),
          el("p", { text: exercise.startingPosition }),
          el("h3", { text: "Steps" }),
          list("ol", exercise.steps),
          el("h3", { text: "How much to do" }),
          item.overrides.length ? el("p", {}, [el("strong", { text: "Your clinician has set this amount for you." })]) : null,
          dose,
          el("p", { text: "Start gently. Do fewer if you need to, and build up slowly." }),
          el("h3", { text: "What you should feel" }),
          el("p", { text: exercise.feel }),
          el("h3", { "class": "lumbar-handout__stop", text: "Stop if" }),
          list("ul", exercise.stopIf),
          online
        ]);
        page.setAttribute("data-exercise-id", item.id);
        output.appendChild(page);
      });
    }

    function changed() {
      problems = [];
      save();
      render();
    }

    function render() {
      renderChosen();
      renderOutput();
      renderStatus();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var id = form.elements.pick.value;
      if (!id || !byId[id]) return;
      if (items.some(function (item) { return item.id === id; })) {
        problems = [byId[id].name + " is already in the handout."];
        renderStatus();
        return;
      }
      items.push({ id: id, overrides: [], dose: applyOverrides(byId[id], []).dose });
      form.elements.pick.value = "";
      changed();
    });
    builder.querySelector("[data-lumbar-handout-print]").addEventListener("click", function () { window.print(); });
    builder.querySelector("[data-lumbar-handout-clear]").addEventListener("click", function () {
      items = [];
      changed();
    });

    var params = new URLSearchParams(window.location.search);
    var fromAddress = params.getAll("ex");
    // ?programme=starter starts from that programme's first stage, with its doses.
    var programme = params.get("programme");
    if (!fromAddress.length && programme && data.programmes && data.programmes[programme]) {
      fromAddress = data.programmes[programme].slice();
    }
    load(fromAddress.length ? fromAddress : readStore());
    save();
    builder.hidden = false;
    render();
  }

  function setUp() {
    setUpAddLinks();
    setUpBuilder();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
