"""Faults from the filesystem (issue 22, kind 1): each is one line naming the path and what
to do, never a traceback; nothing is left half-written (cache, scratch folders, site/),
after a failed, full-disk or killed run; a read-only checkout checks and builds elsewhere.

Faults are real where the machine allows: a read-only bind mount (or, run as an ordinary
user, ``chmod a-w``), a small tmpfs for a full disk (root only; otherwise a failing
``os.write`` at the one seam every cache write goes through), ``kill -9`` for a killed run,
an unprivileged user (``setpriv``) for permissions.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lumbar.cache import SCRATCH_PREFIX, BuildCache
from lumbar.files import CACHE_ENV, TEMP_PREFIX, is_stale
from lumbar.mkdocs.build import build_site
from lumbar.paths import CACHE_DIR
from lumbar.publish.site_folder import OLD_PREFIX, STAGING_PREFIX, BuildFailed

ROOT_USER = os.geteuid() == 0
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def lumbar(*args: str, cwd: Path | None = None, user: list[str] | None = None,
           env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python -m lumbar ARGS`` in a new process (as ``user``, a setpriv prefix, if given)."""
    return subprocess.run([*(user or []), sys.executable, "-m", "lumbar", *args], capture_output=True, text=True,
                          cwd=cwd, env=env or ENV, timeout=timeout)


