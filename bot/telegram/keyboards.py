"""Inline keyboards; every payload goes through the callbacks codec."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot import texts
from bot.domain.model import DEFAULT_PROMPT_MINUTE, DEFAULT_TARGET, Session
from bot.domain.zones import COMMON_ZONES
from bot.telegram import callbacks
from bot.texts import i18n
from bot.texts.common import activity_name, clock, short_day
from bot.texts.sessions import edit_button

MINUTE_CHOICES = (10, 15, 20, 30, 45)
PROMPT_CHOICES = (6 * 60, 6 * 60 + 30, 7 * 60, 7 * 60 + 30, 8 * 60, 12 * 60, 18 * 60, 19 * 60)

# What fits on a button of a 360 px (dp) wide phone, the narrowest common Android screen.
# The keyboard spans about 344 px of it; buttons in a row sit 6 px apart and keep 6 px of
# padding each side; Telegram's 14 px medium font averages 7 px a letter. Narrow glyphs
# (i, l, t, spaces, punctuation) take about half that, m, w, ш, ж one and a half, an emoji
# two. Every label in every language must fit (tests/test_button_width.py).
SCREEN_PX, GAP_PX, PADDING_PX, LETTER_PX = 344, 6, 6, 7.0
_NARROW = frozenset(" .,:;'!|()[]/-·ilIjtfrı")
_WIDE = frozenset("mwMWшщжюыфмШЩЖЮЫФМ")


def row_budget(per_row: int) -> float:
    """How many average letters a label has on a button that shares its row with others."""
    button = (SCREEN_PX - GAP_PX * (per_row - 1)) / per_row - 2 * PADDING_PX
    return button / LETTER_PX


def label_width(label: str) -> float:
    """A label's width in average letters (an emoji sequence joined by U+200D counts once)."""
    width, joined = 0.0, False
    for char in label:
        if char in "\u200d\ufe0f":
            joined = joined or char == "\u200d"
            continue
        if joined:
            joined = False
            continue
        if ord(char) >= 0x1F000 or 0x2600 <= ord(char) <= 0x27BF:
            width += 2
        else:
            width += 0.5 if char in _NARROW else 1.5 if char in _WIDE else 1
    return width


def _button(label: str, payload: callbacks.Payload) -> InlineKeyboardButton | None:
    data = callbacks.encode(payload)
    return InlineKeyboardButton(label, callback_data=data) if data else None


def _rows(
    buttons: Sequence[InlineKeyboardButton | None], per_row: int
) -> list[list[InlineKeyboardButton]]:
    kept = [b for b in buttons if b is not None]
    return [kept[i : i + per_row] for i in range(0, len(kept), per_row)]


def undo(session_id: int) -> InlineKeyboardMarkup:
    button = _button(texts.sessions.undo_button(), callbacks.Undo(session_id))
    assert button is not None
    return InlineKeyboardMarkup([[button]])


def minutes(activity: str, day: date, usual: int | None) -> InlineKeyboardMarkup | None:
    """10 / 15 / 20 / 30 / 45 and the runner's usual; None when the activity cannot fit."""
    choices = sorted({*MINUTE_CHOICES, *([usual] if usual else [])})
    buttons = [
        _button(texts.sessions.minutes_button(m, m == usual), callbacks.Log(m, day, activity))
        for m in choices
    ]
    if any(b is None for b in buttons):
        return None
    return InlineKeyboardMarkup(_rows(buttons, 3))


def _log(minutes: int | None, day: date, activity: str) -> callbacks.Payload:
    """Log it, or (without minutes) ask for them."""
    if minutes is None:
        return callbacks.PickActivity(day, activity)
    return callbacks.Log(minutes, day, activity)


def did_you_mean(
    suggestion: str, typed: str, minutes: int | None, day: date
) -> InlineKeyboardMarkup | None:
    """Log as the known activity, or as typed; None when neither fits a button."""
    buttons = [
        _button(texts.sessions.log_as_button(suggestion), _log(minutes, day, suggestion)),
        _button(texts.sessions.log_as_typed_button(typed), _log(minutes, day, typed.lower())),
    ]
    rows = _rows(buttons, 1)
    return InlineKeyboardMarkup(rows) if rows and buttons[0] is not None else None


def confirm_log(activity: str, minutes: int | None, day: date) -> InlineKeyboardMarkup | None:
    """One tap to log what a message said; None when it does not fit a button."""
    button = _button(texts.sessions.confirm_button(), _log(minutes, day, activity))
    return InlineKeyboardMarkup([[button]]) if button is not None else None


