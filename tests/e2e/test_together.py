"""Plans, buddies and groups with two and three runners, through the real application."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from telegram import Update

from bot.fake import Call
from tests.harness import FakeClock, Harness

ADA, BEN, CAL = 7701, 7702, 7703
GROUP = -100500


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def texts_to(harness: Harness, chat: int, since: int = 0) -> list[str]:
    return [c.text for c in harness.fake.sent(chat, since=since)]


async def settle(harness: Harness) -> None:
    """Let background sends (buddy news) go out."""
    await harness.settled()


async def buddies(harness: Harness, inviter: int, invitee: int) -> str:
    link = await harness.say(inviter, "/buddy")
    match = re.search(r"https://t\.me/strongstreak_bot\?start=([\w-]+)", link.text)
    assert match, link.text
    offer = await harness.say(invitee, f"/start {match[1]}")
    assert "asks you to be strength-training buddies" in offer.text
    accepted = await harness.press(invitee, offer, "Yes")
    assert "are buddies now" in accepted.text
    await settle(harness)
    return match[1]


async def test_a_plan_shows_in_the_check_in_and_done_logs_it(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 05:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(ADA, "/prompt 07:30")
        planned = await harness.say(ADA, "/plan tomorrow kettlebell 20 swings, goblet squats")
        assert "Planned for tomorrow" in planned.text and "swings, goblet squats" in planned.text
        await harness.say(ADA, "/plan fri core 15")
        listing = await harness.say(ADA, "/plans")
        assert "tomorrow: <b>kettlebell</b> 20 min" in listing.text and "core" in listing.text
        cleared = await harness.say(ADA, "/plan clear fri")
        assert "removed" in cleared.text
        assert "core" not in (await harness.say(ADA, "/plans")).text
        clock.current = at("2026-11-26 07:30:05")
        morning = await harness.fake.wait_for(lambda c: c.ok and c.text.startswith("Morning!"))
        assert "Today's plan: <b>kettlebell</b> 20 min — swings, goblet squats" in morning.text
        logged = await harness.press(ADA, morning, "Done")
        assert "Logged <b>kettlebell</b> 20 min" in logged.text


async def test_a_planned_day_left_unlogged_gets_the_evening_nudge(database_url: str) -> None:
    clock = FakeClock(at("2026-11-23 05:00"))  # Monday: the week is far from at risk
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(ADA, "/prompt 07:30")
        await harness.say(ADA, "/plan today barre 30")
        mark = harness.fake.mark()
        clock.current = at("2026-11-23 19:00:05")
        nudge = await harness.fake.wait_for(lambda c: c.ok and "You planned" in c.text, since=mark)
        assert "<b>barre</b> 30 min" in nudge.text and nudge.buttons


async def test_an_invite_accepted_and_news_by_each_setting(harness: Harness) -> None:
    alone = await harness.say(BEN, "/buddy settings")
    assert alone.text.startswith("No buddies yet") and not alone.buttons, alone
    await buddies(harness, ADA, BEN)
    assert any("are buddies now" in t for t in texts_to(harness, ADA))
    mark = harness.fake.mark()
    await harness.say(ADA, "/done kettlebell 15 - secret note")
    await settle(harness)
    news = texts_to(harness, BEN, mark)
    assert news == ["💪 Your buddy Runner did kettlebell 15 min."], "no notes, no rewards"
    # BEN now only wants to hear when ADA's week is at risk or met.
    settings = await harness.say(BEN, "/buddy settings")
    assert "you hear about every session" in settings.text
    chosen = await harness.press(BEN, settings, "Only at risk or met")
    assert "at risk or met" in chosen.text
    mark = harness.fake.mark()
    await harness.say(ADA, "/done core 10 mon")
    await settle(harness)
    assert texts_to(harness, BEN, mark) == []
    await harness.say(ADA, "/done barre 20 tue")  # the third day: the week is met
    await settle(harness)
    assert texts_to(harness, BEN, mark) == [
        "🎉 Your buddy Runner met this week's target. Tell them!"
    ]
    settings = await harness.say(BEN, "/buddy settings")
    await harness.press(BEN, settings, "Nothing")
    mark = harness.fake.mark()
    await harness.say(ADA, "/done yoga 30")
    await settle(harness)
    assert texts_to(harness, BEN, mark) == []


async def test_invites_refused_reused_expired_and_own(harness: Harness) -> None:
    link = await harness.say(ADA, "/buddy")
    code = re.search(r"start=([\w-]+)", link.text)[1]  # type: ignore[index]
    own = await harness.say(ADA, f"/start {code}")
    assert "your own invite" in own.text
    offer = await harness.say(BEN, f"/start {code}")
    refused = await harness.press(BEN, offer, "No")
    assert "nothing changed" in refused.text
    assert await harness.scalar("SELECT count(*) FROM buddies") == 0
    again = await harness.say(BEN, f"/start {code}")
    await harness.press(BEN, again, "Yes")
    reused = await harness.say(CAL, f"/start {code}")
    assert "used already" in reused.text
    late = await harness.say(ADA, "/buddy")
    late_code = re.search(r"start=([\w-]+)", late.text)[1]  # type: ignore[index]
    harness.clock.advance(days=7, minutes=1)
    expired = await harness.say(CAL, f"/start {late_code}")
    assert "expired" in expired.text
    assert "not valid" in (await harness.say(CAL, "/start nosuchcode123")).text
    assert await harness.scalar("SELECT count(*) FROM buddies") == 2


async def test_removing_a_buddy_ends_it_for_both(harness: Harness) -> None:
    await buddies(harness, ADA, BEN)
    await buddies(harness, ADA, CAL)
    mark = harness.fake.mark()
    removed = await harness.say(BEN, "/buddy remove")
    assert "1 buddy pair ended" in removed.text
    await settle(harness)
    assert any("ended your buddy pair" in t for t in texts_to(harness, ADA, mark))
    assert await harness.scalar("SELECT count(*) FROM buddies") == 2  # ADA and CAL remain
    mark = harness.fake.mark()
    await harness.say(ADA, "/done kettlebell 15")
    await settle(harness)
    assert texts_to(harness, BEN, mark) == [] and texts_to(harness, CAL, mark)


def removed_from(chat_id: int, by: int) -> dict[str, object]:
    bot = {"id": 7_000_000_001, "is_bot": True, "first_name": "strongstreak"}
    return {
        "my_chat_member": {
            "chat": {"id": chat_id, "type": "group", "title": "Runners"},
            "from": {"id": by, "is_bot": False, "first_name": "Admin"},
            "date": 0,
            "old_chat_member": {"status": "member", "user": bot},
            "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
        }
    }


async def test_a_group_week_and_a_weekly_leaderboard(database_url: str) -> None:
    clock = FakeClock(at("2026-11-25 09:00"))
    async with Harness.running(database_url, clock=clock) as harness:
        for runner, text in ((ADA, "/done kettlebell 20 mon"), (ADA, "/done core 15 tue"),
                             (ADA, "/done barre 30"), (BEN, "/done yoga 30")):  # fmt: skip
            logged = await harness.say(runner, text, chat_id=GROUP)
            assert "Logged" in logged.text
        assert await harness.scalar("SELECT count(*) FROM sessions WHERE user_id = :u", u=BEN) == 1
        week = await harness.say(BEN, "/week", chat_id=GROUP)
        assert (
            "1. Runner: 3 of 3, 1h 05m ✓" in week.text and "2. Runner: 1 of 3, 30 min" in week.text
        )
        assert "1 of 2 met their target" in week.text
        mark = harness.fake.mark()
        clock.current = at("2026-11-29 20:00:05")
        board = await harness.fake.wait_for(
            lambda c: c.ok and c.chat_id == GROUP and "leaderboard" in c.text, since=mark
        )
        assert "3 of 3" in board.text
        # Removed from the group: no more leaderboards there.
        harness.fake.push_update(removed_from(GROUP, ADA))
        await harness.fake.wait_handled()
        mark = harness.fake.mark()
        clock.current = at("2026-12-06 20:00:05")
        await harness.dispatched()
        assert not [c for c in harness.fake.calls[mark:] if c.chat_id == GROUP]
        assert await harness.scalar("SELECT active FROM groups") in (0, False)


async def test_group_replies_quote_the_sender(harness: Harness) -> None:
    reply: Call = await harness.say(ADA, "/done kettlebell 15", chat_id=GROUP)
    quoted = harness.fake.message(GROUP, reply.result["message_id"]).get("reply_to_message")
    assert quoted is not None and quoted["from"]["id"] == ADA


async def test_only_what_concerns_an_account_signs_a_runner_up(harness: Harness) -> None:
    await harness.say(ADA, "/help")
    await harness.say(ADA, "/dance")
    harness.fake.send_message(BEN, "morning all", chat_id=GROUP)  # chatter the bot ignores
    await harness.fake.wait_handled()
    assert await harness.scalar("SELECT count(*) FROM users") == 0
    assert await harness.scalar("SELECT count(*) FROM groups") == 0
    await harness.say(BEN, "/week", chat_id=GROUP)
    assert await harness.scalar("SELECT count(*) FROM users") == 1
    assert await harness.scalar("SELECT count(*) FROM group_members") == 1
    confirm = await harness.say(BEN, "/deleteme")
    await harness.press(BEN, confirm, "Yes, delete")
    assert await harness.scalar("SELECT count(*) FROM users") == 0
    again = await harness.say(BEN, "/start")
    assert "1 of 3" in again.text, "a later message signs up afresh, onboarding first"


async def test_a_redelivery_never_signs_a_deleted_runner_up_again(harness: Harness) -> None:
    await harness.say(ADA, "/start")
    started = harness.fake.last_update_id
    confirm = await harness.say(ADA, "/deleteme")
    await harness.press(ADA, confirm, "Yes, delete")
    await harness.fake.wait_idle()
    # A process that crashed before confirming /start gets it again after the restart: the
    # running one skips ids it confirmed, so the update goes straight to the application.
    (payload,) = [u for u in harness.fake._updates if u["update_id"] == started]
    mark = harness.fake.mark()
    await harness.application.process_update(Update.de_json(payload, harness.application.bot))
    assert await harness.scalar("SELECT count(*) FROM users") == 0
    assert harness.fake.sent(ADA, since=mark) == []


async def test_buddies_hear_an_at_risk_week_and_the_weekly_summary(database_url: str) -> None:
    clock = FakeClock(at("2026-11-27 05:00"))  # Friday: with nothing logged, the week is at risk
    async with Harness.running(database_url, clock=clock) as harness:
        await harness.say(ADA, "/prompt 07:30")
        await buddies(harness, ADA, BEN)
        await buddies(harness, ADA, CAL)
        settings = await harness.say(BEN, "/buddy settings")
        await harness.press(BEN, settings, "A weekly summary")
        settings = await harness.say(CAL, "/buddy settings")
        await harness.press(CAL, settings, "Only at risk or met")
        mark = harness.fake.mark()
        clock.current = at("2026-11-27 19:00:05")  # ADA's evening: 3 needed, 3 days left
        await harness.fake.wait_for(lambda c: c.ok and "Heads up" in c.text, since=mark)
        risk = await harness.fake.wait_for(
            lambda c: c.ok and c.chat_id == CAL and "at risk" in c.text, since=mark
        )
        assert "3 more days with a session needed, 3 days left" in risk.text
        mark = harness.fake.mark()
        clock.current = at("2026-11-29 20:00:05")  # Sunday evening: ADA's week ends
        weekly = await harness.fake.wait_for(
            lambda c: c.ok and c.chat_id == BEN and "'s week:" in c.text, since=mark
        )
        assert "0 of 3, not met" in weekly.text
        await harness.dispatched()
        assert not [c for c in harness.fake.sent(BEN, since=0) if "at risk" in c.text]


async def test_a_buddy_hears_which_day_a_backdated_session_was(harness: Harness) -> None:
    await buddies(harness, ADA, BEN)
    mark = harness.fake.mark()
    await harness.say(ADA, "/done core 10 yesterday")
    await settle(harness)
    assert texts_to(harness, BEN, mark) == ["💪 Your buddy Runner did core 10 min (yesterday)."]
