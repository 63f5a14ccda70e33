"""What every handler shares: dependencies, the per-update transaction and reply helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot import services, texts
from bot.config import Settings
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile
from bot.services.runners import ensure_user
from bot.storage.store import Store
from bot.telegram import callbacks

Context = ContextTypes.DEFAULT_TYPE
P = TypeVar("P", bound=callbacks.Payload)
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Deps:
    """What handlers and jobs need, kept in `application.bot_data`."""

    sessionmaker: async_sessionmaker[AsyncSession]
    settings: Settings
    clock: Clock = utc_now


class AlreadyHandled(Exception):
    """The update was handled before (a redelivery); its effects are already committed."""


def deps_in(bot_data: Mapping[str, Any]) -> Deps:
    """The dependencies kept in an application's `bot_data`."""
    value = bot_data["deps"]
    assert isinstance(value, Deps)
    return value


def deps(context: Context) -> Deps:
    return deps_in(context.bot_data)


def now(context: Context) -> datetime:
    return deps(context).clock()


@asynccontextmanager
async def reading(context: Context) -> AsyncIterator[Store]:
    """A transaction for an update that only reads."""
    async with deps(context).sessionmaker.begin() as session:
        yield Store(session)


@asynccontextmanager
async def writing(update: Update, context: Context, *, claim: bool = True) -> AsyncIterator[Store]:
    """The one write transaction of an update; it records the update so a redelivery is a no-op.

    `claim=False` is for writes that are no-ops the second time by themselves: a session is
    unique per source message, so a redelivered /done finds it logged and says so again.
    """
    async with deps(context).sessionmaker.begin() as session:
        store = Store(session)
        if claim and not await store.updates.claim(update.update_id, now(context)):
            raise AlreadyHandled(update.update_id)
        yield store


async def runner(
    store: Store, update: Update, context: Context, *, with_calendar: bool = False
) -> Profile:
    """The sender's profile, created with defaults the first time they write (and with
    `with_calendar`, their calendar read in the same query)."""
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    chat_id = chat.id if chat.type == "private" else user.id
    profile, created = await ensure_user(
        store, user.id, chat_id, user.first_name, now(context), with_calendar=with_calendar
    )
    if created:
        await services.checkins.reschedule(store, profile, now(context))
    if chat.type in ("group", "supergroup"):
        await services.groups.join_group(store, chat.id, chat.title or "", profile, now(context))
    return profile


async def refresh_schedule(store: Store, user_id: int, context: Context) -> None:
    """Recompute a runner's check-ins after a change to their zone, times or status."""
    profile = await store.runners.get(user_id)
    if profile is not None:
        await services.checkins.reschedule(store, profile, now(context))


def message_of(update: Update) -> Message:
    message = update.effective_message
    assert message is not None
    return message


def args_text(update: Update) -> str:
    """Everything after the command, as typed (spaces kept for notes)."""
    text = message_of(update).text or ""
    _, _, rest = text.partition(" ")
    return rest.strip()


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    """Reply in the chat the update came from, split if longer than Telegram allows."""
    parts = texts.common.split(text)
    message = message_of(update)
    # In a group, quote the command so everyone sees whose reply (and whose buttons) it is.
    quote = update.message is not None and message.chat.type != "private"
    sent = message
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        sent = await message.reply_html(part, reply_markup=markup if last else None, do_quote=quote)
    return sent


async def pressed(update: Update, kind: type[P]) -> tuple[CallbackQuery, P] | None:
    """The query and payload of a button of this kind, checked to belong to the presser;
    None, after telling the presser, when the button is stale or not theirs to press."""
    query = update.callback_query
    assert query is not None
    payload = callbacks.decode(query.data)
    if not isinstance(payload, kind):
        await query.answer(texts.errors.expired_button(), show_alert=True)
        return None
    check_owner(update)
    return query, payload


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
