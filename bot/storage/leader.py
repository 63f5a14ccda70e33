"""Which process runs the check-in dispatcher and the group boards, when several share a database.

On PostgreSQL, the one holding a session-level advisory lock on a connection it keeps open.
When that process dies, PostgreSQL ends its session and frees the lock, and another process
takes it on its next dispatcher tick. SQLite serves one process, which always leads.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

# Any 64-bit number no other part of the database uses: "strongstreak dispatcher".
LOCK_KEY = 0x5354_5245_414B_4431


class Leadership:
    """Asked on every dispatcher tick: may this process dispatch now?"""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._connection: AsyncConnection | None = None

    @property
    def shared(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    async def holds(self) -> bool:
        """True while this process holds the lock, taking it if it is free."""
        if not self.shared:
            return True
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except Exception:
                log.warning("lost the connection holding the dispatcher lock", exc_info=True)
                await self._forget()
        try:
            connection = await self.engine.connect()
            # Autocommit: the lock belongs to the session, and no transaction stays open.
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            taken = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}
            )
        except Exception:
            log.warning("could not ask for the dispatcher lock", exc_info=True)
            return False
        if not taken:
            await connection.close()
            return False
        self._connection = connection
        log.info("this process now runs the check-in dispatcher and the group boards")
        return True

    async def release(self) -> None:
        if self._connection is not None:
            try:
                await self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY}
                )
            except Exception:  # the session is gone (a restart), and its lock with it
                log.info("the dispatcher lock's connection was gone already", exc_info=True)
            finally:
                await self._forget()

    async def _forget(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # Never back into the pool: a pooled session could still hold the lock.
            try:
                await connection.invalidate()
                await connection.close()
            except Exception:
                log.debug("closing the lock's connection failed", exc_info=True)
