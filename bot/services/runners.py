"""A runner's account and settings: sign-up, zone, check-in time, target, week start, pauses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot import services
from bot.domain import parsing, streaks
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile, Step
from bot.services.base import calendar, today_for
from bot.services.ports import RunnerStore, SettingsStore
from bot.services.rewards import NO_NEWS, RewardNews, settle_rewards


async def ensure_user(
    store: SettingsStore,
    user_id: int,
    chat_id: int,
    first_name: str,
    now: datetime,
    *,
    with_calendar: bool = False,
    language: str = "en",
) -> tuple[Profile, bool]:
    """The runner's profile, created with defaults on first contact (speaking `language`, the
    one their Telegram is in when the bot speaks it); True when new. `with_calendar` reads
    their calendar in the same query, for what follows to use."""
    profile = await store.runners.get(user_id, with_calendar=with_calendar)
    if profile is not None:
        return profile, False
    await store.runners.add(user_id, chat_id, first_name[:64], now.date(), now, language)
    created = await store.runners.get(user_id, with_calendar=with_calendar)
    assert created is not None
    return created, True


async def sign_up(
    store: SettingsStore,
    user_id: int,
    chat_id: int,
    first_name: str,
    now: datetime,
    group: tuple[int, str] | None = None,
    *,
    with_calendar: bool = False,
    language: str = "en",
) -> Profile:
    """The runner an update comes from, signed up with defaults the first time they write (their
    check-ins wait for onboarding); writing in a group (`group`: its chat id and title) makes
    them one of its members."""
    profile, created = await ensure_user(
        store, user_id, chat_id, first_name, now, with_calendar=with_calendar, language=language
    )
    # A new runner has no timed plan to be reminded of and no check-in schedule to replace:
    # there is something to schedule only if they start with check-ins.
    if created and services.checkins.has_checkins(profile):
        await services.checkins.reschedule(store, profile, now)
    if group is not None:
        await services.groups.join_group(store, group[0], group[1], profile, now)
    return profile


async def set_active(store: SettingsStore, user_id: int, active: bool, now: datetime) -> None:
    """The runner blocked the bot (no check-ins until they come back) or unblocked it."""
    if await store.runners.get(user_id) is not None:
        await store.runners.update(user_id, now, active=active)
        await services.checkins.reschedule_runner(store, user_id, now)


async def set_checkin_time(
    store: SettingsStore, profile: Profile, minute: int | None, days: int | None, now: datetime
) -> None:
    """The morning check-in's time (None: off) and, unless None, its weekdays (a mask)."""
    await set_prompt(store, profile, minute, now)
    if days is not None:
        await store.runners.update(profile.user_id, now, prompt_days=days)
    await services.checkins.reschedule_runner(store, profile.user_id, now)


async def set_quiet_when_met(
    store: SettingsStore, profile: Profile, quiet: bool, now: datetime
) -> None:
    await store.runners.update(profile.user_id, now, quiet_when_met=quiet)
    await services.checkins.reschedule_runner(store, profile.user_id, now)


async def set_evening(store: SettingsStore, profile: Profile, minute: int, now: datetime) -> None:
    """When Tonight reminders and at-risk nudges come (minutes after local midnight)."""
    await store.runners.update(profile.user_id, now, evening_minute=minute)
    await services.checkins.reschedule_runner(store, profile.user_id, now)


async def change_zone(
    store: SettingsStore, profile: Profile, zone_name: str, now: datetime
) -> None:
    await set_zone(store, profile, zone_name, now)
    await services.checkins.reschedule_runner(store, profile.user_id, now)


async def change_week_start(
    store: SettingsStore, profile: Profile, first_weekday: int, now: datetime
) -> RuleChanged:
    changed = await set_week_start(store, profile, first_weekday, now)
    await services.checkins.reschedule_runner(store, profile.user_id, now)
    return changed


async def set_language(
    store: SettingsStore, profile: Profile, language: str, now: datetime
) -> None:
    await store.runners.update(profile.user_id, now, language=language)


async def set_zone(store: SettingsStore, profile: Profile, zone_name: str, now: datetime) -> None:
    await store.runners.update(profile.user_id, now, time_zone=zone_name)


async def set_prompt(
    store: SettingsStore, profile: Profile, minute: int | None, now: datetime
) -> None:
    await store.runners.update(profile.user_id, now, prompt_minute=minute)


@dataclass(frozen=True, slots=True)
class PendingTarget:
    """A target set for the weeks to come while this week keeps the one it began with."""

    since: date  # the first day of the week it applies from
    this_week: int


async def pending_target(
    store: RunnerStore, profile: Profile, now: datetime
) -> PendingTarget | None:
    """The profile's target when it does not judge this week yet (a later change waits for the
    next week), with the target this week keeps; None when this week has it already."""
    today = today_for(profile, now)
    rules = await store.runners.rules(profile.habit_id)
    in_force = [r for r in rules if r.since <= today]
    if not in_force or in_force[-1].target == profile.target:
        return None
    since = min(r.since for r in rules if r.since > today)
    return PendingTarget(since, in_force[-1].target)


