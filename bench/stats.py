"""Streaks and /stats for a runner with three years of history (about 500 sessions)."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.seed import history
from bot import services, texts
from bot.domain.model import NewSession
from bot.pictures.charts import render
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.migrate import upgrade_async
from bot.storage.store import Store

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
USER = 42


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


async def run_bench(*, quick: bool = False) -> list[tuple[str, float, str]]:
    years, rounds, charts_drawn = (1, 5, 1) if quick else (3, 200, 10)
    days = history(years, NOW.date())
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade_async(url)
        engine = create_engine(url)
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker.begin() as session:
            store = Store(session)
            profile, _ = await services.runners.ensure_user(store, USER, USER, "Bench", NOW)
            for day in days:
                await store.sessions.add(
                    NewSession(
                        user_id=USER,
                        habit_id=profile.habit_id,
                        activity="kettlebell",
                        minutes=20,
                        day=day,
                        note=None,
                        logged_at=NOW,
                    )
                )
        compute: list[float] = []
        full: list[float] = []
        charts: list[float] = []
        for _ in range(rounds):
            async with sessionmaker.begin() as session:
                store = Store(session)
                cal = await services.base.calendar(store, profile)
                started = time.perf_counter()
                cal.summary(NOW.date())
                cal.strength(NOW.date())
                compute.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            async with sessionmaker.begin() as session:
                texts.stats.stats(await services.stats.stats(Store(session), profile, NOW))
            full.append((time.perf_counter() - started) * 1000)
        await _draw(sessionmaker, profile)  # fonts and caches warm up once
        for _ in range(charts_drawn):
            started = time.perf_counter()
            png = await _draw(sessionmaker, profile)
            charts.append((time.perf_counter() - started) * 1000)
        await engine.dispose()
    return [
        ("history_sessions", float(len(days)), "about 500 for three years"),
        ("streaks_compute_p95_ms", p95(compute), "< 20 (streak rules and habit strength)"),
        ("stats_p95_ms", p95(full), "< 50 (query, rules and text)"),
        ("chart_ms", statistics.median(charts), "< 500 (the /stats picture, data and drawing)"),
        ("chart_kb", len(png) / 1024, "< 200"),
    ]


async def _draw(sessionmaker: Any, profile: Any) -> bytes:
    """The picture as /stats makes it: the data, its words, the drawing."""
    async with sessionmaker.begin() as session:
        data = await services.stats.chart_data(Store(session), profile, NOW)
    assert data is not None, "the seeded runner has sessions to draw"
    png, _ = render(data, texts.stats.chart_labels(data))
    return png
