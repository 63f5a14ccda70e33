"""Faults, hostile presses, long replies and errors: the bot keeps going and leaks nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.config import sqlite_path
from bot.fake import FakeTelegram
from bot.telegram import polling as runner
from tests.e2e.test_process import ROOT, start_bot
from tests.harness import TOKEN, Harness

RUNNER = 4401
FRIEND = 4402
GROUP = -100123


async def test_an_outage_of_the_bot_api_leaves_the_bot_polling_again(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An outage twice as long as the longest backoff, on a tenth of the bot's waits: 1 s
    doubling up to 30 s, and a minute of connection errors, would be 60 s of waiting here."""
    monkeypatch.setattr(runner, "FIRST_BACKOFF_S", runner.FIRST_BACKOFF_S / 10)
    monkeypatch.setattr(runner, "MAX_BACKOFF_S", runner.MAX_BACKOFF_S / 10)
    async with Harness.running(sqlite_url) as harness:
        assert "Logged" in (await harness.say(RUNNER, "/done kettlebell 15")).text
        port = harness.fake.port
        await harness.fake.stop()
        await asyncio.sleep(2 * runner.MAX_BACKOFF_S)  # connection errors; the bot backs off
        harness.fake._closing = False
        await harness.fake.start(port)
        reply = await harness.fake.wait_for(lambda c: c.method == "getUpdates",
                                            timeout=runner.MAX_BACKOFF_S + 2,
                                            since=harness.fake.mark())  # fmt: skip
        assert reply.method == "getUpdates"
        assert "Logged" in (await harness.say(RUNNER, "/done core 10")).text


async def test_a_500_reply_is_retried_and_delivered(harness: Harness) -> None:
    harness.fake.fail("sendMessage", code=500, times=2)
    reply = await harness.say(RUNNER, "/done kettlebell 15")
    assert reply.text.startswith("✅ Logged")


async def test_a_reply_that_times_out_is_sent_again(database_url: str) -> None:
    """Telegram may or may not have taken a request that timed out; the bot sends it again
    rather than risk saying nothing, and the session is stored once either way."""
    async with Harness.running(database_url, read_timeout=1.0) as harness:
        harness.fake.slow("sendMessage", delay=2.5)  # longer than the bot's read time-out
        mark = harness.fake.mark()
        harness.fake.send_message(RUNNER, "/done kettlebell 15")
        hanging = await harness.fake.wait_for(
            lambda c: c.method == "sendMessage" and c.chat_id == RUNNER, since=mark
        )
        retry = await harness.fake.reply(
            RUNNER, since=harness.fake.calls.index(hanging) + 1, timeout=15
        )
        assert retry.text.startswith("✅ Logged") and retry.text == hanging.text
        await harness.fake.wait_idle(timeout=20)
        tries = [c for c in harness.fake.calls[mark:] if c.method == "sendMessage"]
        assert len(tries) == 2, "a reply is sent again once, not more"
        await harness.fake.wait_handled(timeout=20)
        assert await harness.scalar("SELECT count(*) FROM sessions") == 1


async def test_a_reply_that_keeps_failing_keeps_the_session_and_says_it_was_saved(
    harness: Harness,
) -> None:
    harness.fake.fail("sendMessage", code=500, times=4)  # the first try and three retries
    reply = await harness.say(RUNNER, "/done kettlebell 15")
    assert "after what you sent was saved" in reply.text
    assert await harness.scalar("SELECT count(*) FROM sessions") == 1


async def test_nobody_can_press_another_members_buttons_in_a_group(harness: Harness) -> None:
    ask = await harness.say(RUNNER, "/done kettlebell", chat_id=GROUP)
    mark = harness.fake.mark()
    data = next(d for label, d in ask.buttons if label.startswith("15"))
    harness.fake.press_button(FRIEND, ask.result["message_id"], data, chat_id=GROUP)
    refused = await harness.fake.wait_for(lambda c: c.method == "answerCallbackQuery", since=mark)
    assert "someone else" in refused.params["text"]
    assert await harness.scalar("SELECT count(*) FROM sessions") == 0
    mine = await harness.press(RUNNER, ask, "15 min", chat_id=GROUP)
    assert "Logged" in mine.text
    logged = await harness.say(FRIEND, "/done barre 20", chat_id=GROUP)
    assert await harness.scalar("SELECT count(*) FROM sessions WHERE user_id = :u", u=FRIEND) == 1
    mark = harness.fake.mark()
    undo = next(d for label, d in logged.buttons if "Undo" in label)
    harness.fake.press_button(RUNNER, logged.result["message_id"], undo, chat_id=GROUP)
    await harness.fake.wait_for(lambda c: c.method == "answerCallbackQuery", since=mark)
    assert await harness.scalar("SELECT count(*) FROM sessions WHERE user_id = :u", u=FRIEND) == 1
    # In the group, /done logs for the sender only, and replies quote the command.
    assert logged.params.get("reply_parameters", {}).get("message_id") is not None


