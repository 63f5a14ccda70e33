"""The shape of one language's words and the kinds of activity (no words here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What an activity is: strength and mobility count; runs and cardio do not."""

    STRENGTH = "strength"
    MOBILITY = "mobility"
    RUN = "run"
    CARDIO = "cardio"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One language's words. Keys are lower-case and may be phrases of several words."""

    code: str
    numbers: Mapping[str, int]  # one .. thirty and the round numbers beyond
    tens: Mapping[str, int] = field(default_factory=dict)  # twenty, thirty, ... (+ a unit)
    number_joiners: frozenset[str] = frozenset()  # "y" in "treinta y cinco"
    minute_units: frozenset[str] = frozenset()
    hour_units: frozenset[str] = frozenset()
    durations: Mapping[str, int] = field(default_factory=dict)  # "half an hour": 30
    days: Mapping[str, int] = field(default_factory=dict)  # days back: today 0, tomorrow -1
    day_units: Mapping[str, int] = field(default_factory=dict)  # day 1, week 7
    ago_after: frozenset[str] = frozenset()  # "3 days ago"
    ago_before: frozenset[str] = frozenset()  # "vor 3 Tagen"
    weekdays: Mapping[str, int] = field(default_factory=dict)  # monday 0 .. sunday 6
    months: Mapping[str, int] = field(default_factory=dict)  # january 1 .. december 12
    last: frozenset[str] = frozenset()  # "last friday"
    last_after: frozenset[str] = frozenset()  # "el viernes pasado"
    next: frozenset[str] = frozenset()  # "next monday"
    on: frozenset[str] = frozenset()  # "on monday", "am Montag", "el lunes", "в среду"
    times_of_day: frozenset[str] = frozenset()  # "after work", "heute Mittag" (not a day)
    # Spans that name no one day ("last week", "letzte Woche"): refused, never read as today
    vague_days: frozenset[str] = frozenset()
    # After a clock hour: the hour from which the word makes it p.m. ("7 in the evening" is
    # 19:00; "at night" only from 6: "2 at night" is 02:00), and the words that keep it a.m.
    evening_hours: Mapping[str, int] = field(default_factory=dict)
    morning_hours: frozenset[str] = frozenset()
    clock_before: frozenset[str] = frozenset()  # "at 18:30", "um 18 Uhr"
    clock_after: Mapping[str, int] = field(default_factory=dict)  # "Uhr": 0, "pm": 12
    # Minutes from the hour named next ("halb acht" is 7:30: -30; "quarter past": +15) or
    # named before ("siete y media": +30).
    clock_offsets_before: Mapping[str, int] = field(default_factory=dict)
    clock_offsets_after: Mapping[str, int] = field(default_factory=dict)
    # After a count, how the work was done, not for how long: "3 sets", "6 x 400", "3 Sätze".
    sets: frozenset[str] = frozenset()
    # After a count, how far, not for how long: "10 km", "3 miles".
    distances: frozenset[str] = frozenset()
    # Before the last day of a span: "until friday", "bis 10.12.", "hasta el viernes".
    until: frozenset[str] = frozenset()
    # After minutes, that they come before something: "30 min before", "eine Stunde vorher".
    ahead: frozenset[str] = frozenset()
    # Words said in passing ("thanks", "ok", "hi"): never an answer to a question.
    small_talk: frozenset[str] = frozenset()
    # Words that hedge an answer ("2 i think", "7ish", "so um 7"): an answer without them.
    hedges: frozenset[str] = frozenset()
    fillers: frozenset[str] = frozenset()  # words around the numbers: of, for, did, de, за
    generic: frozenset[str] = frozenset()  # "workout", "session": dropped beside an activity
    activities: Mapping[str, str] = field(default_factory=dict)  # as typed -> canonical id
    joinable: frozenset[str] = frozenset()  # exercise words that join: goblet squats
    names: Mapping[str, str] = field(default_factory=dict)  # canonical id -> shown name
    # Endings a noun takes in this language ("пресса", "йоги"): an activity is also found
    # by its stem. Longest first.
    endings: tuple[str, ...] = ()
    # Day units in the singular ("day", "неделю"): after any other count they are not a
    # count of days ("20 неделю назад" is 20 minutes, a week ago). `singular_rule` says which
    # counts take the singular: "one" (1 only) or "slavic" (1, 21, 31, ... but not 11).
    singular_units: frozenset[str] = frozenset()
    singular_rule: str = "one"
