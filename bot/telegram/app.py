"""Building the python-telegram-bot Application: settings, handlers in order, start-up hooks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot import texts
from bot.config import Settings
from bot.pictures.painter import Painter
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.leader import Leadership
from bot.storage.store import Store
from bot.telegram.handlers import (
    checkins,
    coaching,
    data,
    general,
    rewards,
    sessions,
    settings,
    together,
)
from bot.telegram.handlers.common import Clock, Context, Deps, deps, deps_in, utc_now
from bot.telegram.health import Health, MeteredApplication, MeteredRequest, serve
from bot.telegram.limiter import PriorityRateLimiter, RoundTripMeter
from bot.telegram.ordering import MAX_CONCURRENT_UPDATES, ChatOrderedProcessor, RoundTrips

FAKE_TOKEN = "123456:local-sandbox-token-not-a-secret"
PRUNE_EVERY = timedelta(hours=6)
UPDATE_MEMORY = timedelta(days=7)


def handlers() -> list[tuple[int, BaseHandler[Any, Any, Any]]]:
    """Every handler in the order it is tried: (group, handler)."""
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    import_caption = filters.Document.ALL & filters.CaptionRegex(r"^/import")
    return [
        # Commands a runner types.
        (0, CommandHandler("start", settings.start)),
        (0, CommandHandler("done", sessions.done)),
        (0, CommandHandler("undo", sessions.undo)),
        (0, CommandHandler("history", sessions.history)),
        (0, CommandHandler("edit", sessions.edit)),
        (0, CommandHandler("stats", data.stats)),
        (0, CommandHandler("week", data.week)),
        (0, CommandHandler("export", data.export)),
        (0, CommandHandler("import", data.import_file)),
        (0, MessageHandler(import_caption, data.import_file)),
        (0, CommandHandler("deleteme", data.deleteme)),
        (0, CommandHandler("plan", together.plan)),
        (0, CommandHandler("plans", together.plans)),
        (0, CommandHandler("buddy", together.buddy)),
        (0, CommandHandler("coach", coaching.coach)),
        (0, CommandHandler("athletes", coaching.athletes)),
        (0, CommandHandler("pause", sessions.pause)),
        (0, CommandHandler("resume", sessions.resume)),
        (0, CommandHandler("weekstart", settings.weekstart)),
        (0, CommandHandler("reward", rewards.reward)),
        (0, CommandHandler("rewards", rewards.reward_list)),
        (0, CommandHandler("claim", rewards.claim)),
        (0, CommandHandler(["timezone", "tz"], settings.timezone)),
        (0, CommandHandler("prompt", settings.prompt)),
        (0, CommandHandler("evening", checkins.evening)),
        (0, CommandHandler("target", settings.target)),
        (0, CommandHandler("help", general.help_command)),
        (0, CommandHandler("admin", general.admin)),
        # Buttons: onboarding first, then everything under logged sessions.
        (0, CallbackQueryHandler(settings.onboarding_button, pattern=r"^ob:")),
        (0, CallbackQueryHandler(rewards.delete_button, pattern=r"^rd:")),
        (0, CallbackQueryHandler(checkins.button, pattern=r"^ci:")),
        (0, CallbackQueryHandler(data.deleteme_button, pattern=r"^dx:")),
        (0, CallbackQueryHandler(together.answer, pattern=r"^bd:")),
        (0, CallbackQueryHandler(together.hears, pattern=r"^bh:")),
        (0, CallbackQueryHandler(coaching.answer, pattern=r"^co:")),
        (0, CallbackQueryHandler(coaching.sees, pattern=r"^cv:")),
        (0, CallbackQueryHandler(coaching.pick, pattern=r"^ca:")),
        (0, CallbackQueryHandler(sessions.button)),
        # Things that are not commands.
        (0, MessageHandler(filters.LOCATION & filters.ChatType.PRIVATE, settings.location)),
        (0, MessageHandler(private_text, settings.onboarding_text)),
        (0, MessageHandler(filters.COMMAND, general.unknown)),
        (0, ChatMemberHandler(general.membership, ChatMemberHandler.MY_CHAT_MEMBER)),
    ]


async def post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Publish the command menu and schedule housekeeping."""
    await application.bot.set_my_commands(
        [BotCommand(name, what[:256]) for name, _, what in texts.general.commands()]
    )
    deps_ = deps_in(application.bot_data)
    application.bot_data["sender"] = checkins.PromptSender(application, deps_)
    application.bot_data["leadership"] = Leadership(deps_.sessionmaker.kw["bind"])
    job_queue = application.job_queue
    assert job_queue is not None
    # A blocked loop must delay a tick, not silently skip it (APScheduler's default grace is 1 s).
    job_queue.run_repeating(
        checkins.dispatch,
        interval=deps_.settings.dispatch_seconds,
        first=0.5,
        name="check-in dispatcher",
        job_kwargs={"misfire_grace_time": 60, "coalesce": True, "max_instances": 1},
    )
    job_queue.run_repeating(
        forget_old_updates, interval=PRUNE_EVERY, first=60, job_kwargs={"misfire_grace_time": 600}
    )
    if deps_.settings.metrics_port is not None:
        health = Health(deps_.settings, deps_.sessionmaker, application.bot_data["sender"])
        application.bot_data["metrics_server"] = await serve(
            health, deps_.settings.metrics_host, deps_.settings.metrics_port
        )


async def forget_old_updates(context: Context) -> None:
    """Telegram redelivers an update for at most a day; a week of update ids is plenty."""
    moment = deps(context).clock()
    async with deps(context).sessionmaker.begin() as session:
        await Store(session).updates.forget_before(moment - UPDATE_MEMORY)


async def post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    server = application.bot_data.pop("metrics_server", None)
    if server is not None:
        server.stop()
        await server.close_all_connections()
    leadership = application.bot_data.get("leadership")
    if isinstance(leadership, Leadership):
        await leadership.release()
    sender = application.bot_data.get("sender")
    if isinstance(sender, checkins.PromptSender):
        await sender.stop()
    painter = application.bot_data.get("painter")
    if isinstance(painter, Painter):
        painter.stop()
    await deps_in(application.bot_data).sessionmaker.kw["bind"].dispose()


def build_application(
    settings_: Settings,
    *,
    clock: Clock = utc_now,
    with_updater: bool = False,
    rate_limited: bool = True,
    concurrent_updates: int = MAX_CONCURRENT_UPDATES,
) -> Application:  # type: ignore[type-arg]
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
    application: Application = builder.build()  # type: ignore[type-arg]
    engine = create_engine(settings_.database_url)
    application.bot_data["deps"] = Deps(create_sessionmaker(engine), settings_, clock)
    for group, handler in handlers():
        application.add_handler(handler, group)
    application.add_error_handler(general.on_error)
    return application


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
