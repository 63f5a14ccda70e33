"""The fake Bot API assembled: `FakeTelegram`, its settings, and the names callers import."""

from __future__ import annotations

from bot.fake.api import BOT_ID, SEND_METHODS, ApiError, Call
from bot.fake.html import ALLOWED_TAGS, html_problem
from bot.fake.http import Http
from bot.fake.limits import Fault, Limits
from bot.fake.state import State
from bot.fake.watch import Watch

# Everything `bot.fake.server` offered when it held the whole fake, so imports keep working.
__all__ = [
    "ALLOWED_TAGS",
    "BOT_ID",
    "SEND_METHODS",
    "ApiError",
    "Call",
    "FakeTelegram",
    "Fault",
    "html_problem",
]


class FakeTelegram(Http, Watch):
    """A Bot API server on 127.0.0.1 that a real python-telegram-bot Application can talk to.

    It speaks the subset of the Bot API the bot uses (`methods`), records every call, lets a
    driver (a test, the sandbox, a benchmark) play users who type and press buttons (`state`)
    and wait for the bot's answers (`watch`), injects faults such as 429 with `retry_after`,
    403 for a blocked bot, 500 and slow answers, takes as long as a real network per method if
    asked (`latency`), and can enforce Telegram's rate limits (about 30 messages a second
    overall, about 1 a second per chat, 20 a minute per group) by answering 429 like the real
    server does (`limits`).
    """

    def __init__(
        self,
        *,
        username: str = "strongstreak_bot",
        enforce_limits: bool = False,
        global_per_second: int = 30,
        chat_burst: int = 3,
        group_per_minute: int = 20,
        check_html: bool = True,
        local_web_apps: bool = False,
        first_id: int = 1,
        latency: float = 0.0,
        jitter: float = 0.0,
        seed: int = 0,
    ) -> None:
        """`first_id` starts the update and message numbering, so that a fake started again
        over the same database (the sandbox) does not reuse ids the bot already saw.
        `local_web_apps` lets Mini App buttons open an http address on this machine (the
        sandbox's own Mini App); Telegram, and the fake otherwise, want https."""
        State.__init__(self, username=username, first_id=first_id)
        Limits.__init__(
            self,
            enforce_limits=enforce_limits,
            global_per_second=global_per_second,
            chat_burst=chat_burst,
            group_per_minute=group_per_minute,
            latency=latency,
            jitter=jitter,
            seed=seed,
        )
        self.check_html = check_html
        self.local_web_apps = local_web_apps
        self._server = None
        self.port = 0
