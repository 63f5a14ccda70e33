"""Pictures and the runner's own data: the /stats chart, /week, /export, /import, /deleteme."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.constants import ChatAction

from bot import services, texts
from bot.domain.errors import ErrorCode, UserError
from bot.pictures.painter import Painter
from bot.telegram import callbacks, keyboards
from bot.telegram.handlers import together
from bot.telegram.handlers.common import (
    Context,
    message_of,
    now,
    pressed,
    reading,
    reply,
    runner,
    writing,
)


async def stats(update: Update, context: Context) -> None:
    """/stats: the numbers as text, then the picture (drawn in a worker process)."""
    async with reading(context) as store:
        # The calendar comes with the profile, for the numbers and the picture's data both.
        profile = await runner(store, update, context, with_calendar=True)
        found = await services.stats.report(store, profile, now(context))
    data, works, chart = found.stats, found.works, found.chart
    extra = texts.stats.what_works(works) if data.all_time.sessions else ""
    await reply(update, texts.stats.stats(data) + extra)
    if chart is None:
        return
    message = message_of(update)
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    png = await painter(context).draw(chart)
    await message.reply_photo(
        InputFile(png, filename="strongstreak.png"), caption=texts.stats.chart_caption(chart)
    )


def painter(context: Context) -> Painter:
    """The application's picture worker (a process of its own, started on first use)."""
    found = context.bot_data.get("painter")
    if not isinstance(found, Painter):
        found = context.bot_data["painter"] = Painter()
    return found


async def week(update: Update, context: Context) -> None:
    """/week: this week at a glance; in a group, every member's week."""
    if message_of(update).chat.type != "private":
        await together.group_week(update, context)
        return
    async with reading(context) as store:
        profile = await runner(store, update, context)
        data = await services.stats.stats(store, profile, now(context))
    await reply(update, texts.stats.week_glance(data))


async def export(update: Update, context: Context) -> None:
    """/export: every session as CSV and everything else as JSON, sent as two files."""
    async with reading(context) as store:
        profile = await runner(store, update, context)
        files = await services.portability.export(store, profile, now(context))
    message = message_of(update)
    await message.reply_document(
        InputFile(files.csv.encode(), filename="strongstreak-sessions.csv"),
        caption=texts.portability.export_caption(),
    )
    await message.reply_document(InputFile(files.json.encode(), filename="strongstreak-data.json"))


async def import_file(update: Update, context: Context) -> None:
    """/import with an exported CSV attached (or as a reply to one)."""
    message = message_of(update)
    document = message.document or (
        message.reply_to_message.document if message.reply_to_message else None
    )
    if document is None:
        await reply(update, texts.portability.import_usage())
        return
    if document.file_size and document.file_size > 1_000_000:
        raise UserError(ErrorCode.FILE_TOO_BIG)
    content = bytes(await (await document.get_file()).download_as_bytearray())
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        result = await services.portability.import_sessions(store, profile, content, now(context))
    await reply(update, texts.portability.imported(result))


async def deleteme(update: Update, context: Context) -> None:
    """/deleteme: asks first."""
    await reply(update, texts.portability.confirm_deleteme(), keyboards.confirm_deleteme())


async def deleteme_button(update: Update, context: Context) -> None:
    """The answer to /deleteme: remove every row about the runner, or nothing."""
    button = await pressed(update, callbacks.DeleteMe)
    if button is None:
        return
    query, payload = button
    if not payload.confirmed:
        await query.answer()
        await query.edit_message_text(texts.portability.deleteme_cancelled())
        return
    async with writing(update, context) as store:
        # No runner() here: it would create the runner again.
        deleted = await services.runners.delete_everything(store, query.from_user.id)
    await query.answer()
    await query.edit_message_text(texts.portability.deleted_everything(deleted))
