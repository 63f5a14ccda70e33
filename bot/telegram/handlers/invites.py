"""Invite links, a buddy's and a coach's: making one, the offer a link opens, and the Yes or
No under it. What differs by kind is which words are said and what accepting does."""

from __future__ import annotations

from functools import partial

from telegram import Update

from bot import services, texts
from bot.domain.invites import InviteKind
from bot.telegram import callbacks, keyboards
from bot.telegram.context import Context
from bot.telegram.handlers.common import Press, button, reading, reply, writing
from bot.telegram.handlers.telling import Render, tell


async def send_link(update: Update, context: Context, kind: InviteKind) -> None:
    """A fresh invite link of this kind, to pass on."""
    async with writing(update, context) as store:
        code = await services.invites.new(store, kind, context.runner, context.now())
    words = texts.coaching.coach_link if kind == InviteKind.COACH else texts.buddies.buddy_link
    await reply(update, words(context.bot.username, code))


async def offer(update: Update, context: Context, code: str) -> None:
    """/start <code> from an invite link (a buddy's or a coach's): ask before linking."""
    async with reading(context) as store:
        profile, now = context.runner, context.now()
        if await services.invites.kind_of(store, code) == InviteKind.COACH:
            coach = await services.coaching.coach_behind(store, code, profile, now)
            text, markup = texts.coaching.coach_offer(coach.first_name), keyboards.coach_invite
        else:
            inviter = await services.buddies.inviter_of(store, code, profile.user_id, now)
            text, markup = texts.buddies.buddy_offer(inviter.first_name), keyboards.buddy_invite
    await reply(update, text, markup(code))


@button(callbacks.BuddyAnswer)
async def buddy_answer(
    update: Update, context: Context, press: Press[callbacks.BuddyAnswer]
) -> None:
    """Yes or No to a buddy's invite."""
    await _answer(update, context, press, InviteKind.BUDDY)


@button(callbacks.CoachAnswer)
async def coach_answer(
    update: Update, context: Context, press: Press[callbacks.CoachAnswer]
) -> None:
    """Yes or No to a coach's invite."""
    await _answer(update, context, press, InviteKind.COACH)


async def _answer(
    update: Update,
    context: Context,
    press: Press[callbacks.BuddyAnswer] | Press[callbacks.CoachAnswer],
    kind: InviteKind,
) -> None:
    if not press.payload.accept:
        await press.show(texts.buddies.buddy_declined())
        return
    code, markup = press.payload.code, None
    news: Render
    async with writing(update, context) as store:
        profile, now = context.runner, context.now()
        if kind == InviteKind.COACH:
            inviter, count = await services.coaching.accept_counted(store, code, profile, now)
            shown, markup = texts.coaching.coached_now(inviter.first_name), keyboards.coach_sees()
            news = partial(texts.coaching.athlete_joined, profile.first_name, count)
        else:
            inviter = await services.buddies.accept(store, code, profile, now)
            shown = texts.buddies.buddies_now(inviter.first_name)
            news = partial(texts.buddies.buddies_now, profile.first_name)
    await press.show(shown, markup)
    await tell(context, [inviter.chat_id], news)
    if profile.onboarding is not None:  # joined through the link before ever setting up
        await reply(update, texts.runners.welcome(profile.first_name), keyboards.zones())
