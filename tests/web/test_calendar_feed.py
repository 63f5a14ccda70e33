"""A calendar app subscribed to a runner's secret link, over real HTTP: the feed, 304 for what
it already has, the same event updated, and the link dead after a reset or /deleteme."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import aiohttp
import icalendar
import pytest

from bot.web.auth import signed_for
from tests.harness import TOKEN, Harness
from tests.ports import free_port

ADA, BEN = 9401, 9402


@pytest.fixture
async def served(database_url: str) -> AsyncIterator[tuple[Harness, aiohttp.ClientSession, str]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = {"webapp_port": port, "webapp_host": "127.0.0.1", "webapp_url": base}
    async with (
        Harness.running(database_url, settings=settings) as harness,
        aiohttp.ClientSession() as client,
    ):
        yield harness, client, base


def link_in(text: str) -> str:
    match = re.search(r"<code>(http://[^<]+\.ics)</code>", text)
    assert match, text
    return match[1]


async def test_a_subscribed_calendar_gets_the_plans_then_304_then_the_same_event_updated(
    served: tuple[Harness, aiohttp.ClientSession, str],
) -> None:
    harness, client, base = served
    await harness.say(ADA, "/timezone Europe/Berlin", first_name="Ada")
    await harness.say(ADA, "/plan thu 18:30 kettlebell 20 swings")
    answer = await harness.say(ADA, "/calendar")
    url = link_in(answer.text)
    assert url.startswith(base + "/cal/")
    assert "webcal://127.0.0.1" in answer.text
    async with client.get(url) as first:
        assert first.status == 200
        assert first.content_type == "text/calendar"
        tag = first.headers["ETag"]
        (event,) = icalendar.Calendar.from_ical(await first.read()).walk("VEVENT")
    assert str(event["summary"]) == "💪 kettlebell 20 min"
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    async with client.get(url, headers={"If-None-Match": tag}) as again:
        assert again.status == 304 and await again.read() == b""
    await harness.say(ADA, "/plan thu 19:00 kettlebell 25 swings")
    async with client.get(url, headers={"If-None-Match": tag}) as changed:
        assert changed.status == 200 and changed.headers["ETag"] != tag
        (moved,) = icalendar.Calendar.from_ical(await changed.read()).walk("VEVENT")
    assert moved["uid"] == event["uid"] and int(moved["sequence"]) == 1
    assert moved.decoded("dtstart").strftime("%H:%M") == "19:00"


async def test_a_reset_link_and_a_deleted_runners_link_answer_404(
    served: tuple[Harness, aiohttp.ClientSession, str],
) -> None:
    harness, client, _ = served
    await harness.say(BEN, "/plan fri barre 30", first_name="Ben")
    await harness.say(ADA, "/plan thu kettlebell 20", first_name="Ada")
    old = link_in((await harness.say(ADA, "/calendar")).text)
    reset = await harness.say(ADA, "/calendar reset")
    new = link_in(reset.text)
    assert new != old and "old calendar link no longer works" in reset.text
    async with client.get(old) as dead:
        assert dead.status == 404 and b"kettlebell" not in await dead.read()
    async with client.get(new) as alive:
        body = await alive.read()
        assert alive.status == 200 and b"kettlebell" in body and b"barre" not in body
    async with client.get(new.replace("/cal/", "/cal/x")) as guessed:
        assert guessed.status == 404
    confirm = await harness.say(ADA, "/deleteme")
    await harness.press(ADA, confirm, "Yes")
    async with client.get(new) as gone:
        assert gone.status == 404


async def test_without_a_web_address_calendar_says_so(harness: Harness) -> None:
    answer = await harness.say(ADA, "/calendar")
    assert "WEBAPP_URL" in answer.text


async def test_the_feed_says_what_plans_and_the_mini_app_say(
    served: tuple[Harness, aiohttp.ClientSession, str],
) -> None:
    harness, client, base = served
    await harness.say(ADA, "/timezone America/New_York", first_name="Ada")
    for text in ("/plan thu 18:30 kettlebell 20", "/plan thu core 10", "/plan sat 7am barre 30"):
        await harness.say(ADA, text)
    async with client.get(link_in((await harness.say(ADA, "/calendar")).text)) as answer:
        found = icalendar.Calendar.from_ical(await answer.read()).walk("VEVENT")
    from_feed = set()
    for event in found:
        start = event.decoded("dtstart")
        clock = start.strftime("%H:%M") if hasattr(start, "hour") else None
        day = start.date() if hasattr(start, "hour") else start
        words = str(event["summary"]).removeprefix("💪 ").split()
        from_feed.add((day.isoformat(), clock, words[0], int(words[1])))
    init_data = signed_for(ADA, "Ada", TOKEN, harness.clock(), "en")
    async with client.get(
        f"{base}/api/season/{ADA}", headers={"Authorization": f"tma {init_data}"}
    ) as season:
        plans = (await season.json())["plans"]
    from_app = {(p["day"], p["at"], p["activity"], p["minutes"]) for p in plans}
    listing = (await harness.say(ADA, "/plans")).text
    assert from_feed == from_app and len(from_feed) == 3
    for _day, clock, activity, minutes in from_feed:
        line = f"<b>{activity}</b> {minutes} min"
        assert (f"{clock} {line}" if clock else line) in listing


async def test_the_secret_link_is_never_posted_in_a_group(
    served: tuple[Harness, aiohttp.ClientSession, str],
) -> None:
    harness, _, _ = served
    answer = await harness.say(ADA, "/calendar", chat_id=-1001, first_name="Ada")
    assert "/cal/" not in answer.text and "private chat" in answer.text
    assert await harness.scalar("SELECT count(*) FROM calendar_feeds") == 0
