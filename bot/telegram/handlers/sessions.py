"""Logging, undoing and listing sessions: /done, /undo, /history and their buttons."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import services, texts
from bot.domain import parsing
from bot.domain.errors import ErrorCode, ParseError, UserError
from bot.domain.model import Session
from bot.telegram import callbacks, keyboards
from bot.telegram.context import Context
from bot.telegram.handlers import telling
from bot.telegram.handlers.common import (
    Press,
    args_text,
    button,
    is_private,
    message_of,
    reading,
    reply,
    writing,
)
from bot.texts import i18n

logger = logging.getLogger(__name__)

HISTORY_DEFAULT = 10
HISTORY_MAX = 100

# "How many minutes?" waits this long for minutes typed as a plain message.
ANSWER_WINDOW = timedelta(minutes=30)
_WAITING = "waiting_for_minutes"  # in chat_data: a MinutesAsked or an EditOpen


@dataclass(frozen=True, slots=True)
class MinutesAsked:
    """The session whose minutes the bot asked for in this chat (kept in memory: after a
    restart the buttons still answer, and a number typed gets the usual hint)."""

    activity: str
    day: date
    note: str | None
    at: datetime
    question: tuple[int, int] | None = None  # (chat, message): its buttons go once answered


@dataclass(frozen=True, slots=True)
class EditOpen:
    """The session whose edit menu is open in this chat: minutes typed next are its minutes
    (kept in memory, as `MinutesAsked`)."""

    session_id: int
    at: datetime


def editing(context: Context, open_: EditOpen | None) -> None:
    """Remember the edit menu open in this chat, or forget it (None)."""
    _wait_for(context, open_, EditOpen)


def asked_for_minutes(context: Context, asked: MinutesAsked | None) -> None:
    """Remember the question "How many minutes?" in this chat, or forget it (None)."""
    _wait_for(context, asked, MinutesAsked)


def _wait_for(
    context: Context, what: MinutesAsked | EditOpen | None, kind: type[MinutesAsked | EditOpen]
) -> None:
    """One thing at a time waits for typed minutes in a chat: a new one replaces the other;
    None forgets what waits if it is of `kind`."""
    if context.chat_data is None:
        return
    if what is not None:
        context.chat_data[_WAITING] = what
    elif isinstance(context.chat_data.get(_WAITING), kind):
        del context.chat_data[_WAITING]


async def done(update: Update, context: Context) -> None:
    """/done <activity> <minutes> [when] [- note]: log, ask about what is unsure, or ask for
    what is missing."""
    message = message_of(update)
    asked_for_minutes(context, None)
    again: Session | None = None  # the same session logged moments ago: ask before twice
    # Every write here is a no-op the second time (the runner exists by then, a session is
    # unique per message), so a redelivery needs no claim.
    async with writing(update, context, claim=False, with_calendar=True) as store:
        profile = context.runner
        today = services.base.today_for(profile, context.now())
        recent = await services.sessions.recent_activities(store, profile)
        request = parsing.parse_done(args_text(update), today, i18n.current(), recent)
        unsure = request.suggestion is not None or request.confirm
        if unsure or request.activity is None or request.minutes is None:
            usual = (
                await services.sessions.usual_minutes(store, profile, request.activity)
                if request.activity and not unsure
                else None
            )
        else:
            source = (message.chat_id, message.message_id)
            again = await services.sessions.repeated(
                store, profile, activity=request.activity, minutes=request.minutes,
                day=request.day, note=request.note, now=context.now(), source=source,
            )  # fmt: skip
            if again is None:
                shared = await services.buddies.log_shared(
                    store,
                    profile,
                    activity=request.activity,
                    minutes=request.minutes,
                    day=request.day,
                    note=request.note,
                    now=context.now(),
                    source=source,
                )
    if unsure:
        await ask(update, request, today)
    elif again is not None:
        await reply(
            update,
            texts.sessions.logged_moments_ago(again, today),
            keyboards.log_again(again.id),
        )
    elif request.activity is None:
        if request.minutes is not None:
            raise ParseError(ErrorCode.NO_ACTIVITY, minutes=request.minutes)
        await reply(
            update,
            texts.sessions.ask_activity(recent),
            keyboards.activities(recent, request.day),
        )
    elif request.minutes is None:
        await ask_minutes(update, context, request, today, usual)
    else:
        private = message.chat.type == "private"
        await reply(
            update,
            texts.sessions.logged(shared.logged, private=private),
            keyboards.undo(shared.logged.session.id),
        )
        await telling.tell_buddies(context, profile, shared.logged, shared.news)


async def ask_minutes(
    update: Update, context: Context, request: parsing.LogRequest, today: date, usual: int | None
) -> None:
    """ "How many minutes of kettlebell?" with a button for the usual and the round numbers;
    minutes typed next answer it too."""
    assert request.activity is not None
    markup = keyboards.minutes(request.activity, request.day, usual)
    if markup is None:
        await reply(update, texts.sessions.activity_too_long_for_buttons(request.activity))
        return
    question = await reply(
        update,
        texts.sessions.ask_minutes(request.activity, request.day, today, usual),
        markup,
        quote=request.note is not None,
    )
    asked = MinutesAsked(
        request.activity, request.day, request.note, context.now(),
        (question.chat_id, question.message_id),
    )  # fmt: skip
    asked_for_minutes(context, asked)


async def answer_minutes(update: Update, context: Context, text: str) -> bool:
    """Minutes typed as a plain message ("20", "zwanzig", "20 min, yesterday actually") right
    after "How many minutes?": the session asked about is logged, as its button would (on the
    day the answer names, if it names one). False when no question waits or the message is not
    an answer; such a message leaves the question behind."""
    data = context.chat_data
    asked = data.get(_WAITING) if data is not None else None
    if not isinstance(asked, MinutesAsked) or context.now() - asked.at > ANSWER_WINDOW:
        return False
    async with reading(context):  # the runner's own today, to read "yesterday" by
        today = services.base.today_for(context.runner, context.now())
    answer = parsing.parse_answer(text, today, i18n.current())
    if answer is None:
        asked_for_minutes(context, None)  # another message: the question is left behind
        return False
    minutes, day = answer[0], answer[1] or asked.day
    message = message_of(update)
    async with writing(update, context, with_calendar=True) as store:
        profile = context.runner
        parsing.check_day(day, today)
        shared = await services.buddies.log_shared(
            store,
            profile,
            activity=asked.activity,
            minutes=minutes,
            day=day,
            note=asked.note,
            now=context.now(),
            source=(message.chat_id, message.message_id),
        )
    asked_for_minutes(context, None)
    if asked.question is not None:
        await _answered(context, *asked.question)
    await reply(
        update,
        texts.sessions.logged(shared.logged, private=is_private(update)),
        keyboards.undo(shared.logged.session.id),
    )
    await telling.tell_buddies(context, profile, shared.logged, shared.news)
    return True


async def answer_edit(update: Update, context: Context, text: str) -> bool:
    """Minutes typed while a session's edit menu is open ("35"): that session's new minutes,
    as its minute buttons would set them. False when no menu is open or the message is not
    minutes alone; such a message closes the menu's memory."""
    data = context.chat_data
    open_ = data.get(_WAITING) if data is not None else None
    if not isinstance(open_, EditOpen) or context.now() - open_.at > ANSWER_WINDOW:
        return False
    minutes = parsing.parse_minutes(text, i18n.current())
    if minutes is None:
        editing(context, None)
        return False
    async with writing(update, context) as store:
        profile = context.runner
        change = await services.editing.edit(
            store, profile, open_.session_id, context.now(), minutes=minutes
        )
        recent = await services.sessions.recent_activities(store, profile)
    markup = (
        None
        if change.after is None
        else keyboards.edit_menu(change.after, date.min, change.today, recent)
    )
    await reply(update, texts.sessions.edited(change), markup)
    return True


