"""Real database faults in the middle of a burst of /done: a PostgreSQL server stopped and
started again, every connection of the bot cut again and again, a SQLite disk that fills up.

In each: every /done is stored exactly once, every runner is answered once per /done and
truly, no check-in goes twice, and the bot serves on by itself afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import text

from bot.config import Settings
from bot.fake import Call, FakeTelegram
from bot.storage.migrate import upgrade
from bot.telegram import polling, sender
from bot.telegram.app import build_application
from bot.telegram.polling import run
from tests.cluster import Cluster
from tests.databases import migrated_sqlite_url
from tests.harness import TOKEN, FakeClock, Harness
from tests.ports import free_port

RUNNERS = 20
EACH = 10  # /done per runner: 200 over `BURST_S`, as an operator would try it
BURST_S = 3.0
FIRST = 7000  # the first runner's id
READER = FIRST + RUNNERS  # a runner who only reads during the fault
CHECKIN_AT = "09:05"  # every runner's morning check-in, made due in the middle of the burst
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday

MINUTES = re.compile(r"(\d+) min")


@dataclass
class Outcome:
    """What the runners saw after a burst: per runner, the minutes of each /done answered as
    logged, the answers saying it was not saved, and the morning check-ins."""

    logged: dict[int, list[int]]
    not_saved: dict[int, list[str]]
    other: dict[int, list[str]]
    mornings: Counter[int]
    stored: dict[int, list[int]]


async def prepare(harness: Harness) -> None:
    """Every runner signed up, with a morning check-in at `CHECKIN_AT`."""
    for runner in range(FIRST, FIRST + RUNNERS):
        reply = await harness.say(runner, f"/prompt {CHECKIN_AT}")
        assert CHECKIN_AT in reply.text, reply.text


async def burst(harness: Harness, fault: Callable[[], Awaitable[None]]) -> Outcome:
    """Send `RUNNERS` x `EACH` /done over `BURST_S` while `fault` runs; the clock passes the
    check-in time halfway. Returns once every update is confirmed and the bot is quiet."""
    mark = harness.fake.mark()
    pause = BURST_S / EACH

    async def send() -> None:
        for i in range(EACH):
            for runner in range(FIRST, FIRST + RUNNERS):
                harness.fake.send_message(runner, f"/done kettlebell {i + 1} yesterday")
            if i == EACH // 2:
                harness.clock.current = START.replace(minute=5)
            await asyncio.sleep(pause)

    await asyncio.gather(send(), fault())
    await harness.fake.wait_handled(timeout=90)
    await harness.dispatched(timeout=30)
    logged: dict[int, list[int]] = {r: [] for r in range(FIRST, FIRST + RUNNERS)}
    not_saved: dict[int, list[str]] = {r: [] for r in logged}
    other: dict[int, list[str]] = {r: [] for r in logged}
    mornings: Counter[int] = Counter()
    for call in harness.fake.calls[mark:]:
        if not (call.ok and call.method == "sendMessage" and call.chat_id in logged):
            continue
        first = call.text.splitlines()[0]
        if call.text.startswith("Morning"):
            mornings[call.chat_id] += 1
        elif "Logged" in first or "Already logged" in first:
            found = MINUTES.search(first)
            assert found is not None, first
            logged[call.chat_id].append(int(found.group(1)))
        elif "not saved" in first:
            not_saved[call.chat_id].append(call.text)
        else:
            other[call.chat_id].append(call.text)
    found = await stored_minutes(harness)
    stored = {r: found.get(r, []) for r in logged}
    return Outcome(logged, not_saved, other, mornings, stored)


def assert_nothing_lost_doubled_or_untrue(outcome: Outcome) -> None:
    everything = list(range(1, EACH + 1))
    for runner in outcome.logged:
        assert outcome.other[runner] == [], outcome.other[runner]
        assert sorted(outcome.stored[runner]) == everything, f"runner {runner}: stored once each"
        # Every /done answered once, and as logged, since each was.
        assert sorted(outcome.logged[runner]) == everything, f"runner {runner}: answered once"
        assert outcome.not_saved[runner] == []
        assert outcome.mornings[runner] <= 1, f"runner {runner}: check-in sent twice"


async def still_serving(harness: Harness) -> None:
    reply = await harness.say(FIRST, "/done core 10")
    assert reply.text.startswith("✅ Logged"), reply.text


async def stored_minutes(harness: Harness) -> dict[int, list[int]]:
    async with harness.application.bot_data.deps.sessionmaker() as session:
        rows = await session.execute(
            text("SELECT user_id, minutes FROM sessions WHERE activity = 'kettlebell'")
        )
        found: dict[int, list[int]] = {}
        for user_id, minutes in rows:
            found.setdefault(user_id, []).append(minutes)
    return found


def tried_again(caplog: pytest.LogCaptureFixture) -> int:
    return sum("trying it again" in record.getMessage() for record in caplog.records)


async def healthz(port: int) -> tuple[int, str]:
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
    return answer.status_code, answer.text


async def until_unhealthy(port: int, words: str, timeout: float = 10) -> str:
    """Until /healthz answers 503 with `words` in its reason; the reason."""
    deadline = time.monotonic() + timeout
    while True:
        status, body = await healthz(port)
        if status == 503 and words in body:
            return body
        assert time.monotonic() < deadline, f"/healthz still says {status} {body!r}"
        await asyncio.sleep(0.1)


@pytest.fixture(scope="session")
def migrated_cluster() -> Iterator[Cluster]:
    """A stopped private PostgreSQL server with a migrated database `bot`, once per run (per
    xdist worker), for `cluster` to copy."""
    server = Cluster()
    try:
        server.start()

        async def create() -> None:
            connection = await asyncpg.connect(server.admin_url)
            try:
                await connection.execute("CREATE DATABASE bot")
            finally:
                await connection.close()

        asyncio.run(create())
        upgrade(server.url("bot"))
        server.stop()
        yield server
    finally:
        server.close()


@pytest.fixture
def cluster(migrated_cluster: Cluster) -> Iterator[Cluster]:
    """A private PostgreSQL server of this test's own, running, with a migrated database
    `bot`."""
    server = migrated_cluster.copy()
    try:
        server.start()
        yield server
    finally:
        server.close()


OUTAGE_S = 4.0


@pytest.mark.slow(seconds=25)
async def test_a_postgresql_stopped_mid_burst_loses_nothing_and_the_bot_carries_on(
    cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    settings = {"metrics_port": port}
    async with Harness.running(
        cluster.url("bot"), clock=FakeClock(START), settings=settings
    ) as harness:
        await prepare(harness)
        reasons: list[str] = []
        looks: list[Call] = []  # getUpdates while the database did not answer

        async def outage() -> None:
            await asyncio.sleep(BURST_S / 3)
            await cluster.stop_soon()
            stopped = time.monotonic()
            # Until the bot's watch has seen the outage (its own words), not /healthz's probe.
            reasons.append(await until_unhealthy(port, "updates held until it does"))
            await asyncio.sleep(0.5)  # a look already asked for may still come back
            mark = harness.fake.mark()
            await asyncio.sleep(max(0.0, OUTAGE_S - (time.monotonic() - stopped)))
            looks.extend(c for c in harness.fake.calls[mark:] if c.method == "getUpdates")
            await cluster.start_soon()

        outcome = await burst(harness, outage)
        assert_nothing_lost_doubled_or_untrue(outcome)
        assert sum(outcome.mornings.values()) == RUNNERS, "every check-in went, once"
        assert looks == [], "no new updates taken while the database did not answer"
        print(f"\n{reasons[0].strip()}; {tried_again(caplog)} updates tried again")
        await still_serving(harness)
        assert await healthz(port) == (200, "ok\n")


@pytest.mark.slow(seconds=20)
async def test_every_connection_cut_again_and_again_mid_burst_loses_nothing(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    admin_url = postgres_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    cut = 0
    async with Harness.running(postgres_url, clock=FakeClock(START)) as harness:
        await prepare(harness)

        async def cutting() -> None:
            nonlocal cut
            admin = await asyncpg.connect(admin_url)
            try:
                deadline = time.monotonic() + BURST_S + 0.5
                while time.monotonic() < deadline:
                    await asyncio.sleep(0.4)
                    cut += await admin.fetchval(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                        " FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
            finally:
                await admin.close()

        outcome = await burst(harness, cutting)
        assert_nothing_lost_doubled_or_untrue(outcome)
        assert sum(outcome.mornings.values()) == RUNNERS, "every check-in went, once"
        await still_serving(harness)
    assert cut >= 10, f"only {cut} connections were cut"
    print(f"\n{cut} connections cut; {tried_again(caplog)} updates tried again")


@contextlib.contextmanager
def small_disk(size: str = "6m") -> Iterator[Path]:
    """A file system of its own that can fill up: a tmpfs, mounted as root."""
    folder = Path(tempfile.mkdtemp(prefix="strongstreak-disk-"))
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def fill(folder: Path) -> Path:
    """Fill the file system to its last byte; the filler's path."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 1):
            with contextlib.suppress(OSError):
                while os.write(descriptor, b"\0" * size):
                    pass
    finally:
        os.close(descriptor)
    return filler


