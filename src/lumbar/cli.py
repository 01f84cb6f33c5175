"""The ``lumbar`` command line: check content, build and serve the site.

Each command parses its arguments, calls the core and prints the result. Errors are raised,
never printed where they happen: ``reports_errors`` (on every command) prints a user error
(``lumbar.errors.UserError``) as its message and exits 1, turns a usage error into click's
usage message (exit 2), and reports anything else as a bug in Lumbar, so no traceback ever
reaches a contributor (``LUMBAR_DEBUG=1`` shows it, for developers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from lumbar.content.catalogue import Catalogue
from lumbar.content.errors import ContentErrors
from lumbar.engines import DEFAULT_ENGINE, ENGINES
from lumbar.errors import UsageError, UserError
from lumbar.files import CACHE_ENV, file_problem, write_atomic
from lumbar.paths import KINDS, PAPERS
from lumbar.printing import HANDOUT_LAYOUTS
from lumbar.progress import log_to_stderr
from lumbar.services import load_content

if TYPE_CHECKING:
    from lumbar.publish.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")
DEBUG_ENV = "LUMBAR_DEBUG"  # set to 1 to see the traceback of an internal error


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that every error it raises ends as a message and an exit status.

    ``UsageError`` (a wrong argument, such as an unknown exercise) becomes click's usage
    message, exit 2. ``UserError`` prints ``error.report(root)`` on stderr, exit 1; content
    errors also print GitHub annotations under GitHub Actions. Any other exception is a bug
    in Lumbar: one line says so and what went wrong, exit 1.
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: usage errors, --help, Ctrl-C
        except UsageError as error:
            raise click.UsageError(error.report()) from None
        except UserError as error:
            root = _root()
            click.echo(error.report(root), err=True)
            if isinstance(error, ContentErrors) and os.environ.get("GITHUB_ACTIONS") == "true":
                for problem in error.errors:
                    click.echo(problem.github_annotation(root))
            sys.exit(error.exit_code)
        except OSError as error:  # the filesystem, not Lumbar: the path and what to do, one line
            click.echo(file_problem(error).report(), err=True)
            sys.exit(1)
        except Exception as error:  # every other exception is Lumbar's bug, not the reader's
            if os.environ.get(DEBUG_ENV) == "1":
                raise
            click.echo(f"Internal error: {type(error).__name__}: {error}\n"
                       "This is a bug in Lumbar, not a mistake in your content. Please report it with the "
                       f"command you ran ({DEBUG_ENV}=1 shows the details).", err=True)
            sys.exit(1)

    return wrapper


def _root() -> Path | None:
    """The project folder of the running command (``--root``), to show paths relative to it."""
    context = click.get_current_context(silent=True)
    return context.find_root().obj.root if context and isinstance(context.find_root().obj, Project) else None


@dataclasses.dataclass(frozen=True)
class Project:
    """What every command gets: the project folder and the ``--today`` the user gave."""

    root: Path
    today: dt.date | None = None

    def settings(self, *, missing_ok: bool = False) -> Settings:
        """The project's settings from mkdocs.yml (``--today`` replaces its ``today``).
        SettingsError when mkdocs.yml cannot be read or holds a wrong value; with
        ``missing_ok``, a project without mkdocs.yml gets the defaults."""
        from lumbar.publish.settings import Settings

        settings = Settings.load(self.root, missing_ok=missing_ok)
        return dataclasses.replace(settings, pinned_today=self.today) if self.today else settings


def _check(project: Project, strict: bool, translation_warnings: bool = True) -> Catalogue:
    """Validate content; raise ContentErrors listing every problem. Returns the content.

    Translations behind their English (or partly translated) are warned about but never fail
    a build, not even with ``strict``: the English must never wait for a translator."""
    root = project.root
    catalogue = load_content(root, today=project.settings(missing_ok=True).today)
    for warning in catalogue.warnings:
        click.echo(f"warning: {warning.format(root)}", err=True)
    for warning in catalogue.translations.warnings if translation_warnings else ():
        click.echo(f"warning: {warning.format(root)}", err=True)
    if strict:
        # Listed for the record, never a failure: clinical review is tracked, not enforced.
        pending = catalogue.clinical_review_pending()
        for note in pending:
            click.echo(f"note: {note.format(root)}", err=True)
        if pending:
            click.echo(f"{len(pending)} files are not yet reviewed by a physiotherapist "
                       "(review.clinical_review: pending).", err=True)
    if strict and catalogue.warnings:
        raise UserError("Warnings are errors with --strict; nothing was built.")
    return catalogue


def _today_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    from lumbar.publish.settings import read_today

    try:
        return read_today(value, where="--today") if value else None
    except UserError as error:
        raise click.BadParameter(str(error).removeprefix("--today: ")) from None


@click.group()
@click.version_option(package_name="lumbar")
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), default=".",
              help="The project folder (holding mkdocs.yml).")
@click.option("--today", "today", metavar="YYYY-MM-DD", default=None, callback=_today_option,
              help="The date to check review deadlines against (and to print for --date today), "
                   "instead of the today setting in mkdocs.yml or the computer's clock.")
@click.option("--cache-dir", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar=CACHE_ENV, show_envvar=True,
              help="Where to keep the build cache (default: .cache/build/ in the project); for a "
                   "read-only checkout, a folder you can write to.")
@click.pass_context
def main(ctx: click.Context, root: Path, today: dt.date | None, cache_dir: Path | None) -> None:
    """Lumbar builds a patient-education site about lower back pain from YAML."""
    if cache_dir is not None:  # every cache of this run, the MkDocs plugin's too, reads it
        os.environ[CACHE_ENV] = str(cache_dir.resolve())
    _show_notes()
    _stop_cleanly_on_sigterm()
    ctx.obj = Project(root.resolve(), today)


def _stop_cleanly_on_sigterm() -> None:
    """A run stopped by SIGTERM (``kill``, a CI job's time limit) ends as Ctrl-C does: what
    it was writing (a half-built site, a temporary file, its scratch folder) is removed on
    the way out, instead of waiting for the next run. Only SIGKILL cannot be caught."""
    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, stop)


def _show_notes() -> None:
    """Print Lumbar's own notes (such as a build cache that cannot be written) as
    ``Note: ...`` lines on stderr, once each."""
    log_to_stderr("lumbar", "Note: %(message)s").propagate = False


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings (such as overdue reviews) as errors.")
@click.pass_obj
@reports_errors
def check(project: Project, strict: bool) -> None:
    """Validate all content and print every problem as file:line:col."""
    root = project.root
    catalogue = _check(project, strict)
    from lumbar.services import card_fit_warnings, handout_fit_warnings, translation_fit_warnings

    # Cards are checked here, not on every command: laying out every card takes a second.
    too_long = card_fit_warnings(catalogue) + handout_fit_warnings(catalogue) + translation_fit_warnings(catalogue)
    for warning in too_long:
        click.echo(f"warning: {warning.format(root)}", err=True)
    if strict and too_long:
        raise UserError("Warnings are errors with --strict.")
    counts = f"{len(catalogue.exercises)} exercises, {len(catalogue.faqs)} FAQ entries, {len(catalogue.pairs)} avoid/try pairs, {len(catalogue.programmes)} programmes"
    click.echo(f"All content is valid: {counts}.")


@main.command()
@click.option("--strict", is_flag=True, help="Fail on any warning, as CI does.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site/).")
@click.option("--offline", is_flag=True,
              help="Make a site that works opened from disk (file://), search included.")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="The site generator: MkDocs with Material (through the lumbar plugin) or Zensical.")
@click.pass_obj
@reports_errors
def build(project: Project, strict: bool, site_dir: Path | None, offline: bool, engine: str) -> None:
    """Build the site. A failed build leaves the previous site/ untouched."""
    from lumbar.engines import build_site

    catalogue = _check(project, strict)
    target = build_site(engine, catalogue, project.settings(), strict=strict, site_dir=site_dir, offline=offline)
    click.echo(f"Site built in {target}")


@main.command()
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder to write the Markdown docs tree into (missing or empty).")
@click.option("--force", is_flag=True, help="Replace the contents of a folder that is not empty.")
@click.option("--mkdocs-yml", "mkdocs_yml", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write an mkdocs.yml that builds the export with plain MkDocs.")
@click.pass_obj
@reports_errors
def export(project: Project, out: Path, force: bool, mkdocs_yml: Path | None) -> None:
    """Write every page as plain Markdown, for MkDocs without Lumbar or another generator."""
    from lumbar.publish.export import export_docs, plain_mkdocs_config

    catalogue = _check(project, strict=False)
    settings = project.settings()
    result = export_docs(catalogue, settings, out=out, force=force)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Exported {len(result.generated)} generated and {len(result.copied)} hand-written files to {result.out}")
    if mkdocs_yml is not None:
        try:
            write_atomic(mkdocs_yml, plain_mkdocs_config(settings, result.out, safety=catalogue.safety).encode("utf-8"))
        except OSError as error:
            raise file_problem(error, "write the MkDocs configuration", "choose another file with --mkdocs-yml") from None
        click.echo(f"Wrote {mkdocs_yml}: build the export with `mkdocs build -f {mkdocs_yml}`")


@main.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="The site generator: MkDocs with Material or Zensical.")
@click.pass_obj
@reports_errors
def serve(project: Project, port: int, engine: str) -> None:
    """Preview the site at http://127.0.0.1:8000. A change to the content, a template or a
    page shows in the browser as soon as the pages it touches are built; cards, sheets and
    PDFs follow. A content error shows in the browser as the list of problems."""
    import logging

    from lumbar.engines import preview_builder
    from lumbar.preview.server import serve as serve_preview
    from lumbar.preview.session import Preview

    settings = project.settings()
    logging.basicConfig(format="%(levelname)-7s -  %(message)s")
    logging.getLogger("lumbar.preview").setLevel(logging.INFO)
    preview = Preview(settings, preview_builder(engine, settings), today=project.today)
    click.echo(f"Serving the site ({engine}) at http://127.0.0.1:{port}/ - press Ctrl-C to stop.")
    try:
        serve_preview(preview, port)
    except OSError as exc:
        raise UserError(f"Serve stopped: cannot serve on port {port} ({exc.strerror}); "
                        "choose another with --port") from None


@main.command()
@click.argument("kind", type=click.Choice([*KINDS, "safety"]))
@click.argument("title", required=False)
@click.option("--id", "entry_id", default=None,
              help="The id (and file name) to use, such as bridge-pose; needed when the title has no Latin letters.")
@click.option("--lang", "language", default=None, metavar="CODE",
              help="Start a translation instead: lumbar new --lang es exercise bridge writes "
                   "content/i18n/es/exercises/bridge.yml with the English to translate in comments.")
@click.pass_obj
@reports_errors
def new(project: Project, kind: str, title: str | None, entry_id: str | None, language: str | None) -> None:
    """Start a new content file: lumbar new exercise "Side plank".

    \b
    Or a translation of an entry (by its id), or of the safety file:
    lumbar new --lang es exercise bridge
    lumbar new --lang es safety
    """
    from lumbar.content.scaffold import new_entry

    root = project.root
    if language is not None:
        _new_translation(project, language, kind, entry_id or title)
        return
    if kind == "safety" or not title:
        raise UsageError("give the kind and the title of the new entry, such as: lumbar new exercise \"Side plank\""
                         if kind != "safety" else "content/safety.yml exists already; translate it with "
                         "lumbar new --lang CODE safety")
    path = new_entry(root, kind, title, today=project.settings(missing_ok=True).today, entry_id=entry_id)
    click.echo(f"Created {path.relative_to(root).as_posix()}: fill in each 'Write ...' line, then run `lumbar check`.")


def _new_translation(project: Project, language: str, kind: str, entry_id: str | None) -> None:
    """``lumbar new --lang``: the overlay of one English entry (or the safety file)."""
    from lumbar.content.catalogue import read_catalogue
    from lumbar.content.errors import did_you_mean
    from lumbar.content.translations import SAFETY, new_translation

    root = project.root
    # Problems elsewhere (another translation half done) do not stop a new one: only the
    # English file to translate must be valid.
    catalogue, _problems = read_catalogue(root, project.settings(missing_ok=True).today)
    sources = catalogue.english_sources()
    entry_id = SAFETY if kind == SAFETY else entry_id
    if entry_id is None:
        raise UsageError(f"give the id of the {kind} to translate, such as: lumbar new --lang {language} {kind} "
                         f"{next((key[1] for key in sorted(sources) if key[0] == kind), 'bridge')}")
    if (kind, entry_id) not in sources:
        ids = sorted(key[1] for key in sources if key[0] == kind)
        raise UsageError(f"no valid {kind} has the id {entry_id!r}.{did_you_mean(entry_id, ids)} "
                         "(`lumbar check` shows any problem with it)")
    path = new_translation(root, catalogue.translations.languages, language, kind, entry_id,
                           sources[(kind, entry_id)].data)
    click.echo(f"Created {path.relative_to(root).as_posix()}: write the translation of each English comment "
               "over its 'Write this in ...' line, then run `lumbar check`.")


@main.command()
@click.option("--lang", "language", default=None, metavar="CODE", help="Only this language.")
@click.option("--all", "show_all", is_flag=True, help="List every missing entry, not only how many.")
@click.option("--pot", "write_pot", is_flag=True,
              help="Write content/i18n/lumbar.pot, the template of Lumbar's own words to translate.")
@click.pass_obj
@reports_errors
def translations(project: Project, language: str | None, show_all: bool, write_pot: bool) -> None:
    """List, per language, which translations are missing, behind the English or unreviewed,
    and how many of Lumbar's own words (headings, labels, messages) are translated."""
    from lumbar.content.translations import hand_written_pages, report
    from lumbar.i18n import TEMPLATE_FILE, read_words, source_messages, template_text

    root = project.root
    if write_pot:
        (root / TEMPLATE_FILE).parent.mkdir(parents=True, exist_ok=True)
        (root / TEMPLATE_FILE).write_text(template_text(), encoding="utf-8")
        click.echo(f"Wrote {TEMPLATE_FILE}: {len(source_messages())} messages.")
        return
    catalogue = _check(project, strict=False, translation_warnings=False)
    reports = report(catalogue.translations, catalogue.english_sources())
    if language is not None:
        reports = [item for item in reports if item.language.code == language]
        if not reports:
            codes = ", ".join(lang.code for lang in catalogue.translations.languages) or "none"
            raise UsageError(f"{language!r} is not a language of this site (languages: {codes})")
    if not reports:
        click.echo("No languages besides English: add one to content/i18n/languages.yml (see CONTRIBUTING.md).")
    for item in reports:
        lang = item.language
        done = len(item.current)
        click.echo(f"{lang.english_name} ({lang.code}): {done} of {item.total} translated and up to date, "
                   f"{len(item.behind)} behind the English, {len(item.incomplete)} partly translated, "
                   f"{len(item.missing)} missing; {item.pending_review} not yet reviewed (translation_review: pending).")
        words = read_words(root, lang.code, [])
        total = len(source_messages())
        click.echo(f"  Lumbar's own words: {total - len(words.missing)} of {total} translated"
                   + (f"; missing: {', '.join(repr(m.english) for m in words.missing[:5])}" if words.missing else ""))
        for translation in item.behind:
            click.echo(f"  behind: {translation.path.relative_to(root).as_posix()}: the English changed in "
                       f"{', '.join(translation.behind)}")
        for translation in item.incomplete:
            click.echo(f"  partly: {translation.path.relative_to(root).as_posix()}: not translated: "
                       f"{', '.join(translation.untranslated)}")
        translations_found = catalogue.translations
        for name in translations_found.behind_pages.get(lang.code, []):
            click.echo(f"  behind: content/i18n/{lang.code}/{name}: content/{name} changed")
        pages = [name for name in hand_written_pages(root) if name not in translations_found.pages.get(lang.code, {})]
        missing = [f"{kind}/{entry_id}" if kind != "safety" else "safety" for kind, entry_id in item.missing]
        missing = [*(f"page {name}" for name in pages), *missing]
        if missing:
            shown = missing if show_all else missing[:10]
            more = "" if len(shown) == len(missing) else f" ... and {len(missing) - len(shown)} more (--all lists them)"
            click.echo(f"  missing: {', '.join(shown)}{more}")


@main.command()
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if the committed schemas are out of date.")
@click.pass_obj
@reports_errors
def schema(project: Project, check_only: bool) -> None:
    """Write the JSON Schemas in schemas/ that editors use for autocomplete."""
    from lumbar.content.schema import stale_schemas, write_schemas

    root = project.root
    if check_only:
        stale = stale_schemas(root)
        if stale:
            raise UserError(f"Out of date: {', '.join(stale)}. Run `lumbar schema` and commit the result.")
        click.echo("Schemas are up to date.")
        return
    for path in write_schemas(root):
        click.echo(f"Wrote {path.relative_to(root).as_posix()}")


# ---- Printing: exercise cards and handouts (lumbar.printing.cards, lumbar.printing.handout).

def _printed_site(project: Project) -> Settings:
    """The settings that name the site and give printed QR codes and links their address;
    with a placeholder site_url, says once that prints carry no QR code or address."""
    settings = project.settings()
    warning = settings.address_warning()
    if warning:
        click.echo(f"Note: {warning}", err=True)
    return settings


@main.command()
@click.argument("exercises", nargs=-1, metavar="[EXERCISE[:field=value,...]]...")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), default=PAPERS[0], show_default=True,
              help="a4: A6 cards, 4 to an A4 sheet. letter: quarter-Letter cards, 4 to a Letter sheet.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("cards"), show_default=True,
              help="Folder to write the cards into.")
