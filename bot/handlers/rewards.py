"""Bribes: /reward, /rewards, /claim and deleting a reward after a confirmation."""

from __future__ import annotations

from telegram import Update

from bot import services, texts
from bot.handlers import callbacks, keyboards
from bot.handlers.common import (
    Context,
    args_text,
    now,
    pressed,
    reading,
    reply,
    runner,
    writing,
)


async def reward(update: Update, context: Context) -> None:
    """/reward <what> after <goal>, or /reward delete <n>."""
    raw = args_text(update)
    command, _, rest = raw.partition(" ")
    if command.lower() == "delete":
        async with reading(context) as store:
            profile = await runner(store, update, context)
            item = await services.numbered_reward(store, profile, rest, "/reward delete")
        await reply(
            update, texts.confirm_delete_reward(item), keyboards.confirm_delete_reward(item.id)
        )
        return
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        spec = await services.add_reward(store, profile, raw, now(context))
    await reply(update, texts.reward_set(spec))


async def reward_list(update: Update, context: Context) -> None:
    """/rewards: every reward with its progress, earned and claimed ones apart."""
    async with reading(context) as store:
        profile = await runner(store, update, context)
        items = await services.reward_list(store, profile, now(context))
    await reply(update, texts.reward_list(items))


async def claim(update: Update, context: Context) -> None:
    """/claim <n>: mark an earned reward as claimed."""
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        item = await services.claim(store, profile, args_text(update), now(context))
    await reply(update, texts.claimed_reward(item))


async def delete_button(update: Update, context: Context) -> None:
    """The confirmation button of /reward delete."""
    button = await pressed(update, callbacks.DeleteReward)
    if button is None:
        return
    query, payload = button
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        deleted = await services.delete_reward(store, profile, payload.reward_id)
    await query.answer()
    await query.edit_message_text(texts.reward_deleted(deleted))
