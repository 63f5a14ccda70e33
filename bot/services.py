"""Use cases: each takes a Store and `now`, applies the domain rules and returns a result value."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain import parsing, portable, rewards, streaks, zones
from bot.domain.errors import UserError
from bot.domain.model import ChartData, Profile, Session
from bot.storage.repository import Store

RECENT_ACTIVITIES = 6
USUAL_MINUTES_WINDOW = 10


@dataclass(frozen=True, slots=True)
class Unlock:
    name: str
    repeating: bool
    times: int  # how often it has been earned now


@dataclass(frozen=True, slots=True)
class RewardNews:
    """What a new session did to the runner's rewards."""

    unlocked: list[Unlock]
    restarted: list[tuple[str, rewards.Progress]]
    nearest: tuple[str, rewards.Progress] | None  # the one-off reward closest to its goal


NO_NEWS = RewardNews([], [], None)


@dataclass(frozen=True, slots=True)
class Logged:
    session: Session
    summary: streaks.Summary
    today: date
    duplicate: bool  # the same message was logged before; nothing new was written
    rewards: RewardNews = NO_NEWS
    met_week: date | None = None  # the start of the week this session brought to its target


@dataclass(frozen=True, slots=True)
class Undone:
    session: Session
    summary: streaks.Summary
    today: date
    taken_back: list[str]  # rewards whose unlock went with the session
    rewards: RewardNews = NO_NEWS
    weeks: list[streaks.WeekChange] = field(default_factory=list)  # no longer met (or met)


@dataclass(frozen=True, slots=True)
class Totals:
    sessions: int
    minutes: int


@dataclass(frozen=True, slots=True)
class Stats:
    summary: streaks.Summary
    strength: float  # 0.0 to 1.0
    today: date
    week_days: list[tuple[date, bool, bool]]  # (day, trained, paused) for the current week
    this_week: Totals
    last_week: Totals
    all_time: Totals
    top_activities: list[tuple[str, int, int]]  # (activity, sessions, minutes)


def today_for(profile: Profile, now: datetime) -> date:
    return zones.local_date(now, profile.time_zone)


async def ensure_user(
    store: Store,
    user_id: int,
    chat_id: int,
    first_name: str,
    now: datetime,
    *,
    with_calendar: bool = False,
) -> tuple[Profile, bool]:
    """The runner's profile, created with defaults on first contact; True when new.
    `with_calendar` reads their calendar in the same query, for what follows to use."""
    profile = await store.profile(user_id, with_calendar=with_calendar)
    if profile is not None:
        return profile, False
    await store.create_user(user_id, chat_id, first_name[:64], now.date(), now)
    created = await store.profile(user_id, with_calendar=with_calendar)
    assert created is not None
    return created, True


async def require_user(store: Store, user_id: int) -> Profile:
    profile = await store.profile(user_id)
    if profile is None:
        raise UserError("Send /start first and I'll set you up in a few taps.")
    return profile


async def calendar(store: Store, profile: Profile) -> streaks.Calendar:
    days, rules, pauses = await store.calendar_facts(profile.user_id, profile.habit_id)
    return streaks.Calendar(days, rules, pauses)


async def summary(store: Store, profile: Profile, today: date) -> streaks.Summary:
    return (await calendar(store, profile)).summary(today)


async def week_of(store: Store, profile: Profile, today: date) -> streaks.WeekProgress:
    return (await calendar(store, profile)).progress(today)


