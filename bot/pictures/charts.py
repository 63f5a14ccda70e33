"""The /stats picture: 16 weeks as a calendar heatmap, minutes per week, sessions by activity.

Rendered with matplotlib's Agg backend on a Figure of its own (no pyplot state), so it can run
in a worker thread while the event loop keeps answering. Colours come from `cividis`, which
reads the same for colour-blind eyes; paused days are hatched grey, empty days light grey.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import matplotlib
import matplotlib.axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from bot.domain.model import ChartData

WEEKS = 16
SIZE_PX = 1080
DPI = 120
EMPTY = "#e9e9e9"
PAUSED = "#b8b8b8"
MISSED_BAR = "#c9c9c9"
CMAP = matplotlib.colormaps["cividis"]
MAX_SHADE_MINUTES = 60
DAY_LETTERS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def day_colour(minutes: int) -> tuple[float, float, float, float]:
    """A trained day's shade: more minutes, darker... on cividis, from yellow to blue."""
    value = min(minutes, MAX_SHADE_MINUTES) / MAX_SHADE_MINUTES
    return CMAP(1.0 - 0.8 * value)


def render(data: ChartData) -> tuple[bytes, dict[date, tuple[int, int]]]:
    """The PNG, and the pixel centre of each heatmap day (for tests and accessibility text)."""
    figure = Figure(figsize=(SIZE_PX / DPI, SIZE_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(3, 1, height_ratios=[1.15, 1.0, 0.85], hspace=0.45,
                               left=0.16, right=0.96, top=0.9, bottom=0.06)  # fmt: skip
    figure.suptitle(data.title, fontsize=15, fontweight="bold")
    heat = figure.add_subplot(grid[0])
    centres = _heatmap(heat, data)
    _weekly(figure.add_subplot(grid[1]), data)
    _activities(figure.add_subplot(grid[2]), data)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    height = figure.bbox.height
    pixels = {
        day: (round(x), round(height - y))
        for day, (x, y) in ((d, heat.transData.transform(c)) for d, c in centres.items())
    }
    return buffer.getvalue(), pixels


def _heatmap(axes: matplotlib.axes.Axes, data: ChartData) -> dict[date, tuple[float, float]]:
    centres: dict[date, tuple[float, float]] = {}
    met = {start for start, *_, was_met in data.weeks if was_met}
    for week in range(WEEKS):
        start = data.first_day + timedelta(weeks=week)
        for row in range(7):
            day = start + timedelta(days=row)
            if day > data.today:
                continue
            y = 6 - row
            face: str | tuple[float, float, float, float]
            if day in data.paused and day not in data.minutes:
                face, hatch = PAUSED, "///"
            elif day in data.minutes:
                face, hatch = day_colour(data.minutes[day]), None
            else:
                face, hatch = EMPTY, None
            axes.add_patch(Rectangle((week + 0.05, y + 0.05), 0.9, 0.9, facecolor=face,
                                     hatch=hatch, edgecolor="white", linewidth=0))  # fmt: skip
            centres[day] = (week + 0.5, y + 0.5)
        if start in met:
            axes.text(week + 0.5, 7.35, "✓", ha="center", va="center", fontsize=12,
                      color="#00204d", fontweight="bold")  # fmt: skip
    axes.set_xlim(0, WEEKS)
    axes.set_ylim(0, 7.8)
    letters = [DAY_LETTERS[(data.first_day.weekday() + r) % 7] for r in range(7)]
    axes.set_yticks([6 - r + 0.5 for r in range(7)], letters)
    axes.set_xticks(
        [w + 0.5 for w in range(0, WEEKS, 4)],
        [f"{data.first_day + timedelta(weeks=w):%d %b}" for w in range(0, WEEKS, 4)],
    )
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_title("Last 16 weeks (✓ = week on target, grey hatched = paused)", fontsize=11,
                   loc="left")  # fmt: skip
    return centres


def _weekly(axes: matplotlib.axes.Axes, data: ChartData) -> None:
    labels = [f"{start:%d %b}" for start, *_ in data.weeks]
    minutes = [m for _, m, *_ in data.weeks]
    colours = [CMAP(0.15) if met else MISSED_BAR for *_, met in data.weeks]
    bars = axes.bar(range(len(minutes)), minutes, color=colours)
    for bar, (_, _, done, target, _) in zip(bars, data.weeks, strict=True):
        axes.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), f"{done}/{target}",
                  ha="center", va="bottom", fontsize=8)  # fmt: skip
    axes.set_xticks(range(0, len(labels), 4), labels[::4])
    axes.set_ylabel("minutes")
    axes.set_title("Minutes per week (label: session days / target; dark = met)", fontsize=11,
                   loc="left")  # fmt: skip
    axes.spines[["top", "right"]].set_visible(False)


def _activities(axes: matplotlib.axes.Axes, data: ChartData) -> None:
    if data.fits:
        shown_fits = data.fits[:6][::-1]  # the one that sticks best at the top
        names = [fit[0] for fit in shown_fits]
        sessions = [fit[1] for fit in shown_fits]
        axes.barh(names, sessions, color=CMAP(0.35))
        for y, fit in enumerate(shown_fits):
            axes.text(fit[1], y, f"  {fit_label(fit)}", va="center", fontsize=9)
        axes.set_title("What works: the last 12 weeks", fontsize=11, loc="left")
    else:
        shown = data.activities[:6][::-1]
        names = [name for name, *_ in shown]
        sessions = [count for _, count, _ in shown]
        axes.barh(names, sessions, color=CMAP(0.35))
        for y, (_, count, minutes) in enumerate(shown):
            axes.text(count, y, f"  {count}× · {minutes} min", va="center", fontsize=9)
        axes.set_title("Sessions by activity", fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max(sessions, default=1) * 1.8)


def fit_label(fit: tuple[str, int, int, int, int]) -> str:
    """`9× · plans 9 of 10 · usually 20 min` for one activity's 12 weeks."""
    _, done, kept, skipped, usual = fit
    plans = f" · plans {kept} of {kept + skipped}" if kept + skipped else ""
    usually = f" · usually {usual} min" if usual else ""
    return f"{done}×{plans}{usually}"
