"""Refusals are codes with parameters: every code has words, and no rule or use case writes
a sentence of its own."""

from __future__ import annotations

import ast
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from bot import texts
from bot.domain.errors import ErrorCode, UserError
from bot.domain.invites import InviteKind

ROOT = Path(__file__).resolve().parents[2] / "bot"
DAY = date(2026, 11, 20)

# Parameters for every code that takes some; a code missing here fails the test below.
SAMPLES: dict[ErrorCode, dict[str, Any]] = {
    ErrorCode.TOO_MUCH_TEXT: {"limit": 1000},
    ErrorCode.NOTE_TOO_LONG: {"limit": 200},
    ErrorCode.MINUTES_OUT_OF_RANGE: {"given": 9999, "low": 1, "high": 600},
    ErrorCode.MINUTES_NOT_WHOLE: {"given": "15.5"},
    ErrorCode.TWO_MINUTES: {"first": 15, "second": 20},
    ErrorCode.NOT_A_DATE: {"text": "31.02"},
    ErrorCode.DAY_TO_COME: {"day": DAY, "today": date(2026, 11, 19)},
    ErrorCode.DAY_TOO_OLD: {"day": DAY, "limit": 30},
    ErrorCode.ACTIVITY_SYMBOLS: {"word": "#1"},
    ErrorCode.ACTIVITY_TOO_LONG: {"limit": 32},
    ErrorCode.UNKNOWN_WORDS: {"words": ("blue",), "activity": "kettlebell", "minutes": 15},
    ErrorCode.RUN: {"activity": "run"},
    ErrorCode.CARDIO: {"activity": "swim"},
    ErrorCode.PLAN_TIME_INVALID: {"text": "25:00"},
    ErrorCode.NO_COACH_PLAN: {"athlete": "Ada", "day": DAY},
    ErrorCode.REMIND_RANGE: {"low": 5, "high": 180},
    ErrorCode.NOT_A_SESSION: {"text": "hello"},
    ErrorCode.STEP_DONE: {},
    ErrorCode.DAY_VAGUE: {"text": "last week", "plan": False},
    ErrorCode.PLAN_TIME_PASSED: {"at": time(10, 0)},
    ErrorCode.NO_ACTIVITY: {"minutes": 15},
    ErrorCode.CLOCK_NOT_A_TIME: {"text": "25:99"},
    ErrorCode.TARGET_RANGE: {"low": 1, "high": 7},
    ErrorCode.PAUSE_LENGTH: {"high": 60},
    ErrorCode.EDIT_DAY_UNREADABLE: {"text": "soon"},
    ErrorCode.HISTORY_RANGE: {"high": 100},
    ErrorCode.ZONE_UNKNOWN: {"text": "Mars/Olympus"},
    ErrorCode.PAUSE_BUDGET: {"limit": 60},
    ErrorCode.PLAN_DETAILS_TOO_LONG: {"limit": 200},
    ErrorCode.NO_PLAN: {"day": DAY},
    ErrorCode.NOTHING_PLANNED: {"for_athlete": True},
    ErrorCode.PLAN_TIME_INVALID: {"text": "25:00"},
    ErrorCode.NO_COACH_PLAN: {"athlete": "Ada", "day": DAY},
    ErrorCode.REMIND_RANGE: {"low": 5, "high": 180},
    ErrorCode.REWARD_NAME_TOO_LONG: {"limit": 60},
    ErrorCode.GOAL_RANGE: {"low": 1, "high": 365},
    ErrorCode.GOAL_UNKNOWN: {"text": "sometime"},
    ErrorCode.CONSISTENCY_WEEKS: {"name": "running top", "days": 7},
    ErrorCode.TOO_MANY_REWARDS: {"limit": 20},
    ErrorCode.REWARD_TWICE: {"name": "running top", "number": 3},
    ErrorCode.REWARD_NUMBER: {"count": 3, "command": "/claim"},
    ErrorCode.INVITE_INVALID: {"kind": InviteKind.BUDDY},
    ErrorCode.INVITE_OWN: {"kind": InviteKind.COACH},
    ErrorCode.INVITE_USED: {"kind": InviteKind.BUDDY},
    ErrorCode.INVITE_EXPIRED: {"kind": InviteKind.COACH},
    ErrorCode.INVITE_GONE: {"kind": InviteKind.BUDDY},
    ErrorCode.COACH_FULL: {"limit": 100},
    ErrorCode.NO_ATHLETE_NAMED: {"name": "anna"},
    ErrorCode.WHICH_ATHLETE: {"names": ("Anna", "Anne")},
    ErrorCode.CSV_HEADER: {"columns": ("date", "time")},
    ErrorCode.TOO_MANY_ROWS: {"limit": 10_000},
    ErrorCode.IMPORT_LINES: {"problems": ((2, UserError(ErrorCode.LINE_FIELDS)),)},
    ErrorCode.LINE_DATE: {"text": "yesterday"},
    ErrorCode.LINE_FUTURE: {"day": DAY},
    ErrorCode.LINE_MINUTES: {"text": "ten"},
    ErrorCode.LINE_MINUTES_RANGE: {"low": 1, "high": 600},
    ErrorCode.LINE_ACTIVITY: {"limit": 32},
    ErrorCode.LINE_NOTE: {"limit": 200},
    ErrorCode.CHECKIN_EXPIRED: {"day": DAY},
}


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_code_has_words(code: ErrorCode) -> None:
    words = texts.errors.error_words(UserError(code, **SAMPLES.get(code, {})))
    assert words.strip() and words != code.value
    assert "{" not in words and "}" not in words, "a placeholder was left unfilled"


