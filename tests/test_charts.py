"""The /stats picture, checked by its pixels."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
from matplotlib.image import imread

from bot.domain.model import ChartData
from bot.pictures import charts
from bot.pictures.charts import EMPTY, PAUSED, SIZE_PX, day_colour
from bot.texts.i18n import speaking
from bot.texts.stats import chart_labels, fit_label

TODAY = date(2026, 11, 25)
FIRST = date(2026, 8, 10)  # the Monday 15 weeks before this one


def chart(minutes: dict[date, int], paused: frozenset[date] = frozenset()) -> ChartData:
    return ChartData(
        today=TODAY,
        first_day=FIRST,
        minutes=minutes,
        paused=paused,
        weeks=[(FIRST + timedelta(weeks=w), 60, 3, 3, w % 2 == 0) for w in range(16)],
        activities=[("kettlebell", 12, 240), ("barre", 3, 60)],
        streak=2,
        streak_unit="week",
        strength=0.4,
    )


def render(data: ChartData) -> tuple[bytes, dict[date, tuple[int, int]]]:
    return charts.render(data, chart_labels(data))


def pixel(png: bytes, at: tuple[int, int]) -> np.ndarray:
    image = imread(io.BytesIO(png), format="png")
    x, y = at
    return np.asarray(image[y, x, :3])


def hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])


def test_the_picture_is_a_phone_sized_png_under_200_kb() -> None:
    png, _ = render(chart({TODAY: 20}))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = imread(io.BytesIO(png), format="png")
    assert image.shape[:2] == (SIZE_PX, SIZE_PX)
    assert len(png) < 200_000


def test_trained_empty_and_paused_days_are_shaded_differently() -> None:
    trained, empty, paused = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)
    png, cells = render(chart({trained: 30}, frozenset({paused})))
    colour_trained = pixel(png, cells[trained])
    colour_empty = pixel(png, cells[empty])
    colour_paused = pixel(png, cells[paused])
    assert np.allclose(colour_trained, day_colour(30)[:3], atol=0.02)
    assert np.allclose(colour_empty, hex_rgb(EMPTY), atol=0.02)
    assert np.abs(colour_trained - colour_empty).sum() > 0.3
    # A paused cell is grey with hatching: its area holds the paused grey, never the empty one.
    x, y = cells[paused]
    area = imread(io.BytesIO(png), format="png")[y - 12 : y + 12, x - 12 : x + 12, :3]
    near = lambda colour: np.abs(area - hex_rgb(colour)).sum(axis=2) < 0.06  # noqa: E731
    assert near(PAUSED).mean() > 0.4
    assert near(EMPTY).mean() < 0.05
    assert np.abs(colour_trained - colour_paused).sum() > 0.3


def test_more_minutes_make_a_darker_day() -> None:
    short, long = date(2026, 11, 9), date(2026, 11, 10)
    png, cells = render(chart({short: 10, long: 60}))
    assert pixel(png, cells[long]).sum() < pixel(png, cells[short]).sum()


def test_days_after_today_are_not_drawn() -> None:
    _, cells = render(chart({}))
    assert max(cells) == TODAY and min(cells) == FIRST


def test_what_works_is_drawn_when_known_and_labelled_with_plans_kept() -> None:
    base = chart({TODAY: 20})
    with_fits = replace(
        base, fits=(("kettlebell", 9, 9, 1, 20), ("barre", 2, 2, 3, 30), ("yoga", 2, 0, 0, 40))
    )
    assert render(with_fits)[0] != render(base)[0]  # the panel shows the 12 weeks instead
    assert fit_label(("kettlebell", 9, 9, 1, 20)) == "9× · plans 9 of 10 · usually 20 min"
    assert fit_label(("yoga", 2, 0, 0, 40)) == "2× · usually 40 min"


def test_the_picture_speaks_the_language_it_is_drawn_in() -> None:
    data = chart({TODAY: 20})
    english = chart_labels(data)
    with speaking("de"):
        german = chart_labels(data)
    assert english.title == "Streak 2 weeks · habit strength 40%"
    assert english.day_letters[:3] == ("Mo", "Tu", "We")
    assert english.heatmap_ticks[0] == "10 Aug"
    assert german.day_letters[:3] == ("Mo.", "Di.", "Mi.")
    assert german.heatmap_ticks[0] == "10. Aug."
    assert render(data)[0] != charts.render(data, german)[0]


def test_the_heatmap_has_a_key_and_the_current_week_bar_sits_under_its_column() -> None:
    data = chart({TODAY: 60, TODAY - timedelta(days=8): 15})
    png, cells = render(data)
    image = imread(io.BytesIO(png), format="png")[..., :3]
    bottom = max(y for _, y in cells.values())
    band = image[bottom + 40 : bottom + 110]  # under the day letters' week ticks
    for colour in (day_colour(15)[:3], day_colour(60)[:3], hex_rgb(PAUSED)):
        near = np.abs(band - np.asarray(colour)).sum(axis=2) < 0.06
        assert near.sum() > 50, ("the key lacks a colour", colour)
    x_today, _ = cells[TODAY]
    weekly = image[bottom + 150 : bottom + 420, x_today - 5 : x_today + 5]
    bar = np.abs(weekly - np.asarray(charts.CMAP(0.15)[:3])).sum(axis=2) < 0.06
    grey = np.abs(weekly - hex_rgb(charts.MISSED_BAR)).sum(axis=2) < 0.06
    assert bar.any() or grey.any(), "no bar under the current week's column"
