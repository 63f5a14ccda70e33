"""Plans with a time, their reminders and the calendar feed, against a real migrated database:
the feed read back with the iCalendar library says what /plans says."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot import services, texts
from bot.domain.coaches import Sees
from bot.domain.errors import ErrorCode, UserError
from bot.domain.invites import InviteKind
from bot.domain.model import Profile
from bot.domain.plans import PlanSpec
from tests.services.builders import Transaction, at, reread, sign_up

ADA, BEN, ANNA = 7101, 7102, 7103
WEDNESDAY = at("2026-11-25 09:00")


async def runner(transaction: Transaction, user_id: int, zone: str = "UTC") -> Profile:
    profile = await sign_up(transaction, user_id, {ADA: "Ada", BEN: "Ben"}.get(user_id, "Anna"),
                            WEDNESDAY)  # fmt: skip
    if zone != "UTC":
        async with transaction() as store:
            await services.runners.set_zone(store, profile, zone, WEDNESDAY)
    return await reread(transaction, user_id)


async def plan(
    transaction: Transaction, profile: Profile, text: str, now: datetime = WEDNESDAY
) -> None:
    async with transaction() as store:
        await services.plans.plan(store, profile, text, now)


async def events(transaction: Transaction, profile: Profile, now: datetime = WEDNESDAY,
                 kind: str = services.calendar.OWN) -> list[icalendar.Event]:  # fmt: skip
    """The runner's feed as a calendar app reads it."""
    async with transaction() as store:
        token, _ = await services.calendar.link(store, profile, now, kind)
        feed = await services.calendar.feed(store, token, now)
    assert feed is not None
    parsed = icalendar.Calendar.from_ical(texts.calendar.ics(feed))
    return list(parsed.walk("VEVENT"))


def as_plan(event: icalendar.Event) -> tuple[date, time | None, str, int]:
    start = event.decoded("dtstart")
    minutes = (event.decoded("dtend") - start) // timedelta(minutes=1) if isinstance(
        start, datetime) else None  # fmt: skip
    activity, amount, _ = str(event["summary"]).removeprefix("💪 ").rsplit(" ", 2)
    assert minutes is None or minutes == int(amount)
    if isinstance(start, datetime):
        return start.date(), start.time(), activity, int(amount)
    return start, None, activity, int(amount)


async def test_the_feed_read_back_says_what_plans_says(transaction: Transaction) -> None:
    ada = await runner(transaction, ADA, "Europe/Berlin")
    await plan(transaction, ada, "thu 18:30 kettlebell 20 swings, goblet squats")
    await plan(transaction, ada, "thu core 10")
    await plan(transaction, ada, "sat 7am barre 30")
    async with transaction() as store:
        week = await services.plans.coming_week(store, ada, WEDNESDAY)
    assert [(p.day, p.at, p.activity) for p in week] == [
        (date(2026, 11, 26), None, "core"),
        (date(2026, 11, 26), time(18, 30), "kettlebell"),
        (date(2026, 11, 28), time(7, 0), "barre"),
    ]
    found = await events(transaction, ada)
    assert sorted((as_plan(e) for e in found), key=repr) == sorted(
        ((p.day, p.at, p.activity, p.minutes) for p in week), key=repr
    )
    timed = next(e for e in found if "kettlebell" in str(e["summary"]))
    assert timed.decoded("dtstart").tzinfo.key == "Europe/Berlin"  # type: ignore[union-attr]
    assert timed["dtstart"].params["TZID"] == "Europe/Berlin"
    assert "swings, goblet squats" in str(timed["description"])
    assert "Planned by you" in str(timed["description"])


