"""Several real `python -m bot` processes on one PostgreSQL behind a webhook, as the recipe in
docker-compose.webhook.yml runs them: started together they all come up, and losing one in the
middle of a burst loses nothing.

Each process gets the recipe's environment (tests/compose.py reads it), with what differs when
the replicas share one machine instead of a container each: the database, the Bot API (the
fake), the ports, and a dispatcher tick of 0.5 s instead of 5 so the test need not wait. The
proxy's part is played by `tests.webhook.Webhook`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.config import Settings
from bot.fake import Call, FakeTelegram
from bot.fake.server import SEND_METHODS
from bot.storage.db import create_engine
from bot.storage.migrate import alembic_config, upgrade_async
from tests import compose
from tests.conftest import _fresh_postgres_database
from tests.e2e.test_process import logged_minutes
from tests.e2e.test_refusals import bot, one_clear_line
from tests.e2e.test_standby import TAKES_LEAD, mornings, until
from tests.harness import TOKEN
from tests.ports import free_port
from tests.webhook import Webhook, written

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-long-random-webhook-secret"
VARIABLES = {"BOT_TOKEN": TOKEN, "WEBHOOK_DOMAIN": "bot.example.org", "WEBHOOK_SECRET": SECRET}


class Instance:
    """One replica: its environment (the recipe's, with its own ports) and its process."""

    def __init__(self, api: str, database_url: str, log: Path) -> None:
        recipe = compose.read(compose.BASE, compose.WEBHOOK)["services"]["bot"]
        self.port, self.metrics_port, self.webapp_port = free_port(), free_port(), free_port()
        ours = {name.upper() for name in Settings.model_fields}
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ours},
            **compose.environment(recipe, VARIABLES),
            "DATABASE_URL": database_url,
            "TELEGRAM_API_URL": api,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(self.port),
            "METRICS_PORT": str(self.metrics_port),
            "WEBAPP_HOST": "127.0.0.1",
            "WEBAPP_PORT": str(self.webapp_port),
            "DISPATCH_SECONDS": "0.5",
        }
        self.health = recipe["healthcheck"]["test"]
        path = self.env["WEBHOOK_URL"].split("://", 1)[1].partition("/")[2]
        self.url = f"http://127.0.0.1:{self.port}/{path}"
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=ROOT, env=self.env,
            stdout=self.log.open("ab"), stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip

    async def healthy(self) -> bool:
        """The recipe's health check (`python -m bot health`) passes."""
        assert self.health[:4] == ["CMD", "python", "-m", "bot"], self.health
        check = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *self.health[4:], cwd=ROOT, env=self.env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        return await check.wait() == 0

    async def until_healthy(self, timeout: float) -> None:
        """Until /healthz answers 200, then the recipe's health check passes too. (Asked over
        HTTP while it starts: each `python -m bot health` is a second of CPU for its imports,
        taken from the instances starting on the same cores.)"""
        async with asyncio.timeout(timeout), httpx.AsyncClient(timeout=5) as client:
            url = f"http://127.0.0.1:{self.metrics_port}/healthz"
            while True:
                assert self.process is not None and self.process.returncode is None, (
                    f"the process ended:\n{self.log.read_text()}"
                )
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(url)).status_code == 200:
                        break
                await asyncio.sleep(0.1)
        assert await self.healthy(), "the recipe's health check passes once /healthz does"

    def leads(self) -> bool:
        return TAKES_LEAD in self.log.read_text()

    async def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), 30)

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


@pytest.fixture
def empty_postgres_url(postgres_server: str) -> Iterator[str]:
    yield from _fresh_postgres_database(postgres_server)


async def revision(url: str) -> str | None:
    engine = create_engine(url)
    async with engine.connect() as connection:
        value = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    await engine.dispose()
    return None if value is None else str(value)


@pytest.mark.slow(seconds=10)
async def test_three_instances_started_together_on_an_empty_database_all_come_up_at_head(
    empty_postgres_url: str, tmp_path: Path
) -> None:
    recipe = compose.read(compose.BASE, compose.WEBHOOK)["services"]["bot"]
    replicas = int(recipe["deploy"]["replicas"])
    assert replicas == 3
    fake = FakeTelegram()
    api = await fake.start()
    instances = [
        Instance(api, empty_postgres_url, tmp_path / f"bot{i}.log") for i in range(replicas)
    ]
    try:
        await asyncio.gather(*(i.start() for i in instances))  # at the same moment
        await asyncio.gather(*(i.until_healthy(60) for i in instances))
        head = ScriptDirectory.from_config(alembic_config(empty_postgres_url)).get_current_head()
        assert await revision(empty_postgres_url) == head

        for n, instance in enumerate(instances):  # each answers a runner's /done
            async with Webhook([instance.url], SECRET) as hook:
                update = written(fake, 6001 + n, f"/done kettlebell {n + 1}")
                hook.deliver(update)
                await hook.wait_answered([update["update_id"]], timeout=30)
        assert [await i.stop() for i in instances] == [0] * replicas
    finally:
        for instance in instances:
            await instance.kill()
        await fake.stop()

    logs = [i.log.read_text() for i in instances]
    for log in logs:
        assert "Traceback" not in log and "strongstreak:" not in log, log
        assert "starting (webhook)" in log
        assert TOKEN not in log
    assert Counter(await logged_minutes(empty_postgres_url)) == {
        (6001 + n, n + 1): 1 for n in range(3)
    }
    waited = sum("waiting for it to finish" in log for log in logs)
    print(f"\nthree instances at once: all at {head}; {waited} waited for another's migration")


