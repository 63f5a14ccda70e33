"""Messages to other runners than the one whose update this is (buddies, a coach, an athlete):
sent in the background, each in its reader's language."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

from bot import services, texts
from bot.domain.model import Profile
from bot.storage.store import Store
from bot.telegram.context import BotData, Context
from bot.telegram.limiter import send_bulk
from bot.texts import i18n

log = logging.getLogger(__name__)

# A message to someone else, written when it is sent: in the language they chose.
Render = Callable[[], str]
AnyApp = Application[Any, Any, Any, Any, BotData, Any]


async def tell(context: Context, chats: Iterable[int], render: Render) -> None:
    """Messages to other runners: in the background, behind replies, never failing a handler;
    each in its reader's language."""
    tell_from(context.application, chats, render)


def tell_from(application: AnyApp, chats: Iterable[int], render: Render) -> None:
    """`tell`, for callers outside an update (the Mini App's server)."""
    chats = list(chats)
    sessionmaker = application.bot_data.deps.sessionmaker

    async def send() -> None:
        async with sessionmaker.begin() as session:
            languages = await services.runners.languages(Store(session), chats)
        for chat in chats:
            with i18n.speaking(languages.get(chat, i18n.DEFAULT)):
                text = render()
            try:
                await send_bulk(application.bot, chat, text)
            except TelegramError as error:
                log.info("could not tell chat %s: %s", chat, error.message)

    application.create_task(send(), name="tell buddies")


async def tell_buddies(
    context: Context,
    profile: Profile,
    logged: services.sessions.Logged,
    news: services.buddies.BuddyNews,
) -> None:
    """After a session is logged: the buddies who asked to hear about it."""
    buddies_hear(context.application, profile, logged, news)


def buddies_hear(
    application: AnyApp,
    profile: Profile,
    logged: services.sessions.Logged,
    news: services.buddies.BuddyNews,
) -> None:
    session = logged.session
    if news.every:
        text = partial(texts.buddies.buddy_session, profile.first_name, session, logged.today)
        tell_from(application, news.every, text)
    if news.met:
        tell_from(application, news.met, partial(texts.buddies.buddy_met, profile.first_name))
