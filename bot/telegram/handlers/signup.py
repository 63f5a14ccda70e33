"""Who an update signs up: decided once, before any handler, and done in the update's own
transaction, so a redelivery or a failure changes nothing twice.

An update is for a runner's account when the handler that will take it is not marked
`@anonymous` (help, unknown commands, /admin, membership changes and /deleteme with its
buttons: deleting must never sign the runner up again). `note_author`, in handler group -1,
puts its sender on the context; the first transaction the handler opens (`reading` or
`writing`, after claiming the update) signs them up (and into the group they write in) and
sets `context.runner`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram import Update

from bot import services
from bot.storage.store import Store
from bot.telegram.context import Context
from bot.texts import i18n

HANDLED_BY = 0  # the handler group whose handlers the sign-up looks ahead to

_ANONYMOUS: set[object] = set()

H = TypeVar("H", bound=Callable[..., Any])


def anonymous(handler: H) -> H:
    """Mark a handler whose updates concern no runner's account: nobody is signed up for them."""
    _ANONYMOUS.add(handler)
    return handler


@dataclass(frozen=True, slots=True)
class Author:
    """The sender of an update for a runner's account."""

    user_id: int
    chat_id: int  # their private chat (in a group, the user id: Telegram's private chat id)
    first_name: str
    group: tuple[int, str] | None  # the group (chat id, title) they write in, if any
    language: str  # the language their Telegram is in, where the bot speaks it; else English
    username: str | None = None  # their Telegram @username, if they have one


def _for_an_account(update: Update, context: Context) -> bool:
    for handler in context.application.handlers.get(HANDLED_BY, []):
        check: Any = handler.check_update(update)
        if check is not None and check is not False:
            return handler.callback not in _ANONYMOUS
    return False  # no handler takes it (chatter in a group): nobody is signed up


async def note_author(update: Update, context: Context) -> None:
    """Handler group -1: the sender to sign up, when the update is for a runner's account."""
    user = update.effective_user
    chat = update.effective_chat
    # Until the runner's (or the group's) own choice is read: their Telegram's language.
    language = i18n.language_for(user.language_code if user is not None else None)
    i18n.use(language)
    if user is None or chat is None or not _for_an_account(update, context):
        return
    group = (chat.id, chat.title or "") if chat.type in ("group", "supergroup") else None
    chat_id = chat.id if chat.type == "private" else user.id
    context.author = Author(user.id, chat_id, user.first_name, group, language, user.username)


async def sign_up(store: Store, context: Context, *, with_calendar: bool = False) -> None:
    """Sign the update's author up in this transaction and put their profile on the context
    (read afresh in each transaction, so it is never stale); nothing for anonymous updates."""
    author = context.author
    if author is None:
        return
    context.runner = await services.runners.sign_up(
        store, author.user_id, author.chat_id, author.first_name, context.now(), author.group,
        with_calendar=with_calendar, language=author.language,
    )  # fmt: skip
    if context.runner.username != author.username:  # a coach may name them by it
        await services.coaching.note_username(store, context.runner, author.username)
    # The bot speaks the runner's language with them, and the group's (once a member chose
    # one) in a group.
    chosen = context.runner.language
    if author.group is not None:
        chosen = await services.groups.language(store, author.group[0]) or author.language
    i18n.use(chosen)
