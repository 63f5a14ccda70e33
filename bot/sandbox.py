"""A terminal chat with the bot, against the built-in Bot API fake: no token, no internet.

You type as a runner and see the bot's messages the moment it sends them; every message with
buttons gets a number, and `2.1` presses its first button (a bare `1`, the newest question's).
`:file`, `:as` and `:group` send a file, switch runners and talk in a group.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import re
import shlex
import socket
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, urlencode

from bot.config import Settings
from bot.fake import Call, FakeTelegram
from bot.storage.migrate import upgrade_async
from bot.telegram.app import FAKE_TOKEN, build_application
from bot.telegram.polling import run
from bot.web.auth import signed_for

SANDBOX_DATABASE_URL = "sqlite+aiosqlite:///data/sandbox.db"
USER_ID = 1001
FILES_DIR = Path("sandbox-files")
INTRO = """\
strongstreak sandbox: you are chatting with the bot as a runner (no Telegram needed).
Type /start to begin, or /done kettlebell 15. Messages with buttons are numbered:
  2.1            press button 1 under message 2 (a bare 1: under the newest message)
  :file PATH [caption]   send a file (try /import with a CSV from /export)
  :location 52.52 13.40  share a location
  :as NAME       talk as another runner (:as alone: back to you)
  :link          a link that opens the Mini App in a browser as the runner typing now
  :group NAME    talk in a group with the bot (:group alone: back to private chat)
  /quit, Ctrl-C or Ctrl-D to leave.
A runner it meets for the first time hears your terminal's language where it speaks it
(LANG=de_DE.UTF-8 make run for German; es and ru too); after that, /language changes it.
"""


def plain(text: str) -> str:
    """Telegram HTML as terminal text."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def stable_id(name: str) -> int:
    """A runner's (or a group's) id from their name: the same in every run of the sandbox,
    and never yours."""
    return USER_ID + 1 + zlib.crc32(name.encode()) % 1_000_000_000


def first_id(now: float | None = None) -> int:
    """Update and message ids for this run: milliseconds, so a later run never reuses one the
    sandbox's database remembers as handled."""
    return int((time.time() if now is None else now) * 1000)


@dataclass
class Who:
    """The runner typing now, and where."""

    name: str = "You"
    user_id: int = USER_ID
    group: str | None = None
    group_id: int | None = None

    @property
    def chat_id(self) -> int:
        return self.group_id if self.group_id is not None else self.user_id

    def prompt(self) -> str:
        return f"{self.name} in {self.group}> " if self.group else f"{self.name}> "


@dataclass
class Shown:
    """A bot message the terminal numbered, with its buttons (label, callback data)."""

    chat_id: int
    message_id: int
    buttons: list[tuple[str, str]] = field(default_factory=list)
    touched: int = 0  # when the bot last sent or edited it (the terminal's own count)


