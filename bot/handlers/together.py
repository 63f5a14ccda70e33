"""Accountability: /plan, /plans, /buddy and its buttons, the group week and leaderboard."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Update
from telegram.error import TelegramError

from bot import accountability, services, texts
from bot.domain import buddies
from bot.domain.model import Profile
from bot.handlers import callbacks, keyboards
from bot.handlers.common import (
    Context,
    args_text,
    message_of,
    now,
    pressed,
    reading,
    reply,
    runner,
    writing,
)
from bot.limiter import send_bulk

log = logging.getLogger(__name__)


async def plan(update: Update, context: Context) -> None:
    """/plan <day> <activity> <minutes> [details], or /plan clear <day>."""
    raw = args_text(update)
    first, _, rest = raw.partition(" ")
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        today = services.today_for(profile, now(context))
        if first.lower() == "clear":
            day = await accountability.clear_plan(store, profile, rest, now(context))
            text = texts.plan_cleared(day, today)
        else:
            spec = await accountability.plan(store, profile, raw, now(context))
            text = texts.plan_set(spec, today)
    await reply(update, text)


async def plans(update: Update, context: Context) -> None:
    """/plans: the coming week."""
    async with reading(context) as store:
        profile = await runner(store, update, context)
        items = await accountability.coming_week(store, profile, now(context))
    await reply(update, texts.plans_week(items, services.today_for(profile, now(context))))


async def buddy(update: Update, context: Context) -> None:
    """/buddy (an invite link), /buddy settings, /buddy remove."""
    word = args_text(update).lower()
    if word == "settings":
        async with reading(context) as store:
            profile = await runner(store, update, context)
            items = await store.buddies_of(profile.user_id)
        await reply(update, texts.buddy_status(items), keyboards.buddy_settings())
        return
    if word == "remove":
        async with writing(update, context) as store:
            profile = await runner(store, update, context)
            chats = await accountability.remove_buddies(store, profile)
        await reply(update, texts.buddies_removed(len(chats)))
        await tell(context, chats, texts.buddy_gone(profile.first_name))
        return
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        code = await accountability.new_invite(store, profile, now(context))
    await reply(update, texts.buddy_link(context.bot.username, code))


async def offer(update: Update, context: Context, code: str) -> None:
    """/start <code> from an invite link: ask before pairing."""
    async with reading(context) as store:
        profile = await runner(store, update, context)
        inviter = await accountability.inviter_of(store, code, profile.user_id, now(context))
    await reply(update, texts.buddy_offer(inviter.first_name), keyboards.buddy_invite(code))


async def answer(update: Update, context: Context) -> None:
    """Yes or No to an invite."""
    button = await pressed(update, callbacks.BuddyAnswer)
    if button is None:
        return
    query, payload = button
    if not payload.accept:
        await query.answer()
        await query.edit_message_text(texts.buddy_declined())
        return
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        inviter = await accountability.accept(store, payload.code, profile, now(context))
    await query.answer()
    await query.edit_message_text(texts.buddies_now(inviter.first_name))
    await tell(context, [inviter.chat_id], texts.buddies_now(profile.first_name))


async def hears(update: Update, context: Context) -> None:
    """What the runner hears about their buddies."""
    button = await pressed(update, callbacks.BuddyHears)
    if button is None:
        return
    query, payload = button
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        await store.set_hears(profile.user_id, buddies.Hears(payload.hears).value)
    await query.answer()
    await query.edit_message_text(texts.hears_set(payload.hears))


async def group_week(update: Update, context: Context) -> None:
    """/week in a group: every member's week."""
    chat = message_of(update).chat
    async with reading(context) as store:
        await runner(store, update, context)
        standings = await accountability.group_week(store, chat.id, now(context))
    await reply(update, texts.group_week(standings))


async def tell(context: Context, chats: Iterable[int], text: str) -> None:
    """Messages to other runners: in the background, behind replies, never failing a handler."""

    async def send() -> None:
        for chat in chats:
            try:
                await send_bulk(context.bot, chat, text)
            except TelegramError as error:
                log.info("could not tell chat %s: %s", chat, error.message)

    context.application.create_task(send(), name="tell buddies")


async def tell_buddies(
    context: Context,
    profile: Profile,
    logged: services.Logged,
    news: accountability.BuddyNews,
) -> None:
    """After a session is logged: the buddies who asked to hear about it."""
    session = logged.session
    if news.every:
        text = texts.buddy_session(profile.first_name, session.activity, session.minutes)
        await tell(context, news.every, text)
    if news.met:
        await tell(context, news.met, texts.buddy_met(profile.first_name))
