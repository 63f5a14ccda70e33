"""Many runners in a fresh SQLite database, fast: plain sqlite3 bulk inserts after migrating."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.storage.migrate import upgrade

FAR = datetime(2030, 1, 1, tzinfo=UTC)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def history(years: int, today: date) -> list[date]:
    """About three sessions a week with the odd missed week, like a real runner."""
    rng = random.Random(7)
    days = []
    for week in range(52 * years):
        if rng.random() < 0.1:
            continue
        monday = today - timedelta(weeks=week, days=today.weekday())
        days += [monday + timedelta(days=d) for d in rng.sample(range(7), rng.choice([3, 4]))]
    return sorted(d for d in days if d <= today)


def seed(
    path: Path,
    runners: int,
    *,
    due: int = 0,
    due_at: datetime | None = None,
    first_id: int = 1,
    days: Sequence[date] = (),
) -> str:
    """A migrated database with `runners` runners (ids from `first_id`), each with a session on
    each of `days`; the first `due` have a morning check-in due at `due_at`, everybody else's
    check-ins lie far ahead. Returns the database URL."""
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url)
    now = stamp(datetime.now(UTC))
    ids = range(first_id, first_id + runners)
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO users (id, chat_id, first_name, time_zone, prompt_minute, prompt_days,"
            " quiet_when_met, evening_minute, onboarding, active, created_at, updated_at)"
            " VALUES (?, ?, 'Runner', 'UTC', 450, 127, 0, 1140, NULL, 1, ?, ?)",
            ((i, i, now, now) for i in ids),
        )
        db.executemany(
            "INSERT INTO habits (id, user_id, name, created_at) VALUES (?, ?, ?, ?)",
            ((i, i, "strength training", now) for i in ids),
        )
        db.executemany(
            "INSERT INTO week_rules (habit_id, since, target, week_start) VALUES (?, ?, 3, 0)",
            ((i, "2026-01-01") for i in ids),
        )
        soon = stamp(due_at or datetime.now(UTC))
        far = stamp(FAR)
        db.executemany(
            "INSERT INTO schedules (user_id, kind, due_at) VALUES (?, ?, ?)",
            (
                (i, kind, soon if kind == "morning" and i < first_id + due else far)
                for i in ids
                for kind in ("morning", "evening", "summary")
            ),
        )
        db.executemany(
            "INSERT INTO sessions (user_id, habit_id, activity, minutes, local_date, logged_at)"
            " VALUES (?, ?, 'kettlebell', 20, ?, ?)",
            ((i, i, day.isoformat(), now) for i in ids for day in days),
        )
    return url


def make_due(path: Path, runners: range, due_at: datetime) -> None:
    """Set these runners' morning check-ins due again and forget that they were sent."""
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM checkins")
        db.executemany(
            "UPDATE schedules SET due_at = ? WHERE user_id = ? AND kind = 'morning'",
            ((stamp(due_at), i) for i in runners),
        )


def later(minutes: int) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)
