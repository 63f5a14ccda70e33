"""Inline button payloads: compact codes out, validated values back in (they are user input)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAX_BYTES = 64


class SessionButton:
    """The buttons under a logged or asked-for session (undo, minutes, activity, edits)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Undo(SessionButton):
    session_id: int


@dataclass(frozen=True, slots=True)
class LogAgain(SessionButton):
    """Yes, log a copy of this session just logged: it was not the same message sent twice."""

    session_id: int


@dataclass(frozen=True, slots=True)
class Log(SessionButton):
    minutes: int
    day: date
    activity: str


@dataclass(frozen=True, slots=True)
class PickActivity(SessionButton):
    day: date
    activity: str


@dataclass(frozen=True, slots=True)
class Onboard:
    step: str  # "tz", "pt" or "tg"
    value: str  # a zone, HHMM, a target, "off" or "skip"


@dataclass(frozen=True, slots=True)
class DeleteReward:
    reward_id: int


@dataclass(frozen=True, slots=True)
class CheckInChoice:
    action: str  # done, tonight or rest
    day: date


@dataclass(frozen=True, slots=True)
class Remind:
    """Remind me of the strength after my run in `after` minutes (pressed on `day`)."""

    after: int
    day: date


@dataclass(frozen=True, slots=True)
class DeleteMe:
    confirmed: bool


@dataclass(frozen=True, slots=True)
class ImportIt:
    """Import the file the question quotes (a file sent without /import)."""


CHECKIN_CODES = {"d": "done", "t": "tonight", "r": "rest"}
CHECKIN_ACTIONS = {v: k for k, v in CHECKIN_CODES.items()}


@dataclass(frozen=True, slots=True)
class BuddyAnswer:
    accept: bool
    code: str


@dataclass(frozen=True, slots=True)
class BuddyHears:
    hears: str


@dataclass(frozen=True, slots=True)
class EditPick(SessionButton):
    """Open the edit menu of one past session."""

    session_id: int


@dataclass(frozen=True, slots=True)
class EditSession(SessionButton):
    """Set one field of a past session to an absolute value, so a second press changes nothing.

    `field` is "minutes" (an int), "day" (a date), "activity" (a str) or "delete" (None).
    """

    session_id: int
    field: str
    value: int | date | str | None = None


@dataclass(frozen=True, slots=True)
class HistoryPage(SessionButton):
    """The next page of /history: the sessions after the `skip` newest ones."""

    skip: int


@dataclass(frozen=True, slots=True)
class CoachAnswer:
    accept: bool
    code: str


@dataclass(frozen=True, slots=True)
class CoachSees:
    sees: str  # all, notes or week


@dataclass(frozen=True, slots=True)
class PickAthlete:
    athlete_id: int  # 0: the coach themselves


@dataclass(frozen=True, slots=True)
class PlansFile:
    """Add to calendar, under /plans: the coming week as a file."""


@dataclass(frozen=True, slots=True)
class PickLanguage:
    language: str  # de, en, es, ru


Payload = (
    Undo
    | LogAgain
    | Log
    | PickActivity
    | Onboard
    | DeleteReward
    | CheckInChoice
    | Remind
    | DeleteMe
    | BuddyAnswer
    | BuddyHears
    | EditPick
    | EditSession
    | HistoryPage
    | CoachAnswer
    | CoachSees
    | PickAthlete
    | PickLanguage
    | PlansFile
    | ImportIt
)

