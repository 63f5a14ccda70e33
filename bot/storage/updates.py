"""Which updates were handled: a redelivered update changes nothing twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from bot.storage.base import INSERTS, Repository
from bot.storage.db import ON_THREAD
from bot.storage.models import (
    ProcessedUpdate,
)


class UpdateRepository(Repository):
    """Handled update ids, remembered for a week."""

    async def claim(self, update_id: int, now: datetime) -> bool:
        """Record an update as handled in this transaction; False if it already was."""
        result = await self.session.execute(
            _CLAIM[self._dialect()], {"update_id": update_id, "processed_at": now}
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def forget_before(self, cutoff: datetime) -> None:
        """Forget updates handled before `cutoff` (a week's worth: many rows, off the loop)."""
        await self.session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff),
            execution_options={ON_THREAD: True},
        )


_CLAIM = {
    name: insert(ProcessedUpdate.__table__).on_conflict_do_nothing(index_elements=["update_id"])
    for name, insert in INSERTS.items()
}
