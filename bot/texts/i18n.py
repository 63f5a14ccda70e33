"""The words' language: `_` and `ngettext` mark a sentence for the catalogs and translate it.

Write `_("Logged {activity}, {minutes} min").format(activity=..., minutes=...)`, never an
f-string inside `_()`: the catalogs hold the sentence with its named placeholders.
"""

from __future__ import annotations


def _(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural
