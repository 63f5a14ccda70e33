"""A coach and three athletes through the real application: invites, plans the coach writes,
what the coach may see, the table, the Monday digest and removal from either side."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from bot.domain.coaches import MAX_ATHLETES
from bot.storage.store import Store
from tests.harness import FakeClock, Harness

ANNA, ADA, BEN, CAL = 8800, 8801, 8802, 8803
NAMES = {ANNA: "Anna", ADA: "Ada", BEN: "Ben", CAL: "Cal"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def texts_to(harness: Harness, chat: int, since: int = 0) -> list[str]:
    return [c.text for c in harness.fake.sent(chat, since=since)]


async def settle(harness: Harness) -> None:
    """Let background sends (news to the other side) go out, and the dispatcher run until a
    digest or check-in it would send again has been sent (`Harness.dispatched`)."""
    await harness.dispatched()


async def meet(harness: Harness, *users: int) -> None:
    """Each runner's first message, so the bot knows their name; each picks a check-in time."""
    for user in users:
        await harness.say(user, "/plans", first_name=NAMES[user])
        await harness.say(user, "/prompt 07:30", first_name=NAMES[user])


async def invite(harness: Harness, coach: int = ANNA) -> str:
    link = await harness.say(coach, "/coach")
    match = re.search(r"https://t\.me/strongstreak_bot\?start=([\w-]+)", link.text)
    assert match, link.text
    return match[1]


async def coached(harness: Harness, athlete: int, sees: str | None = None) -> None:
    """`athlete` accepts a fresh link from ANNA and (optionally) picks what she sees."""
    offer = await harness.say(athlete, f"/start {await invite(harness)}")
    assert "asks to be your strength coach" in offer.text, offer.text
    accepted = await harness.press(athlete, offer, "Yes")
    assert "is your coach now" in accepted.text
    if sees is not None:
        chosen = await harness.press(athlete, accepted, sees)
        assert "sees" in chosen.text
    await settle(harness)


async def test_invites_accepted_refused_reused_expired_and_own(harness: Harness) -> None:
    await meet(harness, ANNA, ADA, BEN, CAL)
    code = await invite(harness)
    assert "your own coach link" in (await harness.say(ANNA, f"/start {code}")).text
    offer = await harness.say(ADA, f"/start {code}")
    refused = await harness.press(ADA, offer, "No")
    assert "nothing changed" in refused.text
    assert await harness.scalar("SELECT count(*) FROM coaches") == 0
    offer = await harness.say(ADA, f"/start {code}")
    mark = harness.fake.mark()
    accepted = await harness.press(ADA, offer, "Yes")
    assert "<b>Anna</b> is your coach now" in accepted.text and accepted.buttons
    await settle(harness)
    assert any("<b>Ada</b> accepted" in t for t in texts_to(harness, ANNA, mark))
    # The same link again, by someone else: used up.
    assert "used already" in (await harness.say(BEN, f"/start {code}")).text
    # Pressing the old Yes again (a stale button) adds nothing.
    mark = harness.fake.mark()
    data = next(d for label, d in offer.buttons if "Yes" in label)
    harness.fake.press_button(ADA, offer.result["message_id"], data)
    await harness.fake.wait_handled()
    alert = await harness.fake.wait_for(lambda c: c.method == "answerCallbackQuery", since=mark)
    assert "used already" in alert.params["text"]
    late = await invite(harness)
    harness.clock.advance(days=7, minutes=1)
    await settle(harness)  # the week's check-ins go out before the replies are read
    assert "expired" in (await harness.say(CAL, f"/start {late}")).text
    assert "not valid" in (await harness.say(CAL, "/start nosuchcode123")).text
    # One coach per runner: a second coach's link is refused.
    await harness.say(CAL, "/plans", first_name="Cal")
    other = await invite(harness, CAL)
    assert "have a coach already" in (await harness.say(ADA, f"/start {other}")).text
    assert await harness.scalar("SELECT count(*) FROM coaches") == 1


