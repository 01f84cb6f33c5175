// The handout rulebook in the browser: the twin of Python's lumbar.content.rulebook.
//
// Pure functions, no page: what a clinician chooses (a selection such as
// "bridge:sets=2,reps=10", typed doses such as "2 x 10", counts, the patient's name, the date,
// and per exercise the side and a note), the dose rows and the order of a printed handout.
// Every rule's data and wording comes from Python (lumbar.content.dose_rules.as_json, embedded
// in the builder page); this file only applies it, exactly as the Python functions of the same
// names do. Both are checked against one file of test vectors (tests/rulebook/vectors.json):
// pytest for Python, `node --test tests/rulebook` for this file. The page behaviour is in
// lumbar-handout.js.
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.LumbarRulebook = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // "ex=bridge:sets=2&ex=walking": ":", "," and "=" kept readable, everything else encoded
  // as Python's urllib.parse.quote encodes it. Needs no rules' data, so exercise pages (which
  // carry none) use it for their "Add to handout" links.
  function query(specs) {
    return specs.map(function (text) {
      return "ex=" + encodeURIComponent(text).replace(/[!'()*]/g, function (char) {
        return "%" + char.charCodeAt(0).toString(16).toUpperCase();
      }).replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%3D/g, "=");
    }).join("&");
  }

  // The rulebook for one set of rules (the "rules" object of the builder's data).
  function rulebook(r) {
    var whitespace = new RegExp(r.whitespace + "+", "g");
    var edges = new RegExp("^" + r.whitespace + "+|" + r.whitespace + "+$", "g");
    var markdown = {
      code: new RegExp(r.markdown.code, "g"),
      link: new RegExp(r.markdown.link, "g"),
      emphasis: new RegExp(r.markdown.emphasis, "g")
    };
    var P = r.personal;
    var BOTH = P.sides[0][0];  // the default side, which prints nothing

    // Python's str.strip(), len() and str(int(...)): white space as Python counts it, length
    // in code points, numbers of any size.
    function strip(text) { return text.replace(edges, ""); }
    function length(text) { return Array.from(text).length; }
    function has(list, value) { return list.indexOf(value) !== -1; }

    // ---- Wording

    // Python's repr() of a string: single quotes unless the text holds one and no double
    // quote; backslashes, the quote and characters that do not print are escaped.
    function quote(value) {
      var text = String(value);
      var mark = text.indexOf("'") !== -1 && text.indexOf('"') === -1 ? '"' : "'";
      var out = "";
      Array.from(text).forEach(function (char) {
        var code = char.codePointAt(0);
        if (char === "\\" || char === mark) out += "\\" + char;
        else if (char === "\t") out += "\\t";
        else if (char === "\n") out += "\\n";
        else if (char === "\r") out += "\\r";
        else if (char !== " " && /^[\p{C}\p{Z}]$/u.test(char)) {
          var hex = code.toString(16);
          out += code < 0x100 ? "\\x" + hex.padStart(2, "0")
            : code < 0x10000 ? "\\u" + hex.padStart(4, "0") : "\\U" + hex.padStart(8, "0");
        } else out += char;
      });
      return mark + out + mark;
    }

    // Python's str.format for the rules' templates: "{name}", "{name!r}" (quoted as repr),
    // "{}" (the first value) and "{{" / "}}".
    function fill(template, values) {
      return template.replace(/\{\{|\}\}|\{(\w*)(!r)?\}/g, function (all, name, quoted) {
        if (all === "{{") return "{";
        if (all === "}}") return "}";
        var value = name === "" ? values[0] : values[name];
        value = value === undefined ? "" : String(value);
        return quoted ? quote(value) : value;
      });
    }

    function message(key, values) { return fill(r.messages[key], values || {}); }

    // difflib.SequenceMatcher(None, a, b).ratio(): 2 * matches / total length.
    function ratio(a, b) {
      var positions = {};
      b.forEach(function (char, j) { (positions[char] = positions[char] || []).push(j); });
      if (b.length >= 200) {  // difflib's autojunk: very common characters are not matched
        var most = Math.floor(b.length / 100) + 1;
        Object.keys(positions).forEach(function (char) { if (positions[char].length > most) delete positions[char]; });
      }
      function longest(alo, ahi, blo, bhi) {
        var besti = alo, bestj = blo, best = 0, lengths = {};
        for (var i = alo; i < ahi; i++) {
          var next = {};
          var js = positions[a[i]] || [];
          for (var n = 0; n < js.length; n++) {
            var j = js[n];
            if (j < blo) continue;
            if (j >= bhi) break;
            var size = (lengths[j - 1] || 0) + 1;
            next[j] = size;
            if (size > best) { besti = i - size + 1; bestj = j - size + 1; best = size; }
          }
          lengths = next;
        }
        while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; best++; }
        while (besti + best < ahi && bestj + best < bhi && a[besti + best] === b[bestj + best]) best++;
        return [besti, bestj, best];
      }
      var matched = 0;
      var queue = [[0, a.length, 0, b.length]];
      while (queue.length) {
        var q = queue.pop();
        var found = longest(q[0], q[1], q[2], q[3]);
        if (!found[2]) continue;
        matched += found[2];
        if (q[0] < found[0] && q[2] < found[1]) queue.push([q[0], found[0], q[2], found[1]]);
        if (found[0] + found[2] < q[1] && found[1] + found[2] < q[3]) {
          queue.push([found[0] + found[2], q[1], found[1] + found[2], q[3]]);
        }
      }
      var total = a.length + b.length;
      return total ? 2 * matched / total : 1;
    }

    // " Did you mean 'bridge'?" for the closest choice (difflib.get_close_matches, cut-off
    // 0.6, the larger text on a tie), or "".
    function hint(word, choices) {
      var best = null;
      var target = Array.from(word);
      choices.forEach(function (choice) {
        var score = ratio(Array.from(choice), target);
        if (score >= 0.6 && (!best || score > best[0] || (score === best[0] && choice > best[1]))) best = [score, choice];
      });
      return best ? message("hint", { name: best[1] }) : "";
    }

    // Contributor Markdown as one line of plain text (lumbar.content.rulebook.plain_text).
    function plainText(text) {
      text = text.replace(markdown.code, function (all, ticks, inner) { return strip(inner); });
      text = text.replace(markdown.link, "$1").replace(markdown.emphasis, "$2");
      text = text.split("\\*").join("*").split("\\_").join("_");
      return text.split(whitespace).filter(Boolean).join(" ");
    }

    // ---- Counts and typed doses

    function bounds(number, low, high, unit) {
      if (number < BigInt(low) || number > BigInt(high)) {
        var shown = number < 1000000000000n ? number.toString() : r.messages.big_number;
        return message("bounds", { number: shown, unit: unit, low: low, high: high });
      }
      return null;
    }

    // {value: "8 to 12"} or {problem}: a count as the pages show it.
    function countText(value, low, high, unit) {
      if (typeof value === "number" && Number.isInteger(value)) {
        var problem = bounds(BigInt(value), low, high, unit);
        return problem ? { problem: problem } : { value: String(value) };
      }
      var match = typeof value === "string" && length(value) <= r.maxCountText ? new RegExp(r.countPattern).exec(value) : null;
      if (!match) return { problem: message("count") };
      var parts = [match[1], match[2]].filter(function (part) { return part !== undefined; }).map(BigInt);
      for (var i = 0; i < parts.length; i++) {
        var outside = bounds(parts[i], low, high, unit);
        if (outside) return { problem: outside };
      }
      if (parts.length === 1) return { value: parts[0].toString() };
      if (parts[1] <= parts[0]) return { problem: message("order", { value: value }) };
      return { value: parts[0] + " to " + parts[1] };
    }

    // {value: true|false} or {problem}.
    function flagValue(value) {
      var lower = strip(value).toLowerCase();
      if (has(r.yes, lower)) return { value: true };
      if (has(r.no, lower)) return { value: false };
      return { problem: message("yes_no", { value: value }) };
    }

    // What was typed into one count field, as the fields it sets: {fields: [[field, count as
    // typed, or true]]} or {problem}. In a bare "2 x 10" or "10 x 2" the smaller number is
    // the sets.
    function readTyped(field, text) {
      var rest = strip(text);
      var found = [];
      var side = has(r.sideFields, field) && length(rest) <= r.maxTypedText ? new RegExp(r.sidePattern, "i").exec(rest) : null;
      if (side) {
        rest = side[1];
        found.push([r.flagFields[0], true]);
      }
      var forms = length(rest) <= r.maxTypedText ? r.typedForms[field] : [];
      for (var i = 0; i < forms.length; i++) {
        var match = new RegExp(forms[i][0], "i").exec(rest);
        if (!match) continue;
        var counts = match.slice(1).map(strip);
        var first = BigInt(/[0-9]+/.exec(counts[0])[0]);
        if (forms[i][2] && first > BigInt(/[0-9]+/.exec(counts[1])[0])) counts.reverse();
        forms[i][1].forEach(function (name, index) { found.push([name, counts[index]]); });
        return { fields: found };
      }
      return { problem: message("typed", { help: r.typedHelp[field] }) };
    }

    // ---- A selection: "bridge:sets=2,reps=10"

    function spec(id, overrides) {
      if (!overrides || !overrides.length) return id;
      return id + ":" + overrides.map(function (o) { return o[0] + "=" + o[1]; }).join(",");
    }

    // {id, overrides: [[name, value]], problems}: a comma followed by text without "=" belongs
    // to the value before it ("how_often=Twice a day, morning and evening").
    function parseChoice(text) {
      var body = strip(text);
      var at = body.indexOf(":");
      var id = at < 0 ? body : body.slice(0, at);
      var rest = at < 0 ? "" : body.slice(at + 1);
      if (!id) return { id: "", overrides: [], problems: [message("no_id", { spec: text })] };
      var pairs = [];
      rest.split(",").forEach(function (part) {
        if (part.indexOf("=") < 0 && pairs.length && strip(part)) {
          pairs[pairs.length - 1][1] += "," + part;
          return;
        }
        if (!strip(part)) return;
        var eq = part.indexOf("=");
        pairs.push([eq < 0 ? part : part.slice(0, eq), eq < 0 ? "" : part.slice(eq + 1)]);
      });
      var problems = pairs.filter(function (pair) { return !strip(pair[0]) || !strip(pair[1]); }).map(function (pair) {
        return id + ": " + message("not_pair", { part: strip(pair[0] + (pair[1] ? "=" + pair[1] : "")) });
      });
      if (problems.length) return { id: id, overrides: [], problems: problems };
      return { id: id, problems: [], overrides: pairs.map(function (pair) {
        return [strip(pair[0]).toLowerCase().split("-").join("_"), strip(pair[1])];
      }) };
    }

    // The dose fields one override sets: {parts: [{field, text, value}]} or {problem: {field,
    // text}} (the field the problem is about, "" for none; problemText words it as Python).
    function checkOverride(name, value) {
      if (!has(r.fields, name)) {
        return { problem: { field: "", text: message("unknown_field", { name: name, hint: hint(name, r.fields), fields: r.fields.join(", ") }) } };
      }
      if (has(r.flagFields, name)) {
        var flag = flagValue(value);
        if (flag.problem) return { problem: { field: "", text: flag.problem } };
        return { parts: [{ field: name, text: (flag.value ? r.yes : r.no)[0], value: flag.value }] };
      }
      if (has(r.textFields, name)) {
        if (length(value) > r.maxText) return { problem: { field: "", text: message("too_long", { name: name, limit: r.maxText }) } };
        if (new RegExp(r.htmlPattern).test(value)) return { problem: { field: "", text: message("html", { name: name }) } };
        return { parts: [{ field: name, text: value, value: value }] };
      }
      var typed = readTyped(name, value);
      if (typed.problem) return { problem: { field: name, text: typed.problem } };
      var parts = [];
      for (var i = 0; i < typed.fields.length; i++) {
        var field = typed.fields[i][0];
        var got = typed.fields[i][1];
        if (got === true) {
          parts.push({ field: field, text: r.yes[0], value: true });
          continue;
        }
        var count = countText(got, r.countBounds[field][0], r.countBounds[field][1], r.countBounds[field][2]);
        if (count.problem) return { problem: { field: field, text: count.problem } };
        parts.push({ field: field, text: got, value: count.value });
      }
      return { parts: parts };
    }

    function problemText(problem) {
      return (problem.field ? problem.field + ": " : "") + problem.text;
    }

    // The dose with the overrides applied: {dose, changed, overrides (kept for the address,
    // in their plain parts and field order), problems, first (the first problem as {field,
    // text}, for the box it came from)}.
    function applyOverrides(exerciseId, dose, overrides) {
      var out = {};
      Object.keys(dose).forEach(function (key) { out[key] = dose[key]; });
      var values = {};
      var changed = [];
      var typedAs = {};
      var kept = [];
      var problems = [];
      var first = null;
      overrides.forEach(function (pair) {
        var checked = checkOverride(pair[0], pair[1]);
        var problem = checked.problem;
        if (!problem) {
          for (var i = 0; i < checked.parts.length; i++) {
            var field = checked.parts[i].field;
            if (values.hasOwnProperty(field) && values[field] !== checked.parts[i].value) {
              problem = { field: "", text: message("twice", { name: field, first: typedAs[field], second: pair[1] }) };
              break;
            }
          }
        }
        if (problem) {
          problems.push(exerciseId + ": " + problemText(problem));
          first = first || problem;
          return;
        }
        checked.parts.forEach(function (part) {
          if (!values.hasOwnProperty(part.field)) changed.push(part.field);
          values[part.field] = part.value;
          typedAs[part.field] = pair[1];
          out[part.field] = part.value;
          kept = kept.filter(function (o) { return o[0] !== part.field; });
          kept.push([part.field, part.text]);
        });
      });
      kept.sort(function (a, b) { return r.fields.indexOf(a[0]) - r.fields.indexOf(b[0]); });
      return { dose: out, changed: changed, overrides: kept, problems: problems, first: first };
    }

    // A whole selection against {id: dose}: {items: [{id, dose, changed, overrides}], problems,
    // issues: [[kind, id]] (as lumbar.content.rulebook.Selection.issues, for linkNotices)}.
    function select(doses, specs) {
      var items = [];
      var problems = [];
      var issues = [];
      specs.forEach(function (text) {
        var choice = parseChoice(text);
        if (choice.problems.length) {
          problems = problems.concat(choice.problems);
          issues.push(["unreadable", ""]);
          return;
        }
        if (!Object.prototype.hasOwnProperty.call(doses, choice.id)) {
          problems.push(message("unknown_exercise", { id: choice.id, hint: hint(choice.id, Object.keys(doses).sort()) }));
          issues.push(["unknown", ""]);
          return;
        }
        if (items.some(function (item) { return item.id === choice.id; })) {
          problems.push(message("chosen_twice", { id: choice.id }));
          issues.push(["twice", choice.id]);
          return;
        }
        var applied = applyOverrides(choice.id, doses[choice.id], choice.overrides);
        problems = problems.concat(applied.problems);
        if (applied.problems.length) issues.push(["dose", choice.id]);
        items.push({ id: choice.id, dose: applied.dose, changed: applied.changed, overrides: applied.overrides });
      });
      return { items: items, problems: problems, issues: issues };
    }

    // ---- Dose rows

    function rowValue(field, template, dose) {
      var value = dose[field];
      var text = fill(template, [has(r.textFields, field) ? plainText(String(value)) : value]);
      return text + (field === r.perSideField && dose[r.flagFields[0]] ? r.perSide : "");
    }

    // [[label, value]] for every field the dose has, in the order of the dose table.
    function doseRows(dose) {
      return r.rows.filter(function (row) { return dose[row[0]]; }).map(function (row) {
        return [row[1], rowValue(row[0], row[2], dose)];
      });
    }

    // ---- The dose said as plain instructions, as lumbar.content.rulebook.dose_instruction.

    function restText(rest) {
      var I = r.instruction;
      if (!rest) return I.short_rest;
      var text = String(rest);
      if (/^[0-9]+$/.test(text) && Number(text) % 60 === 0) {
        var minutes = Number(text) / 60;
        return minutes === 1 ? I.minute : fill(I.minutes_rest, [minutes]);
      }
      return fill(I.seconds_rest, [text]);
    }

    function oftenText(howOften) {
      var text = plainText(String(howOften)).replace(/\s+$/, "");
      var first = text.split(" ")[0];
      var upper = first.charAt(0) !== first.charAt(0).toLowerCase();
      if (upper && !(first.length > 1 && first === first.toUpperCase() && first !== first.toLowerCase())) {
        text = text.charAt(0).toLowerCase() + text.slice(1);
      }
      return /[.!?]$/.test(text) ? text : text + ".";
    }

    // "Do it 8 to 10 times. Rest for 1 minute. Do 8 to 10 more. Do this ..." for a dose.
    function doseInstruction(dose) {
      var I = r.instruction;
      var side = dose[r.flagFields[0]] ? I.side : "";
      var reps = dose.reps, sets = dose.sets, hold = dose.hold_seconds, rest = dose.rest_seconds;
      var said = [];
      if (reps) {
        said.push(fill(String(reps) === "1" ? I.once : I.reps, { reps: reps, side: side }));
        if (hold) said.push(fill(I.hold, { hold: hold }));
      } else if (hold) said.push(fill(I.hold_only, { hold: hold, side: side }));
      if (dose.minutes) said.push(fill(I.minutes, { minutes: dose.minutes, side: reps || hold ? "" : side }));
      if (sets && String(sets) !== "1") {
        if (String(sets) === "2" && reps) said.push(fill(I.second_set, { rest: restText(rest), reps: reps, side: side }));
        else said.push(fill(I.more_sets, { sets: sets, rest: restText(rest) }));
      } else if (rest && reps) said.push(fill(I.rest_between, { rest: restText(rest) }));
      if (dose.how_often) said.push(fill(I.how_often, { how_often: oftenText(dose.how_often) }));
      return said.join(" ");
    }

    // What the dose table's words mean, for the fields the dose has.
    function doseTerms(dose) {
      return Object.keys(r.terms).filter(function (name) { return dose[name]; }).map(function (name) { return r.terms[name]; });
    }

    // ---- The patient's details

    // {text: "14 March 2025"} for "2025-03-14", or for "today" (today: "YYYY-MM-DD"); {text:
    // ""} for nothing; {problem} for anything else.
    function dateText(value, today) {
      var text = strip(value);
      if (!text) return { text: "" };
      var match = new RegExp(P.datePattern).exec(text.toLowerCase() === P.today ? today : text);
      var day = new Date(0);
      // setUTCFullYear, not Date.UTC: years below 100 are not read as 19xx.
      if (match) day.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
      if (!match || Number(match[1]) < 1 || day.getUTCFullYear() !== Number(match[1]) ||
          day.getUTCMonth() !== Number(match[2]) - 1 || day.getUTCDate() !== Number(match[3])) {
        return { problem: message("date", { value: value }) };
      }
      return { text: day.getUTCDate() + " " + P.months[day.getUTCMonth()] + " " + day.getUTCFullYear() };
    }

    // The patient's name, the date, and "ID=side" / "ID=TEXT" pairs for the chosen exercises
    // (a left or right side only for those `sided`: whose exercise has sides):
    // {patient, date, dateText, sides, notes, problems}, as lumbar.content.rulebook.read_personal.
    function readPersonal(patient, date, sides, notes, chosen, today, sided) {
      var out = { patient: "", date: "", dateText: "", sides: {}, notes: {}, problems: [], issues: [] };
      var name = strip(patient);
      if (length(name) > P.limits.patient) {
        out.problems.push(message("too_long", { name: P.address.patient, limit: P.limits.patient }));
        out.issues.push(["patient", ""]);
      }
      else out.patient = name;
      var printed = dateText(date, today);
      if (printed.problem) {
        out.problems.push(printed.problem);
        out.issues.push(["date", ""]);
      } else {
        out.dateText = printed.text;
        out.date = strip(date).toLowerCase() === P.today ? today : strip(date);
      }
      var SIDE = P.address.side;
      [[SIDE, sides], [P.address.note, notes]].forEach(function (group) {
        var key = group[0];
        group[1].forEach(function (value) {
          var at = value.indexOf("=");
          var id = at < 0 ? "" : strip(value.slice(0, at));
          var text = at < 0 ? "" : strip(value.slice(at + 1));
          var names = P.sides.map(function (side) { return side[0]; });
          var problem = null;
          if (!id || !text) problem = message("personal_pair", { value: value, what: key, example: P.examples[key] });
          else if (!has(chosen, id)) problem = message("not_chosen", { id: id });
          else if (key === SIDE && !has(names, text.toLowerCase())) problem = message("bad_side", { id: id, value: text });
          else if (key === SIDE && text.toLowerCase() !== BOTH && !has(sided || [], id)) problem = message("no_sides", { id: id });
          else if (key !== SIDE && length(text) > P.limits.note) {
            problem = id + ": " + message("too_long", { name: key, limit: P.limits.note });
          }
          if (problem !== null) {
            out.problems.push(problem);
            out.issues.push([key, id && text && has(chosen, id) ? id : ""]);  // as Python: the pair read, the exercise chosen
          } else if (key === SIDE) {
            if (text.toLowerCase() !== BOTH) out.sides[id] = text.toLowerCase();
          } else out.notes[id] = text;
        });
      });
      return out;
    }

    // ---- A shared link, said to whoever opened it (lumbar.content.rulebook.link_notices):
    // a sentence for each kind of issue and exercise, once, then what to do; none for none.
    var LINK_MESSAGES = { unknown: "link_unknown", twice: "link_twice", dose: "link_dose", side: "link_side" };

    function linkNotices(issues, names) {
      var notices = [];
      issues.forEach(function (issue) {
        var known = Object.prototype.hasOwnProperty.call(names, issue[1]);
        var key = issue[0] === "unknown" || known ? LINK_MESSAGES[issue[0]] : null;
        var text = message(key || "link_unreadable", { name: known ? names[issue[1]] : "" });
        if (!has(notices, text)) notices.push(text);
      });
      return notices.length ? notices.concat([message("link_check")]) : [];
    }

    // ---- What a printed handout shows, in order: the sections of a "cover" or an
    // "exercise"; `shown` says which optional ones have something to show.
    function sections(kind, shown) {
      var missing = r.sections[kind].filter(function (name) { return has(r.sections.optional, name) && !(name in shown); });
      if (missing.length) throw new Error("say whether to show " + missing.join(", "));
      return r.sections[kind].filter(function (name) { return !has(r.sections.optional, name) || shown[name]; });
    }

    return {
      quote: quote, fill: fill, message: message, hint: hint, plainText: plainText, strip: strip,
      countText: countText, flagValue: flagValue, readTyped: readTyped,
      spec: spec, parseChoice: parseChoice, checkOverride: checkOverride, problemText: problemText,
      applyOverrides: applyOverrides, select: select, query: query,
      rowValue: rowValue, doseRows: doseRows, doseInstruction: doseInstruction, doseTerms: doseTerms,
      dateText: dateText, readPersonal: readPersonal, linkNotices: linkNotices, sections: sections
    };
  }

  return { rulebook: rulebook, query: query };
});
