"""The command menus: every command in private chats, those that work there in groups, in
each language the bot speaks."""

from __future__ import annotations

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    MenuButtonWebApp,
    WebAppInfo,
)

from bot import texts
from bot.texts import i18n

# The commands that mean something in a group chat (the rest are about a runner's own account
# and settings), for the group chats' command menu.
GROUP_COMMANDS = frozenset({"done", "undo", "week", "plan", "language", "help"})


def private_menu() -> list[BotCommand]:
    """Every command, in the order /help lists them, described in the language spoken."""
    return [BotCommand(name, what[:256]) for name, _, what in texts.general.commands()]


def group_menu() -> list[BotCommand]:
    return [command for command in private_menu() if command.command in GROUP_COMMANDS]


async def publish(bot: Bot) -> None:
    """The menus for private chats and for groups, once per language: Telegram shows each
    user the one in their app's language (English for languages the bot does not speak)."""
    for language in i18n.SUPPORTED:
        code = None if language == i18n.DEFAULT else language
        with i18n.speaking(language):
            await bot.set_my_commands(
                private_menu(), scope=BotCommandScopeAllPrivateChats(), language_code=code
            )
            await bot.set_my_commands(
                group_menu(), scope=BotCommandScopeAllGroupChats(), language_code=code
            )


async def publish_for_chat(bot: Bot, chat_id: int, *, group: bool) -> None:
    """The menu of one chat in the language chosen there (which may differ from the app's)."""
    menu = group_menu() if group else private_menu()
    await bot.set_my_commands(menu, scope=BotCommandScopeChat(chat_id))


async def open_button(bot: Bot, chat_id: int, url: str | None) -> None:
    """The chat's menu button opens the Mini App (when the bot has one), named in the language
    spoken."""
    if url:
        button = MenuButtonWebApp(texts.web.menu_button(), WebAppInfo(url))
        await bot.set_chat_menu_button(chat_id=chat_id, menu_button=button)
