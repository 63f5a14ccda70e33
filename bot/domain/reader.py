"""The one reader of what runners type: a line in any language the bot speaks -> what was
done, how long, which day, at what time and a note. It knows no words itself: it consults
`bot.domain.language` (and rapidfuzz for typos), so what it understands is data."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cache, lru_cache
from typing import Literal

from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import extractOne

from bot.domain.errors import ErrorCode, ParseError
from bot.domain.language import LANGUAGES, Kind, Vocabulary, kind_of

Mode = Literal["done", "plan"]

_NOTE_SEPARATORS = (" -- ", " - ", " — ", " – ", " —", " --")
_QUOTES = '"“”„«»'
_RE_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»]*)[\"”“»]")
# Punctuation around a word that is not part of it: "core," "25!" "(yesterday)".
_STRIP = ",;!?…()[]{}:*_~¡¿\"'“”„«»"
_RE_INT = re.compile(r"\d{1,12}")
_RE_DECIMAL = re.compile(r"(\d{1,3})[.,](\d{1,2})")
_RE_GLUED_MINUTES = re.compile(r"(\d{1,4})(?:m|min|mins|minute|minutes|minuten|minutos|мин|м|')")
_RE_GLUED_HOURS = re.compile(
    r"(\d{1,2})(?:[.,](\d{1,2}))?(?:h|hs|hr|hrs|hour|hours|std|ч|час|часа)"
)
_RE_HOURS_MINUTES = re.compile(r"(\d{1,2})(?:h|ч|std)(\d{1,2})(?:m|min|mins|мин|м)?")
_RE_CLOCK = re.compile(r"(\d{1,2})[:h](\d{2})(am|pm|uhr|h)?")
_RE_MERIDIEM = re.compile(r"(\d{1,2})(?::(\d{2}))?(am|pm|a\.m\.|p\.m\.|uhr)")
_RE_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_RE_DAY_MONTH = re.compile(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2})?)?")
_RE_ORDINAL = re.compile(r"(\d{1,2})(?:\.|st|nd|rd|th|-?го|-?е|º|ª)")
_RE_SETS = re.compile(r"\d+[xх×]\d+(?:m|kg|s|reps?)?")  # "5x5", "6x400m": how, not how long
_RE_SETS_MINUTES = re.compile(r"(\d{1,2})[xх×](\d{1,3})(?:min|mins|minutes|minuten|minutos|мин)")
_RE_SETS_ONLY = re.compile(r"(\d{1,2})[xх×](\d{1,3})")
_RE_NEGATIVE = re.compile(r"[-−](\d{1,6})(?:m|min|mins|minutes?)?")
_RE_WORDY = re.compile(r"[^\W\d_]", re.UNICODE)
_RE_RACE = re.compile(r"\d{1,3}(?:k|km|к|км)")
_MAX_PHRASE = 7
MAX_ACTIVITY_CHARS = 32
MAX_NOTE_CHARS = 200
MAX_INPUT_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Reading:
    """A line as the reader understood it; any part may be missing.

    `activity` is the canonical id (or the words as typed, lower case, for an activity the
    vocabulary does not know); `typed` is the activity as the runner wrote it. `suggestion`
    is set when the typed word looks like a typo of a known activity (then `activity` is as
    typed); `confirm` when the activity is several words the bot does not know."""

    activity: str | None
    typed: str | None
    kind: Kind | None
    minutes: int | None
    day: date | None
    at: time | None
    note: str | None
    suggestion: str | None = None
    confirm: bool = False
    details: str | None = None  # /plan: what follows the minutes ("swings, goblet squats")
    words: tuple[str, ...] = field(default=())  # words that could not be placed
    unknown: bool = False  # one word the vocabulary does not know, not in quotes
    head: str | None = None  # the known activity among unknown words (`confirm`)
    timed: bool = False  # the minutes came with their unit ("30 min", "an hour"), not bare
    far: bool = False  # a distance was given ("10 km"): how far, which says it was a run


# What a run of words means. Tags: num, minute, hour, duration, day, dayunit, ago, agobefore,
# weekday, month, last, lastafter, next, on, tod, vague, evening, morning, clockbefore,
# clockafter, filler, generic, activity, joinable, after, offbefore, offafter, sets, distance,
# until, ahead.
@dataclass(frozen=True, slots=True)
class _Meaning:
    tag: str
    value: object
    language: str


@dataclass(slots=True, eq=False)  # compared by identity: a token is one place in the line
class _Token:
    raw: str  # as typed (for notes and the activity as typed)
    meanings: tuple[_Meaning, ...]
    number: int | None = None  # an integer written with digits
    decimal: float | None = None
    minutes: int | None = None  # 25min, 1h15, 1.5h
    clock: time | None = None  # 18:30, 6pm, 18h30
    date: date | None = None  # 2026-11-23
    day_month: tuple[int, int] | None = None  # 23.11., 23/11, 23.11.2026 (with its year)
    year: int | None = None
    ordinal: int | None = None  # 4., 4th
    quoted: bool = False
    used: bool = False
    context: bool = False  # "after my run": about the session, not part of it
    loose: bool = False  # a little word ("el", "on") set aside alone, not part of a day

    def has(self, tag: str) -> _Meaning | None:
        return next((m for m in self.meanings if m.tag == tag), None)

    @property
    def first(self) -> str | None:
        return self.meanings[0].tag if self.meanings else None


# The after-words that make a run the session's context: "core after my run".
_AFTER = {
    "en": ("after",),
    "de": ("nach", "nachm", "nach'm"),
    "es": ("después", "despues", "tras"),
    "ru": ("после",),
}


@cache
def _lexicon() -> dict[tuple[str, ...], tuple[_Meaning, ...]]:
    """Every phrase of every language -> its meanings, the runner's language sorted first
    when read (`_meanings`)."""
    table: dict[tuple[str, ...], list[_Meaning]] = {}

    def add(words: Iterable[str], tag: str, value: object, language: str) -> None:
        for phrase in words:
            key = tuple(phrase.lower().split())
            table.setdefault(key, []).append(_Meaning(tag, value, language))

    for code, v in LANGUAGES.items():
        add(v.activities, "activity", None, code)  # value looked up per language below
        for phrase, activity in v.activities.items():
            table[tuple(phrase.split())][-1] = _Meaning("activity", activity, code)
        for phrase, n in v.numbers.items():
            add([phrase], "num", n, code)
        add(v.minute_units, "minute", None, code)
        add(v.hour_units, "hour", None, code)
        for phrase, n in v.durations.items():
            add([phrase], "duration", n, code)
        for phrase, n in v.days.items():
            add([phrase], "day", n, code)
        for phrase, n in v.day_units.items():
            add([phrase], "dayunit", n, code)
        add(v.ago_after, "ago", None, code)
        add(v.ago_before, "agobefore", None, code)
        for phrase, n in v.weekdays.items():
            add([phrase], "weekday", n, code)
        for phrase, n in v.months.items():
            add([phrase], "month", n, code)
        add(v.last, "last", None, code)
        add(v.last_after, "lastafter", None, code)
        add(v.next, "next", None, code)
        add(v.on, "on", None, code)
        add(v.times_of_day, "tod", None, code)
        add(v.vague_days, "vague", None, code)
        for phrase, n in v.evening_hours.items():
            add([phrase], "evening", n, code)
        add(v.morning_hours, "morning", None, code)
        add(v.clock_before, "clockbefore", None, code)
        for phrase, n in v.clock_after.items():
            add([phrase], "clockafter", n, code)
        add(v.joinable, "joinable", None, code)
        add(v.generic, "generic", None, code)
        add(v.fillers, "filler", None, code)
        add(_AFTER.get(code, ()), "after", None, code)
        for phrase, n in v.clock_offsets_before.items():
            add([phrase], "offbefore", n, code)
        for phrase, n in v.clock_offsets_after.items():
            add([phrase], "offafter", n, code)
        add(v.sets, "sets", None, code)
        add(v.distances, "distance", None, code)
        add(v.until, "until", None, code)
        add(v.ahead, "ahead", None, code)
    # Typed without accents ("elongacion", "bandas elasticas", "еще"): the same phrase, unless
    # the plain spelling is a phrase of its own.
    for key, meanings in list(table.items()):
        plain = tuple(_fold(w) for w in key)
        if plain != key:
            table.setdefault(plain, meanings)
    return {key: tuple(meanings) for key, meanings in table.items()}


@lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    """A word without its accents: "elongación" -> "elongacion", "ещё" -> "еще" (a short
    one keeps them: "Mö" is not "Mo", Monday)."""
    if word.isascii() or len(word) < 4:
        return word
    return "".join(c if c in "йЙ" else _bare(c) for c in word)


def _bare(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


_ORDINARY = frozenset({"filler", "generic", "joinable", "activity", "num", "after"})


def _meanings(key: tuple[str, ...], language: str) -> tuple[_Meaning, ...]:
    """A phrase's meanings, the runner's language first, then the others in a fixed order."""
    lexicon = _lexicon()
    found = lexicon.get(key)
    if found is None:
        plain = tuple(_fold(w) for w in key)
        found = lexicon.get(plain, ()) if plain != key else ()
    if len(found) < 2:
        return found
    own = {m.tag for m in found if m.language == language}
    if len(key) == 1 and len(key[0]) <= 3 and own and own <= _ORDINARY:
        # "do", "so", "mi": a little word of the runner's own language means what it says
        # there, not Donnerstag, Sonntag or Mittwoch
        found = tuple(m for m in found if m.language in (language, ""))
    return tuple(sorted(found, key=lambda m: (m.language != language, _ORDER.get(m.language, 99))))


_ORDER = {code: n for n, code in enumerate(LANGUAGES)}


@cache
def _stems(language: str) -> dict[str, str]:
    """Single-word activities by stem, for languages whose nouns change their ending
    ("пресса", "йоги", "силовой")."""
    v = LANGUAGES[language]
    return {
        _stem(word, v): activity
        for word, activity in v.activities.items()
        if " " not in word and v.endings
    }


def _stem(word: str, v: Vocabulary) -> str:
    for ending in v.endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@cache
def _typo_choices() -> dict[str, str]:
    """Every one-word activity as a runner would type it -> its canonical id."""
    return {
        word: activity
        for v in LANGUAGES.values()
        for word, activity in v.activities.items()
        if " " not in word and len(word) >= 4
    }


@cache
def _typo_words() -> tuple[str, ...]:
    return tuple(_typo_choices())


@cache
def _time_word_list() -> tuple[str, ...]:
    return tuple(_time_words())


@cache
def _time_words() -> frozenset[str]:
    """Words of days, units and dates: a typo of one is never an activity ("tmorow")."""
    out: set[str] = set()
    for v in LANGUAGES.values():
        for table in (v.days, v.weekdays, v.months, v.day_units):
            out.update(w for phrase in table for w in phrase.split() if len(w) >= 5)
        out.update(w for w in v.minute_units | v.hour_units if len(w) >= 5)
    return frozenset(out)


def warm() -> None:
    """Build every table the reader keeps (all languages' phrases, stems, typo and time word
    lists) now, at start-up, rather than during some runner's first message."""
    _lexicon()
    for code in LANGUAGES:
        _stems(code)
    _typo_words()
    _time_word_list()
    for code in LANGUAGES:
        read("kettlebell 15", _ANY_DAY, code)