async def test_a_plan_changed_moved_and_cleared_keeps_its_uid(transaction: Transaction) -> None:
    ada = await runner(transaction, ADA)
    await plan(transaction, ada, "thu 18:30 kettlebell 20")
    (first,) = await events(transaction, ada)
    later = WEDNESDAY + timedelta(hours=1)
    await plan(transaction, ada, "thu 18:30 kettlebell 25 heavier", later)  # changed
    (changed,) = await events(transaction, ada, later)
    await plan(transaction, ada, "thu 07:00 kettlebell 25 heavier", later)  # moved
    (moved,) = await events(transaction, ada, later)
    async with transaction() as store:
        await services.plans.clear_plan(store, ada, "thu", later)
    (cleared,) = await events(transaction, ada, later)
    assert len({str(e["uid"]) for e in (first, changed, moved, cleared)}) == 1
    assert [int(e["sequence"]) for e in (first, changed, moved, cleared)] == [0, 1, 2, 3]
    assert str(changed["status"]) == "CONFIRMED" and as_plan(changed)[3] == 25
    assert changed.decoded("last-modified") == later
    assert as_plan(moved)[1] == time(7, 0)
    assert str(cleared["status"]) == "CANCELLED"
    async with transaction() as store:
        assert await services.plans.coming_week(store, ada, later) == []


async def test_a_second_plan_for_a_day_stands_beside_the_first(transaction: Transaction) -> None:
    ada = await runner(transaction, ADA)
    await plan(transaction, ada, "thu kettlebell 20")
    await plan(transaction, ada, "thu core 10")
    async with transaction() as store:
        week = await services.plans.coming_week(store, ada, WEDNESDAY)
        assert [p.activity for p in week] == ["core", "kettlebell"]
        _, dropped = await services.plans.clear_plan(store, ada, "thu core", WEDNESDAY)
        assert [p.spec.activity for p in dropped] == ["core"]
        assert [p.activity for p in await services.plans.coming_week(store, ada, WEDNESDAY)] == [
            "kettlebell"
        ]


async def test_one_runners_token_never_reaches_anothers_plans(transaction: Transaction) -> None:
    ada, ben = await runner(transaction, ADA), await runner(transaction, BEN)
    await plan(transaction, ada, "thu kettlebell 20 secret")
    await plan(transaction, ben, "fri barre 30")
    async with transaction() as store:
        ben_token, _ = await services.calendar.link(store, ben, WEDNESDAY)
        ada_token, _ = await services.calendar.link(store, ada, WEDNESDAY)
        feed = await services.calendar.feed(store, ben_token, WEDNESDAY)
        other = "y" if ben_token.endswith("x") else "x"  # a token one letter off, never the same
        assert await services.calendar.feed(store, ben_token[:-1] + other, WEDNESDAY) is None
    assert ben_token != ada_token and feed is not None
    assert [person.user_id for person in feed.people] == [BEN]
    body = texts.calendar.ics(feed).decode()
    assert "barre" in body and "kettlebell" not in body and "secret" not in body


async def test_a_reset_link_is_dead_and_deleteme_removes_it(transaction: Transaction) -> None:
    ada = await runner(transaction, ADA)
    async with transaction() as store:
        old, _ = await services.calendar.link(store, ada, WEDNESDAY)
        await services.calendar.reset_links(store, ada, WEDNESDAY)
        new, _ = await services.calendar.link(store, ada, WEDNESDAY)
        assert new != old
        assert await services.calendar.feed(store, old, WEDNESDAY) is None
        assert await services.calendar.feed(store, new, WEDNESDAY) is not None
        await store.runners.delete(ADA)
    async with transaction() as store:
        assert await services.calendar.feed(store, new, WEDNESDAY) is None


async def test_the_same_feed_gives_the_same_bytes_and_a_change_a_new_etag(
    transaction: Transaction,
) -> None:
    ada = await runner(transaction, ADA, "America/New_York")
    await plan(transaction, ada, "thu 18:30 kettlebell 20")

    async def body(now: datetime) -> tuple[bytes, str]:
        async with transaction() as store:
            token, _ = await services.calendar.link(store, ada, now)
            feed = await services.calendar.feed(store, token, now)
        assert feed is not None
        return texts.calendar.ics(feed), texts.calendar.etag(feed)

    first, tag = await body(WEDNESDAY)
    assert await body(WEDNESDAY + timedelta(minutes=5)) == (first, tag)
    await plan(transaction, ada, "thu 19:00 kettlebell 20", WEDNESDAY + timedelta(minutes=6))
    changed, new_tag = await body(WEDNESDAY + timedelta(minutes=7))
    assert changed != first and new_tag != tag


