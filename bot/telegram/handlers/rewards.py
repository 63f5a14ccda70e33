"""Bribes: /reward, /rewards, /claim and deleting a reward after a confirmation."""

from __future__ import annotations

from telegram import Update

from bot import services, texts
from bot.telegram import callbacks, keyboards
from bot.telegram.handlers.common import (
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
            item = await services.rewards.numbered_reward(store, profile, rest, "/reward delete")
        await reply(
            update,
            texts.rewards.confirm_delete_reward(item),
            keyboards.confirm_delete_reward(item.id),
        )
        return
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        spec = await services.rewards.add_reward(store, profile, raw, now(context))
    await reply(update, texts.rewards.reward_set(spec))


async def reward_list(update: Update, context: Context) -> None:
    """/rewards: every reward with its progress, earned and claimed ones apart."""
    async with reading(context) as store:
        profile = await runner(store, update, context)
        items = await services.rewards.reward_list(store, profile, now(context))
    await reply(update, texts.rewards.reward_list(items))


async def claim(update: Update, context: Context) -> None:
    """/claim <n>: mark an earned reward as claimed."""
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        item = await services.rewards.claim(store, profile, args_text(update), now(context))
    await reply(update, texts.rewards.claimed_reward(item))


async def delete_button(update: Update, context: Context) -> None:
    """The confirmation button of /reward delete."""
    button = await pressed(update, callbacks.DeleteReward)
    if button is None:
        return
    query, payload = button
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        deleted = await services.rewards.delete_reward(store, profile, payload.reward_id)
    await query.answer()
    await query.edit_message_text(texts.rewards.reward_deleted(deleted))