def _typo_limit(word: str) -> int:
    return 1 if len(word) <= 6 else 2


def near(word: str, choices: Sequence[str]) -> str | None:
    """The choice a typed word is a typo of (one or two letters off), or None."""
    word = word.lower()
    if len(word) < 4 or not choices:
        return None
    found = extractOne(
        word, choices, scorer=DamerauLevenshtein.distance, score_cutoff=_typo_limit(word)
    )
    return None if found is None or found[1] == 0 else found[0]


def clean(text: str) -> str:
    if len(text) > MAX_INPUT_CHARS:
        raise ParseError(ErrorCode.TOO_MUCH_TEXT, limit=MAX_INPUT_CHARS)
    # Control characters (NUL, newlines, ...) separate words like spaces do.
    return "".join(c if c.isprintable() else " " for c in text).strip()


def split_note(text: str) -> tuple[str, str | None]:
    """The line before a note and the note: `core 25 - tough one`, `core 25 -- tough one`."""
    best: tuple[int, str] | None = None
    for separator in _NOTE_SEPARATORS:
        at = text.find(separator)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, separator)
    if best is None:
        # "strength 30 (legs)": words in brackets at the end are a note too
        if text.endswith(")") and "(" in text:
            at = text.rindex("(")
            if text[:at].strip():
                return split_note(text[:at].rstrip() + " - " + text[at + 1 : -1])
        return text, None
    at, separator = best
    note = text[at + len(separator) :].strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ParseError(ErrorCode.NOTE_TOO_LONG, limit=MAX_NOTE_CHARS)
    return text[:at], note or None


def _pieces(body: str) -> list[tuple[str, bool]]:
    """Words, with a phrase in quotes kept together as one: (text, quoted)."""
    out: list[tuple[str, bool]] = []
    rest = body
    while rest:
        m = _RE_QUOTED.search(rest)
        if m is None:
            if any(q in rest for q in _QUOTES):
                raise ParseError(ErrorCode.UNCLOSED_QUOTE)
            out += [(w, False) for w in rest.split()]
            break
        out += [(w, False) for w in rest[: m.start()].split()]
        if m.group(1).strip():
            out.append((" ".join(m.group(1).split()), True))
        rest = rest[m.end() :]
    return out


def _normal(raw: str) -> str:
    word = raw.lower().strip(_STRIP)
    if word.endswith("'s") and len(word) > 3:  # "sunday's long run"
        word = word[:-2]
    # A full stop ends a sentence, except in "23.11.", "4.", "std." or "min."
    if (
        word.endswith(".")
        and not word[:-1].replace(".", "").isdigit()
        and (word,) not in _lexicon()
    ):
        word = word.rstrip(".")
    return word


