"""Reading what a runner types: `/done kettlebell 15 yesterday - felt strong` and friends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.domain.errors import ErrorCode, ParseError

MIN_MINUTES = 1
MAX_MINUTES = 600
MAX_DAYS_BACK = 30
MAX_ACTIVITY_CHARS = 32
MAX_NOTE_CHARS = 200
MAX_INPUT_CHARS = 1000

DONE_EXAMPLE = "/done kettlebell 15"

# Short names runners type; each word of an activity is looked up on its own.
ALIASES: dict[str, str] = {
    "kb": "kettlebell",
    "kbs": "kettlebell",
    "db": "dumbbells",
    "dbs": "dumbbells",
    "bb": "barbell",
    "bw": "bodyweight",
    "plyo": "plyometrics",
    "plyos": "plyometrics",
    "st": "strength",
    "s&c": "strength & conditioning",
    "pt": "physio",
    "trx": "TRX",
    "hiit": "HIIT",
}

WEEKDAYS: dict[str, int] = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
    # German
    "mo": 0, "montag": 0, "di": 1, "dienstag": 1, "mi": 2, "mittwoch": 2, "do": 3,
    "donnerstag": 3, "fr": 4, "freitag": 4, "sa": 5, "samstag": 5, "so": 6, "sonntag": 6,
    # Spanish
    "lun": 0, "lunes": 0, "mar": 1, "martes": 1, "mié": 2, "mie": 2, "miércoles": 2,
    "miercoles": 2, "jue": 3, "jueves": 3, "vie": 4, "viernes": 4, "sáb": 5, "sab": 5,
    "sábado": 5, "sabado": 5, "dom": 6, "domingo": 6,
    # Russian (and the accusative after "в": в среду, в пятницу)
    "пн": 0, "понедельник": 0, "вт": 1, "вторник": 1, "ср": 2, "среда": 2, "среду": 2,
    "чт": 3, "четверг": 3, "пт": 4, "пятница": 4, "пятницу": 4, "сб": 5, "суббота": 5,
    "субботу": 5, "вс": 6, "воскресенье": 6, "воскресение": 6,
}  # fmt: skip

# After "с" (from) Russian names a day in the genitive: "с понедельника по пятницу".
_GENITIVE_WEEKDAYS: dict[str, int] = {
    "понедельника": 0, "вторника": 1, "среды": 2, "четверга": 3, "пятницы": 4, "субботы": 5,
    "воскресенья": 6, "воскресения": 6,
}  # fmt: skip

# "from sunday", "ab Sonntag", "desde el domingo", "с воскресенья".
_FROM = frozenset({"from", "ab", "desde", "с", "со"})
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Days counted back from today, in every language the bot speaks; a negative one is to come.
DAYS_BACK: dict[str, int] = {
    "today": 0, "tdy": 0, "heute": 0, "hoy": 0, "сегодня": 0,
    "yesterday": 1, "yday": 1, "yest": 1, "gestern": 1, "ayer": 1, "вчера": 1,
    "vorgestern": 2, "anteayer": 2, "позавчера": 2,
    "tomorrow": -1, "tmrw": -1, "tmr": -1, "tomorow": -1, "morgen": -1, "mañana": -1,
    "manana": -1, "завтра": -1, "übermorgen": -2, "послезавтра": -2,
}  # fmt: skip
# "on monday", "am Montag", "el lunes", "в понедельник": the little word before a weekday.
_ON = frozenset({"on", "am", "el", "в", "во"})
# "last friday", "letzten Freitag", "в прошлую пятницу"; Spanish puts it after: "el viernes pasado".
_LAST = frozenset({"last", "letzten", "letzter", "letztem", "прошлый", "прошлую", "прошлое",
                   "прошлая", "прошлой"})  # fmt: skip
_LAST_AFTER = frozenset({"pasado"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that may join others in an activity without quotes: `kb swings`, `goblet squats`.
ACTIVITY_WORDS = _words(
    """
    kettlebell kettlebells dumbbell dumbbells barbell bodyweight plyometrics strength
    conditioning physio rehab prehab trx hiit weights weight lifting lift lifts gym circuit
    circuits crossfit functional training workout session class routine home
    swing swings snatch snatches clean cleans jerk press presses push pushups push-ups pull
    pullups pull-ups chin chinups chin-ups up ups dip dips row rows curl curls raise raises
    squat squats goblet sumo front back split bulgarian pistol lunge lunges reverse walking
    step steps step-ups deadlift deadlifts rdl rdls romanian single one leg legs arm arms
    calf calves hip hips thrust thrusts thrusters glute glutes bridge bridges hamstring
    hamstrings nordic nordics quad quads core abs plank planks side crunches sit-ups situps
    bench overhead military shoulder shoulders chest upper lower full body total turkish
    get-up get-ups getup getups carry carries farmer farmer's farmers suitcase box jump
    jumps jumping rope skipping bounds bounding hops hop ladder agility balance stability
    ball bosu medicine med slam slams wall sits band bands resistance mini cable machine
    mobility stretching stretch stretches foam rolling roller yoga pilates barre reformer
    calisthenics isometric isometrics eccentric ankle ankles foot feet knee knees toe toes
    dead bug bugs bird dog dogs clamshell clamshells monster walks copenhagen adductor
    abductor plate plates sled and &
