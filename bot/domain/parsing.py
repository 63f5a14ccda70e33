"""Reading what a runner types: `/done kettlebell 15 yesterday - felt strong` and friends."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from bot.domain import reader
from bot.domain.errors import ErrorCode, ParseError
from bot.domain.language import LANGUAGES, Kind, kind_of

MIN_MINUTES = 1
MAX_MINUTES = 600
MAX_DAYS_BACK = 30
MAX_ACTIVITY_CHARS = reader.MAX_ACTIVITY_CHARS
MAX_NOTE_CHARS = reader.MAX_NOTE_CHARS
MAX_INPUT_CHARS = reader.MAX_INPUT_CHARS

DONE_EXAMPLE = "/done kettlebell 15"

# Weekdays and days counted back, in every language the bot speaks (one word each): for
# /weekstart, /prompt's days and /plan clear. A negative count of days back is to come.
WEEKDAYS: dict[str, int] = {
    word: n for v in LANGUAGES.values() for word, n in v.weekdays.items() if "." not in word
}
DAYS_BACK: dict[str, int] = {
    word: n for v in LANGUAGES.values() for word, n in v.days.items() if " " not in word
}

# After "с" (from) Russian names a day in the genitive: "с понедельника по пятницу".
_GENITIVE_WEEKDAYS: dict[str, int] = {
    "понедельника": 0, "вторника": 1, "среды": 2, "четверга": 3, "пятницы": 4, "субботы": 5,
    "воскресенья": 6, "воскресения": 6,
}  # fmt: skip

# "from sunday", "ab Sonntag", "desde el domingo", "с воскресенья".
_FROM = frozenset({"from", "ab", "desde", "с", "со"})
# "on monday", "am Montag", "el lunes", "в понедельник": the little word before a weekday.
_ON = frozenset(word for v in LANGUAGES.values() for word in v.on)
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class LogRequest:
    """A `/done` as read: any part may be missing and is asked for with buttons.

    `suggestion`: the typed activity looks like a typo of this one ("Did you mean ...?");
    `confirm`: an activity of several words the bot does not know, logged after one tap.
    `at` is the clock time named ("18:30", "6pm", "18 Uhr"), which /done does not keep."""

    activity: str | None
    minutes: int | None
    day: date
    note: str | None
    at: time | None = None
    kind: Kind | None = None
    typed: str | None = None
    suggestion: str | None = None
    confirm: bool = False


def parse_done(
    text: str, today: date, language: str = "en", known: Sequence[str] = ()
) -> LogRequest:
    """Read what follows `/done` in any order and any language the bot speaks; raise
    ParseError for what cannot be logged (runs and cardio included, with a light reply).

    `known` are the runner's own recent activities: a typo of one is asked about too."""
    reading = reader.read(text, today, language, known=known)
    return request_from(reading, today)


def request_from(reading: reader.Reading, today: date) -> LogRequest:
    """The checks /done and a plain message share: what cannot be logged is refused."""
    if reading.kind is Kind.RUN:
        raise ParseError(ErrorCode.RUN, activity=_shown(reading))
    if reading.kind is Kind.CARDIO:
        raise ParseError(ErrorCode.CARDIO, activity=_shown(reading))
    if reading.words:
        raise ParseError(ErrorCode.UNKNOWN_WORDS, words=reading.words,
                         activity=reading.typed or "", minutes=reading.minutes)  # fmt: skip
    minutes = check_minutes(reading.minutes) if reading.minutes is not None else None
    day = check_day(reading.day or today, today)
    # One word the bot does not know, or several with none it knows, and no minutes.
    unknown_alone = (reading.unknown or (reading.confirm and reading.head is None)) and (
        minutes is None
    )
    if unknown_alone:
        # One word the bot does not know and no minutes: not worth a question about minutes.
        raise ParseError(ErrorCode.NOT_A_SESSION, text=(reading.typed or "")[:32])
    return LogRequest(
        activity=reading.activity,
        minutes=minutes,
        day=day,
        note=reading.note,
        at=reading.at,
        kind=reading.kind,
        typed=reading.typed,
        suggestion=reading.suggestion,
        confirm=reading.confirm,
    )