def test_user_text_in_a_refusal_is_escaped() -> None:
    shown = texts.errors.user_error(UserError(ErrorCode.NO_ATHLETE_NAMED, name="<b>Ann</b>"))
    assert "&lt;b&gt;Ann&lt;/b&gt;" in shown and "<b>" not in shown


def test_dates_are_rendered_by_the_words() -> None:
    words = texts.errors.error_words(UserError(ErrorCode.NO_PLAN, day=DAY))
    assert words == "There is no plan for Fri 20 Nov. See them with /plans, e.g. /plans"


def test_an_import_shows_ten_bad_lines_and_counts_the_rest() -> None:
    problems = tuple((n, UserError(ErrorCode.LINE_NO_ACTIVITY)) for n in range(2, 15))
    words = texts.errors.error_words(UserError(ErrorCode.IMPORT_LINES, problems=problems))
    assert words.startswith("Nothing was imported. Fix these lines and send the file again: ")
    assert "line 11: the activity is empty; and 3 more" in words
    assert "line 12" not in words


def sentences_in_refusals(source: str) -> list[int]:
    """Lines where a UserError or ParseError is built from anything but `ErrorCode.X` and
    keyword parameters that are not written-out text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in ("UserError", "ParseError"):
            continue
        first = node.args[0] if len(node.args) == 1 else None
        coded = (
            isinstance(first, ast.Attribute)
            and isinstance(first.value, ast.Name)
            and first.value.id == "ErrorCode"
        )
        texts_given = any(
            isinstance(k.value, ast.JoinedStr)
            or (isinstance(k.value, ast.Constant) and isinstance(k.value.value, str))
            for k in node.keywords
        )
        if not coded or texts_given:
            found.append(node.lineno)
    return found


@pytest.mark.parametrize(
    "source",
    [
        'raise UserError("You have no coach.")',
        'raise UserError(f"Keep it under {limit} characters.")',
        "raise errors.UserError(words())",
        'raise ParseError(ErrorCode.RUN, activity="a run")',
    ],
)
def test_the_scan_finds_a_sentence_in_a_refusal(source: str) -> None:
    assert sentences_in_refusals(source) == [1]


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "domain").glob("*.py")) + sorted((ROOT / "services").glob("*.py")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_rules_and_use_cases_refuse_with_codes_not_sentences(path: Path) -> None:
    assert sentences_in_refusals(path.read_text()) == []
