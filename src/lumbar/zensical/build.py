"""Build the site with Zensical: the one bundle, exported, built, finished and swapped in.

Zensical (from Material for MkDocs' authors) reads ``mkdocs.yml`` but runs no MkDocs plugins,
so Lumbar does what the plugin does around it:

1. the docs tree (hand-written pages plus ``site_bundle``) is written into a working folder,
   ``.cache/zensical/<kind>/docs`` (``paths.ZENSICAL_DIR``), changed files only, so
   Zensical's own cache there re-renders only what changed;
2. a config it reads is written beside it (``config.zensical_config``: relative folders,
   the classic theme, the banner's signs, Lumbar's own offline shim);
3. ``zensical.build`` builds into the working folder's ``site/``; with ``strict`` any
   warning (a broken link or anchor) stops it, as ``mkdocs build --strict`` does;
4. ``publish.finish.finish_site`` does to the built HTML what the plugin's page hooks do;
5. the finished folder replaces ``site/`` (``publish.site_folder.move_into``): a failed
   build leaves the previous site as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

from lumbar.cache import working_folder
from lumbar.content.catalogue import Catalogue
from lumbar.content.safety import Safety
from lumbar.files import remove
from lumbar.paths import ZENSICAL_DIR
from lumbar.publish.export import DocsFiles, ExportError, docs_files, write_tree
from lumbar.publish.finish import edit_links, finish_site
from lumbar.publish.settings import Settings, read_config
from lumbar.publish.site_folder import BuildFailed, fault, move_into
from lumbar.zensical.config import CONFIG_NAME, DOCS, SITE, write_config, zensical_config

# Zensical colours its report for a terminal; a message Lumbar repeats is plain text.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def work_folder(settings: Settings, kind: str) -> Path:
    """The working folder of one kind of Zensical build of the project (``site``, ``offline``,
    ``preview``): separate, so an offline build never rebuilds the normal one's cache. It
    goes with the build cache (``cache.working_folder``): a read-only checkout builds too."""
    return working_folder(settings.root, ZENSICAL_DIR) / kind


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a working folder: two builds of one project at once (two
    test workers, a build during ``lumbar serve``) would otherwise write the same files."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; builds of one project are not parallel there
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prepare(settings: Settings, work: Path, files: DocsFiles, *, safety: Safety, offline: bool = False) -> Path:
    """Write the docs tree ``files`` (``export.docs_files``) and the config into ``work``;
    returns the config file. Only changed files are written."""
    write_tree(work / DOCS, files)
    return write_config(work / CONFIG_NAME, zensical_config(settings, work, safety=safety, offline=offline), settings)


def run_zensical(config_file: Path, *, strict: bool = False) -> None:
    """``zensical build`` of ``config_file`` in this process. BuildFailed when it stops; its
    report (every warning, as ``file:line:col``) is printed by Zensical itself above."""
    import zensical

    try:
        # Zensical prints its report itself (from Rust, to the process's stdout); only a
        # Python-side error comes back as the exception's text.
        zensical.build(str(config_file), {"clean": False, "strict": strict})
    except Exception as exc:  # noqa: BLE001 - Zensical raises RuntimeError or its own ClickException
        message = _ANSI.sub("", str(getattr(exc, "message", None) or exc)).strip()
        raise BuildFailed(f"Zensical stopped: {message}") from None


def build_site(catalogue: Catalogue, settings: Settings, *, strict: bool = False, site_dir: Path | None = None,
               offline: bool = False) -> Path:
    """Build the whole site with Zensical into ``site_dir`` (default: the config's
    ``site_dir``, site/). ``catalogue`` is the project's checked content. Returns the site
    folder. BuildFailed, with the previous site left as it was, when the build stops."""
    config = read_config(settings.config_file)
    target = (site_dir or settings.root / str(config.get("site_dir") or "site")).resolve()
    work = work_folder(settings, "offline" if offline else "site")
    if offline:  # Zensical's offline plugin builds page.html files: every link must say so
        settings = dataclasses.replace(settings, directory_urls=False)
    try:
        files, bundle = docs_files(catalogue, settings, offline=offline)
    except ExportError as exc:
        raise BuildFailed(str(exc)) from None
    with locked(work):
        built = work / SITE
        remove(built)  # a killed or failed build's half-built folder (a finished one is moved in)
        try:
            config_file = prepare(settings, work, files, safety=catalogue.safety, offline=offline)
            run_zensical(config_file, strict=strict)
            edit = edit_links(config, settings.docs_dir, bundle.sources)
            finish_site(built, edit=edit, directory_urls=not offline)
        except OSError as error:  # a full disk, a file that vanished: one line, the last site kept
            remove(built)
            raise fault(error, "build the site", target) from None
        move_into(built, target)
    return target
