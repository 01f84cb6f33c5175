"""Shared fixtures: the real project, a real strict build of it, and scratch projects."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from lumbar.files import TEMP_PREFIX
from lumbar.mkdocs.build import build_site
from lumbar.paths import CACHE_DIR, KINDS
from lumbar.site import Site

ROOT = Path(__file__).resolve().parent.parent
# The date every test build checks review deadlines against (the ``today`` setting, which the
# project's mkdocs.yml reads from LUMBAR_TODAY; subprocesses inherit it). Pinned, so that the
# strict builds of the real content do not start failing when its first review falls due:
# `faketime '2030-06-01' make test` passes. Tests of overdue reviews set their own date.
TODAY = dt.date(2026, 12, 7)
os.environ["LUMBAR_TODAY"] = TODAY.isoformat()
# The name of a ``record_property`` whose value (a figure a test measured) is printed at the
# end of the run; properties reach the summary from pytest-xdist workers too.
REPORT = "lumbar-report"

VALID_EXERCISE = """\
id: {id}
name: Test stretch
aliases: [Sample move {id}]
summary: A gentle stretch used only by the test suite.
category: stretch
position: lying-on-back
pain_patterns: [eased-by-sitting]
difficulty: easy
equipment: [mat]
tags: [stretching]
purpose: Loosens the lower back.
starting_position: Lie on your back with your knees bent.
steps:
  - Pull one knee to your chest.
  - Hold, then let go.
dose:
  reps: 2-4
  hold_seconds: 15-30
  per_side: true
  how_often: Twice a day
feel: A gentle stretch in your lower back.
stop_if:
  - Pain gets sharp.
sources:
  - publisher: Healthwise
    title: "Low Back Pain: Exercises to Reduce Pain"
review:
  reviewed_on: 2026-01-01
  next_review_due: 2099-01-01
  clinical_review: pending
figure:
  start:
    base: lying-on-back
  end:
    base: lying-on-back
    hips: {{near: 110}}
"""

# The sources and review block every valid test entry ends with.
SOURCES_AND_REVIEW = """\
sources:
  - publisher: NHS
    title: Back pain
review:
  reviewed_on: 2026-01-01
  next_review_due: 2099-01-01
  clinical_review: pending
"""

VALID_FAQ = """\
id: {id}
question: Is this a test?
summary: Yes, this question exists only for the test suite.
answer: Yes.
""" + SOURCES_AND_REVIEW

VALID_PAIR = """\
id: {id}
summary: Avoid the first thing and try the second, gentler thing.
avoid:
  name: Something hard
  why: It strains your back.
try_instead:
  name: Something gentle
  exercises: [{exercise}]
  why: It is kinder.
