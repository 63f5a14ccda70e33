"""Every button label, in every language, fits its row on a 360 px phone: the keyboards are
built as the bot builds them, and each label is held to the budget for the number of
buttons sharing its row (`row_budget` in bot/telegram/keyboards.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from telegram import InlineKeyboardMarkup

from bot import texts
from bot.domain.model import Session
from bot.telegram import keyboards
from bot.telegram.keyboards import label_width, row_budget
from bot.texts import i18n

TODAY = date(2026, 12, 9)  # a Wednesday in December: the longest abbreviated dates
SESSION = Session(1, "goblet squats", 20, TODAY - timedelta(days=1), datetime.now(UTC), None)
# Activity names are the runner's own words; these are the common ones.
RECENT = ("kettlebell", "yoga", "plyo")

KEYBOARDS: dict[str, Callable[[], InlineKeyboardMarkup | None]] = {
    "undo": lambda: keyboards.undo(1),
    "minutes": lambda: keyboards.minutes("kettlebell", TODAY, 25),
    "zones": keyboards.zones,
    "prompt times": keyboards.prompt_times,
    "targets": keyboards.targets,
    "delete a reward": lambda: keyboards.confirm_delete_reward(1),
    "check-in": lambda: keyboards.checkin("morning", TODAY, with_choices=True),
    "delete me": keyboards.confirm_deleteme,
    "buddy invite": lambda: keyboards.buddy_invite("abc"),
    "buddy settings": keyboards.buddy_settings,
    "sessions to edit": lambda: keyboards.editable([SESSION]),
    "edit a session": lambda: keyboards.edit_menu(
        SESSION, TODAY - timedelta(days=30), TODAY, RECENT
    ),
    "coach invite": lambda: keyboards.coach_invite("abc"),
    "coach sees": keyboards.coach_sees,
    "pick an athlete": lambda: keyboards.pick_athlete([], me=True),
    "languages": keyboards.languages,
}


def rows(name: str) -> Iterator[list[str]]:
    markup = KEYBOARDS[name]()
    assert markup is not None, f"{name}: no keyboard"
    for row in markup.inline_keyboard:
        yield [button.text for button in row]


@pytest.mark.parametrize("language", i18n.SUPPORTED)
@pytest.mark.parametrize("name", KEYBOARDS)
def test_every_button_label_fits_its_row_on_a_360_px_phone(name: str, language: str) -> None:
    with i18n.speaking(language):
        too_wide = [
            f"{label!r}: {label_width(label)} letters, {row_budget(len(row)):.1f} fit "
            f"{len(row)} to a row"
            for row in rows(name)
            for label in row
            if label_width(label) > row_budget(len(row))
        ]
    assert not too_wide, "\n".join(too_wide)


@pytest.mark.parametrize("language", i18n.SUPPORTED)
def test_the_share_location_button_fits_a_row_of_its_own(language: str) -> None:
    with i18n.speaking(language):
        label = texts.runners.share_location_button()
    assert label_width(label) <= row_budget(1)


@pytest.mark.parametrize(
    ("label", "per_row"),
    [("Nur bei Gefahr oder Ziel erreicht", 2), ("Überspringen (3)", 4), ("Пропустить (3)", 4),
     ("🛌 Día de descanso", 3)],
)  # fmt: skip
def test_labels_a_native_reviewer_saw_cut_off_are_over_budget(label: str, per_row: int) -> None:
    assert label_width(label) > row_budget(per_row)


def test_a_joined_emoji_counts_as_one() -> None:
    assert label_width("🧑‍🏫") == label_width("🤝") == 2
