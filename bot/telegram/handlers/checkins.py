"""The check-in buttons (Done, Tonight, Rest day) and /evening."""

from __future__ import annotations

from telegram import Update

from bot import services, texts
from bot.domain import parsing
from bot.domain.checkins import CheckinAnswer
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import DEFAULT_ACTIVITY
from bot.telegram import callbacks, keyboards
from bot.telegram.context import Context
from bot.telegram.handlers import sessions, telling
from bot.telegram.handlers.common import Press, args_text, button, message_of, reply, writing
from bot.texts import i18n


@button(callbacks.CheckInChoice)
async def choice(update: Update, context: Context, press: Press[callbacks.CheckInChoice]) -> None:
    """Done, Tonight and Rest day under a check-in."""
    payload, moment = press.payload, context.now()
    if payload.action != "done":
        async with writing(update, context) as store:
            profile = context.runner
            today = services.base.today_for(profile, moment)
            if payload.day != today:
                raise UserError(ErrorCode.CHECKIN_EXPIRED, day=payload.day)
            await services.checkins.answer(
                store, profile, today, CheckinAnswer(payload.action), moment
            )
        await press.show(texts.checkins.checkin_answered(payload.action, profile))
        return
    message = message_of(update)
    async with writing(update, context, with_calendar=True) as store:
        profile = context.runner
        today = services.base.today_for(profile, moment)
        done = await services.checkins.log_done(
            store, profile, payload.day, moment, (message.chat_id, message.message_id)
        )
    if done is None:
        await press.show(
            texts.sessions.ask_minutes(DEFAULT_ACTIVITY, payload.day, today, None),
            keyboards.minutes(DEFAULT_ACTIVITY, payload.day, None),
        )
        question = (message.chat_id, message.message_id)
        asked = sessions.MinutesAsked(DEFAULT_ACTIVITY, payload.day, None, moment, question)
        sessions.asked_for_minutes(context, asked)
        return
    await press.show(texts.sessions.logged(done.logged), keyboards.undo(done.logged.session.id))
    await telling.tell_buddies(context, profile, done.logged, done.news)


async def evening(update: Update, context: Context) -> None:
    """/evening 19:00: when Tonight reminders and at-risk nudges come."""
    raw = args_text(update)
    if not raw:
        raise UserError(ErrorCode.EVENING_MISSING)
    clock = parsing.parse_clock(raw, i18n.current())
    minute = clock.hour * 60 + clock.minute
    async with writing(update, context) as store:
        await services.runners.set_evening(store, context.runner, minute, context.now())
    await reply(update, texts.checkins.evening_set(minute))