async def _answered(context: Context, chat_id: int, message_id: int) -> None:
    """The question's minute buttons go once minutes are typed: pressed later, they would log
    the session a second time. A question Telegram no longer lets us edit keeps them."""
    try:
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except BadRequest as error:
        logger.info("the minutes question kept its buttons: %s", error.message)


async def ask(update: Update, request: parsing.LogRequest, today: date) -> None:
    """A session the bot is unsure of: "Did you mean kettlebell?" with a button for each
    reading, or one tap to log it as read. The buttons carry the session (a restart loses
    nothing) and log it once per message; the note is read back from the quoted message."""
    assert request.activity is not None
    typed = request.typed or request.activity
    if request.suggestion is not None:
        markup = keyboards.did_you_mean(request.suggestion, typed, request.minutes, request.day)
        if markup is not None:
            text = texts.sessions.did_you_mean(
                request.suggestion, typed, request.minutes, request.day, today
            )
            await reply(update, text, markup, quote=True)
            return
    markup = keyboards.confirm_log(request.activity, request.minutes, request.day)
    if markup is None:
        raise ParseError(ErrorCode.UNKNOWN_WORDS, words=tuple(typed.split()[1:2] or [typed]),
                         activity=typed, minutes=request.minutes)  # fmt: skip
    text = texts.sessions.confirm_log(request.activity, request.minutes, request.day, today)
    await reply(update, text, markup, quote=True)


