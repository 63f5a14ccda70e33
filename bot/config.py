"""Settings read from the environment, cached once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/strongstreak.db"


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    # How SQLite is reached: `onetrip` runs statements on the event loop (bot/storage/onetrip.py);
    # `aiosqlite` is SQLAlchemy's own adapter, the way back if a release breaks onetrip.
    sqlite_driver: Literal["onetrip", "aiosqlite"] = "onetrip"
    telegram_api_url: str = "https://api.telegram.org"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    # /healthz and /metrics; off unless a port is given.
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_host: str = "127.0.0.1"
    poll_timeout: int = Field(default=30, ge=0, le=50)
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    # Check-ins: prompts later than this after downtime are skipped, never sent stale.
    prompt_grace_minutes: int = Field(default=120, ge=0)
    dispatch_seconds: float = Field(default=5.0, gt=0)
    send_rate: int = Field(default=29, ge=1, le=30)  # messages per second, all chats together
    # The Mini App: the public https address Telegram opens, and the port of this process that
    # serves it (behind a proxy that holds the certificate). Off unless a port is given.
    webapp_url: str | None = None
    webapp_port: int | None = Field(default=None, ge=1, le=65535)
    webapp_host: str = "0.0.0.0"
    # initData older than this is refused: Telegram signs it when the Mini App opens.
    webapp_max_age_hours: float = Field(default=24.0, gt=0)
    webapp_requests_per_minute: int = Field(default=120, ge=1)  # per user

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        """`ADMIN_IDS=123,456` (or a JSON list)."""
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                return [int(v) for v in value.strip("[]").split(",") if v.strip()]
            return [int(v) for v in value.split(",") if v.strip()]
        return value

    @field_validator("webapp_url", mode="before")
    @classmethod
    def _unset_when_empty(cls, value: Any) -> Any:
        """`WEBAPP_URL=` (as docker-compose.yml passes it when unset) means no Mini App."""
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def api_root(self) -> str:
        return self.telegram_api_url.rstrip("/")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests call `get_settings.cache_clear()`."""
    return Settings()


class Refusal(Exception):
    """A reason not to start, in one line; `code` is the process exit status."""

    def __init__(self, line: str, code: int = 1) -> None:
        super().__init__(line)
        self.line = line
        self.code = code


def load_settings() -> Settings:
    """The settings, or a Refusal naming the first variable that is wrong."""
    try:
        return get_settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "a setting"
        raise Refusal(f"{name} is not valid: {first['msg']}", code=2) from None


def sqlite_path(database_url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    prefix, _, rest = database_url.partition(":///")
    if not prefix.startswith("sqlite") or not rest or rest.startswith(":memory:"):
        return None
    return Path(rest.split("?", 1)[0])
