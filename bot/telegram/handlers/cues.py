"""The run as the cue: a run reported with /done or in a plain message is answered with the
strength that comes next, one tap to log it and one to be reminded."""

from __future__ import annotations

from telegram import Update

from bot import services, texts
from bot.domain.errors import ErrorCode, ParseError
from bot.telegram import callbacks, keyboards
from bot.telegram.context import Context
from bot.telegram.handlers import sessions, settings
from bot.telegram.handlers.common import Handler, Press, button, reading, reply, writing


def run_as_cue(handler: Handler) -> Handler:
    """The handler as before, but a run it refuses gets the strength that comes next."""

    async def run(update: Update, context: Context) -> None:
        try:
            await handler(update, context)
        except ParseError as refused:
            if refused.code is not ErrorCode.RUN:
                raise
            await after_run(update, context)

    run.__doc__ = handler.__doc__
    run.__name__ = handler.__name__
    return run


done = run_as_cue(sessions.done)
plain_text = run_as_cue(settings.onboarding_text)


async def after_run(update: Update, context: Context) -> None:
    """A run, nothing logged for it: today's plan or the usual, now or once reminded."""
    async with reading(context) as store:
        cue = await services.cues.after_run(store, context.runner, context.now())
    markup = None if cue.done_today else keyboards.cue(cue.today)
    await reply(update, texts.cues.after_run(cue), markup)


@button(callbacks.Remind)
async def remind(update: Update, context: Context, press: Press[callbacks.Remind]) -> None:
    """⏰ in 30, 60 or 90 min under the reply to a run."""
    payload = press.payload
    async with writing(update, context) as store:
        profile = context.runner
        due = await services.cues.remind(store, profile, payload.day, payload.after, context.now())
    done_only = keyboards.checkin("cue", payload.day, with_choices=False)
    await press.show(texts.cues.reminder_set(due, profile.time_zone), done_only)
