"""The public corpus (tests/corpus/*.tsv) through the real application, on both engines: every
phrasing typed after /done (and as a plain message) is stored as meant, or refused or asked
about as expected; the same phrasings after /plan make the plan they say, or are refused."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.texts import i18n
from bot.texts.i18n import _
from tests.harness import FakeClock, Harness

CORPUS = Path(__file__).parent.parent / "corpus"
TODAY = date(2026, 12, 9)  # a Wednesday; the runners' time zone is UTC
FILES = ("en", "de", "es", "ru", "plain")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    expected: str  # a canonical activity, or !run, !cardio, !future, !minutes, !nonsense, !vague
    minutes: int | None
    day: date | None
    note: str | None
    language: str


def corpus(name: str) -> list[Line]:
    lines = []
    for raw in (CORPUS / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = [*raw.split("\t"), "", "", "", "", ""]
        lines.append(
            Line(
                text=cols[0],
                expected=cols[1],
                minutes=int(cols[2]) if cols[2] else None,
                day=TODAY + timedelta(days=int(cols[3])) if cols[3] else None,
                note=cols[4] or None,
                language=cols[5] or name,
            )
        )
    return lines


def fragment(language: str, msgid: str) -> str:
    """The longest piece of a catalog entry's words between its placeholders."""
    with i18n.speaking(language):
        words = _(msgid)
    return max(re.split(r"\{[a-z_]+\}", words), key=len).strip()


RUN = "Runs don't count here ({activity}): I keep track of the strength work that keeps you running strong. Nothing logged, enjoy the miles! After a strength session, e.g. {example}"  # noqa: E501
CARDIO = "Cross-training doesn't count here ({activity}), though it's good for you: I keep track of the strength work that keeps you running strong. Nothing logged. After a strength session, e.g. {example}"  # noqa: E501
TO_COME = "{when} is still to come, so it hasn't happened yet 🙂 Log a session once it is done, e.g. {example} today or {earlier}"  # noqa: E501
OUT_OF_RANGE = (
    "{given} min can't be right: minutes must be between {low} and {high}, e.g. {example}"
)
ASK_MINUTES = "How many minutes of <b>{activity}</b>?"
NO_ACTIVITY = "What did you do for {minutes} min? e.g. {example}"
NOT_A_SESSION = (
    "I can't read a session in {text}. Name the activity and the minutes, e.g. {example}"
)
PLAN_PASSED = "That day has passed; plan one to come, e.g. {example}"
TIME_PASSED = "{at} today has passed already; plan a time still to come, e.g. {example}"
PLAN_NO_MINUTES = "Give the activity, then the minutes, e.g. {example}"
PLAN_INCOMPLETE = "Give a day, an activity and minutes, e.g. {example}"
VAGUE = "“{text}” is not one day. Which day was it? Say it like this, e.g. {example}"
PLAN_VAGUE = "“{text}” is not one day. Which day will it be? Say it like this, e.g. {example}"
HINT = "To log a session send /done kettlebell 15. /help lists everything I can do."
# A run is not logged: /done and plain messages answer it with the strength that comes next.
AFTER_RUN = (
    "🏃 Nice run! Runs aren't logged here, but right after one is the easiest moment for your "
    "strength work."
)
AFTER_RUN_DONE = (
    "🏃 Nice run! Your strength is already logged today ✓, so today is complete. Runs aren't "
    "logged here; enjoy the rest of the day."
)
REFUSALS = {
    "!run": (AFTER_RUN, AFTER_RUN_DONE),
    "!cardio": (CARDIO,),
    "!future": (TO_COME,),
    "!minutes": (OUT_OF_RANGE, ASK_MINUTES),
    "!nonsense": (NO_ACTIVITY, NOT_A_SESSION, HINT),
    "!vague": (VAGUE,),
}
PLAN_REFUSALS = {
    "!run": (RUN,),
    "!cardio": (CARDIO,),
    "!minutes": (OUT_OF_RANGE, PLAN_NO_MINUTES),
    "!nonsense": (PLAN_NO_MINUTES, PLAN_INCOMPLETE),
    "!vague": (PLAN_VAGUE,),
}


