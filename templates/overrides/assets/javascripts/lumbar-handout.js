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

  // A Python format string filled in: "{value!r}" quotes the value as Python does.
  function fill(template, values) {
    return template.replace(/\{(\w+)(!r)?\}/g, function (all, name, quoted) {
      var value = values[name] === undefined ? "" : String(values[name]);
      return quoted ? "'" + value + "'" : value;
    });
  }

  // A message from the rules, filled in.
  function message(key, values) {
    if (!rules()) return key;  // exercise pages carry no rules; their stored choices are plain ids
    return fill(rules().messages[key], values);
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

  // "bridge:sets=2,reps=10" -> {id, overrides: [[name, value]], problems: []}. As in
  // lumbar.printing.handout.parse_choice, a comma followed by text without "=" belongs to the
  // value before it ("how_often=Twice a day, morning and evening").
  function parseSpec(spec) {
    var at = spec.indexOf(":");
    var id = (at < 0 ? spec : spec.slice(0, at)).trim();
    var rest = at < 0 ? "" : spec.slice(at + 1);
    var pairs = [];
    var problems = [];
    rest.split(",").forEach(function (part) {
      if (part.indexOf("=") < 0 && pairs.length && part.trim()) {
        pairs[pairs.length - 1][1] += "," + part;
        return;
      }
      if (!part.trim()) return;
      var eq = part.indexOf("=");
      pairs.push([eq < 0 ? part : part.slice(0, eq), eq < 0 ? "" : part.slice(eq + 1)]);
    });
    var overrides = [];
    pairs.forEach(function (pair) {
      if (!pair[0].trim() || !pair[1].trim()) {
        problems.push(id + ": " + message("not_pair", { part: (pair[0] + (pair[1] ? "=" + pair[1] : "")).trim() }));
      } else {
        overrides.push([pair[0].trim().toLowerCase().replace(/-/g, "_"), pair[1].trim()]);
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

  // lumbar.content.dose_rules.count_text, read from the data: {value: "8 to 12"} or {problem}.
  function checkCount(name, value) {
    var r = rules();
    var bounds = r.countBounds[name];
    var match = value.length <= r.maxCountText ? new RegExp(r.countPattern).exec(value) : null;
    if (!match) return { problem: message("count", {}) };
    var parts = [match[1], match[2]].filter(function (p) { return p !== undefined; });
    for (var i = 0; i < parts.length; i++) {
      var n = Number(parts[i]);
      if (n < bounds[0] || n > bounds[1]) {
        return { problem: message("bounds", {
          number: parts[i].length <= 12 ? parts[i] : r.messages.big_number, unit: bounds[2], low: bounds[0], high: bounds[1] }) };
      }
    }
    if (match[2] === undefined) return { value: String(Number(match[1])) };
    if (Number(match[2]) <= Number(match[1])) return { problem: message("order", { value: value }) };
    return { value: Number(match[1]) + " to " + Number(match[2]) };
  }

  // lumbar.content.dose_rules.read_typed: what was typed into a count field, as the fields it
  // sets ([[field, count as typed or true]]), or {problem} in plain words.
  function readTyped(name, text) {
    var r = rules();
    var rest = text.trim();
    var found = [];
    var side = r.sideFields.indexOf(name) !== -1 && rest.length <= r.maxTypedText
      ? new RegExp(r.sidePattern, "i").exec(rest) : null;
    if (side) {
      rest = side[1];
      found.push([r.flagFields[0], true]);
    }
    var forms = rest.length <= r.maxTypedText ? r.typedForms[name] : [];
    for (var i = 0; i < forms.length; i++) {
      var match = new RegExp(forms[i][0], "i").exec(rest);
      if (!match) continue;
      var counts = match.slice(1).map(function (count) { return count.trim(); });
      if (forms[i][2] && parseInt(counts[0], 10) > parseInt(counts[1], 10)) counts.reverse();
      forms[i][1].forEach(function (field, index) { found.push([field, counts[index]]); });
      return { fields: found };
    }
    return { problem: message("typed", { help: r.typedHelp[name] }) };
  }

  // One override, checked as lumbar.printing.handout.typed_fields does: {fields: [[field,
  // text for the address, value for the dose]]} or {problem: {field, text}}.
  function checkValue(name, value) {
    var r = rules();
    if (r.flagFields.indexOf(name) !== -1) {
      var lower = value.trim().toLowerCase();
      if (r.yes.indexOf(lower) !== -1) return { fields: [[name, r.yes[0], true]] };
      if (r.no.indexOf(lower) !== -1) return { fields: [[name, r.no[0], false]] };
      return { problem: { field: "", text: message("yes_no", { value: value }) } };
    }
    if (r.textFields.indexOf(name) !== -1) {
      if (value.length > r.maxText) return { problem: { field: "", text: message("too_long", { name: name, limit: r.maxText }) } };
      if (new RegExp(r.htmlPattern).test(value)) return { problem: { field: "", text: message("html", { name: name }) } };
      return { fields: [[name, value, value]] };
    }
    var typed = readTyped(name, value);
    if (typed.problem) return { problem: { field: name, text: typed.problem } };
    var fields = [];
    for (var i = 0; i < typed.fields.length; i++) {
      var field = typed.fields[i][0];
      var got = typed.fields[i][1];
      if (got === true) {
        fields.push([field, r.yes[0], true]);
        continue;
      }
      var count = checkCount(field, got);
      if (count.problem) return { problem: { field: field, text: count.problem } };
      fields.push([field, got, count.value]);
    }
    return { fields: fields };
  }

  function problemText(problem) {
    return (problem.field ? problem.field + ": " : "") + problem.text;
  }

  // The exercise's dose with the overrides applied. Valid overrides are kept in their plain
  // parts ("reps=2 x 10" becomes sets=2, reps=10), in field order; the others are reported
  // and dropped. `problem` is the first problem as {field, text}, for the box it came from.
  function applyOverrides(exercise, overrides) {
    var r = rules();
    var dose = {};
    Object.keys(exercise.dose).forEach(function (key) { dose[key] = exercise.dose[key]; });
    var set = {};
    var typedAs = {};
    var kept = [];
    var problems = [];
    var first = null;
    function refuse(problem) {
      problems.push(exercise.id + ": " + problemText(problem));
      first = first || problem;
    }
    overrides.forEach(function (pair) {
      var name = pair[0];
      if (r.fields.indexOf(name) === -1) {
        refuse({ field: "", text: message("unknown_field", { name: name, hint: "", fields: r.fields.join(", ") }) });
        return;
      }
      var checked = checkValue(name, pair[1]);
      if (checked.problem) {
        refuse(checked.problem);
        return;
      }
      for (var i = 0; i < checked.fields.length; i++) {
        var field = checked.fields[i][0];
        if (set.hasOwnProperty(field) && set[field] !== checked.fields[i][2]) {
          refuse({ field: "", text: message("twice", { name: field, first: typedAs[field], second: pair[1] }) });
          return;
        }
      }
      checked.fields.forEach(function (part) {
        set[part[0]] = part[2];
        typedAs[part[0]] = pair[1];
        dose[part[0]] = part[2];
        kept = kept.filter(function (o) { return o[0] !== part[0]; });
        kept.push([part[0], part[1]]);
      });
    });
    kept.sort(function (a, b) { return r.fields.indexOf(a[0]) - r.fields.indexOf(b[0]); });
    return { dose: dose, overrides: kept, problems: problems, problem: first, set: Object.keys(set) };
  }

  // One row value of lumbar.content.text.dose_rows ("15 to 30 seconds", "8 to 12 on each side").
  function rowValue(row, dose) {
    var r = rules();
    var text = row[2].replace("{}", String(dose[row[0]]));
    return text + (row[0] === r.perSideField && dose.per_side ? r.perSide : "");
  }

  // The rows of lumbar.content.text.dose_rows, from the same data: [[label, value]].
  function doseRows(dose) {
    return rules().rows.filter(function (row) { return dose[row[0]]; }).map(function (row) {
      return [row[1], rowValue(row, dose)];
    });
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
    var handout = document.querySelector("[data-lumbar-handout]");
    var output = document.querySelector("[data-lumbar-handout-output]");
    if (!source || !builder || !handout || !output || builder.dataset.ready) return;
    var data = JSON.parse(source.textContent);
    var r = data.rules;
    var P = r.personal;  // labels and rules of the patient's details, side and note
    var W = r.words;  // what the printout says around the content (dose_rules.PRINTED_WORDS)
    var B = r.builderWords;  // the builder's own form and printout words (dose_rules.BUILDER_WORDS)
    var BOTH = P.sides[0][0];  // the default side, left out of the address
    var byId = {};
    data.exercises.forEach(function (exercise) { byId[exercise.id] = exercise; });
    var form = builder.querySelector("[data-lumbar-handout-form]");
    var pick = form.elements.pick;
    var status = builder.querySelector("[data-lumbar-handout-status]");
    var chosenList = builder.querySelector("[data-lumbar-handout-chosen]");
    var patientInput = builder.querySelector("#lumbar-handout-patient");
    var dateInput = builder.querySelector("#lumbar-handout-date");
    var patient = "";   // who the handout is for, as typed
    var date = "";      // YYYY-MM-DD, as the date box gives it
    var problems = [];  // about the address or the last change, shown in the status line
    var note = "";      // how the last typed dose was read
    var items = [];

    function load(specs) {
      items = [];
      specs.forEach(function (spec) {
        var parsed = parseSpec(spec);
        problems = problems.concat(parsed.problems);
        var exercise = byId[parsed.id];
        if (!exercise) {
          if (parsed.id) problems.push(message("unknown_exercise", { id: parsed.id, hint: "" }));
          return;
        }
        if (items.some(function (item) { return item.id === parsed.id; })) {
          problems.push(message("chosen_twice", { id: parsed.id }));
          return;
        }
        var applied = applyOverrides(exercise, parsed.overrides);
        problems = problems.concat(applied.problems);
        items.push({ id: parsed.id, overrides: applied.overrides, dose: applied.dose, side: BOTH, note: "" });
      });
    }

    // patient=, date=, side=ID=left and note=ID=TEXT after "#", as `lumbar handout --patient
    // --date --side --note` spell them. Untrusted text: only ever shown with textContent.
    function loadPersonal(params) {
      var name = (params.get(P.address.patient) || "").trim();
      if (name.length > P.maxText) problems.push(message("too_long", { name: P.address.patient, limit: P.maxText }));
      else patient = name;
      var day = (params.get(P.address.date) || "").trim();
      if (day && !dateText(day)) problems.push(message("date", { value: day }));
      else date = day;
      function each(key, use) {
        params.getAll(key).forEach(function (value) {
          var at = value.indexOf("=");
          var id = value.slice(0, at < 0 ? value.length : at).trim();
          var text = at < 0 ? "" : value.slice(at + 1).trim();
          var item = items.filter(function (i) { return i.id === id; })[0];
          if (!item) problems.push(message("not_chosen", { id: id }));
          else use(item, text, id);
        });
      }
      var sides = P.sides.map(function (side) { return side[0]; });
      each(P.address.side, function (item, text, id) {
        if (sides.indexOf(text.toLowerCase()) === -1) problems.push(message("bad_side", { id: id, value: text }));
        else item.side = text.toLowerCase();
      });
      each(P.address.note, function (item, text, id) {
        if (text.length > P.maxText) problems.push(id + ": " + message("too_long", { name: P.address.note, limit: P.maxText }));
        else item.note = text;
      });
    }

    // "2025-03-14" as the handout prints it ("14 March 2025"), or "" for anything else.
    function dateText(value) {
      var match = new RegExp(P.datePattern).exec(value);
      if (!match) return "";
      var day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
      if (day.getUTCMonth() !== Number(match[2]) - 1 || day.getUTCDate() !== Number(match[3])) return "";
      return day.toLocaleDateString(P.dateLocale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    }

    function personalQuery() {
      // "=" may stay as it is: a parameter's value runs to the next "&".
      function part(key, value) { return key + "=" + encodeURIComponent(value).replace(/%3D/gi, "="); }
      var parts = [];
      if (patient) parts.push(part(P.address.patient, patient));
      if (date) parts.push(part(P.address.date, date));
      items.forEach(function (item) {
        if (item.side !== BOTH) parts.push(part(P.address.side, item.id + "=" + item.side));
        if (item.note) parts.push(part(P.address.note, item.id + "=" + item.note));
      });
      return parts;
    }

    // The exercises and doses go in the query; the patient's details go after "#", which a
    // browser never sends to the server, so they reach no host's logs.
    function save() {
      var specs = items.map(specOf);
      var query = specs.length ? "?" + queryOf(specs) : "";
      var personal = personalQuery();
      var hash = personal.length ? "#" + personal.join("&") : "";
      history.replaceState(null, "", window.location.pathname + query + hash);
      writeStore(specs);
    }

    function fieldId(item, name) {
      return "lumbar-dose-" + item.id + "-" + name;
    }

    function overrideOf(item, name) {
      var found = item.overrides.filter(function (o) { return o[0] === name; });
      return found.length ? found[0][1] : "";
    }

    // What the clinician typed into one box (or ticked): applied in its plain parts, or
    // refused with the problem tied to the box.
    function commit(item, name, value, row) {
      var exercise = byId[item.id];
      var flag = r.flagFields.indexOf(name) !== -1;
      var input = row.querySelector("#" + fieldId(item, name));
      var error = row.querySelector("#" + fieldId(item, name) + "-error");
      // Enter, then leaving the box, commits once.
      if (!flag && value === overrideOf(item, name) && input.getAttribute("aria-invalid") !== "true") return;
      var overrides = item.overrides.filter(function (o) { return o[0] !== name; });
      var parts = value === "" ? null : checkValue(name, value);
      if (parts && parts.fields) {
        // The fields the typed value sets replace what those boxes held ("2 x 10" sets both).
        var names = parts.fields.map(function (part) { return part[0]; });
        overrides = overrides.filter(function (o) { return names.indexOf(o[0]) === -1; });
      }
      if (value !== "") overrides.push([name, value]);
      if (flag) {
        // A tick that matches the exercise's own dose is no change.
        overrides = overrides.filter(function (o) {
          return o[0] !== name || (r.yes.indexOf(o[1]) !== -1) !== Boolean(exercise.dose[name]);
        });
      }
      var applied = applyOverrides(exercise, overrides);
      note = "";
      if (applied.problem) {
        input.setAttribute("aria-invalid", "true");
        error.textContent = applied.problem.text;
        error.hidden = false;
        problems = [exercise.name + ", " + r.labels[name] + ": " + applied.problem.text];
        renderStatus();
        return;
      }
      input.setAttribute("aria-invalid", "false");
      error.textContent = "";
      error.hidden = true;
      problems = [];
      item.overrides = applied.overrides;
      item.dose = applied.dose;
      var plain = parts && parts.fields && (parts.fields.length > 1 || String(parts.fields[0][1]) !== value);
      if (plain && !flag) {
        var setNames = parts.fields.map(function (part) { return part[0]; });
        var result = r.rows.filter(function (row) {
          return setNames.indexOf(row[0]) !== -1 || (row[0] === r.perSideField && setNames.indexOf(r.flagFields[0]) !== -1);
        }).filter(function (row) { return item.dose[row[0]]; }).map(function (row) {
          return row[1] + " " + rowValue(row, item.dose);
        });
        note = message("read_as", { exercise: exercise.name, typed: value, result: result.join(", ") });
      }
      syncFields(item, row);
      save();
      renderOutput();
      renderStatus();
    }

    // The boxes show what was set for this patient, in its plain parts; empty means usual.
    function syncFields(item, row) {
      r.formFields.forEach(function (name) {
        var input = row.querySelector("#" + fieldId(item, name));
        if (r.flagFields.indexOf(name) !== -1) input.checked = Boolean(item.dose[name]);
        else if (input.getAttribute("aria-invalid") !== "true") input.value = overrideOf(item, name);
      });
    }

    function usualText(exercise, name) {
      var value = exercise.dose[name];
      if (r.flagFields.indexOf(name) !== -1) return message("usual", { value: value ? r.yes[0] : r.no[0] });
      var row = r.rows.filter(function (row) { return row[0] === name; })[0];
      if (value === null || value === undefined || value === "") return message("usual_none", {});
      return message("usual", { value: rowValue(row, exercise.dose) });
    }

    function doseField(item, name, row) {
      var exercise = byId[item.id];
      var id = fieldId(item, name);
      var flag = r.flagFields.indexOf(name) !== -1;
      var usual = el("p", { id: id + "-usual", "class": "lumbar-handout-field__usual", text: usualText(exercise, name) });
      var error = el("p", { id: id + "-error", "class": "lumbar-handout-field__error" });
      error.hidden = true;
      var input = el("input", {
        id: id, name: name, "data-field": name, type: flag ? "checkbox" : "text",
        "aria-describedby": id + "-usual " + id + "-error",
        "aria-invalid": "false"
      });
      if (!flag) input.setAttribute("spellcheck", "false");
      // A tick box sits inside its label, so the whole label (44 px high) is the target.
      var label = flag ? el("label", { "for": id }, [input, el("span", { text: r.labels[name] })])
        : el("label", { "for": id, text: r.labels[name] });
      input.addEventListener("change", function () {
        commit(item, name, flag ? (input.checked ? r.yes[0] : r.no[0]) : input.value.trim(), row);
      });
      if (!flag) {
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            commit(item, name, input.value.trim(), row);
          }
        });
      }
      var kind = flag ? " lumbar-handout-field--check" : (r.textFields.indexOf(name) !== -1 ? " lumbar-handout-field--wide" : "");
      var parts = flag ? [label, usual, error] : [label, usual, error, input];
      return el("div", { "class": "lumbar-handout-field" + kind }, parts);
    }

    // The side to work and a note, for one chosen exercise.
    function personalFields(item) {
      var sideId = "lumbar-handout-side-" + item.id;
      var noteId = "lumbar-handout-note-" + item.id;
      var select = el("select", { id: sideId }, P.sides.map(function (side) {
        return el("option", { value: side[0], text: side[1] });
      }));
      select.value = item.side;
      select.addEventListener("change", function () {
        item.side = select.value;
        save();
        renderOutput();
      });
      var note = el("input", { id: noteId, type: "text", maxlength: String(P.maxText) });
      note.value = item.note;
      note.addEventListener("change", function () {
        item.note = note.value.trim().slice(0, P.maxText);
        save();
        renderOutput();
      });
      return el("div", { "class": "lumbar-handout-item__personal" }, [
        el("div", { "class": "lumbar-handout-field" }, [el("label", { "for": sideId, text: P.labels.side }), select]),
        el("div", { "class": "lumbar-handout-field lumbar-handout-field--wide" }, [
          el("label", { "for": noteId, text: P.labels.note }), note])
      ]);
    }

    function renderStatus() {
      var messages = [];
      messages.push(items.length === 1 ? B.count_one : fill(B.count_many, { count: items.length }));
      if (items.length > data.maxRecommended) {
        messages.push(message("too_many", { count: items.length, limit: data.maxRecommended }));
      }
      if (note) messages.push(note);
      status.textContent = messages.concat(problems).join(" ");
      status.classList.toggle("lumbar-handout-status--warning", items.length > data.maxRecommended || problems.length > 0);
    }

    // Rebuilt after adding, moving or removing. `focus` says where keyboard focus goes back
    // to: {id: an element id}, or {row: an exercise id, action: "up"} for its button.
    function renderChosen(focus) {
      chosenList.textContent = "";
      items.forEach(function (item, index) {
        var exercise = byId[item.id];
        var row = el("li", { "class": "lumbar-handout-item", "data-exercise-id": item.id });
        var fields = el("fieldset", { "class": "lumbar-handout-item__dose" }, [
          el("legend", { "class": "lumbar-visually-hidden", text: W.dose + ": " + exercise.name })
        ]);
        r.formFields.forEach(function (name) { fields.appendChild(doseField(item, name, row)); });
        function button(label, action, handler) {
          var b = el("button", { type: "button", "class": "md-button", "data-action": action, text: label,
            "aria-label": label + ": " + exercise.name });
          b.addEventListener("click", handler);
          return b;
        }
        var actions = el("div", { "class": "lumbar-handout-item__actions" }, [
          index > 0 ? button(B.move_up, "up", function () { move(index, -1); }) : null,
          index < items.length - 1 ? button(B.move_down, "down", function () { move(index, 1); }) : null,
          button("Remove", "remove", function () { remove(index); })
        ]);
        row.appendChild(el("h3", { "class": "lumbar-handout-item__name", id: fieldId(item, "name"), tabindex: "-1",
          text: exercise.name }));
        row.appendChild(fields);
        row.appendChild(personalFields(item));
        row.appendChild(actions);
        syncFields(item, row);
        chosenList.appendChild(row);
      });
      if (focus) {
        var target = null;
        if (focus.row) {
          var row = chosenList.querySelector("li[data-exercise-id=\"" + focus.row + "\"]");
          target = row && (row.querySelector("[data-action=" + focus.action + "]") || row.querySelector("[data-action]"));
        } else {
          target = document.getElementById(focus.id);
        }
        (target || pick).focus();
      }
    }

    function move(index, step) {
      var target = index + step;
      if (target < 0 || target >= items.length) return;
      var moved = items.splice(index, 1)[0];
      items.splice(target, 0, moved);
      changed({ row: moved.id, action: step < 0 ? "up" : "down" });
    }

    function remove(index) {
      items.splice(index, 1);
      var next = items[index] || items[index - 1];
      changed({ id: next ? fieldId(next, "name") : pick.id });
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
        output.appendChild(el("p", { "class": "lumbar-handout__empty", text: B.empty }));
        return;
      }
      // Filled in from the boxes above, or a line to write on.
      var blanks = [["patient", patient], ["by", ""], ["date", dateText(date)]].map(function (pair) {
        return el("p", { "class": "lumbar-handout__blank", "data-blank": pair[0] }, [
          el("strong", { text: P.printed[pair[0]] }),
          pair[1] ? el("span", { text: pair[1] }) : el("span", { "aria-hidden": "true" })]);
      });
      var clinic = data.clinic || {};
      var notes = [];
      for (var i = 0; i < 8; i += 1) notes.push(el("div", { "class": "lumbar-handout__note-line" }));
      output.appendChild(section("lumbar-handout__cover", [
        clinic.name ? el("p", { "class": "lumbar-handout__clinic", text: clinic.name }) : null,
        clinic.phone ? el("p", { "class": "lumbar-handout__phone", text: fill(P.printed.phone, { phone: clinic.phone }) }) : null,
        el("p", { "class": "lumbar-handout__site", text: data.siteName }),
        el("h2", { text: W.title }),
        el("p", { text: W.intro })
      ].concat(blanks, [
        el("h3", { text: W.your_exercises }),
        list("ol", items.map(function (item) { return byId[item.id].name; })),
        el("p", { text: B.help_last + " " + data.disclaimer }),
        el("h3", { text: P.printed.note }),
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
          el("span", { text: W.online + " " }),
          el("a", { href: exercise.page, text: exercise.url || exercise.page })
        ]);
        var page = section("lumbar-handout__exercise", [
          el("p", { "class": "lumbar-handout__kicker", text: fill(W.exercise_of, { number: index + 1, total: items.length }) }),
          el("h2", { text: exercise.name }),
          exercise.reviewNote ? el("p", {}, [el("strong", { text: exercise.reviewNote })]) : null,
          exercise.pictures.length ? el("div", { "class": "lumbar-handout__pictures" }, exercise.pictures.map(function (picture) {
            return el("img", { src: picture.src, alt: picture.alt, width: String(picture.width), height: String(picture.height) });
          })) : null,
          el("h3", { text: W.starting_position }),
          el("p", { text: exercise.startingPosition }),
          el("h3", { text: W.steps }),
          list("ol", exercise.steps),
          el("h3", { text: W.dose }),
          item.overrides.length ? el("p", {}, [el("strong", { text: B.set_note })]) : null,
          dose,
          el("p", { text: W.start_gently }),
          item.side !== BOTH ? el("h3", { text: P.printed.side }) : null,
          item.side !== BOTH ? el("p", { "class": "lumbar-handout__side" }, [el("strong", { text: P.printedSides[item.side] })]) : null,
          item.note ? el("h3", { text: P.printed.note }) : null,
          item.note ? el("p", { "class": "lumbar-handout__note" }, [el("strong", { text: item.note })]) : null,
          el("h3", { text: W.feel }),
          el("p", { text: exercise.feel }),
          el("h3", { "class": "lumbar-handout__stop", text: W.stop }),
          list("ul", exercise.stopIf),
          online
        ]);
        page.setAttribute("data-exercise-id", item.id);
        output.appendChild(page);
      });
    }

    function changed(focus) {
      problems = [];
      note = "";
      save();
      render(focus);
    }

    function render(focus) {
      renderChosen(focus);
      renderOutput();
      renderStatus();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var id = pick.value;
      if (!id || !byId[id]) return;
      if (items.some(function (item) { return item.id === id; })) {
        problems = [message("already_chosen", { name: byId[id].name })];
        renderStatus();
        return;
      }
      items.push({ id: id, overrides: [], dose: applyOverrides(byId[id], []).dose, side: BOTH, note: "" });
      pick.value = "";
      changed();
    });
    builder.querySelector("[data-lumbar-handout-print]").addEventListener("click", function () { window.print(); });
    builder.querySelector("[data-lumbar-handout-clear]").addEventListener("click", function () {
      items = [];
      changed({ id: pick.id });
    });

    var params = new URLSearchParams(window.location.search);
    var fromAddress = params.getAll("ex");
    // ?programme=starter starts from that programme's first stage, with its doses.
    var programme = params.get("programme");
    if (!fromAddress.length && programme && data.programmes && data.programmes[programme]) {
      fromAddress = data.programmes[programme].slice();
    }
    load(fromAddress.length ? fromAddress : readStore());
    loadPersonal(new URLSearchParams(window.location.hash.slice(1)));
    patientInput.value = patient;
    dateInput.value = date;
    patientInput.addEventListener("change", function () {
      patient = patientInput.value.trim().slice(0, P.maxText);
      save();
      renderOutput();
    });
    dateInput.addEventListener("change", function () {
      date = dateText(dateInput.value) ? dateInput.value : "";
      save();
      renderOutput();
    });
    save();
    render();
    builder.querySelectorAll("[disabled]").forEach(function (control) { control.disabled = false; });
    builder.dataset.ready = "1";
    handout.dataset.ready = "1";
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