async def undo(update: Update, context: Context) -> None:
    """/undo: remove the most recent session and say which."""
    async with writing(update, context) as store:
        result = await services.sessions.undo(store, context.runner, context.now())
    await reply(update, texts.sessions.undone(result, private=is_private(update)))


async def history(update: Update, context: Context) -> None:
    """/history [n]: recent sessions grouped by week, the recent ones as buttons to fix."""
    raw = args_text(update)
    limit = parsing.parse_count(raw, i18n.current()) if raw else HISTORY_DEFAULT
    if limit is None or not 1 <= limit <= HISTORY_MAX:
        raise UserError(ErrorCode.HISTORY_RANGE, high=HISTORY_MAX)
    async with reading(context) as store:
        found = await services.sessions.history(store, context.runner, limit, context.now())
    await reply(update, texts.sessions.history(found), _history_buttons(found))


def _history_buttons(found: services.sessions.History) -> InlineKeyboardMarkup | None:
    """Every session shown opens its edit menu, as in /edit, however old; ▶ the next page,
    ◀ the one before."""
    fixable = found.sessions[: services.editing.MAX_LISTED]
    older = found.skip + len(found.sessions) if found.older else None
    newer = max(0, found.skip - HISTORY_DEFAULT) if found.skip else None
    return keyboards.editable(fixable, older, newer)


@button(callbacks.Undo)
async def undo_button(update: Update, context: Context, press: Press[callbacks.Undo]) -> None:
    """Undo, under a logged session: remove it and say which."""
    async with writing(update, context) as store:
        result = await services.sessions.undo(
            store, context.runner, context.now(), press.payload.session_id
        )
    await press.answer(texts.sessions.removed_toast())
    await press.query.edit_message_reply_markup(None)
    await reply(update, texts.sessions.undone(result, private=is_private(update)))


@button(callbacks.LogAgain)
async def log_again(update: Update, context: Context, press: Press[callbacks.LogAgain]) -> None:
    """Log it again, under "logged moments ago": a second session, not the same one twice."""
    message = message_of(update)
    async with writing(update, context, with_calendar=True) as store:
        shared = await services.buddies.log_again_shared(
            store,
            context.runner,
            press.payload.session_id,
            context.now(),
            (message.chat_id, message.message_id),
        )
    await _show_logged(update, context, press, shared)


@button(callbacks.Log)
async def log(update: Update, context: Context, press: Press[callbacks.Log]) -> None:
    """A session the bot asked about (minutes picked, "did you mean", log as read): log it,
    with the note read back from the quoted message."""
    message = message_of(update)
    asked_for_minutes(context, None)
    minutes, day, activity = press.payload.minutes, press.payload.day, press.payload.activity
    asked = message.reply_to_message
    note = parsing.note_of(asked.text) if asked is not None and asked.text else None
    async with writing(update, context, with_calendar=True) as store:
        shared = await services.buddies.log_shared(
            store,
            context.runner,
            activity=parsing.normalise_activity(activity),
            minutes=minutes,
            day=day,
            note=note,
            now=context.now(),
            source=(message.chat_id, message.message_id),
        )
    await _show_logged(update, context, press, shared)


async def _show_logged(
    update: Update,
    context: Context,
    press: Press[callbacks.Log] | Press[callbacks.LogAgain],
    shared: services.buddies.Shared,
) -> None:
    """The logged session in place of the question, and the buddies told."""
    private = is_private(update)  # rewards are never shown in a group
    logged = shared.logged
    await press.show(
        texts.sessions.logged(logged, private=private),
        keyboards.undo(logged.session.id),
        toast=texts.sessions.logged_toast(logged.duplicate),
    )
    await telling.tell_buddies(context, context.runner, logged, shared.news)


