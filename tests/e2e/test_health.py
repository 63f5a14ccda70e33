"""/healthz and /metrics scraped over HTTP, and JSON log lines from the real process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from bot.config import Settings, sqlite_path
from bot.fake import FakeTelegram
from bot.storage.db import create_engine, create_sessionmaker
from bot.telegram.health import Health, serve
from tests.harness import TOKEN, Harness
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
RUNNER = 5150
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(text: str) -> Samples:
    """Every sample of a Prometheus text exposition, keyed by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(client: httpx.AsyncClient, port: int) -> Samples:
    answer = await client.get(f"http://127.0.0.1:{port}/metrics")
    assert answer.status_code == 200
    return samples(answer.text)


async def test_metrics_and_healthz_answer_over_http(database_url: str) -> None:
    port = free_port()
    async with (
        Harness.running(database_url, settings={"metrics_port": port}) as harness,
        httpx.AsyncClient() as client,
    ):
        health = await client.get(f"http://127.0.0.1:{port}/healthz")
        assert (health.status_code, health.text) == (200, "ok\n")
        before = await scrape(client, port)

        done = await harness.say(RUNNER, "/done kettlebell 15")
        harness.fake.fail("sendMessage", code=429, retry_after=1, chat_id=RUNNER)
        await harness.say(RUNNER, "/history")
        mark = harness.fake.mark()
        harness.fake.press_button(RUNNER, done.result["message_id"], "nonsense-data")
        await harness.fake.wait_handled()
        await harness.fake.wait_for(lambda c: c.method == "answerCallbackQuery", since=mark)
        after = await scrape(client, port)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert grew("strongstreak_updates_total", kind="command") == 2
    assert grew("strongstreak_updates_total", kind="button") == 1
    assert grew("strongstreak_update_seconds_count") == 3
    assert grew("strongstreak_bot_api_errors_total", method="sendMessage", code="429") == 1
    assert grew("strongstreak_bot_api_429_total") == 1
    assert grew("strongstreak_handler_errors_total") == 0
    for outcome in ("sent", "failed", "skipped"):
        assert ("strongstreak_checkins_total", (("outcome", outcome),)) in after
    assert after[("strongstreak_dispatcher_lag_seconds", ())] >= 0
    assert after[("strongstreak_send_queue_depth", ())] == 0
    assert after[("strongstreak_last_fetch_timestamp_seconds", ())] > 0


async def serve_health(health: Health) -> tuple[int, object]:
    port = free_port()
    return port, await serve(health, "127.0.0.1", port)


async def test_healthz_is_503_when_the_database_does_not_answer(sqlite_url: str) -> None:
    settings = Settings(bot_token=SecretStr(TOKEN), webhook_url="https://bot.example.org/hook")
    engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/nothing")
    port, server = await serve_health(Health(settings, create_sessionmaker(engine), None))
    try:
        async with httpx.AsyncClient() as client:
            answer = await client.get(f"http://127.0.0.1:{port}/healthz")
    finally:
        server.stop()  # type: ignore[attr-defined]
        await engine.dispose()
    assert answer.status_code == 503
    assert "database" in answer.text


async def test_healthz_is_503_when_updates_stop_arriving(sqlite_url: str) -> None:
    settings = Settings(bot_token=SecretStr(TOKEN), database_url=sqlite_url)
    engine = create_engine(sqlite_url)
    async with httpx.AsyncClient() as client:
        health = Health(settings, create_sessionmaker(engine), None, fetch_window=2.0)
        port, server = await serve_health(health)
        try:
            assert (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
            await asyncio.sleep(2.5)
            answer = await client.get(f"http://127.0.0.1:{port}/healthz")
        finally:
            server.stop()  # type: ignore[attr-defined]
            await engine.dispose()
    assert answer.status_code == 503
    assert "getUpdates" in answer.text


async def health_command(env: dict[str, str]) -> tuple[int, str]:
    """`python -m bot health`, as the Docker HEALTHCHECK runs it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "health", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_json_logs_carry_the_ids_of_a_failed_update(sqlite_url: str, tmp_path: Path) -> None:
    """The real process with LOG_FORMAT=json, asked for its health as a container would be."""
    fake = FakeTelegram()
    api = await fake.start()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("WEBHOOK_URL", "METRICS_HOST")},
        "BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api, "DATABASE_URL": sqlite_url,
        "POLL_TIMEOUT": "1", "LOG_FORMAT": "json", "LOG_LEVEL": "INFO",
        "METRICS_PORT": str(free_port()),
    }  # fmt: skip
    log = tmp_path / "bot.log"
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env,
        stdout=log.open("wb"), stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        await fake.wait_for(lambda c: c.method == "getUpdates", timeout=30)
        assert await health_command(env) == (0, "ok\n")
        path = sqlite_path(sqlite_url)
        assert path is not None
        with sqlite3.connect(path) as db:
            db.execute("ALTER TABLE sessions RENAME TO sessions_gone")
        mark = fake.mark()
        sent = fake.send_message(RUNNER, "/done barre 20")
        await fake.reply(RUNNER, since=mark, timeout=30)
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 30) == 0
    finally:
        if bot.returncode is None:
            bot.kill()
        await fake.stop()
    code, said = await health_command(env)
    assert code == 1 and said.startswith("strongstreak: no answer from http://127.0.0.1:")
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    failed = [e for e in entries if e["level"] == "ERROR"]
    assert len(failed) == 1, entries
    assert failed[0]["update_id"] == fake.last_update_id
    assert failed[0]["chat_id"] == sent["chat"]["id"] == RUNNER
    assert failed[0]["user_id"] == RUNNER
    assert "Traceback" in failed[0]["exception"]
    assert TOKEN not in log.read_text()