class Terminal:
    """Prints what the bot sends and turns typed lines into updates."""

    def __init__(self, fake: FakeTelegram, out: TextIO, web_port: int | None = None) -> None:
        self.fake = fake
        self.out = out
        self.web_port = web_port  # where the Mini App is served, if it is
        self.who = Who()
        self.runners: dict[str, int] = {"you": USER_ID}
        self.groups: dict[str, int] = {}
        self.shown: list[Shown] = []  # message n is shown[n - 1]
        self.newest: dict[int, int] = {}  # each chat's newest bot message
        self.replied_after = 0  # how many calls the bot had made when the runner last typed
        self.seen = 0

    # -- what the bot sends ---------------------------------------------------------------

    def show_new_calls(self) -> None:
        """Print every finished call not shown yet, in order; stop at one still under way."""
        calls = self.fake.calls
        while self.seen < len(calls):
            call = calls[self.seen]
            if call.method != "getUpdates":
                if call.result is None and call.error is None:
                    return
                self._show(call)
            self.seen += 1

    def _show(self, call: Call) -> None:
        if not call.ok:
            return
        result: Any = call.result
        if call.method == "sendMessage":
            if isinstance(result, dict) and call.chat_id is not None:
                self.newest[call.chat_id] = result["message_id"]
            number = self._number(call, result)
            self._print(f"{self._speaker(call.chat_id)}{number}: {plain(call.text)}")
            self._print_buttons(call, result)
        elif call.method == "editMessageText":
            number = self._number(call, result)
            self._print(f"{self._speaker(call.chat_id)}{number} (edited): {plain(call.text)}")
            self._print_buttons(call, result)
        elif call.method == "editMessageReplyMarkup":
            self._number(call, result)
            self._print_buttons(call, result)
        elif call.method in ("sendPhoto", "sendDocument"):
            FILES_DIR.mkdir(exist_ok=True)
            content = next(iter(call.files.values()), b"")
            suffix = ".png" if call.method == "sendPhoto" else ""
            name = call.params.get("_file_name") or f"file{len(self.fake.calls)}{suffix}"
            path = FILES_DIR / Path(str(name)).name
            path.write_bytes(content)
            caption = f" — {plain(call.text)}" if call.text else ""
            self._print(f"{self._speaker(call.chat_id)} sent a file: {path}{caption}")
        elif call.method == "answerCallbackQuery" and call.params.get("text"):
            self._print(f"bot (notice): {call.params['text']}")

    def _speaker(self, chat_id: int | None) -> str:
        if chat_id == self.who.chat_id:
            return "bot"
        for name, group_id in self.groups.items():
            if group_id == chat_id:
                return f"bot (in {name})"
        for name, user_id in self.runners.items():
            if user_id == chat_id:
                return f"bot (to {name})"
        return f"bot (to chat {chat_id})"

    def _number(self, call: Call, result: Any) -> str:
        """' [n]' for a message with buttons (numbered once, edits keep the number)."""
        if not isinstance(result, dict) or call.chat_id is None:
            return ""
        message_id = result["message_id"]
        for n, shown in enumerate(self.shown, 1):
            if (shown.chat_id, shown.message_id) == (call.chat_id, message_id):
                shown.buttons = call.buttons
                shown.touched = self.seen
                return f" [{n}]"
        if not call.buttons:
            return ""
        self.shown.append(Shown(call.chat_id, message_id, call.buttons, self.seen))
        return f" [{len(self.shown)}]"

    def _print_buttons(self, call: Call, result: Any) -> None:
        if not call.buttons or not isinstance(result, dict):
            return
        n = next(
            i
            for i, s in enumerate(self.shown, 1)
            if (s.chat_id, s.message_id) == (call.chat_id, result["message_id"])
        )
        labels = "  ".join(f"[{n}.{i}] {label}" for i, (label, _) in enumerate(call.buttons, 1))
        self._print(f"     {labels}")

    def echo(self, line: str) -> None:
        self._print(f"{self.who.prompt()}{line.strip()}")

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    # -- what the runner types ------------------------------------------------------------

    def handle_line(self, line: str) -> bool:
        """Act on one typed line; False when the runner wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit", ":quit"):
            return False
        if match := re.fullmatch(r"(\d+)\.(\d+)", line):
            self._press(int(match[1]), int(match[2]))
        elif line.isdecimal() and (message := self._bare_target(int(line))):
            self._press(message, int(line))
        elif match := re.fullmatch(r":location\s+(-?[\d.]+)[ ,]+(-?[\d.]+)", line):
            self._send(location=(float(match[1]), float(match[2])))
        elif line.startswith(":file"):
            self._send_file(line[len(":file") :].strip())
        elif line.startswith(":as"):
            self._switch_runner(line[len(":as") :].strip())
        elif line.startswith(":group"):
            self._switch_group(line[len(":group") :].strip())
        elif line == ":link":
            self._print_link()
        elif line.startswith(":"):
            self._print("sandbox: unknown command; try :file, :as, :group, :location or :link")
        else:
            self._send(text=line)
        return True

    def _send(self, **options: Any) -> None:
        self._mark_reply()
        self.fake.send_message(
            self.who.user_id, chat_id=self.who.group_id, first_name=self.who.name, **options
        )

    def _mark_reply(self) -> None:
        """What the bot sends or edits from now on answers this line."""
        self.replied_after = len(self.fake.calls)

    def _bare_target(self, button: int) -> int | None:
        """The message a bare number presses a button of, if any: the newest message with that
        many buttons among those the bot sent or edited since the runner's last line (a question
        with buttons may be followed by a hint without), else the newest message if it has them.
        Where buttons are numbers themselves (`3`, `20 min`, `08:00`), or there is no such
        message, the number is an answer: `8` at the check-in time is 08:00, not button 8."""
        chat, newest = self.who.chat_id, self.newest.get(self.who.chat_id)
        candidates = [
            n
            for n, s in enumerate(self.shown, 1)
            if s.chat_id == chat
            and (s.touched >= self.replied_after or s.message_id == newest)
            and button <= len(s.buttons)
        ]
        if not candidates:
            return None
        message = max(candidates, key=lambda n: self.shown[n - 1].touched)
        numbers = any(label[:1].isdigit() for label, _ in self.shown[message - 1].buttons)
        return None if numbers else message

    def _press(self, message: int, button: int) -> None:
        if not 1 <= message <= len(self.shown):
            self._print(f"sandbox: there is no message {message} with buttons")
            return
        shown = self.shown[message - 1]
        if not 1 <= button <= len(shown.buttons):
            self._print(f"sandbox: message {message} has no button {button}")
            return
        _, data = shown.buttons[button - 1]
        if not data:  # a button that opens the Mini App: a browser opens it here
            self._print_link()
            return
        self._mark_reply()
        self.fake.press_button(self.who.user_id, shown.message_id, data, chat_id=shown.chat_id)

    def _send_file(self, rest: str) -> None:
        try:
            words = shlex.split(rest)
        except ValueError as error:
            self._print(f"sandbox: {error}")
            return
        if not words:
            self._print("sandbox: which file? e.g. :file export.csv /import")
            return
        path = Path(words[0]).expanduser()
        try:
            content = path.read_bytes()
        except OSError as error:
            self._print(f"sandbox: cannot read {path}: {error.strerror}")
            return
        self._send(text=" ".join(words[1:]), document=(path.name, content))

    def _switch_runner(self, name: str) -> None:
        name = name or "You"
        key = name.lower()
        # From the name alone, so a runner is the same user after a restart.
        user_id = self.runners.setdefault(key, stable_id(key))
        self.who.name, self.who.user_id = name, user_id
        self._print(f"sandbox: you are now {name} (user {user_id})")
        self._print_link()

    def _print_link(self) -> None:
        """The Mini App's link signed for the runner typing now, when it is served."""
        if self.web_port is None:
            return
        language = self.fake.user_languages.get(self.who.user_id, self.fake.default_language)
        self._print(mini_app_link(self.web_port, language, self.who.user_id, self.who.name))

    def _switch_group(self, name: str) -> None:
        if not name:
            self.who.group, self.who.group_id = None, None
            self._print(f"sandbox: back in {self.who.name}'s private chat with the bot")
            return
        key = name.lower()
        self.who.group_id = self.groups.setdefault(key, -stable_id(key))
        self.who.group = name
        self._print(f"sandbox: talking in the group {name}; the bot sees it as a group chat")