@pytest.mark.slow(seconds=20)
@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system takes root")
async def test_a_sqlite_disk_that_fills_up_confirms_nothing_unstored_and_reads_go_on(
    sqlite_template: Path,
) -> None:
    port = free_port()
    settings = {"metrics_port": port}
    with small_disk() as folder:
        url = migrated_sqlite_url(sqlite_template, folder / "strongstreak.db")
        async with Harness.running(url, clock=FakeClock(START), settings=settings) as harness:
            await prepare(harness)
            await harness.say(READER, "/done core 20 yesterday")
            read: list[str] = []

            async def filling() -> None:
                await asyncio.sleep(BURST_S / 4)
                filler = fill(folder)
                reason = await until_unhealthy(port, "lack of space")
                read.append(reason)
                mark = harness.fake.mark()
                harness.fake.send_message(READER, "/week")
                read.append((await harness.fake.reply(READER, since=mark, timeout=20)).text)
                await asyncio.sleep(BURST_S / 2)
                filler.unlink()

            outcome = await burst(harness, filling)
            for runner in outcome.logged:
                assert outcome.other[runner] == [], outcome.other[runner]
                # Answered once per /done: as logged if stored, as not saved if not.
                assert len(outcome.logged[runner]) + len(outcome.not_saved[runner]) == EACH
                assert sorted(outcome.logged[runner]) == sorted(outcome.stored[runner])
                assert len(set(outcome.stored[runner])) == len(outcome.stored[runner])
                assert outcome.mornings[runner] <= 1, f"runner {runner}: check-in sent twice"
            refused = sum(len(texts) for texts in outcome.not_saved.values())
            assert refused > 0, "the disk never filled up"
            example = next(t for texts in outcome.not_saved.values() for t in texts)
            assert "storage is full" in example and "/done kettlebell" in example, example
            assert "lack of space" in read[0]
            assert "1 session, 20 min" in read[1], "/week still reads what was stored"
            await still_serving(harness)
            assert await healthz(port) == (200, "ok\n")
            print(f"\n{refused} of {RUNNERS * EACH} /done refused for lack of space")