@click.option("--no-png", is_flag=True, help="Skip the 300 DPI PNG previews.")
@click.pass_obj
@reports_errors
def cards(project: Project, exercises: tuple[str, ...], paper: str, out: Path, no_png: bool) -> None:
    """Render exercise cards (all, or the EXERCISEs given): a PDF and a PNG preview each,
    plus every card 4 to a sheet with cut marks. Unchanged cards are not rendered again.

    \b
    lumbar cards bridge bird-dog --paper letter
    lumbar cards bridge:sets=2,reps=10 walking:minutes=20
    A dose you set is printed on the card, marked "set for you" (the same fields as
    lumbar handout: sets, reps, hold_seconds, rest_seconds, minutes, per_side, how_often).
    """
    from lumbar.cache import BuildCache
    from lumbar.paths import fold_sheet_name, sheet_name
    from lumbar.printing.batch import write_cards
    from lumbar.progress import ProgressBar
    from lumbar.services import choose, make_cards

    cache = BuildCache(project.root)
    catalogue = _check(project, strict=False)
    items = choose(catalogue, exercises, cache)
    settings = _printed_site(project)
    paper = paper.lower()
    with ProgressBar("Rendering cards") as progress:
        card_set = make_cards(items, settings.site, catalogue.safety, papers={paper: not no_png}, cache=cache,
                              on_start=progress.start, on_done=progress.advance)[paper]
    try:
        write_cards(card_set, out)
    except OSError as error:
        raise file_problem(error, "write the cards", "choose another folder with --out") from None
    click.echo(f"{len(items)} cards: {len(card_set.rendered)} rendered, {len(card_set.reused)} unchanged. "
               f"Written to {out}; print {out / sheet_name(paper)} double-sided (flip on the long edge), "
               f"or {out / fold_sheet_name(paper)} single-sided and fold, for 4 cards a sheet.")