async def stats(store: Store, profile: Profile, now: datetime) -> Stats:
    """Everything /stats shows, from one read of the session columns it needs."""
    today = today_for(profile, now)
    facts = await store.session_facts(profile.habit_id)
    cal = await calendar(store, profile)
    weeks = cal.weeks(today)
    result = cal.summary(today, weeks)
    start, week_end = weeks[-1].start, weeks[-1].end
    last_start = start - 7 * streaks.DAY

    def totals(first: date, end: date) -> Totals:
        rows = [m for d, m, _ in facts if first <= d < end]
        return Totals(len(rows), sum(rows))

    per_activity: dict[str, list[int]] = {}
    for _, minutes, activity in facts:
        per_activity.setdefault(activity, []).append(minutes)
    top = sorted(
        ((a, len(ms), sum(ms)) for a, ms in per_activity.items()),
        key=lambda t: (-t[1], -t[2], t[0]),
    )[:3]
    days = [start + i * streaks.DAY for i in range((week_end - start).days)]
    week_days = [(day, day in cal.days, cal.paused(day)) for day in days]
    return Stats(
        summary=result,
        strength=cal.strength(today),
        today=today,
        week_days=week_days,
        this_week=totals(start, week_end),
        last_week=totals(last_start, start),
        all_time=totals(date.min, date.max),
        top_activities=top,
    )


async def log_session(
    store: Store,
    profile: Profile,
    *,
    activity: str,
    minutes: int,
    day: date,
    note: str | None,
    now: datetime,
    source: tuple[int, int] | None,
    last: bool = False,
) -> Logged:
    """Store one session (once per source message) and report the week's progress.

    `last`: the caller writes nothing after this in its transaction (reads may follow).
    """
    today = today_for(profile, now)
    parsing.check_day(day, today)
    parsing.check_minutes(minutes)
    session = await store.add_session(
        user_id=profile.user_id,
        habit_id=profile.habit_id,
        activity=activity,
        minutes=minutes,
        day=day,
        note=note,
        now=now,
        source=source,
        last=last and not profile.rewards,  # an unlock is written with its session
    )
    if session is None:
        assert source is not None
        session = await store.session_from_source(*source)
        assert session is not None
        return Logged(session, await summary(store, profile, today), today, duplicate=True)
    news = await settle_rewards(store, profile, today, now, session.id)
    days, rules, pauses = await store.calendar_facts(profile.user_id, profile.habit_id)
    cal = streaks.Calendar(days, rules, pauses)
    weeks = cal.weeks(today)
    result = cal.summary(today, weeks)
    # Met by this very session: a new day in its week that brings that week to the target.
    met_week = None
    if days.count(day) == 1:
        week = next(w for w in reversed(weeks) if w.start <= day)
        if week.status is streaks.Status.MET and week.days_done == week.target:
            met_week = week.start
    return Logged(session, result, today, False, news, met_week)


async def undo(
    store: Store, profile: Profile, now: datetime, session_id: int | None = None
) -> Undone:
    """Remove the most recent session, or the one named by an Undo button."""
    if session_id is None:
        session = await store.latest_session(profile.user_id)
        if session is None:
            raise UserError(
                "There is nothing to undo yet. Log a session first, e.g. /done kettlebell 15"
            )
    else:
        session = await store.session_of(profile.user_id, session_id)
        if session is None:
            raise UserError("That session is already gone.")
    today = today_for(profile, now)
    before = (await calendar(store, profile)).weeks(today)
    taken_back = await store.take_back_unlocks(session.id)
    await store.delete_session(profile.user_id, session.id)
    news = await settle_rewards(store, profile, today, now, None)
    cal = await calendar(store, profile)
    weeks = cal.weeks(today)
    changes = streaks.week_changes(before, weeks)
    return Undone(session, cal.summary(today, weeks), today, taken_back, news, changes)


async def recent_activities(store: Store, profile: Profile) -> list[str]:
    return await store.recent_activities(profile.user_id, RECENT_ACTIVITIES)


async def usual_minutes(store: Store, profile: Profile, activity: str) -> int | None:
    """The minutes most often logged for this activity lately (the latest on a tie)."""
    recent = await store.recent_minutes(profile.user_id, activity, USUAL_MINUTES_WINDOW)
    if not recent:
        return None
    counts = Counter(recent)
    return max(recent, key=lambda m: (counts[m], -recent.index(m)))


@dataclass(frozen=True, slots=True)
class History:
    sessions: list[Session]
    weeks: list[streaks.Week]  # the runner's weeks, to group the sessions by
    today: date


async def history(store: Store, profile: Profile, limit: int, now: datetime) -> History:
    today = today_for(profile, now)
    cal = await calendar(store, profile)
    return History(await store.recent_sessions(profile.user_id, limit), cal.weeks(today), today)