@pytest.mark.parametrize(
    ("zone", "monday", "utc_before", "utc_after"),
    [
        # Europe leaves summer time on Sun 25 Oct 2026, the US on Sun 1 Nov 2026.
        ("Europe/Berlin", date(2026, 10, 19), "16:30", "17:30"),
        ("America/New_York", date(2026, 10, 26), "22:30", "23:30"),
    ],
)
async def test_a_dst_week_keeps_the_local_time_in_the_feed_and_the_reminder(
    transaction: Transaction, zone: str, monday: date, utc_before: str, utc_after: str
) -> None:
    now = datetime.combine(monday, time(6), ZoneInfo("UTC"))
    ada = await runner(transaction, ADA, zone)
    # Saturday before the change and Monday after it, both at 18:30 local time.
    saturday, next_monday = monday + timedelta(days=5), monday + timedelta(days=7)
    async with transaction() as store:
        for day in (saturday, next_monday):
            spec = PlanSpec(day, "kettlebell", 20, None, at=time(18, 30))
            await services.plans.set_plan(store, ada, spec, now)
    found = sorted(e.decoded("dtstart") for e in await events(transaction, ada, now))
    assert [(d.date(), d.time()) for d in found] == [
        (saturday, time(18, 30)), (next_monday, time(18, 30))
    ]  # fmt: skip
    # The reminders, 30 minutes before, at 18:00 local: a different UTC hour each side.
    due = [datetime.combine(d.date(), time(18), ZoneInfo(zone)) for d in found]
    assert [d.astimezone(ZoneInfo("UTC")).strftime("%H:%M") for d in due] == [
        (datetime.strptime(utc_before, "%H:%M") - timedelta(minutes=30)).strftime("%H:%M"),
        (datetime.strptime(utc_after, "%H:%M") - timedelta(minutes=30)).strftime("%H:%M"),
    ]
    sent = []
    for instant in due:
        async with transaction() as store:
            early, _ = await services.plans.claim_reminders(
                store, instant - timedelta(minutes=1), 100, timedelta(hours=2)
            )
            assert early == []
        async with transaction() as store:
            on_time, _ = await services.plans.claim_reminders(
                store, instant, 100, timedelta(hours=2)
            )
        sent += on_time
    assert [(r.spec.day, r.lead) for r in sent] == [(saturday, 30), (next_monday, 30)]


async def test_a_reminder_goes_once_and_never_again_after_a_restart(
    transaction: Transaction,
) -> None:
    ada = await runner(transaction, ADA)
    await plan(transaction, ada, "thu 18:30 kettlebell 20")
    due = at("2026-11-26 18:00")
    async with transaction() as store:
        first, _ = await services.plans.claim_reminders(store, due, 100, timedelta(hours=2))
    # A new process: the claim was committed, so nothing is due again, then or later.
    for moment in (due, due + timedelta(minutes=1), due + timedelta(hours=1)):
        async with transaction() as store:
            again, claimed = await services.plans.claim_reminders(
                store, moment, 100, timedelta(hours=2)
            )
            assert again == [] and claimed == 0
    assert len(first) == 1 and first[0].chat_id == ADA
    # A change of details after the reminder does not send it again; a new time does.
    await plan(transaction, ada, "thu 18:30 kettlebell 25", due + timedelta(minutes=5))
    async with transaction() as store:
        assert (await services.plans.claim_reminders(store, due + timedelta(minutes=6), 100,
                                                     timedelta(hours=2)))[0] == []  # fmt: skip
    await plan(transaction, ada, "thu 20:00 kettlebell 25", due + timedelta(minutes=7))
    async with transaction() as store:
        moved, _ = await services.plans.claim_reminders(
            store, at("2026-11-26 19:30"), 100, timedelta(hours=2)
        )
    assert [r.spec.at for r in moved] == [time(20, 0)]


