"""Inline button payloads: compact codes out, validated values back in (they are user input).

A button is declared once, here: its payload type, decorated with `@button`, registers the
prefix its data starts with (which routes a press to its handler, `pattern`), the forms that
read the data back, and `rest` writes the data after the prefix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

MAX_BYTES = 64

Build = Callable[[re.Match[str]], "Payload"]
K = TypeVar("K", bound=type["Payload"])

_PREFIXES: dict[type[Payload], str] = {}
_FORMS: list[tuple[re.Pattern[str], Build]] = []


class Payload:
    """What a button carries; every kind is registered with `@button`."""

    __slots__ = ()

    def rest(self) -> str | None:
        """The data after the prefix, or None when this value has no form."""
        raise NotImplementedError


def button(prefix: str, *forms: tuple[str, Build]) -> Callable[[K], K]:
    """Register a payload type: data starting with `prefix`, read back by the first of
    `forms` (a regular expression for the rest, and what builds the payload from its match)
    that matches the rest whole."""

    def register(kind: K) -> K:
        for other in _PREFIXES.values():
            if prefix.startswith(other) or other.startswith(prefix):
                raise ValueError(f"button prefix {prefix!r} overlaps {other!r}")
        _PREFIXES[kind] = prefix
        _FORMS.extend((re.compile(re.escape(prefix) + form), build) for form, build in forms)
        return kind

    return register


def kinds() -> list[type[Payload]]:
    """Every registered payload type, in the order declared."""
    return list(_PREFIXES)


def pattern(kind: type[Payload]) -> re.Pattern[str]:
    """What a press's data matches when it is of `kind` (or of a type derived from it): for
    the handler's `CallbackQueryHandler`."""
    prefixes = [re.escape(p) for k, p in _PREFIXES.items() if issubclass(k, kind)]
    if not prefixes:
        raise ValueError(f"{kind.__name__} is not a registered button")
    return re.compile(f"^(?:{'|'.join(prefixes)})")


class SessionButton(Payload):
    """The buttons under a logged or asked-for session (undo, minutes, activity, edits)."""

    __slots__ = ()


@button("u:", (r"(\d{1,12})", lambda m: Undo(int(m[1]))))
@dataclass(frozen=True, slots=True)
class Undo(SessionButton):
    session_id: int

    def rest(self) -> str:
        return str(self.session_id)


@button("la:", (r"(\d{1,12})", lambda m: LogAgain(int(m[1]))))
@dataclass(frozen=True, slots=True)
class LogAgain(SessionButton):
    """Yes, log a copy of this session just logged: it was not the same message sent twice."""

    session_id: int

    def rest(self) -> str:
        return str(self.session_id)


@button("l:", (r"(\d{1,3}):(\d{8}):(.{1,40})", lambda m: Log(int(m[1]), _date(m[2]), m[3])))
@dataclass(frozen=True, slots=True)
class Log(SessionButton):
    minutes: int
    day: date
    activity: str

    def rest(self) -> str:
        return f"{self.minutes}:{self.day:%Y%m%d}:{self.activity}"


@button("a:", (r"(\d{8}):(.{1,40})", lambda m: PickActivity(_date(m[1]), m[2])))
@dataclass(frozen=True, slots=True)
class PickActivity(SessionButton):
    day: date
    activity: str

    def rest(self) -> str:
        return f"{self.day:%Y%m%d}:{self.activity}"


@button("ob:", (r"(tz|pt|tg):([A-Za-z0-9_+/:-]{1,48})", lambda m: Onboard(m[1], m[2])))
@dataclass(frozen=True, slots=True)
class Onboard(Payload):
    step: str  # "tz", "pt" or "tg"
    value: str  # a zone, HHMM, a target, "off" or "skip"

    def rest(self) -> str:
        return f"{self.step}:{self.value}"


@button("rd:", (r"(\d{1,12})", lambda m: DeleteReward(int(m[1]))))
@dataclass(frozen=True, slots=True)
class DeleteReward(Payload):
    reward_id: int

    def rest(self) -> str:
        return str(self.reward_id)


@button("rm:", (r"(\d{1,3}):(\d{8})", lambda m: Remind(int(m[1]), _date(m[2]))))
@dataclass(frozen=True, slots=True)
class Remind(Payload):
    """Remind me of the strength after my run in `after` minutes (pressed on `day`)."""

    after: int
    day: date

    def rest(self) -> str:
        return f"{self.after}:{self.day:%Y%m%d}"


CHECKIN_CODES = {"d": "done", "t": "tonight", "r": "rest"}
CHECKIN_ACTIONS = {v: k for k, v in CHECKIN_CODES.items()}


@button("ci:", (r"([dtr]):(\d{8})", lambda m: CheckInChoice(CHECKIN_CODES[m[1]], _date(m[2]))))
@dataclass(frozen=True, slots=True)
class CheckInChoice(Payload):
    action: str  # done, tonight or rest
    day: date

    def rest(self) -> str:
        return f"{CHECKIN_ACTIONS[self.action]}:{self.day:%Y%m%d}"