def done_update(update_id: int, minutes: int) -> dict[str, object]:
    """A /done as Telegram posts it to a webhook."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": 0, "text": f"/done kettlebell {minutes}",
            "chat": {"id": FIRST, "type": "private"},
            "from": {"id": FIRST, "is_bot": False, "first_name": "Runner"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }  # fmt: skip


@pytest.mark.slow(seconds=15)
async def test_a_webhook_holds_what_it_took_and_refuses_new_updates_while_postgresql_is_down(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The update below, not the dispatcher's first tick, must meet the outage first: the cluster
    # stops only once that tick is over (on a loaded machine it can start late).
    ticked = asyncio.Event()
    dispatch = sender.dispatch

    async def dispatch_once_then_tell(context: object) -> None:
        await dispatch(context)  # type: ignore[arg-type]
        ticked.set()

    monkeypatch.setattr(sender, "dispatch", dispatch_once_then_tell)
    fake = FakeTelegram()
    api = await fake.start()
    port = free_port()
    settings = Settings(
        bot_token=SecretStr(TOKEN), database_url=cluster.url("bot"), telegram_api_url=api,
        webhook_url=f"https://bot.example.org/hook/{port}", webhook_listen="127.0.0.1",
        webhook_port=port,
        dispatch_seconds=3600,  # the update below, not a check-in tick, meets the outage first
    )  # fmt: skip
    stop = asyncio.Event()
    task = asyncio.create_task(run(build_application(settings), settings, stop))
    url = f"http://127.0.0.1:{port}/hook/{port}"
    try:
        await fake.wait_for(lambda c: c.method == "setWebhook", timeout=10)
        await asyncio.wait_for(ticked.wait(), 30)
        async with httpx.AsyncClient(timeout=60) as client:
            first = await client.post(url, content=json.dumps(done_update(1, 11)))
            assert first.status_code == 200
            await cluster.stop_soon()
            held = asyncio.create_task(client.post(url, content=json.dumps(done_update(2, 12))))
            await asyncio.sleep(1.0)  # it meets the stopped server, and waits for it
            refused = await client.post(url, content=json.dumps(done_update(3, 13)))
            assert refused.status_code == 503, "a new update is refused: Telegram sends it again"
            assert not held.done()
            await cluster.start_soon()
            assert (await held).status_code == 200
            again = await client.post(url, content=json.dumps(done_update(3, 13)))
            assert again.status_code == 200
        replies = [c.text.splitlines()[0] for c in fake.sent(FIRST)]
        assert [MINUTES.findall(r) for r in replies] == [["11"], ["12"], ["13"]], replies
        assert all(r.startswith("✅ Logged") for r in replies)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await fake.stop()
    connection = await asyncpg.connect(cluster.admin_url.rsplit("/", 1)[0] + "/bot")
    try:
        stored = await connection.fetch("SELECT minutes FROM sessions ORDER BY minutes")
    finally:
        await connection.close()
    assert [row[0] for row in stored] == [11, 12, 13]


@pytest.mark.slow(seconds=12)
async def test_a_bot_stopped_while_postgresql_is_down_leaves_the_held_update_unconfirmed(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(polling, "STOP_GRACE_S", 1.0)
    async with Harness.running(cluster.url("bot")) as harness:
        assert "Logged" in (await harness.say(FIRST, "/done kettlebell 11")).text
        await cluster.stop_soon()
        harness.fake.send_message(FIRST, "/done kettlebell 12")
        update_id = harness.fake.last_update_id
        database = harness.application.bot_data.database
        for _ in range(100):
            if database.held:
                break
            await asyncio.sleep(0.05)
        assert database.held == 1
    # Stopped: what was handled is confirmed, the held update is not, so Telegram keeps it.
    assert harness.fake.confirmed_offset == update_id
    assert not [c for c in harness.fake.sent(FIRST) if "12 min" in c.text]
