"""Coaching use cases: invite links, the athlete's visibility choice, plans a coach writes,
the coach's table of athletes and the Monday digest."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from bot import services
from bot.domain import coaches, plans, schedule, streaks
from bot.domain.coaches import Athlete, CoachLink, Line, Sees
from bot.domain.errors import ErrorCode, UserError
from bot.domain.invites import InviteKind
from bot.domain.model import Profile, Session
from bot.services.ports import CoachingStore, HasCoaching

DIGEST_MINUTE = 8 * 60  # Monday 08:00 on the coach's clock
MONDAY = 0b1
FOUR_WEEKS = timedelta(days=28)
DIGEST_BATCH = 50
DETAIL_SESSIONS = 5


# -- invites and links --------------------------------------------------------------------------


async def coach_behind(store: CoachingStore, code: str, athlete: Profile, now: datetime) -> Profile:
    """The coach inviting with this code, if the code and both sides allow it."""
    coach = await services.invites.inviter(store, InviteKind.COACH, code, athlete.user_id, now)
    coaches.check_room(
        await store.coaching.count_athletes(coach.user_id),
        await store.coaching.coach_of(athlete.user_id) is not None,
    )
    return coach


async def accept(store: CoachingStore, code: str, athlete: Profile, now: datetime) -> Profile:
    """Link the athlete to the coach behind the code (the code is then used up)."""
    coach = await coach_behind(store, code, athlete, now)
    await services.invites.use(store, InviteKind.COACH, code, now)
    if not await store.coaching.link(coach.user_id, athlete.user_id, Sees.WEEK, now):
        raise UserError(ErrorCode.HAS_COACH)
    await store.coaching.set_digest(coach.user_id, next_digest(coach, now))
    return coach


async def accept_counted(
    store: CoachingStore, code: str, athlete: Profile, now: datetime
) -> tuple[Profile, int]:
    """`accept`, and how many athletes the coach has now."""
    coach = await accept(store, code, athlete, now)
    return coach, await store.coaching.count_athletes(coach.user_id)


def next_digest(coach: Profile, now: datetime) -> datetime:
    return schedule.next_daily(now, DIGEST_MINUTE, coach.time_zone, days=MONDAY)


async def coach_of(store: CoachingStore, athlete: Profile) -> CoachLink | None:
    return await store.coaching.coach_of(athlete.user_id)


async def set_sees(store: CoachingStore, athlete: Profile, sees: Sees) -> CoachLink:
    link = await coach_of(store, athlete)
    if link is None:
        raise UserError(ErrorCode.NO_COACH)
    await store.coaching.set_sees(athlete.user_id, sees)
    return link


async def leave_coach(store: CoachingStore, athlete: Profile) -> CoachLink:
    """The athlete ends their coaching; the former coach, to tell them."""
    link = await coach_of(store, athlete)
    if link is None or await store.coaching.unlink(athlete.user_id) is None:
        raise UserError(ErrorCode.NO_COACH_TO_REMOVE)
    return link


async def athletes(store: HasCoaching, coach: Profile) -> list[Athlete]:
    return await store.coaching.athletes_of(coach.user_id)


async def athletes_named(store: CoachingStore, coach: Profile, name: str) -> list[Athlete]:
    """The coach's athletes a name points to; UserError when it points to none."""
    found = coaches.find_athletes(await athletes(store, coach), name)
    if not found:
        raise UserError(ErrorCode.NO_ATHLETE_NAMED, name=name.removeprefix("@")[:40])
    return found


async def note_username(store: CoachingStore, profile: Profile, username: str | None) -> None:
    """The runner's Telegram @username as this update shows it, for a coach to name them by."""
    await store.coaching.set_username(profile.user_id, username[:32] if username else None)


async def athlete(store: HasCoaching, coach: Profile, athlete_id: int) -> Athlete:
    """One of the coach's accepted athletes, by id (from a button: user input)."""
    for candidate in await athletes(store, coach):
        if candidate.user_id == athlete_id:
            return candidate
    raise UserError(ErrorCode.NOT_YOUR_ATHLETE)


async def drop_athlete(store: CoachingStore, coach: Profile, athlete_id: int) -> Athlete:
    chosen = await athlete(store, coach, athlete_id)
    await store.coaching.unlink(chosen.user_id, coach.user_id)
    return chosen


# -- plans a coach writes -----------------------------------------------------------------------


async def _athlete_profile(store: CoachingStore, chosen: Athlete) -> Profile:
    profile = await store.runners.get(chosen.user_id)
    if profile is None:
        raise UserError(ErrorCode.NOT_YOUR_ATHLETE)
    return profile


async def plan_for_athlete(
    store: CoachingStore, coach: Profile, chosen: Athlete, text: str, now: datetime
) -> list[plans.PlanSpec]:
    """`tue kettlebell 20 swings` or `week` for an athlete, on the athlete's calendar; the
    plans written, marked as the coach's."""
    profile = await _athlete_profile(store, chosen)
    if text.strip().lower() == "week":
        return await copy_week(store, profile, now, coach)
    spec = replace(plans.parse_plan(text, services.base.today_for(profile, now), coach.language),
                   coach=coach.first_name)  # fmt: skip
    plans.check_plan_time(spec, profile.time_zone, now)
    await services.plans.write(store, profile, spec, now, coach.user_id)
    return [spec]


