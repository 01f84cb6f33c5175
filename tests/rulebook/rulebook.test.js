// The browser's handout rulebook (lumbar-rulebook.js) against the shared test vectors, the
// same file pytest checks Python's lumbar.content.rulebook against (tests/content/test_rulebook.py).
// Run by `make test` as `node --test tests/rulebook/`. The rules' data comes from Python
// (`python -m lumbar.content.dose_rules`), as the builder page embeds it.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const ROOT = path.resolve(__dirname, "..", "..");
const python = process.env.PYTHON || path.join(ROOT, ".venv", "bin", "python");
const rules = JSON.parse(execFileSync(python, ["-m", "lumbar.content.dose_rules"], { cwd: ROOT, encoding: "utf-8" }));
const { rulebook } = require(path.join(ROOT, "templates", "overrides", "assets", "javascripts", "lumbar-rulebook.js"));
const book = rulebook(rules);
const V = JSON.parse(fs.readFileSync(path.join(__dirname, "vectors.json"), "utf-8"));

// {problem} or {the answer}, as the Python test compares them.
function outcome(answer, key) {
  return answer.problem !== undefined ? { problem: answer.problem } : { [key]: answer[key] };
}

function expected(item, key) {
  return item.problem !== undefined ? { problem: item.problem } : { [key]: item[key] };
}

test("quote is Python's repr", () => {
  for (const [text, quoted] of V.quote) assert.equal(book.quote(text), quoted, text);
});

test("fill is Python's str.format", () => {
  for (const item of V.fill) assert.equal(book.fill(item.template, item.values), item.text);
});

test("hint is difflib's closest match", () => {
  for (const item of V.hint) assert.equal(book.hint(item.word, item.choices), item.hint, item.word);
});

test("plain text", () => {
  for (const [markdown, plain] of V.plain_text) assert.equal(book.plainText(markdown), plain, markdown);
});

test("counts", () => {
  for (const item of V.count) {
    const bounds = rules.countBounds[item.field];
    const got = book.countText(item.value, bounds[0], bounds[1], bounds[2]);
    assert.deepEqual(outcome({ problem: got.problem, text: got.value }, "text"), expected(item, "text"), item.value);
  }
});

test("yes and no", () => {
  for (const item of V.flag) {
    const got = book.flagValue(item.value);
    assert.deepEqual(outcome({ problem: got.problem, flag: got.value }, "flag"), expected(item, "flag"), item.value);
  }
});

test("typed doses: the smaller number is the sets", () => {
  for (const item of V.typed) {
    assert.deepEqual(outcome(book.readTyped(item.field, item.text), "fields"), expected(item, "fields"), item.text);
  }
});

test("a choice as written", () => {
  for (const item of V.choice) {
    const got = book.parseChoice(item.spec);
    if (item.problems) assert.deepEqual(got.problems, item.problems, item.spec);
    else assert.deepEqual({ id: got.id, overrides: got.overrides, problems: got.problems },
      { id: item.id, overrides: item.overrides, problems: [] }, item.spec);
  }
});

test("one override", () => {
  for (const item of V.override) {
    const got = book.checkOverride(item.name, item.value);
    const answer = got.problem ? { problem: book.problemText(got.problem) }
      : { parts: got.parts.map((part) => [part.field, part.text, part.value]) };
    assert.deepEqual(outcome(answer, "parts"), expected(item, "parts"), item.value);
  }
});

test("a whole selection", () => {
  for (const item of V.select) {
    assert.deepEqual(book.select(V.doses, item.specs), { items: item.items, problems: item.problems, issues: item.issues },
      item.specs.join(" "));
  }
});

test("the address of a selection", () => {
  for (const item of V.query) assert.equal(book.query(item.specs), item.query);
});

test("dose rows", () => {
  for (const item of V.rows) assert.deepEqual(book.doseRows(item.dose), item.rows);
});

test("the dose as plain instructions", () => {
  assert.ok(V.instruction.length > 0);
  for (const item of V.instruction) {
    assert.equal(book.doseInstruction(item.dose), item.instruction);
    assert.deepEqual(book.doseTerms(item.dose), item.terms);
  }
});

test("dates", () => {
  for (const item of V.date) {
    assert.deepEqual(outcome(book.dateText(item.value, V.today), "text"), expected(item, "text"), item.value);
  }
});

test("the patient's details", () => {
  for (const item of V.personal) {
    const got = book.readPersonal(item.patient, item.date, item.sides, item.notes, item.chosen, V.today, item.sided);
    assert.deepEqual(got, item.result, item.patient);
  }
});

test("a shared link, said to whoever opened it", () => {
  for (const item of V.link) assert.deepEqual(book.linkNotices(item.issues, item.names), item.notices);
});

test("the order of a printed handout", () => {
  for (const item of V.sections) assert.deepEqual(book.sections(item.kind, item.shown), item.sections);
});
