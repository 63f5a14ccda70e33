"""Bribes through the real application: each goal kind unlocks, and celebrates, exactly once."""

from __future__ import annotations

from datetime import timedelta

from tests.harness import Harness

RUNNER = 8001


def count(harness: Harness, words: str) -> int:
    return sum(call.text.count(words) for call in harness.fake.sent(RUNNER))


async def test_every_goal_kind_unlocks_once_when_earned(harness: Harness) -> None:
    for text in (
        "one cookie after every session",
        "one beer after every 2 sessions",
        "pizza after every week",
        "massage after 3 sessions",
        "sauna after 60 minutes",
        "running top after 14 days",
        "book after 2 weeks",
        "new shoes after month",
    ):
        assert "Deal" in (await harness.say(RUNNER, f"/reward {text}")).text
    # The clock starts on Wednesday 25 November at 09:00 UTC, after the rewards were set.
    # Wednesday to Friday meets the first (shortened) week, then three sessions a week.
    offsets = [0, 1, 2, 5, 7, 9, 12, 14, 16, 19, 21, 23]
    start = harness.clock.current.replace(hour=18)
    replies = {}
    for offset in offsets:
        harness.clock.current = start + timedelta(days=offset)
        replies[offset] = await harness.say(RUNNER, "/done kettlebell 20")
    friday = replies[2].text
    assert "You earned it: <b>massage</b>" in friday and "You earned it: <b>sauna</b>" in friday
    assert "You earned it: <b>running top</b>" in replies[9].text
    assert "You earned it: <b>book</b>" in replies[9].text
    assert "You earned it: <b>new shoes</b>" in replies[23].text
    for one_off in ("massage", "sauna", "running top", "book", "new shoes"):
        assert count(harness, f"You earned it: <b>{one_off}</b>") == 1, one_off
    assert count(harness, "Treat time: <b>one cookie</b>") == 12
    assert count(harness, "Treat time: <b>one beer</b>") == 6
    assert count(harness, "Treat time: <b>pizza</b>") == 4
    listing = await harness.say(RUNNER, "/rewards")
    assert "earned 12×, 12 to claim" in listing.text
    assert "<b>Earned</b>" in listing.text and "/claim 8" in listing.text


async def test_undo_takes_back_an_unclaimed_unlock_but_not_a_claimed_one(harness: Harness) -> None:
    await harness.say(RUNNER, "/reward massage after 1 session")
    earned = await harness.say(RUNNER, "/done kettlebell 15")
    assert "You earned it: <b>massage</b>" in earned.text
    undone = await harness.say(RUNNER, "/undo")
    assert "Taken back: <b>massage</b>" in undone.text
    assert "0/1 session" in (await harness.say(RUNNER, "/rewards")).text
    again = await harness.say(RUNNER, "/done kettlebell 15")
    assert "You earned it: <b>massage</b>" in again.text
    assert "Claimed" in (await harness.say(RUNNER, "/claim 1")).text
    kept = await harness.say(RUNNER, "/undo")
    assert "Taken back" not in kept.text
    listing = await harness.say(RUNNER, "/rewards")
    assert "<b>Claimed</b>" in listing.text and "massage" in listing.text
    assert (await harness.say(RUNNER, "/claim 1")).text.startswith("🤔")


async def test_a_broken_streak_restarts_a_streak_goal_kindly(harness: Harness) -> None:
    await harness.say(RUNNER, "/reward running top after 21 days")
    for _ in range(3):  # Wednesday to Friday: the first week is met
        await harness.say(RUNNER, "/done kettlebell 15")
        harness.clock.advance(days=1)
    harness.clock.advance(days=9)  # the week of 30 November passes with nothing
    restart = await harness.say(RUNNER, "/done kettlebell 15")
    assert "streak started over" in restart.text and "<b>running top</b>" in restart.text
    later = await harness.say(RUNNER, "/done core 15 - again")
    assert "streak started over" not in later.text, "a restart is said once"


async def test_rewards_are_capped_and_deleted_after_confirmation(harness: Harness) -> None:
    for n in range(20):
        await harness.say(RUNNER, f"/reward treat {n} after {n + 1} sessions")
    full = await harness.say(RUNNER, "/reward one more after 3 sessions")
    assert full.text.startswith("🤔") and "20 rewards" in full.text
    confirm = await harness.say(RUNNER, "/reward delete 1")
    assert "treat 0" in confirm.text
    deleted = await harness.press(RUNNER, confirm, "Yes, delete")
    assert "Deleted" in deleted.text
    assert await harness.scalar("SELECT count(*) FROM rewards") == 19
    assert (await harness.say(RUNNER, "/reward delete 99")).text.startswith("🤔")


async def test_a_reward_set_twice_points_at_the_one_to_delete(harness: Harness) -> None:
    await harness.say(RUNNER, "/reward cookie after every session")
    await harness.say(RUNNER, "/reward running top after 21 days")
    twice = await harness.say(RUNNER, "/reward Running Top after 6 weeks")
    assert twice.text.startswith("🤔") and "/reward delete 2" in twice.text, twice.text
    assert "running top" in twice.text
    confirm = await harness.say(RUNNER, "/reward delete 2")
    assert "<b>running top</b>" in confirm.text
    assert await harness.scalar("SELECT count(*) FROM rewards") == 2
