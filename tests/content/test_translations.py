"""Translations: overlays of an entry's text in another language (lumbar.content.translations).

Scratch projects with the real safety and policy files; the real content's own translations
are checked by loading the real project (and, for reading ease, by test_spanish_reads_plainly).
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from lumbar.cli import main
from lumbar.content.catalogue import load_catalogue, read_catalogue
from lumbar.content.errors import ContentError, ContentErrors, apply_fixes
from lumbar.content.models import Exercise, Position
from lumbar.content.translations import (
    SAFETY,
    TEXT_FIELDS,
    Fields,
    Items,
    new_translation,
    overlay_path,
    report,
    source_digests,
    text_of,
)
from lumbar.i18n import TEMPLATE_FILE, read_words, source_messages, template_text
from lumbar.paths import LANGUAGES_FILE
from lumbar.services import load_content, translation_fit_warnings
from tests.conftest import ROOT, VALID_EXERCISE, VALID_FAQ

Project = Callable[..., Path]

LANGUAGES = """\
languages:
  - code: es
    name: Español
    english_name: Spanish
"""

SPANISH_STRETCH = """\
translation_review: pending
source_digest:
{digests}
name: Estiramiento de prueba
aliases: [movimiento de ejemplo]
summary: Un estiramiento suave que solo usan las pruebas.
purpose: Suelta la parte baja de la espalda.
starting_position: Túmbese boca arriba con las rodillas dobladas.
steps:
  - Lleve una rodilla al pecho.
  - Aguante y luego suelte.
dose:
  how_often: Dos veces al día
feel: Un estiramiento suave en la parte baja de la espalda.
stop_if:
  - El dolor se vuelve agudo.
