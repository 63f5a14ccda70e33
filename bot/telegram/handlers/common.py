"""What every handler shares: the per-update transaction, pressed buttons, usage and replies."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, Generic, TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot import services, texts
from bot.domain.errors import ErrorCode, UserError
from bot.services.ports import Storage
from bot.storage.store import Store
from bot.telegram import callbacks
from bot.telegram.context import Context
from bot.telegram.handlers.signup import sign_up
from bot.texts import i18n

P = TypeVar("P")
PP = TypeVar("PP", bound=callbacks.Payload)
Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def unit_of_work(store: Store) -> Storage:
    """The store handlers open is every port the use cases need: mypy proves it here, so each
    narrower family of ports in `bot.services.ports` is satisfied too."""
    return store


class AlreadyHandled(Exception):
    """The update was handled before (a redelivery); its effects are already committed."""


@asynccontextmanager
async def reading(context: Context, *, with_calendar: bool = False) -> AsyncIterator[Store]:
    """A transaction for an update that only reads (but for signing its author up).

    `with_calendar` reads the runner's calendar with their profile, for what follows to use.
    """
    async with context.sessionmaker.begin() as session:
        store = Store(session)
        await sign_up(store, context, with_calendar=with_calendar)
        yield store


@asynccontextmanager
async def writing(
    update: Update, context: Context, *, claim: bool = True, with_calendar: bool = False
) -> AsyncIterator[Store]:
    """The one write transaction of an update; it records the update so a redelivery is a no-op
    (and, being a no-op, signs nobody up again).

    `claim=False` is for writes that are no-ops the second time by themselves: a session is
    unique per source message, so a redelivered /done finds it logged and says so again.
    """
    async with context.sessionmaker.begin() as session:
        store = Store(session)
        if claim and not await store.updates.claim(update.update_id, context.now()):
            raise AlreadyHandled(update.update_id)
        await sign_up(store, context, with_calendar=with_calendar)
        yield store


async def speak_chosen(update: Update, context: Context) -> None:
    """For an update that signs nobody up (/help, an unknown command): speak the language
    chosen for its chat, where one was, instead of the one Telegram is in."""
    chat = update.effective_chat
    if chat is None:
        return
    async with context.sessionmaker.begin() as session:
        chosen = (await services.runners.languages(Store(session), [chat.id])).get(chat.id)
    if chosen in i18n.SUPPORTED:
        i18n.use(chosen)


def message_of(update: Update) -> Message:
    message = update.effective_message
    assert message is not None
    return message


def args_text(update: Update) -> str:
    """Everything after the command, as typed (spaces kept for notes)."""
    text = message_of(update).text or ""
    _, _, rest = text.partition(" ")
    return rest.strip()


def is_private(update: Update) -> bool:
    return message_of(update).chat.type == "private"


async def reply(
    update: Update,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    quote: bool = False,
) -> Message:
    """Reply in the chat the update came from, split if longer than Telegram allows.
    `quote` quotes the runner's message in a private chat too (a button under the reply
    then reads the note they typed from it)."""
    parts = texts.common.split(text)
    message = message_of(update)
    # In a group, quote the command so everyone sees whose reply (and whose buttons) it is.
    quote = update.message is not None and (quote or message.chat.type != "private")
    sent = message
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        sent = await message.reply_html(part, reply_markup=markup if last else None, do_quote=quote)
    return sent


def usage(words: Callable[[Context], str]) -> Callable[[Handler], Handler]:
    """A command typed without an argument shows how to use it (`words`, which may read the
    runner's settings) instead of running."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(update: Update, context: Context) -> None:
            if not args_text(update):
                async with reading(context):
                    text = words(context)
                await reply(update, text)
                return
            await handler(update, context)

        return run

    return wrap


def private(handler: Handler) -> Handler:
    """A command about the runner's own rewards or numbers: in a group it is answered with a
    pointer to the private chat, so nothing personal is posted to everyone."""

    @functools.wraps(handler)
    async def run(update: Update, context: Context) -> None:
        if not is_private(update):
            async with reading(context):  # the member, in the group's language
                pass
            await reply(update, texts.general.private_only())
            return
        await handler(update, context)

    return run


class Press(Generic[P]):
    """A pressed button: its query and its decoded payload. `show` answers the press and puts
    the reply in place of the message the button was under."""

    def __init__(self, query: CallbackQuery, payload: P) -> None:
        self.query = query
        self.payload = payload
        self.answered = False

    async def answer(self, toast: str | None = None) -> None:
        self.answered = True
        await self.query.answer(toast)

    async def show(
        self, text: str, markup: InlineKeyboardMarkup | None = None, *, toast: str | None = None
    ) -> None:
        await self.answer(toast)
        await self.query.edit_message_text(text, reply_markup=markup)


ButtonHandler = Callable[[Update, Context, Press[P]], Awaitable[None]]
# Each button handler's payload type, for `on_press` to route its presses.
_KINDS: dict[Handler, type[callbacks.Payload]] = {}


def button(kind: type[PP]) -> Callable[[ButtonHandler[PP]], Handler]:
    """A handler for pressed buttons of this kind: a stale button (its payload unreadable or of
    another kind) is answered as expired, one pressed by someone it was not made for is
    refused, and a press the handler leaves unanswered is answered after it."""

    def wrap(handler: ButtonHandler[PP]) -> Handler:
        @functools.wraps(handler)
        async def pressed(update: Update, context: Context) -> None:
            query = update.callback_query
            assert query is not None
            payload = callbacks.decode(query.data)
            if not isinstance(payload, kind):
                await query.answer(texts.errors.expired_button(), show_alert=True)
                return
            check_owner(update)
            press = Press(query, payload)
            await handler(update, context, press)
            if not press.answered:
                await press.answer()

        _KINDS[pressed] = kind
        return pressed

    return wrap


def on_press(handler: Handler) -> CallbackQueryHandler[Context, None]:
    """The registration of a `@button` handler: the presses of its payload type reach it."""
    return CallbackQueryHandler(handler, pattern=callbacks.pattern(_KINDS[handler]))


async def stale(update: Update, context: Context) -> None:
    """Last, a press no button handler took (data no button makes, or made by an older
    version): answered as expired."""
    query = update.callback_query
    assert query is not None
    await query.answer(texts.errors.expired_button(), show_alert=True)


def check_owner(update: Update) -> None:
    """A button acts only for the runner it was made for: in a group, the one who asked."""
    query = update.callback_query
    assert query is not None
    message = message_of(update)
    if message.chat.type == "private":
        owner: int | None = message.chat.id
    else:
        asked = message.reply_to_message
        owner = asked.from_user.id if asked is not None and asked.from_user else None
    if owner != query.from_user.id:
        raise UserError(ErrorCode.NOT_YOURS)
