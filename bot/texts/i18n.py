"""The words' language: `_` and `ngettext` mark a sentence for the catalogs and translate it.

Write `_("Logged {activity}, {minutes} min").format(activity=..., minutes=...)`, never an
f-string inside `_()`: the catalogs hold the sentence with its named placeholders. A count
picks its plural form: `ngettext("{count} day", "{count} days", count).format(count=count)`.

The catalogs are `bot/locales/<language>/LC_MESSAGES/strongstreak.po`, read (and compiled in
memory) the first time a language is spoken. The language spoken is a context variable, so
each update's task speaks its own: `with speaking("de"): ...`.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "strongstreak"
LOCALES = Path(__file__).resolve().parent.parent / "locales"
DEFAULT = "en"
# The languages a runner is offered. A language joins once its catalog is complete:
# tests/test_catalogs.py checks every sentence is translated in each of them.
SUPPORTED: tuple[str, ...] = ("en", "de", "es", "ru")
# English dates read the British way, as the bot has always written them: "Mon 23 Nov".
_DATE_LOCALES = {"en": "en_GB"}

_language: ContextVar[str] = ContextVar("language", default=DEFAULT)


def current() -> str:
    """The language being spoken: `en`, `de`, ..."""
    return _language.get()


def locale() -> Locale:
    """The Babel locale for dates, weekdays and months in the language being spoken."""
    language = current()
    return _locale(_DATE_LOCALES.get(language, language))


@functools.cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak `language` inside the block (in this task and the tasks it starts)."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def use(language: str) -> None:
    """Speak `language` from now on in this task (an update's or a job's own task)."""
    _language.set(language if language in SUPPORTED else DEFAULT)


def language_for(code: str | None) -> str:
    """The supported language for Telegram's `language_code` ("de", "de-AT", "pt-br", None):
    its primary language when supported, English otherwise."""
    primary = (code or "").replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in SUPPORTED else DEFAULT


def catalog_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> tuple[str, ...]:
    """Every language with a catalog on disk (translated or not), English included."""
    found = {path.parent.parent.name for path in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return tuple(sorted(found | {DEFAULT}))


def read_catalog(path: Path) -> Translations:
    """A `.po` file compiled in memory; untranslated and fuzzy entries fall back to English."""
    with path.open("rb") as source:
        catalog = read_po(source, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalog, read once; English (the msgids themselves) without one."""
    path = catalog_path(language)
    if language == DEFAULT or not path.is_file():
        return gettext.NullTranslations()
    return read_catalog(path)


def preload() -> None:
    """Read every supported language's catalog now, rather than on its first sentence."""
    for language in SUPPORTED:
        translations(language)


def _(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(current()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """For a short word whose meaning the catalog needs told, e.g. `pgettext("clock", "off")`."""
    return translations(current()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks a sentence for the catalogs without translating it (tables built at import time);
    translate it with `_()` where it is used."""
    return message
