"""The site as printed things need it: its name and public address, as plain data.

Cards, handouts and programme PDFs print the site's name, and a QR code and address for
each page when the site has a public address. ``lumbar.publish.settings.Settings.site``
makes this from mkdocs.yml; printing never sees the settings themselves (their folders and
paths would tie a printed file's cache key to where the project sits).
"""

from __future__ import annotations

from dataclasses import dataclass

from lumbar.paths import absolute_url, is_placeholder, site_root


@dataclass(frozen=True)
class Site:
    """``name`` as printed; ``url`` the public address (``site_url``, normalised by
    ``lumbar.paths.site_root``: ends in ``/``, or ``""``); ``directory_urls`` as MkDocs'
    ``use_directory_urls`` (``exercises/bridge/`` rather than ``exercises/bridge.html``)."""

    name: str
    url: str
    directory_urls: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", site_root(self.url))

    def public_url(self, docs_path: str) -> str:
        """The public address of a docs path, for printed QR codes and links (following
        ``directory_urls``); ``""`` for a placeholder address (``lumbar.paths.is_placeholder``):
        a dead address on paper cannot be fixed."""
        return "" if is_placeholder(self.url) else absolute_url(self.url, docs_path, self.directory_urls)
