"""The Mini App's server in the bot's own process: who may ask for what, and how it answers."""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.web.app import Limiter, RateLimited
from tests.web.conftest import Web

RUNNER = 9301
OTHER = 9302
COACH = 9303


async def test_the_page_and_its_files_are_served_never_cached(web: Web) -> None:
    for path in ("", "static/app.js", "static/app.css"):
        async with web.client.get(web.base + path) as answer:
            assert answer.status == 200
            assert answer.headers["Cache-Control"] == "no-store"
    async with web.client.get(web.base + "static/../config.py") as answer:
        assert answer.status == 404


async def test_a_runner_reads_their_own_season(web: Web) -> None:
    await web.harness.say(RUNNER, "/start")
    await web.harness.say(RUNNER, "/done kettlebell 20")
    status, data, answer = await web.call(f"api/season/{RUNNER}", web.signed(RUNNER))
    assert status == 200, data
    assert answer.headers["Cache-Control"] == "no-store"
    assert data["runner"]["own"] is True and data["done"] == 1
    this_week = data["weeks"][0]
    assert this_week["start"] == "2026-11-23" and this_week["status"] == "open"
    assert this_week["minutes"] == [None, None, 20, None, None, None, None]
    assert this_week["paused"] == [] and this_week["planned"] == []


async def test_missing_forged_or_expired_data_gets_401(web: Web) -> None:
    await web.harness.say(RUNNER, "/start")
    path = f"api/season/{RUNNER}"
    assert (await web.call(path, None))[0] == 401
    forged = dict(parse_qsl(web.signed(OTHER)))
    forged["user"] = json.dumps({"id": RUNNER, "first_name": "Runner"})
    status, data, _ = await web.call(path, urlencode(forged))
    assert status == 401 and "Telegram" in data["message"]
    old = web.signed(RUNNER)
    web.harness.clock.advance(hours=24, seconds=1)
    assert (await web.call(path, old))[0] == 401
    assert (await web.call(path, web.signed(RUNNER)))[0] == 200


async def test_a_valid_signature_for_one_runner_cannot_read_anothers_season(web: Web) -> None:
    await web.harness.say(RUNNER, "/start")
    await web.harness.say(OTHER, "/start")
    status, data, _ = await web.call(f"api/season/{RUNNER}", web.signed(OTHER))
    assert status == 403, data
    assert (await web.call(f"api/day/{RUNNER}/2026-11-25", web.signed(OTHER)))[0] == 403


async def test_someone_who_never_talked_to_the_bot_is_told_to_start(web: Web) -> None:
    status, data, _ = await web.call(f"api/season/{RUNNER}", web.signed(RUNNER))
    assert status == 400 and "/start" in data["message"]


async def test_neither_init_data_nor_paths_reach_the_log(
    web: Web, caplog: pytest.LogCaptureFixture
) -> None:
    await web.harness.say(RUNNER, "/start")
    caplog.set_level(logging.DEBUG)
    signed = web.signed(RUNNER)
    await web.call(f"api/season/{RUNNER}", signed)
    await web.call(f"api/season/{RUNNER}", signed + "x")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "api/season/{runner_id}" in logged
    digest = dict(parse_qsl(signed))["hash"]
    assert digest not in logged and "query_id" not in logged and f"/{RUNNER}" not in logged


def test_a_user_gets_a_minutes_worth_of_requests_then_waits() -> None:
    now = [0.0]
    limiter = Limiter(per_minute=3, clock=lambda: now[0])
    for _ in range(3):
        limiter.take(1)
    with pytest.raises(RateLimited) as limited:
        limiter.take(1)
    assert limited.value.retry_after == pytest.approx(20.0)
    limiter.take(2)  # another user has their own
    now[0] += 20.0
    limiter.take(1)


async def test_too_many_requests_get_429_with_retry_after(web: Web) -> None:
    await web.harness.say(RUNNER, "/start")
    signed = web.signed(RUNNER)
    allowed = 0
    while (answer := await web.call("api/me", signed))[0] == 200 and allowed < 2000:
        allowed += 1
    status, data, response = answer
    assert status == 429 and allowed >= 120, (status, allowed)
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "few seconds" in data["message"]
    assert (await web.call("api/me", web.signed(OTHER)))[0] != 429  # each user has their own
