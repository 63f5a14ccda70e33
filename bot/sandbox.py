"""A terminal chat with the bot, against the built-in Bot API fake: no token, no internet.

You type as a runner and see the bot's replies; buttons are numbered and pressed by typing the
number; pictures and files are saved and their path printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.app import build_application
from bot.config import Settings
from bot.fake import Call, FakeTelegram
from bot.runner import run
from bot.storage.migrate import upgrade_async

SANDBOX_DATABASE_URL = "sqlite+aiosqlite:///data/sandbox.db"
USER_ID = 1001
FILES_DIR = Path("sandbox-files")
INTRO = """\
strongstreak sandbox: you are chatting with the bot as a runner (no Telegram needed).
Type /start to begin, or /done kettlebell 15. Buttons are numbered: type the number to press one.
Share a location with ':location 52.52 13.40'. Type /quit or press Ctrl-D to leave.
"""


def plain(text: str) -> str:
    """Telegram HTML as terminal text."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class Terminal:
    """Prints what the bot sends and turns typed lines into updates."""

    def __init__(self, fake: FakeTelegram, out: TextIO) -> None:
        self.fake = fake
        self.out = out
        self.buttons: list[tuple[int, str]] = []  # (message_id, callback_data)
        self.seen = 0

    def show_new_calls(self) -> None:
        for call in self.fake.calls[self.seen :]:
            self._show(call)
        self.seen = len(self.fake.calls)

    def _show(self, call: Call) -> None:
        if not call.ok:
            return
        result: Any = call.result
        if call.method in ("sendMessage", "editMessageText"):
            prefix = "(edited) " if call.method == "editMessageText" else ""
            self._print(f"bot: {prefix}{plain(call.text)}")
            self._remember_buttons(call, result)
        elif call.method == "editMessageReplyMarkup":
            self._remember_buttons(call, result)
        elif call.method in ("sendPhoto", "sendDocument"):
            FILES_DIR.mkdir(exist_ok=True)
            content = next(iter(call.files.values()), b"")
            suffix = ".png" if call.method == "sendPhoto" else ""
            name = call.params.get("_file_name") or f"file{len(self.fake.calls)}{suffix}"
            path = FILES_DIR / Path(str(name)).name
            path.write_bytes(content)
            caption = f" — {plain(call.text)}" if call.text else ""
            self._print(f"bot sent a file: {path}{caption}")
        elif call.method == "answerCallbackQuery" and call.params.get("text"):
            self._print(f"bot (notice): {call.params['text']}")

    def _remember_buttons(self, call: Call, result: Any) -> None:
        buttons = call.buttons
        if not buttons or not isinstance(result, dict):
            return
        self.buttons = [(result["message_id"], data) for _, data in buttons]
        labels = "  ".join(f"[{i}] {label}" for i, (label, _) in enumerate(buttons, 1))
        self._print(f"     {labels}")

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def handle_line(self, line: str) -> bool:
        """Send one typed line; False when the runner wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit"):
            return False
        if line.isdecimal() and 1 <= int(line) <= len(self.buttons):
            message_id, data = self.buttons[int(line) - 1]
            self.fake.press_button(USER_ID, message_id, data)
        elif match := re.fullmatch(r":location\s+(-?[\d.]+)[ ,]+(-?[\d.]+)", line):
            self.fake.send_message(
                USER_ID, location=(float(match[1]), float(match[2])), first_name="You"
            )
        else:
            self.fake.send_message(USER_ID, line, first_name="You")
        return True


async def _lines(stream: TextIO) -> asyncio.Queue[str | None]:
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def reader() -> None:
        for line in stream:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    loop.run_in_executor(None, reader)
    return queue


async def chat(settings: Settings, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    fake = FakeTelegram()
    api = await fake.start()
    settings = settings.model_copy(update={"telegram_api_url": api, "poll_timeout": 10})
    await upgrade_async(settings.database_url)
    application = build_application(settings)
    stop = asyncio.Event()
    terminal = Terminal(fake, out)
    print(INTRO, file=out, flush=True)
    bot_task = asyncio.create_task(run(application, settings, stop))
    lines = await _lines(stdin)
    try:
        while True:
            line = await lines.get()
            if line is None or not terminal.handle_line(line):
                break
            with contextlib.suppress(TimeoutError):
                await fake.wait_idle(quiet=0.25, timeout=20)
            terminal.show_new_calls()
            if bot_task.done():
                break
    finally:
        stop.set()
        await bot_task
        await fake.stop()
        print("bye! 👋", file=out, flush=True)