async def test_no_reminder_for_a_logged_or_paused_day_or_when_off(
    transaction: Transaction,
) -> None:
    ada = await runner(transaction, ADA)
    await plan(transaction, ada, "thu 18:30 kettlebell 20")
    await plan(transaction, ada, "fri 18:30 kettlebell 20")
    await plan(transaction, ada, "sat 18:30 kettlebell 20")
    async with transaction() as store:
        await services.sessions.log_session(
            store, ada, activity="core", minutes=10, day=date(2026, 11, 26), note=None,
            now=at("2026-11-26 08:00"), source=None,
        )  # fmt: skip
        await store.runners.add_pause(ADA, date(2026, 11, 27), date(2026, 11, 27), WEDNESDAY)
        await services.plans.set_remind(store, ada, None, at("2026-11-26 08:00"))
        await services.plans.set_remind(store, ada, 30, at("2026-11-26 08:00"))
    sent = []
    for day in ("26", "27", "28"):
        async with transaction() as store:
            found, _ = await services.plans.claim_reminders(
                store, at(f"2026-11-{day} 18:00"), 100, timedelta(hours=2)
            )
        sent += found
    assert [r.spec.day for r in sent] == [date(2026, 11, 28)]
    async with transaction() as store:
        await services.plans.set_remind(store, ada, None, WEDNESDAY)
    await plan(transaction, ada, "sun 18:30 kettlebell 20")
    async with transaction() as store:
        found, claimed = await services.plans.claim_reminders(
            store, at("2026-11-29 18:00"), 100, timedelta(hours=2)
        )
    assert found == [] and claimed == 0


async def test_a_late_reminder_is_dropped_not_sent_stale(transaction: Transaction) -> None:
    ada = await runner(transaction, ADA)
    await plan(transaction, ada, "thu 18:30 kettlebell 20")
    async with transaction() as store:
        found, claimed = await services.plans.claim_reminders(
            store, at("2026-11-26 21:00"), 100, timedelta(hours=2)
        )
    assert found == [] and claimed == 1


async def coached(transaction: Transaction, sees: Sees = Sees.ALL) -> tuple[Profile, Profile]:
    anna, ada = await runner(transaction, ANNA), await runner(transaction, ADA)
    async with transaction() as store:
        code = await services.invites.new(store, InviteKind.COACH, anna, WEDNESDAY)
        await services.coaching.accept(store, code, ada, WEDNESDAY)
        await services.coaching.set_sees(store, ada, sees)
    return anna, ada


async def test_a_coach_clears_only_the_plans_they_wrote(transaction: Transaction) -> None:
    anna, ada = await coached(transaction)
    async with transaction() as store:
        (chosen,) = await services.coaching.athletes(store, anna)
        await services.coaching.plan_for_athlete(
            store, anna, chosen, "thu kettlebell 20", WEDNESDAY
        )
    await plan(transaction, ada, "thu core 10")
    async with transaction() as store:
        _, dropped = await services.coaching.clear_for_athlete(
            store, anna, chosen, "thu", WEDNESDAY
        )
        assert [p.spec.activity for p in dropped] == ["kettlebell"]
        with pytest.raises(UserError) as refused:
            await services.coaching.clear_for_athlete(store, anna, chosen, "thu", WEDNESDAY)
        assert refused.value.code is ErrorCode.NO_COACH_PLAN
        assert [p.activity for p in await services.plans.coming_week(store, ada, WEDNESDAY)] == [
            "core"
        ]


async def test_a_coach_changes_their_plan_in_place(transaction: Transaction) -> None:
    anna, ada = await coached(transaction)
    async with transaction() as store:
        (chosen,) = await services.coaching.athletes(store, anna)
        await services.coaching.plan_for_athlete(
            store, anna, chosen, "thu kettlebell 20", WEDNESDAY
        )
        await services.coaching.plan_for_athlete(
            store, anna, chosen, "thu 17:00 kettlebell 30", WEDNESDAY
        )
        week = await services.plans.coming_week(store, ada, WEDNESDAY)
    assert [(p.at, p.minutes, p.coach) for p in week] == [(time(17), 30, "Anna")]
    (event,) = await events(transaction, ada)
    assert int(event["sequence"]) == 1 and "Planned by coach Anna" in str(event["description"])


