"""Each catalog keeps to its glossary (`bot/locales/<language>/glossary.toml`): one word per
idea, so a runner never meets two words for one thing, and none of the words a native
reviewer struck out."""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.texts import i18n

CATALOGS = [language for language in i18n.available() if language != i18n.DEFAULT]
# The ideas every glossary settles, whatever else it adds.
IDEAS = (
    "session", "streak", "weekly target", "week met", "day with a session", "consistency days",
    "reward", "earned", "claimed", "log", "delete", "buddy", "coach", "athlete", "activity",
    "runs",
)  # fmt: skip


@dataclass(frozen=True)
class Term:
    idea: str
    use: str
    avoid: tuple[str, ...]


def glossary_path(language: str) -> Path:
    return i18n.LOCALES / language / "glossary.toml"


def glossary(language: str) -> list[Term]:
    with glossary_path(language).open("rb") as source:
        data = tomllib.load(source)
    return [Term(t["idea"], t["use"], tuple(t.get("avoid", ()))) for t in data["term"]]


def pattern(word: str) -> re.Pattern[str]:
    """A whole word or phrase, case ignored; `Konsistenz*` also matches `Konsistenztage`."""
    stem = word.endswith("*")
    body = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
    end = "" if stem else r"(?!\w)"
    return re.compile(rf"(?<!\w){body}{end}", re.IGNORECASE)


def without_commands(text: str, msgid: str) -> str:
    """`text` less every command and the words after it that the English sentence has too:
    `/calendar sessions off` is what the runner types, not a word of the language."""
    english = set(msgid.split())

    def drop(match: re.Match[str]) -> str:
        words = match.group(0).split()
        kept = 1
        while kept < len(words) and words[kept] in english:
            kept += 1
        return " " + " ".join(words[kept:])

    return re.sub(r"/\w+(?: \S+)*", drop, text)


def translations(language: str) -> list[tuple[str, str]]:
    """(msgid, each translated form with its placeholders taken out) for every entry."""
    with i18n.catalog_path(language).open("rb") as source:
        catalog = read_po(source)
    found = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in forms:
            literal = "".join(part for part, *_ in string.Formatter().parse(text))
            found.append((msgid, without_commands(literal, msgid)))
    return found


@pytest.mark.parametrize("language", CATALOGS)
def test_every_catalog_has_a_glossary_that_settles_each_idea(language: str) -> None:
    if language not in i18n.SUPPORTED and not glossary_path(language).is_file():
        pytest.skip(f"{language} is not offered yet: write its glossary while translating")
    assert glossary_path(language).is_file(), f"write {glossary_path(language)}"
    terms = glossary(language)
    ideas = [term.idea for term in terms]
    assert len(ideas) == len(set(ideas)), "one entry per idea"
    assert not set(IDEAS) - set(ideas), f"no word yet for {set(IDEAS) - set(ideas)}"
    assert all(term.use for term in terms)


@pytest.mark.parametrize("language", CATALOGS)
def test_no_translation_uses_a_word_its_glossary_avoids(language: str) -> None:
    if not glossary_path(language).is_file():
        pytest.skip(f"{language} has no glossary yet")
    rules = [(term, word, pattern(word)) for term in glossary(language) for word in term.avoid]
    problems = [
        f"{msgid!r}: {word!r} (for {term.idea}, say {term.use!r}) in {text!r}"
        for msgid, text in translations(language)
        for term, word, found in rules
        if found.search(text)
    ]
    assert not problems, f"{len(problems)} in {language}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("word", "text", "matches"),
    [("Konsistenz*", "7 Konsistenztage", True), ("Konsistenz*", "Konstanz-Tage", False),
     ("sitzt", "Kettlebell sitzt", True), ("sitzt", "besitzt", False),
     ("ein Tipp auf", "Ein  Tipp auf ✅", True), ("ein Tipp auf", "tippe auf ✅", False),
     ("заняти*", "Тренировки по занятиям", True), ("приз", "признак", False)],
)  # fmt: skip
def test_an_avoided_word_matches_whole_words_or_a_marked_stem(
    word: str, text: str, matches: bool
) -> None:
    assert bool(pattern(word).search(text)) is matches
