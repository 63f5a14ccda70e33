"""Help, unknown commands, membership changes and the one error handler."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.error import BadRequest, Forbidden

from bot import services, texts
from bot.domain.errors import UserError
from bot.metrics import HANDLER_ERRORS
from bot.storage import faults
from bot.telegram import attempts
from bot.telegram.context import Context
from bot.telegram.handlers.common import (
    AlreadyHandled,
    message_of,
    reading,
    reply,
    speak_chosen,
    writing,
)
from bot.telegram.handlers.signup import anonymous

log = logging.getLogger(__name__)

AGAIN_MAX = 300  # a longer message is not quoted back in "please send it again"


@anonymous
async def help_command(update: Update, context: Context) -> None:
    """/help: every command with an example, in the language chosen for the chat."""
    await speak_chosen(update, context)
    await reply(update, texts.general.help_text())


@anonymous
async def unknown(update: Update, context: Context) -> None:
    """Any other command: a hint."""
    command = (message_of(update).text or "").split()[0]
    await speak_chosen(update, context)
    await reply(update, texts.general.unknown_command(command))


@anonymous
async def membership(update: Update, context: Context) -> None:
    """The runner blocked or unblocked the bot; or the bot left or was removed from a group."""
    change = update.my_chat_member
    assert change is not None
    status = change.new_chat_member.status
    active = status not in (ChatMember.BANNED, ChatMember.LEFT)
    async with writing(update, context) as store:
        if change.chat.type == "private":
            await services.runners.set_active(store, change.from_user.id, active, context.now())
        elif not active:
            await services.groups.leave_group(store, change.chat.id)


@anonymous
async def admin(update: Update, context: Context) -> None:
    """/admin, for ADMIN_IDS only: users, activity, the check-in queue and the last error."""
    user = update.effective_user
    if user is None or user.id not in context.settings.admin_ids:
        await unknown(update, context)
        return
    async with reading(context) as store:
        counts = await services.runners.admin_counts(store, context.now())
    sender = context.bot_data.sender
    queued = sender.queue.qsize() + sender.in_flight if sender is not None else 0
    await reply(update, texts.general.admin(counts, queued, context.bot_data.last_error))


async def on_error(update: object, context: Context) -> None:
    """Bad input gets its friendly words; a passing database fault has the update tried again;
    anything else is logged, and the runner is told truly whether their message was saved."""
    error = context.error
    attempt = attempts.current()
    if isinstance(error, AlreadyHandled):
        log.info("update %s was handled before; skipped", error.args[0])
        if attempt is not None and attempt.number > 1 and isinstance(update, Update):
            # An earlier attempt committed, then lost its connection before it could answer.
            await _tell(update, texts.errors.unexpected_error(saved=True))
        return
    fault = faults.classify(error) if error is not None else None
    if fault is not None and error is not None and context.bot_data.database is not None:
        context.bot_data.database.saw(fault, error)
    if not isinstance(update, Update):
        if fault is not None:  # a job: it runs again on its next tick
            log.warning("a job met a database fault: %s", fault.value)
        else:
            log.error("error outside an update", exc_info=error)
        return
    if fault is not None and fault.passing and attempt is not None and attempt.may_try_again:
        attempt.fault = error
        log.warning(
            "update %s met a database fault (%s, attempt %s); trying it again",
            update.update_id, fault.value, attempt.number,
        )  # fmt: skip
        return
    if isinstance(error, UserError):
        # A refusal may come before the handler opened its transaction (which speaks the
        # runner's chosen language): speak it here too, not the one Telegram is in.
        await speak_chosen(update, context)
        plain = texts.errors.error_words(error)
    elif isinstance(error, Forbidden):
        chat = update.effective_chat
        log.info("chat %s cannot be reached: %s", chat.id if chat else None, error.message)
        return
    elif isinstance(error, BadRequest) and "not modified" in error.message:
        return
    else:
        context.bot_data.last_error = (context.now(), f"{type(error).__name__}: {error}"[:300])
        HANDLER_ERRORS.inc()
        ids = {
            "update_id": update.update_id,
            "chat_id": update.effective_chat.id if update.effective_chat else None,
            "user_id": update.effective_user.id if update.effective_user else None,
        }
        if fault is None:
            log.error(
                "update %(update_id)s failed (chat %(chat_id)s, user %(user_id)s)",
                ids,
                exc_info=error,
                extra=ids,
            )
        else:  # what the database said is logged once, by the watch
            log.warning(
                "update %(update_id)s not saved: a database fault (%(fault)s)",
                {**ids, "fault": fault.value},
                extra=ids,
            )
        if attempt is not None and attempt.answered:
            return  # the runner has their answer; a second one would only confuse
        saved = attempt is not None and attempt.work.stored
        if fault is not None and not saved:
            plain = texts.errors.not_saved(full=fault is faults.Fault.FULL, again=_again(update))
        else:
            plain = texts.errors.unexpected_error(saved=saved)
    if isinstance(error, UserError):
        await _tell(update, plain, texts.errors.user_error(error))
    else:
        await _tell(update, plain)


async def _tell(update: Update, plain: str, html: str | None = None) -> None:
    """An alert under a pressed button, or a reply (`html`, else `plain` escaped)."""
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(plain[:200], show_alert=True)
        elif update.effective_message is not None:
            await reply(update, html if html is not None else texts.common.e(plain))
    except Exception:  # the runner may be unreachable; the error is already logged
        log.warning("could not tell the runner about an error", exc_info=True)


def _again(update: Update) -> str | None:
    """The text message to send again, if it was one short enough to quote."""
    message = update.message
    if message is None or message.text is None or len(message.text) > AGAIN_MAX:
        return None
    return message.text