def restore(session: Session) -> InlineKeyboardMarkup | None:
    """Under a session just deleted: log it again as it was (its note aside)."""
    payload = callbacks.Log(session.minutes, session.day, session.activity)
    button = _button(texts.sessions.restore_button(), payload)
    return InlineKeyboardMarkup([[button]]) if button is not None else None


def activities(recent: Sequence[str], day: date) -> InlineKeyboardMarkup | None:
    buttons = [_button(activity_name(a), callbacks.PickActivity(day, a)) for a in recent]
    rows = _rows(buttons, 2)
    return InlineKeyboardMarkup(rows) if rows else None


def zones() -> InlineKeyboardMarkup:
    buttons = [_button(texts.runners.city(z), callbacks.Onboard("tz", z)) for z in COMMON_ZONES]
    buttons.append(_button(texts.runners.skip_button("UTC"), callbacks.Onboard("tz", "skip")))
    return InlineKeyboardMarkup(_rows(buttons, 3))


def prompt_times() -> InlineKeyboardMarkup:
    buttons = [_button(clock(m), callbacks.Onboard("pt", f"{m // 60:02d}{m % 60:02d}"))
               for m in PROMPT_CHOICES]  # fmt: skip
    buttons.append(_button(texts.runners.off_button(), callbacks.Onboard("pt", "off")))
    buttons.append(
        _button(
            texts.runners.skip_button(clock(DEFAULT_PROMPT_MINUTE)), callbacks.Onboard("pt", "skip")
        )
    )
    return InlineKeyboardMarkup(_rows(buttons, 4))


def targets() -> InlineKeyboardMarkup:
    buttons = [_button(str(n), callbacks.Onboard("tg", str(n))) for n in range(1, 8)]
    buttons.append(
        _button(texts.runners.skip_button(str(DEFAULT_TARGET)), callbacks.Onboard("tg", "skip"))
    )
    return InlineKeyboardMarkup(_rows(buttons, 4))


def confirm_delete_reward(reward_id: int) -> InlineKeyboardMarkup:
    button = _button(texts.rewards.delete_reward_button(), callbacks.DeleteReward(reward_id))
    assert button is not None
    return InlineKeyboardMarkup([[button]])


def checkin(kind: str, day: date, *, with_choices: bool) -> InlineKeyboardMarkup | None:
    """Done (one tap logs the usual), and in the full morning check-in Tonight and Rest day."""
    if kind == "summary":
        return None
    labels = texts.checkins.checkin_buttons()
    actions = ["done", "tonight", "rest"] if with_choices else ["done"]
    buttons = [_button(labels[action], callbacks.CheckInChoice(action, day)) for action in actions]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def cue(day: date) -> InlineKeyboardMarkup:
    """Done (logs today's plan or the usual, as under a check-in), and a reminder in 30, 60 or
    90 minutes."""
    done, reminders = texts.cues.buttons()
    buttons = [_button(done, callbacks.CheckInChoice("done", day))]
    later = [_button(label, callbacks.Remind(after, day)) for after, label in reminders]
    return InlineKeyboardMarkup([*_rows(buttons, 1), *_rows(later, 3)])


def import_it() -> InlineKeyboardMarkup:
    button = _button(texts.portability.import_button(), callbacks.ImportIt())
    assert button is not None
    return InlineKeyboardMarkup([[button]])


def confirm_deleteme() -> InlineKeyboardMarkup:
    delete, keep = texts.portability.deleteme_buttons()
    yes = _button(delete, callbacks.DeleteMe(True))
    no = _button(keep, callbacks.DeleteMe(False))
    assert yes is not None and no is not None
    return InlineKeyboardMarkup([[yes], [no]])


def buddy_invite(code: str) -> InlineKeyboardMarkup:
    accept, decline = texts.buddies.invite_buttons()
    yes = _button(accept, callbacks.BuddyAnswer(True, code))
    no = _button(decline, callbacks.BuddyAnswer(False, code))
    assert yes is not None and no is not None
    return InlineKeyboardMarkup([[yes], [no]])


def buddy_settings() -> InlineKeyboardMarkup:
    choices = texts.buddies.hears_buttons()
    buttons = [_button(label, callbacks.BuddyHears(value)) for label, value in choices]
    return InlineKeyboardMarkup(_rows(buttons, 2))


EDIT_MINUTES = (15, 20, 30, 45)


def log_again(session_id: int) -> InlineKeyboardMarkup:
    """The one button under "logged moments ago: log it again?"."""
    button = _button(texts.sessions.log_again_button(), callbacks.LogAgain(session_id))
    assert button is not None
    return InlineKeyboardMarkup([[button]])


