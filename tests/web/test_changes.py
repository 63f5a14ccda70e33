"""Changes made in the Mini App go through the chat's use cases: the same rules, the same words,
once per request key, and the chat agrees afterwards."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

from tests.e2e.test_coaches import coached, meet
from tests.web.conftest import Web

RUNNER = 9401  # the clock says Wednesday 25 November 2026, weeks start on Monday
OTHER = 9402
ANNA, ADA, BEN = 8800, 8801, 8802  # a coach and two athletes, as in tests/e2e/test_coaches.py


async def count(web: Web, sql: str) -> object:
    return await web.harness.scalar(sql)


async def test_a_session_added_by_tapping_is_logged_once_and_shown_in_the_chat(web: Web) -> None:
    await web.harness.say(RUNNER, "/start")
    body = {"key": "k1", "activity": "kb", "minutes": 25, "day": "2026-11-24"}
    first = await web.post(f"api/sessions/{RUNNER}", RUNNER, body)
    assert "✅ Logged <b>kettlebell</b> 25 min, yesterday" in first["message"], first
    again = await web.post(f"api/sessions/{RUNNER}", RUNNER, body)
    assert again == {"message": "Already saved ✓", "repeat": True}
    assert await count(web, "SELECT count(*) FROM sessions") == 1
    history = await web.harness.say(RUNNER, "/history")
    assert "<b>kettlebell</b> 25 min" in history.text, history.text
    season = await web.get(f"api/season/{RUNNER}", RUNNER)
    assert season["done"] == 1 and season["weeks"][0]["minutes"][1] == 25


async def test_bad_input_gets_the_chats_words_and_changes_nothing(web: Web) -> None:
    await web.harness.say(RUNNER, "/start")
    path = f"api/sessions/{RUNNER}"
    status, data, _ = await web.call(
        path, web.signed(RUNNER), {"key": "a", "activity": "kb", "minutes": 9999}
    )
    assert status == 400 and "600" in data["message"], data
    status, data, _ = await web.call(
        path, web.signed(RUNNER), {"key": "a", "activity": "kb", "minutes": 20, "day": "2026-12-01"}
    )
    assert status == 400, data
    assert await count(web, "SELECT count(*) FROM sessions") == 0
    # The refused request claimed nothing: the same key, corrected, goes through.
    fixed = await web.post(path, RUNNER, {"key": "a", "activity": "kb", "minutes": 20})
    assert fixed["repeat"] is False


async def test_changing_and_deleting_a_session_says_which_weeks_changed(web: Web) -> None:
    await web.harness.say(RUNNER, "/start")
    await web.harness.say(RUNNER, "/target 1")
    await web.harness.say(RUNNER, "/done kb 15 2026-11-17")
    day = await web.get(f"api/day/{RUNNER}/2026-11-17", RUNNER)
    (session,) = day["sessions"]
    path = f"api/sessions/{RUNNER}/{session['id']}"
    changed = await web.post(path, RUNNER, {"key": "c1", "minutes": 30})
    assert "15 → 30 min" in changed["message"], changed
    moved = await web.post(path, RUNNER, {"key": "c2", "day": "2026-11-24"})
    assert "This week is now met ✓" in moved["message"], moved
    deleted = await web.post(path, RUNNER, {"key": "c3", "delete": True})
    assert "Deleted" in deleted["message"], deleted
    assert await count(web, "SELECT count(*) FROM sessions") == 0
    week = await web.harness.say(RUNNER, "/week")
    assert "0 of 1" in week.text, week.text


async def test_no_one_changes_another_runners_sessions(web: Web) -> None:
    await web.harness.say(RUNNER, "/start")
    await web.harness.say(OTHER, "/start")
    await web.harness.say(RUNNER, "/done kb 15")
    session_id = await count(web, "SELECT id FROM sessions")
    status, _, _ = await web.call(
        f"api/sessions/{RUNNER}/{session_id}", web.signed(OTHER), {"key": "x", "delete": True}
    )
    assert status == 403
    # Their own season's address with the other's session: not theirs to change.
    status, data, _ = await web.call(
        f"api/sessions/{OTHER}/{session_id}", web.signed(OTHER), {"key": "y", "delete": True}
    )
    assert status == 400, data
    forged = dict(parse_qsl(web.signed(OTHER)))
    forged["user"] = json.dumps({"id": RUNNER, "first_name": "Runner"})
    status, _, _ = await web.call(
        f"api/sessions/{RUNNER}/{session_id}", urlencode(forged), {"key": "z", "delete": True}
    )
    assert status == 401
    assert await count(web, "SELECT count(*) FROM sessions") == 1


async def test_a_runner_plans_moves_and_clears_their_own_days(web: Web) -> None:
    await web.harness.say(RUNNER, "/start")
    path = f"api/plans/{RUNNER}"
    body = {"key": "p1", "day": "2026-11-27", "activity": "kb", "minutes": 20, "details": "swings"}
    planned = await web.post(path, RUNNER, body)
    assert "📝 Planned for" in planned["message"] and "swings" in planned["message"], planned
    moved = await web.post(
        path, RUNNER, {**body, "key": "p2", "day": "2026-11-28", "from": "2026-11-27"}
    )
    assert "Plan for" in moved["message"], moved
    plans = await web.harness.say(RUNNER, "/plans")
    assert "Sat" in plans.text and "Fri" not in plans.text, plans.text
    season = await web.get(f"api/season/{RUNNER}", RUNNER)
    assert [p["day"] for p in season["plans"]] == ["2026-11-28"]
    cleared = await web.post(f"{path}/clear", RUNNER, {"key": "p3", "day": "2026-11-28"})
    assert "removed" in cleared["message"], cleared
    status, data, _ = await web.call(
        f"{path}/clear", web.signed(RUNNER), {"key": "p4", "day": "2026-11-28"}
    )
    assert status == 400, data
    assert (await web.get(f"api/season/{RUNNER}", RUNNER))["plans"] == []


async def test_a_coach_writes_an_athletes_plan_and_the_athlete_hears_in_the_chat(
    web: Web,
) -> None:
    harness = web.harness
    await meet(harness, ANNA, ADA, BEN)
    await coached(harness, ADA, "Everything but notes")
    await coached(harness, BEN, "Week and streak only")
    me = await web.get("api/me", ANNA)
    assert {a["id"] for a in me["athletes"]} == {ADA, BEN}
    mark = harness.fake.mark()
    body = {"key": "c1", "day": "2026-11-27", "activity": "kb", "minutes": 30}
    written = await web.post(f"api/plans/{ADA}", ANNA, body)
    assert "Ada" in written["message"], written
    await harness.settled()
    told = [c.text for c in harness.fake.sent(ADA, since=mark)]
    assert any("Anna" in t and "kettlebell" in t for t in told), told
    moved = await web.post(
        f"api/plans/{ADA}", ANNA, {**body, "key": "c2", "day": "2026-11-28", "from": "2026-11-27"}
    )
    assert "Ada" in moved["message"]
    await harness.settled()  # Ada is told of the move in the background, before she asks
    plans = await harness.say(ADA, "/plans")
    assert "Sat" in plans.text and "Fri" not in plans.text, plans.text
    mark = harness.fake.mark()
    await web.post(f"api/plans/{ADA}/clear", ANNA, {"key": "c3", "day": "2026-11-28"})
    await harness.settled()
    told = [c.text for c in harness.fake.sent(ADA, since=mark)]
    assert any("Anna removed your plan" in t for t in told), told
    # Ben shows his week and streak only: his days and sessions stay his.
    ben = await web.get(f"api/season/{BEN}", ANNA)
    assert ben["runner"]["sees"] == "week" and ben["plans"] == []
    assert (await web.call(f"api/day/{BEN}/2026-11-25", web.signed(ANNA)))[0] == 403
    # Ada is no coach of Ben's.
    status, _, _ = await web.call(f"api/plans/{BEN}", web.signed(ADA), {**body, "key": "x"})
    assert status == 403
    # And a coach never changes an athlete's sessions.
    await harness.say(ADA, "/done kb 10")
    session_id = await harness.scalar("SELECT id FROM sessions")
    status, _, _ = await web.call(
        f"api/sessions/{ADA}/{session_id}", web.signed(ANNA), {"key": "y", "delete": True}
    )
    assert status == 403


async def test_a_day_shows_every_plan_with_its_time_and_each_changes_or_clears_alone(
    web: Web,
) -> None:
    await web.harness.say(RUNNER, "/start")
    await web.harness.say(RUNNER, "/plan fri 07:00 core 15")
    path, friday = f"api/plans/{RUNNER}", "2026-11-27"
    evening = {"key": "t1", "day": friday, "activity": "kb", "minutes": 20, "at": "18:30"}
    written = await web.post(path, RUNNER, evening)
    assert "18:30 <b>kettlebell</b> 20 min" in written["message"], written
    day = await web.get(f"api/day/{RUNNER}/{friday}", RUNNER)
    assert [(p["at"], p["activity"]) for p in day["plans"]] == [
        ("07:00", "core"),
        ("18:30", "kettlebell"),
    ], day
    # The evening plan moves to Saturday at 19:00; the morning one stays.
    moved = {**evening, "key": "t2", "day": "2026-11-28", "at": "19:00", "from": friday,
             "from_activity": "kettlebell"}  # fmt: skip
    await web.post(path, RUNNER, moved)
    # The morning plan becomes yoga: the core plan goes, no second plan is left behind.
    yoga = {"key": "t3", "day": friday, "activity": "yoga", "minutes": 15, "at": "07:00",
            "from": friday, "from_activity": "core"}  # fmt: skip
    await web.post(path, RUNNER, yoga)
    day = await web.get(f"api/day/{RUNNER}/{friday}", RUNNER)
    assert [(p["at"], p["activity"]) for p in day["plans"]] == [("07:00", "yoga")], day
    saturday = await web.get(f"api/day/{RUNNER}/2026-11-28", RUNNER)
    assert [(p["at"], p["activity"]) for p in saturday["plans"]] == [("19:00", "kettlebell")]
    # Clearing one plan of a day leaves the others.
    await web.post(path, RUNNER, {**evening, "key": "t4", "activity": "core", "at": None})
    cleared = await web.post(
        f"{path}/clear", RUNNER, {"key": "t5", "day": friday, "activity": "core"}
    )
    assert "removed" in cleared["message"], cleared
    plans = await web.harness.say(RUNNER, "/plans")
    assert "yoga" in plans.text and "19:00" in plans.text and "core" not in plans.text, plans.text
    status, data, _ = await web.call(
        path, web.signed(RUNNER), {**evening, "key": "t6", "at": "25:00"}
    )
    assert status == 400, data


async def test_a_coach_clears_one_of_an_athletes_plans_on_the_board(web: Web) -> None:
    harness = web.harness
    await meet(harness, ANNA, ADA, BEN)
    await coached(harness, ADA, "Everything but notes")
    friday = "2026-11-27"
    for key, activity, at in (("a", "kb", "18:30"), ("b", "core", "07:00")):
        body = {"key": key, "day": friday, "activity": activity, "minutes": 20, "at": at}
        await web.post(f"api/plans/{ADA}", ANNA, body)
    day = await web.get(f"api/day/{ADA}/{friday}", ANNA)
    assert [p["at"] for p in day["plans"]] == ["07:00", "18:30"], day
    await web.post(
        f"api/plans/{ADA}/clear", ANNA, {"key": "c", "day": friday, "activity": "kettlebell"}
    )
    await harness.settled()  # Ada is told of each plan in the background, before she asks
    plans = await harness.say(ADA, "/plans")
    assert "core" in plans.text and "kettlebell" not in plans.text, plans.text


async def test_a_session_six_weeks_old_is_changed_and_deleted_by_tapping(web: Web) -> None:
    harness = web.harness
    await harness.say(RUNNER, "/start")
    await harness.say(RUNNER, "/target 1")
    now = harness.clock.current
    harness.clock.current = now - timedelta(days=42)  # logged on the day, six weeks ago
    await harness.say(RUNNER, "/done kb 15")
    harness.clock.current = now
    old = "2026-10-14"
    day = await web.get(f"api/day/{RUNNER}/{old}", RUNNER)
    (session,) = day["sessions"]
    path = f"api/sessions/{RUNNER}/{session['id']}"
    changed = await web.post(path, RUNNER, {"key": "o1", "minutes": 30, "activity": "core"})
    assert "15 → 30 min" in changed["message"], changed
    assert await count(web, "SELECT minutes FROM sessions") == 30
    moved = await web.post(path, RUNNER, {"key": "o2", "day": "2026-10-07"})
    assert "Deleted" not in moved["message"], moved
    season = await web.get(f"api/season/{RUNNER}", RUNNER)
    assert [w["done"] for w in season["weeks"] if w["start"] in ("2026-10-05", "2026-10-12")] == [
        0,
        1,
    ], season["weeks"][6:9]
    deleted = await web.post(path, RUNNER, {"key": "o3", "delete": True})
    assert "Deleted" in deleted["message"], deleted
    assert await count(web, "SELECT count(*) FROM sessions") == 0
