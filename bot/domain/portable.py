"""The runner's sessions as CSV, out and back in: every row checked, nothing half-imported."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from bot.domain.errors import ParseError, UserError
from bot.domain.parsing import MAX_MINUTES, MAX_NOTE_CHARS, MIN_MINUTES, normalise_activity

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


def from_csv(content: bytes, today: date) -> tuple[list[Row], list[str]]:
    """The rows of an exported CSV, and a message for each bad line (empty when all is well)."""
    if len(content) > MAX_BYTES:
        raise UserError("That file is too big to import (1 MB at most), e.g. one from /export")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(
            "That file is not a CSV from /export, e.g. strongstreak-sessions.csv"
        ) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip().lower() for h in header[: len(COLUMNS)]) != COLUMNS:
        raise UserError(
            "That CSV does not start with the /export header "
            "(date,time,activity,minutes,note,habit), e.g. strongstreak-sessions.csv"
        )
    rows: list[Row] = []
    problems: list[str] = []
    for number, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(rows) + len(problems) >= MAX_ROWS:
            raise UserError(f"At most {MAX_ROWS} sessions can be imported at once.")
        try:
            rows.append(_row(fields, today))
        except (ValueError, UserError) as error:
            reason = error.message if isinstance(error, UserError) else str(error)
            problems.append(f"line {number}: {reason}")
    return rows, problems


def _row(fields: list[str], today: date) -> Row:
    if len(fields) < 4:
        raise ValueError("needs at least date, time, activity and minutes")
    day = date.fromisoformat(fields[0].strip())
    if day > today:
        raise ValueError(f"{day} is in the future")
    minutes = int(fields[3].strip())
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES}")
    try:
        activity = normalise_activity(fields[2])
    except ParseError:
        raise ValueError("the activity must be plain words, up to 32 characters") from None
    if not activity:
        raise ValueError("the activity is empty")
    note = fields[4].strip() if len(fields) > 4 and fields[4].strip() else None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise ValueError(f"the note is longer than {MAX_NOTE_CHARS} characters")
    return Row(day, activity, minutes, note)