async def test_a_coach_plan_shows_in_the_check_in_and_done_logs_it_exactly(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))  # Wednesday
    async with Harness.running(database_url, clock=clock) as harness:
        await meet(harness, ANNA, ADA, BEN)
        await coached(harness, ADA)
        mark = harness.fake.mark()
        written = await harness.say(ANNA, "/plan @ada thu kettlebell 20 swings, goblet squats")
        assert "Planned for <b>Ada</b>" in written.text, written.text
        await settle(harness)
        told = texts_to(harness, ADA, mark)
        assert len(told) == 1 and "Your coach <b>Anna</b> planned" in told[0]
        assert "<b>kettlebell</b> 20 min — swings, goblet squats" in told[0]
        # BEN never accepted: the coach cannot plan for him.
        refused = await harness.say(ANNA, "/plan @ben thu core 10")
        assert "None of your athletes is called ben" in refused.text
        assert await harness.scalar("SELECT count(*) FROM plans WHERE user_id = :u", u=BEN) == 0
        listing = await harness.say(ADA, "/plans")
        assert "(coach Anna)" in listing.text
        clock.current = at("2026-11-26 07:30:05")
        morning = await harness.fake.wait_for(
            lambda c: c.ok and c.chat_id == ADA and c.text.startswith("Morning!")
        )
        assert "Coach Anna planned: <b>kettlebell</b> 20 min — swings, goblet squats" in (
            morning.text
        )
        logged = await harness.press(ADA, morning, "Done")
        assert "Logged <b>kettlebell</b> 20 min" in logged.text
        row = await harness.scalar(
            "SELECT activity || '|' || minutes || '|' || note FROM sessions WHERE user_id = :u",
            u=ADA,
        )
        assert row == "kettlebell|20|swings, goblet squats"


async def test_a_week_of_plans_is_told_once_and_copied_to_the_next(harness: Harness) -> None:
    await meet(harness, ANNA, ADA)
    await coached(harness, ADA)
    for text in ("/plan @ada thu kettlebell 20", "/plan @ada sat core 15 planks"):
        await harness.say(ANNA, text)
    await settle(harness)
    mark = harness.fake.mark()
    copied = await harness.say(ANNA, "/plan @ada week")
    assert "Thursday 3 Dec" in copied.text and "Saturday 5 Dec" in copied.text, copied.text
    await settle(harness)
    told = texts_to(harness, ADA, mark)
    assert len(told) == 1, "one message for the whole week"
    assert "kettlebell" in told[0] and "core" in told[0]
    count = await harness.scalar(
        "SELECT count(*) FROM plans WHERE user_id = :u AND coach_id = :c", u=ADA, c=ANNA
    )
    assert count == 4


async def test_clearing_or_changing_a_coach_plan_tells_the_coach(harness: Harness) -> None:
    await meet(harness, ANNA, ADA)
    await coached(harness, ADA)
    await harness.say(ANNA, "/plan @ada thu kettlebell 20")
    await harness.say(ANNA, "/plan @ada fri barre 30")
    await harness.say(ADA, "/plan sat yoga 20")  # her own: nobody to tell
    await settle(harness)
    mark = harness.fake.mark()
    await harness.say(ADA, "/plan clear thu")
    await harness.say(ADA, "/plan fri core 15")  # another plan beside the coach's: nothing to tell
    await harness.say(ADA, "/plan fri barre 10 <b>short</b>")
    await harness.say(ADA, "/plan clear sat")
    await settle(harness)
    told = texts_to(harness, ANNA, mark)
    # Each note goes out in the background on its own, so their order is not promised.
    assert sorted(told) == [
        "📝 Ada removed it: your plan for Thu 26 Nov.",
        "📝 Ada replaced it with <b>barre</b> 10 min — &lt;b&gt;short&lt;/b&gt;: "
        "your plan for Fri 27 Nov.",
    ], told


