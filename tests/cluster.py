"""A PostgreSQL server of a test's own, to stop and start at will: `initdb` and `pg_ctl` from
the machine's PostgreSQL, on a free port, its data in a temporary folder.

PostgreSQL refuses to run as root; as root the server runs as the `postgres` user, which owns
its folder (made under /tmp, where that user can reach it).
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.ports import free_port

SERVER_USER = "postgres"


def _binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=_version)
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _version(path: Path) -> int:
    part = path.parts[-3]
    return int(part) if part.isdecimal() else 0


class Cluster:
    """One private server: `start`, `stop` (fast: every session is ended), `close`.

    `copy` makes another server from a stopped one's files (a copy of its databases), much
    faster than `initdb` and migrating again.
    """

    def __init__(self, template: Cluster | None = None) -> None:
        binaries = _binaries()
        if binaries is None:
            raise RuntimeError("initdb and pg_ctl are not installed")
        self.bin = binaries
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="strongstreak-pg-"))
        self.data = self.folder / "data"
        self._as: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", SERVER_USER, "--"]
        if template is None:
            self._run(
                "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync",
                "--no-instructions",
            )  # fmt: skip
        else:
            self._run("cp", "-a", str(template.data), str(self.data))
        settings = [  # the last of a setting in the file counts
            f"port = {self.port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.folder}'",
            "fsync = off",
            "full_page_writes = off",
            "synchronous_commit = off",
            "shared_buffers = 16MB",
            "max_connections = 60",
        ]
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n".join(settings) + "\n")

    def copy(self) -> Cluster:
        """A new server with this (stopped) one's databases."""
        return Cluster(self)

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        path = self.bin / program if (self.bin / program).exists() else program
        subprocess.run(
            [*self._as, str(path), *args],
            check=True, capture_output=True, timeout=120, cwd=self.folder,
        )  # fmt: skip

    def start(self) -> None:
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-l", str(self.folder / "log"))

    def stop(self) -> None:
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    async def start_soon(self) -> None:
        await asyncio.to_thread(self.start)

    async def stop_soon(self) -> None:
        await asyncio.to_thread(self.stop)

    def close(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data))
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