""" + SOURCES_AND_REVIEW

FOLDERS = {name: kind.folder for name, kind in KINDS.items()}


def site_at(site_url: str, site_name: str = "Lumbar") -> Site:
    """The site as printing tests need it: a name and an address (``lumbar.site.Site``)."""
    return Site(site_name, site_url)


def write_project(root: Path, safety: str | None = None, **kinds: dict[str, str | bytes]) -> Path:
    """Write content files into the scratch project ``root``; see :func:`project`."""
    target = root / "content" / "safety.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    if safety is not None:
        target.write_text(safety, encoding="utf-8")
    elif not target.exists():
        target.write_text((ROOT / "content" / "safety.yml").read_text(encoding="utf-8"), encoding="utf-8")
    policy = root / "content" / "policy.yml"  # the meaning checks' words and thresholds
    if not policy.exists():
        policy.write_text((ROOT / "content" / "policy.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for kind, files in kinds.items():
        folder = root / FOLDERS[kind]
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            target = folder / f"{name}.yml"
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Write content files into a scratch project: project(exercise={"x": text}, ...).

    The real content/safety.yml and content/policy.yml are copied in (every project needs
    them); ``safety="..."`` writes that text instead.
    """
    return functools.partial(write_project, tmp_path)


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test run's temporary folder, shared by its pytest-xdist workers (each worker's own
    is a folder in it: popen-gw0, popen-gw1, ...); without xdist, the session's folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, engine: str = "mkdocs", **options: Any) -> Path:
    """A strict build of the real project made once per test run, into ``<tmp>/<name>/site``.

    Under pytest-xdist (``make test`` runs several workers) every worker asks for the same
    build: the first builds it into the run's shared temporary folder while the others wait
    on a file lock, then they all read the same files. ``engine`` is one of
    ``lumbar.engines.ENGINES``; ``options`` go to ``lumbar.engines.build_site``.
    """
    from lumbar.engines import build_site
    from lumbar.publish.settings import Settings
    from lumbar.services import load_content

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    base = run_folder(tmp_path_factory)
    site = base / name / "site"
    with FileLock(base / f"{name}.lock"):
        if not site.is_dir():  # the engines move a finished build into place, never half of one
            settings = Settings.load(ROOT)
            build_site(engine, load_content(ROOT, today=settings.today), settings, strict=True, site_dir=site, **options)
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A strict build of the real repository content with MkDocs, made once per test run."""
    return shared_build(tmp_path_factory, "built")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory, built_site: Path) -> Path:
    """A strict build of the real repository content with Zensical, made once per test run
    (after the MkDocs one, whose drawings and cards it reuses from the build cache)."""
    return shared_build(tmp_path_factory, "built-zensical", engine="zensical")


def write_small_project(root: Path) -> Path:
    """Write the files of :func:`small_project` into ``root``; returns ``root``."""
    write_project(root, exercise={name: VALID_EXERCISE.format(id=name) for name in ("first", "second")},
                  faq={"test-question": VALID_FAQ.format(id="test-question")},
                  avoid={"test-pair": VALID_PAIR.format(id="test-pair", exercise="first")})
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for page in (ROOT / "content").glob("*.md"):
        shutil.copy(page, root / "content" / page.name)
    (root / "content" / "index.md").write_text("# Lumbar test\n\nTwo test exercises.\n", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def small_project_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build cache of one strict build of :func:`small_project`'s files, made once per
    test run: the first worker to ask builds it (into the run's shared folder) while the
    others wait on a file lock, as :func:`shared_build` does. Tests only hard-link it."""
    base = run_folder(tmp_path_factory)
    root = base / "small-project"
    with FileLock(base / "small-project.lock"):
        if not (root / "site").is_dir():  # the build moves a finished site into place last
            shutil.rmtree(root, ignore_errors=True)  # a build that failed half-way
            build_site(write_small_project(root) / "mkdocs.yml", strict=True, site_dir=root / "site")
    return root / CACHE_DIR


@pytest.fixture
def cold_small_project(tmp_path: Path) -> Path:
    """The real mkdocs.yml, templates and hand-written pages around two test exercises
    (``first``, ``second``), a question (``test-question``) and a pair (``test-pair``), with
    an empty build cache: for tests about the cache itself.

    It builds strictly in seconds, where the real project takes most of a minute with an
    empty cache. The home page is a stub, as the real one links to real FAQ entries.
    """
    return write_small_project(tmp_path)


@pytest.fixture
def small_project(cold_small_project: Path, small_project_cache: Path) -> Path:
    """:func:`cold_small_project` with a warm build cache (hard links to one made once), for
    tests about the build itself (failing, rebuilding, what it writes) that do not need the
    real content: a build draws and renders only what the test changed."""
    shutil.copytree(small_project_cache, cold_small_project / CACHE_DIR, copy_function=_link,
                    ignore=shutil.ignore_patterns(".tmp-*", f"{TEMP_PREFIX}*"))
    return cold_small_project


