"""Habit strength over a season as a small SVG line, drawn from the numbers /stats uses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

WIDTH, HEIGHT, PAD = 300, 80, 4


def strength_line(points: Sequence[tuple[date, float]]) -> str:
    """An SVG polyline of strength (0 to 1) over time, oldest left; it takes the page's colours
    (`currentColor`), so it reads in light and dark themes."""
    if not points:
        return ""
    count = len(points)
    step = (WIDTH - 2 * PAD) / max(1, count - 1)
    coords = " ".join(
        f"{PAD + i * step:.1f},{PAD + (1 - value) * (HEIGHT - 2 * PAD):.1f}"
        for i, (_, value) in enumerate(points)
    )
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="strength" role="img" '
        f'preserveAspectRatio="none" aria-label="{round(points[-1][1] * 100)}%">'
        f'<line x1="0" x2="{WIDTH}" y1="{HEIGHT / 2}" y2="{HEIGHT / 2}" class="grid"/>'
        f'<polyline fill="none" stroke="currentColor" stroke-width="2" '
        f'vector-effect="non-scaling-stroke" points="{coords}"/></svg>'
    )