async def write_for_athlete(
    store: CoachingStore,
    coach: Profile,
    chosen: Athlete,
    day: date,
    activity: str,
    minutes: int,
    details: str | None,
    now: datetime,
    at: time | None = None,
) -> plans.PlanSpec:
    """A plan a coach writes from its parts (at a clock time, if `at`), on the athlete's
    calendar, marked as theirs."""
    profile = await _athlete_profile(store, chosen)
    today = services.base.today_for(profile, now)
    spec = plans.make_plan(day, activity, minutes, details, today, at)
    await services.plans.write(store, profile, spec, now, coach.user_id)
    return replace(spec, coach=coach.first_name)


async def copy_week(
    store: CoachingStore, owner: Profile, now: datetime, coach: Profile | None = None
) -> list[plans.PlanSpec]:
    """This week's plans (on the owner's calendar) written again a week later."""
    today = services.base.today_for(owner, now)
    start = streaks.week_start(today, owner.week_start)
    current = await store.plans.between(owner.user_id, start, start + timedelta(days=6))
    if not current:
        raise UserError(ErrorCode.NOTHING_PLANNED, for_athlete=coach is not None)
    written = []
    for spec in current:
        later = replace(spec, day=spec.day + timedelta(days=7),
                        coach=coach.first_name if coach else None)  # fmt: skip
        await services.plans.write(store, owner, later, now, coach.user_id if coach else None)
        written.append(later)
    return written


async def coach_to_tell(
    store: CoachingStore, athlete: Profile, dropped: list[plans.PlanRecord]
) -> CoachLink | None:
    """The athlete's coach, when the plans the athlete cleared or changed include theirs."""
    link = await coach_of(store, athlete)
    if link is None or all(p.coach_id != link.coach_id for p in dropped):
        return None
    return link


async def clear_for_athlete(
    store: CoachingStore, coach: Profile, chosen: Athlete, text: str, now: datetime
) -> tuple[date, list[plans.PlanRecord]]:
    """`/plan @ada clear thu`: the plans the coach wrote for the athlete that day, cancelled."""
    profile = await _athlete_profile(store, chosen)
    return await services.plans.clear_plan_by(store, coach, profile, text, now)


# -- who is slipping ----------------------------------------------------------------------------


async def line(store: CoachingStore, chosen: Athlete, now: datetime) -> Line | None:
    profile = await store.runners.get(chosen.user_id, with_calendar=True)
    if profile is None:
        return None
    cal = await services.base.calendar(store, profile)
    today = services.base.today_for(profile, now)
    weeks = cal.weeks(today)
    summary = cal.summary(today)
    missed_target = len(weeks) > 1 and weeks[-2].status == streaks.Status.MISSED
    base = Line(chosen, summary.week, summary.current, summary.unit,
                missed_last_target=missed_target)  # fmt: skip
    if chosen.sees == Sees.WEEK:
        return base
    planned = await store.plans.between(
        profile.user_id, today - FOUR_WEEKS, today - timedelta(days=1)
    )
    done = [p for p in planned if p.day in cal.days]
    this_week = summary.week.start
    missed = [
        p for p in planned if this_week - timedelta(days=7) <= p.day < this_week
        and p.day not in cal.days
    ]  # fmt: skip
    return replace(base, planned=len(planned), planned_done=len(done),
                   missed_last_week=len(missed))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Detail:
    """One athlete as their coach may see them."""

    line: Line
    plans: list[plans.PlanSpec]  # the coming week; empty when the athlete shows week only
    sessions: list[Session]  # the latest; notes removed unless the athlete shares them


async def detail(store: CoachingStore, coach: Profile, name: str, now: datetime) -> Detail:
    found = await athletes_named(store, coach, name)
    if len(found) > 1:
        raise UserError(ErrorCode.WHICH_ATHLETE, names=tuple(a.name for a in found[:10]))
    chosen = found[0]
    found_line = await line(store, chosen, now)
    if found_line is None:
        raise UserError(ErrorCode.NOT_YOUR_ATHLETE)
    if chosen.sees == Sees.WEEK:
        return Detail(found_line, [], [])
    profile = await _athlete_profile(store, chosen)
    today = services.base.today_for(profile, now)
    coming = await store.plans.between(profile.user_id, today, today + timedelta(days=6))
    latest = await store.sessions.recent(profile.user_id, DETAIL_SESSIONS)
    if chosen.sees != Sees.NOTES:
        latest = [replace(s, note=None) for s in latest]
    return Detail(found_line, coming, latest)


async def table(store: CoachingStore, coach: Profile, now: datetime) -> list[Line]:
    """One line per athlete, the ones at risk first."""
    lines = [await line(store, chosen, now) for chosen in await athletes(store, coach)]
    return coaches.slipping_first([found for found in lines if found is not None])


@dataclass(frozen=True, slots=True)
class Digest:
    chat_id: int
    lines: list[Line]


async def due_digests(store: CoachingStore, now: datetime) -> list[Digest]:
    """Claim the coaches whose Monday digest is due and move each on a week."""
    digests = []
    for coach_id in await store.coaching.due_digests(now, DIGEST_BATCH):
        coach = await store.runners.get(coach_id)
        if coach is None:
            continue
        await store.coaching.move_digest(coach_id, next_digest(coach, now + timedelta(hours=1)))
        lines = await table(store, coach, now)
        if lines and coach.active:
            digests.append(Digest(coach.chat_id, lines))
    return digests
