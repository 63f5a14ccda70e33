"""Every word on the /stats picture, as one value.

The words are rendered in the runner's language (bot.texts.stats.chart_labels) before the
chart goes to the drawing process, which so never reads a catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

# The shades of minutes the heatmap's key shows; the last is the darkest a day gets.
LEGEND_MINUTES = (15, 30, 60)


@dataclass(frozen=True, slots=True)
class ChartLabels:
    title: str
    heatmap: str  # the calendar's heading
    weekly: str  # the minutes-per-week heading
    minutes_axis: str
    activities: str  # the activity panel's heading
    day_letters: tuple[str, ...]  # the heatmap's rows, the first day of the week first
    heatmap_ticks: tuple[str, ...]  # the first day of every 4th week, from the oldest
    week_starts: tuple[str, ...]  # one per ChartData.weeks
    fits: tuple[str, ...]  # one per ChartData.fits: `9× · plans 9 of 10 · usually 20 min`
    activity_counts: tuple[str, ...]  # one per ChartData.activities: `12× · 240 min`
    # Each bar's activity as the runner reads it (`Kniebeugen` in German): one per
    # ChartData.fits, or per ChartData.activities when there are no fits.
    activity_names: tuple[str, ...]
    # The heatmap's key, one per LEGEND_MINUTES shade, then an empty day, then a paused one.
    legend: tuple[str, ...] = ()
