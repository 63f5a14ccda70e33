"""Choosing the language the bot speaks, in a private chat or a group."""

from __future__ import annotations

from bot.texts.i18n import _

# Each language named in itself, so a runner finds theirs whatever the bot speaks now.
NATIVE_NAMES = {"en": "English", "de": "Deutsch", "es": "Español", "ru": "Русский"}


def native_name(language: str) -> str:
    return NATIVE_NAMES.get(language, language)


def language_menu(current: str) -> str:
    return _("I speak {language} with you now. Which language would you like?").format(
        language=native_name(current)
    )


def group_language_menu(current: str) -> str:
    return _("I speak {language} in this group now. Which language should the group get?").format(
        language=native_name(current)
    )


def language_set(language: str) -> str:
    return _("From now on I speak {language} with you. /help lists what I understand.").format(
        language=native_name(language)
    )


def group_language_set(language: str) -> str:
    return _("From now on I speak {language} in this group.").format(language=native_name(language))