def _glued(token: _Token, word: str) -> None:
    """Numbers written in one piece with their unit or as a date or a clock."""
    if _RE_INT.fullmatch(word):
        token.number = int(word)
    elif m := _RE_SETS_MINUTES.fullmatch(word):
        token.minutes = int(m[1]) * int(m[2])  # "3x10min": three rounds of ten minutes
    elif re.fullmatch(r"\d{1,3}(?:[.,]\d{1,2})?(?:km|kms|k|mi|км)", word):
        token.meanings = (_Meaning("distance", None, ""),)  # "10km": how far, not how long
    elif _RE_SETS.fullmatch(word):
        token.meanings = (_Meaning("filler", None, ""),)
    elif (m := _RE_HOURS_MINUTES.fullmatch(word)) and int(m[1]) < 5:
        token.minutes = int(m[1]) * 60 + int(m[2])  # "1h15"; "18h30" is a clock time
    elif m := _RE_GLUED_MINUTES.fullmatch(word):
        token.minutes = int(m[1])
    elif (m := _RE_GLUED_HOURS.fullmatch(word)) and not (
        m[2] is None and 13 <= int(m[1]) <= 23 and word.endswith("h")
    ):
        token.minutes = _hours(float(f"{m[1]}.{m[2] or 0}"), word)
    elif m := _RE_MERIDIEM.fullmatch(word):
        token.clock = _clock(int(m[1]), int(m[2] or 0), m[3], word)
    elif m := _RE_CLOCK.fullmatch(word):
        token.clock = _clock(int(m[1]), int(m[2]), m[3], word)
    elif (m := re.fullmatch(r"(\d{1,2})h", word)) and 13 <= int(m[1]) <= 23:
        token.clock = time(int(m[1]), 0)  # "18h", as Spanish writes the hour
    elif m := re.fullmatch(r"(\d{0,2})([¼½¾])", word):
        token.decimal = int(m[1] or 0) + _VULGAR[m[2]]  # "½ hour", "1½ hours"
    elif m := _RE_ISO_DATE.fullmatch(word):
        token.date = _calendar(word, int(m[1]), int(m[2]), int(m[3]))
    elif (m := _RE_DAY_MONTH.fullmatch(word)) and (word.endswith(".") or "/" in word or m[3]):
        token.day_month = (int(m[1]), int(m[2]))
        if m[3]:
            token.year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
    elif (m := _RE_DECIMAL.fullmatch(word)) and not word.endswith("."):
        # "1.25 hrs", "4.12" (a date) or "18.30" (a time): what follows decides
        token.decimal = float(f"{m[1]}.{m[2]}")
    elif m := _RE_ORDINAL.fullmatch(word):
        token.ordinal = int(m[1])
    elif m := _RE_NEGATIVE.fullmatch(word):
        raise ParseError(ErrorCode.MINUTES_OUT_OF_RANGE, given=-int(m[1]), low=1, high=600)


_VULGAR = {"¼": 0.25, "½": 0.5, "¾": 0.75}


def _fraction(token: _Token | None) -> float | None:
    """ "1/2", "3/4": part of an hour when an hour unit follows ("3/4 hr" is 45 minutes)."""
    if token is None or token.day_month is None or token.year is not None:
        return None
    top, bottom = token.day_month
    if "/" not in token.raw or bottom not in (2, 3, 4) or not 1 <= top < bottom:
        return None
    return top / bottom


def _hours(hours: float, word: str) -> int:
    minutes = hours * 60
    if abs(minutes - round(minutes)) > 1e-6:
        raise ParseError(ErrorCode.MINUTES_NOT_WHOLE, given=word)
    return round(minutes)


def _clock(hour: int, minute: int, suffix: str | None, word: str | None = None) -> time | None:
    """A clock time; one that cannot be (25:00, 18:75, 13pm) is refused when it was written
    as a clock (`word`), and None when it was only a number before "Uhr" or "pm"."""
    suffix = (suffix or "").replace(".", "")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            _not_a_time(word)
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        _not_a_time(word)
        return None
    return time(hour, minute)


def _not_a_time(word: str | None) -> None:
    if word is not None:
        raise ParseError(ErrorCode.CLOCK_NOT_A_TIME, text=word[:10])


