"""A local stand-in for the Telegram Bot API, used by the tests, the sandbox and the benchmarks."""

from bot.fake.server import Call, FakeTelegram

__all__ = ["Call", "FakeTelegram"]