"""


def spanish_project(project: Project, overlay: str | None = None, languages: str = LANGUAGES) -> Path:
    """A project with one exercise (``stretch``) and its Spanish overlay (current digests
    unless ``overlay`` gives the text, where ``{digests}`` is replaced by them)."""
    root = project(exercise={"stretch": VALID_EXERCISE.format(id="stretch")})
    (root / LANGUAGES_FILE).parent.mkdir(parents=True, exist_ok=True)
    (root / LANGUAGES_FILE).write_text(languages, encoding="utf-8")
    write_overlay(root, "es", "exercise", "stretch", SPANISH_STRETCH if overlay is None else overlay)
    return root


def write_overlay(root: Path, language: str, kind: str, entry_id: str, text: str) -> Path:
    english = read_catalogue(root)[0].english_sources() if "{digests}" in text else {}
    digests = source_digests(kind, english[(kind, entry_id)].data) if english else {}
    path = root / overlay_path(language, kind, entry_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n".join(f"  {key}: {value}" for key, value in digests.items())
    path.write_text(textwrap.dedent(text).replace("{digests}", body), encoding="utf-8")
    return path


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_catalogue(root)
    return [error.format(root) for error in info.value.errors]


def test_an_overlay_replaces_only_the_text_and_keeps_doses_and_ids(project: Project) -> None:
    root = spanish_project(project)
    catalogue = load_catalogue(root)
    translation = catalogue.translations.get("es", "exercise", "stretch")
    assert translation is not None and translation.current and not translation.reviewed
    english = catalogue.english_sources()[("exercise", "stretch")].data
    spanish = Exercise.model_validate(translation.overlay(english))
    assert spanish.name == "Estiramiento de prueba" and spanish.steps[0] == "Lleve una rodilla al pecho."
    assert spanish.aliases == ["movimiento de ejemplo"]
    assert (spanish.id, spanish.dose.reps, spanish.difficulty) == ("stretch", "2 to 4", catalogue.exercises[0].difficulty)
    assert spanish.dose.how_often == "Dos veces al día"
    assert catalogue.translations.warnings == []


def test_unknown_field_is_an_error_at_its_line_with_a_suggestion(project: Project) -> None:
    root = spanish_project(project, SPANISH_STRETCH.replace("steps:", "stesp:"))
    [message] = errors_of(root)
    assert message.startswith("content/i18n/es/exercises/stretch.yml:16:1: stesp: unknown field 'stesp'. "
                              "Did you mean 'steps'? Allowed here: translation_review, source_digest, name,")


@pytest.mark.parametrize(("line", "where", "field"), [
    ("id: stretch\n", "1:1", "id"),
    ("difficulty: easy\n", "1:1", "difficulty"),
    ("sources: []\n", "1:1", "sources"),
])
def test_a_field_that_is_not_text_is_refused_with_why(project: Project, line: str, where: str, field: str) -> None:
    root = spanish_project(project, line + SPANISH_STRETCH)
    [message] = errors_of(root)
    assert message.startswith(f"content/i18n/es/exercises/stretch.yml:{where}: {field}: '{field}' is not translated:")
    assert "Remove this line; ids, doses, pictures, difficulty, sources and safety levels are read from the " \
           "English file" in message


def test_a_dose_number_or_a_pose_in_an_overlay_is_refused(project: Project) -> None:
    text = SPANISH_STRETCH.replace("  how_often: Dos veces al día\n", "  how_often: Dos veces al día\n  reps: 5\n")
    text += "figure:\n  start:\n    base: standing\n"
    root = spanish_project(project, text)
    messages = errors_of(root)
    assert [m.split(": ", 2)[:2] for m in messages] == [
        ["content/i18n/es/exercises/stretch.yml:21:3", "dose.reps"],
        ["content/i18n/es/exercises/stretch.yml:25:1", "figure"],
    ], messages
    assert "'reps' is not translated" in messages[0]
    # The English figure has no alt text: nothing in it to translate.
    assert "the English has no 'figure' here" in messages[1]


def test_a_safety_level_in_a_safety_overlay_is_refused(project: Project) -> None:
    root = spanish_project(project)
    write_overlay(root, "es", SAFETY, SAFETY, "translation_review: pending\nsource_digest:\n{digests}\n"
                  "levels:\n  - level: emergency\n")
    messages = errors_of(root)
    assert any(m.startswith("content/i18n/es/safety.yml:") and "levels[0].level: 'level' is not translated: "
               "safety levels stay in the English source" in m for m in messages), messages


def test_an_overlay_of_an_entry_that_does_not_exist_is_an_error(project: Project) -> None:
    root = spanish_project(project)
    write_overlay(root, "es", "exercise", "strech", SPANISH_STRETCH.replace("{digests}", "  name: 0"))
    [message] = errors_of(root)
    assert message.startswith("content/i18n/es/exercises/strech.yml:1:1: no English entry to translate: "
                              "exercise with the id 'strech' does not exist in exercises/. Did you mean 'stretch'?")


def test_a_list_must_match_the_english_one_for_one(project: Project) -> None:
    root = spanish_project(project, SPANISH_STRETCH.replace("  - Aguante y luego suelte.\n", ""))
    [message] = errors_of(root)
    assert message.startswith("content/i18n/es/exercises/stretch.yml:17:3: steps: the English has 2 of these "
                              "and this has 1")


def test_translation_review_is_required_and_checked(project: Project) -> None:
    root = spanish_project(project, SPANISH_STRETCH.replace("translation_review: pending\n", ""))
    assert "translation_review is missing" in errors_of(root)[0]
    root = spanish_project(project, SPANISH_STRETCH.replace("pending", "done"))
    assert errors_of(root)[0].startswith("content/i18n/es/exercises/stretch.yml:1:21: translation_review: write "
                                         "pending, or {reviewer: name, date: YYYY-MM-DD}")
    reviewed = SPANISH_STRETCH.replace("pending", "{reviewer: Ana Ruiz, date: 2026-12-01}")
    translation = load_catalogue(spanish_project(project, reviewed)).translations.get("es", "exercise", "stretch")
    assert translation is not None and translation.reviewed


def test_html_in_a_translation_is_refused_as_in_english(project: Project) -> None:
    root = spanish_project(project, SPANISH_STRETCH.replace("Aguante y luego suelte.", "Aguante <script>x</script>"))
    [message] = errors_of(root)
    assert message.startswith("content/i18n/es/exercises/stretch.yml:18:")


def test_changing_an_english_step_makes_check_name_the_spanish_overlay_out_of_date(project: Project) -> None:
    root = spanish_project(project)
    english = root / "exercises" / "stretch.yml"
    english.write_text(english.read_text(encoding="utf-8").replace("Hold, then let go.", "Hold for 20 seconds."),
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(root), "check", "--strict"])
    # A translation behind its English never fails the build, even with --strict.
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.stderr.splitlines() if "i18n/es/exercises" in line]
    assert warning.startswith("warning: content/i18n/es/exercises/stretch.yml:7:10: source_digest.steps: out of "
                              "date: steps changed in exercises/stretch.yml since this was translated")
    catalogue = load_catalogue(root)
    translation = catalogue.translations.get("es", "exercise", "stretch")
    assert translation is not None and translation.behind == ["steps"]
    # The English steps are shown until the translation catches up; the rest stays Spanish.
    merged = translation.overlay(catalogue.english_sources()[("exercise", "stretch")].data)
    assert merged["steps"][1] == "Hold for 20 seconds." and merged["name"] == "Estiramiento de prueba"
    # Translated again, with the warning's fix recording the new digest, it is current again.
    translation.path.write_text(translation.path.read_text(encoding="utf-8").replace(
        "Aguante y luego suelte.", "Aguante 20 segundos."), encoding="utf-8")
    apply_fixes(translation.path, catalogue.translations.warnings[0].fix)
    assert load_catalogue(root).translations.get("es", "exercise", "stretch").current  # type: ignore[union-attr]


def test_re_wrapping_or_a_dose_change_does_not_make_a_translation_out_of_date(project: Project) -> None:
    root = spanish_project(project)
    english = root / "exercises" / "stretch.yml"
    text = english.read_text(encoding="utf-8").replace("feel: A gentle stretch in your lower back.",
                                                       "feel: >-\n  A gentle stretch\n  in your lower back.")
    english.write_text(text.replace("reps: 2-4", "reps: 3-5"), encoding="utf-8")
    assert load_catalogue(root).translations.warnings == []


def test_translations_lists_what_is_missing_behind_and_partly_done(project: Project) -> None:
    root = spanish_project(project, SPANISH_STRETCH.replace("feel: Un estiramiento suave en la parte baja de la espalda.\n", ""))
    (root / "content" / "faq").mkdir(parents=True, exist_ok=True)
    (root / "content" / "faq" / "question.yml").write_text(VALID_FAQ.format(id="question"), encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(root), "translations"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Spanish (es): 0 of 3 translated and up to date, 0 behind the English, 1 partly translated, "
                        "2 missing; 1 not yet reviewed (translation_review: pending).")
    assert lines[1].startswith("  Lumbar's own words: 0 of ")
    assert lines[2] == "  partly: content/i18n/es/exercises/stretch.yml: not translated: feel"
    assert lines[3] == "  missing: safety, faq/question"  # the scratch project has no hand-written pages


def test_new_lang_writes_the_english_in_comments_and_a_filled_copy_is_valid(project: Project) -> None:
    root = spanish_project(project)
    (root / overlay_path("es", "exercise", "stretch")).unlink()
    result = CliRunner().invoke(main, ["--root", str(root), "new", "--lang", "es", "exercise", "stretch"])
    assert result.exit_code == 0, result.output
    path = root / overlay_path("es", "exercise", "stretch")
    text = path.read_text(encoding="utf-8")
    assert "  # Pull one knee to your chest.\n  - \"Write this in Spanish\"\n" in text
    assert "translation_review: pending" in text and "  steps: " in text
    # Left as written, every placeholder is an error at its place.
    messages = errors_of(root)
    assert all("still the placeholder from `lumbar new --lang`" in m for m in messages) and len(messages) == 9
    path.write_text(text.replace("Write this in Spanish", "Texto en español"), encoding="utf-8")
    assert load_catalogue(root).translations.get("es", "exercise", "stretch").current  # type: ignore[union-attr]
    again = CliRunner().invoke(main, ["--root", str(root), "new", "--lang", "es", "exercise", "stretch"])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_new_lang_refuses_a_language_that_is_not_listed(project: Project) -> None:
    root = spanish_project(project)
    result = CliRunner().invoke(main, ["--root", str(root), "new", "--lang", "de", "exercise", "stretch"])
    assert result.exit_code == 1 and "'de' is not a language in content/i18n/languages.yml" in result.stderr


def test_a_folder_for_a_language_that_is_not_listed_is_an_error(project: Project) -> None:
    root = spanish_project(project)
    write_overlay(root, "fr", "exercise", "stretch", SPANISH_STRETCH)
    [message] = errors_of(root)
    assert message.startswith("content/i18n/fr:1:1: fr/ is not a language in content/i18n/languages.yml")


def test_a_third_language_is_data_only(project: Project) -> None:
    """Adding a language is a line in languages.yml and overlays: no code changes."""
    languages = LANGUAGES + "  - code: ar\n    name: العربية\n    english_name: Arabic\n    direction: rtl\n"
    root = spanish_project(project, languages=languages)
    arabic = (SPANISH_STRETCH.replace("Estiramiento de prueba", "تمرين تمدد تجريبي")
              .replace("Lleve una rodilla al pecho.", "اسحب ركبة واحدة إلى صدرك."))
    write_overlay(root, "ar", "exercise", "stretch", arabic)
    catalogue = load_catalogue(root)
    assert [language.code for language in catalogue.translations.languages] == ["es", "ar"]
    assert catalogue.translations.languages[1].direction.value == "rtl"
    translation = catalogue.translations.get("ar", "exercise", "stretch")
    assert translation is not None and translation.current
    merged = Exercise.model_validate(translation.overlay(catalogue.english_sources()[("exercise", "stretch")].data))
    assert merged.name == "تمرين تمدد تجريبي" and merged.steps[0] == "اسحب ركبة واحدة إلى صدرك."
    [_spanish, arabic_report] = report(catalogue.translations, catalogue.english_sources())
    assert arabic_report.language.english_name == "Arabic" and len(arabic_report.current) == 1


def test_new_lang_starts_a_safety_translation_that_mirrors_the_levels(project: Project) -> None:
    root = spanish_project(project)
    catalogue = load_catalogue(root)
    path = new_translation(root, catalogue.translations.languages, "es", SAFETY, SAFETY,
                           catalogue.english_sources()[(SAFETY, SAFETY)].data)
    text = path.read_text(encoding="utf-8")
    assert "# Call 999 or go to A&E now" in text and "level: emergency" not in text
    # A translation must keep every number: "call 999" may not lose its 999.
    path.write_text(text.replace("Write this in Spanish", "Texto"), encoding="utf-8")
    messages = errors_of(root)
    action = next(n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith("action:"))
    assert f"content/i18n/es/safety.yml:{action}:13: levels[0].action: the English gives 999, 112, 911 and this gives " \
           "none; keep every number as the English writes it, in digits" in "\n".join(messages)
    english = text_of(read_catalogue(root)[0].english_sources()[(SAFETY, SAFETY)].data, TEXT_FIELDS[SAFETY])
    assert len(messages) == sum(1 for value in _texts(english) if re.search(r"\d", value))


def test_every_text_field_of_every_model_is_translatable_or_declared_not() -> None:
    """A new text field in a model must be added to TEXT_FIELDS (or it would stay English)."""
    for kind, spec in TEXT_FIELDS.items():
        assert isinstance(spec, Fields) and spec.model is not None
        assert set(spec.fields) <= set(spec.model.model_fields), kind
        for name, sub in spec.fields.items():
            if isinstance(sub, Items) and isinstance(sub.item, Fields) and sub.item.model is not None:
                assert set(sub.item.fields) <= set(sub.item.model.model_fields), (kind, name)


def test_the_real_translations_are_valid_and_not_published(built_site: Path) -> None:
    catalogue = load_catalogue(ROOT)
    spanish = catalogue.translations.by_language["es"]
    assert (SAFETY, SAFETY) in spanish and len(spanish) >= 8
    assert all(not item.reviewed for item in spanish.values())  # pending until a clinician checks them
    assert not list(built_site.rglob("i18n")) and not list(built_site.rglob("languages.yml"))


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    return []


def test_translations_read_plainly_by_their_language_s_gate(record_property: Callable[[str, object], None]) -> None:
    """Each language's reading-ease gate (languages.yml; Spanish: Fernández-Huerta at least
    70, "fairly easy", where Flesch's grade-8 band begins), on every overlay's text."""
    import textstat

    from tests.conftest import REPORT
    from tests.readability import plain_text

    catalogue = load_catalogue(ROOT)
    scores: dict[str, float] = {}
    for language in catalogue.translations.languages:
        gate = language.reading_ease
        assert gate is not None, f"{language.code} has no reading_ease gate in languages.yml"
        textstat.set_lang(language.code)
        try:
            for (kind, entry_id), translation in catalogue.translations.by_language[language.code].items():
                # Aliases are search words, not sentences; ((references)) are the safety file's own text.
                body = {key: value for key, value in translation.data.items() if key != "aliases"}
                sentences = [text if text.rstrip().endswith((".", "?", "!", ":")) else text + "."
                             for text in _texts(body)]
                text = plain_text(re.sub(r"\(\([a-z0-9-]+\)\)", " ", " ".join(sentences)))
                scores[f"{language.code}/{kind}/{entry_id}"] = float(getattr(textstat, gate.formula)(text))
            for name, page in catalogue.translations.pages.get(language.code, {}).items():
                body = page.read_text(encoding="utf-8").split("\n---\n", 1)[-1]  # the page without front matter
                scores[f"{language.code}/page/{name}"] = float(getattr(textstat, gate.formula)(plain_text(body)))
        finally:
            textstat.set_lang("en")
        too_hard = {name: round(score, 1) for name, score in scores.items()
                    if name.startswith(language.code + "/") and score < gate.at_least}
        assert too_hard == {}, f"{language.english_name} translations below {gate.formula} {gate.at_least}: {too_hard}"
    assert len(scores) >= 9
    record_property(REPORT, f"Reading ease of translations: lowest {min(scores, key=scores.get)} at "  # type: ignore[arg-type]
                    f"{min(scores.values()):.1f} over {len(scores)} overlays")


def test_a_digest_of_digits_only_is_read_as_text(project: Project) -> None:
    root = spanish_project(project)
    path = root / overlay_path("es", "exercise", "stretch")
    catalogue = load_catalogue(root)
    digest = source_digests("exercise", catalogue.english_sources()[("exercise", "stretch")].data)["name"]
    # YAML reads 123456789012 as a number; a digest like that is still compared as text.
    english = root / "exercises" / "stretch.yml"
    english.write_text(english.read_text(encoding="utf-8").replace("Test stretch", "Test stretch two"), encoding="utf-8")
    new = source_digests("exercise", read_catalogue(root)[0].english_sources()[("exercise", "stretch")].data)["name"]
    path.write_text(path.read_text(encoding="utf-8").replace(digest, new), encoding="utf-8")
    assert load_catalogue(root).translations.warnings == []


# ---- Lumbar's own words (lumbar.i18n)


def test_spanish_has_every_one_of_lumbar_s_own_words_with_their_fields() -> None:
    """No heading, label, printed word, builder word or reader message stays English: each
    is in content/i18n/es/lumbar.po, keeping its {fields}. A word added in English shows up
    here, to be translated (lumbar translations lists it)."""
    errors: list[ContentError] = []
    words = read_words(ROOT, "es", errors)
    assert errors == []
    assert [m.english for m in words.missing] == [], "add these to content/i18n/es/lumbar.po"
    printed = words.table("PRINTED_WORDS")
    assert printed["steps"] == "Pasos" and printed["exercise_of"] == "Ejercicio {number} de {total}"
    assert words.label(Position.LYING_ON_BACK) == "Boca arriba"
    assert words.date(dt.date(2026, 12, 7)) == "7 de diciembre de 2026"
    english = {message.english for message in source_messages()}
    assert not [text for text in words.messages.values() if text in english and len(text) > 12], \
        "a Spanish word is still the English one"


def test_the_words_template_is_current() -> None:
    assert (ROOT / TEMPLATE_FILE).read_text(encoding="utf-8") == template_text(), \
        "run `lumbar translations --pot` and commit content/i18n/lumbar.pot"


def test_a_translated_word_that_drops_a_field_is_an_error_at_its_line(project: Project) -> None:
    root = spanish_project(project)
    (root / "content" / "i18n" / "es" / "lumbar.po").write_text(
        'msgctxt "PRINTED_WORDS.week"\nmsgid "Week {number}"\nmsgstr "Semana"\n\n'
        'msgctxt "PRINTED_WORDS.steps"\nmsgid "Steps"\nmsgstr "Pasos"\n', encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_content(root)
    [message] = [error.format(root) for error in info.value.errors]
    assert message == ("content/i18n/es/lumbar.po:2:1: PRINTED_WORDS.week: the translation of 'Week {number}' must "
                       "keep {number} exactly as the English has them: Lumbar fills them in")


def test_a_third_language_s_words_are_data_only(project: Project) -> None:
    languages = LANGUAGES + "  - code: ar\n    name: العربية\n    english_name: Arabic\n    direction: rtl\n"
    root = spanish_project(project, languages=languages)
    (root / "content" / "i18n" / "ar").mkdir(parents=True)
    (root / "content" / "i18n" / "ar" / "lumbar.po").write_text(
        'msgctxt "PRINTED_WORDS.steps"\nmsgid "Steps"\nmsgstr "الخطوات"\n', encoding="utf-8")
    words = read_words(root, "ar", [])
    assert words.table("PRINTED_WORDS")["steps"] == "الخطوات"
    assert words.table("PRINTED_WORDS")["feel"] == "What you should feel"  # not yet translated: English
    assert len(words.missing) == len(source_messages()) - 1
    assert words.date(dt.date(2026, 12, 7)) == "7 ديسمبر 2026"
    catalogue = load_content(root)
    [warning] = [w.format(root) for w in catalogue.translations.warnings if "ar/lumbar.po" in str(w.path)]
    assert f"{len(source_messages()) - 1} of Lumbar's own words are not in Arabic yet" in warning


# ---- The content in another language (Catalogue.in_language)


def test_the_spanish_content_keeps_every_dose_id_and_picture_and_says_safety_in_spanish() -> None:
    english = load_content(ROOT)
    spanish = english.in_language("es", read_words(ROOT, "es", []).content_words())
    assert set(spanish.entries) == set(english.entries)  # nothing disappears
    for entry_id, loaded in english.entries.items():
        entry, translated = loaded.entry, spanish.get(entry_id)
        assert type(translated) is type(entry) and translated.id == entry.id
        assert translated.sources == entry.sources and translated.tags == entry.tags
        if isinstance(entry, Exercise):
            assert isinstance(translated, Exercise)
            assert translated.dose.model_dump(exclude={"how_often"}) == entry.dose.model_dump(exclude={"how_often"})
            assert translated.figure.model_dump(exclude={"start": {"description"}, "end": {"description"}}) == \
                entry.figure.model_dump(exclude={"start": {"description"}, "end": {"description"}})
            assert translated.difficulty == entry.difficulty
    bridge = spanish.get("bridge")
    assert isinstance(bridge, Exercise) and bridge.name == "Puente" and bridge.dose.how_often == "2 o 3 días a la semana"
    assert "(Series: 1. Repeticiones:" in bridge.easier[0].description  # the step's dose, in Spanish words
    answer = spanish.get("just-hurt-my-back").answer  # type: ignore[attr-defined]
    assert "**Llame al 999 o vaya a urgencias ahora** ([cuándo pedir ayuda](../safety.md#emergency))" in answer
    assert spanish.safety.levels[0].heading == "Llame al 999 o vaya a urgencias ahora"
    assert [item.number for item in spanish.safety.phone_numbers] == [item.number for item in english.safety.phone_numbers]
    # An entry with no translation stays English (with its English references), and is listed.
    assert "bird-dog" in spanish.untranslated and spanish.get("bird-dog") == english.get("bird-dog")
    assert "bridge" not in spanish.untranslated and spanish.language == "es"


def test_a_field_behind_its_english_shows_in_english_and_the_entry_is_listed_as_partly(project: Project) -> None:
    root = spanish_project(project)
    english = root / "exercises" / "stretch.yml"
    english.write_text(english.read_text(encoding="utf-8").replace("Hold, then let go.", "Hold for 20 seconds."),
                       encoding="utf-8")
    catalogue = load_content(root)
    spanish = catalogue.in_language("es", read_words(root, "es", []).content_words())
    stretch = spanish.get("stretch")
    assert isinstance(stretch, Exercise) and stretch.name == "Estiramiento de prueba"
    assert stretch.steps[1] == "Hold for 20 seconds." and spanish.partly == {"stretch"}


def test_spanish_cards_and_handout_panels_fit_as_the_english_do() -> None:
    """Each translated exercise's card fits two sides on both papers and its compact-handout
    panel fits the A4 budget, as lumbar check lays them out (the same checks as English)."""
    catalogue = load_content(ROOT)
    assert translation_fit_warnings(catalogue) == []


def test_a_translation_too_long_for_its_card_is_a_warning_at_the_translation(project: Project) -> None:
    long_steps = "".join(f"  - {'Mantenga la espalda recta y respire despacio mientras cuenta hasta diez. ' * 25}\n"
                         for _ in range(2))
    text = SPANISH_STRETCH.replace("  - Lleve una rodilla al pecho.\n  - Aguante y luego suelte.\n", long_steps)
    root = spanish_project(project, text)
    warnings = [warning.format(root) for warning in translation_fit_warnings(load_content(root))]
    assert warnings and all(w.startswith("content/i18n/es/exercises/stretch.yml:17:3: steps: in Spanish, ")
                            for w in warnings), warnings
    assert any("the printed card needs" in w for w in warnings)


def test_a_hand_written_page_is_translated_whole_and_warned_about_when_its_english_changes(tmp_path: Path) -> None:
    from tests.conftest import copy_project

    root = copy_project(tmp_path / "project")
    catalogue = load_catalogue(root)
    assert "index.md" in catalogue.translations.pages["es"] and catalogue.translations.warnings == []
    english = root / "content" / "index.md"
    english.write_text(english.read_text(encoding="utf-8").replace("within 2 weeks", "within two weeks"),
                       encoding="utf-8")
    [warning] = [w.format(root) for w in load_catalogue(root).translations.warnings]
    assert warning.startswith("content/i18n/es/index.md:8:16: source_digest: out of date: content/index.md changed")
    (root / "content" / "i18n" / "es" / "inicio.md").write_text("---\ntranslation_review: pending\n---\n# Hola\n",
                                                                encoding="utf-8")
    messages = errors_of(root)
    assert messages[0].startswith("content/i18n/es/inicio.md:1:1: there is no English page inicio.md in content/")