def one_line_messages(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Lumbar's own lines (MkDocs' INFO and WARNING log lines aside); no traceback."""
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "Internal error" not in text, text
    return [line for line in result.stderr.splitlines() if not re.match(r"^(INFO|WARNING|DEBUG) ", line)]


def leftovers(*folders: Path) -> list[Path]:
    """Half-written files and folders of any run: temporary files, half-built sites."""
    found = []
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.name.startswith((TEMP_PREFIX, ".tmp-", STAGING_PREFIX, OLD_PREFIX)):
                found.append(path)
    return found


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@contextlib.contextmanager
def mounted(*args: str) -> Iterator[None]:
    """Run ``mount ARGS`` (skip when this machine cannot), unmount afterwards."""
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount here ({done.stderr.strip()}); run as root for the real fault")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", args[-1]], capture_output=True)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` seen read-only: a read-only bind mount as root (root ignores permissions),
    else the folder with its write permissions removed."""
    if ROOT_USER:
        view = folder.parent / f"{folder.name}-read-only"
        view.mkdir()
        with mounted("--bind", str(folder), str(view)), mounted("-o", "remount,bind,ro", str(view)):
            yield view
    else:
        subprocess.run(["chmod", "-R", "a-w", str(folder)], check=True)
        try:
            yield folder
        finally:
            subprocess.run(["chmod", "-R", "u+w", str(folder)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 12 MB disk of its own (tmpfs), to fill up."""
    disk = tmp_path / "disk"
    disk.mkdir()
    with mounted("-t", "tmpfs", "-o", "size=12m", "tmpfs", str(disk)):
        yield disk


def fill(disk: Path, leave: int = 64 * 1024) -> None:
    """Fill ``disk`` until only about ``leave`` bytes are free."""
    free = shutil.disk_usage(disk).free - leave
    with open(disk / "filler", "wb") as out:
        while free > 0:
            chunk = min(free, 1 << 20)
            out.write(b"\0" * chunk)
            free -= chunk


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# ---- A read-only checkout


def test_a_read_only_checkout_checks_and_builds_into_a_writable_folder(small_project: Path, tmp_path: Path) -> None:
    scratch_before = set(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"))
    with read_only(small_project) as checkout:
        checked = lumbar("--root", str(checkout), "check")
        assert checked.returncode == 0, checked.stderr
        [note] = [line for line in one_line_messages(checked) if "build cache" in line]
        assert note.startswith(f"Note: {checkout / CACHE_DIR}: the build cache cannot be written")
        assert f"set {CACHE_ENV} (or lumbar --cache-dir)" in note
        refused = lumbar("--root", str(checkout), "build")
        assert refused.returncode == 1
        assert one_line_messages(refused)[-1] == (
            f"Build failed: {checkout / 'site'}: cannot write the site: it is on a read-only disk; choose a folder "
            "you can write to with --site-dir. The previous site was left as it was.")
        built = lumbar("--root", str(checkout), "build", "--site-dir", str(tmp_path / "site"))
        assert built.returncode == 0, built.stderr
        assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "site" / "cards" / "first.pdf").is_file()
        cached = lumbar("--root", str(checkout), "--cache-dir", str(tmp_path / "cache"), "build",
                        "--site-dir", str(tmp_path / "site2"))
        assert cached.returncode == 0 and "build cache" not in cached.stderr, cached.stderr
        assert list((tmp_path / "cache").rglob("*.pdf")) or any((tmp_path / "cache" / "cards").rglob("*"))
        out = tmp_path / "handout.pdf"
        printed = lumbar("--root", str(checkout), "handout", "first", "--out", str(out))
        assert printed.returncode == 0 and out.read_bytes().startswith(b"%PDF"), printed.stderr
    assert not leftovers(small_project, tmp_path)
    # Each run kept its results in a scratch folder of its own, removed when it ended (other
    # runs on this machine may have theirs meanwhile).
    new = set(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*")) - scratch_before
    assert [folder for folder in new if is_stale(folder, SCRATCH_PREFIX)] == []


# ---- A full disk


def test_a_full_disk_keeps_the_last_site_and_leaves_nothing_half_written(small_project: Path, small_disk: Path) -> None:
    site, cache = small_disk / "site", small_disk / "cache"
    shutil.copytree(small_project / CACHE_DIR, cache)
    first = lumbar("--root", str(small_project), "--cache-dir", str(cache), "build", "--site-dir", str(site))
    assert first.returncode == 0, first.stderr
    before = snapshot(site)
    exercise = small_project / "exercises" / "first.yml"
    exercise.write_text(exercise.read_text(encoding="utf-8").replace("name: Test stretch", "name: Test stretch two"))
    fill(small_disk)
    failed = lumbar("--root", str(small_project), "--cache-dir", str(cache), "build", "--site-dir", str(site))
    assert failed.returncode == 1
    assert one_line_messages(failed)[-1] == (
        f"Build failed: {site}: cannot build the site: the disk is full; free some space, then run the command "
        "again. The previous site was left as it was.")
    assert snapshot(site) == before
    assert not leftovers(small_disk)
    out = small_disk / "handout.pdf"
    printed = lumbar("--root", str(small_project), "--cache-dir", str(cache), "handout", "first", "second",
                     "--out", str(out))
    assert printed.returncode == 1 and not out.exists()
    assert one_line_messages(printed)[-1].startswith(f"{small_disk}")
    assert "cannot write the handout: the disk is full; free some space" in printed.stderr
    assert not leftovers(small_disk)


def test_a_cache_write_that_fails_half_way_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """The seam every cache write goes through (files.write_atomic's os.write) failing with
    a full disk after its first bytes: no file in the cache, and the result still made."""
    import lumbar.files

    write = os.write
    folder = tmp_path / "cache"

    def full(descriptor: int, data: bytes | memoryview) -> int:
        if Path(os.readlink(f"/proc/self/fd/{descriptor}")).is_relative_to(folder):  # the cache's disk is full
            if os.fstat(descriptor).st_size:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return write(descriptor, bytes(data)[:10])  # ... after the first bytes
        return write(descriptor, data)

    monkeypatch.setattr(lumbar.files.os, "write", full)
    cache = BuildCache(tmp_path, folder)
    assert cache.get("things", "a" * 64, lambda: b"x" * 1000) == b"x" * 1000
    assert [p for p in folder.rglob("*") if p.is_file()] == []
    assert cache.get("things", "a" * 64, lambda: b"not made again") == b"x" * 1000  # kept for this run
    assert "the build cache cannot be written (the disk is full)" in caplog.text


# ---- A killed run


def test_a_killed_build_leaves_nothing_once_the_next_run_has_started(small_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    cache = small_project / CACHE_DIR
    shutil.rmtree(cache / "cards")  # so the build has cards to render while it is killed
    build = subprocess.Popen([sys.executable, "-m", "lumbar", "--root", str(small_project), "build",
                              "--site-dir", str(site)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(f"{STAGING_PREFIX}*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert list(tmp_path.glob(f"{STAGING_PREFIX}*")), "the build was killed after it started writing the site"
    # A half-written cache file as a killed write leaves it, and one of a run still going.
    (cache / "figures").mkdir(parents=True, exist_ok=True)
    killed = cache / "figures" / f"{TEMP_PREFIX}{dead_pid()}-0000"
    killed.write_bytes(b"half")
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        running = cache / "figures" / f"{TEMP_PREFIX}{other.pid}-0000"
        running.write_bytes(b"being written")
        again = lumbar("--root", str(small_project), "build", "--site-dir", str(site))
        assert again.returncode == 0, again.stderr
        assert running.exists()  # another run's file in progress is left alone
        other.kill()
    running.unlink()
    assert not killed.exists()
    assert not leftovers(tmp_path, cache)
    assert (site / "cards" / "first.pdf").is_file()


def test_a_build_stopped_by_sigterm_leaves_nothing_at_once(small_project: Path, tmp_path: Path) -> None:
    """kill (SIGTERM), as a CI time limit sends it, ends the run as Ctrl-C does: the half-built
    site is removed on the way out, not only by the next run."""
    site = tmp_path / "site"
    shutil.rmtree(small_project / CACHE_DIR / "cards")  # so the build is still working when stopped
    build = subprocess.Popen([sys.executable, "-m", "lumbar", "--root", str(small_project), "build",
                              "--site-dir", str(site)], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(f"{STAGING_PREFIX}*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    build.send_signal(signal.SIGTERM)
    _, errors = build.communicate(timeout=120)
    assert build.returncode == 128 + signal.SIGTERM and "Traceback" not in errors, errors
    assert not site.exists() and not leftovers(tmp_path, small_project / CACHE_DIR)


def test_a_build_killed_between_its_renames_gets_its_site_back(small_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(small_project / "mkdocs.yml", site_dir=site)
    before = snapshot(site)
    old = tmp_path / f"{OLD_PREFIX}{dead_pid()}-0000"  # as _swap leaves it when killed between renames
    old.mkdir()
    site.rename(old / "site")
    faq = small_project / "content" / "faq" / "test-question.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("answer: Yes.", "answer: <b>Yes</b>"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(small_project / "mkdocs.yml", site_dir=site)
    assert snapshot(site) == before and not leftovers(tmp_path)


# ---- Content entries that are not ordinary files, folders where files should be


def test_content_entries_that_are_not_ordinary_files_are_reported(small_project: Path, tmp_path: Path) -> None:
    faq = small_project / "content" / "faq"
    (faq / "dangling.yml").symlink_to(tmp_path / "nowhere.yml")
    (faq / "loop-a.yml").symlink_to("loop-b.yml")
    (faq / "loop-b.yml").symlink_to("loop-a.yml")
    (faq / "folder.yml").mkdir()
    os.mkfifo(faq / "pipe.yml")
    (faq / "linked.yml").symlink_to("test-question.yml")
    (small_project / "content" / "outside.md").symlink_to("/etc/hostname")
    (small_project / "content" / "gone.md").symlink_to(tmp_path / "gone.md")
    for command in ("check", "build"):
        result = lumbar("--root", str(small_project), command, timeout=120)
        assert result.returncode == 1
        assert one_line_messages(result) == [
            f"content/faq/dangling.yml:1:1: dangling.yml is a link to {tmp_path / 'nowhere.yml'}, which does not "
            "exist; replace the link with the file itself, or delete it",
            "content/faq/folder.yml:1:1: folder.yml/ is a folder; content files are read only from "
            "content/faq/ itself, so move its files up or out of the content folder",
            "content/faq/linked.yml:1:1: linked.yml is a link to test-question.yml; content files must be ordinary "
            "files (a link is not the same file in every copy of the project), so replace the link with a copy of "
            "the file",
            "content/faq/loop-a.yml:1:1: loop-a.yml is a link that leads back to itself (to loop-b.yml); delete the "
            "link, and put the file itself in its place if there should be one",
            "content/faq/loop-b.yml:1:1: loop-b.yml is a link that leads back to itself (to loop-a.yml); delete the "
            "link, and put the file itself in its place if there should be one",
            "content/faq/pipe.yml:1:1: pipe.yml is a named pipe, not an ordinary file; replace it with the file "
            "itself, or delete it",
            f"content/gone.md:1:1: gone.md is a link to {tmp_path / 'gone.md'}, which does not exist; replace the "
            "link with the file itself, or delete it",
            "content/outside.md:1:1: outside.md is a link to /etc/hostname, outside the project, so the site would "
            "publish that file; replace the link with a copy of the file",
            "8 errors found; nothing was built.",
        ]


def test_folders_and_files_where_the_other_should_be(small_project: Path, tmp_path: Path) -> None:
    (tmp_path / "out.pdf").mkdir()
    result = lumbar("--root", str(small_project), "handout", "first", "--out", str(tmp_path / "out.pdf"))
    assert result.returncode == 2  # a wrong argument: click says so before anything is made
    assert one_line_messages(result)[-1] == (
        f"Error: Invalid value for '--out': File '{tmp_path / 'out.pdf'}' is a directory.")
    (tmp_path / "a-file").write_text("x")
    result = lumbar("--root", str(small_project), "cards", "first", "--out", str(tmp_path / "a-file" / "cards"))
    assert result.returncode == 1
    assert "cannot write the cards: part of the path is a file, where a folder should be" in one_line_messages(result)[-1]
    safety = small_project / "content" / "safety.yml"
    text = safety.read_text(encoding="utf-8")
    safety.unlink()
    safety.mkdir()
    result = lumbar("--root", str(small_project), "check")
    assert one_line_messages(result)[0] == ("content/safety.yml:1:1: safety.yml/ is a folder, not a file; restore "
                                            "content/safety.yml from the repository as an ordinary file")
    safety.rmdir()
    safety.write_text(text, encoding="utf-8")
    shutil.rmtree(small_project / CACHE_DIR)
    (small_project / CACHE_DIR).write_text("not a folder")  # the cache folder is a file: it only costs time
    result = lumbar("--root", str(small_project), "check")
    assert result.returncode == 0 and "the build cache cannot be written" in result.stderr


# ---- Permissions, and a file that vanishes while Lumbar runs


@pytest.mark.skipif(ROOT_USER and not shutil.which("setpriv"), reason="needs setpriv to drop root's permissions")
def test_permission_denied_is_one_line(tmp_path: Path, small_project: Path) -> None:
    base = Path(tempfile.mkdtemp(prefix="lumbar-permissions-"))  # outside pytest's private folder
    try:
        project = base / "project"
        shutil.copytree(small_project, project, ignore=shutil.ignore_patterns(".cache"))
        os.chmod(base, 0o755)
        subprocess.run(["chmod", "-R", "a+rX,go-w", str(project)], check=True)
        locked = project / "exercises" / "first.yml"
        locked.chmod(0)
        closed = base / "closed"
        closed.mkdir(mode=0o555)
        user = NOBODY if ROOT_USER else []
        env = {**ENV, CACHE_ENV: str(base / "cache"), "HOME": str(base)}
        (base / "cache").mkdir()
        (base / "cache").chmod(0o777)
        result = lumbar("--root", str(project), "check", user=user, env=env)
        assert result.returncode == 1
        assert one_line_messages(result)[0] == ("exercises/first.yml:1:1: the file cannot be read (Permission denied); "
                                                "check that it exists and you may open it")
        locked.chmod(0o644)
        result = lumbar("--root", str(project), "handout", "first", "--out", str(closed / "h.pdf"), user=user, env=env)
        assert result.returncode == 1
        assert one_line_messages(result)[-1].endswith(
            "cannot write the handout: permission denied; choose another file with --out")
    finally:
        subprocess.run(["chmod", "-R", "u+rwX", str(base)], check=False)
        shutil.rmtree(base, ignore_errors=True)


def test_a_file_that_vanishes_mid_build_is_named_and_the_site_kept(small_project: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from lumbar.mkdocs.plugin import LumbarPlugin

    site = tmp_path / "site"
    build_site(small_project / "mkdocs.yml", site_dir=site)
    before = snapshot(site)
    original = LumbarPlugin.on_files
    vanished: list[Path] = []

    def on_files(self: LumbarPlugin, files: object, *, config: object) -> object:
        result = original(self, files, config=config)  # type: ignore[arg-type]
        cache = (small_project / CACHE_DIR).resolve()
        victim = next(Path(f.abs_src_path) for f in result if f.abs_src_path and Path(f.abs_src_path).is_relative_to(cache))
        victim.unlink()  # deleted by someone else after Lumbar listed it, before MkDocs copies it
        vanished.append(victim)
        return result

    monkeypatch.setattr(LumbarPlugin, "on_files", on_files)
    with pytest.raises(BuildFailed) as failed:
        build_site(small_project / "mkdocs.yml", site_dir=site)
    assert str(failed.value) == (f"{vanished[0]}: cannot build the site: it does not exist (it may have been moved "
                                 "or deleted while Lumbar ran); check the path, then run the command again")
    assert snapshot(site) == before and not leftovers(tmp_path)


def test_zensical_works_where_the_build_cache_goes(small_project: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Zensical's working folder follows the build cache: under --cache-dir, and in the run's
    scratch folder when the checkout is read-only (it failed with 'cannot use' before)."""
    from lumbar.publish.settings import Settings
    from lumbar.zensical.build import work_folder

    settings = Settings.load(small_project)
    assert work_folder(settings, "site") == small_project / ".cache" / "zensical" / "site"
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    assert work_folder(settings, "site").parent.parent == tmp_path / "cache" / "zensical"
    monkeypatch.delenv(CACHE_ENV)
    with read_only(small_project) as checkout:
        folder = work_folder(Settings.load(checkout), "site")
        assert folder.parents[2].name.startswith(SCRATCH_PREFIX)
        folder.mkdir(parents=True)  # it can be written


def test_compiled_templates_killed_half_written_are_swept_by_the_next_run(tmp_path: Path) -> None:
    """Jinja's compiled templates, kept in the build cache, go through the seam of every
    cache file: a run killed while writing one leaves a file the next run removes (Jinja's
    own temporary file had no process id, so nothing could tell it was left behind)."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.j2").write_text("Hello {{ name }}", encoding="utf-8")
    script = f"""
import os, signal, jinja2, lumbar.files
from pathlib import Path
from lumbar.cache import BuildCache
from lumbar.publish.pages import CompiledTemplates
write = os.write
def killed(descriptor, data):
    write(descriptor, bytes(data)[:10])
    os.kill(os.getpid(), signal.SIGKILL)
lumbar.files.os.write = killed
cache = BuildCache(Path({str(tmp_path)!r}), Path({str(tmp_path / "cache")!r}))
env = jinja2.Environment(loader=jinja2.FileSystemLoader({str(tmp_path / "t")!r}), bytecode_cache=CompiledTemplates(cache))
env.get_template("page.j2")
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == -signal.SIGKILL, run.stderr
    [half] = [p for p in (tmp_path / "cache" / "templates").rglob("*") if p.is_file()]
    assert half.name.startswith(TEMP_PREFIX)
    cached = lumbar("--root", str(tmp_path), "--cache-dir", str(tmp_path / "cache"), "check")
    assert "Traceback" not in cached.stderr
    assert not half.exists()


def test_lumbar_new_on_a_full_disk_leaves_no_half_file(small_disk: Path, small_project: Path) -> None:
    project = small_disk / "project"
    shutil.copytree(small_project, project, ignore=shutil.ignore_patterns(".cache", small_disk.name))
    fill(small_disk, leave=0)
    result = lumbar("--root", str(project), "new", "exercise", "Side plank")
    assert result.returncode == 1
    assert one_line_messages(result)[-1] == (
        f"Nothing was created: {project / 'exercises' / 'side-plank.yml'}: cannot start the new file: the disk is "
        "full; free some space, then run the command again")
    assert not (project / "exercises" / "side-plank.yml").exists() and not leftovers(small_disk)


def test_a_killed_handouts_half_file_goes_when_the_next_one_is_written(small_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "handouts"
    out.mkdir()
    killed = out / f"{TEMP_PREFIX}{dead_pid()}-0000"
    killed.write_bytes(b"%PDF-1.4 half")  # as a handout killed while writing leaves it
    result = lumbar("--root", str(small_project), "handout", "first", "--out", str(out / "h.pdf"))
    assert result.returncode == 0, result.stderr
    assert not killed.exists() and (out / "h.pdf").is_file() and not leftovers(out)


def test_a_full_disk_stops_a_zensical_build_in_one_line(small_project: Path, small_disk: Path) -> None:
    """The second engine on a full disk (its working folder and the site on the small disk):
    it stops early, so this is no whole extra build. The last site is kept, nothing is left
    half-written in the working folder or beside the site."""
    site, cache = small_disk / "site", small_disk / "cache"
    site.mkdir()
    (site / "index.html").write_text("the last site", encoding="utf-8")
    fill(small_disk, leave=0)
    failed = lumbar("--root", str(small_project), "--cache-dir", str(cache), "build", "--engine", "zensical",
                    "--site-dir", str(site))
    assert failed.returncode == 1
    assert one_line_messages(failed)[-1].startswith(f"Build failed: {small_disk}")
    assert "the disk is full; free some space, then run the command again. The previous site was left as it " \
           "was." in one_line_messages(failed)[-1]
    assert snapshot(site) == {"index.html": b"the last site"}
    assert not leftovers(small_disk)
    from lumbar.zensical.config import SITE

    [work] = (cache / "zensical").glob("*/site")  # the working folder of site builds
    assert not (work / SITE).exists()  # the half-built folder is gone
