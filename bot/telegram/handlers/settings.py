"""Onboarding (/start in three skippable steps) and the settings commands."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from datetime import datetime

from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import TelegramError
from tzfpy import get_tz

from bot import services, texts
from bot.domain import parsing, schedule, zones
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile
from bot.services.onboarding import PROMPT, TARGET, ZONE, Answered, prompt_minute
from bot.telegram import callbacks, keyboards, menus
from bot.telegram.context import Context
from bot.telegram.handlers import invites, sessions
from bot.telegram.handlers.common import (
    Press,
    args_text,
    button,
    is_private,
    message_of,
    private,
    reading,
    reply,
    usage,
    writing,
)
from bot.texts import i18n

log = logging.getLogger(__name__)

QUIET_WORDS = ("quiet-when-met", "quiet", "always")


@private
async def start(update: Update, context: Context) -> None:
    """/start: onboarding for a newcomer, the current settings for everyone else (in the
    private chat only: a time zone and a check-in time are nobody else's business)."""
    message = message_of(update)
    if context.args and context.args[0]:
        # Opened from an invite link (a buddy's or a coach's): https://t.me/<bot>?start=<code>
        await invites.offer(update, context, context.args[0][:32])
        return
    async with writing(update, context) as store:
        profile = context.runner
        await services.onboarding.restart(store, profile, message.chat_id, context.now())
        pending = await services.runners.pending_target(store, profile, context.now())
    await _menu_button(context, message.chat_id)
    if profile.onboarding is None:
        await reply(update, texts.runners.welcome_back(profile, context.now(), pending))
        return
    await reply(update, texts.runners.welcome(profile.first_name), keyboards.zones())
    await message.reply_html(
        texts.runners.share_location_prompt(),
        reply_markup=ReplyKeyboardMarkup(
            [[KeyboardButton(texts.runners.share_location_button(), request_location=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        ),
    )


@button(callbacks.Onboard)
async def onboarding_button(
    update: Update, context: Context, press: Press[callbacks.Onboard]
) -> None:
    """The zone, check-in time and target buttons of /start."""
    async with writing(update, context) as store:
        answered = await services.onboarding.answer(
            store, context.runner, press.payload.step, press.payload.value, context.now()
        )
    await press.show(*_next(answered, context.now()))


async def onboarding_text(update: Update, context: Context) -> None:
    """Plain text in a private chat: a session to log after one tap, an answer to the open
    onboarding step (only what answers it: anything else is read as if no step were open),
    or a hint."""
    text = message_of(update).text or ""
    if await sessions.answer_edit(update, context, text):
        return
    if await sessions.answer_minutes(update, context, text):
        return
    problem: UserError | None = None
    async with writing(update, context) as store:
        profile = context.runner
        today = services.base.today_for(profile, context.now())
        recent = await services.sessions.recent_activities(store, profile)
        request = parsing.parse_plain(text, today, i18n.current(), recent)
        usual = None
        if request is not None and request.minutes is None and request.activity is not None:
            usual = await services.sessions.usual_minutes(store, profile, request.activity)
        step = services.onboarding.open_answer(profile)
        answer = step if request is None else None
        if answer is not None:
            try:
                answered = await services.onboarding.answer(
                    store, profile, answer, text, context.now()
                )
            except UserError as refused:  # not an answer: nothing was written
                problem, answer = refused, None
                plain = parsing.without_hedges(text)
                if step and plain and plain != text.strip().lower():  # "2 i think", "7ish"
                    with contextlib.suppress(UserError):
                        answered = await services.onboarding.answer(
                            store, profile, step, plain, context.now()
                        )
                        problem, answer = None, step
    if request is not None and request.minutes is None:
        await sessions.ask_minutes(update, context, request, today, usual)
    elif request is not None:
        await sessions.ask(update, replace(request, confirm=True), today)
    elif answer is not None:
        await reply(update, *_next(answered, context.now()))
    elif (
        problem is not None
        and len(text.split()) == 1
        and not parsing.small_talk(text)
        and not (step == ZONE and text.strip().isdecimal())  # a number is no place
    ):
        raise problem  # one word is an attempt at an answer ("Berln"): say what is wrong
    elif step in (PROMPT, TARGET):  # mid set-up: its question again, with its buttons
        await reply(update, *_question(profile, step, context.now()))
    else:
        await reply(update, texts.general.plain_text_hint())


def _question(profile: Profile, step: str, now: datetime) -> tuple[str, InlineKeyboardMarkup]:
    """The open set-up step's question, asked again."""
    if step == PROMPT:
        return texts.runners.ask_prompt_time(profile.time_zone, now), keyboards.prompt_times()
    return texts.runners.ask_target(profile.prompt_minute), keyboards.targets()


async def location(update: Update, context: Context) -> None:
    """A shared location sets the time zone; only the zone name is kept."""
    point = message_of(update).location
    assert point is not None
    zone_name = get_tz(point.longitude, point.latitude) or "UTC"
    async with writing(update, context) as store:
        answered = await services.onboarding.answer(
            store, context.runner, ZONE, zone_name, context.now()
        )
    await message_of(update).reply_html(
        texts.runners.zone_set(zone_name, context.now()), reply_markup=ReplyKeyboardRemove()
    )
    text, markup = _next(answered, context.now())
    if markup is not None:
        await reply(update, text, markup)


def _next(answered: Answered, now: datetime) -> tuple[str, InlineKeyboardMarkup | None]:
    """The next step's question, or (after the last step, or outside onboarding) the setting."""
    if answered.answer == ZONE:
        if not answered.onboarding:
            return texts.runners.zone_set(answered.zone, now), None
        return texts.runners.ask_prompt_time(answered.zone, now), keyboards.prompt_times()
    if answered.answer == PROMPT:
        if not answered.onboarding:
            return texts.runners.prompt_set(answered.minute), None
        return texts.runners.ask_target(answered.minute), keyboards.targets()
    assert answered.answer == TARGET and answered.profile is not None
    if not answered.onboarding:
        return texts.runners.settings(answered.profile, now), None
    return texts.runners.onboarding_done(answered.profile, now), None


@usage(lambda context: texts.runners.zone_usage(context.runner, context.now()))
async def timezone(update: Update, context: Context) -> None:
    """/timezone <zone>: an IANA name, a big city or a UTC offset."""
    zone_name = zones.parse_zone(args_text(update))
    async with writing(update, context) as store:
        await services.runners.change_zone(store, context.runner, zone_name, context.now())
    await reply(update, texts.runners.zone_set(zone_name, context.now()))


@usage(lambda context: texts.runners.prompt_usage(context.runner))
async def prompt(update: Update, context: Context) -> None:
    """/prompt 07:30 [mon-sat], /prompt off, /prompt quiet-when-met or /prompt always."""
    raw = args_text(update)
    word = raw.lower()
    if word in QUIET_WORDS:
        quiet = word != "always"
        async with writing(update, context) as store:
            await services.runners.set_quiet_when_met(store, context.runner, quiet, context.now())
        await reply(update, texts.runners.prompt_quiet_set(quiet))
        return
    minute, days = _prompt_setting(raw)
    async with writing(update, context) as store:
        await services.runners.set_checkin_time(store, context.runner, minute, days, context.now())
    await reply(update, texts.runners.prompt_set(minute, days))


def _prompt_setting(raw: str) -> tuple[int | None, int | None]:
    """(minute or None for off, weekday mask or None to keep) from `07:30 mon-sat`."""
    with contextlib.suppress(UserError):  # a time in words alone: "halb acht", "в 7 утра"
        return prompt_minute(raw, i18n.current()), None
    words = raw.split()
    for k in range(len(words) - 1, 0, -1):  # "halb acht mon-fri", "7ish weekdays only"
        with contextlib.suppress(UserError, ValueError):
            said = parsing.without_hedges(" ".join(words[:k]))
            minute = prompt_minute(said, i18n.current())
            return minute, schedule.parse_days(" ".join(words[k:]))
    first, rest = parsing.split_clock(raw)
    minute = prompt_minute(first)
    if not rest:
        return minute, None
    try:
        return minute, schedule.parse_days(rest)
    except ValueError:
        raise UserError(ErrorCode.DAYS_UNREADABLE) from None


async def target(update: Update, context: Context) -> None:
    """/target N: sessions per week, from this week on; alone, the target and its weeks."""
    if not args_text(update):
        async with reading(context) as store:
            pending = await services.runners.pending_target(store, context.runner, context.now())
        await reply(update, texts.runners.target_usage(context.runner, pending))
        return
    value = parsing.parse_target(args_text(update), i18n.current())
    async with writing(update, context) as store:
        changed = await services.runners.set_target(store, context.runner, value, context.now())
    await reply(update, texts.runners.target_set(value, changed))


async def weekstart(update: Update, context: Context) -> None:
    """/weekstart monday|sunday: from the current week on."""
    first_weekday = parsing.parse_week_start(args_text(update))
    async with writing(update, context) as store:
        changed = await services.runners.change_week_start(
            store, context.runner, first_weekday, context.now()
        )
    await reply(update, texts.runners.week_start_set(first_weekday, changed))


async def language(update: Update, context: Context) -> None:
    """/language [de|deutsch|...]: switch at once, or buttons to choose the language the bot
    speaks with you, or in this group."""
    given = args_text(update)
    if given:
        chosen = texts.language.language_named(given)
        if chosen is not None:
            await _choose_language(update, context, chosen, None)
            return
    private = is_private(update)
    async with reading(context):  # signs the member up, and speaks the group's language
        current = context.runner.language if private else i18n.current()
    menu = texts.language.language_menu if private else texts.language.group_language_menu
    text = menu(current)
    if given:
        text = texts.language.unknown_language(given) + "\n" + text
    await reply(update, text, keyboards.languages())


@button(callbacks.PickLanguage)
async def language_button(
    update: Update, context: Context, press: Press[callbacks.PickLanguage]
) -> None:
    """A language picked: kept for the runner (or the group), and spoken from this reply on."""
    chosen = press.payload.language
    if chosen not in i18n.SUPPORTED:
        raise UserError(ErrorCode.EXPIRED_BUTTON)
    await _choose_language(update, context, chosen, press)


async def _choose_language(
    update: Update,
    context: Context,
    chosen: str,
    press: Press[callbacks.PickLanguage] | None,
) -> None:
    """Keep the language for the runner (or the group) and speak it from this reply on."""
    private = is_private(update)
    chat_id = message_of(update).chat.id
    async with writing(update, context) as store:
        if private:
            await services.runners.set_language(store, context.runner, chosen, context.now())
        else:
            await services.groups.set_language(store, chat_id, chosen)
    i18n.use(chosen)
    said = (
        texts.language.language_set(chosen)
        if private
        else texts.language.group_language_set(chosen)
    )
    if press is not None:
        await press.show(said)
    else:
        await reply(update, said)
    if private:
        await _menu_button(context, chat_id)
    try:
        await menus.publish_for_chat(context.bot, chat_id, group=not private)
    except TelegramError as error:  # the menu is a convenience: the choice stands without it
        log.info("could not set the menu of chat %s: %s", chat_id, error.message)


async def _menu_button(context: Context, chat_id: int) -> None:
    """The chat's menu button opens the Mini App; a refusal costs the runner nothing."""
    try:
        await menus.open_button(context.bot, chat_id, context.settings.webapp_url)
    except TelegramError as error:
        log.info("no menu button for chat %s: %s", chat_id, error.message)
