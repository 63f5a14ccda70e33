"""The aiohttp backend keeps HTTPXRequest's contract: fields and uploads arrive as sent, a
time-out before sending says so, one after sending is ambiguous, and no error shows the token."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from telegram import InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.fake import FakeTelegram
from bot.telegram.transport import AiohttpRequest
from tests.harness import TOKEN


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


def _data(**values: object) -> RequestData:
    return RequestData([RequestParameter.from_input(k, v) for k, v in values.items()])


async def _request(**options: float) -> AiohttpRequest:
    request = AiohttpRequest(connection_pool_size=1, **options)
    await request.initialize()
    return request


async def test_fields_and_an_upload_reach_the_bot_api_as_sent(fake: FakeTelegram) -> None:
    request = await _request()
    try:
        chat = 7301
        fake.send_message(chat, "/start")  # the chat exists
        code, _ = await request.do_request(
            f"{fake.url}/bot{TOKEN}/sendMessage",
            "POST",
            _data(chat_id=chat, text="Tschüss &amp; <b>bye</b>", parse_mode="HTML"),
        )
        assert code == 200
        picture = InputFile(b"\x89PNG not really", filename="week.png")
        code, _ = await request.do_request(
            f"{fake.url}/bot{TOKEN}/sendPhoto",
            "POST",
            _data(chat_id=chat, photo=picture, caption="Your week"),
        )
        assert code == 200
    finally:
        await request.shutdown()
    sent = [c for c in fake.calls if c.method in ("sendMessage", "sendPhoto")]
    assert [(c.method, c.text) for c in sent] == [
        ("sendMessage", "Tschüss &amp; <b>bye</b>"),
        ("sendPhoto", "Your week"),
    ]
    assert sent[1].files == {"photo": b"\x89PNG not really"}


async def test_an_answer_too_slow_is_an_ambiguous_time_out(fake: FakeTelegram) -> None:
    fake.slow("sendMessage", delay=1.0)
    request = await _request(read_timeout=0.2)
    try:
        with pytest.raises(TimedOut) as raised:
            await request.do_request(
                f"{fake.url}/bot{TOKEN}/sendMessage", "POST", _data(chat_id=1, text="hi")
            )
    finally:
        await request.shutdown()
    assert "pool timeout" not in raised.value.message.lower(), "it may have been delivered"


async def test_no_free_connection_in_time_is_a_time_out_that_sent_nothing(
    fake: FakeTelegram,
) -> None:
    fake.slow("sendMessage", delay=1.0)
    request = await _request(pool_timeout=0.1, connect_timeout=0.1)
    url = f"{fake.url}/bot{TOKEN}/sendMessage"
    try:
        holding = asyncio.create_task(request.do_request(url, "POST", _data(chat_id=1, text="a")))
        await asyncio.sleep(0.2)  # the one connection is busy with it
        with pytest.raises(TimedOut) as raised:
            await request.do_request(url, "POST", _data(chat_id=1, text="b"))
        assert (await holding)[0] == 200
    finally:
        await request.shutdown()
    assert "pool timeout" in raised.value.message.lower(), "the rate limiter may resend it"
    assert [c.text for c in fake.calls if c.method == "sendMessage"] == ["a"]


async def test_an_unreachable_bot_api_is_a_network_error_without_the_token() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    request = await _request()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.do_request(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe", "POST")
    finally:
        await request.shutdown()
    assert not isinstance(raised.value, TimedOut)
    assert TOKEN not in str(raised.value)
    assert TOKEN.split(":")[1] not in repr(raised.value)