_PATTERNS = (
    (re.compile(r"u:(\d{1,12})"), lambda m: Undo(int(m[1]))),
    (re.compile(r"la:(\d{1,12})"), lambda m: LogAgain(int(m[1]))),
    (re.compile(r"l:(\d{1,3}):(\d{8}):(.{1,40})"), lambda m: Log(int(m[1]), _date(m[2]), m[3])),
    (re.compile(r"a:(\d{8}):(.{1,40})"), lambda m: PickActivity(_date(m[1]), m[2])),
    (re.compile(r"ob:(tz|pt|tg):([A-Za-z0-9_+/:-]{1,48})"), lambda m: Onboard(m[1], m[2])),
    (re.compile(r"rd:(\d{1,12})"), lambda m: DeleteReward(int(m[1]))),
    (re.compile(r"dx:(yes|no)"), lambda m: DeleteMe(m[1] == "yes")),
    (re.compile(r"bd:([yn]):([A-Za-z0-9_-]{8,32})"), lambda m: BuddyAnswer(m[1] == "y", m[2])),
    (re.compile(r"bh:(every|risk_met|weekly|nothing)"), lambda m: BuddyHears(m[1])),
    (re.compile(r"co:([yn]):([A-Za-z0-9_-]{8,32})"), lambda m: CoachAnswer(m[1] == "y", m[2])),
    (re.compile(r"cv:(all|notes|week)"), lambda m: CoachSees(m[1])),
    (re.compile(r"ca:(\d{1,15})"), lambda m: PickAthlete(int(m[1]))),
    (re.compile(r"lg:([a-z]{2})"), lambda m: PickLanguage(m[1])),
    (re.compile(r"pf"), lambda m: PlansFile()),
    (re.compile(r"im:go"), lambda m: ImportIt()),
    (re.compile(r"ci:([dtr]):(\d{8})"), lambda m: CheckInChoice(CHECKIN_CODES[m[1]], _date(m[2]))),
    (re.compile(r"rm:(\d{1,3}):(\d{8})"), lambda m: Remind(int(m[1]), _date(m[2]))),
    (re.compile(r"ep:(\d{1,12})"), lambda m: EditPick(int(m[1]))),
    (re.compile(r"es:(\d{1,12}):m:(\d{1,3})"),
     lambda m: EditSession(int(m[1]), "minutes", int(m[2]))),
    (re.compile(r"es:(\d{1,12}):d:(\d{8})"), lambda m: EditSession(int(m[1]), "day", _date(m[2]))),
    (re.compile(r"es:(\d{1,12}):a:(.{1,40})"), lambda m: EditSession(int(m[1]), "activity", m[2])),
    (re.compile(r"es:(\d{1,12}):x"), lambda m: EditSession(int(m[1]), "delete")),
    (re.compile(r"hp:(\d{1,6})"), lambda m: HistoryPage(int(m[1]))),
)  # fmt: skip


def encode(payload: Payload) -> str | None:
    """The callback_data for a payload, or None when it would not fit Telegram's 64 bytes."""
    match payload:
        case Undo(session_id):
            data = f"u:{session_id}"
        case LogAgain(session_id):
            data = f"la:{session_id}"
        case Log(minutes, day, activity):
            data = f"l:{minutes}:{day:%Y%m%d}:{activity}"
        case PickActivity(day, activity):
            data = f"a:{day:%Y%m%d}:{activity}"
        case Onboard(step, value):
            data = f"ob:{step}:{value}"
        case DeleteReward(reward_id):
            data = f"rd:{reward_id}"
        case BuddyAnswer(accept, code):
            data = f"bd:{'y' if accept else 'n'}:{code}"
        case BuddyHears(hears):
            data = f"bh:{hears}"
        case DeleteMe(confirmed):
            data = f"dx:{'yes' if confirmed else 'no'}"
        case CoachAnswer(accept, code):
            data = f"co:{'y' if accept else 'n'}:{code}"
        case CoachSees(sees):
            data = f"cv:{sees}"
        case PickAthlete(athlete_id):
            data = f"ca:{athlete_id}"
        case PickLanguage(language):
            data = f"lg:{language}"
        case PlansFile():
            data = "pf"
        case ImportIt():
            data = "im:go"
        case CheckInChoice(action, day):
            data = f"ci:{CHECKIN_ACTIONS[action]}:{day:%Y%m%d}"
        case Remind(after, day):
            data = f"rm:{after}:{day:%Y%m%d}"
        case EditPick(session_id):
            data = f"ep:{session_id}"
        case EditSession(session_id, "day", date() as day):
            data = f"es:{session_id}:d:{day:%Y%m%d}"
        case EditSession(session_id, "minutes", int() as minutes):
            data = f"es:{session_id}:m:{minutes}"
        case EditSession(session_id, "activity", str() as activity):
            data = f"es:{session_id}:a:{activity}"
        case EditSession(session_id, "delete", None):
            data = f"es:{session_id}:x"
        case HistoryPage(skip):
            data = f"hp:{skip}"
        case _:
            return None
    return data if len(data.encode()) <= MAX_BYTES else None


def decode(data: str | None) -> Payload | None:
    """The payload behind callback_data, or None for anything malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    for pattern, build in _PATTERNS:
        if match := pattern.fullmatch(data):
            try:
                return build(match)
            except ValueError:
                return None
    return None


def _date(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))
