// Handouts in the browser: "Add to handout" on exercise pages, and the handout builder page.
//
// The selection lives in the address (?ex=bridge:sets=2,reps=10&ex=walking), the same
// spelling as `lumbar handout bridge:sets=2,reps=10 walking`, so a handout can be
// bookmarked or shared. A copy in localStorage lets "Add to handout" collect exercises
// from several pages. All exercise data is embedded in the builder page as JSON and is
// only ever inserted as text (textContent), never as HTML. No request leaves the page.
// Handouts in the browser: "Add to handout" on exercise pages, and the handout builder page.
//
// The selection lives in the address (?ex=bridge:sets=2,reps=10&ex=walking), the same
// spelling as `lumbar handout bridge:sets=2,reps=10 walking`, so a handout can be
// bookmarked or shared. A copy in localStorage lets "Add to handout" collect exercises
// from several pages. All exercise data is embedded in the builder page as JSON and is
// only ever inserted as text (textContent), never as HTML. No request leaves the page.
//
// This script is page behaviour only. Every rule (reading a selection, typed doses, counts,
// the patient's details, dose rows, the order of the printout) and every word is the
// rulebook's (lumbar-rulebook.js, the twin of Python's lumbar.content.rulebook, with the data
// and wording of lumbar.content.dose_rules embedded in the page).
(function () {
  "use strict";

  var STORE = "lumbar-handout";

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
        writeStore(specs);
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

    // The selection, read as `lumbar handout` reads it (the rulebook's select).
    function load(specs) {
      var doses = {};
      data.exercises.forEach(function (exercise) { doses[exercise.id] = exercise.dose; });
      var selection = book.select(doses, specs);
      problems = problems.concat(selection.problems);
      items = selection.items.map(function (chosen) {
        return { id: chosen.id, overrides: chosen.overrides, dose: chosen.dose, side: BOTH, note: "" };
      });
    }

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

    // patient=, date=, side=ID=left and note=ID=TEXT after "#", read as `lumbar handout
    // --patient --date --side --note` reads them (the rulebook's readPersonal). Untrusted
    // text: only ever shown with textContent.
    function loadPersonal(params) {
      var read = book.readPersonal(params.get(P.address.patient) || "", params.get(P.address.date) || "",
        params.getAll(P.address.side), params.getAll(P.address.note),
        items.map(function (item) { return item.id; }), today(), sidedIds());
      problems = problems.concat(read.problems);
      patient = read.patient;
      date = read.date;
      items.forEach(function (item) {
        item.side = read.sides[item.id] || BOTH;
        item.note = read.notes[item.id] || "";
      });
    }

    // The chosen exercises that have sides (the exercise's `sides` field): only they take one.
    function sidedIds() {
      return items.filter(function (item) { return byId[item.id].sides; }).map(function (item) { return item.id; });
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
      var specs = items.map(function (item) { return book.spec(item.id, item.overrides); });
      var query = specs.length ? "?" + book.query(specs) : "";
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
      var parts = value === "" ? null : book.checkOverride(name, value);
      if (parts && parts.parts) {
        // The fields the typed value sets replace what those boxes held ("2 x 10" sets both).
        var names = parts.parts.map(function (part) { return part.field; });
        overrides = overrides.filter(function (o) { return names.indexOf(o[0]) === -1; });
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
        var setNames = parts.parts.map(function (part) { return part.field; });
        var result = r.rows.filter(function (row) {
          return setNames.indexOf(row[0]) !== -1 || (row[0] === r.perSideField && setNames.indexOf(r.flagFields[0]) !== -1);
        }).filter(function (row) { return item.dose[row[0]]; }).map(function (row) {
          return row[1] + " " + book.rowValue(row[0], row[2], item.dose);
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
      return message("usual", { value: book.rowValue(row[0], row[2], exercise.dose) });
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
      // No maxlength: a browser cuts a pasted note to it without a word. Read as the address
      // and `lumbar handout --note` are instead: a note too long to print is refused.
      var note = el("input", { id: noteId, type: "text", "aria-invalid": "false" });
      note.value = item.note;
      note.addEventListener("change", function () {
        var typed = note.value.trim();
        var read = typed ? book.readPersonal("", "", [], [item.id + "=" + typed], [item.id], today())
          : { notes: {}, problems: [] };
        note.setAttribute("aria-invalid", read.problems.length ? "true" : "false");
        problems = read.problems;
        if (read.problems.length) {
          renderStatus();
          return;
        }
        item.note = read.notes[item.id] || "";
        save();
        renderOutput();
      });
      return el("div", { "class": "lumbar-handout-item__personal" }, [
        // A side to choose only for an exercise that has sides: walking has none.
        byId[item.id].sides ? el("div", { "class": "lumbar-handout-field" }, [
          el("label", { "for": sideId, text: P.labels.side }), select]) : null,
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

    // The printout: a cover, then a page per exercise, each in the order of the rulebook's
    // sections (the one-per-page PDF handout goes through the same list).
    function renderOutput() {
      output.textContent = "";
      if (!items.length) {
        output.appendChild(el("p", { "class": "lumbar-handout__empty", text: B.empty }));
        return;
      }
      var clinic = data.clinic || {};
      // Filled in from the boxes above (the clinic from the site's settings), or a line to write on.
      function blank(key, value) {
        return [el("p", { "class": "lumbar-handout__blank", "data-blank": key }, [
          el("strong", { text: P.printed[key] }),
          value ? el("span", { text: value }) : el("span", { "aria-hidden": "true" })])];
      }
      var notes = [];
      for (var i = 0; i < 8; i += 1) notes.push(el("div", { "class": "lumbar-handout__note-line" }));
      var cover = {
        clinic: function () {
          return [clinic.name ? el("p", { "class": "lumbar-handout__clinic", text: clinic.name }) : null,
            clinic.phone ? el("p", { "class": "lumbar-handout__phone", text: fill(P.printed.phone, { phone: clinic.phone }) }) : null];
        },
        site: function () { return [el("p", { "class": "lumbar-handout__site", text: data.siteName })]; },
        title: function () { return [el("h2", { text: W.title })]; },
        intro: function () { return [el("p", { text: W.intro })]; },
        patient: function () { return blank("patient", patient); },
        by: function () { return blank("by", clinic.name || ""); },
        date: function () { return blank("date", dateText(date)); },
        your_exercises: function () {
          return [el("h3", { text: W.your_exercises }), list("ol", items.map(function (item) { return byId[item.id].name; }))];
        },
        help: function () { return [el("p", { text: B.help_last + " " + data.disclaimer })]; },
        notes: function () { return [el("h3", { text: P.printed.note }), el("div", { "class": "lumbar-handout__notes" }, notes)]; }
      };
      output.appendChild(section("lumbar-handout__cover", sectionParts(cover, book.sections("cover", {
        clinic: Boolean(clinic.name || clinic.phone) }))));
      items.forEach(function (item, index) {
        var exercise = byId[item.id];
        var page = {
          kicker: function () {
            return [el("p", { "class": "lumbar-handout__kicker", text: fill(W.exercise_of, { number: index + 1, total: items.length }) })];
          },
          name: function () { return [el("h2", { text: exercise.name })]; },
          review_note: function () { return [el("p", {}, [el("strong", { text: exercise.reviewNote })])]; },
          pictures: function () {
            return [el("div", { "class": "lumbar-handout__pictures" }, exercise.pictures.map(function (picture) {
              return el("img", { src: picture.src, alt: picture.alt, width: String(picture.width), height: String(picture.height) });
            }))];
          },
          starting_position: function () { return [el("h3", { text: W.starting_position }), el("p", { text: exercise.startingPosition })]; },
          steps: function () { return [el("h3", { text: W.steps }), list("ol", exercise.steps)]; },
          dose: function () {
            return [el("h3", { text: W.dose }),
              item.overrides.length ? el("p", {}, [el("strong", { text: B.set_note })]) : null,
              el("table", { "class": "lumbar-handout__dose" }, [
                el("tbody", {}, book.doseRows(item.dose).map(function (row) {
                  return el("tr", {}, [el("th", { scope: "row", text: row[0] }), el("td", { text: String(row[1]) })]);
                }))
              ])];
          },
          start_gently: function () { return [el("p", { text: W.start_gently })]; },
          side: function () {
            return [el("h3", { text: P.printed.side }),
              el("p", { "class": "lumbar-handout__side" }, [el("strong", { text: P.printedSides[item.side] })])];
          },
          note: function () {
            return [el("h3", { text: P.printed.note }), el("p", { "class": "lumbar-handout__note" }, [el("strong", { text: item.note })])];
          },
          feel: function () { return [el("h3", { text: W.feel }), el("p", { text: exercise.feel })]; },
          stop: function () { return [el("h3", { "class": "lumbar-handout__stop", text: W.stop }), list("ul", exercise.stopIf)]; },
          // The QR code and printed address only when the site has a public address
          // (exercise.url is empty for a placeholder site_url); the link works either way.
          online: function () {
            return [el("p", { "class": "lumbar-handout__online" }, [
              exercise.url ? el("img", { src: exercise.qr, alt: "", width: "96", height: "96" }) : null,
              el("span", { text: W.online + " " }),
              el("a", { href: exercise.page, text: exercise.url || exercise.page })
            ])];
          }
        };
        var shown = book.sections("exercise", { review_note: Boolean(exercise.reviewNote),
          pictures: exercise.pictures.length > 0, side: item.side !== BOTH, note: Boolean(item.note), online: true });
        var node = section("lumbar-handout__exercise", sectionParts(page, shown));
        node.setAttribute("data-exercise-id", item.id);
        output.appendChild(node);
      });
    }

    // The elements of the named sections, in order.
    function sectionParts(makers, names) {
      return names.reduce(function (all, name) { return all.concat(makers[name]()); }, []);
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
      items.push({ id: id, overrides: [], dose: book.applyOverrides(id, byId[id].dose, []).dose, side: BOTH, note: "" });
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
      // Refused when too long to print, never cut (the rulebook's readPersonal).
      var read = book.readPersonal(patientInput.value, "", [], [], [], today());
      patientInput.setAttribute("aria-invalid", read.problems.length ? "true" : "false");
      problems = read.problems;
      if (read.problems.length) {
        renderStatus();
        return;
      }
      patient = read.patient;
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
