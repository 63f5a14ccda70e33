"""The typed context every handler and job receives: the application's dependencies, the
check-in sender, the clock and the runner the update comes from (python-telegram-bot's
`ContextTypes`, as in its `contexttypesbot.py` example)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.config import Settings
from bot.domain.model import Profile
from bot.pictures.painter import Painter
from bot.storage.faults import DatabaseWatch
from bot.storage.leader import Leadership

if TYPE_CHECKING:
    from aiohttp.web import AppRunner
    from tornado.httpserver import HTTPServer

    from bot.telegram.handlers.signup import Author
    from bot.telegram.sender import PromptSender

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Deps:
    """What handlers and jobs need from outside: the database, the settings and the clock."""

    sessionmaker: async_sessionmaker[AsyncSession]
    settings: Settings
    clock: Clock = utc_now


class NotWired(RuntimeError):
    """A dependency was asked for before the application set it up."""


class BotData:
    """What the application keeps between updates (python-telegram-bot's `bot_data`).

    python-telegram-bot makes it with no arguments; `build_application` sets `deps` and
    `post_init` starts the sender and takes part in the leadership.
    """

    def __init__(self) -> None:
        self._deps: Deps | None = None
        self.sender: PromptSender | None = None
        self.leadership: Leadership | None = None
        self.painter: Painter | None = None
        self.metrics_server: HTTPServer | None = None
        self.web_server: AppRunner | None = None  # the Mini App's, when WEBAPP_PORT is set
        self.last_error: tuple[datetime, str] | None = None
        # Whether the database answers and takes writes (`build_application` sets it).
        self.database: DatabaseWatch | None = None

    @property
    def deps(self) -> Deps:
        if self._deps is None:
            raise NotWired("the application was built without its dependencies")
        return self._deps

    @deps.setter
    def deps(self, value: Deps) -> None:
        self._deps = value


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """A `CallbackContext` with the bot's dependencies as typed properties."""

    def __init__(
        self,
        application: App,
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.author: Author | None = None  # who this update signs up, if anyone
        self._runner: Profile | None = None

    @property
    def deps(self) -> Deps:
        return self.bot_data.deps

    @property
    def settings(self) -> Settings:
        return self.bot_data.deps.settings

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        return self.bot_data.deps.sessionmaker

    def now(self) -> datetime:
        """The current instant (UTC) on the application's clock."""
        return self.bot_data.deps.clock()

    @property
    def sender(self) -> PromptSender:
        """The check-in sender; it starts with the application (`post_init`)."""
        if self.bot_data.sender is None:
            raise NotWired("the check-in sender starts with the application")
        return self.bot_data.sender

    @property
    def painter(self) -> Painter:
        """The application's picture worker (a process of its own, started on first use)."""
        if self.bot_data.painter is None:
            self.bot_data.painter = Painter()
        return self.bot_data.painter

    @property
    def runner(self) -> Profile:
        """The runner who sent the update, as signed up by the update's transaction (read
        it inside or after `reading` or `writing`)."""
        if self._runner is None:
            raise NotWired("no transaction signed the runner up yet (see handlers.signup)")
        return self._runner

    @runner.setter
    def runner(self, profile: Profile) -> None:
        self._runner = profile


App = Application[ExtBot[None], Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]]

CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)
