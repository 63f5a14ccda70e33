"""The fake Bot API answers setChatMenuButton as Telegram does."""

from __future__ import annotations

import pytest
from telegram import Bot, MenuButtonCommands, MenuButtonWebApp, WebAppInfo
from telegram.error import BadRequest

from bot.fake import FakeTelegram
from tests.harness import TOKEN


async def test_a_chat_gets_its_own_web_app_menu_button() -> None:
    fake = FakeTelegram()
    api = await fake.start()
    try:
        async with Bot(TOKEN, base_url=f"{api}/bot") as bot:
            button = MenuButtonWebApp("Season", WebAppInfo("https://example.org/app/"))
            assert await bot.set_chat_menu_button(chat_id=77, menu_button=button)
            assert fake.menu_buttons[77]["web_app"]["url"] == "https://example.org/app/"
            assert await bot.get_chat_menu_button(chat_id=77) == button
            assert isinstance(await bot.get_chat_menu_button(chat_id=78), MenuButtonCommands)
            plain = MenuButtonWebApp("Season", WebAppInfo("http://example.org/app/"))
            with pytest.raises(BadRequest, match=r"(?i)button_url_invalid"):
                await bot.set_chat_menu_button(chat_id=77, menu_button=plain)
    finally:
        await fake.stop()