async def test_replies_longer_than_telegram_allows_are_split(harness: Harness) -> None:
    note = "n" * 190
    for i in range(60):
        harness.fake.send_message(RUNNER, f"/done kettlebell {i + 1} - {note}")
    await harness.fake.wait_handled(timeout=60)
    mark = harness.fake.mark()
    harness.fake.send_message(RUNNER, "/history 60")
    await harness.fake.wait_handled()
    parts = harness.fake.sent(RUNNER, since=mark)
    assert len(parts) > 1 and all(len(p.text) <= 4096 for p in parts)
    assert sum(p.text.count("kettlebell") for p in parts) == 60


async def test_admin_is_only_for_admins(database_url: str) -> None:
    async with Harness.running(database_url, settings={"admin_ids": [RUNNER]}) as harness:
        await harness.say(FRIEND, "/done kettlebell 15")
        report = await harness.say(RUNNER, "/admin")
        assert "Users: 1 (1 active)" in report.text and "Sessions logged today" in report.text
        other = await harness.say(FRIEND, "/admin")
        assert "I don't know /admin" in other.text


async def test_errors_are_logged_with_context_and_never_with_the_token(
    sqlite_url: str, tmp_path: Path
) -> None:
    """The real process at DEBUG, through network faults and a broken database."""
    fake = FakeTelegram()
    api = await fake.start()
    log = tmp_path / "bot.log"
    env_level = os.environ.get("LOG_LEVEL")
    os.environ["LOG_LEVEL"] = "DEBUG"
    try:
        bot = await start_bot(api, sqlite_url, log)
        await fake.wait_for(lambda c: c.method == "getUpdates", timeout=30)
        fake.fail("getUpdates", code=502, description="Bad Gateway", times=2)
        fake.fail("sendMessage", code=500, times=4)
        fake.send_message(RUNNER, "/done kettlebell 15")
        await fake.wait_handled(timeout=30)
        path = sqlite_path(sqlite_url)
        assert path is not None
        with sqlite3.connect(path) as db:
            db.execute("ALTER TABLE sessions RENAME TO sessions_gone")
        mark = fake.mark()
        fake.send_message(RUNNER, "/done barre 20")
        sorry = await fake.reply(RUNNER, since=mark, timeout=30)
        assert "something went wrong" in sorry.text and "nothing of that was saved" in sorry.text
        mark = fake.mark()
        fake.send_message(RUNNER, "/help")
        assert "/done" in (await fake.reply(RUNNER, since=mark, timeout=30)).text
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 30) == 0
    finally:
        if env_level is None:
            os.environ.pop("LOG_LEVEL", None)
        else:
            os.environ["LOG_LEVEL"] = env_level
        await fake.stop()
    text = log.read_text()
    assert "update" in text and "failed" in text and "Traceback" in text, "logged with context"
    assert TOKEN not in text and TOKEN.split(":")[1] not in text


def test_the_backup_command_copies_a_live_database(sqlite_url: str, tmp_path: Path) -> None:
    import subprocess

    path = sqlite_path(sqlite_url)
    assert path is not None
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO users (id, chat_id, first_name, time_zone, active, created_at,"
            " updated_at, prompt_days, quiet_when_met, evening_minute)"
            " VALUES (1, 1, 'A', 'UTC', 1, '2026-11-25', '2026-11-25', 127, 0, 1140)"
        )
    target = tmp_path / "copy.db"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "backup", str(target)],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": sqlite_url},
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert "backed up" in done.stdout
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT first_name FROM users").fetchall() == [("A",)]