async def set_zone(store: Store, profile: Profile, zone_name: str, now: datetime) -> None:
    await store.update_user(profile.user_id, now, time_zone=zone_name)


async def set_prompt(store: Store, profile: Profile, minute: int | None, now: datetime) -> None:
    await store.update_user(profile.user_id, now, prompt_minute=minute)


@dataclass(frozen=True, slots=True)
class RuleChanged:
    """What a change of target or week start did, for the reply."""

    since: date  # the first day in the new rule
    week: streaks.WeekProgress  # the current week, after the change
    next_week: streaks.Week | None  # week start: the first week in the new reckoning
    rewards: RewardNews = NO_NEWS


async def set_target(store: Store, profile: Profile, target: int, now: datetime) -> RuleChanged:
    """A new target applies from the start of the current week on, never to the past."""
    today = today_for(profile, now)
    cal = await calendar(store, profile)
    since = cal.weeks(today)[-1].start
    await store.replace_rules(
        profile.habit_id, streaks.change_rules(cal.rules, since, target=target)
    )
    after = await calendar(store, profile)
    news = await settle_rewards(store, profile, today, now, None)
    return RuleChanged(since, after.progress(today), None, news)


async def set_week_start(
    store: Store, profile: Profile, first_weekday: int, now: datetime
) -> RuleChanged:
    """A new week start applies once the current week is over, so no week is cut short."""
    today = today_for(profile, now)
    cal = await calendar(store, profile)
    since = cal.weeks(today)[-1].end
    rules = streaks.change_rules(cal.rules, since, first_weekday=first_weekday)
    await store.replace_rules(profile.habit_id, rules)
    after = await calendar(store, profile)
    upcoming = after.weeks(since)[-1]
    return RuleChanged(since, after.progress(today), upcoming)


async def set_onboarding(store: Store, profile: Profile, step: str | None, now: datetime) -> None:
    await store.update_user(profile.user_id, now, onboarding=step)


async def reactivate(store: Store, profile: Profile, chat_id: int, now: datetime) -> None:
    await store.update_user(profile.user_id, now, active=True, chat_id=chat_id)


@dataclass(frozen=True, slots=True)
class Paused:
    pause: streaks.Pause
    rewards: RewardNews = NO_NEWS


async def pause(store: Store, profile: Profile, text: str, now: datetime) -> Paused:
    today = today_for(profile, now)
    first, last = parsing.parse_pause(text, today)
    new = streaks.Pause(first, last)
    existing = await store.pauses(profile.user_id)
    if any(p.first <= last and first <= p.last for p in existing):
        raise UserError("You are already paused then. /resume first, e.g. /resume then /pause 7")
    if not streaks.pause_fits(existing, new):
        raise UserError(
            f"Pauses can cover at most {streaks.PAUSE_BUDGET_DAYS} days in a year; "
            "try a shorter one, e.g. /pause 7"
        )
    await store.add_pause(profile.user_id, first, last, now)
    # A week's target shrinks with its paused days, so a pause can meet a week.
    news = await settle_rewards(store, profile, today, now, None)
    return Paused(new, news)


async def resume(store: Store, profile: Profile, now: datetime) -> tuple[bool, RewardNews]:
    """End a running pause; False when there was none."""
    today = today_for(profile, now)
    ended = await store.end_pauses(profile.user_id, today) > 0
    news = await settle_rewards(store, profile, today, now, None) if ended else NO_NEWS
    return ended, news


# -- rewards ----------------------------------------------------------------------------------


async def reward_progress(
    store: Store, profile: Profile, today: date, items: list[rewards.Reward]
) -> list[rewards.Progress]:
    """Progress of each reward, from one read of the sessions since the oldest one was set."""
    if not items:
        return []
    since = min(r.start_day for r in items)
    sessions = await store.logged_sessions(profile.habit_id, since)
    _, rules, pauses = await store.calendar_facts(profile.user_id, profile.habit_id)
    return rewards.progress_all(items, sessions, rules, pauses, today)


