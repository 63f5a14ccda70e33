"""Group standings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services.groups import Standing
from bot.texts.common import duration, e


def group_week(standings: list[Standing], *, board: bool = False) -> str:
    head = (
        "🏆 <b>This week's strength leaderboard</b>" if board else "<b>This week in the group</b>"
    )
    if not standings:
        return f"{head}\nNobody has logged here yet. Start with /done kettlebell 15"
    lines = [head]
    for rank, s in enumerate(standings, 1):
        mark = " ✓" if s.met else ""
        lines.append(
            f"{rank}. {e(s.name)}: {s.days_done} of {s.target}, {duration(s.minutes)}{mark}"
        )
    met = sum(1 for s in standings if s.met)
    lines.append(f"\n{met} of {len(standings)} met their target.")
    return "\n".join(lines)
