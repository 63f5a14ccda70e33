"""Bribes: /reward, /rewards, /claim and deleting a reward after a confirmation."""

from __future__ import annotations

from telegram import Update

from bot import services, texts
from bot.telegram import callbacks, keyboards
from bot.telegram.context import Context
from bot.telegram.handlers.common import (
    Press,
    args_text,
    button,
    private,
    reading,
    reply,
    writing,
)


@private
async def reward(update: Update, context: Context) -> None:
    """/reward <what> after <goal>, or /reward delete <n>."""
    raw = args_text(update)
    command, _, rest = raw.partition(" ")
    if command.lower() == "delete":
        async with reading(context) as store:
            item = await services.rewards.numbered_reward(
                store, context.runner, rest, "/reward delete"
            )
        await reply(
            update,
            texts.rewards.confirm_delete_reward(item),
            keyboards.confirm_delete_reward(item.id),
        )
        return
    async with writing(update, context) as store:
        spec, news = await services.rewards.add_reward(store, context.runner, raw, context.now())
    await reply(update, texts.rewards.reward_set(spec) + texts.rewards.reward_news(news))


@private
async def reward_list(update: Update, context: Context) -> None:
    """/rewards: every reward with its progress, earned and claimed ones apart."""
    # The calendar and the sessions the progress is counted from come with the profile.
    async with reading(context, with_calendar=True) as store:
        items = await services.rewards.reward_list(store, context.runner, context.now())
    await reply(update, texts.rewards.reward_list(items))


@private
async def claim(update: Update, context: Context) -> None:
    """/claim <n>: mark an earned reward as claimed."""
    async with writing(update, context) as store:
        item = await services.rewards.claim(store, context.runner, args_text(update), context.now())
    await reply(update, texts.rewards.claimed_reward(item))


@button(callbacks.DeleteReward)
async def delete_button(
    update: Update, context: Context, press: Press[callbacks.DeleteReward]
) -> None:
    """The confirmation button of /reward delete."""
    async with writing(update, context) as store:
        deleted = await services.rewards.delete_reward(
            store, context.runner, press.payload.reward_id
        )
    await press.show(texts.rewards.reward_deleted(deleted))