DONE = re.compile(r"[Ll]ogged:? <b>kettlebell</b> (\d+) min")
RUNNERS, PER_RUNNER, FIRST = 12, 6, 8100
# Other runners get the check-ins (a runner whose week is met gets none): half of them due
# before the burst, the others after the kill.
PROMPTED, EARLY = range(8200, 8212), 6


def answered_done(call: Call) -> tuple[int, int] | None:
    """(user, minutes) of a /done this reply answers: logged, or already logged."""
    if call.method in SEND_METHODS and call.ok and (match := DONE.search(call.text)):
        assert call.chat_id is not None
        return call.chat_id, int(match[1])
    return None


# The time between two runners' check-ins: half a dispatcher tick, so most ticks find two due.
APART_S = 0.25


async def due_mornings(url: str, users: range, *, other_kinds_later: bool = False) -> None:
    """These runners' morning check-ins due one every APART_S, the first a second from now."""
    engine = create_engine(url)
    now = datetime.now(UTC)
    async with engine.begin() as connection:
        if other_kinds_later:
            await connection.execute(
                text("UPDATE schedules SET due_at = :later"), {"later": now + timedelta(days=30)}
            )
        move = text("UPDATE schedules SET due_at = :at WHERE user_id = :u AND kind = 'morning'")
        for i, user in enumerate(users):
            at = now + timedelta(seconds=1 + i * APART_S)
            await connection.execute(move, {"at": at, "u": user})
    await engine.dispose()


@pytest.mark.slow(seconds=25)
async def test_two_instances_behind_a_webhook_lose_nothing_when_the_leader_is_killed_mid_burst(
    empty_postgres_url: str, tmp_path: Path
) -> None:
    fake = FakeTelegram(latency=0.02, jitter=0.04)
    api = await fake.start()
    url = empty_postgres_url
    a, b = Instance(api, url, tmp_path / "a.log"), Instance(api, url, tmp_path / "b.log")
    users = range(FIRST, FIRST + RUNNERS)
    try:
        await asyncio.gather(a.start(), b.start())
        await asyncio.gather(a.until_healthy(60), b.until_healthy(60))
        await until(lambda: a.leads() or b.leads(), 30)
        leader, other = (a, b) if a.leads() else (b, a)

        async with Webhook([a.url, b.url], SECRET) as hook:
            prompts = [written(fake, user, "/prompt 07:30") for user in PROMPTED]
            for update in prompts:
                hook.deliver(update)
            await hook.wait_answered([u["update_id"] for u in prompts], timeout=30)

            # Half the runners' check-ins fall due before the burst: the leader sends them.
            await due_mornings(url, PROMPTED[:EARLY], other_kinds_later=True)
            await until(lambda: len(mornings(fake)) >= EARLY, 30)
            assert not other.leads(), "only the lock's holder dispatches"

            burst: list[dict[str, Any]] = []
            for i in range(PER_RUNNER):
                for user in users:
                    burst.append(update := written(fake, user, f"/done kettlebell {i + 1}"))
                    hook.deliver(update)
            seen: set[tuple[int, int]] = set()

            def fortieth(call: Call) -> bool:
                if (pair := answered_done(call)) is not None:
                    seen.add(pair)
                return len(seen) >= 40

            await fake.wait_for(fortieth, timeout=60)
            assert leader.process is not None
            leader.process.send_signal(signal.SIGKILL)  # nothing claimed: no check-in is due
            await leader.process.wait()
            answered_before = {p for c in fake.sent() if (p := answered_done(c)) is not None}
            assert len(answered_before) < RUNNERS * PER_RUNNER, "the kill came mid-burst"

            # The other half fall due after the kill: the survivor takes the lock, sends them.
            await due_mornings(url, PROMPTED[EARLY:])
            await hook.wait_answered([u["update_id"] for u in burst], timeout=90)
            await until(lambda: len(mornings(fake)) >= len(PROMPTED), 60)
            await asyncio.sleep(1.5)  # a second copy would come on a later tick
            lost = hook.failed[leader.url]
        assert await other.stop() == 0
    finally:
        await a.kill()
        await b.kill()
        await fake.stop()

    stored = await logged_minutes(url)
    expected = {(user, i + 1) for user in users for i in range(PER_RUNNER)}
    assert set(stored) == expected and max(stored.values()) == 1, "every /done stored once"
    answered = {p for c in fake.sent() if (p := answered_done(c)) is not None}
    assert answered == expected, "every runner's every /done was answered"
    sent = mornings(fake)
    assert set(sent) == set(PROMPTED) and max(sent.values()) == 1, "every check-in sent once"
    assert other.leads(), "the survivor took the lock over"
    assert lost > 0, "requests to the killed instance went unanswered and were sent again"
    for instance in (a, b):
        assert TOKEN not in instance.log.read_text()
    assert "Traceback" not in other.log.read_text()
    print(
        f"\ntwo instances, leader killed mid-burst: {len(answered_before)} of {len(expected)} "
        f"/done answered before the kill, {lost} requests to it sent again to the other, "
        f"all stored once; {EARLY} check-ins sent by the first leader, "
        f"{len(PROMPTED) - EARLY} by "
        "the survivor, none twice"
    )


async def test_a_database_migrated_by_a_newer_version_is_refused_in_one_line(
    empty_postgres_url: str, tmp_path: Path
) -> None:
    await upgrade_async(empty_postgres_url)
    engine = create_engine(empty_postgres_url)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    await engine.dispose()
    with_password = empty_postgres_url.replace("://postgres@", "://postgres:s3cret@", 1)
    assert with_password != empty_postgres_url
    code, _, err = await bot("migrate", cwd=tmp_path, DATABASE_URL=with_password)
    assert code == 1
    line = one_clear_line(err, "cannot migrate the database", "0099_future", "newer version")
    assert "s3cret" not in err and "***" in line