def _calendar(word: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError(ErrorCode.NOT_A_DATE, text=word) from None


def _tokens(body: str, language: str) -> list[_Token]:
    pieces = _pieces(body)
    words = [(_normal(text) if not quoted else text, text, quoted) for text, quoted in pieces]
    # "twenty-five", "fitnes-резинки": a hyphenated word splits when its parts mean something
    split: list[tuple[str, str, bool]] = []
    for word, raw, quoted in words:
        if (
            not quoted
            and word.startswith("пол")
            and (word,) not in _lexicon()
            and any(m.tag == "num" for m in _lexicon().get((word[3:],), ()))
        ):  # "полседьмого": half past six, the half of the seventh hour
            split += [("пол", "пол", False), (word[3:], raw[3:], False)]
            continue
        parts = word.split("-")
        if (
            not quoted
            and len(parts) == 2
            and all(parts)
            and (word,) not in _lexicon()
            and all((p,) in _lexicon() for p in parts)
        ):
            split += [(p, p, False) for p in parts]
            continue
        split.append((word, raw, quoted))
    tokens: list[_Token] = []
    i = 0
    while i < len(split):
        word, raw, quoted = split[i]
        if quoted:
            tokens.append(_Token(raw, (), quoted=True))
            i += 1
            continue
        if not word:  # punctuation or emoji alone
            i += 1
            continue
        for size in range(min(_MAX_PHRASE, len(split) - i), 0, -1):
            key = tuple(w for w, _, q in split[i : i + size])
            if any(q for _, _, q in split[i : i + size]):
                continue
            found = _meanings(key, language)
            if found:
                raws = " ".join(r for _, r, _ in split[i : i + size])
                tokens.append(_Token(raws, found))
                i += size
                break
        else:
            token = _Token(raw, ())
            _glued(token, word)
            if (
                token.number is None
                and token.minutes is None
                and token.clock is None
                and token.date is None
                and token.decimal is None
                and token.ordinal is None
                and token.day_month is None
            ):
                stemmed = (
                    _stems(language).get(_stem(word, LANGUAGES[language]))
                    if (LANGUAGES[language].endings)
                    else None
                )
                if stemmed is None:
                    stemmed = next(
                        (
                            found
                            for code, v in LANGUAGES.items()
                            if code != language and v.endings
                            for found in [_stems(code).get(_stem(word, v))]
                            if found
                        ),
                        None,
                    )
                if stemmed is not None:
                    token = _Token(raw, (_Meaning("activity", stemmed, language),))
                elif not _RE_WORDY.search(word) and not any(c.isdigit() for c in word):
                    i += 1  # emoji, dashes, stars: not words of anything
                    continue
            tokens.append(token)
            i += 1
    return _join_numbers(tokens)


def _join_numbers(tokens: list[_Token]) -> list[_Token]:
    """ "twenty five", "treinta y cinco", "двадцать пять" -> one number."""
    out: list[_Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        tens = token.has("num")
        if tens is not None and isinstance(tens.value, int) and tens.value % 10 == 0:
            v = LANGUAGES[tens.language]
            if tens.value >= 20 and i + 1 < len(tokens):
                step = 1
                nxt = tokens[i + 1]
                if (
                    nxt.has("filler")
                    and any(w in v.number_joiners for w in nxt.raw.lower().split())
                    and i + 2 < len(tokens)
                ):
                    step, nxt = 2, tokens[i + 2]
                unit = nxt.has("num")
                if unit is not None and isinstance(unit.value, int) and 1 <= unit.value <= 9:
                    joined = tens.value + unit.value
                    out.append(
                        _Token(f"{token.raw} {nxt.raw}", (_Meaning("num", joined, tens.language),))
                    )
                    i += step + 1
                    continue
        out.append(token)
        i += 1
    return out


def _num(token: _Token | None, *, articles: bool = True) -> int | None:
    """The number a token stands for (digits or a word); articles ("a", "ein") only when
    `articles`: alone they are not numbers."""
    if token is None or token.quoted or token.used:
        return None
    if token.number is not None:
        return token.number
    m = token.has("num")
    if m is None or not isinstance(m.value, int):
        return None
    if not articles and m.value == 1 and token.raw.lower() not in _ONES:
        return None
    return m.value


_ONES = frozenset({"one", "eins", "uno", "один", "одну", "одна"})


@dataclass(slots=True)
class _State:
    today: date
    mode: Mode
    minutes: int | None = None
    day: date | None = None
    at: time | None = None
    minutes_at: int = -1  # the token index where the minutes were found
    far: bool = False  # a distance was named
    bare: bool = False  # the minutes are a number alone, without a unit
    month_first: bool = False  # "12/6" may be the 6th of December (as the US writes it)

    def set_minutes(self, value: int, where: int, *, bare: bool = False) -> None:
        """Minutes found at token `where`. A number with a unit ("12 min", "an hour") wins
        over a bare one ("pushups 100 in 12 min": 100 is a count); two of a kind are refused."""
        if self.minutes is not None:
            if self.bare and not bare:
                self.minutes, self.minutes_at, self.bare = value, where, False
                return
            if bare and not self.bare:
                return
            raise ParseError(ErrorCode.TWO_MINUTES, first=self.minutes, second=value)
        self.minutes, self.minutes_at, self.bare = value, where, bare

    def set_day(self, value: date) -> None:
        if self.day is not None and self.day != value:
            raise ParseError(ErrorCode.TWO_DAYS)
        self.day = value


def _weekday(n: int, state: _State) -> date:
    today = state.today
    if state.mode == "plan":
        return today + timedelta(days=(n - today.weekday()) % 7)
    return today - timedelta(days=(today.weekday() - n) % 7)


def _last(n: int, today: date) -> date:
    """ "last friday" is never today: on a Friday it is a week ago."""
    return today - timedelta(days=(today.weekday() - n - 1) % 7 + 1)


def _next(n: int, today: date) -> date:
    return today + timedelta(days=(n - today.weekday() - 1) % 7 + 1)


def _month_day(day: int, month: int, word: str, today: date, mode: Mode) -> date:
    """A day and month without a year: the nearest such date that is not far ahead."""
    this_year = _calendar(word, today.year, month, day)
    if mode == "done" and this_year > today:
        # On 2 January, 28.12. is five days ago, not a date almost a year ahead.
        try:
            last_year = date(today.year - 1, month, day)
        except ValueError:
            return this_year
        if (today - last_year).days <= 30:
            return last_year
    if mode == "plan" and this_year < today - timedelta(days=31):
        return _calendar(word, today.year + 1, month, day)
    return this_year


def _slashed(first: int, second: int, word: str, today: date, mode: Mode) -> date:
    """In English "5/12" is the 5th of December as most of the world writes it, "12/6" the
    6th of December as the US does: the reading that falls near today (the last month for a
    session, the next two for a plan) wins, day first when both do or neither."""

    def near(day: date) -> bool:
        if mode == "done":
            return today - timedelta(days=31) <= day <= today
        # a plan: a day just passed is still the day meant ("that day has passed")
        return today - timedelta(days=31) <= day <= today + timedelta(days=62)

    try:
        day_first: date | None = _month_day(first, second, word, today, mode)
    except ParseError:
        day_first = None
    if day_first is not None and near(day_first):
        return day_first
    try:
        month_first = _month_day(second, first, word, today, mode)
    except ParseError:
        month_first = None
    if month_first is not None and near(month_first):
        return month_first
    return day_first or _month_day(first, second, word, today, mode)


def _day_of_month(day: int, today: date, word: str, mode: Mode) -> date:
    """ "on the 4th", "el día 4": this month's, or last month's when that is still to come."""
    month = date(today.year, today.month, 1)
    try:
        found = date(month.year, month.month, day)
    except ValueError:
        raise ParseError(ErrorCode.NOT_A_DATE, text=word) from None
    if mode == "done" and found > today:
        previous = month - timedelta(days=1)
        try:
            return date(previous.year, previous.month, day)
        except ValueError:
            return found
    return found


def _offset(hour: int, minutes: int) -> time:
    """The clock time `minutes` from a full hour: "halb acht" is 7:30, "quarter to 8" 7:45."""
    total = (hour * 60 + minutes) % (24 * 60)
    return time(total // 60, total % 60)


def _counts(count: int, unit: _Token) -> bool:
    """Whether a day unit takes this count: "3 days", "21 день", but not "20 неделю"."""
    meaning = unit.has("dayunit")
    if meaning is None:
        return False
    v = LANGUAGES[meaning.language]
    if unit.raw.lower() not in v.singular_units:
        return True
    if v.singular_rule == "slavic":
        return count % 10 == 1 and count % 100 != 11
    return count == 1


def _read_times(tokens: list[_Token], state: _State) -> None:
    """Mark the minutes, the day and the clock time among the tokens (left to right)."""
    today = state.today
    n = len(tokens)

    def at(k: int) -> _Token | None:
        return tokens[k] if 0 <= k < n and not tokens[k].used else None

    def skip_fillers(k: int, limit: int = 2) -> int:
        j = k
        while (
            j < n and j - k < limit and tokens[j].first == "filler" and not tokens[j].has("month")
        ):
            j += 1
        return j

    def part_of_day(k: int) -> None:
        """ "7 in the evening", "7 Uhr abends", "7 de la tarde": the word after a clock hour
        makes it p.m. (or keeps it a.m.)."""
        word = at(k)
        if word is None or state.at is None:
            return
        if (evening := word.has("evening")) is not None:
            assert isinstance(evening.value, int)
            if evening.value <= state.at.hour < 12:
                state.at = state.at.replace(hour=state.at.hour + 12)
            word.used = True
        elif word.has("morning") is not None:
            word.used = True

    i = 0
    while i < n:
        t = tokens[i]
        if t.used or t.quoted:
            i += 1
            continue
        if t.first == "vague":  # "last week": no one day, and never today by default
            raise ParseError(ErrorCode.DAY_VAGUE, text=t.raw, plan=state.mode == "plan")
        nxt, third = at(i + 1), at(i + 2)
        count = _num(t)
        # N days/weeks ago
        if (
            count is not None
            and nxt is not None
            and (u := nxt.has("dayunit")) is not None
            and third is not None
            and third.has("ago")
            and _counts(count, nxt)
        ):
            assert isinstance(u.value, int)
            state.set_day(today - timedelta(days=min(count * u.value, 10_000)))
            t.used = nxt.used = third.used = True
            i += 3
            continue
        if t.has("agobefore") and nxt is not None:
            c = _num(nxt)
            if c is not None and third is not None and (u := third.has("dayunit")) is not None:
                assert isinstance(u.value, int)
                state.set_day(today - timedelta(days=min(c * u.value, 10_000)))
                t.used = nxt.used = third.used = True
                i += 3
                continue
            if (u := nxt.has("dayunit")) is not None:  # "vor einer Woche" read as one
                assert isinstance(u.value, int)
                state.set_day(today - timedelta(days=u.value))
                t.used = nxt.used = True
                i += 2
                continue
        if (u := t.has("dayunit")) is not None and nxt is not None and nxt.has("ago"):
            assert isinstance(u.value, int)  # "неделю назад", "week ago"
            state.set_day(today - timedelta(days=u.value))
            t.used = nxt.used = True
            i += 2
            continue
        # dates: 4 Dec, 4. Dezember, 4 de diciembre, 4 декабря; Dec 4, Dec 4th
        day_number = t.ordinal if t.ordinal is not None else _num(t, articles=False)
        if (
            day_number is not None
            and 1 <= day_number <= 31
            and (t.number is not None or t.ordinal is not None)
        ):
            j = skip_fillers(i + 1)
            month_token = at(j)
            after_month = at(j + 1)
            if (
                month_token is not None
                and (mm := month_token.has("month")) is not None
                and (after_month is None or _num(after_month) is None or after_month.has("dayunit"))
                # "20 dec 1st": the 1st is the day of December, and 20 the minutes
                and (after_month is None or after_month.ordinal is None)
            ):
                assert isinstance(mm.value, int) and day_number is not None
                state.set_day(_month_day(day_number, mm.value, t.raw, today, state.mode))
                for k in range(i, j + 1):
                    tokens[k].used = True
                i = j + 1
                continue
        if (mm := t.has("month")) is not None and nxt is not None:
            d = nxt.ordinal if nxt.ordinal is not None else nxt.number
            if (
                d is not None
                and 1 <= d <= 31
                and not (third is not None and (third.has("minute") or third.has("hour")))
            ):
                assert isinstance(mm.value, int)
                state.set_day(_month_day(d, mm.value, nxt.raw, today, state.mode))
                t.used = nxt.used = True
                i += 2
                continue
        if t.ordinal is not None and t.raw[-1:].isalpha():  # "on the 4th"
            state.set_day(_day_of_month(t.ordinal, today, t.raw, state.mode))
            t.used = True
            i += 1
            continue
        if (
            (u := t.has("dayunit")) is not None
            and u.value == 1
            and nxt is not None
            and nxt.number is not None
        ):  # "el día 4"
            state.set_day(_day_of_month(nxt.number, today, nxt.raw, state.mode))
            t.used = nxt.used = True
            i += 2
            continue
        if (part := _fraction(t)) is not None and nxt is not None and nxt.has("hour"):
            state.set_minutes(_hours(part, t.raw), i)  # "3/4 hr"
            t.used = nxt.used = True
            i += 2
            continue
        if (
            count is not None
            and t.number is not None
            and (part := _fraction(nxt)) is not None
            and third is not None
            and third.has("hour")
        ):  # "1 1/2 hours"
            state.set_minutes(_hours(count + part, t.raw), i)
            t.used = True
            tokens[i + 1].used = third.used = True
            i += 3
            continue
        if t.day_month is not None:
            d_, m_ = t.day_month
            if t.year is not None:
                state.set_day(_calendar(t.raw, t.year, m_, d_))
            elif "/" in t.raw and state.month_first:
                state.set_day(_slashed(d_, m_, t.raw, today, state.mode))
            else:
                state.set_day(_month_day(d_, m_, t.raw, today, state.mode))
            t.used = True
            i += 1
            continue
        if t.date is not None:
            state.set_day(t.date)
            t.used = True
            i += 1
            continue
        if t.first == "distance":  # "10km"
            t.used = state.far = True
            i += 1
            continue
        if (
            (count is not None or t.decimal is not None)
            and nxt is not None
            and nxt.has("distance")
            and t.first != "activity"
        ):  # "10 km", "3.5 miles": how far, not how long
            t.used = nxt.used = state.far = True
            i += 2
            continue
        if t.decimal is not None:
            if nxt is not None and nxt.has("hour"):
                state.set_minutes(_hours(t.decimal, t.raw), i)
                t.used = nxt.used = True
                i += 2
                continue
            if nxt is not None and nxt.has("minute"):
                raise ParseError(ErrorCode.MINUTES_NOT_WHOLE, given=t.raw)
            m = _RE_DECIMAL.fullmatch(t.raw.strip(_STRIP))
            if (
                m is not None
                and "." in t.raw
                and len(m[2]) == 2
                and int(m[1]) <= 23
                and 13 <= int(m[2]) <= 59
            ):  # "18.30": a clock time, as German writes it
                state.at = time(int(m[1]), int(m[2]))
                t.used = True
                i += 1
                continue
            if m is not None and "." in t.raw and 1 <= int(m[2]) <= 12 and 1 <= int(m[1]) <= 31:
                state.set_day(_month_day(int(m[1]), int(m[2]), t.raw, today, state.mode))
                t.used = True
                i += 1
                continue
            raise ParseError(ErrorCode.MINUTES_NOT_WHOLE, given=t.raw)
        glued = _RE_SETS_ONLY.fullmatch(t.raw.lower())
        if glued is not None and nxt is not None and nxt.has("minute"):
            state.set_minutes(int(glued[1]) * int(glued[2]), i)  # "3x10 min": 30 minutes
            t.used = nxt.used = True
            i += 2
            continue
        # "3 sets of", "6 x 400", "3 Sätze", "3 подхода": how the work was done, not minutes
        if count is not None and nxt is not None and nxt.has("sets") and t.first != "activity":
            t.used = nxt.used = True
            step = 2
            each = _num(third)
            unit = at(i + 3)
            if third is not None and third.minutes is not None:  # "3 x 10min": 30 minutes
                state.set_minutes(count * third.minutes, i)
                third.used = True
                step = 3
            elif each is not None and unit is not None and unit.has("minute"):
                state.set_minutes(count * each, i)  # "3 x 10 min", "3 по 10 минут": 30 minutes
                assert third is not None
                third.used = unit.used = True
                step = 4
            elif each is not None:
                assert third is not None
                third.used = True  # "6 x 400", "3 x 10": how, not how long
                step = 3
            i += step
            continue
        # "halb acht", "viertel nach sechs", "quarter to 8", "siete y media": a clock time,
        # the offset before the hour or after it
        off = t.has("offbefore")
        hour = _num(nxt, articles=False) if off is not None else None
        if off is None or hour is None or not 0 <= hour <= 23:
            off, hour = (nxt.has("offafter") if nxt is not None else None), count
        if off is not None and hour is not None and 0 <= hour <= 23 and nxt is not None:
            assert isinstance(off.value, int)
            state.at = _offset(hour, off.value)
            t.used = nxt.used = True
            if (b := at(i - 1)) is not None and b.has("clockbefore"):
                b.used = True
            part_of_day(i + 2)
            i += 2
            continue
        before = at(i - 1)
        if (
            before is not None
            and before.has("clockbefore")
            and t.first == "num"
            and (hour := _num(t, articles=False)) is not None
            and 1 <= hour <= 23
            and (nxt is None or not (nxt.has("minute") or nxt.has("hour")))
        ):  # "a las siete", "um acht", "at seven", "в семь вечера"
            state.at = time(hour, 0)
            t.used = before.used = True
            part_of_day(i + 1)
            i += 1
            continue
        # clock times: 18:30, 6pm, 6 pm, 18 Uhr, um 18 Uhr, at 6, в 18:30, a las 7
        before = at(i - 1)
        if (
            t.clock is not None
            and t.clock.hour < 5
            and (before is None or not before.has("clockbefore"))
            and state.minutes is None
        ):  # "gym 1:15" is an hour and a quarter, not a quarter past one at night
            state.set_minutes(t.clock.hour * 60 + t.clock.minute, i)
            t.used = True
            i += 1
            continue
        if t.clock is not None:
            state.at = t.clock
            t.used = True
            if (b := at(i - 1)) is not None and b.has("clockbefore"):
                b.used = True
            part_of_day(i + 1)
            i += 1
            continue
        if count is not None and t.number is not None and nxt is not None:
            ca = nxt.has("clockafter")
            before = at(i - 1)
            clocky = before is not None and before.has("clockbefore") is not None
            if ca is not None and (not nxt.has("hour") or clocky or count * 60 > 600):
                assert isinstance(ca.value, int)
                clock = _clock(count, 0, "pm" if ca.value == 12 else "am" if nxt.raw.lower()
                               .startswith("a") else None)  # fmt: skip
                if clock is not None:
                    state.at = clock
                    t.used = nxt.used = True
                    if clocky and before is not None:
                        before.used = True
                    part_of_day(i + 2)
                    i += 2
                    continue
        if count is not None and t.number is not None:
            before = at(i - 1)
            if (
                before is not None
                and before.has("clockbefore")
                and (nxt is None or not (nxt.has("minute") or nxt.has("hour")))
                and 0 <= count <= 23
            ):
                state.at = time(count % 24, 0)
                t.used = before.used = True
                part_of_day(i + 1)
                i += 1
                continue
            if (
                nxt is not None
                and (nxt.has("evening") or nxt.has("morning"))
                and state.minutes is not None
                and t.number is not None
                and 1 <= count <= 12
            ):  # "core 15 3 in the afternoon": the minutes were given, so this is an hour
                state.at = time(count, 0)
                t.used = True
                part_of_day(i + 1)
                i += 1
                continue
        # durations
        if t.minutes is not None:
            total, step = t.minutes, 1
            if re.search(r"(h|hr|hrs|std|ч)$", t.raw.lower()) and nxt is not None:
                if nxt.minutes is not None:  # "1h 20m"
                    total, step = total + nxt.minutes, 2
                elif (
                    (later := _num(nxt)) is not None and third is not None and third.has("minute")
                ):  # "1h 20 min"
                    total, step = total + later, 3
                elif (
                    nxt.number is not None
                    and (later := _num(nxt)) is not None
                    and 1 <= later <= 59
                    and not (third is not None and (third.has("month") or third.has("hour")))
                ):  # "1hr 15": an hour and a quarter
                    total, step = total + later, 2
            state.set_minutes(total, i)
            for k in range(i, i + step):
                tokens[k].used = True
            i += step
            continue
        if (dur := t.has("duration")) is not None and t.first != "activity":
            assert isinstance(dur.value, int)
            total, step = dur.value, 1
            later = _num(nxt, articles=False)
            if (
                dur.value % 60 == 0
                and later is not None
                and 1 <= later <= 59
                and nxt is not None
                and nxt.first in ("num", None)
                and not (third is not None and (third.has("month") or third.has("hour")))
            ):  # "час двадцать", "an hour 20 (min)": an hour and twenty minutes
                total, step = total + later, 2
                if third is not None and third.has("minute"):
                    step = 3
            state.set_minutes(total, i)
            for k in range(i, i + step):
                tokens[k].used = True
            i += step
            continue
        if count is not None and nxt is not None and nxt.has("hour") and not nxt.has("activity"):
            total = count * 60
            t.used = nxt.used = True
            step = 2
            later = _num(third)
            if third is not None and third.has("filler") and later is None:
                later = _num(at(i + 3))
                if later is not None:
                    third.used = True
                    step += 1
            if later is not None:
                unit = at(i + step + 1)
                tokens[i + step].used = True
                step += 1
                if unit is not None and unit.has("minute"):
                    unit.used = True
                    step += 1
                total += later
            elif third is not None and third.minutes is not None:
                total += third.minutes
                third.used = True
                step += 1
            state.set_minutes(total, i)
            i += step
            continue
        if count is not None and nxt is not None and nxt.has("minute"):
            state.set_minutes(count, i)
            t.used = nxt.used = True
            i += 2
            continue
        plain = _num(t, articles=False)
        if (
            plain is not None
            and (t.number is not None or t.first == "num")
            and (t.number is not None or plain >= 5)  # "the last one" is no minute
        ):
            state.set_minutes(plain, i, bare=True)
            t.used = True
            i += 1
            continue
        # days
        rel = t.has("day")
        if rel is not None:
            tod = t.has("tod")
            if tod is not None and state.day is not None and i > 0 and tokens[i - 1].used:
                t.used = True  # "Dienstag Morgen": the morning, not tomorrow
                i += 1
                continue
            assert isinstance(rel.value, int)
            state.set_day(today - timedelta(days=rel.value))
            t.used = True
            i += 1
            continue
        if t.has("on") or t.has("last") or t.has("next") or t.has("weekday"):
            j = i
            last = nxt_ = False
            while (
                j < n
                and (tokens[j].has("on") or tokens[j].has("filler"))
                and not tokens[j].has("weekday")
            ):
                if tokens[j].has("last"):
                    last = True
                if tokens[j].has("next"):
                    nxt_ = True
                j += 1
            if j < n and not tokens[j].used and (tokens[j].has("last") or tokens[j].has("next")):
                last = last or tokens[j].has("last") is not None
                nxt_ = nxt_ or tokens[j].has("next") is not None
                j += 1
            w = tokens[j].has("weekday") if j < n and not tokens[j].used else None
            if w is not None:
                assert isinstance(w.value, int)
                after = at(j + 1)
                if after is not None and after.has("lastafter"):
                    last = True
                    after.used = True
                elif after is not None and after.raw.lower() in ("próximo", "proximo"):
                    nxt_ = True
                    after.used = True
                if last:
                    found = _last(w.value, today)
                elif nxt_:
                    found = _next(w.value, today)
                else:
                    found = _weekday(w.value, state)
                state.set_day(found)
                for k in range(i, j + 1):
                    tokens[k].used = True
                i = j + 1
                continue
            if t.has("on") and t.first in ("on", "clockbefore", "filler"):
                if t.has("clockbefore") and _num(nxt, articles=False) is not None:
                    i += 1  # "в 3 дня": the hour's "at", read with the hour
                    continue
                t.used = t.loose = True
                i += 1
                continue
        if t.has("tod") or t.has("evening") or t.has("morning"):
            t.used = True
        i += 1


def _context(tokens: list[_Token]) -> None:
    """A run after an after-word is the session's context: "core after my run"."""
    for i, t in enumerate(tokens):
        if t.used or not t.has("after"):
            continue
        for j in range(i + 1, min(i + 6, len(tokens))):
            a = tokens[j].has("activity")
            if a is not None and kind_of(str(a.value)) is Kind.RUN:
                for k in range(i, j + 1):
                    tokens[k].context = True
                break
            if tokens[j].has("activity") or tokens[j].first is None:
                break


def read(
    text: str,
    today: date,
    language: str = "en",
    *,
    known: Sequence[str] = (),
    mode: Mode = "done",
) -> Reading:
    """Read one line. Raises ParseError for what cannot be a session (two days, bad minutes,
    an open quote, ...); runs and cardio are read, with their kind, not refused here."""
    if language not in LANGUAGES:
        language = "en"
    body, note = split_note(clean(text))
    tokens = _tokens(body, language)
    state = _State(today, mode, month_first=language == "en")
    _context(tokens)
    for t in tokens:
        if t.context and not t.has("weekday"):
            t.used = True
    _read_times(tokens, state)
    # "ran 10k": the race's distance says how far, as "10 km" does
    state.far = state.far or any(_RE_RACE.fullmatch(t.raw.lower()) for t in tokens)
    free = [(i, t) for i, t in enumerate(tokens) if not t.used]
    if mode == "done" and note is None and state.minutes is not None:
        spare = [(i, t) for i, t in enumerate(tokens) if not t.used or t.loose]
        end, note = _trailing_note(spare, state.minutes_at, language)
        if end is not None:
            free = [(i, t) for i, t in free if i <= end]
    details = None
    if mode == "plan" and state.minutes is not None:
        before = [t for i, t in free if i < state.minutes_at and _is_activity_word(t)]
        after = [t for i, t in free if i > state.minutes_at]
        if before and after:
            details = " ".join(t.raw for t in after).strip(" ,;") or None
            free = [(i, t) for i, t in free if i < state.minutes_at]
    activity, typed, kind, suggestion, confirm, unknown = _activity(
        [t for _, t in free], language, known
    )
    alone = unknown == ["?"]
    head = unknown[0][1:] if confirm and unknown else None
    if confirm:
        unknown = []
    return Reading(
        activity=activity,
        typed=typed,
        kind=kind,
        minutes=state.minutes,
        day=state.day,
        at=state.at,
        note=note,
        suggestion=suggestion,
        confirm=confirm,
        details=details,
        words=() if alone else tuple(unknown),
        unknown=alone,
        head=head,
        timed=state.minutes is not None and not state.bare,
        far=state.far,
    )


def _names(token: _Token, language: str) -> bool:
    """Whether a word is an activity in the runner's own language ("studio" is a gym only in
    German: after an English session it says where)."""
    return any(m.tag == "activity" and m.language == language for m in token.meanings)


def _trailing_note(
    spare: list[tuple[int, _Token]], minutes_at: int, language: str
) -> tuple[int | None, str | None]:
    """ "пилатес 30 пока младшая спит", "15 min planks während die Kinder schlafen": words the
    bot does not know after an activity it knows say where, how or with whom, so they are the
    note, not part of the activity's name. `spare` are the tokens no time took; the answer is
    the last token index the activity may use (None: any), and the note."""
    first = next((i for i, t in spare if t.first == "activity"), None)
    if first is None:
        return None, None
    # Words between the activity and minutes that follow it may be its name ("Rumpf
    # Stabilität 20"); after a little word ("with Anna", "на ящик") they say where or with
    # whom. Otherwise only what comes after both is the note.
    between = [t for i, t in spare if first < i < minutes_at]
    if not between or between[0].first not in ("filler", "on", "after", "clockbefore", "generic"):
        first = max(first, minutes_at)
    after = [t for i, t in spare if i > first]
    while after and after[0].first == "generic":  # "Reha übungen knie": the knee is the note
        after.pop(0)
    while after and after[-1].first in ("filler", "generic"):  # "... gemacht", "... about"
        after.pop()
    if (
        not any(t.first is None and t.number is None and not t.quoted for t in after)
        or any(
            t.quoted or _names(t, language) or (t.first is None and _timely(t.raw)) for t in after
        )
        or any(t.quoted for i, t in spare if i < first)
    ):
        return None, None
    words = " ".join(t.raw for t in after).strip(" ,;")
    return first, words[:MAX_NOTE_CHARS] or None


def _timely(raw: str) -> bool:
    """A word that is, or is a typo of, a word of days and units ("tmorow", "Dienstg")."""
    word = raw.lower().strip(_STRIP)
    return word in _time_words() or near(word, _time_word_list()) is not None


def names_activity(text: str, language: str = "en") -> bool:
    """Whether the line names an activity the bot knows ("на днях присед 30"): a plain
    message that does is about a session, so what is wrong with it is worth saying."""
    if language not in LANGUAGES:
        language = "en"
    try:
        tokens = _tokens(split_note(clean(text))[0], language)
    except ParseError:
        return False
    return any(t.first == "activity" for t in tokens)


def _is_activity_word(t: _Token) -> bool:
    return t.quoted or t.first in ("activity", "joinable", None)


_RANK = {Kind.STRENGTH: 0, Kind.MOBILITY: 1, Kind.RUN: 2, Kind.CARDIO: 3}


def _activity(
    free: list[_Token], language: str, known: Sequence[str]
) -> tuple[str | None, str | None, Kind | None, str | None, bool, list[str]]:
    """(activity, as typed, kind, suggestion, confirm, unknown words) from the words left."""
    quoted = [t for t in free if t.quoted]
    if quoted:
        loose = [
            t.raw for t in free if not t.quoted and t.first not in ("filler", "generic", "tod")
        ]
        if loose or len(quoted) > 1:
            extra = loose or [t.raw for t in quoted[1:]]
            raise ParseError(ErrorCode.UNKNOWN_WORDS, words=tuple(extra),
                             activity=quoted[0].raw, minutes=None)  # fmt: skip
        name = normalise(quoted[0].raw)
        inside = [m for w in name.split() for m in _meanings((w,), language) if m.tag == "activity"]
        kind = _kind([str(m.value) for m in inside]) if inside else None
        return name, quoted[0].raw, kind, None, False, []
    activities = [t for t in free if t.first == "activity" or (t.has("activity") and t.first in (
        "joinable", "filler", "generic"))]  # fmt: skip
    joinable = [t for t in free if t.first == "joinable"]
    generic = [t for t in free if t.first == "generic"]
    unknown = [t for t in free if t.first is None and t.number is None and t.minutes is None]
    # words of other kinds left over (a weekday without its day, a lone unit) are not activity
    typed_words = [
        t.raw.strip(_STRIP) for t in free if t in activities or t in joinable or t in unknown
    ]
    typed = " ".join(typed_words) or None
    ids = []
    for t in activities:
        a = t.has("activity")
        assert a is not None
        if str(a.value) not in ids:
            ids.append(str(a.value))
    if unknown:
        words = [t.raw.lower().strip(_STRIP) for t in unknown]
        fixes = [_typo(w, known) for w in words]
        if all(f is not None for f in fixes):
            found = [f for f in fixes if f is not None]
            for f in found:
                if f not in ids:
                    ids.append(f)
            best = min(ids, key=lambda a: _RANK.get(kind_of(a) or Kind.STRENGTH, 0))
            kind = _kind(ids)
            if kind in (Kind.RUN, Kind.CARDIO):
                return best, typed, kind, None, False, []
            return normalise(typed or best), typed, kind, best, False, []
        if any(_timely(w) for w in words):
            return None, typed, None, None, False, [t.raw for t in unknown]
        kind = _kind(ids)
        if kind in (Kind.RUN, Kind.CARDIO):
            return ids[0], typed, kind, None, False, []
        name = normalise(" ".join(w.strip(_STRIP) for w in (typed or "").split()))
        if len(unknown) == 1 and not activities and not joinable:
            return name, typed, None, None, False, ["?"]
        return name, typed, kind, None, True, ["!" + ids[0]] if ids else []
    if ids:
        kind = _kind(ids)
        best = min(ids, key=lambda a: _RANK[kind_of(a) or Kind.STRENGTH])
        if len(ids) > 1 and kind in (Kind.STRENGTH, Kind.MOBILITY):
            # "kettlebell squats", "core and yoga": the first named is the session's
            best = next(a for a in ids if kind_of(a) in (Kind.STRENGTH, Kind.MOBILITY, None))
        return best, typed, kind, None, False, []
    if joinable:
        name = normalise(" ".join(t.raw for t in joinable))
        return name, typed, Kind.STRENGTH, None, False, []
    if generic and len(generic) == 1:
        name = normalise(generic[0].raw)
        return name, generic[0].raw, None, None, False, []
    return None, None, None, None, False, []


def _kind(ids: Sequence[str]) -> Kind | None:
    kinds = [kind_of(a) for a in ids]
    if not kinds:
        return None
    if any(k in (Kind.STRENGTH, None) for k in kinds):
        return Kind.STRENGTH
    return min((k for k in kinds if k is not None), key=_RANK.__getitem__)


def _typo(word: str, known: Sequence[str]) -> str | None:
    """The activity a typed word is a typo of: one the runner logged before, or one the
    vocabulary knows."""
    if len(word) < 4:
        return None
    own = [k for k in known if " " not in k]
    if own and (found := near(word, own)) is not None:
        return found
    found = near(word, _typo_words())
    return None if found is None else _typo_choices()[found]


_RE_ACTIVITY_WORD = re.compile(r"[^\W_][\w'&+/.-]*", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case words; ParseError for symbols or too long."""
    words = text.split()
    for word in words:
        if not _RE_ACTIVITY_WORD.fullmatch(word):
            raise ParseError(ErrorCode.ACTIVITY_SYMBOLS, word=word[:20])
    activity = " ".join(w.lower() for w in words)
    if len(activity) > MAX_ACTIVITY_CHARS:
        raise ParseError(ErrorCode.ACTIVITY_TOO_LONG, limit=MAX_ACTIVITY_CHARS)
    return activity


def canonical(text: str) -> str:
    """An activity named alone (a form's field, a button, an import): the known activity's
    canonical id when the whole name is one (`kb`, `Kettlebells`, `гиря`), else its words
    lower-cased; ParseError for symbols or too long."""
    name = normalise(text)
    for meaning in _meanings(tuple(name.split()), "en"):
        if meaning.tag == "activity":
            return str(meaning.value)
    return name


# Command arguments: a count, minutes, a clock time, a span of days or its last day, read
# with the same words as /done ("three", "eine Woche", "halb acht", "bis Freitag").


def _argument(text: str, language: str) -> list[_Token]:
    if language not in LANGUAGES:
        language = "en"
    return _tokens(clean(text), language)


_AT = _Meaning("clockbefore", None, "")


def _times_alone(
    text: str, today: date, language: str, allowed: frozenset[str], *, hour: bool = False
) -> _State | None:
    """The times a line names, when every other word is one of the `allowed` kinds; `hour`:
    the line is a time of day, so a number first is its hour ("7 in the evening")."""
    try:
        tokens = _argument(text, language)
        if not tokens:
            return None
        if hour:
            tokens.insert(0, _Token("", (_AT,)))
        state = _State(today, "plan")
        _read_times(tokens, state)
    except ParseError:
        return None
    if any(not t.used and t.first not in allowed for t in tokens):
        return None
    return state


_LOOSE = frozenset({"filler", "generic"})


def count(text: str, language: str = "en") -> int | None:
    """A whole number alone, in digits or words: `3`, `three`, `drei`, `три`, `3 days`,
    `drei Tage`, `три раза в неделю`; None for anything else."""
    try:
        tokens = _argument(text, language)
    except ParseError:
        return None
    allowed = _LOOSE | {"dayunit", "sets", "on"}
    # "a" in "3 times a week" is a number as well as a filler: the filler it is, beside a number.
    loose = [t for t in tokens if any(t.has(tag) is not None for tag in allowed)]
    numbers = [n for t in tokens if t not in loose and (n := _num(t, articles=False)) is not None]
    rest = [t for t in tokens if t not in loose and _num(t, articles=False) is None]
    if len(numbers) != 1 or rest:
        return None
    return numbers[0]


# Where a reading takes no day ("20 min", "halb acht"), a day word is refused anyway; this one
# only gives "yesterday" or "in 3 days" a date to land on (date.min has no day before it; the
# reader takes at most 10,000 days back or ahead, well inside the calendar from here).
_ANY_DAY = date(2000, 1, 1)


def minutes(text: str, language: str = "en") -> int | None:
    """Minutes alone: `20`, `zwanzig`, `20 min`, `1h`, `eine Stunde`, `media hora`, `30 min
    before`, `за час`; None for anything else."""
    state = _times_alone(text, _ANY_DAY, language, _LOOSE | {"ahead"})
    words = text.split()
    if (
        state is None
        and len(words) == 2
        and any(m.tag in ("minute", "hour") for m in _meanings((words[0].lower(),), language))
    ):  # "минут двадцать": about twenty minutes
        state = _times_alone(f"{words[1]} {words[0]}", _ANY_DAY, language, _LOOSE)
    if state is None or state.day is not None or state.at is not None:
        return None
    return state.minutes


def clock(text: str, language: str = "en") -> time | None:
    """A time of day alone: `halb acht`, `7 Uhr abends`, `в 3 дня`, `a las siete y media`,
    `quarter to 8`; None for anything else."""
    state = _times_alone(text, _ANY_DAY, language, _LOOSE | {"clockbefore", "on"}, hour=True)
    if state is None or state.day is not None or state.minutes is not None:
        return None
    return state.at


def days(text: str, language: str = "en") -> int | None:
    """A span in days: `7`, `1 week`, `eine Woche`, `zwei Wochen`, `10 días`, `неделю`,
    `a month`; None for anything else."""
    tokens = [t for t in _argument(text, language) if t.first not in _LOOSE or _num(t)]
    if len(tokens) == 1 and tokens[0].number is not None:
        return tokens[0].number
    if len(tokens) == 1 and (u := tokens[0].has("dayunit")) is not None:
        assert isinstance(u.value, int)
        return u.value  # "week", "неделю"
    if len(tokens) == 2 and (n := _num(tokens[0])) is not None:
        u = tokens[1].has("dayunit")
        if u is not None:
            assert isinstance(u.value, int)
            return n * u.value
    return None


def span_among(text: str, language: str = "en") -> int | None:
    """The one span in days among other words, the reason for a pause ("trip to lisbon 10
    days", "2 weeks, flu", "Urlaub, zwei Wochen"); None unless there is exactly one."""
    tokens = _argument(text, language)
    spans = [
        n * u.value
        for t, unit in itertools.pairwise(tokens)
        if (n := _num(t)) is not None
        and (u := unit.has("dayunit")) is not None
        and isinstance(u.value, int)
    ]
    if not spans and not any(_num(t) is not None for t in tokens):
        # "болею, неделю": a unit alone is one of it
        spans = [u.value for t in tokens if (u := t.has("dayunit")) and isinstance(u.value, int)]
    return spans[0] if len(spans) == 1 else None


def until_among(text: str, today: date, language: str = "en") -> date | None:
    """The day after an "until" among other words ("Urlaub bis Freitag", "в отпуске до
    пятницы"); None when no word of the line is "until"."""
    words = text.split()
    for k in range(1, len(words)):
        word = _argument(words[k], language)
        if word and word[0].has("until") is not None:
            return until(" ".join(words[k:]), today, language)
    return None


def until(text: str, today: date, language: str = "en") -> date | None:
    """The day after "until" (`until friday`, `bis 10.12.`, `hasta el 20 de diciembre`, `до
    пятницы`): the coming one; None when the line does not start with "until", ParseError
    when what follows is not one day."""
    tokens = _argument(text, language)
    if not tokens or tokens[0].has("until") is None:
        return None
    rest = " ".join(t.raw for t in tokens[1:])
    found = read(rest, today, language, mode="plan") if rest else None
    if (
        found is None
        or found.day is None
        or found.activity is not None
        or found.minutes is not None
        or found.words
        or found.unknown
    ):
        raise ParseError(ErrorCode.NOT_A_DATE, text=rest[:20])
    return found.day


def digits(text: str, language: str = "en") -> str:
    """The line with its numbers in words written in digits ("after three weeks" -> "after 3
    weeks", "nach einer Woche" -> "nach 1 woche", "через двадцать один день" -> "через 21
    день")."""
    try:
        tokens = _argument(text, language)
    except ParseError:
        return text
    out = []
    for k, t in enumerate(tokens):
        n = _num(t, articles=False) if t.number is None else None
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if n is None and t.number is None and after is not None and after.first != "activity":
            n = _num(t)  # an article before a unit is one: "nach einer Woche", not "in a row"
        out.append(str(n) if n is not None else t.raw)
    return " ".join(out)
