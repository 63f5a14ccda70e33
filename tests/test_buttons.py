"""Every kind of button is declared once and its presses reach the handler made for it."""

from __future__ import annotations

from datetime import date

import pytest
from telegram import CallbackQuery, Update, User
from telegram.ext import CallbackQueryHandler

from bot.telegram import app, callbacks
from bot.telegram.handlers import common

# One value of every kind of button.
SAMPLES: list[callbacks.Payload] = [
    callbacks.Undo(42),
    callbacks.LogAgain(42),
    callbacks.Log(15, date(2026, 11, 25), "kettlebell"),
    callbacks.PickActivity(date(2026, 11, 24), "core"),
    callbacks.Onboard("tz", "Europe/Madrid"),
    callbacks.Remind(30, date(2026, 11, 25)),
    callbacks.DeleteReward(3),
    callbacks.CheckInChoice("tonight", date(2026, 11, 24)),
    callbacks.DeleteMe(True),
    callbacks.ImportIt(),
    callbacks.BuddyAnswer(True, "abcdefgh"),
    callbacks.BuddyHears("weekly"),
    callbacks.EditPick(7),
    callbacks.EditSession(7, "minutes", 20),
    callbacks.HistoryPage(10),
    callbacks.CoachAnswer(False, "abcdefgh"),
    callbacks.CoachSees("week"),
    callbacks.PickAthlete(0),
    callbacks.PlansFile(),
    callbacks.PickLanguage("de"),
]


def _press(data: str) -> Update:
    query = CallbackQuery("1", User(1, "Ada", is_bot=False), "chat", data=data)
    return Update(1, callback_query=query)


def test_the_samples_hold_every_kind_of_button() -> None:
    assert {type(p) for p in SAMPLES} == set(callbacks.kinds())


@pytest.mark.parametrize("payload", SAMPLES, ids=lambda p: type(p).__name__)
def test_a_press_reaches_the_handler_made_for_its_kind(payload: callbacks.Payload) -> None:
    data = callbacks.encode(payload)
    assert data is not None and callbacks.decode(data) == payload
    presses = [h for _, h in app.handlers() if isinstance(h, CallbackQueryHandler)]
    first = next(h for h in presses if h.check_update(_press(data)))
    assert isinstance(payload, common._KINDS[first.callback])


def test_two_kinds_of_button_cannot_share_a_prefix() -> None:
    with pytest.raises(ValueError, match="overlaps"):
        callbacks.button("u:", (r"x", lambda m: callbacks.PlansFile()))(callbacks.PlansFile)