def _line_reader(stream: TextIO, loop: asyncio.AbstractEventLoop) -> asyncio.Queue[str | None]:
    """Lines from a pipe, read by a daemon thread, so leaving never waits for the next line."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in stream:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=read, name="sandbox-stdin", daemon=True).start()
    return queue


async def _watch(terminal: Terminal) -> None:
    """Show the bot's messages as they come, whatever the runner is doing."""
    while True:
        terminal.show_new_calls()
        await asyncio.sleep(0.05)


async def _piped(
    terminal: Terminal, fake: FakeTelegram, stdin: TextIO, bot: asyncio.Task[None]
) -> None:
    """Scripted input: each line waits until the bot has answered the one before."""
    lines = _line_reader(stdin, asyncio.get_running_loop())
    while True:
        getting = asyncio.ensure_future(lines.get())
        await asyncio.wait({getting, bot}, return_when=asyncio.FIRST_COMPLETED)
        if not getting.done():
            getting.cancel()
            return
        line = getting.result()
        if line is not None and line.strip():
            terminal.echo(line)  # piped input never reaches the screen by itself
        if line is None or not terminal.handle_line(line):
            return
        with contextlib.suppress(TimeoutError):
            await fake.wait_idle(quiet=0.25, timeout=20)
        terminal.show_new_calls()