@button(callbacks.PickActivity)
async def pick_activity(
    update: Update, context: Context, press: Press[callbacks.PickActivity]
) -> None:
    """An activity picked under a bare /done: ask for its minutes."""
    message = message_of(update)
    day, activity = press.payload.day, parsing.normalise_activity(press.payload.activity)
    async with reading(context) as store:
        profile = context.runner
        today = services.base.today_for(profile, context.now())
        parsing.check_day(day, today)
        usual = await services.sessions.usual_minutes(store, profile, activity)
    markup = keyboards.minutes(activity, day, usual)
    await press.show(
        texts.sessions.ask_minutes(activity, day, today, usual)
        if markup
        else texts.sessions.activity_too_long_for_buttons(activity),
        markup,
    )
    if markup:
        asked = MinutesAsked(
            activity, day, None, context.now(), (message.chat_id, message.message_id)
        )
        asked_for_minutes(context, asked)


@button(callbacks.HistoryPage)
async def history_page(
    update: Update, context: Context, press: Press[callbacks.HistoryPage]
) -> None:
    """Older ▶, under /history: the next page back."""
    async with reading(context) as store:
        found = await services.sessions.history(
            store, context.runner, HISTORY_DEFAULT, context.now(), press.payload.skip
        )
    await press.show(texts.sessions.history(found), _history_buttons(found))


@button(callbacks.EditPick)
async def edit_pick(update: Update, context: Context, press: Press[callbacks.EditPick]) -> None:
    """A session picked under /edit or /history: its edit menu."""
    async with reading(context) as store:
        profile = context.runner
        today = services.base.today_for(profile, context.now())
        session = await services.editing.session_to_edit(
            store, profile, press.payload.session_id, today
        )
        recent = await services.sessions.recent_activities(store, profile)
    await press.show(
        texts.sessions.edit_menu(session, today),
        keyboards.edit_menu(session, date.min, today, recent),
    )
    editing(context, EditOpen(session.id, context.now()))


@button(callbacks.EditSession)
async def edit_session(
    update: Update, context: Context, press: Press[callbacks.EditSession]
) -> None:
    """A change picked in a session's edit menu: other minutes, another day or activity, or
    delete it; the menu stays for the next change."""
    field, value = press.payload.field, press.payload.value
    async with writing(update, context) as store:
        profile = context.runner
        change = await services.editing.edit(
            store,
            profile,
            press.payload.session_id,
            context.now(),
            minutes=value if field == "minutes" and isinstance(value, int) else None,
            day=value if field == "day" and isinstance(value, date) else None,
            activity=value if field == "activity" and isinstance(value, str) else None,
            delete=field == "delete",
        )
        recent = await services.sessions.recent_activities(store, profile)
    markup = (
        keyboards.restore(change.before)  # deleted: one tap brings it back
        if change.after is None
        else keyboards.edit_menu(change.after, date.min, change.today, recent)
    )
    editing(context, None if change.after is None else EditOpen(change.after.id, context.now()))
    await press.show(
        texts.sessions.edited(change), markup, toast=texts.sessions.edited_toast(change)
    )


async def edit(update: Update, context: Context) -> None:
    """/edit: the sessions of the last 30 days as buttons, to change or delete one;
    /edit 12.10.: the sessions of that day, however long ago."""
    given = args_text(update)
    if not given:
        async with reading(context) as store:
            items = await services.editing.editable(store, context.runner, context.now())
        markup = keyboards.editable(items)
        if is_private(update):
            markup = keyboards.opening(markup, context.settings.webapp_url)
        await reply(update, texts.sessions.edit_list(items), markup)
        return
    async with reading(context) as store:
        today = services.base.today_for(context.runner, context.now())
        day = services.editing.day_to_edit(given, today, context.runner.language)
        items = await services.editing.sessions_on(store, context.runner, day)
    await reply(update, texts.sessions.edit_day_list(day, items), keyboards.editable(items))


async def pause(update: Update, context: Context) -> None:
    """/pause 7 or /pause until 2026-12-10: days that neither count nor break the streak."""
    async with writing(update, context) as store:
        result = await services.runners.pause(
            store, context.runner, args_text(update), context.now()
        )
    await reply(update, texts.runners.paused(result))


async def resume(update: Update, context: Context) -> None:
    """/resume: end a pause early."""
    async with writing(update, context) as store:
        result = await services.runners.resume(store, context.runner, context.now())
    await reply(update, texts.runners.resumed(result))
