"""The runner's data as files: export and import."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain import portable, zones
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import NewSession, Profile
from bot.services.base import today_for
from bot.services.ports import Storage
from bot.services.rewards import NO_NEWS, RewardNews, settle_rewards


@dataclass(frozen=True, slots=True)
class Export:
    csv: str
    json: str


@dataclass(frozen=True, slots=True)
class Imported:
    added: int
    duplicates: int
    rewards: RewardNews = NO_NEWS


async def export(store: Storage, profile: Profile, now: datetime) -> Export:
    """Every session as CSV; settings, target history, pauses and rewards as JSON."""
    zone = zones.zone(profile.time_zone)
    rows = [
        (day, f"{at.astimezone(zone):%H:%M}", activity, minutes, note, habit)
        for day, at, activity, minutes, note, habit in await store.sessions.export(profile.user_id)
    ]
    ledger = await store.rewards.ledger(profile.user_id)
    rewards_out = [
        {
            "name": r.name,
            "goal": r.goal.value,
            "amount": r.amount,
            "set_at": r.created_at.isoformat(),
            "unlocks": [
                {
                    "earned_on": day.isoformat(),
                    "claimed_at": claimed.isoformat() if claimed else None,
                }
                for reward_id, day, claimed in ledger
                if reward_id == r.id
            ],
        }
        for r in await store.rewards.of(profile.user_id)
    ]
    document = {
        "exported_at": now.isoformat(),
        "settings": {
            "time_zone": profile.time_zone,
            "morning_check_in": None
            if profile.prompt_minute is None
            else f"{profile.prompt_minute // 60:02d}:{profile.prompt_minute % 60:02d}",
            "check_in_days": profile.prompt_days,
            "quiet_when_met": profile.quiet_when_met,
            "evening": f"{profile.evening_minute // 60:02d}:{profile.evening_minute % 60:02d}",
        },
        "target_history": [
            {
                "since": r.since.isoformat(),
                "training_days_per_week": r.target,
                "week_starts_on": r.week_start,
            }
            for r in await store.runners.rules(profile.habit_id)
        ],
        "pauses": [
            {"first_day": p.first.isoformat(), "last_day": p.last.isoformat()}
            for p in await store.runners.pauses(profile.user_id)
        ],
        "rewards": rewards_out,
        "plans": [
            {
                "day": p.day.isoformat(),
                "activity": p.activity,
                "minutes": p.minutes,
                "details": p.details,
                "written_by": f"coach {p.coach}" if p.coach else "you",
            }
            for p in await store.plans.between(profile.user_id, date.min, date.max)
        ],
    }
    return Export(
        csv=portable.to_csv(rows), json=json.dumps(document, indent=2, ensure_ascii=False)
    )


async def import_sessions(
    store: Storage, profile: Profile, content: bytes, now: datetime
) -> Imported:
    """Restore sessions from an exported CSV; duplicates are skipped, and a file with any bad
    line imports nothing (UserError lists the lines)."""
    rows, problems = portable.from_csv(content, today_for(profile, now))
    if problems:
        raise UserError(ErrorCode.IMPORT_LINES, problems=tuple(problems))
    existing = await store.sessions.keys(profile.habit_id)
    added = 0
    for row in rows:
        key = (row.day, row.activity, row.minutes, row.note)
        if key in existing:
            continue
        existing.add(key)
        await store.sessions.add(
            NewSession(
                user_id=profile.user_id,
                habit_id=profile.habit_id,
                activity=row.activity,
                minutes=row.minutes,
                day=row.day,
                note=row.note,
                logged_at=now,
            )
        )
        added += 1
    # Imported sessions can meet weeks and count towards rewards, as any logged session does.
    today = today_for(profile, now)
    news = await settle_rewards(store, profile, today, now, None) if added else NO_NEWS
    return Imported(added, len(rows) - added, news)
