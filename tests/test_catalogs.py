"""The catalogs: up to date with the code, complete for every language offered, and safe to send:
every entry, rendered with sample and hostile values, is Telegram HTML that keeps its
placeholders."""

from __future__ import annotations

import gettext
import string
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.fake.server import html_problem
from bot.texts import i18n
from bot.texts.common import MAX_MESSAGE_CHARS, e, short_day
from bot.texts.stats import sessions_count

ROOT = Path(__file__).resolve().parents[1]
POT = i18n.LOCALES / f"{i18n.DOMAIN}.pot"
CATALOGS = [language for language in i18n.available() if language != i18n.DEFAULT]
# What a placeholder may hold: a plain value, and the worst a runner can type (escaped, as
# bot/texts always does before formatting), at Telegram's longest name.
SAMPLE = "Ada"
HOSTILE = e("<b>Ada & </i>Bob<" * 4 + "&amp;" * 4)[:200]

Key = tuple[str | None, str, str | None]  # (context, msgid, msgid_plural)


def read(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


def key(message: Message) -> Key:
    if isinstance(message.id, tuple):
        return (message.context, message.id[0], message.id[1])
    return (message.context, message.id, None)


def entries(catalog: Catalog) -> dict[Key, Message]:
    return {key(message): message for message in catalog if message.id}


def fields(text: str) -> set[str]:
    """The placeholders of a sentence; fails on positional (`{}`, `{0}`) or nested ones."""
    names = set()
    for _literal, name, spec, _conversion in string.Formatter().parse(text):
        if name is None:
            continue
        assert name.isidentifier() and not spec, f"use a named placeholder, not {{{name}}}"
        names.add(name)
    return names


def forms(message: Message) -> list[str]:
    """What a runner can be sent: each translated form, or the English it falls back to."""
    ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
    strings = list(message.string) if isinstance(message.string, tuple) else [message.string]
    translated = [s for s in strings if s and not message.fuzzy]
    return ids + translated


def test_the_template_holds_every_sentence_in_the_code(tmp_path: Path) -> None:
    """A new or changed sentence needs `make messages`, so translators see it."""
    extracted = tmp_path / "extracted.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "-F",
         "babel.cfg", "-o", str(extracted), "bot"],
        cwd=ROOT, check=True, timeout=120,
    )  # fmt: skip
    in_code, in_template = set(entries(read(extracted))), set(entries(read(POT)))
    assert in_code, "nothing was extracted: is babel.cfg right?"
    assert not in_code - in_template, f"run `make messages`: new {in_code - in_template}"
    assert not in_template - in_code, f"run `make messages`: gone {in_template - in_code}"


@pytest.mark.parametrize("language", CATALOGS)
def test_each_catalog_follows_the_template(language: str) -> None:
    template = set(entries(read(POT)))
    catalog = read(i18n.catalog_path(language))
    assert set(entries(catalog)) == template, "run `make messages`"
    assert str(catalog.locale) == language


def test_every_language_offered_has_a_catalog() -> None:
    assert i18n.DEFAULT in i18n.SUPPORTED
    for language in i18n.SUPPORTED:
        assert language in i18n.available(), f"{language} is offered but has no catalog"


@pytest.mark.parametrize("language", CATALOGS)
def test_every_sentence_is_translated_in_every_language_offered(language: str) -> None:
    if language not in i18n.SUPPORTED:
        pytest.skip(f"{language} is not offered yet: add it to SUPPORTED once translated")
    catalog = read(i18n.catalog_path(language))
    missing = []
    for message in entries(catalog).values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        forms_needed = catalog.num_plurals if isinstance(message.id, tuple) else 1
        if message.fuzzy or len(strings) != forms_needed or not all(strings):
            missing.append(message.id)
    assert not missing, f"{len(missing)} untranslated or fuzzy in {language}: {missing[:5]}"


@pytest.mark.parametrize("language", [i18n.DEFAULT, *CATALOGS])
def test_every_entry_renders_as_telegram_html_and_keeps_its_placeholders(language: str) -> None:
    catalog = read(POT if language == i18n.DEFAULT else i18n.catalog_path(language))
    problems = []
    for message in entries(catalog).values():
        ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
        expected = set().union(*(fields(text) for text in ids))
        for text in forms(message):
            if fields(text) != expected:
                problems.append(f"{text!r} has {fields(text)}, not {expected}")
                continue
            for value in (SAMPLE, HOSTILE):
                rendered = text.format(**dict.fromkeys(expected, value))
                problem = html_problem(rendered)
                if problem:
                    problems.append(f"{text!r} with {value!r}: {problem}")
                if len(rendered) > MAX_MESSAGE_CHARS:
                    problems.append(f"{text!r}: {len(rendered)} characters")
    assert not problems, "\n".join(problems)


@pytest.fixture
def test_catalogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The catalogs under tests/locales instead of the bot's own."""
    monkeypatch.setattr(i18n, "LOCALES", ROOT / "tests" / "locales")
    i18n.translations.cache_clear()
    yield
    i18n.translations.cache_clear()


@pytest.mark.usefixtures("test_catalogs")
@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "1 тренировка"), (2, "2 тренировки"), (5, "5 тренировок"), (11, "11 тренировок"),
     (21, "21 тренировка"), (22, "22 тренировки"), (112, "112 тренировок")],
)  # fmt: skip
def test_russian_counts_take_the_plural_form_their_number_asks_for(count: int, words: str) -> None:
    with i18n.speaking("ru"):
        assert sessions_count(count) == words
    assert sessions_count(count) == f"{count} session{'' if count == 1 else 's'}"


@pytest.mark.usefixtures("test_catalogs")
def test_a_fuzzy_or_missing_translation_falls_back_to_english() -> None:
    with i18n.speaking("ru"):
        assert i18n._("<b>Your recent sessions</b>") == "<b>Твои последние тренировки</b>"
        assert i18n._("<b>Your rewards</b>") == "<b>Your rewards</b>"
        assert i18n._("Not in the catalog") == "Not in the catalog"


def test_the_russian_catalog_declares_three_plural_forms() -> None:
    catalog = read(i18n.catalog_path("ru"))
    assert catalog.num_plurals == 3
    form = gettext.c2py(catalog.plural_expr)
    assert [form(n) for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111)] == [
        0, 1, 1, 2, 2, 2, 2, 0, 1, 2, 0, 2,
    ]  # fmt: skip


def test_dates_and_weekdays_follow_the_language() -> None:
    day = date(2026, 11, 23)
    assert short_day(day) == "Mon 23 Nov"
    with i18n.speaking("de"):
        assert short_day(day) == "Mo., 23. Nov."
        with i18n.speaking("ru"):
            assert short_day(day) == "пн, 23 нояб."
        assert i18n.current() == "de"
    assert i18n.current() == "en"


@pytest.mark.parametrize(
    ("code", "language"),
    [(None, "en"), ("", "en"), ("en", "en"), ("en-GB", "en"), ("pt-br", "en"), ("xx", "en"),
     *((f"{lang.upper()}-XX", lang) for lang in i18n.SUPPORTED),
     *((lang, lang) for lang in i18n.SUPPORTED)],
)  # fmt: skip
def test_telegram_language_codes_map_to_a_language_offered(code: str | None, language: str) -> None:
    assert i18n.language_for(code) == language


def test_a_regional_code_finds_its_language_once_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "SUPPORTED", ("en", "de"))
    assert [i18n.language_for(code) for code in ("de-AT", "de_CH", "DE", "es")] == [
        "de", "de", "de", "en",
    ]  # fmt: skip
