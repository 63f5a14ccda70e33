"""The coach's table as text: short lines, and a long digest split only at line ends."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.domain.coaches import Athlete, Line, Sees
from bot.domain.streaks import WeekProgress


def lines(count: int, name_length: int) -> list[Line]:
    week = WeekProgress(date(2026, 11, 30), 1, 3, 7)
    return [
        Line(Athlete(n, f"{n:03d}" + "x" * (name_length - 3), n, Sees.ALL), week, 2, "week", 6, 5)
        for n in range(count)
    ]


def test_a_hundred_athletes_with_everyday_names_fit_one_message() -> None:
    digest = texts.coaching.athletes_table(lines(100, 12), digest=True)
    assert len(texts.common.split(digest)) == 1


def test_a_digest_too_long_for_one_message_is_split_at_line_ends() -> None:
    digest = texts.coaching.athletes_table(lines(100, 60), digest=True)
    parts = texts.common.split(digest)
    assert len(parts) == 2 and all(len(part) <= texts.common.MAX_MESSAGE_CHARS for part in parts)
    assert "\n".join(parts) == digest, "no line is cut"


def test_names_are_escaped_in_the_table() -> None:
    week = WeekProgress(date(2026, 11, 30), 0, 3, 7)
    item = Line(Athlete(1, "<b>Eve</b>", 1, Sees.WEEK), week, 0, "week")
    assert texts.coaching.athlete_line(item) == "&lt;b&gt;Eve&lt;/b&gt; 0/3"
