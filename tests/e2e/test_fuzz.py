"""Property-based input through the real application: every message gets a reply, nothing
unhandled happens, and an input the bot refuses changes nothing."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.databases import migrated_sqlite_url
from tests.harness import Harness

T = TypeVar("T")
RUNNER = 3301
FINGERPRINT = (
    "SELECT (SELECT count(*) FROM sessions) || '/' || (SELECT count(*) FROM rewards) || '/'"
    " || (SELECT count(*) FROM pauses) || '/' || (SELECT count(*) FROM reward_unlocks) || '/'"
    " || (SELECT time_zone || prompt_minute || prompt_days || quiet_when_met FROM users)"
)
# Telegram only carries text that UTF-8 can encode: no lone surrogates.
typed = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)


class LiveBot:
    """The harness on an event loop of its own, so synchronous hypothesis tests can drive it."""

    def __init__(self, database_url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.context = Harness.running(database_url)
        self.harness: Harness = self.run(self.context.__aenter__())

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def close(self) -> None:
        self.run(self.context.__aexit__(None, None, None))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def fingerprint(self) -> str:
        return str(self.run(self.harness.scalar(FINGERPRINT)))

    def send(self, text: str) -> list[str]:
        async def go() -> list[str]:
            mark = self.harness.fake.mark()
            self.harness.fake.send_message(RUNNER, text)
            await self.harness.fake.wait_handled()
            return [c.text for c in self.harness.fake.sent(RUNNER, since=mark)]

        return self.run(go())


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[LiveBot]:
    url = migrated_sqlite_url(sqlite_template, tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    bot = LiveBot(url)
    bot.send("/start")
    yield bot
    bot.close()


COMMANDS = ["/done", "/reward", "/prompt", "/timezone", "/pause", "/target", "/history", "/claim"]


@pytest.mark.parametrize("command", COMMANDS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argument=typed)
def test_any_argument_gets_a_reply_and_a_refusal_changes_nothing(
    live: LiveBot, command: str, argument: str
) -> None:
    before = live.fingerprint()
    replies = live.send(f"{command} {argument}")
    assert replies, "every message gets a reply"
    assert not any("something went wrong" in r for r in replies), replies
    if replies[0].startswith("🤔"):
        assert live.fingerprint() == before, "a refused input wrote something"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(min_size=1, max_size=64).map(lambda b: b.decode("latin-1")))
def test_arbitrary_button_data_is_refused_without_effect(live: LiveBot, data: str) -> None:
    async def press() -> list[Any]:
        harness = live.harness
        reply = await harness.say(RUNNER, "/done kettlebell")
        mark = harness.fake.mark()
        harness.fake.press_button(RUNNER, reply.result["message_id"], data)
        await harness.fake.wait_handled()
        return harness.fake.calls[mark:]

    before = live.fingerprint()
    calls = live.run(press())
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert answers, "every press is answered"
    if not any(c.method == "editMessageText" for c in calls):
        assert live.fingerprint() == before