async def settle_rewards(
    store: Store, profile: Profile, today: date, now: datetime, session_id: int | None
) -> RewardNews:
    """Record every unlock the runner's work has reached, exactly once, and what changed.

    A runner without rewards (most of them) costs nothing here: the profile counts them."""
    if not profile.rewards:
        return NO_NEWS
    active = [r for r in await store.rewards(profile.user_id) if r.goal.repeating or not r.unlocked]
    unlocked: list[Unlock] = []
    restarted: list[tuple[str, rewards.Progress]] = []
    nearest: tuple[str, rewards.Progress] | None = None
    earned: list[int] = []
    for reward, progress in zip(
        active, await reward_progress(store, profile, today, active), strict=True
    ):
        fresh = rewards.new_unlocks(reward, progress)
        earned += [reward.id] * fresh
        if fresh:
            unlocked.append(Unlock(reward.name, reward.goal.repeating, reward.unlocked + fresh))
        elif rewards.restarted(reward, progress):
            restarted.append((reward.name, progress))
        if reward.goal.consistency and progress.resets != reward.resets_seen:
            await store.set_resets_seen(reward.id, progress.resets)
        if not fresh and not reward.goal.repeating:
            share = progress.value / progress.target
            if nearest is None or share > nearest[1].value / nearest[1].target:
                nearest = (reward.name, progress)
    await store.add_unlocks(earned, session_id, today, now)
    return RewardNews(unlocked, restarted, nearest)


