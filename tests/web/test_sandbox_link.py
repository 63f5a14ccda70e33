"""The sandbox prints a link that opens the Mini App in any browser as the sandbox runner."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl

from bot.sandbox import USER_ID, stable_id
from bot.telegram.app import FAKE_TOKEN
from bot.web.auth import verify

ROOT = Path(__file__).resolve().parents[2]


def test_the_sandbox_prints_a_mini_app_link_signed_as_its_runner(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox"],
        input="/start\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT), "BOT_TOKEN": "654321:a-real-looking-token"},
        timeout=90,
        check=True,
    )
    found = re.search(r"http://127\.0\.0\.1:(\d+)/#(\S+)", result.stdout)
    assert found, result.stdout
    init_data = dict(parse_qsl(found[2]))["tgWebAppData"]
    # Signed with the sandbox's made-up token, never with BOT_TOKEN.
    user = verify(init_data, FAKE_TOKEN, datetime.now(UTC), timedelta(hours=24))
    assert user.user_id == USER_ID
    assert "654321" not in result.stdout


def test_the_sandbox_serves_calendar_and_signs_the_link_for_the_runner_typing(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox"],
        input="/start\n/calendar\n/week\n:as Mila\n/start\n:link\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=90,
        check=True,
    )
    out = result.stdout
    assert "WEBAPP_URL" not in out, out
    assert re.search(r"http://127\.0\.0\.1:\d+/cal/\S+\.ics", out), out
    mila = out[out.index("you are now Mila") :]
    links = re.findall(r"http://127\.0\.0\.1:\d+/#(\S+)", mila)
    assert links, out
    now = datetime.now(UTC)
    users = {
        verify(dict(parse_qsl(link))["tgWebAppData"], FAKE_TOKEN, now, timedelta(hours=24))
        for link in links
    }
    assert {user.user_id for user in users} == {stable_id("mila")}
