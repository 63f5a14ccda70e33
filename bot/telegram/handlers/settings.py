"""Onboarding (/start in three skippable steps) and the settings commands."""

from __future__ import annotations

from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from tzfpy import get_tz

from bot import services, texts
from bot.domain import parsing, schedule, zones
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import DEFAULT_PROMPT_MINUTE, DEFAULT_TARGET, Profile, Step
from bot.storage.store import Store
from bot.telegram import callbacks, keyboards
from bot.telegram.handlers import together
from bot.telegram.handlers.common import (
    Context,
    args_text,
    message_of,
    now,
    pressed,
    reading,
    refresh_schedule,
    reply,
    runner,
    writing,
)

STEP_ZONE, STEP_PROMPT, STEP_TARGET = Step.ZONE, Step.PROMPT, Step.TARGET


async def start(update: Update, context: Context) -> None:
    """/start: onboarding for a newcomer, the current settings for everyone else."""
    message = message_of(update)
    if context.args and context.args[0] and message.chat.type == "private":
        # Opened from a buddy's invite link: https://t.me/<bot>?start=<code>
        await together.offer(update, context, context.args[0][:32])
        return
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        if not profile.active:
            await services.runners.reactivate(store, profile, message.chat_id, now(context))
            await refresh_schedule(store, profile.user_id, context)
        if profile.onboarding is not None and profile.onboarding != STEP_ZONE:
            await services.runners.set_onboarding(store, profile, STEP_ZONE, now(context))
    if profile.onboarding is None:
        await reply(update, texts.runners.welcome_back(profile, now(context)))
        return
    await reply(update, texts.runners.welcome(profile.first_name), keyboards.zones())
    if message.chat.type == "private":
        await message.reply_html(
            texts.runners.share_location_prompt(),
            reply_markup=ReplyKeyboardMarkup(
                [[KeyboardButton("📍 Share my location", request_location=True)]],
                resize_keyboard=True,
                one_time_keyboard=True,
            ),
        )


async def onboarding_button(update: Update, context: Context) -> None:
    """The zone, check-in time and target buttons of /start."""
    button = await pressed(update, callbacks.Onboard)
    if button is None:
        return
    query, payload = button
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        text, markup = await _apply_step(store, profile, payload.step, payload.value, context)
    await query.answer()
    await query.edit_message_text(text, reply_markup=markup)


async def onboarding_text(update: Update, context: Context) -> None:
    """Plain text in a private chat: an answer to the open onboarding step, or a hint."""
    message = message_of(update)
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        step = {Step.ZONE: "tz", Step.PROMPT: "pt", Step.TARGET: "tg", None: None}[
            profile.onboarding
        ]
        if step is None:
            text, markup = texts.general.plain_text_hint(), None
        else:
            text, markup = await _apply_step(store, profile, step, message.text or "", context)
    await reply(update, text, markup)


async def location(update: Update, context: Context) -> None:
    """A shared location sets the time zone; only the zone name is kept."""
    point = message_of(update).location
    assert point is not None
    zone_name = get_tz(point.longitude, point.latitude) or "UTC"
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        text, markup = await _apply_step(store, profile, "tz", zone_name, context)
    await message_of(update).reply_html(
        texts.runners.zone_set(zone_name, now(context)), reply_markup=ReplyKeyboardRemove()
    )
    if markup is not None:
        await reply(update, text, markup)


async def timezone(update: Update, context: Context) -> None:
    """/timezone <zone>: an IANA name, a big city or a UTC offset."""
    raw = args_text(update)
    if not raw:
        async with reading(context) as store:
            profile = await runner(store, update, context)
        await reply(update, texts.runners.zone_usage(profile, now(context)))
        return
    zone_name = zones.parse_zone(raw)
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        await services.runners.set_zone(store, profile, zone_name, now(context))
        await refresh_schedule(store, profile.user_id, context)
    await reply(update, texts.runners.zone_set(zone_name, now(context)))