async def test_a_coach_picks_the_athlete_from_buttons(harness: Harness) -> None:
    await meet(harness, ANNA, ADA, BEN)
    await coached(harness, ADA)
    await coached(harness, BEN)
    unreadable = await harness.say(ANNA, "/plan someday kettlebell 20")
    assert "Which day?" in unreadable.text and not unreadable.buttons
    asked = await harness.say(ANNA, "/plan thu kettlebell 20")
    labels = [label for label, _ in asked.buttons]
    assert labels == ["Me", "Ada", "Ben"]
    # Nobody else can press them (the message is ANNA's), and nothing is written before.
    assert await harness.scalar("SELECT count(*) FROM plans") == 0
    mark = harness.fake.mark()
    chosen = await harness.press(ANNA, asked, "Ben")
    assert "Planned for <b>Ben</b>" in chosen.text
    await settle(harness)
    assert len(texts_to(harness, BEN, mark)) == 1 and not texts_to(harness, ADA, mark)
    own = await harness.press(ANNA, await harness.say(ANNA, "/plan fri core 15"), "Me")
    assert "Planned for" in own.text and "Ben" not in own.text
    assert await harness.scalar("SELECT coach_id FROM plans WHERE user_id = :u", u=ANNA) is None
    # Two athletes match "/plan @" names that start alike: buttons again.
    await harness.say(CAL, "/plans", first_name="Bella")
    await coached(harness, CAL)
    ambiguous = await harness.say(ANNA, "/plan @be sat barre 30")
    assert [label for label, _ in ambiguous.buttons] == ["Bella", "Ben"]
    picked = await harness.press(ANNA, ambiguous, "Bella")
    assert "Planned for <b>Bella</b>" in picked.text


async def test_what_the_coach_sees_follows_the_athletes_choice(harness: Harness) -> None:
    await meet(harness, ANNA, ADA, BEN, CAL)
    await coached(harness, ADA, "Week and streak only")
    await coached(harness, BEN, "Everything but notes")
    await coached(harness, CAL, "Everything with notes")
    for athlete in (ADA, BEN, CAL):
        await harness.say(athlete, "/done kettlebell 15 - <i>secret</i> note")
        await harness.say(athlete, "/reward new shoes after 2 sessions")
    await harness.say(ANNA, "/plan @ada today core 10")
    await harness.say(ANNA, "/plan @ben today core 10")
    harness.clock.advance(days=1)
    await harness.dispatched()  # the morning check-ins go out first, not between the replies
    table = await harness.say(ANNA, "/athletes")
    lines = {line.split()[0]: line for line in table.text.splitlines() if "/3" in line}
    assert lines["Ada"] == "Ada 1/3" and lines["Ben"] == "Ben 1/3 📝1/1", table.text
    for athlete, name in ((ADA, "ada"), (BEN, "ben"), (CAL, "cal")):
        detail = (await harness.say(ANNA, f"/athletes {name}")).text
        assert "shoes" not in detail, "never rewards"
        if athlete == ADA:
            assert "week and streak only" in detail and "kettlebell" not in detail
        elif athlete == BEN:
            assert "kettlebell" in detail and "secret" not in detail
        else:
            assert "&lt;i&gt;secret&lt;/i&gt; note" in detail
    # ADA changes her mind: now the coach sees everything but notes.
    settings = await harness.say(ADA, "/coach settings")
    assert "Anna" in settings.text
    await harness.press(ADA, settings, "Everything but notes")
    detail = (await harness.say(ANNA, "/athletes ada")).text
    assert "kettlebell" in detail and "secret" not in detail
    # Read by the coach: the athlete's own encouragement is not repeated to them.
    assert "days this week —" in detail and "that's OK" not in detail, detail


