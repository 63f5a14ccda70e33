"""The Mini App in a real browser: Debian's headless Chromium opens the page the way Telegram
does (initData signed with the test token in the URL's hash, telegram-web-app.js unreachable),
against the running bot and the fake Bot API. The screenshots it takes are the README's."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import pytest

from bot.web.auth import signed_for
from tests.e2e.test_coaches import coached, meet
from tests.harness import TOKEN, Harness
from tests.ports import free_port

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DOCS = Path(__file__).resolve().parents[2] / "docs"
LIGHT = {"bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#999999",
         "link_color": "#2481cc", "button_color": "#2481cc", "button_text_color": "#ffffff",
         "secondary_bg_color": "#f1f1f4"}  # fmt: skip
DARK = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
        "link_color": "#6ab3f3", "button_color": "#5288c1", "button_text_color": "#ffffff",
        "secondary_bg_color": "#232e3c", "destructive_text_color": "#ec3942"}  # fmt: skip

RUNNER, ANNA, ADA = 9601, 8800, 8801
SEASON = (
    "/done kb 20 yesterday",
    "/done core 15 2026-11-18",
    "/done squats 40 2026-11-17",
    "/done kb 25 2026-11-16",
    "/done kb 30 2026-11-10",
    "/done core 50",
)

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.slow(seconds=40),
]


def telegram_url(base: str, init_data: str, theme: dict[str, str], query: str = "") -> str:
    """The address Telegram opens: the page, and initData with the theme in its hash."""
    hash_ = urlencode(
        {
            "tgWebAppData": init_data,
            "tgWebAppVersion": "8.0",
            "tgWebAppPlatform": "android",
            "tgWebAppThemeParams": json.dumps(theme),
        },
        quote_via=quote,
    )
    return f"{base}{query}#{hash_}"


@asynccontextmanager
async def running(sqlite_url: str) -> AsyncIterator[tuple[Harness, str, Any]]:
    """The bot with its Mini App server, and a headless Chromium that cannot reach telegram.org."""
    from playwright.async_api import async_playwright

    port = free_port()
    settings = {"webapp_port": port, "webapp_host": "127.0.0.1",
                "webapp_url": "https://strongstreak.example.org/"}  # fmt: skip
    async with Harness.running(sqlite_url, settings=settings) as harness, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield harness, f"http://127.0.0.1:{port}/", browser
        finally:
            await browser.close()


async def open_as(browser: Any, url: str, *, width: int = 390, dark: bool = False) -> Any:
    context = await browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme="dark" if dark else "light",
        device_scale_factor=1,
    )
    page = await context.new_page()
    page.on("pageerror", lambda error: print("page error:", error))  # shown when a test fails
    # As when telegram-web-app.js cannot load: the page reads the hash itself.
    await page.route("https://telegram.org/**", lambda route: route.abort())
    await page.goto(url)
    return page


async def ready(page: Any, view: str) -> None:
    await page.wait_for_selector(f"body[data-ready={view}]", timeout=10_000)


async def shot(page: Any, name: str) -> None:
    DOCS.mkdir(exist_ok=True)
    await page.screenshot(path=str(DOCS / f"{name}.png"), full_page=False)


async def test_a_runner_sees_the_season_fixes_a_day_and_the_chat_agrees(sqlite_url: str) -> None:
    async with running(sqlite_url) as (harness, base, browser):
        await harness.say(RUNNER, "/start")
        for done in SEASON:
            await harness.say(RUNNER, done)
        await harness.say(RUNNER, "/plan fri kettlebell 20 swings")
        await harness.say(RUNNER, "/plan fri 07:00 core 15")
        signed = signed_for(RUNNER, "Runner", TOKEN, harness.clock(), "en")
        page = await open_as(browser, telegram_url(base, signed, LIGHT))
        await ready(page, "season")
        text = await page.inner_text("main")
        assert "Your season" in text and "2 of 3 days this week" in text, text
        assert "✓ 3/3" in text  # the week of 16 Nov was met
        assert "kettlebell 20 min — swings" in text
        await shot(page, "webapp-season-light-en")

        await page.click('[data-day="2026-11-24"]')
        await ready(page, "day")
        assert "kettlebell 20 min" in await page.inner_text("#sheet")
        await shot(page, "webapp-day-light-en")
        await page.fill("#sheet form.edit input[name=minutes]", "9999")
        await page.click("#sheet form.edit button[value=save]")
        await ready(page, "day-error")
        assert "600" in await page.inner_text("#sheet [role=alert]")  # the chat's own words
        assert await harness.scalar("SELECT max(minutes) FROM sessions") == 50
        await page.fill("#sheet form.edit input[name=minutes]", "35")
        await page.click("#sheet form.edit button[value=save]")
        await page.wait_for_selector(".news >> text=20 → 35 min")
        assert (
            await harness.scalar("SELECT minutes FROM sessions WHERE local_date = '2026-11-24'")
            == 35
        )
        history = await harness.say(RUNNER, "/history")
        assert "<b>kettlebell</b> 35 min" in history.text, history.text

        await page.click('[data-day="2026-11-24"]')
        await ready(page, "day")
        await page.click("#sheet form.edit button[value=delete]")
        await page.wait_for_selector(".news >> text=Deleted")
        assert await harness.scalar("SELECT count(*) FROM sessions") == 5
        week = await harness.say(RUNNER, "/week")
        assert "1 of 3 days this week" in week.text, week.text
        await ready(page, "season")
        assert "1 of 3 days this week" in await page.inner_text("main")
        mark = harness.fake.mark()
        harness.fake.send_message(RUNNER, "/stats")
        await harness.fake.wait_handled(timeout=60)  # the text, then the picture drawn
        stats = await harness.fake.reply(RUNNER, since=mark)
        strength = await page.text_content("main h2")  # "Habit strength · 17%"
        assert strength is not None
        assert f"<b>{strength.split('· ')[1]}</b>" in stats.text, (strength, stats.text)
        assert "1 of 3 days this week" in stats.text

        # Friday's two plans, each with its own form: the morning one cleared, the other kept.
        await page.click('[data-day="2026-11-27"]')
        await ready(page, "day")
        sheet = await page.inner_text("#sheet")
        assert "07:00 core 15 min" in sheet and "kettlebell 20 min — swings" in sheet, sheet
        await page.click('#sheet [data-plan-of="core"] button[value=clear]')
        await page.wait_for_selector(".news >> text=removed")
        plans = await harness.say(RUNNER, "/plans")
        assert "kettlebell" in plans.text and "core" not in plans.text, plans.text

        # At 320 px nothing needs scrolling sideways.
        narrow = await open_as(browser, telegram_url(base, signed, LIGHT), width=320)
        await ready(narrow, "season")
        assert await narrow.evaluate("document.documentElement.scrollWidth") <= 320

        # A forged hash: an error page, and nothing changed.
        forged = dict(parse_qsl(signed))
        forged["user"] = json.dumps({"id": RUNNER + 1, "first_name": "Mallory"})
        bad = await open_as(browser, telegram_url(base, urlencode(forged), LIGHT))
        await ready(bad, "error")
        assert "opens from the bot in Telegram" in await bad.inner_text("main")
        assert await harness.scalar("SELECT count(*) FROM sessions") == 5


async def test_a_coach_writes_a_plan_on_the_board_and_the_athlete_hears(sqlite_url: str) -> None:
    async with running(sqlite_url) as (harness, base, browser):
        await meet(harness, ANNA, ADA)
        await coached(harness, ADA, "Everything but notes")
        for done in ("/done kb 20", "/done core 30 yesterday", "/done kb 20 2026-11-17"):
            await harness.say(ADA, done)
        signed = signed_for(ANNA, "Anna", TOKEN, harness.clock(), "en")
        page = await open_as(browser, telegram_url(base, signed, DARK, "?view=board"), dark=True)
        await ready(page, "board")
        assert "Ada" in await page.inner_text("main")
        await shot(page, "webapp-board-dark-en")
        await page.click(f'[data-athlete="{ADA}"]')
        await ready(page, "athlete")
        assert "Ada" in await page.inner_text("h1")
        await page.click('[data-day="2026-11-27"]')
        await ready(page, "day")
        mark = harness.fake.mark()
        await page.fill("#sheet form.plan input[name=activity]", "kettlebell")
        await page.fill("#sheet form.plan input[name=minutes]", "25")
        await page.fill("#sheet form.plan input[name=details]", "swings, goblet squats")
        await page.click("#sheet form.plan button[value=plan]")
        await page.wait_for_selector(".news >> text=Ada")
        await harness.settled()
        told = [c.text for c in harness.fake.sent(ADA, since=mark)]
        assert any("Anna" in t and "swings, goblet squats" in t for t in told), told
        plans = await harness.say(ADA, "/plans")
        assert "kettlebell</b> 25 min" in plans.text, plans.text
        await shot(page, "webapp-athlete-dark-en")


async def test_the_season_speaks_the_runners_language_in_the_dark(sqlite_url: str) -> None:
    async with running(sqlite_url) as (harness, base, browser):
        await harness.say(RUNNER, "/start")
        await harness.press(RUNNER, await harness.say(RUNNER, "/language"), "Deutsch")
        for done in ("/done kb 20 yesterday", "/done core 30", "/done kb 25 2026-11-17"):
            await harness.say(RUNNER, done)
        await harness.say(RUNNER, "/reward Sauna nach 10 Einheiten")
        signed = signed_for(RUNNER, "Runner", TOKEN, harness.clock(), "de")
        page = await open_as(browser, telegram_url(base, signed, DARK), dark=True)
        await ready(page, "season")
        text = await page.text_content("main")
        assert "Deine Saison" in text and "Gewohnheitsstärke" in text, text
        assert await page.get_attribute("html", "data-scheme") == "dark"
        await shot(page, "webapp-season-dark-de")


async def test_a_session_six_weeks_old_is_changed_and_deleted_in_the_browser(
    sqlite_url: str,
) -> None:
    async with running(sqlite_url) as (harness, base, browser):
        await harness.say(RUNNER, "/start")
        await harness.say(RUNNER, "/target 1")
        now = harness.clock.current
        harness.clock.current = now - timedelta(days=42)  # logged on the day, six weeks ago
        await harness.say(RUNNER, "/done kb 15")
        harness.clock.current = now
        await harness.say(RUNNER, "/done core 20")
        signed = signed_for(RUNNER, "Runner", TOKEN, harness.clock(), "en")
        page = await open_as(browser, telegram_url(base, signed, LIGHT))
        await ready(page, "season")
        assert "✓ 1/1" in await page.inner_text('[data-week="2026-10-12"]')
        await page.click('[data-day="2026-10-14"]')
        await ready(page, "day")
        assert "kettlebell 15 min" in await page.inner_text("#sheet")
        await page.fill("#sheet form.edit input[name=minutes]", "45")
        await page.click("#sheet form.edit button[value=save]")
        await page.wait_for_selector(".news >> text=15 → 45 min")
        assert (
            await harness.scalar("SELECT minutes FROM sessions WHERE local_date = '2026-10-14'")
            == 45
        )
        history = await harness.say(RUNNER, "/history")
        assert "<b>kettlebell</b> 45 min" in history.text, history.text

        await ready(page, "season")
        await page.click('[data-day="2026-10-14"]')
        await ready(page, "day")
        await page.click("#sheet form.edit button[value=delete]")
        await page.wait_for_selector(".news >> text=Deleted")
        await ready(page, "season")
        assert await harness.scalar("SELECT count(*) FROM sessions") == 1
        # The season now starts with the first session left, this week's.
        assert await page.locator('[data-week="2026-10-12"]').count() == 0
        stats = await harness.say(RUNNER, "/week")
        assert "1 of 1" in stats.text, stats.text