def parse_plain(
    text: str, today: date, language: str = "en", known: Sequence[str] = ()
) -> LogRequest | None:
    """A plain message that reads as a session, to be logged after one tap: an activity the
    bot knows and minutes, a word or two it does not know with minutes said as minutes or a
    day ("sandbag complex 35 min", "Sandsack 30 gestern"), or an activity it knows alone (then
    the minutes are asked); None for anything else.
    What reads as a session but cannot be logged (a run, a day to come) raises ParseError as
    /done would."""
    if text.rstrip().endswith("?"):
        return None  # "anyone up for a trail run sat?": a question, not a session
    try:
        reading = reader.read(text, today, language, known=known)
    except ParseError:
        if reader.names_activity(text, language):
            raise  # "на днях присед 30": a session, on no one day
        return None
    if reading.words:
        if reader.names_activity(text, language):
            return request_from(reading, today)  # "circuit 30 min yestrday": says which word
        return None
    if reading.activity is None:
        return None
    if reading.minutes is None:
        done = reading.day is None or reading.day <= today  # "a run tomorrow" is no cue
        if reading.kind in (Kind.RUN, Kind.CARDIO) and reading.far and done:
            return request_from(reading, today)  # "ran 12 km today": the run as the cue
        counts = reading.kind in (Kind.STRENGTH, Kind.MOBILITY)
        if not counts or reading.confirm or reading.suggestion is not None:
            return None
        return request_from(reading, today)
    # Words the bot does not know are a session when the minutes are said as minutes or the
    # day is named ("sandbag 30 gestern"); one or two of them, not a sentence.
    said_so = reading.timed or reading.day is not None
    if reading.confirm:
        if reading.head is not None:
            reading = replace(reading, activity=reading.head, confirm=False)
        elif not said_so or len((reading.typed or "").split()) > 2:
            return None
    if (
        reading.kind is None
        and reading.suggestion is None
        and not ((reading.unknown or reading.confirm) and said_so)
    ):
        return None
    return request_from(reading, today)


def _shown(reading: reader.Reading) -> str:
    return (reading.typed or reading.activity or "")[:MAX_ACTIVITY_CHARS]


_SMALL_TALK = frozenset(word for v in LANGUAGES.values() for word in v.small_talk)


def small_talk(text: str) -> bool:
    """ "thanks!", "ok 👍", "Danke": words said in passing, in any language the bot speaks."""
    words = [w.strip(".,!?…)(:;-_*~'\"").lower() for w in text.split()]
    words = [w for w in words if any(c.isalnum() for c in w)]
    return bool(words) and all(w in _SMALL_TALK for w in words)


_HEDGES = sorted({word for v in LANGUAGES.values() for word in v.hedges}, key=len, reverse=True)


def without_hedges(text: str) -> str:
    """An answer without the words that hedge it: "2 i think" -> "2", "7ish" -> "7",
    "ungefähr halb acht" -> "halb acht"; the same text when nothing hedges it."""
    plain = f" {_clean(text).lower()} "
    plain = re.sub(r"(\d)-?ish\b", r"\1", plain)
    for hedge in _HEDGES:
        plain = re.sub(rf"(?<![\w-]){re.escape(hedge)}(?![\w-])", " ", plain)
    return " ".join(plain.strip(" ,.!?;").split())


def parse_count(text: str, language: str = "en") -> int | None:
    """A whole number alone, in digits or words (`20`, `zwanzig`, `veinte`, `двадцать`)."""
    return reader.count(text, language)


def parse_minutes(text: str, language: str = "en") -> int | None:
    """A line that is minutes alone (`20`, `zwanzig`, `20 min`, `half an hour`): the answer
    to "how many minutes?"; None when the line is anything else; ParseError for minutes out
    of range."""
    minutes = reader.minutes(text, language)
    return None if minutes is None else check_minutes(minutes)


def parse_answer(text: str, today: date, language: str = "en") -> tuple[int, date | None] | None:
    """The answer to "How many minutes?" with words around it ("20 min, it was yesterday
    actually"): the minutes, and the day when one is named; None when the line names an
    activity of its own (it is a session of its own) or has no minutes."""
    minutes = parse_minutes(text, language)
    if minutes is not None:
        return minutes, None
    try:
        reading = reader.read(text, today, language)
    except ParseError:
        return None
    if reading.minutes is None or reading.words or reading.kind is not None:
        return None
    if reading.activity is not None and not (reading.unknown or reading.confirm):
        return None
    return check_minutes(reading.minutes), reading.day


def check_minutes(minutes: int) -> int:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ParseError(ErrorCode.MINUTES_OUT_OF_RANGE, given=minutes, low=MIN_MINUTES,
                         high=MAX_MINUTES)  # fmt: skip
    return minutes


def check_day(day: date, today: date) -> date:
    if day > today:
        raise ParseError(ErrorCode.DAY_TO_COME, day=day, today=today)
    if (today - day).days > MAX_DAYS_BACK:
        raise ParseError(ErrorCode.DAY_TOO_OLD, day=day, limit=MAX_DAYS_BACK)
    return day