@button("dx:", (r"(yes|no)", lambda m: DeleteMe(m[1] == "yes")))
@dataclass(frozen=True, slots=True)
class DeleteMe(Payload):
    confirmed: bool

    def rest(self) -> str:
        return "yes" if self.confirmed else "no"


@button("im:", (r"go", lambda m: ImportIt()))
@dataclass(frozen=True, slots=True)
class ImportIt(Payload):
    """Import the file the question quotes (a file sent without /import)."""

    def rest(self) -> str:
        return "go"


@button("bd:", (r"([yn]):([A-Za-z0-9_-]{8,32})", lambda m: BuddyAnswer(m[1] == "y", m[2])))
@dataclass(frozen=True, slots=True)
class BuddyAnswer(Payload):
    accept: bool
    code: str

    def rest(self) -> str:
        return f"{'y' if self.accept else 'n'}:{self.code}"


@button("bh:", (r"(every|risk_met|weekly|nothing)", lambda m: BuddyHears(m[1])))
@dataclass(frozen=True, slots=True)
class BuddyHears(Payload):
    hears: str

    def rest(self) -> str:
        return self.hears


@button("ep:", (r"(\d{1,12})", lambda m: EditPick(int(m[1]))))
@dataclass(frozen=True, slots=True)
class EditPick(SessionButton):
    """Open the edit menu of one past session."""

    session_id: int

    def rest(self) -> str:
        return str(self.session_id)


@button(
    "es:",
    (r"(\d{1,12}):m:(\d{1,3})", lambda m: EditSession(int(m[1]), "minutes", int(m[2]))),
    (r"(\d{1,12}):d:(\d{8})", lambda m: EditSession(int(m[1]), "day", _date(m[2]))),
    (r"(\d{1,12}):a:(.{1,40})", lambda m: EditSession(int(m[1]), "activity", m[2])),
    (r"(\d{1,12}):x", lambda m: EditSession(int(m[1]), "delete")),
)
@dataclass(frozen=True, slots=True)
class EditSession(SessionButton):
    """Set one field of a past session to an absolute value, so a second press changes nothing.

    `field` is "minutes" (an int), "day" (a date), "activity" (a str) or "delete" (None).
    """

    session_id: int
    field: str
    value: int | date | str | None = None

    def rest(self) -> str | None:
        match self.field, self.value:
            case "day", date() as day:
                return f"{self.session_id}:d:{day:%Y%m%d}"
            case "minutes", int() as minutes:
                return f"{self.session_id}:m:{minutes}"
            case "activity", str() as activity:
                return f"{self.session_id}:a:{activity}"
            case "delete", None:
                return f"{self.session_id}:x"
        return None  # never a delete by accident: a malformed edit has no data at all


@button("hp:", (r"(\d{1,6})", lambda m: HistoryPage(int(m[1]))))
@dataclass(frozen=True, slots=True)
class HistoryPage(SessionButton):
    """The next page of /history: the sessions after the `skip` newest ones."""

    skip: int

    def rest(self) -> str:
        return str(self.skip)


@button("co:", (r"([yn]):([A-Za-z0-9_-]{8,32})", lambda m: CoachAnswer(m[1] == "y", m[2])))
@dataclass(frozen=True, slots=True)
class CoachAnswer(Payload):
    accept: bool
    code: str

    def rest(self) -> str:
        return f"{'y' if self.accept else 'n'}:{self.code}"


@button("cv:", (r"(all|notes|week)", lambda m: CoachSees(m[1])))
@dataclass(frozen=True, slots=True)
class CoachSees(Payload):
    sees: str  # all, notes or week

    def rest(self) -> str:
        return self.sees


@button("ca:", (r"(\d{1,15})", lambda m: PickAthlete(int(m[1]))))
@dataclass(frozen=True, slots=True)
class PickAthlete(Payload):
    athlete_id: int  # 0: the coach themselves

    def rest(self) -> str:
        return str(self.athlete_id)


@button("pf", ("", lambda m: PlansFile()))
@dataclass(frozen=True, slots=True)
class PlansFile(Payload):
    """Add to calendar, under /plans: the coming week as a file."""

    def rest(self) -> str:
        return ""


@button("lg:", (r"([a-z]{2})", lambda m: PickLanguage(m[1])))
@dataclass(frozen=True, slots=True)
class PickLanguage(Payload):
    language: str  # de, en, es, ru

    def rest(self) -> str:
        return self.language


def encode(payload: Payload) -> str | None:
    """The callback_data for a payload, or None when it would not fit Telegram's 64 bytes."""
    prefix = _PREFIXES.get(type(payload))
    rest = payload.rest() if prefix is not None else None
    if prefix is None or rest is None:
        return None
    data = prefix + rest
    return data if len(data.encode()) <= MAX_BYTES else None


def decode(data: str | None) -> Payload | None:
    """The payload behind callback_data, or None for anything malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    for form, build in _FORMS:
        if match := form.fullmatch(data):
            try:
                return build(match)
            except ValueError:
                return None
    return None


def _date(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))
