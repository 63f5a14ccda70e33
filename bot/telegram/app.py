"""Building the python-telegram-bot Application: settings, handlers in order, start-up hooks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import (
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.domain import reader
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.faults import DatabaseWatch
from bot.storage.leader import Leadership
from bot.storage.store import Store
from bot.telegram import menus, sender
from bot.telegram.context import CONTEXT_TYPES, App, Clock, Context, Deps, utc_now
from bot.telegram.handlers import (
    checkins,
    coaching,
    cues,
    data,
    general,
    invites,
    rewards,
    sessions,
    settings,
    signup,
    together,
)
from bot.telegram.handlers.common import on_press, stale
from bot.telegram.health import Health, MeteredApplication, MeteredRequest, serve
from bot.telegram.limiter import PriorityRateLimiter, RoundTripMeter
from bot.telegram.ordering import MAX_CONCURRENT_UPDATES, ChatOrderedProcessor, RoundTrips
from bot.texts import i18n
from bot.web import app as web

FAKE_TOKEN = "123456:local-sandbox-token-not-a-secret"
PRUNE_EVERY = timedelta(hours=6)
UPDATE_MEMORY = timedelta(days=7)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    """Every handler in the order it is tried: (group, handler)."""
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    import_caption = filters.Document.ALL & filters.CaptionRegex(r"^/import")
    file_alone = filters.Document.ALL & filters.ChatType.PRIVATE & ~import_caption
    return [
        # Before any handler: who the update signs up (its first transaction does it).
        (-1, TypeHandler(Update, signup.note_author)),
        # Commands a runner types.
        (0, CommandHandler("start", settings.start)),
        # A run is refused as a session, and answered with the strength that comes next.
        (0, CommandHandler("done", cues.done)),
        (0, CommandHandler("undo", sessions.undo)),
        (0, CommandHandler("history", sessions.history)),
        (0, CommandHandler("edit", sessions.edit)),
        (0, CommandHandler("stats", data.stats)),
        (0, CommandHandler("week", data.week)),
        (0, CommandHandler("export", data.export)),
        (0, CommandHandler("import", data.import_file)),
        (0, MessageHandler(import_caption, data.import_file)),
        (0, MessageHandler(file_alone, data.document_alone)),
        (0, CommandHandler("deleteme", data.deleteme)),
        (0, CommandHandler("plan", together.plan)),
        (0, CommandHandler("plans", together.plans)),
        (0, CommandHandler("calendar", together.calendar)),
        (0, CommandHandler("remind", together.remind)),
        (0, CommandHandler("buddy", together.buddy)),
        (0, CommandHandler("coach", coaching.coach)),
        (0, CommandHandler("athletes", coaching.athletes)),
        (0, CommandHandler("pause", sessions.pause)),
        (0, CommandHandler("resume", sessions.resume)),
        (0, CommandHandler("weekstart", settings.weekstart)),
        (0, CommandHandler("language", settings.language)),
        (0, CommandHandler("reward", rewards.reward)),
        (0, CommandHandler("rewards", rewards.reward_list)),
        (0, CommandHandler("claim", rewards.claim)),
        (0, CommandHandler(["timezone", "tz"], settings.timezone)),
        (0, CommandHandler("prompt", settings.prompt)),
        (0, CommandHandler("evening", checkins.evening)),
        (0, CommandHandler("target", settings.target)),
        (0, CommandHandler("help", general.help_command)),
        (0, CommandHandler("admin", general.admin)),
        # Buttons, each by its payload type: onboarding first, then the rest.
        (0, on_press(settings.onboarding_button)),
        (0, on_press(rewards.delete_button)),
        (0, on_press(checkins.choice)),
        (0, on_press(data.deleteme_button)),
        (0, on_press(invites.buddy_answer)),
        (0, on_press(together.hears)),
        (0, on_press(invites.coach_answer)),
        (0, on_press(coaching.sees)),
        (0, on_press(coaching.pick)),
        (0, on_press(settings.language_button)),
        (0, on_press(cues.remind)),
        (0, on_press(together.plans_file)),
        (0, on_press(data.import_button)),
        (0, on_press(sessions.undo_button)),
        (0, on_press(sessions.log_again)),
        (0, on_press(sessions.log)),
        (0, on_press(sessions.pick_activity)),
        (0, on_press(sessions.history_page)),
        (0, on_press(sessions.edit_pick)),
        (0, on_press(sessions.edit_session)),
        # Last, every other press: a stale button, answered as such.
        (0, CallbackQueryHandler(stale)),
        # Things that are not commands.
        (0, MessageHandler(filters.LOCATION & filters.ChatType.PRIVATE, settings.location)),
        (0, MessageHandler(private_text, cues.plain_text)),
        (0, MessageHandler(filters.COMMAND, general.unknown)),
        (0, ChatMemberHandler(general.membership, ChatMemberHandler.MY_CHAT_MEMBER)),
    ]


async def post_init(application: App) -> None:
    """Read the catalogs, publish the command menus, start the check-in sender and schedule
    housekeeping."""
    i18n.preload()  # a broken catalog stops the start, not a runner's first reply
    reader.warm()  # the reader's tables, built before the first runner waits for them
    await menus.publish(application.bot)
    bot_data = application.bot_data
    deps = bot_data.deps
    bot_data.sender = sender.PromptSender(application, deps)
    bot_data.leadership = Leadership(deps.sessionmaker.kw["bind"])
    job_queue = application.job_queue
    assert job_queue is not None
    # A blocked loop must delay a tick, not silently skip it (APScheduler's default grace is 1 s).
    job_queue.run_repeating(
        sender.dispatch,
        interval=deps.settings.dispatch_seconds,
        first=0.5,
        name="check-in dispatcher",
        job_kwargs={"misfire_grace_time": 60, "coalesce": True, "max_instances": 1},
    )
    job_queue.run_repeating(
        forget_old_updates, interval=PRUNE_EVERY, first=60, job_kwargs={"misfire_grace_time": 600}
    )
    if deps.settings.metrics_port is not None:
        health = Health(
            deps.settings, deps.sessionmaker, bot_data.sender, database=bot_data.database
        )
        bot_data.metrics_server = await serve(
            health, deps.settings.metrics_host, deps.settings.metrics_port
        )
    if deps.settings.webapp_port is not None:
        bot_data.web_server = await web.serve(
            application, deps.settings.webapp_host, deps.settings.webapp_port
        )


async def forget_old_updates(context: Context) -> None:
    """Telegram redelivers an update for at most a day; a week of update ids is plenty."""
    moment = context.now()
    async with context.sessionmaker.begin() as session:
        await Store(session).updates.forget_before(moment - UPDATE_MEMORY)


async def post_shutdown(application: App) -> None:
    bot_data = application.bot_data
    if bot_data.web_server is not None:
        await web.stop(bot_data.web_server)
        bot_data.web_server = None
    if bot_data.metrics_server is not None:
        bot_data.metrics_server.stop()
        await bot_data.metrics_server.close_all_connections()
        bot_data.metrics_server = None
    if bot_data.leadership is not None:
        await bot_data.leadership.release()
    if bot_data.sender is not None:
        await bot_data.sender.stop()
    if bot_data.painter is not None:
        bot_data.painter.stop()
    if bot_data.database is not None:
        await bot_data.database.close()
    await bot_data.deps.sessionmaker.kw["bind"].dispose()


def build_application(
    settings_: Settings,
    *,
    clock: Clock = utc_now,
    with_updater: bool = False,
    rate_limited: bool = True,
    concurrent_updates: int = MAX_CONCURRENT_UPDATES,
) -> App:
    """The bot, wired to its database and Bot API server; it does not start anything.

    `rate_limited=False` is for benchmarks that measure the bot's own cost. Up to
    `concurrent_updates` updates are handled at once, one chat's one after another.
    """
    token = settings_.bot_token.get_secret_value() if settings_.bot_token else FAKE_TOKEN
    builder: Any = (  # the builder's generic type changes with each option
        ApplicationBuilder()
        .token(token)
        .base_url(f"{settings_.api_root}/bot")
        .base_file_url(f"{settings_.api_root}/file/bot")
        .context_types(CONTEXT_TYPES)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .application_class(MeteredApplication)
        .request(MeteredRequest(connection_pool_size=256))
        .get_updates_request(
            MeteredRequest(connection_pool_size=1, read_timeout=settings_.poll_timeout + 10)
        )
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    # How many updates run at once follows the Bot API's measured answer time.
    round_trips = RoundTrips()
    builder = builder.concurrent_updates(ChatOrderedProcessor(concurrent_updates, round_trips))
    if rate_limited:
        limiter = PriorityRateLimiter(per_second=settings_.send_rate, round_trips=round_trips)
        builder = builder.rate_limiter(limiter)
    else:
        builder = builder.rate_limiter(RoundTripMeter(round_trips))
    if not with_updater:
        builder = builder.updater(None)
    application: App = builder.build()
    engine = create_engine(settings_.database_url)
    application.bot_data.deps = Deps(create_sessionmaker(engine), settings_, clock)
    application.bot_data.database = DatabaseWatch(engine)
    for group, handler in handlers():
        application.add_handler(handler, group)
    application.add_error_handler(general.on_error)
    return application


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
