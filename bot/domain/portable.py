"""The runner's sessions as CSV, out and back in: every row checked, nothing half-imported."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from bot.domain.errors import ErrorCode, ParseError, UserError
from bot.domain.parsing import (
    MAX_ACTIVITY_CHARS,
    MAX_MINUTES,
    MAX_NOTE_CHARS,
    MIN_MINUTES,
    normalise_activity,
)

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
