"""Everyday phrasings in four languages (tests/corpus/everyday), written by native speakers
without the parser in view: each /done and each plain message is read as meant, or refused for
the reason its line gives. The same reading the application makes (`parse_done`,
`parse_plain`), without the chat around it; tests/e2e/test_corpus.py drives the older corpus
through the real application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.domain import parsing
from bot.domain.errors import ErrorCode, ParseError

FOLDER = Path(__file__).parent.parent / "corpus" / "everyday"
TODAY = date(2026, 12, 9)  # a Wednesday, as the files say

# What each refusal marker may be answered with.
REFUSED = {
    "!run": {ErrorCode.RUN},
    "!cardio": {ErrorCode.CARDIO},
    "!future": {ErrorCode.DAY_TO_COME},
    "!minutes": {ErrorCode.MINUTES_OUT_OF_RANGE},
    "!nonsense": {ErrorCode.NOT_A_SESSION, ErrorCode.NO_ACTIVITY, ErrorCode.UNKNOWN_WORDS},
    "!vague": {ErrorCode.DAY_VAGUE},
}


@dataclass(frozen=True, slots=True)
class Line:
    language: str
    text: str
    expected: str
    minutes: int | None
    day: date | None
    note: str | None

    @property
    def plain(self) -> bool:
        return not self.text.startswith("/done")


def lines() -> list[Line]:
    found = []
    for path in sorted(FOLDER.glob("*.tsv")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("#"):
                continue
            text, expected, minutes, day, note = [*raw.split("\t"), "", "", "", ""][:5]
            found.append(
                Line(
                    language=path.stem.split("-")[0],
                    text=text,
                    expected=expected.strip(),
                    minutes=int(minutes) if minutes.strip() else None,
                    day=TODAY + timedelta(days=int(day)) if day.strip() else None,
                    note=note.strip() or None,
                )
            )
    return found


def read(line: Line) -> parsing.LogRequest | None:
    """The line as the bot reads it: None for a plain message it leaves alone."""
    if line.plain:
        return parsing.parse_plain(line.text, TODAY, line.language)
    body = line.text.removeprefix("/done").strip()
    return parsing.parse_done(body, TODAY, line.language)


@pytest.mark.parametrize("line", lines(), ids=lambda line: f"{line.language}:{line.text}")
def test_an_everyday_phrasing_is_read_as_meant(line: Line) -> None:
    try:
        request = read(line)
    except ParseError as refused:
        assert refused.code in REFUSED.get(line.expected, set()), (line, refused)
        return
    if line.expected.startswith("!"):
        # A plain message left alone, or a /done with nothing to log, refuses it too.
        assert line.expected == "!nonsense", (line, request)
        assert request is None or request.activity is None, request
        return
    assert request is not None, f"{line.text!r} was not read as a session"
    # "Did you mean ...?" is answered with its first button: the activity suggested.
    activity = request.suggestion or request.activity
    assert (activity, request.minutes, request.day, request.note) == (
        line.expected,
        line.minutes,
        line.day,
        line.note,
    ), request


def test_the_everyday_files_cover_every_language_and_both_ways_of_typing() -> None:
    found = lines()
    assert {line.language for line in found} == {"en", "de", "es", "ru"}
    assert sum(line.plain for line in found) >= 100
    assert sum(not line.plain for line in found) >= 150
