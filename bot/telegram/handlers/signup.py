"""Before any handler: the sender of an update for a runner's account is signed up (and made a
member of the group they write in), once, and their profile travels on `context.runner`.

An update is for a runner's account when the handler that will take it is not marked
`@anonymous` (help, unknown commands, /admin, membership changes and /deleteme with its
buttons: deleting must never sign the runner up again). An update that was handled before (its
id is recorded) stops here: a redelivery changes nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot import services
from bot.storage.repository import Store
from bot.telegram.context import Context

log = logging.getLogger(__name__)

HANDLED_BY = 0  # the handler group whose handlers the sign-up looks ahead to

_ANONYMOUS: set[object] = set()

H = TypeVar("H", bound=Callable[..., Any])


def anonymous(handler: H) -> H:
    """Mark a handler whose updates concern no runner's account: nobody is signed up for them."""
    _ANONYMOUS.add(handler)
    return handler


def _for_an_account(update: Update, context: Context) -> bool:
    for handler in context.application.handlers.get(HANDLED_BY, []):
        check: Any = handler.check_update(update)
        if check is not None and check is not False:
            return handler.callback not in _ANONYMOUS
    return False  # no handler takes it (chatter in a group): nobody is signed up


async def sign_up(update: Update, context: Context) -> None:
    """The one place a runner is signed up and joins a group (see the module's docstring)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or not _for_an_account(update, context):
        return
    group = (chat.id, chat.title or "") if chat.type in ("group", "supergroup") else None
    chat_id = chat.id if chat.type == "private" else user.id
    async with context.sessionmaker.begin() as session:
        store = Store(session)
        if await store.update_handled(update.update_id):
            log.info("update %s was handled before; skipped", update.update_id)
            raise ApplicationHandlerStop
        context.runner = await services.runners.sign_up(
            store, user.id, chat_id, user.first_name, context.now(), group
        )