def _link(source: str, target: str) -> None:
    """Hard-link one cache file; one that another test worker's build just pruned is skipped."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        pass


# The fixtures that build once per run (the first worker to ask builds; the others wait on a
# file lock).
SHARED_BUILDS = {"built_site", "offline_site", "zensical_site", "engine_site", "small_project_cache"}

# The test files that keep one worker busy longest, longest first: pytest-xdist gives a whole
# file to one worker, so one of these started late ends the run alone while the other workers
# have nothing left to do. Measured as the seconds each file ran on its worker in `make test`
# on the 2-core machine (2026-12-07, loaded): test_print_pdfs 520, test_serve 460,
# test_injection 380, mkdocs/test_build 310, test_contributor_input 270, test_cards 240,
# test_search 200; a file not named here runs after them.
LONGEST_FILES = (
    "tests/printing/test_print_pdfs.py",
    "tests/browser/test_serve.py",
    "tests/publish/test_injection.py",
    "tests/mkdocs/test_build.py",
    "tests/content/test_contributor_input.py",
    "tests/printing/test_cards.py",
    "tests/browser/test_search.py",
)
# Browser test files whose tests share nothing costlier than the browser and the built site
# (session fixtures): their tests are handed out one at a time (pytest_xdist_make_scheduler;
# every other file stays whole on one worker, for its module fixtures). Together they are most of
# the suite's CPU (Chromium: CPU seconds in one process, 2026-12-07: axe on every page type
# 186, handout builder 152, search forgives 126, print styles 117, privacy 60, motion 60,
# keyboard 55), so whole files would each keep one worker busy for minutes. They run after
# LONGEST_FILES, filling the workers to the end of the run.
SPLIT_FILES = (
    "tests/browser/test_accessibility.py",
    "tests/browser/test_handout_builder.py",
    "tests/browser/test_search_forgives.py",
    "tests/browser/test_print_styles.py",
    "tests/browser/test_privacy.py",
    "tests/browser/test_motion.py",
    "tests/browser/test_keyboard.py",
)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadfile`` with the tests of SPLIT_FILES handed out one at a time: every other
    file stays whole on one worker (for its module fixtures)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FilesAndSplitTests(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            name = nodeid.split("::", 1)[0]
            return nodeid if name in SPLIT_FILES else name

    return FilesAndSplitTests(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the tests for pytest-xdist, which hands out whole files (and the tests of
    SPLIT_FILES one at a time) in this order (``make test`` turns off its own reordering by
    number of tests, --no-loadscope-reorder): the longest files first (LONGEST_FILES), then
    SPLIT_FILES, then the other files that need a shared build, then those that need none,
    short fillers for the end of the run.

    The order within each group, and within each file, is kept.
    """
    needs_build: dict[str, bool] = {}
    for item in items:
        name = item.nodeid.split("::")[0]
        needs_build[name] = needs_build.get(name, False) or bool(SHARED_BUILDS & set(item.fixturenames))

    def rank(item: pytest.Item) -> tuple[int, int]:
        name = item.nodeid.split("::")[0]
        if name in LONGEST_FILES:
            return 0, LONGEST_FILES.index(name)
        if name in SPLIT_FILES:
            return 1, SPLIT_FILES.index(name)
        return (2 if needs_build[name] else 3), 0

    items.sort(key=rank)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print figures that tests measured (such as the median reading level)."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", ()):
            if name == REPORT:
                terminalreporter.write_line(str(value))


@pytest.fixture
def project_copy(tmp_path: Path, built_site: Path) -> Path:
    """A scratch copy of the real project (config, templates and content) to modify.

    It shares the real project's warm build cache (hard links; the cache only ever adds
    files by atomic rename), so a build of the copy draws and renders only what a test
    changed. Tests about the cache itself use an empty project instead.
    """
    return copy_project(tmp_path / "project")


def copy_project(copy: Path) -> Path:
    """Copy the real project's config, templates and content into ``copy`` (a new folder),
    with its build cache hard-linked as :func:`project_copy` describes; returns ``copy``."""
    for name in ("content", "exercises", "templates"):
        shutil.copytree(ROOT / name, copy / name)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    cache = ROOT / CACHE_DIR
    if cache.is_dir():
        shutil.copytree(cache, copy / CACHE_DIR, copy_function=_link, ignore=shutil.ignore_patterns(".tmp-*", f"{TEMP_PREFIX}*"))
    return copy