@pytest.mark.parametrize(("sees", "shown"), [(Sees.ALL, True), (Sees.WEEK, False)])
async def test_a_coachs_feed_holds_the_athletes_who_show_plans(
    transaction: Transaction, sees: Sees, shown: bool
) -> None:
    anna, ada = await coached(transaction, sees)
    await plan(transaction, ada, "thu kettlebell 20")
    found = await events(transaction, anna, kind=services.calendar.ATHLETES)
    assert [str(e["summary"]) for e in found] == (["💪 Ada: kettlebell 20 min"] if shown else [])


async def test_a_runner_may_show_logged_sessions_in_their_feed(transaction: Transaction) -> None:
    ada = await runner(transaction, ADA)
    async with transaction() as store:
        await services.sessions.log_session(
            store, ada, activity="barre", minutes=25, day=date(2026, 11, 24), note=None,
            now=WEDNESDAY, source=None,
        )  # fmt: skip
    assert await events(transaction, ada) == []
    async with transaction() as store:
        await services.calendar.show_sessions(store, ada, True, WEDNESDAY)
    (logged,) = await events(transaction, ada)
    assert str(logged["summary"]) == "✅ barre 25 min"
    assert logged.decoded("dtstart") == date(2026, 11, 24)


async def test_a_new_zone_moves_the_reminder_to_the_new_local_time(
    transaction: Transaction,
) -> None:
    ada = await runner(transaction, ADA)
    await plan(transaction, ada, "thu 18:30 kettlebell 20")
    async with transaction() as store:
        await services.runners.set_zone(store, ada, "Europe/Berlin", WEDNESDAY)
        await services.checkins.reschedule_runner(store, ADA, WEDNESDAY)
    async with transaction() as store:
        early, _ = await services.plans.claim_reminders(
            store, at("2026-11-26 16:59"), 100, timedelta(hours=2)
        )
    async with transaction() as store:
        due, _ = await services.plans.claim_reminders(
            store, at("2026-11-26 17:00"), 100, timedelta(hours=2)
        )
    assert early == [] and [r.lead for r in due] == [30]


async def test_plan_tells_the_coach_only_when_a_plan_of_theirs_went(
    transaction: Transaction,
) -> None:
    anna, ada = await coached(transaction)
    async with transaction() as store:
        done = await services.plans.for_athlete(store, anna, ada.user_id, "thu kb 20", WEDNESDAY)
    assert isinstance(done, services.plans.PlannedForAthlete)
    assert (done.athlete, done.athlete_chat, [s.activity for s in done.specs]) == (
        "Ada", ada.chat_id, ["kettlebell"]
    )  # fmt: skip
    async with transaction() as store:
        own = await services.plans.plan_or_pick(store, ada, "thu core 10", WEDNESDAY, "en")
        assert isinstance(own, services.plans.PlanSet) and own.coach_chat is None
        changed = await services.plans.plan_or_pick(store, ada, "thu kb 30", WEDNESDAY, "en")
        assert isinstance(changed, services.plans.PlanSet) and changed.changed
        assert changed.coach_chat == anna.chat_id, "the coach's plan was changed"
        cleared = await services.plans.plan_or_pick(store, ada, "clear thu", WEDNESDAY, "en")
        assert cleared == services.plans.DayCleared(WEDNESDAY.date(), date(2026, 11, 26), 2, None)


async def test_a_coach_picks_whom_a_plan_is_for_once_it_reads_as_one(
    transaction: Transaction,
) -> None:
    anna, ada = await coached(transaction)
    async with transaction() as store:
        with pytest.raises(UserError):
            await services.plans.plan_or_pick(store, anna, "thu", WEDNESDAY, "en")
        chosen = await services.plans.plan_or_pick(store, anna, "thu kb 20", WEDNESDAY, "en")
        assert chosen == services.plans.PickAthlete([(ada.user_id, "Ada")])
        assert await services.plans.coming_week(store, anna, WEDNESDAY) == []
        links = await services.calendar.links(store, anna, WEDNESDAY, reset=False, sessions=True)
        assert links.with_sessions and links.athletes is not None
        again = await services.calendar.links(store, anna, WEDNESDAY, reset=True, sessions=None)
        assert again.with_sessions
        assert {again.token, again.athletes}.isdisjoint({links.token, links.athletes})