async def prompt(update: Update, context: Context) -> None:
    """/prompt 07:30 [mon-sat], /prompt off, /prompt quiet-when-met or /prompt always."""
    raw = args_text(update)
    if not raw:
        async with reading(context) as store:
            profile = await runner(store, update, context)
        await reply(update, texts.runners.prompt_usage(profile))
        return
    word = raw.strip().lower()
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        moment = now(context)
        if word in ("quiet-when-met", "quiet", "always"):
            quiet = word != "always"
            await store.runners.update(profile.user_id, moment, quiet_when_met=quiet)
            text = texts.runners.prompt_quiet_set(quiet)
        else:
            minute, days = _prompt_setting(raw)
            await services.runners.set_prompt(store, profile, minute, moment)
            if days is not None:
                await store.runners.update(profile.user_id, moment, prompt_days=days)
            text = texts.runners.prompt_set(minute, days)
        await refresh_schedule(store, profile.user_id, context)
    await reply(update, text)


def _prompt_setting(raw: str) -> tuple[int | None, int | None]:
    """(minute or None for off, weekday mask or None to keep) from `07:30 mon-sat`."""
    first, _, rest = raw.strip().partition(" ")
    minute = _prompt_minute(first)
    if not rest.strip():
        return minute, None
    try:
        return minute, schedule.parse_days(rest)
    except ValueError:
        raise UserError(ErrorCode.DAYS_UNREADABLE) from None


async def target(update: Update, context: Context) -> None:
    """/target N: sessions per week, from this week on."""
    raw = args_text(update)
    if not raw:
        async with reading(context) as store:
            profile = await runner(store, update, context)
        await reply(update, texts.runners.target_usage(profile))
        return
    value = parsing.parse_target(raw)
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        changed = await services.runners.set_target(store, profile, value, now(context))
    await reply(update, texts.runners.target_set(value, changed))


def _prompt_minute(raw: str) -> int | None:
    if raw.strip().lower() in ("off", "none", "stop", "no"):
        return None
    clock = parsing.parse_clock(raw)
    return clock.hour * 60 + clock.minute


async def _apply_step(
    store: Store, profile: Profile, step: str, value: str, context: Context
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Apply one onboarding answer and return the next step's question (or the summary).

    A button from an old onboarding message still sets the value, but does not reopen
    the onboarding of a runner who finished it.
    """
    moment = now(context)
    onboarding = profile.onboarding is not None
    if step == "tz":
        zone_name = "UTC" if value == "skip" else zones.parse_zone(value)
        await services.runners.set_zone(store, profile, zone_name, moment)
        await refresh_schedule(store, profile.user_id, context)
        if not onboarding:
            return texts.runners.zone_set(zone_name, moment), None
        await services.runners.set_onboarding(store, profile, STEP_PROMPT, moment)
        return texts.runners.ask_prompt_time(zone_name, moment), keyboards.prompt_times()
    if step == "pt":
        if value == "skip":
            minute: int | None = DEFAULT_PROMPT_MINUTE
        elif value.isdecimal() and len(value) == 4:
            minute = _prompt_minute(f"{value[:2]}:{value[2:]}")
        else:
            minute = _prompt_minute(value)
        await services.runners.set_prompt(store, profile, minute, moment)
        await refresh_schedule(store, profile.user_id, context)
        if not onboarding:
            return texts.runners.prompt_set(minute), None
        await services.runners.set_onboarding(store, profile, STEP_TARGET, moment)
        return texts.runners.ask_target(minute), keyboards.targets()
    if step == "tg":
        value_target = DEFAULT_TARGET if value == "skip" else parsing.parse_target(value)
        await services.runners.set_target(store, profile, value_target, moment)
        await services.runners.set_onboarding(store, profile, None, moment)
        updated = await services.base.require_user(store, profile.user_id)
        if not onboarding:
            return texts.runners.settings(updated, moment), None
        return texts.runners.onboarding_done(updated, moment), None
    raise UserError(ErrorCode.EXPIRED_BUTTON)


async def weekstart(update: Update, context: Context) -> None:
    """/weekstart monday|sunday: from the current week on."""
    first_weekday = parsing.parse_week_start(args_text(update))
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        changed = await services.runners.set_week_start(store, profile, first_weekday, now(context))
        await refresh_schedule(store, profile.user_id, context)
    await reply(update, texts.runners.week_start_set(first_weekday, changed))
