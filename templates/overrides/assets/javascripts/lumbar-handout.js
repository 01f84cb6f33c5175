// Handouts in the browser: "Add to handout" on exercise pages, and the handout builder page.
//
// The address holds what a shared link may carry and nothing about the person: the exercises
// and doses (?ex=bridge:sets=2,reps=10&ex=walking, the spelling of `lumbar handout
// bridge:sets=2,reps=10 walking`), each side (side=clamshell=left) and the layout. The
// patient's name, the date and every note live in the page only; they are kept on this device
// (localStorage) only while the clinician ticks the box that asks for it, and 'New patient'
// forgets them with the list in one step. The clinician's own name, clinic and phone are kept
// on this device for the next handout and never leave it. A copy of the list in localStorage
// lets "Add to handout" collect exercises from several pages.
//
// All exercise data is embedded in the builder page as JSON and is only ever inserted as text
// (textContent), never as HTML. No request leaves the page. This script is page behaviour
// only: every rule (reading a selection, typed doses, counts, the patient's details, dose rows,
// the order of the printout, what to say about a link that cannot be read) and every word is
// the rulebook's (lumbar-rulebook.js, the twin of Python's lumbar.content.rulebook, with the
// data and wording of lumbar.content.dose_rules embedded in the page).
(function () {
  "use strict";

  var STORE = "lumbar-handout";  // the chosen exercises and doses, as the address spells them
  var CLINICIAN_STORE = "lumbar-handout-clinician";  // this device's clinician: name, clinic, phone, paper
  var PATIENT_STORE = "lumbar-handout-patient";  // the patient's details, only when the clinician asks

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;  // storage refused (a private window): the page works, remembering nothing
    }
  }

  function readJSON(key, fallback) {
    try {
      var value = JSON.parse(storage().getItem(key));
      return value === null || typeof value !== typeof fallback ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function writeJSON(key, value) {
    try {
      storage().setItem(key, JSON.stringify(value));
    } catch (error) {
      // Private windows may refuse storage; the page still works for this visit.
    }
  }

  function forget(key) {
    try {
      storage().removeItem(key);
    } catch (error) {
      // Nothing was stored.
    }
  }

  function readStore() {
    var value = readJSON(STORE, []);
    return Array.isArray(value) ? value.filter(function (s) { return typeof s === "string"; }) : [];
  }

  // Whether a stored choice is of this exercise: the store holds the builder's own spellings
  // (the id, or the id, ":" and its dose fields).
  function isOf(spec, id) {
    return spec === id || spec.indexOf(id + ":") === 0;
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
        return readStore().filter(function (spec) { return spec.trim() !== ""; });
      }
      function has(specs) {
        return specs.some(function (spec) { return isOf(spec, id); });
      }
      function refresh() {
        var specs = chosen();
        if (has(specs)) {
          link.textContent = "Open handout (" + specs.length + " chosen)";
          link.setAttribute("href", base + "?" + LumbarRulebook.query(specs));
        }
      }
      link.addEventListener("click", function () {
        var specs = chosen();
        if (!has(specs)) specs.push(id);
        writeJSON(STORE, specs);
        link.setAttribute("href", base + "?" + LumbarRulebook.query(specs));
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
    var book = LumbarRulebook.rulebook(r);
    var message = book.message;
    var fill = book.fill;
    var P = r.personal;  // labels and rules of the patient's details, side and note
    var W = r.words;  // what the printout says around the content (dose_rules.PRINTED_WORDS)
    var B = r.builderWords;  // the builder's own form and printout words (dose_rules.BUILDER_WORDS)
    var BOTH = P.sides[0][0];  // the default side, left out of the address
    var COMPACT = data.layouts[0];  // the default layout, left out of the address
    var byId = {};
    var names = {};
    data.exercises.forEach(function (exercise) {
      byId[exercise.id] = exercise;
      names[exercise.id] = exercise.name;
    });
    var form = builder.querySelector("[data-lumbar-handout-form]");
    var pick = form.elements.pick;
    var status = builder.querySelector("[data-lumbar-handout-status]");
    var chosenList = builder.querySelector("[data-lumbar-handout-chosen]");
    var patientInput = builder.querySelector("#lumbar-handout-patient");
    var dateInput = builder.querySelector("#lumbar-handout-date");
    var noteInput = builder.querySelector("#lumbar-handout-note");
    var rememberBox = builder.querySelector("#lumbar-handout-remember");
    var linkBox = builder.querySelector("[data-lumbar-handout-link]");
    var linkInput = builder.querySelector("#lumbar-handout-link");
    var clinicianInputs = {};  // by name: clinician, clinic, phone (the template's boxes)
    builder.querySelectorAll("[data-lumbar-handout-clinician] input").forEach(function (input) {
      clinicianInputs[input.name] = input;
    });
    var patient = "";   // who the handout is for, as typed
    var date = "";      // YYYY-MM-DD, as the date box gives it
    var handoutNote = "";  // the note for the whole handout
    var remember = false;  // whether the clinician asked to keep this patient's details here
    var clinician = readJSON(CLINICIAN_STORE, {});  // this device's clinician (never in the address)
    var layout = COMPACT;
    var problems = [];  // about the last change, shown in the status line
    var linkNotes = [];  // what could not be read of the link this page was opened with
    var note = "";      // how the last typed dose was read
    var items = [];

    // Today's date on this computer, as "YYYY-MM-DD", for a date of "today".
    function today() {
      var now = new Date();
      function two(n) { return String(n).padStart(2, "0"); }
      return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
    }

    // "2025-03-14" as the handout prints it ("14 March 2025"), or "" for anything else.
    function dateText(value) {
      return book.dateText(value, today()).text || "";
    }

    // The chosen exercises that have sides (the exercise's `sides` field): only they take one.
    function sidedIds() {
      return items.filter(function (item) { return byId[item.id].sides; }).map(function (item) { return item.id; });
    }

    // A box of the builder's own (the clinician, the whole handout's note) longer than its
    // printed limit is refused with the limit, never cut, as the patient's name is.
    function tooLong(key, text) {
      return Array.from(text).length > P.limits[key] ? message("too_long", { name: P.labels[key], limit: P.limits[key] }) : "";
    }

    // ---- The address: what a shared link carries. "=" and ":" stay readable.
    function part(key, value) { return key + "=" + encodeURIComponent(value).replace(/%3D/gi, "="); }

    function addressQuery() {
      var parts = [];
      var specs = items.map(function (item) { return book.spec(item.id, item.overrides); });
      if (specs.length) parts.push(book.query(specs));
      items.forEach(function (item) {
        if (item.side !== BOTH) parts.push(part(P.address.side, item.id + "=" + item.side));
      });
      if (layout !== COMPACT) parts.push(part(P.address.layout, layout));
      return parts.length ? "?" + parts.join("&") : "";
    }

    // The address holds no name, date or note: nothing after "#" either (an older link's
    // details there are dropped, not read).
    function save() {
      history.replaceState(null, "", window.location.pathname + addressQuery());
      if (items.length) writeJSON(STORE, items.map(function (item) { return book.spec(item.id, item.overrides); }));
      else forget(STORE);
      savePatient();
    }

    // The patient's details stay on this device only when the clinician ticked the box.
    function savePatient() {
      if (!remember) {
        forget(PATIENT_STORE);
        return;
      }
      var notes = {};
      items.forEach(function (item) { if (item.note) notes[item.id] = item.note; });
      writeJSON(PATIENT_STORE, { patient: patient, date: date, note: handoutNote, notes: notes });
    }

    function saveClinician() {
      writeJSON(CLINICIAN_STORE, clinician);
    }

    function shareLink() {
      var here = window.location.href.split(/[?#]/)[0];
      return here + addressQuery();
    }

    // ---- Paper size and page numbers, as the printout's @page rule: the paper the clinician
    // chose (kept on this device) and "Page 1 of 3" at the foot of every page.
    var pageStyle = el("style", { id: "lumbar-handout-page" });
    document.head.appendChild(pageStyle);

    function cssString(text) {
      return "\"" + String(text).replace(/["\\]/g, "\\$&").replace(/\n/g, "\\A ") + "\"";
    }

    function applyPage() {
      var paper = data.papers.indexOf(clinician.paper) !== -1 ? clinician.paper : data.papers[0];
      var counter = B.page_of.split(/(\{number\}|\{total\})/).filter(Boolean).map(function (piece) {
        return piece === "{number}" ? "counter(page)" : piece === "{total}" ? "counter(pages)" : cssString(piece);
      }).join(" ");
      pageStyle.textContent = fill(data.pageRule, { paper: paper, counter: counter,
        footer: cssString(data.siteName + " \u00b7 " + data.disclaimer) });
      builder.querySelectorAll("input[name=paper]").forEach(function (radio) { radio.checked = radio.value === paper; });
    }

    // ---- Reading the address (or the list kept on this device) when the page opens.
    function load(specs, sides) {
      var doses = {};
      data.exercises.forEach(function (exercise) { doses[exercise.id] = exercise.dose; });
      var selection = book.select(doses, specs);
      items = selection.items.map(function (chosen) {
        return { id: chosen.id, overrides: chosen.overrides, dose: chosen.dose, side: BOTH, note: "", open: false };
      });
      var read = book.readPersonal("", "", sides, [], items.map(function (item) { return item.id; }), today(), sidedIds());
      items.forEach(function (item) { item.side = read.sides[item.id] || BOTH; });
      return selection.issues.concat(read.issues);
    }

    // The patient's details kept here at the clinician's request (see savePatient).
    function restorePatient() {
      var kept = readJSON(PATIENT_STORE, null);
      if (!kept) return;
      var ids = items.map(function (item) { return item.id; });
      var notes = Object.keys(kept.notes || {}).filter(function (id) { return ids.indexOf(id) !== -1; })
        .map(function (id) { return id + "=" + kept.notes[id]; });
      var read = book.readPersonal(String(kept.patient || ""), String(kept.date || ""), [], notes, ids, today(), []);
      patient = read.patient;
      date = read.date;
      handoutNote = tooLong("handout_note", String(kept.note || "")) ? "" : String(kept.note || "");
      items.forEach(function (item) { item.note = read.notes[item.id] || ""; });
      remember = true;
    }

    function fieldId(item, name) {
      return "lumbar-dose-" + item.id + "-" + name;
    }

    function overrideOf(item, name) {
      var found = item.overrides.filter(function (o) { return o[0] === name; });
      return found.length ? found[0][1] : "";
    }

    // The dose as one line: "Sets 2 · Repetitions 8 to 12 on each side · How often Once a day".
    function doseLine(dose) {
      return book.doseRows(dose).map(function (row) { return row[0] + " " + row[1]; }).join(" \u00b7 ");
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
      var parts = value === "" ? null : book.checkOverride(name, value);
      if (parts && parts.parts) {
        // The fields the typed value sets replace what those boxes held ("2 x 10" sets both).
        var fieldNames = parts.parts.map(function (p) { return p.field; });
        overrides = overrides.filter(function (o) { return fieldNames.indexOf(o[0]) === -1; });
      }
      if (value !== "") overrides.push([name, value]);
      if (flag) {
        // A tick that matches the exercise's own dose is no change.
        overrides = overrides.filter(function (o) {
          return o[0] !== name || (r.yes.indexOf(o[1]) !== -1) !== Boolean(exercise.dose[name]);
        });
      }
      var applied = book.applyOverrides(exercise.id, exercise.dose, overrides);
      note = "";
      if (applied.first) {
        input.setAttribute("aria-invalid", "true");
        error.textContent = applied.first.text;
        error.hidden = false;
        problems = [exercise.name + ", " + r.labels[name] + ": " + applied.first.text];
        renderStatus();
        return;
      }
      input.setAttribute("aria-invalid", "false");
      error.textContent = "";
      error.hidden = true;
      problems = [];
      item.overrides = applied.overrides;
      item.dose = applied.dose;
      var plain = parts && parts.parts && (parts.parts.length > 1 || parts.parts[0].text !== value);
      if (plain && !flag) {
        var setNames = parts.parts.map(function (p) { return p.field; });
        var result = r.rows.filter(function (doseRow) {
          return setNames.indexOf(doseRow[0]) !== -1 || (doseRow[0] === r.perSideField && setNames.indexOf(r.flagFields[0]) !== -1);
        }).filter(function (doseRow) { return item.dose[doseRow[0]]; }).map(function (doseRow) {
          return doseRow[1] + " " + book.rowValue(doseRow[0], doseRow[2], item.dose);
        });
        note = message("read_as", { exercise: exercise.name, typed: value, result: result.join(", ") });
      }
      syncFields(item, row);
      save();
      renderOutput();
      renderStatus();
    }

    // The boxes show what was set for this patient, in its plain parts; empty means usual.
    // The line above them says the whole dose as it will print.
    function syncFields(item, row) {
      r.formFields.forEach(function (name) {
        var input = row.querySelector("#" + fieldId(item, name));
        if (r.flagFields.indexOf(name) !== -1) input.checked = Boolean(item.dose[name]);
        else if (input.getAttribute("aria-invalid") !== "true") input.value = overrideOf(item, name);
      });
      row.querySelector(".lumbar-handout-item__dose-now").textContent = W.dose + ": " + doseLine(item.dose);
    }

    function usualText(exercise, name) {
      var value = exercise.dose[name];
      if (r.flagFields.indexOf(name) !== -1) return message("usual", { value: value ? r.yes[0] : r.no[0] });
      var doseRow = r.rows.filter(function (each) { return each[0] === name; })[0];
      if (value === null || value === undefined || value === "") return message("usual_none", {});
      return message("usual", { value: book.rowValue(doseRow[0], doseRow[2], exercise.dose) });
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
      var fieldParts = flag ? [label, usual, error] : [label, usual, error, input];
      return el("div", { "class": "lumbar-handout-field" + kind }, fieldParts);
    }

    // The side to work (only for an exercise that has sides: walking has none) and a note.
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
      // No maxlength: a browser cuts a pasted note to it without a word. Read as `lumbar
      // handout --note` is instead: a note too long to print is refused.
      var noteBox = el("input", { id: noteId, type: "text", "aria-invalid": "false" });
      noteBox.value = item.note;
      noteBox.addEventListener("change", function () {
        var typed = noteBox.value.trim();
        var read = typed ? book.readPersonal("", "", [], [item.id + "=" + typed], [item.id], today(), [])
          : { notes: {}, problems: [] };
        noteBox.setAttribute("aria-invalid", read.problems.length ? "true" : "false");
        problems = read.problems;
        if (read.problems.length) {
          renderStatus();
          return;
        }
        item.note = read.notes[item.id] || "";
        save();
        renderOutput();
        renderStatus();
      });
      return el("div", { "class": "lumbar-handout-item__personal" }, [
        byId[item.id].sides ? el("div", { "class": "lumbar-handout-field" }, [
          el("label", { "for": sideId, text: P.labels.side }), select]) : null,
        el("div", { "class": "lumbar-handout-field lumbar-handout-field--wide" }, [
          el("label", { "for": noteId, text: P.labels.note }), noteBox])
      ]);
    }

    function renderStatus(extra) {
      var messages = [];
      messages.push(items.length === 1 ? B.count_one : fill(B.count_many, { count: items.length }));
      if (items.length > data.maxRecommended) {
        messages.push(message("too_many", { count: items.length, limit: data.maxRecommended }));
      }
      if (note) messages.push(note);
      var all = messages.concat(problems, linkNotes, extra ? [extra] : []);
      status.textContent = all.join(" ");
      status.classList.toggle("lumbar-handout-status--warning",
        items.length > data.maxRecommended || problems.length > 0 || linkNotes.length > 0);
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
        // The dose boxes are folded until asked for (a phone screen holds a whole exercise);
        // the line above them says what will print.
        var amount = el("details", { "class": "lumbar-handout-item__amount" }, [
          el("summary", { text: B.change_amount, "aria-label": B.change_amount + ": " + exercise.name }), fields]);
        amount.open = item.open;
        amount.addEventListener("toggle", function () { item.open = amount.open; });
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
        row.appendChild(el("p", { "class": "lumbar-handout-item__dose-now" }));
        row.appendChild(amount);
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

    // ---- The printout. Both layouts say what the PDF handouts say, in their order.
    function list(tag, texts, attrs) {
      return el(tag, attrs || {}, texts.map(function (text) { return el("li", { text: text }); }));
    }

    function clinicName() { return clinician.clinic || (data.clinic || {}).name || ""; }
    function clinicPhone() { return clinician.phone || (data.clinic || {}).phone || ""; }

    // "Prepared for: Sam Lee", or the label and a line to write on.
    function blank(key, value, label) {
      return el("p", { "class": "lumbar-handout__blank", "data-blank": key }, [
        el("strong", { text: label || P.printed[key] }),
        value ? el("span", { text: value }) : el("span", { "aria-hidden": "true" })]);
    }

    function pictures(exercise) {
      return el("div", { "class": "lumbar-handout__pictures" }, exercise.pictures.map(function (picture) {
        return el("img", { src: picture.src, alt: picture.alt, width: String(picture.width), height: String(picture.height) });
      }));
    }

    function doseTable(item) {
      return el("table", { "class": "lumbar-handout__dose" }, [
        el("tbody", {}, book.doseRows(item.dose).map(function (doseRow) {
          return el("tr", {}, [el("th", { scope: "row", text: doseRow[0] }), el("td", { text: String(doseRow[1]) })]);
        }))
      ]);
    }

    function setNote(item) {
      return item.overrides.length ? el("p", { "class": "lumbar-handout__set" }, [el("strong", { text: B.set_note })]) : null;
    }

    function sideAndNote(item) {
      return [
        item.side !== BOTH && byId[item.id].sides ? el("h3", { text: P.printed.side }) : null,
        item.side !== BOTH && byId[item.id].sides ? el("p", { "class": "lumbar-handout__side" }, [
          el("strong", { text: P.printedSides[item.side] })]) : null,
        item.note ? el("h3", { text: P.printed.note }) : null,
        item.note ? el("p", { "class": "lumbar-handout__note" }, [el("strong", { text: item.note })]) : null
      ];
    }

    // The exercise's own stop lines: the general ones head the compact handout instead.
    function ownStops(exercise) {
      return exercise.stopIf.slice(0, exercise.stopIf.length - data.generalStop.length);
    }

    // The compact layout, as the compact PDF (lumbar.printing.handout_compact): a header with
    // the clinic, the patient and the stop rule for every exercise, then a panel an exercise
    // (two or three a page): a narrow column with the pictures, the dose box, a tick-box log,
    // the side and note; beside and under it the starting position, steps, feel and stop;
    // then the note for the whole handout.
    function renderCompact() {
      var header = el("section", { "class": "lumbar-handout__header" }, [
        el("div", { "class": "lumbar-handout__letterhead" }, [
          el("h2", { text: W.title }),
          // The clinic and its phone on one line when both are known, as a letterhead.
          el("div", { "class": "lumbar-handout__clinic-block" }, [
            clinicName() ? el("p", { "class": "lumbar-handout__clinic" }, [
              el("strong", { text: clinicName() }),
              clinicPhone() ? document.createTextNode(" ") : null,
              clinicPhone() ? el("span", { "class": "lumbar-handout__phone", text: fill(P.printed.phone, { phone: clinicPhone() }) })
                : null]) : blank("clinic", ""),
            clinicName() && clinicPhone() ? null : clinicPhone()
              ? el("p", { "class": "lumbar-handout__phone", text: fill(P.printed.phone, { phone: clinicPhone() }) })
              : blank("phone", "", fill(P.printed.phone, { phone: "" }).trim()),
            blank("by", clinician.clinician || "")
          ])
        ]),
        el("div", { "class": "lumbar-handout__people" }, [blank("patient", patient), blank("date", dateText(date))]),
        el("div", { "class": "lumbar-handout__stop-box" }, [
          el("h3", { text: W.stop_rule }), list("ul", data.generalStop)])
      ]);
      output.appendChild(header);
      items.forEach(function (item) {
        var exercise = byId[item.id];
        var log = el("div", { "class": "lumbar-handout__log" }, [el("p", { text: W.log })]);
        for (var week = 1; week <= data.logWeeks; week += 1) {
          var days = [];
          for (var day = 0; day < 7; day += 1) days.push(el("span", { "class": "lumbar-handout__tick" }));
          log.appendChild(el("div", { "class": "lumbar-handout__week" }, [
            el("span", { text: fill(W.week, { number: week }) })].concat(days)));
        }
        var aside = el("div", { "class": "lumbar-handout__aside" }, [
          exercise.pictures.length ? pictures(exercise) : null,
          el("div", { "class": "lumbar-handout__dose-box" }, [el("h3", { text: W.dose }), setNote(item), doseTable(item)]),
          log
        ].concat(sideAndNote(item)));
        var panel = el("section", { "class": "lumbar-handout__panel", "data-exercise-id": item.id }, [
          el("h2", { text: exercise.name }),
          aside,
          el("p", { "class": "lumbar-handout__part" }, [el("strong", { text: W.starting_position + ": " }),
            document.createTextNode(exercise.startingPosition)]),
          el("div", { "class": "lumbar-handout__part" }, [el("h3", { text: W.steps }), list("ol", exercise.steps)]),
          el("p", { "class": "lumbar-handout__part" }, [el("strong", { text: W.feel + ": " }),
            document.createTextNode(exercise.feel)]),
          el("div", { "class": "lumbar-handout__part" }, [
            el("h3", { "class": "lumbar-handout__stop", text: W.stop }), list("ul", ownStops(exercise))])
        ]);
        output.appendChild(panel);
      });
      // The note for the whole handout after the exercises, where the compact PDF leaves
      // lines for notes: in the header it would push an exercise off the first page.
      if (handoutNote) {
        output.appendChild(el("section", { "class": "lumbar-handout__handout-note lumbar-handout__end-note" }, [
          el("h3", { text: P.printed.note }), el("p", { text: handoutNote })]));
      }
    }

    function section(className, children) {
      return el("section", { "class": "lumbar-handout__page " + className }, children);
    }

    // The one-per-page layout: a cover, then a page per exercise, each in the order of the
    // rulebook's sections (the one-per-page PDF handout goes through the same list).
    function renderPages() {
      var notes = [];
      for (var i = 0; i < 8; i += 1) notes.push(el("div", { "class": "lumbar-handout__note-line" }));
      var cover = {
        clinic: function () {
          return [clinicName() ? el("p", { "class": "lumbar-handout__clinic", text: clinicName() }) : null,
            clinicPhone() ? el("p", { "class": "lumbar-handout__phone", text: fill(P.printed.phone, { phone: clinicPhone() }) }) : null];
        },
        site: function () { return [el("p", { "class": "lumbar-handout__site", text: data.siteName })]; },
        title: function () { return [el("h2", { text: W.title })]; },
        intro: function () { return [el("p", { text: W.intro })]; },
        patient: function () { return [blank("patient", patient)]; },
        by: function () { return [blank("by", clinician.clinician || clinicName())]; },
        date: function () { return [blank("date", dateText(date))]; },
        your_exercises: function () {
          return [el("h3", { text: W.your_exercises }), list("ol", items.map(function (item) { return byId[item.id].name; }))];
        },
        help: function () { return [el("p", { text: B.help_last + " " + data.disclaimer })]; },
        notes: function () {
          return [el("h3", { text: P.printed.note }),
            handoutNote ? el("p", { "class": "lumbar-handout__handout-note", text: handoutNote }) : null,
            el("div", { "class": "lumbar-handout__notes" }, notes)];
        }
      };
      output.appendChild(section("lumbar-handout__cover", sectionParts(cover, book.sections("cover", {
        clinic: Boolean(clinicName() || clinicPhone()) }))));
      items.forEach(function (item, index) {
        var exercise = byId[item.id];
        var page = {
          kicker: function () {
            return [el("p", { "class": "lumbar-handout__kicker", text: fill(W.exercise_of, { number: index + 1, total: items.length }) })];
          },
          name: function () { return [el("h2", { text: exercise.name })]; },
          review_note: function () { return [el("p", {}, [el("strong", { text: exercise.reviewNote })])]; },
          pictures: function () { return [pictures(exercise)]; },
          starting_position: function () { return [el("h3", { text: W.starting_position }), el("p", { text: exercise.startingPosition })]; },
          steps: function () { return [el("h3", { text: W.steps }), list("ol", exercise.steps)]; },
          dose: function () {
            return [el("h3", { text: W.dose }), setNote(item), doseTable(item),
              el("p", { "class": "lumbar-handout__instruction", text: W.in_words + " " + book.doseInstruction(item.dose) })];
          },
          start_gently: function () { return [el("p", { text: W.start_gently })]; },
          side: function () { return sideAndNote({ id: item.id, side: item.side, note: "" }); },
          note: function () { return sideAndNote({ id: item.id, side: BOTH, note: item.note }); },
          feel: function () { return [el("h3", { text: W.feel }), el("p", { text: exercise.feel })]; },
          stop: function () { return [el("h3", { "class": "lumbar-handout__stop", text: W.stop }), list("ul", exercise.stopIf)]; },
          // The way back to the page: a QR code and the address on paper only when the site
          // has a public address (exercise.url is empty for a placeholder site_url); without
          // one, the link shows on screen and nothing prints, as in the PDF handouts.
          online: function () {
            return [el("p", { "class": "lumbar-handout__online" + (exercise.url ? "" : " lumbar-handout__online--screen") }, [
              exercise.url ? el("img", { src: exercise.qr, alt: "", width: "96", height: "96" }) : null,
              el("span", { text: W.online + " " }),
              el("a", { href: exercise.page, text: exercise.url || exercise.page })
            ])];
          }
        };
        var shown = book.sections("exercise", { review_note: Boolean(exercise.reviewNote),
          pictures: exercise.pictures.length > 0, side: item.side !== BOTH && Boolean(exercise.sides),
          note: Boolean(item.note), online: true });
        var node = section("lumbar-handout__exercise", sectionParts(page, shown));
        node.setAttribute("data-exercise-id", item.id);
        output.appendChild(node);
      });
    }

    // The elements of the named sections, in order.
    function sectionParts(makers, sectionNames) {
      return sectionNames.reduce(function (all, name) { return all.concat(makers[name]()); }, []);
    }

    function renderOutput() {
      output.textContent = "";
      handout.setAttribute("data-layout", layout);
      if (!items.length) {
        output.appendChild(el("p", { "class": "lumbar-handout__empty", text: B.empty }));
        return;
      }
      if (layout === COMPACT) renderCompact();
      else renderPages();
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
      items.push({ id: id, overrides: [], dose: book.applyOverrides(id, byId[id].dose, []).dose, side: BOTH, note: "",
        open: false });
      pick.value = "";
      changed();
    });
    builder.querySelector("[data-lumbar-handout-print]").addEventListener("click", function () { window.print(); });

    // A link with the exercises, doses, sides and layout, and nothing about the person.
    builder.querySelector("[data-lumbar-handout-share]").addEventListener("click", function () {
      var link = shareLink();
      linkInput.value = link;
      function shown() {  // no clipboard (a file:// page, a refusal): the link, selected, to copy
        linkBox.hidden = false;
        linkInput.focus();
        linkInput.select();
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link).then(function () {
          linkBox.hidden = true;
          renderStatus(B.copied);
        }, shown);
      } else {
        shown();
      }
    });

    // One step to a clean page for the next person: the list, the patient's details and the
    // choice to keep them go from the page, the address and this device. The clinician's own
    // details stay.
    builder.querySelector("[data-lumbar-handout-new]").addEventListener("click", function () {
      items = [];
      patient = date = handoutNote = "";
      remember = false;
      patientInput.value = dateInput.value = noteInput.value = linkInput.value = "";
      [patientInput, noteInput].forEach(function (input) { input.setAttribute("aria-invalid", "false"); });
      rememberBox.checked = false;
      linkBox.hidden = true;
      linkNotes = [];
      forget(PATIENT_STORE);
      forget(STORE);
      changed();
      renderStatus(B.cleared);
      patientInput.focus();
    });

    // ---- Opening the page: the address first, else the list this device kept.
    var params = new URLSearchParams(window.location.search);
    var fromAddress = params.getAll("ex");
    // ?programme=starter starts from that programme's first stage, with its doses.
    var programme = params.get("programme");
    if (!fromAddress.length && programme && data.programmes && data.programmes[programme]) {
      fromAddress = data.programmes[programme].slice();
    }
    var issues = load(fromAddress.length ? fromAddress : readStore(), params.getAll(P.address.side));
    var askedLayout = params.get(P.address.layout);
    if (askedLayout !== null && data.layouts.indexOf(askedLayout) === -1) issues.push(["unreadable", ""]);
    else if (askedLayout !== null) layout = askedLayout;
    // What could not be read is said in the words of whoever opened the link.
    linkNotes = book.linkNotices(issues, names);
    restorePatient();
    patientInput.value = patient;
    dateInput.value = date;
    noteInput.value = handoutNote;
    rememberBox.checked = remember;
    Object.keys(clinicianInputs).forEach(function (key) {
      clinicianInputs[key].value = typeof clinician[key] === "string" ? clinician[key] : "";
    });
    // The clinician's details are asked for until given, then folded under their summary.
    var clinicianGroup = builder.querySelector("[data-lumbar-handout-clinician]");
    var clinicianSummary = clinicianGroup.querySelector("summary");
    function summarise() {
      var given = [clinician.clinician, clinician.clinic].filter(Boolean);
      clinicianSummary.textContent = B.clinician_legend + (given.length ? ": " + given.join(", ") : "");
    }
    clinicianGroup.open = !Object.keys(clinicianInputs).some(function (key) { return clinician[key]; });
    summarise();
    builder.querySelectorAll("input[name=layout]").forEach(function (radio) {
      radio.checked = radio.value === layout;
      radio.addEventListener("change", function () {
        layout = radio.value;
        save();
        renderOutput();
      });
    });
    builder.querySelectorAll("input[name=paper]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        clinician.paper = radio.value;
        saveClinician();
        applyPage();
      });
    });

    // A box refused as too long to print keeps what was typed, marked, and says why.
    function refuse(input, problem) {
      input.setAttribute("aria-invalid", problem ? "true" : "false");
      problems = problem ? [problem] : [];
      renderStatus();
      return Boolean(problem);
    }

    Object.keys(clinicianInputs).forEach(function (key) {
      var input = clinicianInputs[key];
      input.addEventListener("change", function () {
        var typed = input.value.trim();
        if (refuse(input, tooLong(key, typed))) return;
        clinician[key] = typed;
        saveClinician();
        summarise();
        renderOutput();
      });
    });
    patientInput.addEventListener("change", function () {
      // Refused when too long to print, never cut (the rulebook's readPersonal).
      var read = book.readPersonal(patientInput.value, "", [], [], [], today(), []);
      if (refuse(patientInput, read.problems[0] || "")) return;
      patient = read.patient;
      save();
      renderOutput();
    });
    dateInput.addEventListener("change", function () {
      date = dateText(dateInput.value) ? dateInput.value : "";
      save();
      renderOutput();
    });
    noteInput.addEventListener("change", function () {
      var typed = noteInput.value.trim();
      if (refuse(noteInput, tooLong("handout_note", typed))) return;
      handoutNote = typed;
      save();
      renderOutput();
    });
    rememberBox.addEventListener("change", function () {
      remember = rememberBox.checked;
      savePatient();
    });
    applyPage();
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