async def _interactive(terminal: Terminal, bot: asyncio.Task[None]) -> None:
    """A terminal: a prompt that stays below the messages as they arrive."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.patch_stdout import patch_stdout

    session: PromptSession[str] = PromptSession()

    async def ask() -> str | None:
        # Caught here: a KeyboardInterrupt escaping a task would stop the whole event loop.
        try:
            # At the prompt Ctrl-C is a key. The prompt leaves SIGINT to the bot's own handler
            # (it stops the bot, and so the sandbox): prompt_toolkit's would remove that handler
            # after the first prompt, and a Ctrl-C between two prompts would go unheard.
            return await session.prompt_async(terminal.who.prompt, handle_sigint=False)
        except (EOFError, KeyboardInterrupt):  # Ctrl-D, Ctrl-C
            return None

    with patch_stdout(raw=True):
        terminal.out = sys.stdout
        while True:
            asking = asyncio.ensure_future(ask())
            await asyncio.wait({asking, bot}, return_when=asyncio.FIRST_COMPLETED)
            if not asking.done():  # the bot stopped (SIGTERM, or Ctrl-C between two prompts)
                asking.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await asking
                return
            line = asking.result()
            if line is None or not terminal.handle_line(line):
                return


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def mini_app_link(port: int, language: str, user_id: int = USER_ID, name: str = "You") -> str:
    """A link that opens the Mini App in any browser as a sandbox runner (you, by default;
    signed for a day, as Telegram would sign it)."""
    init_data = signed_for(user_id, name, FAKE_TOKEN, datetime.now(UTC), language)
    hash_ = urlencode({"tgWebAppData": init_data, "tgWebAppVersion": "8.0"}, quote_via=quote)
    who = "you" if user_id == USER_ID else name
    return f"The Mini App, as {who} (after /start): {local_url(port)}#{hash_}\n"


def local_url(port: int) -> str:
    """The sandbox's Mini App on this machine: its WEBAPP_URL, which needs no https here."""
    return f"http://127.0.0.1:{port}/"


def terminal_language() -> str:
    """The language of the terminal's locale (`de_DE.UTF-8` -> `de`), as Telegram would send
    it; English when none is set."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        code = value.split(".")[0].split("_")[0].lower()
        if code and code not in ("c", "posix"):
            return code
    return "en"


async def chat(
    settings: Settings,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    *,
    interactive: bool | None = None,
) -> None:
    fake = FakeTelegram(first_id=first_id(), local_web_apps=True)
    # You write from a Telegram in your terminal's language: the bot answers in it if it can.
    fake.default_language = terminal_language()
    api = await fake.start()
    # The Mini App on this machine, signed with the sandbox's made-up token (never BOT_TOKEN:
    # a link signed with the real one would open the real bot's Mini App as the sandbox user).
    web_port = settings.webapp_port or _free_port()
    settings = settings.model_copy(
        update={"telegram_api_url": api, "poll_timeout": 10, "bot_token": None,
                "webapp_port": web_port, "webapp_host": "127.0.0.1",
                "webapp_url": local_url(web_port)}
    )  # fmt: skip
    await upgrade_async(settings.database_url)
    application = build_application(settings)
    stop = asyncio.Event()
    terminal = Terminal(fake, out, web_port)
    print(INTRO, file=out, flush=True)
    print(mini_app_link(web_port, fake.default_language), file=out, flush=True)
    bot = asyncio.create_task(run(application, settings, stop))
    watcher = asyncio.create_task(_watch(terminal))
    if interactive is None:
        interactive = stdin.isatty() and out.isatty()
    try:
        if interactive:
            await _interactive(terminal, bot)
        else:
            await _piped(terminal, fake, stdin, bot)
    finally:
        stop.set()
        await bot
        terminal.show_new_calls()
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
        await fake.stop()
        print("bye! 👋", file=out, flush=True)
