"""Group standings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services.groups import Standing
from bot.texts.common import duration, e
from bot.texts.i18n import _


def group_week(standings: list[Standing], *, board: bool = False) -> str:
    head = (
        _("🏆 <b>This week's strength leaderboard</b>")
        if board
        else _("<b>This week in the group</b>")
    )
    if not standings:
        return head + "\n" + _("Nobody has logged here yet. Start with /done kettlebell 15")
    lines = [head]
    for rank, s in enumerate(standings, 1):
        values = {"rank": rank, "name": e(s.name), "done": s.days_done, "target": s.target,
                  "time": duration(s.minutes)}  # fmt: skip
        if s.met:
            lines.append(_("{rank}. {name}: {done} of {target}, {time} ✓").format(**values))
        else:
            lines.append(_("{rank}. {name}: {done} of {target}, {time}").format(**values))
    met = sum(1 for s in standings if s.met)
    lines.append(
        "\n" + _("{met} of {count} met their target.").format(met=met, count=len(standings))
    )
    return "\n".join(lines)
