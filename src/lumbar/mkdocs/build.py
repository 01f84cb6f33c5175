"""Build the site with MkDocs so that a failed build never damages the last good site.

MkDocs normally cleans ``site/`` before it builds. Lumbar builds into a fresh folder beside
it and swaps that in only when the build has succeeded.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from lumbar.content.catalogue import Catalogue
from lumbar.mkdocs.plugin import PRELOADED
from lumbar.progress import log_to_stderr
from lumbar.publish.site_folder import BuildFailed, fault, staging_beside, swap

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# mkdocs.yml enables Material's offline plugin with `enabled: !ENV [LUMBAR_OFFLINE, false]`.
OFFLINE_ENV = "LUMBAR_OFFLINE"


def configure_logging(verbose: bool = False) -> None:
    """Show MkDocs' messages as ``LEVEL - message`` lines, as the mkdocs command does."""
    log_to_stderr("mkdocs", "%(levelname)-7s -  %(message)s").setLevel(logging.DEBUG if verbose else logging.INFO)


@contextmanager
def _offline(enabled: bool) -> Iterator[None]:
    """Set LUMBAR_OFFLINE for the duration of a build (only when asked to)."""
    if not enabled:
        yield
        return
    before = os.environ.get(OFFLINE_ENV)
    os.environ[OFFLINE_ENV] = "true"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(OFFLINE_ENV, None)
        else:
            os.environ[OFFLINE_ENV] = before


def build_site(config_file: Path, *, strict: bool = False, site_dir: Path | None = None, offline: bool = False,
               catalogue: Catalogue | None = None) -> Path:
    """Build into a temporary folder, then replace ``site_dir`` with it. Returns the site path.

    ``offline`` builds a site that works from disk (file://), search included, with
    Material's offline plugin: plain ``page.html`` links and an inlined search index.
    ``catalogue`` is the project's content when the caller has just loaded and checked it
    (``lumbar build`` does): the plugin then uses it instead of loading it again.
    """
    token = PRELOADED.set(catalogue)
    try:
        with _offline(offline):
            return _build(config_file.resolve(), strict, site_dir)
    finally:
        PRELOADED.reset(token)


def _build(config_file: Path, strict: bool, site_dir: Path | None) -> Path:
    try:
        config = load_config(str(config_file), strict=strict)
    except (ConfigurationError, Abort) as exc:
        raise BuildFailed(str(exc)) from None
    target = Path(site_dir or config.site_dir).resolve()
    staging = staging_beside(target)
    try:
        config = load_config(str(config_file), strict=strict, site_dir=str(staging))
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc)) from None
    except OSError as error:  # a full disk, a file that vanished, a link that leads nowhere
        shutil.rmtree(staging, ignore_errors=True)
        raise fault(error, "build the site", target) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap(staging, target)
    return target