@main.command()
@click.argument("exercises", nargs=-1, required=True, metavar="EXERCISE[:field=value,...]...")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), default=PAPERS[0], show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("handout.pdf"), show_default=True,
              help="The PDF file to write.")
@click.option("--layout", type=click.Choice(HANDOUT_LAYOUTS), default=HANDOUT_LAYOUTS[0], show_default=True,
              help="compact: two or three exercises a page with a tick-box log; one-per-page: one a page.")
@click.option("--patient", default="", help="The patient's name (left blank to write in).")
@click.option("--date", "date", default="", metavar="YYYY-MM-DD|today",
              help="The date to print, such as 2025-03-14, or 'today' (left blank to write in).")
@click.option("--note", "notes", multiple=True, metavar="EXERCISE=TEXT", help="A note for one exercise.")
@click.option("--side", "sides", multiple=True, metavar="EXERCISE=left|right|both",
              help="The side to work, for an exercise that has sides (one leg or arm at a time).")
@click.pass_obj
@reports_errors
def handout(project: Project, exercises: tuple[str, ...], paper: str, out: Path, layout: str, patient: str, date: str,
            notes: tuple[str, ...], sides: tuple[str, ...]) -> None:
    """Make a PDF handout of chosen exercises, with doses you can change.

    \b
    lumbar handout bridge bird-dog walking --paper a4 --out my.pdf
    lumbar handout bridge:sets=2,reps=10 walking:minutes=20
    lumbar handout "bridge:reps=6 each side" "bird-dog:reps=2 x 10,hold_seconds=5s"
    lumbar handout bridge clamshell --patient "Sam Lee" --date today \\
        --side clamshell=left --note "bridge=Hold for 3 seconds at first"
    Dose fields: sets, reps, hold_seconds, rest_seconds, minutes, per_side, how_often.
    In "2 x 10" or "10 x 2" the smaller number is the sets.
    The clinic's name, phone and logo come from mkdocs.yml (extra: lumbar: clinic:).
    A handout made before with the same choices is not made again.
    """
    from lumbar.cache import BuildCache
    from lumbar.paths import HANDOUT_PAGE, url_of
    from lumbar.printing.layout import paper as paper_named
    from lumbar.printing.selection import handout_query, personal_from, selection_warnings
    from lumbar.services import choose, make_handout

    cache = BuildCache(project.root)
    catalogue = _check(project, strict=False)
    items = choose(catalogue, exercises, cache)
    for warning in selection_warnings(items):
        click.echo(f"Warning: {warning}", err=True)
    settings = _printed_site(project)
    clinic = settings.clinic
    personal = personal_from(patient, date, notes, sides, [item.exercise.id for item in items],
                             clinic.name, clinic.phone, clinic.logo_bytes(), today=settings.today,
                             sided=[item.exercise.id for item in items if item.exercise.sides])
    sheet = paper_named(paper)
    # The safety advice is content/safety.yml's, checked by _check.
    made = make_handout(items, sheet, settings.site, catalogue.safety, layout=layout, personal=personal, cache=cache)
    try:  # whole or not at all: a full disk or Ctrl-C never leaves half a PDF
        write_atomic(out, made.pdf)
    except OSError as error:
        raise file_problem(error, "write the handout", "choose another file with --out") from None
    click.echo(f"Handout of {len(items)} exercises ({made.pages} pages, {sheet.label}) written to {out}")
    builder = settings.public_url(HANDOUT_PAGE)
    where = f"{builder}?{handout_query(exercises)}" if builder else \
        f"{url_of(HANDOUT_PAGE, settings.directory_urls)}?{handout_query(exercises)} on the site"
    click.echo(f"The same handout in a browser: {where}")


@main.command()
@click.argument("exercise_id", metavar="EXERCISE")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the pictures into (default: build/figures/ in the project).")
@click.option("--dpi", default=150, show_default=True, type=click.IntRange(50, 600), help="Resolution of the PNGs.")
@click.pass_obj
@reports_errors
def figure(project: Project, exercise_id: str, out: Path | None, dpi: int) -> None:
    """Draw one exercise's start and end pictures (SVG and PNG) from its pose data, to look
    at while you edit the YAML. Every picture is also on the site's exercises/gallery/ page."""
    from lumbar.content.errors import did_you_mean
    from lumbar.figures import write_figures

    root = project.root
    catalogue = _check(project, strict=False)
    by_id = {e.id: e for e in catalogue.exercises}
    if exercise_id not in by_id:
        raise UsageError(f"no exercise has the id {exercise_id!r}.{did_you_mean(exercise_id, sorted(by_id))}")
    exercise = by_id[exercise_id]
    folder = out if out is not None else root / "build" / "figures"
    for path in write_figures(exercise, folder, dpi=dpi):
        click.echo(f"Wrote {path}")
