"""The /stats picture: 16 weeks as a calendar heatmap, minutes per week, sessions by activity.

Rendered with matplotlib's Agg backend on a Figure of its own (no pyplot state), so it can run
in a worker thread while the event loop keeps answering. Colours come from `cividis`, which
reads the same for colour-blind eyes; paused days are hatched grey, empty days light grey.
Every word on it comes in `ChartLabels`, already in the runner's language.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import matplotlib
import matplotlib.axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from bot.domain.model import ChartData
from bot.pictures.labels import LEGEND_MINUTES, ChartLabels

WEEKS = 16
SIZE_PX = 1080
DPI = 120
EMPTY = "#e9e9e9"
PAUSED = "#b8b8b8"
MISSED_BAR = "#c9c9c9"
CMAP = matplotlib.colormaps["cividis"]
MAX_SHADE_MINUTES = LEGEND_MINUTES[-1]


def day_colour(minutes: int) -> tuple[float, float, float, float]:
    """A trained day's shade: more minutes, darker... on cividis, from yellow to blue."""
    value = min(minutes, MAX_SHADE_MINUTES) / MAX_SHADE_MINUTES
    return CMAP(1.0 - 0.8 * value)


def render(data: ChartData, labels: ChartLabels) -> tuple[bytes, dict[date, tuple[int, int]]]:
    """The PNG, and the pixel centre of each heatmap day (for tests and accessibility text)."""
    figure = Figure(figsize=(SIZE_PX / DPI, SIZE_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(3, 1, height_ratios=[1.15, 1.0, 0.85], hspace=0.6,
                               left=0.16, right=0.96, top=0.9, bottom=0.06)  # fmt: skip
    figure.suptitle(labels.title, fontsize=15, fontweight="bold")
    heat = figure.add_subplot(grid[0])
    centres = _heatmap(heat, data, labels)
    _weekly(figure.add_subplot(grid[1]), data, labels)
    _activities(figure.add_subplot(grid[2]), data, labels)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    height = figure.bbox.height
    pixels = {
        day: (round(x), round(height - y))
        for day, (x, y) in ((d, heat.transData.transform(c)) for d, c in centres.items())
    }
    return buffer.getvalue(), pixels


def _heatmap(
    axes: matplotlib.axes.Axes, data: ChartData, labels: ChartLabels
) -> dict[date, tuple[float, float]]:
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
    axes.set_yticks([6 - r + 0.5 for r in range(7)], labels.day_letters)
    axes.set_xticks([w + 0.5 for w in range(0, WEEKS, 4)], labels.heatmap_ticks)
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_title(labels.heatmap, fontsize=11, loc="left")
    _key(axes, labels)
    return centres


def _key(axes: matplotlib.axes.Axes, labels: ChartLabels) -> None:
    """What the heatmap's colours mean: a few shades of minutes, an empty day, a paused one."""
    if len(labels.legend) != len(LEGEND_MINUTES) + 2:
        return
    swatches = [Rectangle((0, 0), 1, 1, facecolor=day_colour(m)) for m in LEGEND_MINUTES]
    swatches.append(Rectangle((0, 0), 1, 1, facecolor=EMPTY))
    swatches.append(Rectangle((0, 0), 1, 1, facecolor=PAUSED, hatch="///", edgecolor="white"))
    axes.legend(swatches, labels.legend, loc="upper center", bbox_to_anchor=(0.5, -0.1),
                ncol=len(swatches), frameon=False, fontsize=9, handlelength=1.2,
                columnspacing=1.2)  # fmt: skip


def _weekly(axes: matplotlib.axes.Axes, data: ChartData, labels: ChartLabels) -> None:
    minutes = [m for _, m, *_ in data.weeks]
    colours = [CMAP(0.15) if met else MISSED_BAR for *_, met in data.weeks]
    bars = axes.bar(range(len(minutes)), minutes, color=colours)
    for bar, (_, _, done, target, _) in zip(bars, data.weeks, strict=True):
        axes.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), f"{done}/{target}",
                  ha="center", va="bottom", fontsize=8)  # fmt: skip
    # One bar under each of the heatmap's columns, the current week's under the last.
    axes.set_xlim(len(minutes) - WEEKS - 0.5, len(minutes) - 0.5)
    axes.set_xticks(range(0, len(labels.week_starts), 4), labels.week_starts[::4])
    axes.set_ylabel(labels.minutes_axis)
    axes.set_title(labels.weekly, fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)


def _activities(axes: matplotlib.axes.Axes, data: ChartData, labels: ChartLabels) -> None:
    # The six that stick best (or are done most), the first at the top.
    if data.fits:
        bars = [(name, fit[1], label) for fit, name, label
                in zip(data.fits, labels.activity_names, labels.fits, strict=True)]  # fmt: skip
    else:
        bars = [(name, count, label) for (_, count, _), name, label
                in zip(data.activities, labels.activity_names, labels.activity_counts,
                       strict=True)]  # fmt: skip
    shown = bars[:6][::-1]
    sessions = [count for _, count, _ in shown]
    axes.barh([name for name, _, _ in shown], sessions, color=CMAP(0.35))
    for y, (_, count, label) in enumerate(shown):
        axes.text(count, y, f"  {label}", va="center", fontsize=9)
    axes.set_title(labels.activities, fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max(sessions, default=1) * 1.8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # sessions come whole
