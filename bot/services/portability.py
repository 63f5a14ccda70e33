"""The runner's data as files: export and import."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from bot import services
from bot.domain import portable, zones
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import NewSession, Profile, SessionKey
from bot.domain.plans import PlanSpec
from bot.domain.rewards import MAX_ACTIVE as MAX_REWARDS
from bot.services.base import today_for
from bot.services.ports import PortabilityStore
from bot.services.rewards import NO_NEWS, RewardNews, settle_rewards


@dataclass(frozen=True, slots=True)
class Export:
    csv: str
    json: str


@dataclass(frozen=True, slots=True)
class Restored:
    """What a JSON import brought back beside the sessions and the settings."""

    rewards: int
    plans: int
    pauses: int


@dataclass(frozen=True, slots=True)
class Imported:
    added: int
    duplicates: int
    rewards: RewardNews = NO_NEWS
    restored: Restored | None = None  # a JSON import: everything else came back too


BACKDATED_CLOCK = "12:00"  # a backdated session's time in the CSV: noon of its own day


def _clock_on(day: date, at: datetime, zone: tzinfo) -> str:
    """When a session was logged, as a time on its own day: a session logged for an earlier
    day gets noon of that day, not the time it was typed days later."""
    local = at.astimezone(zone)
    return f"{local:%H:%M}" if local.date() == day else BACKDATED_CLOCK


async def export(store: PortabilityStore, profile: Profile, now: datetime) -> Export:
    """Every session as CSV; everything (sessions, settings, target history, pauses, rewards
    with their ledger, plans) as JSON, which /import takes back whole."""
    zone = zones.zone(profile.time_zone)
    sessions = await store.sessions.export(profile.user_id)
    rows = [
        (s.day, _clock_on(s.day, s.logged_at, zone), s.activity, s.minutes, s.note, s.habit)
        for s in sessions
    ]
    ledger = await store.rewards.ledger(profile.user_id)
    rewards_out = [
        {
            "name": r.name,
            "goal": r.goal.value,
            "amount": r.amount,
            "set_at": r.created_at.isoformat(),
            "start_day": r.start_day.isoformat(),
            "resets_seen": r.resets_seen,
            "unlocks": [
                {
                    "session": unlock.session_id,
                    "earned_at": unlock.earned_at.isoformat(),
                    "earned_on": unlock.earned_on.isoformat(),
                    "claimed_at": unlock.claimed_at.isoformat() if unlock.claimed_at else None,
                }
                for unlock in ledger
                if unlock.reward_id == r.id
            ],
        }
        for r in await store.rewards.of(profile.user_id)
    ]
    records = await store.plans.records([profile.user_id], date.min, date.max, now)
    plans = [record for record in records[profile.user_id] if not record.cancelled]
    document = {
        "exported_at": now.isoformat(),
        "target_chosen": await store.runners.target_chosen(profile.habit_id),
        "settings": {
            "language": profile.language,
            "time_zone": profile.time_zone,
            "morning_check_in": None
            if profile.prompt_minute is None
            else f"{profile.prompt_minute // 60:02d}:{profile.prompt_minute % 60:02d}",
            "check_in_days": profile.prompt_days,
            "quiet_when_met": profile.quiet_when_met,
            "evening": f"{profile.evening_minute // 60:02d}:{profile.evening_minute % 60:02d}",
        },
        "sessions": [
            {
                "id": i,
                "date": day.isoformat(),
                "time": _clock_on(day, at, zone),
                "activity": activity,
                "minutes": minutes,
                "note": note,
                "logged_at": at.isoformat(),
            }
            for i, day, at, activity, minutes, note, _ in sessions
        ],
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
                "day": p.spec.day.isoformat(),
                "at": p.spec.at.strftime("%H:%M") if p.spec.at else None,
                "activity": p.spec.activity,
                "minutes": p.spec.minutes,
                "details": p.spec.details,
                "written_by": f"coach {p.spec.coach}" if p.spec.coach else "you",
                "coach_id": p.coach_id,
            }
            for p in plans
        ],
    }
    return Export(
        csv=portable.to_csv(rows), json=json.dumps(document, indent=2, ensure_ascii=False)
    )


async def import_file(
    store: PortabilityStore, profile: Profile, content: bytes, now: datetime
) -> Imported:
    """/import: the JSON export restores everything, the CSV the sessions."""
    if portable.is_json(content):
        return await import_everything(store, profile, content, now)
    return await import_sessions(store, profile, content, now)


async def import_everything(
    store: PortabilityStore, profile: Profile, content: bytes, now: datetime
) -> Imported:
    """Restore what /export wrote as JSON: settings, target history, pauses, sessions, rewards
    with their ledger, plans. Sessions and rewards already here are not doubled; a file with
    any bad session imports nothing."""
    today = today_for(profile, now)
    snapshot, problems = portable.from_json(content, today)
    if problems:
        raise UserError(ErrorCode.IMPORT_LINES, problems=tuple(problems))
    given = snapshot.settings
    # An unknown language is spoken as English, as for anyone (i18n.use); keep it short.
    language = (given.language or profile.language)[:8]
    try:
        zone_name = zones.parse_zone(given.time_zone)
    except UserError:
        zone_name = profile.time_zone
    await store.runners.update(
        profile.user_id, now, time_zone=zone_name, prompt_minute=given.prompt_minute,
        prompt_days=given.prompt_days, quiet_when_met=given.quiet_when_met,
        evening_minute=given.evening_minute, language=language, onboarding=None,
    )  # fmt: skip
    if snapshot.rules:
        await store.runners.replace_rules(profile.habit_id, snapshot.rules)
    if snapshot.target_chosen:
        await store.runners.choose_target(profile.habit_id)
    existing_pauses = await store.runners.pauses(profile.user_id)
    for first, last in snapshot.pauses:
        if not any(p.first <= last and first <= p.last for p in existing_pauses):
            await store.runners.add_pause(profile.user_id, first, last, now)
    # A file's session is new when the file holds more of its kind than are here: two
    # identical sessions of one day both come back, and a file imported twice doubles nothing.
    here = await store.sessions.keys(profile.habit_id)
    ids: dict[int, int] = {}  # the export's session ids to the new ones
    # In the order they were logged, so /undo takes back the same one as before the export.
    for saved in sorted(snapshot.sessions, key=lambda saved: (saved.logged_at, saved.key)):
        row = saved.row
        key = SessionKey(row.day, row.activity, row.minutes, row.note)
        if here[key]:
            here[key] -= 1
            continue
        added = await store.sessions.add(
            NewSession(profile.user_id, profile.habit_id, row.activity, row.minutes, row.day,
                       row.note, saved.logged_at)
        )  # fmt: skip
        if added is not None:
            ids[saved.key] = added.id
    have = {(r.name, r.goal, r.amount) for r in await store.rewards.of(profile.user_id)}
    restored = 0
    for reward in snapshot.rewards:
        spec = reward.spec
        if (spec.name, spec.goal, spec.amount) in have or len(have) >= MAX_REWARDS:
            continue
        have.add((spec.name, spec.goal, spec.amount))
        unlocks = [
            u._replace(session_id=ids.get(u.session_id) if u.session_id is not None else None)
            for u in reward.unlocks
        ]
        await store.rewards.restore(profile.user_id, spec, reward.start_day, reward.set_at,
                                    reward.resets_seen, unlocks)  # fmt: skip
        restored += 1
    # Like sessions: a plan of the file is new when the file holds more of its kind than are
    # here, so a file imported twice doubles no plan.
    records = await store.plans.records([profile.user_id], date.min, date.max, now)
    planned = Counter(_plan_key(r.spec) for r in records[profile.user_id] if not r.cancelled)
    plans = 0
    for plan, coach_id in snapshot.plans:  # past ones too: /stats counts plans kept
        if planned[_plan_key(plan)]:
            planned[_plan_key(plan)] -= 1
            continue
        coach = coach_id if coach_id and await store.runners.get(coach_id) else None
        await store.plans.add(profile.user_id, plan, now, coach)
        plans += 1
    updated = await store.runners.get(profile.user_id)
    assert updated is not None
    await services.checkins.reschedule(store, updated, now)
    news = await settle_rewards(store, updated, today, now, None)
    duplicates = len(snapshot.sessions) - len(ids)
    return Imported(len(ids), duplicates, news, Restored(restored, plans, len(snapshot.pauses)))


def _plan_key(plan: PlanSpec) -> tuple[object, ...]:
    return plan.day, plan.at, plan.activity, plan.minutes, plan.details


async def import_sessions(
    store: PortabilityStore, profile: Profile, content: bytes, now: datetime
) -> Imported:
    """Restore sessions from an exported CSV; duplicates are skipped, and a file with any bad
    line imports nothing (UserError lists the lines)."""
    rows, problems = portable.from_csv(content, today_for(profile, now))
    if problems:
        raise UserError(ErrorCode.IMPORT_LINES, problems=tuple(problems))
    # A file's session is new when the file holds more of its kind than are here: two
    # identical sessions of one day both come back, and a file imported twice doubles nothing.
    here = await store.sessions.keys(profile.habit_id)
    added = 0
    for row in rows:
        key = SessionKey(row.day, row.activity, row.minutes, row.note)
        if here[key]:
            here[key] -= 1
            continue
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
