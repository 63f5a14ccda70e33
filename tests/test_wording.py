"""How sentences read once filled in: dates that never double a period, activity names in
their natural case."""

from __future__ import annotations

import re
import string
from datetime import date, timedelta

import pytest
from babel.messages.pofile import read_po

from bot.domain.model import ChartData
from bot.domain.parsing import parse_done, parse_pause, parse_week_start
from bot.domain.plans import parse_plan
from bot.domain.rewards import Goal, RewardSpec, parse_reward
from bot.domain.schedule import parse_days
from bot.texts import general, i18n
from bot.texts import language as languages
from bot.texts.common import activity_name, day_month, day_month_year, long_day, short_day
from bot.texts.rewards import goal_words, reward_set
from bot.texts.stats import chart_labels

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
        # an activity the vocabulary knows goes by its German name
        assert (activity_name("strength"), activity_name("core")) == ("Krafttraining", "Rumpf")
    for language, named in (("en", "kettlebell"), ("es", "kettlebell"), ("ru", "гиря")):
        with i18n.speaking(language):
            assert activity_name("kettlebell") == named
            assert activity_name("goblet squats") == "goblet squats"


def test_the_stats_picture_names_activities_as_the_language_writes_them() -> None:
    first = A_DAY - timedelta(weeks=15, days=A_DAY.weekday())
    data = ChartData(
        today=A_DAY, first_day=first, minutes={}, paused=frozenset(),
        weeks=[(first + timedelta(weeks=w), 0, 0, 3, False) for w in range(16)],
        activities=[("krafttraining", 12, 240), ("goblet squats", 3, 60)],
        streak=0, streak_unit="week", strength=0.0,
    )  # fmt: skip
    with i18n.speaking("de"):
        assert chart_labels(data).activity_names == ("Krafttraining", "Goblet Squats")
    assert chart_labels(data).activity_names == ("krafttraining", "goblet squats")


# Each example command a refusal shows, by its English msgid, and the reader it must pass.
EXAMPLES = {
    "/done kettlebell 15": lambda rest: parse_done(rest, A_DAY),
    "/done kettlebell 15 yesterday": lambda rest: parse_done(rest, A_DAY),
    "/done kettlebell 15 - felt strong": lambda rest: parse_done(rest, A_DAY),
    "/done kettlebell 15 - swings and goblet squats": lambda rest: parse_done(rest, A_DAY),
    '/done "goblet squats" 15': lambda rest: parse_done(rest, A_DAY),
    "/plan tue kettlebell 20 swings, goblet squats": lambda rest: parse_plan(rest, A_DAY),
    "/plan tue 18:30 kettlebell 20 swings": lambda rest: parse_plan(rest, A_DAY),
    "/pause until 2026-12-10": lambda rest: parse_pause(rest, A_DAY),
    "/reward running top after 21 days": parse_reward,
    "/weekstart sunday": parse_week_start,
    "/prompt 07:30 mon-sat": lambda rest: parse_days(rest.split(" ", 1)[1]),
    "/prompt 07:30 weekdays": lambda rest: parse_days(rest.split(" ", 1)[1]),
}


@pytest.mark.parametrize("language", [i18n.DEFAULT, *CATALOGS])
@pytest.mark.parametrize("msgid", EXAMPLES)
def test_every_example_command_is_understood_in_its_language(msgid: str, language: str) -> None:
    with i18n.speaking(language):
        example = i18n._(msgid)
    command, _, rest = example.partition(" ")
    assert command == msgid.partition(" ")[0], "the command name stays English"
    EXAMPLES[msgid](rest)  # raises ParseError when the bot would not understand it


@pytest.mark.parametrize("language", CATALOGS)
def test_help_gives_its_examples_with_words_in_the_runners_language(language: str) -> None:
    with i18n.speaking(language):
        shown = general.help_text()
    for english in ("/reward running top after 21 days", "/plan tue 18:30 kettlebell 20 swings",
                    "/weekstart sunday", "/pause until 2026-12-10"):  # fmt: skip
        assert english not in shown, english
        with i18n.speaking(language):
            assert english == "/pause until 2026-12-10" or i18n._(english) in shown, english


def test_russian_never_puts_an_activity_where_a_verb_would_decline_it() -> None:
    """ "Записать гиря" reads wrong: an activity, a session or a plan stands after a colon or a
    dash, where the nominative it comes in is right."""
    with (i18n.LOCALES / "ru" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").open("rb") as po:
        catalog = read_po(po)
    declined = re.compile(r"[а-яё]+ (<b>)?\{(activity|session|plan)\}")
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert not declined.search(text or ""), text


def test_spanish_counts_one_time_as_vez_and_names_languages_in_lower_case() -> None:
    with i18n.speaking("es"):
        once = i18n.ngettext("{activity}: {count}× done", "{activity}: {count}× done", 1)
        often = i18n.ngettext("{activity}: {count}× done", "{activity}: {count}× done", 3)
        chosen = languages.language_set("es")
        menu = languages.language_menu("en")
    assert once == "{activity}: {count} vez" and often == "{activity}: {count} veces"
    assert "español" in chosen and "Español" not in chosen, chosen
    assert "inglés" in menu, menu


@pytest.mark.parametrize("language", ["de", "ru"])
def test_a_rewards_goal_stands_where_its_nominative_is_right(language: str) -> None:
    """ "Laufshirt nach 3 erreichte Wochen", "после месяц регулярности" read wrong: the goal's
    words come in the nominative, so the deal names them after a colon or a dash."""
    with i18n.speaking(language):
        for goal in Goal:
            if goal in (Goal.COMEBACK, Goal.HABIT):
                continue  # sentences of their own, with no goal words in them
            words = goal_words(goal, 3)
            deal = reward_set(RewardSpec("top", goal, 3))
            assert re.search(rf"(: |— ){re.escape(words)}", deal), deal
