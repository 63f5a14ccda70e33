"""Pictures and the runner's data through the real application: /stats, /week, export, import,
and deleting everything."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from matplotlib.image import imread
from sqlalchemy import inspect

from bot.storage.db import create_engine
from bot.storage.models import Base
from tests.databases import migrated_sqlite_url
from tests.harness import FakeClock, Harness

RUNNER = 6601
OTHER = 6602


async def test_stats_sends_a_picture_and_a_newcomer_gets_words_instead(harness: Harness) -> None:
    mark = harness.fake.mark()
    harness.fake.send_message(RUNNER, "/stats")
    await harness.fake.wait_handled()
    await harness.fake.wait_idle()
    assert [c.method for c in harness.fake.sent(RUNNER, since=mark)] == ["sendMessage"]
    await harness.say(RUNNER, "/done kettlebell 30 mon")
    await harness.say(RUNNER, "/pause 2")
    mark = harness.fake.mark()
    harness.fake.send_message(RUNNER, "/stats")
    photo = await harness.fake.wait_for(lambda c: c.method == "sendPhoto" and c.ok, since=mark)
    png = next(iter(photo.files.values()))
    assert png[:4] == b"\x89PNG" and len(png) < 200_000
    image = imread(io.BytesIO(png), format="png")
    assert image.shape[:2] == (1080, 1080)
    assert "Streak" in photo.text
    assert any(c.method == "sendChatAction" for c in harness.fake.calls[mark:])


async def test_a_picture_being_drawn_does_not_hold_up_another_runners_done(
    harness: Harness,
) -> None:
    await harness.say(RUNNER, "/done kettlebell 30")
    mark = harness.fake.mark()
    harness.fake.send_message(RUNNER, "/stats")
    harness.fake.send_message(OTHER, "/done barre 20")
    photo = await harness.fake.wait_for(lambda c: c.method == "sendPhoto" and c.ok, since=mark)
    logged = await harness.fake.wait_for(
        lambda c: c.ok and c.chat_id == OTHER and "Logged" in c.text, since=mark
    )
    assert harness.fake.calls.index(logged) < harness.fake.calls.index(photo)


async def test_week_shows_this_week_at_a_glance(harness: Harness) -> None:
    await harness.say(RUNNER, "/done kettlebell 30 mon")
    glance = await harness.say(RUNNER, "/week")
    assert "Week of 23 Nov" in glance.text and "Mo ✓ Tu · We ·" in glance.text
    assert "1 of 3 days this week" in glance.text and "This week: 1 session, 30 min" in glance.text


async def test_export_then_import_into_a_fresh_deployment(
    database_url: str, sqlite_template: Path, tmp_path: Path
) -> None:
    async with Harness.running(database_url) as first:
        await first.say(RUNNER, "/timezone Europe/Berlin")
        await first.say(RUNNER, "/done kettlebell 30 mon - swings, <b>heavy</b>")
        await first.say(RUNNER, "/done barre 20 yesterday")
        await first.say(RUNNER, "/reward running top after 21 days")
        await first.say(RUNNER, "/pause 3")
        mark = first.fake.mark()
        first.fake.send_message(RUNNER, "/export")
        await first.fake.wait_handled()
        documents = [c for c in first.fake.sent(RUNNER, since=mark) if c.method == "sendDocument"]
    assert [d.params["_file_name"] for d in documents] == [
        "strongstreak-sessions.csv", "strongstreak-data.json",
    ]  # fmt: skip
    sessions_csv = next(iter(documents[0].files.values()))
    rows = list(csv.DictReader(io.StringIO(sessions_csv.decode())))
    assert [(r["date"], r["activity"], r["minutes"], r["note"]) for r in rows] == [
        ("2026-11-23", "kettlebell", "30", "swings, <b>heavy</b>"),
        ("2026-11-24", "barre", "20", ""),
    ]
    # Both were logged on Wednesday for earlier days: noon of their own day, not 10:00 Wednesday.
    assert rows[0]["habit"] == "strength training" and rows[0]["time"] == "12:00"
    data = json.loads(next(iter(documents[1].files.values())))
    assert data["settings"]["time_zone"] == "Europe/Berlin"
    assert data["target_history"][0]["training_days_per_week"] == 3
    assert data["pauses"] and data["rewards"][0]["name"] == "running top"

    fresh = migrated_sqlite_url(sqlite_template, tmp_path / "fresh.db")
    async with Harness.running(fresh) as second:
        mark = second.fake.mark()
        second.fake.send_message(RUNNER, "/import", document=("s.csv", sessions_csv))
        await second.fake.wait_handled()
        reply = second.fake.sent(RUNNER, since=mark)[0]
        assert "Imported 2 sessions" in reply.text
        again = second.fake.mark()
        sent = second.fake.send_message(RUNNER, "here it is", document=("s.csv", sessions_csv))
        await second.fake.wait_handled()
        second.fake.send_message(RUNNER, "/import", reply_to=sent["message_id"])
        await second.fake.wait_handled()
        assert (
            "Imported 0 sessions, skipped 2 duplicates"
            in second.fake.sent(RUNNER, since=again)[-1].text
        )
        assert await second.scalar("SELECT count(*) FROM sessions") == 2


async def test_a_file_with_a_bad_line_imports_nothing_and_says_which(harness: Harness) -> None:
    content = (
        b"date,time,activity,minutes,note,habit\n"
        b"2026-11-20,08:00,kettlebell,20,,strength training\n"
        b"2026-11-21,08:00,barre,999,,strength training\n"
        b"not a date,08:00,core,10,,strength training\n"
    )
    mark = harness.fake.mark()
    harness.fake.send_message(RUNNER, "/import", document=("s.csv", content))
    await harness.fake.wait_handled()
    reply = harness.fake.sent(RUNNER, since=mark)[0].text
    assert "Nothing was imported" in reply and "line 3" in reply and "line 4" in reply
    assert await harness.scalar("SELECT count(*) FROM sessions") == 0
    usage = await harness.say(RUNNER, "/import")
    assert "caption" in usage.text


async def test_deleteme_removes_every_row_about_the_runner(database_url: str) -> None:
    clock = FakeClock(datetime(2026, 11, 25, 5, 0, tzinfo=UTC))
    async with Harness.running(database_url, clock=clock) as harness:
        for user in (RUNNER, OTHER):
            await harness.say(user, "/start")
            await harness.say(user, "/prompt 07:30")
            await harness.say(user, "/done kettlebell 15")
            await harness.say(user, "/reward cookie after every session")
            await harness.say(user, "/done barre 20 - treat")
            await harness.say(user, "/pause 2")
        clock.current = datetime(2026, 11, 28, 7, 30, 5, tzinfo=UTC)  # a check-in goes out
        await harness.fake.wait_for(lambda c: c.ok and c.text.startswith("Morning"), timeout=10)
        keep = await harness.say(RUNNER, "/deleteme")
        kept = await harness.press(RUNNER, keep, "Keep")
        assert "Nothing deleted" in kept.text
        confirm = await harness.say(RUNNER, "/deleteme")
        done = await harness.press(RUNNER, confirm, "Yes, delete")
        assert "everything about you is deleted" in done.text
        rows = await remaining_rows_about(harness, RUNNER)
        assert rows == {}, rows
        assert (
            await harness.scalar("SELECT count(*) FROM sessions WHERE user_id = :u", u=OTHER) == 2
        )


async def remaining_rows_about(harness: Harness, user_id: int) -> dict[str, int]:
    """Rows in any table whose user, chat or owner columns point at the runner."""
    engine = create_engine(harness.database_url)
    found: dict[str, int] = {}
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        for table in Base.metadata.sorted_tables:
            assert table.name in tables
            columns = [c for c in table.columns if c.name in ("user_id", "chat_id",
                       "source_chat_id") or (table.name == "users" and c.name == "id")]  # fmt: skip
            for column in columns:
                count = (
                    await connection.execute(
                        table.select().with_only_columns(column).where(column == user_id)
                    )
                ).all()
                if count:
                    found[f"{table.name}.{column.name}"] = len(count)
        unlocks = await connection.exec_driver_sql(
            "SELECT count(*) FROM reward_unlocks WHERE reward_id NOT IN (SELECT id FROM rewards)"
        )
        if (orphans := unlocks.scalar_one()) != 0:
            found["reward_unlocks"] = orphans
    await engine.dispose()
    return found