@dataclass(frozen=True, slots=True)
class RuleChanged:
    """What a change of target or week start did, for the reply."""

    since: date  # the first day in the new rule
    week: streaks.WeekProgress  # the current week, after the change
    next_week: streaks.Week | None  # week start: the first week in the new reckoning
    rewards: RewardNews = NO_NEWS
    first: bool = False  # the runner's first target: it judges every week, earlier ones too
    unchanged: bool = False  # the rule asked for is the one in force already: nothing changed


async def set_target(
    store: SettingsStore, profile: Profile, target: int, now: datetime
) -> RuleChanged:
    """The first target a runner chooses judges every week, earlier ones included; a later
    change applies from next week on, so no week that has begun is met, un-met or rewritten."""
    today = today_for(profile, now)
    cal = await calendar(store, profile)
    first = not await store.runners.target_chosen(profile.habit_id)
    if first:
        since = date.min
        rules = streaks.first_target(cal.rules, target)
        await store.runners.choose_target(profile.habit_id)
    else:
        since = cal.weeks(today)[-1].end
        rules = streaks.change_rules(cal.rules, since, target=target)
        if rules == cal.rules and cal.progress(today).target == target:
            return RuleChanged(since, cal.progress(today), None, unchanged=True)
    await store.runners.replace_rules(profile.habit_id, rules)
    after = await calendar(store, profile)
    news = await settle_rewards(store, profile, today, now, None)
    return RuleChanged(since, after.progress(today), None, news, first)


async def set_week_start(
    store: SettingsStore, profile: Profile, first_weekday: int, now: datetime
) -> RuleChanged:
    """A new week start applies once the current week is over, so no week is cut short."""
    today = today_for(profile, now)
    cal = await calendar(store, profile)
    since = cal.weeks(today)[-1].end
    rules = streaks.change_rules(cal.rules, since, first_weekday=first_weekday)
    await store.runners.replace_rules(profile.habit_id, rules)
    after = await calendar(store, profile)
    upcoming = after.weeks(since)[-1]
    return RuleChanged(since, after.progress(today), upcoming)


async def set_onboarding(
    store: SettingsStore, profile: Profile, step: Step | None, now: datetime
) -> None:
    await store.runners.update(profile.user_id, now, onboarding=step)


async def reactivate(store: SettingsStore, profile: Profile, chat_id: int, now: datetime) -> None:
    await store.runners.update(profile.user_id, now, active=True, chat_id=chat_id)


@dataclass(frozen=True, slots=True)
class Paused:
    pause: streaks.Pause
    rewards: RewardNews = NO_NEWS
    # The current week when the pause met it (its target shrank to what was already done).
    met_week: streaks.WeekProgress | None = None
    later: bool = False  # it begins on a day to come ("from friday")


async def pause(store: SettingsStore, profile: Profile, text: str, now: datetime) -> Paused:
    today = today_for(profile, now)
    first, last = parsing.parse_pause(text, today, profile.language)
    new = streaks.Pause(first, last)
    existing = await store.runners.pauses(profile.user_id)
    if any(p.first <= last and first <= p.last for p in existing):
        raise UserError(ErrorCode.ALREADY_PAUSED)
    if not streaks.pause_fits(existing, new):
        raise UserError(ErrorCode.PAUSE_BUDGET, limit=streaks.PAUSE_BUDGET_DAYS)
    before = (await calendar(store, profile)).progress(today)
    await store.runners.add_pause(profile.user_id, first, last, now)
    # A week's target shrinks with its paused days, so a pause can meet a week: say so.
    after = (await calendar(store, profile)).progress(today)
    news = await settle_rewards(store, profile, today, now, None)
    met = after.target > 0 and after.met and not before.met and after.start == before.start
    return Paused(new, news, after if met else None, later=first > today)


@dataclass(frozen=True, slots=True)
class Resumed:
    """What /resume did: whether a pause ended, the week as it stands now (a pause that met it
    no longer does), and what that did to rewards."""

    ended: bool
    week: streaks.WeekProgress
    rewards: RewardNews = NO_NEWS


async def resume(store: SettingsStore, profile: Profile, now: datetime) -> Resumed:
    """End a running pause; `ended` is False when there was none."""
    today = today_for(profile, now)
    ended = await store.runners.end_pauses(profile.user_id, today) > 0
    news = await settle_rewards(store, profile, today, now, None) if ended else NO_NEWS
    week = (await calendar(store, profile)).progress(today)
    return Resumed(ended, week, news)


async def delete_everything(store: SettingsStore, user_id: int) -> bool:
    return await store.runners.delete(user_id)


async def admin_counts(store: SettingsStore, now: datetime) -> dict[str, int]:
    """Runners, active ones, sessions logged since midnight UTC and check-ins due by `now`."""
    return await store.runners.admin_counts(now.replace(hour=0, minute=0, second=0), now)


async def languages(store: SettingsStore, chat_ids: list[int]) -> dict[int, str]:
    """The language to speak in each of these chats, where one was chosen (else English)."""
    return await store.runners.languages(chat_ids)
