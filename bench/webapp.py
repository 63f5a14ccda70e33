"""The Mini App for the worst realistic runner (bench/worst.py's three years, twenty rewards):
the season's answer time through the bot's own server, what the page weighs when it opens, and
how long headless Chromium takes to draw it."""

from __future__ import annotations

import asyncio
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from pydantic import SecretStr

from bench import TOKEN
from bench import seed as seeding
from bench.throughput import FIRST_CHAT, RUNNERS, burst, done_rate, echo_rate
from bench.worst import END, RUNNER, p99, seed, timed
from bot.config import Settings
from bot.fake import FakeTelegram
from bot.telegram.app import build_application
from bot.telegram.polling import run
from bot.web.auth import signed_for

CHROMIUM = Path("/usr/bin/chromium")
HAS_CHROMIUM = CHROMIUM.exists()
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _first_render(url: str, times: int) -> float:
    """From navigation to the season drawn, in headless Chromium (the best of `times` loads,
    each in a fresh context: nothing cached)."""
    from playwright.async_api import async_playwright

    best = float("inf")
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(times):
                context = await browser.new_context(viewport={"width": 390, "height": 900})
                page = await context.new_page()
                await page.route("https://telegram.org/**", lambda route: route.abort())
                await page.goto(url, wait_until="commit")
                await page.wait_for_selector("body[data-ready=season]", timeout=30_000)
                drawn = await page.evaluate("performance.now()")
                best = min(best, float(drawn))
                await context.close()
        finally:
            await browser.close()
    return best


async def measure(
    url: str, requests: int, renders: int
) -> tuple[list[float], list[float], float, float]:
    fake = FakeTelegram(check_html=False)
    api = await fake.start()
    port = _free_port()
    settings = Settings(
        bot_token=SecretStr(TOKEN), database_url=url, telegram_api_url=api, poll_timeout=1,
        webapp_port=port, webapp_host="127.0.0.1", webapp_requests_per_minute=1_000_000,
    )  # fmt: skip
    started = time.perf_counter()

    def clock() -> datetime:
        return END + timedelta(seconds=time.perf_counter() - started)

    app = build_application(settings, clock=clock, rate_limited=False)
    stop = asyncio.Event()
    task = asyncio.create_task(run(app, settings, stop))
    await fake.wait_for(lambda c: c.method == "getUpdates")
    base = f"http://127.0.0.1:{port}/"
    init_data = signed_for(RUNNER, "Worst", TOKEN, clock())
    headers = {"Authorization": f"tma {init_data}"}
    samples: list[float] = []
    stats: list[float] = []
    weight = 0

    async def picture(mark: int) -> None:  # drawn in another process, waited for unmeasured
        await fake.wait_for(lambda c: c.method == "sendPhoto", since=mark, timeout=60)

    try:
        async with aiohttp.ClientSession() as client:
            for path in ("", "static/app.js", "static/app.css", "api/me"):
                async with client.get(base + path, headers=headers) as answer:
                    weight += len(await answer.read())
            for i in range(requests + 3):
                began = time.perf_counter()
                async with client.get(f"{base}api/season/{RUNNER}", headers=headers) as answer:
                    body = await answer.read()
                    assert answer.status == 200, body[:200]
                if i >= 3:  # the first few warm the caches
                    samples.append((time.perf_counter() - began) * 1000)
                if i % 10 == 0:  # the chat's /stats beside it, on the same machine and minute
                    stats.append(await timed(fake, "/stats", picture))
            weight += len(body)
        rendered = float("nan")
        if HAS_CHROMIUM:
            from urllib.parse import quote, urlencode

            hash_ = urlencode({"tgWebAppData": init_data}, quote_via=quote)
            rendered = await _first_render(f"{base}#{hash_}", renders)
    finally:
        stop.set()
        await task
        await fake.stop()
    return samples, stats, weight / 1024, rendered


