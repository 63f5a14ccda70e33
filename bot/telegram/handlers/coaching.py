"""Coaches: /coach (its invite buttons are in `invites`), the athlete's visibility choice,
/athletes, and the buttons that pick an athlete for a plan or a removal."""

from __future__ import annotations

from functools import partial

from telegram import Update

from bot import services, texts
from bot.domain.coaches import Sees
from bot.domain.errors import ErrorCode, UserError
from bot.domain.invites import InviteKind
from bot.telegram import callbacks, keyboards
from bot.telegram.context import Context
from bot.telegram.handlers import invites
from bot.telegram.handlers.common import (
    Press,
    args_text,
    button,
    message_of,
    reading,
    reply,
    writing,
)
from bot.telegram.handlers.telling import Render, tell
from bot.telegram.handlers.together import ask_which, athlete_reply, own_reply
from bot.texts import i18n


async def coach(update: Update, context: Context) -> None:
    """/coach (an invite link for a coach), /coach settings and /coach remove (an athlete)."""
    word = args_text(update).lower()
    if word == "settings":
        async with reading(context) as store:
            link = await services.coaching.coach_of(store, context.runner)
        if link is None:
            await reply(update, texts.coaching.no_coach())
            return
        await reply(
            update, texts.coaching.coach_status(link.name, link.sees), keyboards.coach_sees()
        )
        return
    if word == "remove":
        async with writing(update, context) as store:
            profile = context.runner
            link = await services.coaching.leave_coach(store, profile)
        await reply(update, texts.coaching.coach_left_you(link.name))
        await tell(
            context, [link.chat_id], partial(texts.coaching.athlete_left, profile.first_name)
        )
        return
    await invites.send_link(update, context, InviteKind.COACH)


@button(callbacks.CoachSees)
async def sees(update: Update, context: Context, press: Press[callbacks.CoachSees]) -> None:
    """What the athlete lets their coach see."""
    async with writing(update, context) as store:
        link = await services.coaching.set_sees(store, context.runner, Sees(press.payload.sees))
    await press.show(texts.coaching.sees_set(link.name, press.payload.sees))


async def athletes(update: Update, context: Context) -> None:
    """/athletes: one line per athlete, slipping first; /athletes NAME; /athletes remove NAME."""
    word, _, name = args_text(update).partition(" ")
    if word.lower() == "remove":
        if not name.strip():
            raise UserError(ErrorCode.WHOM_TO_DROP)
        async with reading(context) as store:
            found = await services.coaching.athletes_named(store, context.runner, name)
        if len(found) > 1:
            choices = [(a.user_id, a.name) for a in found]
            await ask_which(update, texts.coaching.pick_athlete(False), choices, me=False)
            return
        text, news = await _drop(update, context, found[0].user_id)
        await reply(update, text)
        await tell(context, [news[0]], news[1])
        return
    async with reading(context) as store:
        profile = context.runner
        if word:
            detail = await services.coaching.detail(
                store, profile, args_text(update), context.now()
            )
            today = services.base.today_for(profile, context.now())
            text = texts.coaching.athlete_detail(detail, today)
        else:
            text = texts.coaching.athletes_table(
                await services.coaching.table(store, profile, context.now())
            )
    opens = None
    if not word and message_of(update).chat.type == "private":
        opens = keyboards.opening(None, context.settings.webapp_url, board=True)
    await reply(update, text, opens)


async def _drop(
    update: Update, context: Context, athlete_id: int
) -> tuple[str, tuple[int, Render]]:
    async with writing(update, context) as store:
        profile = context.runner
        gone = await services.coaching.drop_athlete(store, profile, athlete_id)
    told = (gone.chat_id, partial(texts.coaching.coach_dropped_you, profile.first_name))
    return texts.coaching.athlete_dropped(gone.name), told


@button(callbacks.PickAthlete)
async def pick(update: Update, context: Context, press: Press[callbacks.PickAthlete]) -> None:
    """An athlete picked for the command the buttons quote (/plan or /athletes remove)."""
    payload, query = press.payload, press.query
    asked = message_of(update).reply_to_message
    if asked is None or asked.from_user is None or asked.from_user.id != query.from_user.id:
        raise UserError(ErrorCode.EXPIRED_BUTTON)
    command, _, rest = (asked.text or "").partition(" ")
    command = command.split("@")[0].lower()
    rest = rest.strip()
    news: tuple[int, Render] | None
    if command == "/athletes":
        text, news = await _drop(update, context, payload.athlete_id)
    elif command == "/plan":
        if rest.startswith("@"):
            rest = rest.partition(" ")[2].strip()
        async with writing(update, context) as store:
            profile, now = context.runner, context.now()
            if payload.athlete_id == 0:
                own = await services.plans.own_plan(store, profile, rest, now, i18n.current())
                text, news = own_reply(profile, own)
            else:
                done = await services.plans.for_athlete(
                    store, profile, payload.athlete_id, rest, now
                )
                text, news = athlete_reply(profile, done)
    else:
        raise UserError(ErrorCode.EXPIRED_BUTTON)
    await press.show(text)
    if news is not None:
        await tell(context, [news[0]], news[1])
