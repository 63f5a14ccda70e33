"""The fake Bot API refuses the HTML Telegram refuses, so a test can catch a broken message."""

from __future__ import annotations

import pytest

from bot.fake import FakeTelegram
from bot.fake.api import ApiError
from bot.fake.html import html_problem


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold",  # never closed
        "bold</b>",  # closed, never opened
        "<b><i>both</b></i>",  # crossed
        "<b>bold</b",  # cut inside the closing tag
        "<b>bold</",
        "plain <b",  # cut inside an opening tag
        'plain <a href="https://example.com',
        "plain <",
        "<b>bold</b> then </",  # balanced, then a closing tag cut short
        "<i>x</i><b",
        "<b>cut <i inside</b>",  # a tag that never ends, in the middle
        "fish &amp chips",  # cut inside an entity
        "fish &am",
        "fish &",
        "<marquee>no</marquee>",
    ],
)
def test_html_telegram_refuses_is_refused(text: str) -> None:
    assert html_problem(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "<b>bold</b> and <i>italic</i>",
        '<a href="https://example.com/?a=1&amp;b=2">a link</a>',
        "<b>x &lt; y &amp;&amp; y &gt; z</b> &#128170; &#x1F4AA;",
        "<blockquote><b>nested\nover lines</b></blockquote>",
        '<span class="tg-spoiler">hidden</span> <tg-spoiler>too</tg-spoiler>',
    ],
)
def test_html_telegram_accepts_is_accepted(text: str) -> None:
    assert html_problem(text) is None


async def test_a_message_cut_inside_a_tag_is_answered_400_like_telegram() -> None:
    fake = FakeTelegram()
    params = {"chat_id": 5, "text": "<b>bold</b> and <i>ital", "parse_mode": "HTML"}
    with pytest.raises(ApiError, match="can't parse entities") as refused:
        await fake.handle("sendMessage", params, {})
    assert refused.value.code == 400
    assert fake.sent() == [], "nothing was delivered"
