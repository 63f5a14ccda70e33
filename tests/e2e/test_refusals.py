"""The real `python -m bot` refuses to start wrong: one clear line, a non-zero exit, no token."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from bot.fake import FakeTelegram
from tests.harness import TOKEN

ROOT = Path(__file__).resolve().parents[2]
OPERATOR_VARIABLES = ("BOT_TOKEN", "DATABASE_URL", "WEBHOOK_URL", "METRICS_PORT", "LOG_FORMAT")


async def bot(*args: str, cwd: Path, **settings: str) -> tuple[int, str, str]:
    """Run `python -m bot ARGS` with these settings and no terminal; (exit, stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in OPERATOR_VARIABLES}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT), "POLL_TIMEOUT": "1", **settings},
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def one_clear_line(err: str, *words: str) -> str:
    """The refusal is the last line and the only one that is not an INFO log record."""
    lines = err.strip().splitlines()
    assert lines and lines[-1].startswith("strongstreak: "), f"no refusal line in:\n{err}"
    others = [line for line in lines[:-1] if " INFO " not in line]
    assert not others, f"expected one line, got:\n{err}"
    assert "Traceback" not in err
    assert TOKEN not in err and TOKEN.split(":")[1] not in err
    for word in words:
        assert word in lines[-1], f"{word!r} not in {lines[-1]!r}"
    return lines[-1]


@pytest.fixture
def sqlite_file_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


async def test_no_token_without_a_terminal_exits_naming_bot_token(tmp_path: Path) -> None:
    code, out, err = await bot(cwd=tmp_path, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/b.db")
    assert code == 2
    one_clear_line(err, "BOT_TOKEN")
    assert "sandbox" not in out and not (tmp_path / "data").exists(), "no sandbox was opened"
    assert not (tmp_path / "b.db").exists(), "the database was not touched"


async def test_a_token_telegram_rejects_stops_with_one_line(
    tmp_path: Path, sqlite_file_url: str
) -> None:
    fake = FakeTelegram()
    api = await fake.start()
    fake.fail("getMe", code=401, description="Unauthorized", times=10)
    try:
        code, _, err = await bot(
            cwd=tmp_path, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api, DATABASE_URL=sqlite_file_url
        )
    finally:
        await fake.stop()
    assert code == 1
    one_clear_line(err, "BOT_TOKEN", "401")
    assert not any(c.method == "getUpdates" for c in fake.calls)


async def test_a_second_poller_409_stops_with_one_line(
    tmp_path: Path, sqlite_file_url: str
) -> None:
    fake = FakeTelegram()
    api = await fake.start()
    description = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"  # noqa: E501
    fake.fail("getUpdates", code=409, description=description, times=1)
    try:
        code, _, err = await bot(
            cwd=tmp_path, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api, DATABASE_URL=sqlite_file_url
        )
    finally:
        await fake.stop()
    assert code == 1
    one_clear_line(err, "409 Conflict", "another process")
    assert sum(c.method == "getUpdates" for c in fake.calls) <= 2, "no retry loop"


@pytest.mark.parametrize(
    ("database_url", "words"),
    [
        ("postgresql+asyncpg://strongstreak:s3cret@127.0.0.1:1/nowhere", ("cannot reach",)),
        ("not a url", ("DATABASE_URL", "not a database URL")),
        ("mysql+nosuchdriver://u:p@localhost/db", ("DATABASE_URL", "driver")),
        ("postgresql://u:s3cret@localhost/db", ("DATABASE_URL", "driver", "asyncpg")),
    ],
    ids=["unreachable", "malformed", "unknown-driver", "not-async"],
)
async def test_a_database_that_cannot_be_used_stops_with_one_line(
    tmp_path: Path, database_url: str, words: tuple[str, ...]
) -> None:
    code, _, err = await bot(cwd=tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL=database_url)
    assert code != 0
    line = one_clear_line(err, *words)
    assert "s3cret" not in line, "the database password is hidden"


async def test_a_webhook_url_that_is_not_https_stops_with_one_line(
    tmp_path: Path, sqlite_file_url: str
) -> None:
    code, _, err = await bot(
        cwd=tmp_path,
        BOT_TOKEN=TOKEN,
        DATABASE_URL=sqlite_file_url,
        WEBHOOK_URL="http://bot.example.org/hook",
    )
    assert code == 2
    one_clear_line(err, "WEBHOOK_URL", "https://")


async def test_an_invalid_setting_is_named_in_one_line(tmp_path: Path) -> None:
    code, _, err = await bot(cwd=tmp_path, BOT_TOKEN=TOKEN, METRICS_PORT="nine")
    assert code == 2
    one_clear_line(err, "METRICS_PORT")


async def test_check_reaches_everything_and_says_what_run_would_do(
    tmp_path: Path, sqlite_file_url: str
) -> None:
    fake = FakeTelegram(username="check_bot")
    api = await fake.start()
    try:
        code, out, err = await bot(
            "check", cwd=tmp_path, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api,
            DATABASE_URL=sqlite_file_url, METRICS_PORT="9999",
        )  # fmt: skip
    finally:
        await fake.stop()
    assert code == 0, err
    assert "would migrate the database from empty to" in out
    assert "@check_bot" in out
    assert "long polling" in out
    assert "127.0.0.1:9999" in out
    assert out.strip().endswith("ok")
    assert TOKEN not in out + err
    assert not any(c.method in ("getUpdates", "setMyCommands") for c in fake.calls), "only checks"


async def test_check_refuses_a_rejected_token(tmp_path: Path, sqlite_file_url: str) -> None:
    fake = FakeTelegram()
    api = await fake.start()
    fake.fail("getMe", code=401, description="Unauthorized")
    try:
        code, _, err = await bot(
            "check", cwd=tmp_path, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=api,
            DATABASE_URL=sqlite_file_url,
        )  # fmt: skip
    finally:
        await fake.stop()
    assert code == 1
    one_clear_line(err, "401")
