"""How sentences read once filled in: dates that never double a period, activity names in
their natural case."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest
from babel.messages.pofile import read_po

from bot.texts import i18n
from bot.texts.common import activity_name, day_month, day_month_year, long_day, short_day

CATALOGS = [language for language in i18n.available() if language != i18n.DEFAULT]
# Placeholders that hold a date (`{day}` may also hold "today"; a date is the harder case).
DATE_FIELDS = {"day", "since", "earned", "claimed", "when"}
# December, a Wednesday: abbreviated in every language ("Mi., 9. Dez.", "ср, 9 дек.").
A_DAY = date(2026, 12, 9)
_DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)")


@pytest.mark.parametrize("language", [i18n.DEFAULT, *CATALOGS])
def test_no_sentence_doubles_the_period_after_an_abbreviated_date(language: str) -> None:
    path = i18n.LOCALES / "strongstreak.pot" if language == i18n.DEFAULT else None
    with (path or i18n.catalog_path(language)).open("rb") as source:
        catalog = read_po(source)
    with i18n.speaking(language):
        dates = {short_day(A_DAY), long_day(A_DAY), day_month(A_DAY), day_month_year(A_DAY)}
    problems = []
    for message in catalog:
        if not message.id:
            continue
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        if language == i18n.DEFAULT:
            texts = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in texts:
            fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            if not fields & DATE_FIELDS:
                continue
            for shown in dates:
                filled = text.format(**{f: shown if f in DATE_FIELDS else "Ada" for f in fields})
                if _DOUBLED.search(filled):
                    problems.append(filled)
    assert not problems, "\n".join(problems)


def test_german_shows_an_activity_with_capital_letters_as_german_nouns_are() -> None:
    with i18n.speaking("de"):
        assert activity_name("krafttraining") == "Krafttraining"
        assert activity_name("goblet squats") == "Goblet Squats"
        assert activity_name("Kniebeugen") == "Kniebeugen"
    for language in ("en", "es", "ru"):
        with i18n.speaking(language):
            assert activity_name("kettlebell") == "kettlebell"
