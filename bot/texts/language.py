"""Choosing the language the bot speaks, in a private chat or a group."""

from __future__ import annotations

from bot.texts.common import e
from bot.texts.i18n import N_, SUPPORTED, _

# Each language named in itself, so a runner finds theirs whatever the bot speaks now.
NATIVE_NAMES = {"en": "English", "de": "Deutsch", "es": "Español", "ru": "Русский"}

# Each language named in a sentence of the language spoken ("te hablo en español").
_NAMES_IN_TEXT = {"en": N_("English"), "de": N_("German"), "es": N_("Spanish"), "ru": N_("Russian")}


# What a runner may type after /language: the code, the name in itself or in English.
_NAMED = {
    **{code: code for code in NATIVE_NAMES},
    **{name.casefold(): code for code, name in NATIVE_NAMES.items()},
    "english": "en", "german": "de", "spanish": "es", "russian": "ru", "espanol": "es",
    "englisch": "en", "spanisch": "es", "russisch": "ru",
    "inglés": "en", "alemán": "de", "ruso": "ru",
    "английский": "en", "немецкий": "de", "испанский": "es",
}  # fmt: skip


def language_named(text: str) -> str | None:
    """The language a runner named (`de`, `Deutsch`, `german`), if the bot speaks it."""
    code = _NAMED.get(text.strip().casefold())
    return code if code in SUPPORTED else None


def unknown_language(given: str) -> str:
    return _("I don't know the language “{given}”.").format(given=e(given))


def native_name(language: str) -> str:
    return NATIVE_NAMES.get(language, language)


def name_in_text(language: str) -> str:
    """The language's name as a sentence in the language spoken writes it."""
    return _(_NAMES_IN_TEXT[language]) if language in _NAMES_IN_TEXT else language


def language_menu(current: str) -> str:
    return _("I speak {language} with you now. Which language would you like?").format(
        language=name_in_text(current)
    )


def group_language_menu(current: str) -> str:
    return _("I speak {language} in this group now. Which language should the group get?").format(
        language=name_in_text(current)
    )


def language_set(language: str) -> str:
    return _("From now on I speak {language} with you. /help lists what I understand.").format(
        language=name_in_text(language)
    )


def group_language_set(language: str) -> str:
    return _("From now on I speak {language} in this group.").format(
        language=name_in_text(language)
    )
