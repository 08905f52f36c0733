"""The reader's language: every sentence, label and heading a page shows goes through `t()`.

English is the default and the message key (the msgid); `?lang=ru` gives Russian from the gettext
catalogue locale/ru/LC_MESSAGES/dashboard.po, which a translator edits like any .po file. It is
read at run time, once per process (no compiled .mo is kept in the repository).

Write `t("Designations started per year")`, `t("In force on {date}", date=day)` and, where a count
stands with a noun, `tn("{n} designation", "{n} designations", count)` (Russian has three plural
forms; the catalogue's Plural-Forms header picks one). Never an f-string inside t(): the catalogue
holds one whole sentence per message, with the same {placeholders} in every language.
tests/test_i18n.py checks that every literal has a Russian translation and that none is stale.

The language of a run is set once, before anything is drawn (ui/language.py); pure display helpers
(ui/charts.py) read it here without importing Streamlit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import io
import string
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

LANGS = {"en": "English", "ru": "Русский"}  # code -> its own name, as the switch shows it
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "dashboard"

_language: ContextVar[str] = ContextVar("language", default=DEFAULT)


def use(lang: str) -> None:
    """Set the language of this run (an unknown code gives the default)."""
    _language.set(lang if lang in LANGS else DEFAULT)


def language() -> str:
    return _language.get()


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """The language for a block only (tests, and anything drawn outside a page run)."""
    token = _language.set(lang if lang in LANGS else DEFAULT)
    try:
        yield
    finally:
        _language.reset(token)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The language's catalogue, read from its .po once per process (English: the messages themselves)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # in memory: gettext then applies the .po's own Plural-Forms
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class _Formatter(string.Formatter):
    """str.format, with Russian number grouping (a no-break space) and month names (29 ноября 2026 г.)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if self.lang == "ru":
            if isinstance(value, dt.date) and "%B" in format_spec:
                from babel.dates import format_date

                return format_date(value, format="long", locale="ru")
            if isinstance(value, int | float) and not isinstance(value, bool) and "," in format_spec:
                return super().format_field(value, format_spec).replace(",", "\u00a0")
        return super().format_field(value, format_spec)


def _format(text: str, values: dict[str, object]) -> str:
    return _Formatter(language()).vformat(text, (), values) if values else text


def t(message: str, /, **values: object) -> str:
    """The message in the reader's language, with `values` formatted into it."""
    return _format(translations(language()).gettext(message), values)


def tn(singular: str, plural: str, n: int, /, **values: object) -> str:
    """A message about a count `n` (also given to the message as {n}), in the plural form the language needs."""
    return _format(translations(language()).ngettext(singular, plural, n), {"n": n, **values})


def number(n: int | float) -> str:
    """A count as shown on its own (a metric): 1,234 in English, 1 234 in Russian."""
    return _format("{n:,}", {"n": n})


def day(date: dt.date) -> str:
    """A day in words where a page writes one out: 29 November 2026, 29 ноября 2026 г."""
    return _format("{date:%d %B %Y}", {"date": date})


def translated(message: str, /, **values: object) -> str:
    """t() for a message declared outside the dashboard (registry.params.NOTICES, registry.registers'
    templates): the catalogue test collects those from where they are declared."""
    return _format(translations(language()).gettext(message), values)


def word(text: str) -> str:
    """A word from the data (a designation type's label, a country name CLDR lacks) in the reader's
    language when the catalogue has it, else as written: data are never required to be translated."""
    return translations(language()).gettext(text) if isinstance(text, str) and text else text
