"""docker-compose.yml, the documented way to run on PostgreSQL, as Compose reads it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def compose() -> list[str]:
    if (
        shutil.which("docker")
        and subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("neither `docker compose` nor `docker-compose` is installed here")


def config(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "POSTGRES_PASSWORD")}
    return subprocess.run(
        [*compose(), "config"], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_compose_accepts_the_file_and_wires_the_bot_to_postgres() -> None:
    done = config(BOT_TOKEN="123456:not-a-real-token", POSTGRES_PASSWORD="pw")
    assert done.returncode == 0, done.stderr
    assert "postgresql+asyncpg://strongstreak:pw@postgres:5432/strongstreak" in done.stdout
    assert "condition: service_healthy" in done.stdout
    assert "postgres-data:/var/lib/postgresql/data" in done.stdout


def test_compose_refuses_to_start_without_a_token() -> None:
    done = config()
    assert done.returncode != 0
    assert "BOT_TOKEN" in done.stderr


def test_compose_puts_the_mini_app_behind_caddy_when_asked() -> None:
    done = subprocess.run(
        [*compose(), "--profile", "webapp", "config"], cwd=ROOT,
        env={**os.environ, "BOT_TOKEN": "123456:not-a-real-token",
             "WEBAPP_DOMAIN": "bot.example.org", "WEBAPP_URL": "https://bot.example.org/"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "caddy reverse-proxy --from bot.example.org --to bot:8081" in done.stdout
    assert "WEBAPP_URL: https://bot.example.org/" in done.stdout
