"""The sandbox as a newcomer starts it: fed lines on standard input, and on a terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_sandbox_answers_done_kettlebell_15(tmp_path: Path) -> None:
    operator_db = tmp_path / "production.db"
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox"],
        input="/done kettlebell 15\n1\n/history\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite+aiosqlite:///{operator_db}"},
        timeout=90,
        check=True,
    )
    out = result.stdout
    assert "sandbox" in out
    assert "✅ Logged kettlebell 15 min" in out
    assert "[1.1] ↩️ Undo" in out
    assert "Removed kettlebell 15 min" in out, "typing 1 pressed the Undo button"
    assert "No sessions yet" in out
    assert (tmp_path / "data" / "sandbox.db").exists()
    assert not operator_db.exists(), "the sandbox never opens DATABASE_URL's database"


def sandbox(tmp_path: Path, lines: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "sandbox"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=90,
        check=True,
    ).stdout


def test_piped_lines_are_echoed_names_keep_their_runner_and_a_number_can_be_an_answer(
    tmp_path: Path,
) -> None:
    first = sandbox(tmp_path, ":as Coach\n/done kb 30 - coach\n:as Ada\n/done kb 20 - ada\n")
    assert "Coach> /done kb 30 - coach" in first, "piped input is echoed"
    second = sandbox(tmp_path, ":as Ada\n/history\n/done kb 15\n/help\n1\n")
    history = second[second.index("Ada> /history") : second.index("Ada> /done kb 15")]
    assert "ada" in history and "coach" not in history, "Ada is Ada again after a restart"
    assert "Removed" not in second, "1 after a message without buttons is not a button press"
    assert "Ada> 1" in second


def test_a_bare_number_presses_the_question_a_hint_without_buttons_follows(
    tmp_path: Path,
) -> None:
    # The time zone question comes with buttons, then a hint to share a location without;
    # the check-in question then replaces the zone question in the same message.
    # Where the buttons are numbers themselves, a number is the answer it reads as.
    out = sandbox(tmp_path, "/start\n2\n8\n4\n")
    assert "Time zone: Europe/Berlin" in out, "2 pressed the second zone button (Berlin)"
    assert "don't know the time zone" not in out
    assert "Morning check-in: at 08:00" in out, "8 is 08:00, not the eighth button (19:00)"
    assert "Weekly target: 4 days a week" in out


class Pty:
    """A program on a pseudo-terminal: type into it and wait for what it shows."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            args, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave,
            start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.screen = ""

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def key(self, raw: bytes) -> None:
        os.write(self.master, raw)

    def expect(self, text: str, timeout: float = 30.0) -> None:
        """Wait until `text` appears after what earlier expects consumed."""
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the program exited and the terminal closed
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{text!r} never appeared before the end:\n{self.screen}")
                self.screen += ANSI.sub("", chunk.decode(errors="replace")).replace("\r", "")
        self.screen = self.screen[self.screen.index(text) + len(text) :]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")


def test_the_sandbox_on_a_terminal_behaves(tmp_path: Path) -> None:
    """Through a pseudo-terminal, as a newcomer types: `python -m bot` with no token."""
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    env.update(PYTHONPATH=str(ROOT), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
    sandbox = Pty([sys.executable, "-m", "bot"], tmp_path, env)
    try:
        sandbox.expect("You>")
        sandbox.type("/evening 19:10")  # recorded as handled under its update id
        sandbox.expect("Evening reminders come at 19:10")
        sandbox.type("/done kettlebell 15")
        sandbox.expect("bot [1]: ✅ Logged kettlebell 15 min")
        sandbox.expect("[1.1] ↩️ Undo")
        sandbox.type("/done barre 20")
        sandbox.expect("[2.1] ↩️ Undo")
        sandbox.type("1.1")  # the older message's button
        sandbox.expect("Removed kettlebell 15 min")
        sandbox.type("/stats")
        # The picture comes after the text, with nothing more typed: shown as it arrives.
        sandbox.expect("sent a file: sandbox-files/strongstreak.png")
        sandbox.type("/export")
        sandbox.expect("sent a file: sandbox-files/strongstreak-sessions.csv")
        sandbox.type(":as Anna")
        sandbox.expect("you are now Anna")
        sandbox.type(":file sandbox-files/strongstreak-sessions.csv /import")
        sandbox.expect("Imported 1 session")
        sandbox.type(":group Runners")
        sandbox.expect("Anna in Runners>")
        sandbox.type("/done yoga 30")
        sandbox.expect("✅ Logged yoga 30 min")
        sandbox.type(":group")
        sandbox.type(":as")
        sandbox.expect("you are now You")
        # At the prompt Ctrl-C is a key. Between two prompts, on this terminal that is no
        # process's controlling one, it would only be echoed (on a real one it is SIGINT).
        sandbox.expect("You>")
        sandbox.key(b"\x03")  # Ctrl-C
        sandbox.expect("bye!", timeout=30)  # the bot stops first: slow on a busy machine
        assert sandbox.process.wait(timeout=10) == 0
    finally:
        sandbox.close()

    # Started again over the same database, its commands are answered (ids do not repeat).
    again = Pty([sys.executable, "-m", "bot"], tmp_path, env)
    try:
        again.expect("You>")
        again.type("/evening 19:30")  # with ids counted from 1 again, this went unanswered
        again.expect("Evening reminders come at 19:30")
        again.type("/history")
        again.expect("barre 20 min")
        again.type("/quit")
        again.expect("bye!", timeout=30)
        assert again.process.wait(timeout=10) == 0
    finally:
        again.close()
