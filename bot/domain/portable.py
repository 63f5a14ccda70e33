"""The runner's sessions as CSV, out and back in: every row checked, nothing half-imported."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from bot.domain.errors import ErrorCode, ParseError, UserError
from bot.domain.model import SavedUnlock, WeekRule
from bot.domain.parsing import (
    MAX_ACTIVITY_CHARS,
    MAX_MINUTES,
    MAX_NOTE_CHARS,
    MIN_MINUTES,
    normalise_activity,
)
from bot.domain.plans import PlanSpec
from bot.domain.rewards import MAX_NAME_CHARS, Goal, RewardSpec

COLUMNS = ("date", "time", "activity", "minutes", "note", "habit")
MAX_ROWS = 10_000
MAX_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Row:
    day: date
    activity: str
    minutes: int
    note: str | None


def to_csv(rows: list[tuple[date, str, str, int, str | None, str]]) -> str:
    """(date, local time, activity, minutes, note, habit) rows as CSV with a header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for day, clock, activity, minutes, note, habit in rows:
        writer.writerow([day.isoformat(), clock, activity, minutes, note or "", habit])
    return out.getvalue()


def from_csv(content: bytes, today: date) -> tuple[list[Row], list[tuple[int, UserError]]]:
    """The rows of an exported CSV, and each bad line's number and refusal (none when all is
    well)."""
    if len(content) > MAX_BYTES:
        raise UserError(ErrorCode.FILE_TOO_BIG)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(ErrorCode.NOT_A_CSV) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header[: len(COLUMNS)]) != COLUMNS:
        raise UserError(ErrorCode.CSV_HEADER, columns=COLUMNS)
    rows: list[Row] = []
    problems: list[tuple[int, UserError]] = []
    for number, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(rows) + len(problems) >= MAX_ROWS:
            raise UserError(ErrorCode.TOO_MANY_ROWS, limit=MAX_ROWS)
        try:
            rows.append(_row(fields, today))
        except UserError as error:
            problems.append((number, error))
    return rows, problems


def _row(fields: list[str], today: date) -> Row:
    if len(fields) < 4:
        raise UserError(ErrorCode.LINE_FIELDS)
    try:
        day = date.fromisoformat(fields[0].strip())
    except ValueError:
        raise UserError(ErrorCode.LINE_DATE, text=fields[0].strip()[:20]) from None
    if day > today:
        raise UserError(ErrorCode.LINE_FUTURE, day=day)
    try:
        minutes = int(fields[3].strip())
    except ValueError:
        raise UserError(ErrorCode.LINE_MINUTES, text=fields[3].strip()[:20]) from None
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UserError(ErrorCode.LINE_MINUTES_RANGE, low=MIN_MINUTES, high=MAX_MINUTES)
    try:
        activity = normalise_activity(fields[2])
    except ParseError:
        raise UserError(ErrorCode.LINE_ACTIVITY, limit=MAX_ACTIVITY_CHARS) from None
    if not activity:
        raise UserError(ErrorCode.LINE_NO_ACTIVITY)
    note = fields[4].strip() if len(fields) > 4 and fields[4].strip() else None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise UserError(ErrorCode.LINE_NOTE, limit=MAX_NOTE_CHARS)
    return Row(day, activity, minutes, note)


# The JSON from /export: everything, read back for /import after a /deleteme or on a new
# account. A file that is not one gets one refusal; a bad session in it, the CSV's refusals.


@dataclass(frozen=True, slots=True)
class SavedSession:
    key: int  # its id in the export, which the reward ledger points to
    row: Row
    logged_at: datetime


@dataclass(frozen=True, slots=True)
class SavedReward:
    spec: RewardSpec
    set_at: datetime
    start_day: date
    resets_seen: int
    unlocks: list[SavedUnlock]


@dataclass(frozen=True, slots=True)
class Settings:
    time_zone: str
    prompt_minute: int | None
    prompt_days: int
    quiet_when_met: bool
    evening_minute: int
    language: str | None