def parse_day(word: str, today: date) -> date | None:
    """`today`, `yesterday`, `tomorrow`, a weekday (the latest one, today included),
    2026-11-23, or day first: 23.11., 23/11, 23.11.2026; None for anything else."""
    word = word.lower()
    if word in DAYS_BACK:
        return today - timedelta(days=DAYS_BACK[word])
    if word in WEEKDAYS:
        return today - timedelta(days=(today.weekday() - WEEKDAYS[word]) % 7)
    if m := reader._RE_ISO_DATE.fullmatch(word):
        return _calendar_date(word, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := reader._RE_DAY_MONTH.fullmatch(word):
        day, month = int(m.group(1)), int(m.group(2))
        if m.group(3):
            year = int(m.group(3))
            return _calendar_date(word, year + 2000 if year < 100 else year, month, day)
        this_year = _calendar_date(word, today.year, month, day)
        if this_year > today:
            # On 2 January, 28.12. is five days ago, not a date almost a year ahead.
            try:
                last_year = date(today.year - 1, month, day)
            except ValueError:
                return this_year
            if (today - last_year).days <= MAX_DAYS_BACK:
                return last_year
        return this_year
    return None


def _calendar_date(word: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError(ErrorCode.NOT_A_DATE, text=word) from None


def normalise_activity(text: str) -> str:
    """An activity chosen on a button, typed in a form or imported: the canonical id of a
    known one, else lower-case words; ParseError for symbols or too long."""
    return reader.canonical(text)


def named_activity(text: str) -> str:
    """An activity typed in a form's field, stored as /done stores it ("kb" is kettlebell); a
    run or cardio is refused as /done refuses it."""
    activity = reader.canonical(text)
    kind = kind_of(activity)
    if kind is Kind.RUN:
        raise ParseError(ErrorCode.RUN, activity=text.strip()[:MAX_ACTIVITY_CHARS])
    if kind is Kind.CARDIO:
        raise ParseError(ErrorCode.CARDIO, activity=text.strip()[:MAX_ACTIVITY_CHARS])
    return activity


def parse_clock(text: str, language: str = "en") -> time:
    """`07:30`, `7:30`, `7.30`, `0730`, `7`, `7am`, `7:30pm` -> a local wall-clock time; and
    in words, as /plan reads them: `halb acht`, `7 Uhr abends`, `в 3 дня`, `a las siete y
    media`, `quarter to 8`."""
    raw = _clean(text).lower().replace(" ", "")
    m = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm)?", raw)
    if not m:
        said = reader.clock(text, language)
        if said is None:
            raise ParseError(ErrorCode.CLOCK_UNREADABLE)
        return said
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3):
        if not 1 <= hour <= 12:
            raise ParseError(ErrorCode.CLOCK_AMPM_HOUR)
        hour = hour % 12 + (12 if m.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ParseError(ErrorCode.CLOCK_NOT_A_TIME, text=text.strip()[:10])
    return time(hour, minute)


# Words that may follow an hour: "7 am", "7 Uhr", "7 h", "7 horas", "7 часов".
_MERIDIEM = frozenset({"am", "pm", "a.m.", "p.m."})
_HOUR_WORDS = frozenset({"uhr", "h", "o'clock", "oclock", "hrs", "horas", "hs", "час", "часа",
                         "часов", "ч"})  # fmt: skip


def split_clock(text: str) -> tuple[str, str]:
    """A time and what follows it: `07:30 mon-sat` -> (`07:30`, `mon-sat`); `7 am weekdays`
    -> (`7am`, `weekdays`); `7 Uhr werktags` -> (`7`, `werktags`)."""
    first, _, rest = text.strip().partition(" ")
    word, _, after = rest.strip().partition(" ")
    if word.lower() in _MERIDIEM:
        return first + word.lower().replace(".", ""), after.strip()
    if word.lower() in _HOUR_WORDS:
        return first, after.strip()
    return first, rest.strip()


def parse_target(text: str, language: str = "en") -> int:
    """A weekly target: sessions a week, 1 to 7 (`3`, `three`, `drei`, `три раза`)."""
    # "3x", "3x a week", "zweimal die Woche": the count and its "times" apart
    said = re.sub(r"\b(\d)\s*[x×]\b", r"\1 x", _clean(text).lower())
    said = re.sub(
        r"\b(\w+?)mal\b", lambda m: f"{m[1]} mal" if m[1] in _NUMBER_WORDS else m[0], said
    )
    value = reader.count(said, language)
    if value is None or not 1 <= value <= 7:
        raise ParseError(ErrorCode.TARGET_RANGE, low=1, high=7)
    return value


_NUMBER_WORDS = frozenset(word for v in LANGUAGES.values() for word in v.numbers)


_clean = reader.clean


def note_of(text: str) -> str | None:
    """The note in a line as typed (after ` - `), or None; for a button that logs what a
    message said."""
    try:
        return reader.split_note(reader.clean(text))[1]
    except ParseError:
        return None


MAX_PAUSE_DAYS = 60


def parse_pause(text: str, today: date, language: str = "en") -> tuple[date, date]:
    """A span (`7`, `1 week`, `eine Woche`, `dos semanas`, `неделю`) or its last day (`until
    friday`, `bis 10.12.`, `hasta el 20 de diciembre`, `до пятницы`) -> the first and last
    paused day; from today, or from the day after "from" (`10 days from friday`, `Urlaub 10
    Tage ab Freitag`, `с понедельника на неделю`)."""
    raw = _clean(text).lower()
    start, raw = _pause_start(raw, today, language)
    if start is not None:
        return parse_pause(raw, start, language)
    if m := re.fullmatch(r"(\d{1,4})\s*d", raw):
        raw = m.group(1)  # "7d"
    days = reader.days(raw, language)
    if days is None:
        days = reader.span_among(raw, language)  # "trip to lisbon 10 days"
    if days is not None:
        if not 1 <= days <= MAX_PAUSE_DAYS:
            raise ParseError(ErrorCode.PAUSE_LENGTH, high=MAX_PAUSE_DAYS)
        return today, today + timedelta(days=days - 1)
    try:
        last = reader.until(raw, today, language) or reader.until_among(raw, today, language)
    except ParseError:
        raise ParseError(ErrorCode.PAUSE_END) from None
    if last is None:
        raise ParseError(ErrorCode.PAUSE_UNREADABLE)
    if last < today:
        raise ParseError(ErrorCode.PAUSE_END)
    if (last - today).days + 1 > MAX_PAUSE_DAYS:
        raise ParseError(ErrorCode.PAUSE_LENGTH, high=MAX_PAUSE_DAYS)
    return today, last


def _pause_start(raw: str, today: date, language: str) -> tuple[date | None, str]:
    """The day after "from" in a pause ("from friday", "ab Freitag", "desde el lunes", "с
    понедельника") and the line without it; (None, the line) when no day follows a "from"."""
    words = raw.split()
    for k, word in enumerate(words):
        if word not in _FROM:
            continue
        for size in (1, 2, 3):
            said = " ".join(words[k + 1 : k + 1 + size])
            said = " ".join(_in_english(w) for w in said.split())
            try:
                found = reader.read(said, today, language, mode="plan") if said else None
            except ParseError:
                continue
            if found is None or found.day is None or found.activity or found.minutes:
                continue
            if found.words or found.unknown:
                continue
            if found.day < today:
                raise ParseError(ErrorCode.PAUSE_END)
            return found.day, " ".join(words[:k] + words[k + 1 + size :])
    return None, raw


def _in_english(word: str) -> str:
    """ "понедельника" (after "с") as the reader knows the weekday: "monday"."""
    n = _GENITIVE_WEEKDAYS.get(word)
    return word if n is None else _ENGLISH_DAYS[n]


def parse_week_start(text: str) -> int:
    """`monday` or `sunday` (the two ways calendars start a week), in any language spoken:
    also "from sunday", "sonntags", "с воскресенья"."""
    words = _clean(text).lower().split()
    if len(words) == 2 and (words[0] in _ON or words[0] in _FROM):
        words = words[1:]
    weekday = weekday_named(words[0]) if len(words) == 1 else None
    if weekday not in (0, 6):
        raise ParseError(ErrorCode.WEEK_START)
    return weekday


def weekday_named(word: str) -> int | None:
    """Monday 0 … Sunday 6 for a weekday's name or abbreviation in any language spoken
    ("sunday", "sun", "thurs", "So.", "sonntags", "воскресенья"); None for anything else."""
    word = word.strip().lower().rstrip(".")
    found = WEEKDAYS.get(word, _GENITIVE_WEEKDAYS.get(word))
    if found is None and len(word) > 4 and word.endswith("s") and word[:-1] in WEEKDAYS:
        # German "sonntags", "mittwochs"
        found = WEEKDAYS[word[:-1]]
    if found is None and len(word) >= 3:  # the start of an English name: "tues", "satur"
        found = next((n for n, name in enumerate(_ENGLISH_DAYS) if name.startswith(word)), None)
    return found