def editable(
    sessions: Sequence[Session], older: int | None = None, newer: int | None = None
) -> InlineKeyboardMarkup | None:
    """One button per session that /edit offers; `older` and `newer`: buttons to the next and
    the previous page of /history, which start after that many sessions."""
    rows = _rows([_button(edit_button(s), callbacks.EditPick(s.id)) for s in sessions], 1)
    pages = [
        _button(label, callbacks.HistoryPage(skip))
        for label, skip in (
            (texts.sessions.newer_button(), newer),
            (texts.sessions.older_button(), older),
        )
        if skip is not None
    ]
    rows += _rows(pages, 2)
    return InlineKeyboardMarkup(rows) if rows else None


def opening(
    markup: InlineKeyboardMarkup | None, url: str | None, *, board: bool = False
) -> InlineKeyboardMarkup | None:
    """`markup` with a last row that opens the Mini App (the season, or the coach's board),
    when the bot has one (WEBAPP_URL)."""
    if not url:
        return markup
    if board:
        url = url + ("&" if "?" in url else "?") + "view=board"
    label = texts.web.board_button() if board else texts.web.season_button()
    row = [InlineKeyboardButton(label, web_app=WebAppInfo(url))]
    rows = [list(r) for r in markup.inline_keyboard] if markup is not None else []
    return InlineKeyboardMarkup([*rows, row])


def edit_menu(
    session: Session, first: date, today: date, recent: Sequence[str]
) -> InlineKeyboardMarkup:
    """New minutes, a day earlier or later (within `first`..`today`), another activity, delete.

    Every button carries the absolute new value, so pressing it twice changes nothing more.
    """
    sid, minutes, day = session.id, session.minutes, session.day
    choices = sorted(
        {m for m in (minutes - 5, minutes + 5, *EDIT_MINUTES) if 1 <= m <= 600} - {minutes}
    )
    minute_buttons = [
        _button(texts.sessions.minutes_button(m), callbacks.EditSession(sid, "minutes", m))
        for m in choices
    ]
    earlier, later = day - timedelta(days=1), day + timedelta(days=1)
    day_buttons = [
        _button(f"◀ {short_day(earlier)}", callbacks.EditSession(sid, "day", earlier))
        if earlier >= first
        else None,
        _button(f"{short_day(later)} ▶", callbacks.EditSession(sid, "day", later))
        if later <= today
        else None,
    ]
    activity_buttons = [
        _button(f"→ {activity_name(a)}", callbacks.EditSession(sid, "activity", a))
        for a in recent
        if a != session.activity
    ][:3]
    delete = _button(texts.sessions.delete_button(), callbacks.EditSession(sid, "delete"))
    return InlineKeyboardMarkup(
        _rows(minute_buttons, 3)
        + _rows(day_buttons, 2)
        + _rows(activity_buttons, 3)
        + _rows([delete], 1)
    )


def coach_invite(code: str) -> InlineKeyboardMarkup:
    accept, decline = texts.coaching.invite_buttons()
    yes = _button(accept, callbacks.CoachAnswer(True, code))
    no = _button(decline, callbacks.CoachAnswer(False, code))
    assert yes is not None and no is not None
    return InlineKeyboardMarkup([[yes], [no]])


def coach_sees() -> InlineKeyboardMarkup:
    choices = texts.coaching.sees_buttons()
    buttons = [_button(label, callbacks.CoachSees(value)) for label, value in choices]
    return InlineKeyboardMarkup(_rows(buttons, 1))


def pick_athlete(athletes: Sequence[tuple[int, str]], *, me: bool) -> InlineKeyboardMarkup:
    """One button per athlete (and one for the coach's own plan), at most 100 in all."""
    buttons = [_button(texts.coaching.me_button(), callbacks.PickAthlete(0))] if me else []
    buttons += [_button(name[:30], callbacks.PickAthlete(user_id)) for user_id, name in athletes]
    return InlineKeyboardMarkup(_rows(buttons[:100], 3))


def add_to_calendar() -> InlineKeyboardMarkup:
    button = _button(texts.plans.add_to_calendar_button(), callbacks.PlansFile())
    assert button is not None
    return InlineKeyboardMarkup([[button]])


def languages() -> InlineKeyboardMarkup:
    """Each language the bot speaks, named in itself, two to a row."""
    buttons = [
        _button(texts.language.native_name(language), callbacks.PickLanguage(language))
        for language in i18n.SUPPORTED
    ]
    return InlineKeyboardMarkup(_rows(buttons, 2))