async def add_reward(
    store: Store, profile: Profile, text: str, now: datetime
) -> rewards.RewardSpec:
    spec = rewards.parse_reward(text)
    if (
        spec.goal is rewards.Goal.DAYS
        and spec.amount % 7
        and profile.target != streaks.DAILY_TARGET
    ):
        # Consistency days come a week at a time: "3 days" would be earned by one session.
        weeks = -(-spec.amount // 7)
        raise UserError(
            f"Consistency days come 7 at a time, one week on target each, so pick 7, 14, 21 "
            f"or 28 days, e.g. /reward {spec.name} after {weeks * 7} days"
        )
    existing = await store.rewards(profile.user_id)
    active = [r for r in existing if r.goal.repeating or not r.unlocked]
    if len(active) >= rewards.MAX_ACTIVE:
        raise UserError(
            f"You have {rewards.MAX_ACTIVE} rewards on the go already; "
            "delete one first, e.g. /reward delete 1"
        )
    if any(r.name.lower() == spec.name.lower() for r in active):
        raise UserError(
            "You are already working towards that one. A promise can't be made easier; "
            "delete it first if you must, e.g. /reward delete 1"
        )
    await store.add_reward(profile.user_id, spec, today_for(profile, now), now)
    return spec


async def reward_list(
    store: Store, profile: Profile, now: datetime
) -> list[tuple[rewards.Reward, rewards.Progress]]:
    items = await store.rewards(profile.user_id)
    progress = await reward_progress(store, profile, today_for(profile, now), items)
    return list(zip(items, progress, strict=True))


async def numbered_reward(
    store: Store, profile: Profile, text: str, command: str = "/claim"
) -> rewards.Reward:
    """The reward a runner names by its number in /rewards."""
    items = await store.rewards(profile.user_id)
    raw = text.strip()
    if not raw.isdecimal() or not 1 <= int(raw) <= len(items):
        if not items:
            raise UserError("You have no rewards yet, e.g. /reward running top after 21 days")
        raise UserError(
            f"Pick a reward by its number in /rewards (1 to {len(items)}), e.g. {command} 1"
        )
    return items[int(raw) - 1]


async def claim(store: Store, profile: Profile, text: str, now: datetime) -> rewards.Reward:
    reward = await numbered_reward(store, profile, text)
    if not await store.claim_unlock(reward.id, now):
        if reward.unlocked:
            raise UserError("Already claimed, every time it was earned. Enjoy! See /rewards")
        raise UserError("Not earned yet, keep going! Your progress is in /rewards, e.g. /rewards")
    return reward


async def delete_reward(store: Store, profile: Profile, reward_id: int) -> bool:
    return await store.delete_reward(profile.user_id, reward_id)


# -- pictures ---------------------------------------------------------------------------------

CHART_WEEKS = 16


async def chart_data(store: Store, profile: Profile, now: datetime) -> ChartData | None:
    """The last 16 weeks for the /stats picture; None for a runner with no sessions yet."""
    facts = await store.session_facts(profile.habit_id)
    if not facts:
        return None
    today = today_for(profile, now)
    cal = await calendar(store, profile)
    result = cal.summary(today)
    first = streaks.week_start(today, profile.week_start) - (CHART_WEEKS - 1) * 7 * streaks.DAY
    minutes: dict[date, int] = {}
    per_activity: dict[str, list[int]] = {}
    for day, mins, activity in facts:
        per_activity.setdefault(activity, []).append(mins)
        if day >= first:
            minutes[day] = minutes.get(day, 0) + mins
    span = [first + i * streaks.DAY for i in range((today - first).days + 1)]
    weeks = [
        (w.start, sum(m for d, m in minutes.items() if w.start <= d < w.end), w.days_done,
         w.target, w.status is streaks.Status.MET)
        for w in cal.weeks(today)
        if w.end > first
    ]  # fmt: skip
    streak = f"{result.current} {result.unit}{'' if result.current == 1 else 's'}"
    return ChartData(
        today=today,
        first_day=first,
        minutes=minutes,
        paused=frozenset(d for d in span if cal.paused(d)),
        weeks=weeks,
        activities=sorted(
            ((a, len(ms), sum(ms)) for a, ms in per_activity.items()), key=lambda t: (-t[1], -t[2])
        ),
        title=f"Streak {streak} · habit strength {round(cal.strength(today) * 100)}%",
    )


# -- the runner's data ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Export:
    csv: str
    json: str


@dataclass(frozen=True, slots=True)
class Imported:
    added: int
    duplicates: int
    rewards: RewardNews = NO_NEWS


async def export(store: Store, profile: Profile, now: datetime) -> Export:
    """Every session as CSV; settings, target history, pauses and rewards as JSON."""
    zone = zones.zone(profile.time_zone)
    rows = [
        (day, f"{at.astimezone(zone):%H:%M}", activity, minutes, note, habit)
        for day, at, activity, minutes, note, habit in await store.export_sessions(profile.user_id)
    ]
    ledger = await store.unlock_ledger(profile.user_id)
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
        for r in await store.rewards(profile.user_id)
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
            for r in await store.rules(profile.habit_id)
        ],
        "pauses": [
            {"first_day": p.first.isoformat(), "last_day": p.last.isoformat()}
            for p in await store.pauses(profile.user_id)
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
            for p in await store.plans(profile.user_id, date.min, date.max)
        ],
    }
    return Export(
        csv=portable.to_csv(rows), json=json.dumps(document, indent=2, ensure_ascii=False)
    )


async def import_sessions(
    store: Store, profile: Profile, content: bytes, now: datetime
) -> Imported:
    """Restore sessions from an exported CSV; duplicates are skipped, and a file with any bad
    line imports nothing (UserError lists the lines)."""
    rows, problems = portable.from_csv(content, today_for(profile, now))
    if problems:
        shown = "; ".join(problems[:10]) + (
            f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        )
        raise UserError(f"Nothing was imported. Fix these lines and send the file again: {shown}")
    existing = await store.session_keys(profile.habit_id)
    added = 0
    for row in rows:
        key = (row.day, row.activity, row.minutes, row.note)
        if key in existing:
            continue
        existing.add(key)
        await store.add_session(
            user_id=profile.user_id, habit_id=profile.habit_id, activity=row.activity,
            minutes=row.minutes, day=row.day, note=row.note, now=now, source=None,
        )  # fmt: skip
        added += 1
    # Imported sessions can meet weeks and count towards rewards, as any logged session does.
    today = today_for(profile, now)
    news = await settle_rewards(store, profile, today, now, None) if added else NO_NEWS
    return Imported(added, len(rows) - added, news)


async def delete_everything(store: Store, user_id: int) -> bool:
    return await store.delete_user(user_id)