@dataclass(frozen=True, slots=True)
class Snapshot:
    settings: Settings
    rules: list[WeekRule]
    target_chosen: bool
    pauses: list[tuple[date, date]]
    sessions: list[SavedSession]
    rewards: list[SavedReward]
    plans: list[tuple[PlanSpec, int | None]]  # the plan and the id of the coach who wrote it


def is_json(content: bytes) -> bool:
    """A JSON export starts with `{`; the CSV with its header."""
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def from_json(content: bytes, today: date) -> tuple[Snapshot, list[tuple[int, UserError]]]:
    """The export read back, and each bad session's number and refusal (none when all is
    well); UserError(NOT_AN_EXPORT) for anything else."""
    if len(content) > MAX_BYTES:
        raise UserError(ErrorCode.FILE_TOO_BIG)
    try:
        document = json.loads(content.decode("utf-8-sig"))
        snapshot, problems = _snapshot(document, today)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UserError(ErrorCode.NOT_AN_EXPORT) from None
    return snapshot, problems


def _clock(text: str | None) -> int | None:
    if text is None:
        return None
    hours, minutes = text.split(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value < 24 * 60:
        raise ValueError(text)
    return value


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _snapshot(
    document: dict[str, Any], today: date
) -> tuple[Snapshot, list[tuple[int, UserError]]]:
    given = document["settings"]
    settings = Settings(
        time_zone=str(given["time_zone"]),
        prompt_minute=_clock(given.get("morning_check_in")),
        prompt_days=int(given.get("check_in_days", 127)) & 127,
        quiet_when_met=bool(given.get("quiet_when_met", False)),
        evening_minute=_clock(given.get("evening", "19:00")) or 0,
        language=given.get("language"),
    )
    rules = [
        WeekRule(
            since=date.fromisoformat(r["since"]),
            target=min(7, max(1, int(r["training_days_per_week"]))),
            week_start=int(r["week_starts_on"]) % 7,
        )
        for r in document["target_history"]
    ]
    pauses = [
        (date.fromisoformat(p["first_day"]), date.fromisoformat(p["last_day"]))
        for p in document.get("pauses", [])
    ]
    sessions: list[SavedSession] = []
    problems: list[tuple[int, UserError]] = []
    for number, s in enumerate(document.get("sessions", []), start=1):
        if len(sessions) + len(problems) >= MAX_ROWS:
            raise UserError(ErrorCode.TOO_MANY_ROWS, limit=MAX_ROWS)
        fields = [str(s["date"]), "", str(s["activity"]), str(s["minutes"]), s.get("note") or ""]
        try:
            row = _row(fields, today)
        except UserError as error:
            problems.append((number, error))
            continue
        sessions.append(SavedSession(int(s.get("id", -number)), row, _instant(s["logged_at"])))
    rewards = [
        SavedReward(
            RewardSpec(str(r["name"])[:MAX_NAME_CHARS], Goal(r["goal"]), int(r["amount"])),
            _instant(r["set_at"]),
            date.fromisoformat(r.get("start_day") or _instant(r["set_at"]).date().isoformat()),
            int(r.get("resets_seen", 0)),
            [
                SavedUnlock(
                    u.get("session"),
                    _instant(u.get("earned_at") or u["earned_on"]),
                    date.fromisoformat(u["earned_on"]),
                    _instant(u["claimed_at"]) if u.get("claimed_at") else None,
                )
                for u in r.get("unlocks", [])
            ],
        )
        for r in document.get("rewards", [])
    ]
    plans = [
        (
            PlanSpec(
                date.fromisoformat(p["day"]),
                normalise_activity(str(p["activity"])),
                min(MAX_MINUTES, max(MIN_MINUTES, int(p["minutes"]))),
                (str(p["details"])[:MAX_NOTE_CHARS] if p.get("details") else None),
                at=time.fromisoformat(p["at"]) if p.get("at") else None,
            ),
            p.get("coach_id"),
        )
        for p in document.get("plans", [])
    ]
    chosen = bool(document.get("target_chosen", True))
    snapshot = Snapshot(settings, rules, chosen, pauses, sessions, rewards, plans)
    return snapshot, problems