async def stored(harness: Harness, table: str, user: int) -> list[tuple[object, ...]]:
    columns = {
        "sessions": "activity, minutes, local_date, note",
        "plans": "activity, minutes, day, details",
    }[table]
    async with harness.application.bot_data.deps.sessionmaker() as session:
        rows = await session.execute(
            text(f"SELECT {columns} FROM {table} WHERE user_id = :u ORDER BY id"), {"u": user}
        )
        return [(a, m, str(d), n) for a, m, d, n in rows]


async def logged(harness: Harness, line: Line, user: int, *, plain: bool) -> str | None:
    """Send the line as the runner would; press the first button of a question (the known
    activity of "Did you mean", or "Log it"). None when it went as the corpus expects."""
    typed = line.text if plain else f"/done {line.text}"
    reply = await harness.say(user, typed)
    if line.expected.startswith("!"):
        expected = REFUSALS[line.expected]
        if not any(fragment(line.language, e) in reply.text for e in expected):
            return f"expected {line.expected}, got {reply.text!r}"
        if await stored(harness, "sessions", user):
            return "something was logged"
        return None
    if reply.buttons and "Logged" not in reply.text and not reply.text.startswith("✅"):
        reply = await harness.press(user, reply, reply.buttons[0][0])
    want = [(line.expected, line.minutes, str(line.day), line.note)]
    got = await stored(harness, "sessions", user)
    return None if got == want else f"stored {got}, want {want} ({reply.text!r})"


async def planned(harness: Harness, line: Line, user: int) -> str | None:
    """The line after /plan: a plan for a day to come or today, or a refusal."""
    reply = await harness.say(user, f"/plan {line.text}")
    got = await stored(harness, "plans", user)
    if line.expected == "!future":
        return None if len(got) == 1 else f"no plan for a day to come: {reply.text!r}"
    if line.expected.startswith("!"):
        expected = PLAN_REFUSALS[line.expected]
        if not any(fragment(line.language, e) in reply.text for e in expected) or got:
            return f"expected {line.expected}, got {reply.text!r} and {got}"
        return None
    assert line.day is not None
    day = line.day
    if day == TODAY and fragment(line.language, TIME_PASSED) in reply.text and not got:
        return None  # a time of today before the corpus's 20:00 has passed
    if day < TODAY:
        if fragment(line.language, PLAN_PASSED) in reply.text and not got:
            return None
        day += timedelta(days=7)  # a weekday in a plan is the coming one
    want = [(line.expected, line.minutes, str(day))]
    return None if [g[:3] for g in got] == want else f"planned {got}, want {want}"


CHUNK = 45  # lines per test, so that the workers share the corpus
# Runners writing at the same time, each in a chat of their own (as on a real morning): each
# line waits for its answers, so one at a time would leave the bot idle between round trips.
AT_ONCE = 6


def chunks() -> list[tuple[str, int]]:
    return [(name, start) for name in FILES for start in range(0, len(corpus(name)), CHUNK)]


@pytest.mark.slow(seconds=30)
@pytest.mark.timeout(600)
@pytest.mark.parametrize(("name", "start"), chunks())
async def test_the_corpus_is_understood_through_the_real_application(
    database_url: str, name: str, start: int
) -> None:
    lines = corpus(name)[start : start + CHUNK]
    # /plan reads with the same reader and stores like any plan: once, on SQLite, is enough
    # (the plans' storage has its own tests on both engines).
    with_plans = database_url.startswith("sqlite")
    clock = FakeClock(datetime(2026, 12, 9, 20, 0, tzinfo=UTC))
    at_once = asyncio.Semaphore(AT_ONCE)

    async def check(harness: Harness, n: int, line: Line) -> list[str]:
        done_user, plan_user = 700_000 + 2 * (start + n), 700_001 + 2 * (start + n)
        for user in (done_user, plan_user):
            harness.fake.user_languages[user] = line.language
        problems = []
        async with at_once:
            if problem := await logged(harness, line, done_user, plain=name == "plain"):
                problems.append(f"/done {line.text!r}: {problem}")
            if with_plans and (problem := await planned(harness, line, plan_user)):
                problems.append(f"/plan {line.text!r}: {problem}")
        return problems

    async with Harness.running(database_url, clock=clock) as harness:
        found = await asyncio.gather(*(check(harness, n, line) for n, line in enumerate(lines)))
    problems = [problem for line_problems in found for problem in line_problems]
    assert not problems, f"{len(problems)} of {len(lines)} lines:\n" + "\n".join(problems)
