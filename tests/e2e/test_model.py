"""The real application held against the README's rules (tests/model.py), step after step.

Hypothesis drives the running bot through the fake Bot API with random sequences of commands
and clock moves; after every step, every number /stats and /rewards show must equal the
model's, and every reward announcement must be one the model makes. The examples are split
between PARTS tests per database, which pytest-xdist runs side by side.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import itertools
import os
import re
import threading
from collections import Counter
from collections.abc import Coroutine
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from bot.config import Settings
from bot.domain.model import ChartData
from bot.fake import Call
from bot.pictures.painter import Painter
from bot.telegram import polling as runner
from tests.harness import FakeClock, Harness
from tests.model import Model, ModelReward, Numbers

T = TypeVar("T")
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday
USERS = itertools.count(70_000)
EXAMPLES = int(os.environ.get("MODEL_EXAMPLES", "25"))
# On PostgreSQL a step takes twice as long, and what differs there is the storage (whose
# queries tests/storage runs on both engines): it runs three fifths as many examples. With
# CI=true its parts replay the first of SQLite's (each part has the same seed on both).
POSTGRESQL_SHARE = 0.6
STEPS = int(os.environ.get("MODEL_STEPS", "30"))
PARTS = 3
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

GOALS = {
    "every session": ("every_session", 1),
    "every 2 sessions": ("every_n", 2),
    "every week": ("every_week", 1),
    "4 sessions": ("sessions", 4),
    "60 minutes": ("minutes", 60),
    "7 days": ("days", 7),
    "14 days": ("days", 14),
    "2 weeks": ("weeks", 2),
    "month": ("month", 1),
    "a comeback": ("comeback", 1),
    "when it's a habit": ("habit", 1),
}

UNLOCK = re.compile(r"(?:You earned it|Treat time): <b>([^<]+)</b>")
RESTART = re.compile(r"Your streak started over, so <b>([^<]+)</b>")
WELCOME = "👋 Welcome back!"
HABIT = "🌱 It's a habit now"


class Sketch(Painter):
    """The model checks the numbers /stats writes, not its picture (tests/test_charts.py and
    the end-to-end /stats tests draw real ones): a picture here is a fixed one-pixel PNG, not a
    tenth of a second of a core each time, hundreds of times a run."""

    async def draw(self, data: ChartData) -> bytes:
        return PIXEL


class LiveBot:
    """One running bot, on an event loop of its own thread, for a whole hypothesis run."""

    def __init__(self, database_url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.clock = FakeClock(START)
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self.harness: Harness | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self._main = asyncio.run_coroutine_threadsafe(self._serve(database_url), self.loop)
        if not self._ready.wait(30):
            raise RuntimeError(f"the bot did not start: {self._main.exception(1)}")

    async def _serve(self, database_url: str) -> None:
        self._stop = asyncio.Event()
        # Nobody here asks for check-ins: the dispatcher ticks as often as in production, not
        # twice a second as for the tests that wait for it.
        settings = {"dispatch_seconds": Settings.model_fields["dispatch_seconds"].default}
        async with Harness.running(
            database_url,
            clock=self.clock,
            settings=settings,
            painter=Sketch(),
        ) as harness:
            self.harness = harness
            self._ready.set()
            await self._stop.wait()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(60)

    def close(self) -> None:
        assert self._stop is not None
        self.loop.call_soon_threadsafe(self._stop.set)
        self._main.result(60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()

    def say(self, user: int, text: str, **options: Any) -> list[Call]:
        """Every message the bot sent the user while handling `text`."""
        harness = self.harness
        assert harness is not None

        async def go() -> list[Call]:
            mark = harness.fake.mark()
            harness.fake.send_message(user, text, **options)
            await harness.fake.wait_handled()
            if text == "/stats":  # answered off the update's turn: wait for its picture, or for
                # the words that say there is none (a check-in may come in between)
                await harness.fake.wait_for(
                    lambda c: (
                        c.chat_id == user
                        and (c.method == "sendPhoto" or "No sessions yet" in c.text)
                    ),
                    since=mark,
                )
            return harness.fake.sent(user, since=mark)

        return self.run(go())

    def press(self, user: int, message: Call, label: str) -> list[Call]:
        harness = self.harness
        assert harness is not None

        async def go() -> list[Call]:
            mark = harness.fake.mark()
            await harness.press(user, message, label)
            return harness.fake.sent(user, since=mark) + [
                c
                for c in harness.fake.calls[mark:]
                if c.method == "editMessageText" and c.ok and c.chat_id == user
            ]

        return self.run(go())


LIVE: LiveBot | None = None


def texts_of(calls: list[Call]) -> str:
    return "\n".join(c.text for c in calls)


class BotAgreesWithTheModel(RuleBasedStateMachine):
    """A runner doing anything at all, in any order, on a clock that moves forward."""

    def __init__(self) -> None:
        super().__init__()
        assert LIVE is not None
        self.bot = LIVE
        self.user = next(USERS)
        self.bot.clock.current = START
        self.model: Model | None = None
        self.names = itertools.count(1)
        self.exported: bytes | None = None

    # -- helpers ---------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self.bot.clock.current

    @property
    def today(self) -> date:
        return self.now.date()

    def send(self, text: str) -> str:
        """Send `text`; the account exists afterwards (any message makes one)."""
        if self.model is None:
            self.model = Model(self.today)
        return texts_of(self.bot.say(self.user, text))

    def check_news(self, reply: str, session_id: int | None) -> None:
        assert self.model is not None
        unlocked, restarted = self.model.settle(self.today, session_id)
        assert sorted(set(UNLOCK.findall(reply))) == sorted(set(unlocked)), reply
        assert sorted(RESTART.findall(reply)) == sorted(restarted), reply

    # -- steps ------------------------------------------------------------------------------

    @initialize(history=st.lists(st.integers(0, 28), max_size=12))
    def first_contact(self, history: list[int]) -> None:
        """A new runner, often with the last few weeks logged after the fact."""
        self.send("/stats")
        for back in history:
            self.done(back, 20)

    @rule(back=st.integers(0, 12), minutes=st.sampled_from([15, 20, 45]))
    def done(self, back: int, minutes: int) -> None:
        day = self.today - timedelta(days=back)
        if self.model is None:
            self.model = Model(self.today)
        calls = self.bot.say(self.user, f"/done kb {minutes} {day.isoformat()}")
        reply = texts_of(calls)
        if self.model.asks_first(day, minutes, self.now):
            assert "a moment ago" in reply, reply
            reply = texts_of(self.bot.press(self.user, calls[0], "Yes, log it again"))
        assert "Logged" in reply, reply
        new_day = day not in {s.day for s in self.model.sessions}
        session_id = self.model.log(day, minutes, self.now)
        back, habit = self.model.news(day, new_day, self.today)
        assert (WELCOME in reply) == back, (day, reply)
        assert (HABIT in reply) == habit, (day, reply)
        self.check_news(reply, session_id)

    @rule()
    def undo(self) -> None:
        reply = self.send("/undo")
        assert self.model is not None
        gone = self.model.undo()
        if gone is None:
            assert "nothing to undo" in reply, reply
            return
        assert "Removed" in reply, reply
        self.check_news(reply, None)

    @rule(value=st.integers(1, 7))
    def target(self, value: int) -> None:
        assert self.model is not None
        first = not self.model.target_chosen
        before = self.past_weeks(including_this_one=True)
        reply = self.send(f"/target {value}")
        self.model.set_target(value, self.today)
        self.check_news(reply, None)
        if not first:
            assert self.past_weeks(including_this_one=True) == before, (
                "a later target changed a week that had begun"
            )

    @rule(weekday=st.sampled_from(["monday", "sunday"]))
    def weekstart(self, weekday: str) -> None:
        assert self.model is not None
        before = self.past_weeks()
        self.send(f"/weekstart {weekday}")
        self.model.set_week_start(0 if weekday == "monday" else 6, self.today)
        assert self.past_weeks() == before, "a new week start changed a past week"

    @rule(days=st.integers(1, 10))
    def pause(self, days: int) -> None:
        assert self.model is not None
        before = self.past_weeks()
        progress = self.reward_progress()
        reply = self.send(f"/pause {days}")
        accepted = self.model.pause(self.today, self.today + timedelta(days=days - 1))
        # A pause can meet a week (its target shrinks), never take progress away. Habit
        # strength is the exception by design: today's figure holds today's own step, which a
        # pause from today leaves out (README "Habit strength": a paused day leaves it as it was).
        for reward, (value, _, times), (now_value, _, now_times) in zip(
            self.model.rewards, progress, self.reward_progress(), strict=True
        ):
            if reward.goal == "habit":
                continue
            assert now_times >= times and (now_value >= value or now_times > times), reply
        assert ("Paused for" in reply) == accepted, reply
        if accepted:
            self.check_news(reply, None)
        assert self.past_weeks() == before, "a pause changed a past week"

    @rule()
    def resume(self) -> None:
        assert self.model is not None
        reply = self.send("/resume")
        ended = self.model.resume(self.today)
        assert ("Welcome back" in reply) == ended, reply
        if ended:
            self.check_news(reply, None)
            self.check_week_line(reply, self.model.numbers(self.today))

    @precondition(lambda self: self.model is not None and len(self.model.rewards) < 20)
    @rule(goal=st.sampled_from(sorted(GOALS)))
    def add_reward(self, goal: str) -> None:
        assert self.model is not None
        name = f"treat{next(self.names)}"
        words = goal if goal.startswith("when") else f"after {goal}"
        reply = self.send(f"/reward {name} {words}")
        assert "Deal" in reply, reply
        kind, amount = GOALS[goal]
        self.model.rewards.append(ModelReward(name, kind, amount, self.now, self.today))
        self.check_news(reply, None)

    @precondition(lambda self: self.model is not None and bool(self.model.rewards))
    @rule(pick=st.integers(0, 19))
    def claim(self, pick: int) -> None:
        assert self.model is not None
        index = pick % len(self.model.rewards)
        reply = self.send(f"/claim {index + 1}")
        claimed = self.model.claim(self.model.rewards[index])
        assert ("Claimed" in reply) == claimed, reply

    @precondition(lambda self: self.model is not None and bool(self.model.rewards))
    @rule(pick=st.integers(0, 19))
    def delete_reward(self, pick: int) -> None:
        assert self.model is not None
        index = pick % len(self.model.rewards)
        calls = self.bot.say(self.user, f"/reward delete {index + 1}")
        self.bot.press(self.user, calls[0], "Yes, delete it")
        del self.model.rewards[index]

    # Hypothesis favours the first rule in its order (rules without arguments come first, by
    # name). Named delete_me, this rule came first and took a sixth of all steps, each one
    # throwing the runner's history away; now /export comes first, and it changes nothing.
    @rule()
    def start_over(self) -> None:
        """/deleteme, confirmed: the runner starts again from nothing."""
        calls = self.bot.say(self.user, "/deleteme")
        self.bot.press(self.user, calls[0], "Yes, delete everything")
        self.model = None
        self.send("/stats")

    @rule()
    def export(self) -> None:
        calls = self.bot.say(self.user, "/export")
        documents = [c for c in calls if c.method == "sendDocument"]
        assert documents, [c.text for c in calls]
        self.exported = next(iter(documents[0].files.values()))

    @precondition(lambda self: self.exported is not None)
    @rule()
    def import_the_export(self) -> None:
        assert self.exported is not None
        if self.model is None:
            self.model = Model(self.today)
        reply = texts_of(
            self.bot.say(self.user, "/import", document=("sessions.csv", self.exported))
        )
        rows = list(csv.DictReader(io.StringIO(self.exported.decode())))
        # A file's session is new when the file holds more of its kind than are here.
        here = Counter((s.day, s.minutes) for s in self.model.sessions)
        added = 0
        for row in rows:
            key = (date.fromisoformat(row["date"]), int(row["minutes"]))
            if here[key]:
                here[key] -= 1
            else:
                self.model.log(key[0], key[1], self.now)
                added += 1
        assert f"Imported {added} session" in reply, reply
        if added:
            self.check_news(reply, None)

    @rule()
    def json_round_trip(self) -> None:
        """/export's JSON, /deleteme, then /import of that file: everything comes back, and
        the model (left as it was) must agree with what the bot shows afterwards."""
        if self.model is None:
            self.send("/stats")
        assert self.model is not None
        shown = ("/rewards", "/week", "/history 50", "/target", "/prompt")
        before = {command: self.send(command) for command in shown}
        calls = self.bot.say(self.user, "/export")
        (document,) = [
            c for c in calls
            if c.method == "sendDocument" and c.params["_file_name"].endswith(".json")
        ]  # fmt: skip
        content = next(iter(document.files.values()))
        calls = self.bot.say(self.user, "/deleteme")
        self.bot.press(self.user, calls[0], "Yes, delete everything")
        reply = texts_of(
            self.bot.say(self.user, "/import", document=("strongstreak-data.json", content))
        )
        count = len(self.model.sessions)
        assert f"Imported {count} session" in reply, reply
        assert not UNLOCK.search(reply), ("restored unlocks are news again", reply)
        for command, text in before.items():
            assert self.send(command) == text, (command, text)
        again = texts_of(
            self.bot.say(self.user, "/import", document=("strongstreak-data.json", content))
        )
        assert "Imported 0 sessions" in again, ("a file imported twice doubled something", again)

    @rule(hours=st.integers(1, 30))
    def later_today_or_tomorrow(self, hours: int) -> None:
        self.bot.clock.advance(hours=hours)

    @rule(days=st.integers(2, 10))
    def days_later(self, days: int) -> None:
        assert self.model is not None
        frozen = self.paused_all_along(days)
        before = self.reward_progress() if frozen else None
        daily = self.model.numbers(self.today).daily
        self.bot.clock.advance(days=days)
        # A target changed before the pause takes effect when its week begins, paused or not:
        # from or to 7, a month is counted in other units (30 days in a row, or 4 met weeks).
        if frozen and self.model.numbers(self.today).daily == daily:
            assert self.reward_progress() == before, "a pause did not freeze the rewards"

    # -- what the bot shows -----------------------------------------------------------------

    def paused_all_along(self, days: int) -> bool:
        assert self.model is not None
        return all(self.model.paused(self.today + timedelta(days=k)) for k in range(days + 1))

    def reward_progress(self) -> list[tuple[int, ...]]:
        assert self.model is not None
        return [self.model.progress(r, self.today)[:3] for r in self.model.rewards]

    def past_weeks(self, *, including_this_one: bool = False) -> list[tuple[date, int, str]]:
        assert self.model is not None
        days = {s.day for s in self.model.sessions}
        first = min(days, default=self.today)
        return [
            (w.start, w.goal, w.status)
            for w in self.model.weeks(self.today, days, first)
            if w.end <= self.today or including_this_one
        ]

    @invariant()
    def week_agrees(self) -> None:
        """/week (no picture, so cheap enough for every step): the week and the streak."""
        if self.model is None:
            return
        shown = self.send("/week")
        numbers = self.model.numbers(self.today)
        self.check_week_line(shown, numbers)
        if numbers.streak == 0:
            assert "No streak running yet" in shown, shown
        else:
            streak = re.search(r"Streak: (\d+) (?:week|day)s?", shown)
            assert streak and int(streak[1]) == numbers.streak, (numbers, shown)

    def check_week_line(self, shown: str, numbers: Numbers) -> None:
        done_target = (numbers.done_this_week, numbers.target_this_week)
        if "This week is paused" in shown:
            assert numbers.target_this_week == 0, shown
        elif met := re.search(r"(\d+) days this week, target (\d+) met", shown):
            assert (int(met[1]), int(met[2])) == done_target, (numbers, shown)
        else:
            week = re.search(r"(\d+) of (\d+) days? this week", shown)
            assert week, shown
            assert (int(week[1]), int(week[2])) == done_target, (numbers, shown)

    def teardown(self) -> None:
        self.stats_agree()

    @rule()
    def stats_agree(self) -> None:
        """/stats draws a picture each time, so it is a step of its own, not an invariant."""
        if self.model is None:
            return
        shown = texts_of(
            [c for c in self.bot.say(self.user, "/stats") if c.method == "sendMessage"]
        )
        if not self.model.sessions:
            assert "No sessions yet" in shown, shown
            return
        numbers = self.model.numbers(self.today)
        self.check_week_line(shown, numbers)
        if "Streak: none yet" in shown:
            assert (numbers.streak, numbers.longest) == (0, 0), shown
        else:
            streak = re.search(r"Streak: <b>(\d+) (?:week|day)s?</b> \(longest (\d+)", shown)
            assert streak, shown
            assert (int(streak[1]), int(streak[2])) == (numbers.streak, numbers.longest), shown
        if not numbers.daily:
            consistency = re.search(r"Consistency: <b>(\d+) days?</b>", shown)
            assert consistency and int(consistency[1]) == numbers.consistency, shown

    @invariant()
    def rewards_agree(self) -> None:
        if self.model is None or not self.model.rewards:
            return
        shown = self.send("/rewards")
        for number, reward in enumerate(self.model.rewards, 1):
            line = re.search(rf"^{number}\. <b>{reward.name}</b>(.*)$", shown, re.M)
            assert line, shown
            value, target, _, _ = self.model.progress(reward, self.today)
            earned = len(reward.unlocks)
            to_claim = len([1 for _, claimed in reward.unlocks if not claimed])
            text = line[1]
            if reward.repeating:
                if target > 1:
                    assert f" {value}/{target} " in text, (reward, text)
                assert (f"earned {earned}×" in text) == (earned > 0), (reward, text)
                if to_claim:
                    assert f"{to_claim} to claim" in text, (reward, text)
            elif not earned and reward.goal == "habit" and target == 80:
                assert f" {value}%/{target}%" in text, (reward, value, target, text)
            elif not earned:
                assert f" {value}/{target} " in text, (reward, value, target, text)
            elif to_claim:
                assert "earned" in text and "/claim" in text, (reward, text)
            else:
                assert "claimed" in text, (reward, text)


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param("sqlite", marks=pytest.mark.slow(seconds=30)),
        pytest.param("postgresql", marks=pytest.mark.slow(seconds=35)),
    ],
    indirect=True,
)
def test_the_bot_agrees_with_the_readme_model(
    database_url: str, part: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One of PARTS runs of the state machine, together EXAMPLES examples on SQLite (and
    POSTGRESQL_SHARE of them on PostgreSQL): the parts run side by side on pytest-xdist's
    workers, each against a bot of its own."""
    global LIVE
    # While an update is in flight the bot looks for others every REFETCH_S: here it would
    # ask for nothing, as one runner at a time writes and waits for the answer. An update
    # finished is still confirmed at once.
    monkeypatch.setattr(runner, "REFETCH_S", 1.0)

    def machine() -> BotAgreesWithTheModel:
        return BotAgreesWithTheModel()

    ci = os.environ.get("CI") == "true"
    if ci:  # repeatable examples, and different ones in each part
        machine = seed(part)(machine)
    examples = EXAMPLES
    if database_url.startswith("postgresql"):
        examples = round(EXAMPLES * POSTGRESQL_SHARE)
    LIVE = LiveBot(database_url)
    try:
        # Settings passed per run: decorating the class would fail on the second engine.
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=examples // PARTS + (part < examples % PARTS),
                stateful_step_count=STEPS,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=ci,
            ),
        )
    finally:
        LIVE.close()
        LIVE = None


pytestmark = pytest.mark.timeout(900)
