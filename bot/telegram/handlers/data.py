"""Pictures and the runner's own data: the /stats chart, /week, /export, /import, /deleteme."""

from __future__ import annotations

from telegram import Document, InputFile, Update
from telegram.constants import ChatAction

from bot import services, texts
from bot.domain.errors import ErrorCode, UserError
from bot.services.portability import Imported
from bot.telegram import callbacks, keyboards
from bot.telegram.context import Context
from bot.telegram.handlers import together
from bot.telegram.handlers.common import (
    Press,
    button,
    is_private,
    message_of,
    private,
    reading,
    reply,
    speak_chosen,
    writing,
)
from bot.telegram.handlers.signup import anonymous

MAX_IMPORT_BYTES = 1_000_000


@private
async def stats(update: Update, context: Context) -> None:
    """/stats: the numbers as text, then the picture (drawn in a worker process)."""
    async with reading(context, with_calendar=True) as store:
        found = await services.stats.report(store, context.runner, context.now())
    data, works, chart = found.stats, found.works, found.chart
    extra = texts.stats.what_works(works) if data.all_time.sessions else ""
    opens = keyboards.opening(None, context.settings.webapp_url)
    await reply(update, texts.stats.stats(data) + extra, opens)
    if chart is None:
        return
    message = message_of(update)
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    png = await context.painter.draw(chart)
    await message.reply_photo(
        InputFile(png, filename="strongstreak.png"), caption=texts.stats.chart_caption(chart)
    )


async def week(update: Update, context: Context) -> None:
    """/week: this week at a glance; in a group, every member's week."""
    if not is_private(update):
        await together.group_week(update, context)
        return
    async with reading(context) as store:
        data = await services.stats.stats(store, context.runner, context.now())
    await reply(update, texts.stats.week_glance(data))


async def export(update: Update, context: Context) -> None:
    """/export: every session as CSV and everything else as JSON, sent as two files."""
    async with reading(context) as store:
        files = await services.portability.export(store, context.runner, context.now())
    message = message_of(update)
    await message.reply_document(
        InputFile(files.csv.encode(), filename="strongstreak-sessions.csv"),
        caption=texts.portability.export_caption(),
    )
    await message.reply_document(InputFile(files.json.encode(), filename="strongstreak-data.json"))


async def import_file(update: Update, context: Context) -> None:
    """/import with an exported CSV or JSON attached (or as a reply to one)."""
    message = message_of(update)
    document = message.document or (
        message.reply_to_message.document if message.reply_to_message else None
    )
    if document is None:
        await reply(update, texts.portability.import_usage())
        return
    await reply(update, texts.portability.imported(await _import(update, context, document)))


async def _import(update: Update, context: Context, document: Document) -> Imported:
    if document.file_size and document.file_size > MAX_IMPORT_BYTES:
        raise UserError(ErrorCode.FILE_TOO_BIG)
    content = bytes(await (await document.get_file()).download_as_bytearray())
    async with writing(update, context) as store:
        return await services.portability.import_file(store, context.runner, content, context.now())


EXPORT_SUFFIXES = (".csv", ".json")


@anonymous
async def document_alone(update: Update, context: Context) -> None:
    """A file sent without /import: an export gets a one-tap question, anything else a word
    on what the bot takes."""
    await speak_chosen(update, context)
    message = message_of(update)
    name = (message.document.file_name or "") if message.document else ""
    if name.lower().endswith(EXPORT_SUFFIXES):
        await message.reply_html(
            texts.portability.import_question(), reply_markup=keyboards.import_it(), do_quote=True
        )
        return
    await reply(update, texts.portability.files_taken())


@button(callbacks.ImportIt)
async def import_button(update: Update, context: Context, press: Press[callbacks.ImportIt]) -> None:
    """Yes, import the file the question quotes."""
    quoted = message_of(update).reply_to_message
    if quoted is None or quoted.document is None:
        raise UserError(ErrorCode.EXPIRED_BUTTON)
    result = await _import(update, context, quoted.document)
    await press.show(texts.portability.imported(result))


@anonymous
async def deleteme(update: Update, context: Context) -> None:
    """/deleteme: asks first."""
    await reply(update, texts.portability.confirm_deleteme(), keyboards.confirm_deleteme())


@anonymous
@button(callbacks.DeleteMe)
async def deleteme_button(
    update: Update, context: Context, press: Press[callbacks.DeleteMe]
) -> None:
    """The answer to /deleteme: remove every row about the runner, or nothing."""
    if not press.payload.confirmed:
        await press.show(texts.portability.deleteme_cancelled())
        return
    async with writing(update, context) as store:
        deleted = await services.runners.delete_everything(store, press.query.from_user.id)
    await press.show(texts.portability.deleted_everything(deleted))