"""
)
# Qualifiers that join any activity word: `easy core`, `heavy squats`, `long run`.
QUALIFIERS = _words("easy light heavy quick short long slow steady morning evening")
# A session made of these alone is a run, and runs are not what this bot counts.
RUN_WORDS = _words(
    """
    run runs running ran jog jogs jogging jogged hill hills tempo intervals interval fartlek
    strides sprints sprint parkrun marathon half-marathon 5k 10k 21k treadmill track trail
    recovery threshold progression race racing xc cross-country
    laufen lauf läufe joggen dauerlauf correr carrera trote rodaje бег пробежка пробежки
"""
)

_MINUTE_UNITS = {"m", "min", "mins", "minute", "minutes", "minuten", "minuto", "minutos",
                 "мин", "минут", "минуты", "минуту", "минута"}  # fmt: skip
_HOUR_UNITS = {"h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "hora", "horas",
               "ч", "час", "часа", "часов"}  # fmt: skip
_RE_NUMBER = re.compile(r"\d+")
_RE_MINUTES = re.compile(r"(\d+)(?:m|min|mins|minute|minutes|мин)")
_RE_HOURS = re.compile(r"(\d+)(?:[.,](\d))?(?:h|hr|hrs|hour|hours|ч|час|std)")
_RE_HOURS_MINUTES = re.compile(r"(\d+)(?:h|ч)(\d{1,2})(?:m|min|mins|мин)?")
_RE_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_RE_DAY_MONTH = re.compile(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2})?)?")
_RE_NEGATIVE = re.compile(r"[-−](\d{1,6})(?:m|min|mins|minutes?)?")
_RE_DECIMAL = re.compile(r"\d+,\d+(?:m|min|mins|minutes?)?")
_RE_SETS = re.compile(r"\d+x\d+")
_QUOTES = '"“”„«»'
_RE_QUOTED = re.compile(r"[\"“„«]([^\"“”„«»]*)[\"”“»]")
_AGO_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7,
              "день": 1, "дня": 1, "дней": 1, "неделю": 7, "недели": 7, "недель": 7}  # fmt: skip
# "a week ago" without a number: "vor einer Woche", "hace una semana", "неделю назад".
_ONE = frozenset({"a", "an", "one", "einer", "einem", "un", "una", "один", "одну"})
# "next monday" in every language: a day to come, which /done refuses kindly.
_NEXT = frozenset({"next", "nächsten", "nächster", "kommenden", "próximo", "proximo", "следующий",
                   "следующую"})  # fmt: skip
# "vor 3 Tagen", "hace 3 días": the word for "ago" comes first.
_AGO_BEFORE = frozenset({"vor", "hace"})
_AGO_UNITS_AFTER = {"tag": 1, "tagen": 1, "woche": 7, "wochen": 7, "día": 1, "dia": 1,
                    "días": 1, "dias": 1, "semana": 7, "semanas": 7}  # fmt: skip
_AGO = frozenset({"ago", "назад"})
_RU_SINGULAR = frozenset({"день", "неделю"})
_RE_ACTIVITY_WORD = re.compile(r"[^\W_][\w'&+/.-]*", re.UNICODE)
_NOTE_SEPARATORS = (" - ", " — ", " – ")


@dataclass(frozen=True, slots=True)
class LogRequest:
    """A `/done` as typed: any part may be missing and is asked for with buttons."""

    activity: str | None
    minutes: int | None
    day: date
    note: str | None


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    quoted: bool = False


def parse_done(text: str, today: date) -> LogRequest:
    """Read the arguments of `/done` in any order; raise ParseError for anything else.

    The activity is one word, or words in quotes, or words that are all known activity
    words (`kb swings`, `goblet squats`): a word the parser does not know is never glued on.
    """
    text = _clean(text)
    body, note = _split_note(text)
    minutes: int | None = None
    day: date | None = None
    free: list[_Token] = []
    tokens = _tokens(body)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.quoted:
            free.append(token)
            i += 1
            continue
        ahead = [t.text.lower() if not t.quoted else "" for t in tokens[i : i + 3]]
        found_minutes, found_day, used = _read_time(ahead, today)
        if found_minutes is None and found_day is None:
            free.append(token)
        if found_minutes is not None:
            if minutes is not None:
                raise ParseError(ErrorCode.TWO_MINUTES, first=minutes, second=found_minutes)
            minutes = check_minutes(found_minutes)
        if found_day is not None:
            if day is not None:
                raise ParseError(ErrorCode.TWO_DAYS)
            day = found_day
        i += used
    activity = _activity(free, minutes)
    return LogRequest(activity=activity, minutes=minutes, day=check_day(day or today, today),
                      note=note)  # fmt: skip


def _tokens(body: str) -> list[_Token]:
    """Words, with a phrase in quotes kept together as one."""
    tokens: list[_Token] = []
    rest = body
    while rest:
        m = _RE_QUOTED.search(rest)
        if m is None:
            if any(q in rest for q in _QUOTES):
                raise ParseError(ErrorCode.UNCLOSED_QUOTE)
            tokens += [_Token(w) for w in rest.split()]
            break
        tokens += [_Token(w) for w in rest[: m.start()].split()]
        if m.group(1).strip():
            tokens.append(_Token(" ".join(m.group(1).split()), quoted=True))
        rest = rest[m.end() :]
    return tokens


def _read_time(words: list[str], today: date) -> tuple[int | None, date | None, int]:
    """Minutes or a day at the start of `words`: (minutes, day, how many words it took)."""
    word = words[0]
    nxt = words[1] if len(words) > 1 else ""
    if _RE_NUMBER.fullmatch(word) or (word in ("a", "an", "one") and nxt in _AGO_UNITS):
        count = 1 if word in ("a", "an", "one") else int(word)
        # Russian says "1 неделю", "21 день" but "20 недель": "20 неделю назад" is 20 minutes
        # and a week ago.
        singular = count % 10 == 1 and count % 100 != 11
        if (
            nxt in _AGO_UNITS
            and len(words) > 2
            and words[2] in _AGO
            and (singular or nxt not in _RU_SINGULAR)
        ):
            back = count * _AGO_UNITS[nxt]
            return None, today - timedelta(days=min(back, 10_000)), 3
        if word in ("a", "an", "one"):
            return None, None, 1
        if nxt in _HOUR_UNITS:
            return count * 60, None, 2
        return count, None, 2 if nxt in _MINUTE_UNITS else 1
    if m := _RE_MINUTES.fullmatch(word):
        return int(m.group(1)), None, 1
    if m := _RE_HOURS_MINUTES.fullmatch(word):
        return int(m.group(1)) * 60 + int(m.group(2)), None, 1
    if m := _RE_HOURS.fullmatch(word):
        return int(m.group(1)) * 60 + int(m.group(2) or 0) * 6, None, 1
    if m := _RE_NEGATIVE.fullmatch(word):
        raise ParseError(ErrorCode.MINUTES_OUT_OF_RANGE, given=-int(m.group(1)),
                         low=MIN_MINUTES, high=MAX_MINUTES)  # fmt: skip
    if _RE_DECIMAL.fullmatch(word):
        raise ParseError(ErrorCode.MINUTES_NOT_WHOLE, given=word)
    if (
        word in _AGO_BEFORE
        and (_RE_NUMBER.fullmatch(nxt) or nxt in _ONE)
        and len(words) > 2
        and (unit := _AGO_UNITS_AFTER.get(words[2])) is not None
    ):
        count = int(nxt) if nxt.isdecimal() else 1
        return None, today - timedelta(days=min(count * unit, 10_000)), 3
    if word in _AGO_UNITS and nxt in _AGO:  # "неделю назад": one of them
        return None, today - timedelta(days=_AGO_UNITS[word]), 2
    third = words[2] if len(words) > 2 else ""
    if word in _ON and nxt in WEEKDAYS:
        if third in _LAST_AFTER:
            return None, _last(nxt, today), 3
        return None, parse_day(nxt, today), 2
    if word in _ON and nxt in _LAST and third in WEEKDAYS:
        return None, _last(third, today), 3
    if word in WEEKDAYS and nxt in _LAST_AFTER:
        return None, _last(word, today), 2
    if word in _LAST and nxt in WEEKDAYS:
        return None, _last(nxt, today), 2
    if word in _ON and nxt in _NEXT and third in WEEKDAYS:  # "в следующий понедельник"
        weekday = WEEKDAYS[third]
        return None, today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1), 3
    if word in WEEKDAYS and nxt in ("próximo", "proximo", "que", "viene"):  # "el lunes próximo"
        weekday = WEEKDAYS[word]
        return None, today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1), 2
    if word in _NEXT and nxt in WEEKDAYS:
        weekday = WEEKDAYS[nxt]
        return None, today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1), 2
    if word == "next" and nxt in ("week", "weekend"):
        return None, today + timedelta(days=7), 2
    found = parse_day(word, today)
    return None, found, 1


def _last(weekday_word: str, today: date) -> date:
    """ "last friday" is never today: on a Friday it is a week ago."""
    weekday = WEEKDAYS[weekday_word]
    return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)


def _activity(free: list[_Token], minutes: int | None) -> str | None:
    """The activity among the words that were neither minutes nor a day."""
    if not free:
        return None
    words = [w for t in free for w in t.text.split()]
    names = [ALIASES.get(w.lower(), w.lower()) for w in words]
    parts = [part for name in names for part in name.split()]
    # `tempo squats` is strength; `tempo`, `long run` and `hill sprints` are runs.
    if any(p in RUN_WORDS for p in parts) and not any(p in ACTIVITY_WORDS for p in parts):
        raise ParseError(ErrorCode.RUN, activity=" ".join(names)[:MAX_ACTIVITY_CHARS])
    quoted = [t for t in free if t.quoted]
    if quoted:
        loose = [t.text for t in free if not t.quoted]
        if loose or len(quoted) > 1:
            extra = loose or [t.text for t in quoted[1:]]
            raise ParseError(ErrorCode.UNKNOWN_WORDS, words=tuple(extra),
                             activity=quoted[0].text, minutes=minutes)  # fmt: skip
        return normalise_activity(quoted[0].text)
    if len(words) > 1:
        unknown = [w for w in words[1:] if not _known(w.lower())]
        if not _known(words[0].lower()) and not unknown:
            unknown = [words[0]]
        if unknown:
            raise ParseError(ErrorCode.UNKNOWN_WORDS, words=tuple(unknown),
                             activity=" ".join(words), minutes=minutes)  # fmt: skip
    return normalise_activity(" ".join(words))


def _known(word: str) -> bool:
    """A word that may join others in an activity without quotes."""
    return (
        word in ACTIVITY_WORDS
        or word in ALIASES
        or word in RUN_WORDS
        or word in QUALIFIERS
        or _RE_SETS.fullmatch(word) is not None
    )


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
    if m := _RE_ISO_DATE.fullmatch(word):
        return _calendar_date(word, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _RE_DAY_MONTH.fullmatch(word):
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
    """Lower-case words with aliases spelled out; ParseError for symbols or too long."""
    words = text.split()
    for word in words:
        if not _RE_ACTIVITY_WORD.fullmatch(word):
            raise ParseError(ErrorCode.ACTIVITY_SYMBOLS, word=word[:20])
    activity = " ".join(ALIASES.get(w.lower(), w.lower()) for w in words)
    if len(activity) > MAX_ACTIVITY_CHARS:
        raise ParseError(ErrorCode.ACTIVITY_TOO_LONG, limit=MAX_ACTIVITY_CHARS)
    return activity


def parse_clock(text: str) -> time:
    """`07:30`, `7:30`, `7.30`, `0730`, `7`, `7am`, `7:30pm` -> a local wall-clock time."""
    raw = _clean(text).lower().replace(" ", "")
    m = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm)?", raw)
    if not m:
        raise ParseError(ErrorCode.CLOCK_UNREADABLE)
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


def parse_target(text: str) -> int:
    """A weekly target: sessions a week, 1 to 7."""
    raw = _clean(text)
    if not re.fullmatch(r"\d{1,2}", raw) or not 1 <= int(raw) <= 7:
        raise ParseError(ErrorCode.TARGET_RANGE, low=1, high=7)
    return int(raw)


def _clean(text: str) -> str:
    if len(text) > MAX_INPUT_CHARS:
        raise ParseError(ErrorCode.TOO_MUCH_TEXT, limit=MAX_INPUT_CHARS)
    # Control characters (NUL, newlines, ...) separate words like spaces do.
    return "".join(c if c.isprintable() else " " for c in text).strip()


def _split_note(text: str) -> tuple[str, str | None]:
    for separator in _NOTE_SEPARATORS:
        body, found, note = text.partition(separator)
        if found:
            note = note.strip()
            if len(note) > MAX_NOTE_CHARS:
                raise ParseError(ErrorCode.NOTE_TOO_LONG, limit=MAX_NOTE_CHARS)
            return body, note or None
    return text, None


MAX_PAUSE_DAYS = 60


def parse_pause(text: str, today: date) -> tuple[date, date]:
    """`7` (days from today) or `until 2026-12-10` -> the first and last paused day."""
    raw = _clean(text).lower()
    if m := re.fullmatch(r"(\d{1,4})\s*(?:d|days?)?", raw):
        days = int(m.group(1))
        if not 1 <= days <= MAX_PAUSE_DAYS:
            raise ParseError(ErrorCode.PAUSE_LENGTH, high=MAX_PAUSE_DAYS)
        return today, today + timedelta(days=days - 1)
    if m := re.fullmatch(r"(?:until|till|to)\s+(\S+)", raw):
        last = parse_day(m.group(1), today)
        if last is None or m.group(1) in WEEKDAYS or last < today:
            raise ParseError(ErrorCode.PAUSE_END)
        if (last - today).days + 1 > MAX_PAUSE_DAYS:
            raise ParseError(ErrorCode.PAUSE_LENGTH, high=MAX_PAUSE_DAYS)
        return today, last
    raise ParseError(ErrorCode.PAUSE_UNREADABLE)


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
