"""docker-compose.yml, the documented way to run on PostgreSQL, as Compose reads it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.storage.db import PG_MAX_OVERFLOW, PG_POOL_SIZE
from tests import compose as recipe

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


# Read as YAML, wherever Docker is missing: the recipe for several instances behind a webhook.
RECIPE = {"BOT_TOKEN": "123456:not-a-real-token", "POSTGRES_PASSWORD": "pw",
          "WEBHOOK_DOMAIN": "bot.example.org", "WEBHOOK_SECRET": "s3cret"}  # fmt: skip


def test_the_webhook_recipe_runs_replicas_of_the_bot_on_postgres_behind_a_proxy() -> None:
    services = recipe.read(recipe.BASE, recipe.WEBHOOK)["services"]
    bot, proxy = services["bot"], services["proxy"]
    env = recipe.environment(bot, RECIPE)
    assert env["DATABASE_URL"] == "postgresql+asyncpg://strongstreak:pw@postgres:5432/strongstreak"
    assert env["WEBHOOK_URL"] == "https://bot.example.org/telegram"
    assert env["WEBHOOK_SECRET"] == "s3cret"
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    replicas = bot["deploy"]["replicas"]
    assert replicas >= 2
    assert "ports" not in bot and "container_name" not in bot, "replicas would clash"
    assert int(env["SEND_RATE"]) * replicas <= 30, "together within Telegram's budget"
    assert bot["healthcheck"]["test"] == ["CMD", "python", "-m", "bot", "health"]
    assert env["METRICS_PORT"], "the health check asks /healthz"
    command = services["postgres"]["command"]
    max_connections = int(command[command.index("-c") + 1].split("=")[1])
    assert max_connections >= replicas * (PG_POOL_SIZE + PG_MAX_OVERFLOW + 1) + 10
    assert proxy["depends_on"]["bot"]["condition"] == "service_healthy"
    assert "443:443" in proxy["ports"]
    mounted = {v.split(":")[0]: v.split(":")[1] for v in proxy["volumes"]}
    assert mounted["./deploy/Caddyfile"] == "/etc/caddy/Caddyfile"
    assert (ROOT / "deploy" / "Caddyfile").is_file()


def test_the_proxy_hands_the_webhook_path_to_every_replica_in_turn() -> None:
    env = recipe.environment(recipe.read(recipe.BASE, recipe.WEBHOOK)["services"]["bot"], RECIPE)
    caddyfile = recipe.CADDYFILE.read_text()
    path = "/" + env["WEBHOOK_URL"].split("://", 1)[1].partition("/")[2]
    assert f"handle {path} {{" in caddyfile
    assert f"dynamic a bot {env['WEBHOOK_PORT']} {{" in caddyfile
    assert "lb_policy round_robin" in caddyfile
    assert "{$WEBHOOK_DOMAIN} {" in caddyfile


@pytest.mark.parametrize("missing", ["BOT_TOKEN", "WEBHOOK_DOMAIN", "WEBHOOK_SECRET"])
def test_the_webhook_recipe_refuses_without_its_token_domain_or_secret(missing: str) -> None:
    services = recipe.read(recipe.BASE, recipe.WEBHOOK)["services"]
    given = {k: v for k, v in RECIPE.items() if k != missing}
    with pytest.raises(recipe.MissingVariable, match=missing):
        for service in services.values():
            recipe.environment(service, given)
