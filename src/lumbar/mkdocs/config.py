"""Options for the ``lumbar`` MkDocs plugin, as written under ``plugins:`` in mkdocs.yml."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from lumbar.errors import SettingsError
from lumbar.publish.settings import CLOCK, read_today


class Today(BaseConfigOption[dt.date | None]):
    """``today``: a date such as 2027-01-31, or ``today`` for the computer's clock (the
    default). Read by ``lumbar.publish.settings.read_today``, so a wrong value is the same
    message from ``mkdocs build`` as from ``lumbar``."""

    def __init__(self) -> None:
        super().__init__()
        self.default = CLOCK

    def run_validation(self, value: object) -> dt.date | None:
        try:
            return read_today(value)
        except SettingsError as error:
            raise ValidationError(str(error)) from None


class LumbarConfig(Config):
    """Paths are relative to the folder that holds mkdocs.yml."""

    root = c.Type(str, default=".")
    templates = c.Type(str, default="templates/pages")
    # The date review deadlines are checked against (see lumbar.publish.settings.TODAY_OPTION).
    today = Today()
