"""The reader of what runners type, line by line over the phrasing corpus (tests/corpus):
how long one line takes (p99 over every line, and the worst line's own p99), and how many
lines of each language it reads as the corpus means (the domain reading, no Telegram).

Times are the thread's CPU time per line: on a shared machine the wall clock also counts the
time the process waits for a core, which says nothing about the reader. The wall-clock p50
is printed beside it."""

from __future__ import annotations

import gc
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from bot.domain import reader
from bot.domain.errors import ErrorCode, ParseError
from bot.domain.language import Kind

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
TODAY = date(2026, 12, 9)
LANGUAGES = ("en", "de", "es", "ru", "plain")


def lines() -> list[tuple[str, list[str]]]:
    """(language, columns) for every line of the corpus."""
    out = []
    for name in LANGUAGES:
        for raw in (CORPUS / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
            if raw.strip() and not raw.startswith("#"):
                cols = [*raw.split("\t"), "", "", "", "", ""]
                out.append((cols[5] or name, cols))
    return out


def as_meant(language: str, cols: list[str]) -> bool:
    """The corpus's expectation, as the reader alone can meet it (the refusals' wording and
    the buttons are the end-to-end test's part)."""
    text, expected = cols[0], cols[1]
    try:
        r = reader.read(text, TODAY, language)
    except ParseError as error:
        if expected == "!vague":
            return error.code is ErrorCode.DAY_VAGUE
        return expected in ("!minutes", "!nonsense") and "minutes" in error.code.value
    day = r.day or TODAY
    if expected == "!run":
        return r.kind is Kind.RUN
    if expected == "!cardio":
        return r.kind is Kind.CARDIO
    if expected == "!future":
        return day > TODAY
    if expected == "!minutes":
        return r.activity is not None and (r.minutes is None or not 1 <= r.minutes <= 600)
    if expected == "!nonsense":
        return r.activity is None or r.unknown
    return (
        (r.suggestion or r.activity, r.minutes, day, r.note or "")
        == (expected, int(cols[2]), TODAY + timedelta(days=int(cols[3])), cols[4])
    )  # fmt: skip


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[-1] if len(samples) > 1 else samples[0]


async def run_bench(*, quick: bool = False) -> list[tuple[str, float, str]]:
    rounds = 5 if quick else 100
    corpus = lines()
    began = time.perf_counter()
    reader.warm()  # the tables, built once per process, at start-up as the bot does
    cold = (time.perf_counter() - began) * 1000
    gc.collect()
    gc.freeze()  # as the bot does after start-up (bot.telegram.polling.run)
    samples: list[float] = []
    worst = 0.0
    walls: list[float] = []
    for language, cols in corpus:
        own = []
        for _ in range(rounds):
            began, wall = time.thread_time_ns(), time.perf_counter()
            try:
                reader.read(cols[0], TODAY, language)
            except ParseError:
                pass
            own.append((time.thread_time_ns() - began) / 1e6)
            walls.append((time.perf_counter() - wall) * 1000)
        samples += own
        worst = max(worst, p99(own))
    rows = [
        ("parse_p99_ms", p99(samples), "< 1 per line (CPU time)"),
        ("parse_worst_line_p99_ms", worst, "< 1 (the slowest line's own p99)"),
        ("parse_wall_p50_ms", statistics.median(walls), "wall clock, for scale"),
        ("parse_first_line_ms", cold, "tables built once per process, at start-up"),
    ]
    for name in LANGUAGES:
        mine = [(lang, cols) for lang, cols in corpus if (cols[5] or lang) == lang and (
            lang == name if name != "plain" else cols[5]
        )]  # fmt: skip
        read = sum(as_meant(lang, cols) for lang, cols in mine)
        rows.append((f"parse_{name}_read_as_meant", read / max(len(mine), 1), "1.0"))
    return rows