async def done_rate_while_refreshing(
    count: int, folder: Path, refreshers: int
) -> tuple[float, int]:
    """`/done` updates a second (as bench/throughput.py measures them) while each of the first
    `refreshers` runners also refreshes their season in the Mini App once a second; and how
    many season answers were served meanwhile."""
    fake = FakeTelegram(check_html=False)
    api = await fake.start()
    path = folder / "refresh.db"
    path.unlink(missing_ok=True)
    url = await asyncio.to_thread(seeding.seed, path, 0, first_id=FIRST_CHAT)
    port = _free_port()
    settings = Settings(
        bot_token=SecretStr(TOKEN), database_url=url, telegram_api_url=api, poll_timeout=1,
        webapp_port=port, webapp_host="127.0.0.1",
    )  # fmt: skip
    app = build_application(settings, rate_limited=False)
    stop = asyncio.Event()
    task = asyncio.create_task(run(app, settings, stop))
    await fake.wait_for(lambda c: c.method == "getUpdates")
    await burst(fake, refreshers * 2, "/done kettlebell {i}")  # runners exist, caches are warm
    served = 0
    refreshing = True

    async def refresh(client: aiohttp.ClientSession, user_id: int) -> None:
        nonlocal served
        headers = {"Authorization": f"tma {signed_for(user_id, 'R', TOKEN, datetime.now(UTC))}"}
        while refreshing:
            began = time.perf_counter()
            async with client.get(f"http://127.0.0.1:{port}/api/season/{user_id}",
                                  headers=headers) as answer:  # fmt: skip
                await answer.read()
                served += answer.status == 200
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - began)))

    async with aiohttp.ClientSession() as client:
        tasks = [asyncio.create_task(refresh(client, FIRST_CHAT + i)) for i in range(refreshers)]
        await asyncio.sleep(1.0)  # every refresher under way
        rate = await burst(fake, count, "/done kettlebell {i}")
        refreshing = False
        await asyncio.gather(*tasks)
    stop.set()
    await task
    await fake.stop()
    return rate, served


async def run_bench(*, quick: bool = False) -> list[tuple[str, float, str]]:
    years, requests, renders = (1, 10, 1) if quick else (3, 300, 5)
    count, rounds, refreshers = (30, 1, 10) if quick else (1000, 3, RUNNERS)
    with tempfile.TemporaryDirectory() as folder:
        worst = await seed(Path(folder), years)
        samples, stats, kb, rendered = await measure(worst.url, requests, renders)
        echo, plain, loaded, served = [], [], [], 0
        for _ in range(rounds):  # in turns, each keeps its best round (see bench/throughput.py)
            echo.append(await echo_rate(count))
            plain.append((await done_rate(count, Path(folder)))[0])
            rate, answered = await done_rate_while_refreshing(count, Path(folder), refreshers)
            loaded.append(rate)
            served += answered
    return [
        ("done_vs_echo_ratio_beside_webapp", max(plain) / max(echo),
         "reported: /done ÷ echo in this run, no Mini App users (as in throughput)"),
        ("done_vs_echo_ratio_with_webapp", max(loaded) / max(echo),
         f"≈ the figure above: {refreshers} Mini App users refresh their season every second "
         f"meanwhile ({served} seasons served)"),
        ("webapp_season_p99_ms", p99(samples), f"< 50 (GET /api/season, {worst.sessions} "
         f"sessions, {worst.rewards} rewards; median {statistics.median(samples):.1f})"),
        ("webapp_season_vs_stats_p99", p99(samples) / p99(stats),
         f"reported: the season's p99 ÷ the chat's /stats text p99 for that runner, taken in "
         f"turns ({p99(stats):.1f} ms)"),
        ("webapp_page_kb", kb, "< 150 (HTML, script, stylesheet, /api/me and the season)"),
        ("webapp_first_render_ms", rendered,
         "reported: headless Chromium, navigation to the season drawn (nan: no chromium)"),
    ]  # fmt: skip


if __name__ == "__main__":  # this benchmark alone: python -m bench.webapp [--quick]
    for key, value, goal in asyncio.run(run_bench(quick="--quick" in sys.argv)):
        print(f"{key:<28}  {value:>10.3f}  {goal}")