async def test_the_table_puts_the_athlete_at_risk_first_and_the_monday_digest(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-23 08:30"))  # a Monday, after this Monday's digest time
    async with Harness.running(database_url, clock=clock) as harness:
        await meet(harness, ANNA, ADA, BEN, CAL)
        for athlete in (ADA, BEN, CAL):
            await coached(harness, athlete, "Everything but notes")
        # Last week (23-29 Nov): ADA and BEN meet their target, CAL misses it and her plans.
        clock.current = at("2026-11-23 09:00")
        await harness.say(ANNA, "/plan @cal tue kettlebell 20")
        await harness.say(ANNA, "/plan @cal thu core 15")
        await harness.say(CAL, "/done yoga 20")
        for day in ("23", "24", "25"):
            clock.current = at(f"2026-11-{day} 09:00")
            for athlete in (ADA, BEN):
                await harness.say(athlete, "/done kettlebell 20")
        clock.current = at("2026-11-29 12:00")
        await settle(harness)  # Sunday's check-ins go out first: none is taken for the table
        table = await harness.say(ANNA, "/athletes")
        rows = [line for line in table.text.splitlines() if "/3" in line]
        assert rows == ["⚠️ Cal 1/3 📝0/2", "✓ Ada 3/3 🔥1w", "✓ Ben 3/3 🔥1w"], table.text
        mark = harness.fake.mark()
        clock.current = at("2026-11-30 08:00:05")
        digest = await harness.fake.wait_for(
            lambda c: c.ok and c.chat_id == ANNA and "Monday digest" in c.text, since=mark
        )
        assert "3 athletes, 1 at risk" in digest.text
        assert "Missed planned sessions last week</b>\nCal: 2" in digest.text
        await settle(harness)
        assert len([t for t in texts_to(harness, ANNA, mark) if "Monday digest" in t]) == 1


async def test_a_hundred_athletes_get_one_digest_message_and_no_more(
    database_url: str,
) -> None:
    clock = FakeClock(at("2026-11-25 09:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await meet(harness, ANNA)
        async with harness.application.bot_data.deps.sessionmaker.begin() as session:
            store = Store(session)
            for n in range(MAX_ATHLETES):
                user_id = 900_000 + n
                await store.runners.add(user_id, user_id, f"Athlete {n:03d}", clock().date(),
                                        clock())  # fmt: skip
                assert await store.coaching.link(ANNA, user_id, "all", clock())
        # The hundred-and-first is refused, and the limit holds through the invite too.
        await harness.say(BEN, "/plans", first_name="Ben")
        offer = await harness.say(BEN, f"/start {await invite(harness)}")
        assert "100 athletes already" in offer.text
        async with harness.application.bot_data.deps.sessionmaker.begin() as session:
            await Store(session).coaching.set_digest(ANNA, at("2026-11-30 08:00"))
        mark = harness.fake.mark()
        clock.current = at("2026-11-30 08:00:05")
        digest = await harness.fake.wait_for(
            lambda c: c.ok and c.chat_id == ANNA and "Monday digest" in c.text, since=mark
        )
        await settle(harness)
        about_athletes = [t for t in texts_to(harness, ANNA, mark) if "Athlete" in t]
        assert len(about_athletes) == 1, "one message for a hundred athletes"
        assert len(digest.text) <= 4096 and "100 athletes" in digest.text
        assert "Athlete 000" in digest.text and "Athlete 099" in digest.text


async def test_removal_from_either_side_and_deleteme(harness: Harness) -> None:
    await meet(harness, ANNA, ADA, BEN, CAL)
    for athlete in (ADA, BEN, CAL):
        await coached(harness, athlete)
    mark = harness.fake.mark()
    left = await harness.say(ADA, "/coach remove")
    assert "no longer your coach" in left.text
    await settle(harness)
    assert texts_to(harness, ANNA, mark) == ["Ada ended your coaching. Their plans stay theirs."]
    assert "None of your athletes" in (await harness.say(ANNA, "/plan @ada thu kb 20")).text
    mark = harness.fake.mark()
    dropped = await harness.say(ANNA, "/athletes remove ben")
    assert "no longer coach Ben" in dropped.text
    await settle(harness)
    assert texts_to(harness, BEN, mark) == [
        "Anna is no longer your coach. Plans they wrote stay in your /plans."
    ]
    assert "no coach to remove" in (await harness.say(BEN, "/coach remove")).text
    # CAL keeps a plan the coach wrote; the coach deletes herself: the link goes, the plan stays.
    await harness.say(ANNA, "/plan @cal thu kettlebell 20")
    export = await export_json(harness, CAL)
    assert export["plans"][0]["written_by"] == "coach Anna"
    confirm = await harness.say(ANNA, "/deleteme")
    await harness.press(ANNA, confirm, "Yes")
    assert await harness.scalar("SELECT count(*) FROM coaches") == 0
    assert await harness.scalar("SELECT count(*) FROM plans WHERE user_id = :u", u=CAL) == 1
    assert "no coach" in (await harness.say(CAL, "/coach settings")).text.lower()


async def export_json(harness: Harness, user: int) -> dict[str, list[dict[str, str]]]:
    mark = harness.fake.mark()
    harness.fake.send_message(user, "/export")
    await harness.fake.wait_handled()
    documents = [c for c in harness.fake.sent(user, since=mark) if c.method == "sendDocument"]
    data = json.loads(next(iter(documents[1].files.values())))
    assert isinstance(data, dict)
    return data


async def test_a_redelivered_coach_plan_writes_and_tells_once(harness: Harness) -> None:
    await meet(harness, ANNA, ADA)
    await coached(harness, ADA)
    mark = harness.fake.mark()
    await harness.say(ANNA, "/plan @ada thu kettlebell 20")
    update_id = harness.fake.last_update_id
    await settle(harness)
    harness.fake.redeliver(update_id)
    await harness.fake.wait_handled()
    await settle(harness)
    assert len(texts_to(harness, ADA, mark)) == 1
    assert len([t for t in texts_to(harness, ANNA, mark) if "Planned for" in t]) == 1
    assert await harness.scalar("SELECT count(*) FROM plans") == 1


async def test_in_a_group_only_the_coach_can_press_the_pick_buttons(harness: Harness) -> None:
    group = -100777
    await meet(harness, ANNA, ADA)
    await coached(harness, ADA)
    asked = await harness.say(ANNA, "/plan thu kettlebell 20", chat_id=group)
    mark = harness.fake.mark()
    data = next(d for label, d in asked.buttons if label == "Ada")
    harness.fake.press_button(ADA, asked.result["message_id"], data, chat_id=group)
    await harness.fake.wait_handled()
    alert = await harness.fake.wait_for(lambda c: c.method == "answerCallbackQuery", since=mark)
    assert "belongs to someone else" in alert.params["text"]
    assert await harness.scalar("SELECT count(*) FROM plans") == 0
    chosen = await harness.press(ANNA, asked, "Ada", chat_id=group)
    assert "Planned for <b>Ada</b>" in chosen.text


async def test_stats_say_what_sticks_and_done_defaults_to_it(database_url: str) -> None:
    clock = FakeClock(at("2026-11-02 09:00"))  # a Monday, three weeks before
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(ADA, "/prompt 07:30")
        for week in ("02", "09", "16"):
            clock.current = at(f"2026-11-{week} 05:00")
            await harness.say(ADA, "/plan today kettlebell 20")
            await harness.say(ADA, "/plan tomorrow barre 30")
            clock.current = at(f"2026-11-{week} 09:00")
            await harness.say(ADA, "/done kettlebell 25")
        # Lately mostly yoga, but never planned and fewer sessions than kettlebell.
        clock.current = at("2026-11-25 05:00")
        await harness.say(ADA, "/done barre 30 2026-11-17")
        for day in ("2026-11-20", "2026-11-21"):
            await harness.say(ADA, f"/done yoga 40 {day}")
        mark = harness.fake.mark()
        harness.fake.send_message(ADA, "/stats")
        await harness.fake.wait_handled()
        stats = await harness.fake.reply(ADA, since=mark)
        assert "kettlebell: 3× done, plans 3 done / 0 skipped, usually 25 min" in stats.text
        assert "barre: 1× done, plans 1 done / 2 skipped, usually 30 min" in stats.text
        assert (
            "💡 kettlebell sticks: 3 of 3 planned done; yoga too: 2 sessions; "
            "barre: 1 of 3 planned done." in stats.text
        ), stats.text
        clock.current = at("2026-11-25 07:30:05")
        morning = await harness.fake.wait_for(
            lambda c: c.ok and c.chat_id == ADA and c.text.startswith("Morning!"), since=mark
        )
        assert "One tap on Done logs your usual: kettlebell 25 min." in morning.text
        logged = await harness.press(ADA, morning, "Done")
        assert "Logged <b>kettlebell</b> 25 min" in logged.text
