"""python-telegram-bot's networking backend (`BaseRequest`) over aiohttp.

Every reply, button answer and check-in is one HTTP request to the Bot API. The library's
default backend, httpx, reads HTTP/1.1 in pure Python (h11) and costs more CPU per request
than a whole echo update; aiohttp parses with llhttp in C. The contract is HTTPXRequest's:
the same default timeouts, `TimedOut` and `NetworkError`, urlencoded fields or multipart
uploads, and a pool timeout that says the request was not sent (the rate limiter resends
only those safely).
"""

from __future__ import annotations

import re
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_TOKEN = re.compile(r"bot\d+:[\w-]+")


def _without_token(text: str) -> str:
    return _TOKEN.sub("bot<token>", text)


class AiohttpRequest(BaseRequest):
    """One aiohttp session with up to `connection_pool_size` connections.

    aiohttp has no write time-out of its own: a request waits at most `connect_timeout` plus
    `pool_timeout` for a connection (after which it was not sent) and `read_timeout` between
    reads of the answer.
    """

    __slots__ = ("_pool", "_session", "_timeouts")

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool = connection_pool_size
        self._timeouts = {"read": read_timeout, "connect": connect_timeout, "pool": pool_timeout}
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts["read"]

    @read_timeout.setter
    def read_timeout(self, seconds: float | None) -> None:
        """For a request made from now on (tests shorten it, not to wait five seconds)."""
        self._timeouts["read"] = seconds

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool, limit_per_host=self._pool)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        read = self._timeouts["read"] if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._timeouts["connect"]
            if isinstance(connect_timeout, DefaultValue)
            else connect_timeout
        )
        pool = self._timeouts["pool"] if isinstance(pool_timeout, DefaultValue) else pool_timeout
        waiting = None if connect is None or pool is None else connect + pool
        timeout = aiohttp.ClientTimeout(connect=waiting, sock_connect=connect, sock_read=read)
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except aiohttp.ConnectionTimeoutError as error:
            raise TimedOut(
                "Pool timeout: no connection to the Bot API in time; the request was not sent"
            ) from error
        except TimeoutError as error:  # aiohttp.ServerTimeoutError is one
            raise TimedOut from error
        except aiohttp.ClientError as error:
            message = _without_token(f"aiohttp.{type(error).__name__}: {error}")
            raise NetworkError(message) from None


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Fields urlencoded, or with the files as a multipart form, as HTTPXRequest sends them."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
