"""Accountability: /plan, /plans, /buddy and its buttons, the group week and leaderboard."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any

from telegram import InputFile, Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot import services, texts
from bot.domain import buddies
from bot.domain import plans as plan_rules
from bot.domain.model import Profile
from bot.storage.store import Store
from bot.telegram import callbacks, keyboards
from bot.telegram.context import BotData, Context
from bot.telegram.handlers.common import (
    Press,
    args_text,
    button,
    is_private,
    message_of,
    private,
    reading,
    reply,
    writing,
)
from bot.telegram.limiter import send_bulk
from bot.texts import i18n

log = logging.getLogger(__name__)


async def plan(update: Update, context: Context) -> None:
    """/plan <day> <activity> <minutes> [details], /plan week, /plan clear <day>; a coach
    names an athlete (/plan @anna tue kettlebell 20) or picks one from buttons."""
    raw = args_text(update)
    first, _, rest = raw.partition(" ")
    if first.startswith("@"):
        async with reading(context) as store:
            coach = context.runner
            found = await services.coaching.athletes_named(store, coach, first)
        if len(found) > 1:
            choices = [(a.user_id, a.name) for a in found]
            await ask_which(update, texts.coaching.pick_athlete(True), choices, me=False)
            return
        async with writing(update, context) as store:
            text, news = await for_athlete(store, coach, found[0].user_id, rest, context.now())
        await reply(update, text)
        await tell(context, [news[0]], news[1])
        return
    roster: list[tuple[int, str]] = []
    async with writing(update, context) as store:
        profile = context.runner
        if raw and first.lower() != "clear":
            roster = [(a.user_id, a.name) for a in await services.coaching.athletes(store, profile)]
        if roster and raw.lower() != "week":
            # Bad input is answered now, not after a button: the plan must read for someone.
            plan_rules.parse_plan(
                raw, services.base.today_for(profile, context.now()), i18n.current()
            )
        if not roster:
            text, coach_news = await for_self(store, profile, raw, context.now())
    if roster:
        await ask_which(update, texts.coaching.pick_athlete(True), roster, me=True)
        return
    await reply(update, text)
    if coach_news is not None:
        await tell(context, [coach_news[0]], coach_news[1])


async def for_self(
    store: Store, profile: Profile, raw: str, moment: datetime
) -> tuple[str, tuple[int, Render] | None]:
    """The runner's own plan: (the reply, and the coach to tell when a coach's plan went)."""
    today = services.base.today_for(profile, moment)
    first, _, rest = raw.partition(" ")
    if first.lower() == "week" and not rest:
        return texts.coaching.week_copied(
            await services.coaching.copy_week(store, profile, moment), today
        ), None
    replaced: plan_rules.PlanSpec | None
    if first.lower() == "clear":
        day, dropped = await services.plans.clear_plan(store, profile, rest, moment)
        text, replaced = texts.plans.plan_cleared(day, today, len(dropped)), None
    else:
        spec = plan_rules.parse_plan(raw, today, i18n.current())
        day, replaced = spec.day, spec
        old = await services.plans.set_plan(store, profile, spec, moment)
        dropped = [old] if old is not None else []
        remind = await services.plans.remind_setting(store, profile)
        text = texts.plans.plan_set(spec, today, changed=old is not None, remind=remind)
    coach = await services.coaching.coach_to_tell(store, profile, dropped)
    news = partial(texts.coaching.coach_plan_dropped, profile.first_name, day, replaced)
    return text, (coach.chat_id, news) if coach else None


async def for_athlete(
    store: Store, coach: Profile, athlete_id: int, raw: str, moment: datetime
) -> tuple[str, tuple[int, Render]]:
    """A plan a coach writes or clears (`clear thu`): (the coach's reply, and the athlete's chat
    and message)."""
    chosen = await services.coaching.athlete(store, coach, athlete_id)
    first, _, rest = raw.partition(" ")
    if first.lower() == "clear":
        day, dropped = await services.coaching.clear_for_athlete(store, coach, chosen, rest, moment)
        specs = [p.spec for p in dropped]
        news = partial(texts.plans.cleared_by_coach, coach.first_name, day, specs)
        return texts.plans.coach_cleared(chosen.name, day, specs), (chosen.chat_id, news)
    specs = await services.coaching.plan_for_athlete(store, coach, chosen, raw, moment)
    today = services.base.today_for(coach, moment)
    athlete = await services.base.require_user(store, chosen.user_id)
    news = partial(
        texts.coaching.plans_from_coach,
        coach.first_name,
        specs,
        services.base.today_for(athlete, moment),
    )
    return texts.coaching.coach_planned(chosen.name, specs, today), (chosen.chat_id, news)


async def ask_which(update: Update, text: str, choices: list[tuple[int, str]], *, me: bool) -> None:
    """Buttons to pick an athlete, quoting the command so the button can read it back."""
    markup = keyboards.pick_athlete(choices, me=me)
    await message_of(update).reply_html(text, reply_markup=markup, do_quote=True)


async def plans(update: Update, context: Context) -> None:
    """/plans: every coming plan (weeks ahead), with a button that sends the coming week as a
    calendar file."""
    async with reading(context) as store:
        profile = context.runner
        items = await services.plans.coming(store, profile, context.now())
    today = services.base.today_for(profile, context.now())
    markup = keyboards.add_to_calendar() if items and is_private(update) else None
    await reply(update, texts.plans.plans_week(items, today), markup)


@button(callbacks.PlansFile)
async def plans_file(update: Update, context: Context, press: Press[callbacks.PlansFile]) -> None:
    """Add to calendar, under /plans: the plans it lists as an .ics file."""
    async with reading(context) as store:
        feed = await services.calendar.coming_plans(store, context.runner, context.now())
    count = sum(len(person.plans) for person in feed.people)
    if not count:
        await press.answer(texts.plans.nothing_for_calendar())
        return
    await press.answer()
    await message_of(update).reply_document(
        InputFile(texts.calendar.ics(feed), filename="strongstreak-plans.ics"),
        caption=texts.plans.plans_file_caption(count),
    )


@private
async def calendar(update: Update, context: Context) -> None:
    """/calendar (the secret link), /calendar reset, /calendar sessions on|off."""
    words = args_text(update).lower().split()
    base = context.settings.webapp_url
    if base is None:
        await reply(update, texts.calendar.no_address())
        return
    async with writing(update, context) as store:
        profile, now = context.runner, context.now()
        head = ""
        if words[:1] == ["reset"]:
            await services.calendar.reset_links(store, profile, now)
            head = texts.calendar.links_reset() + "\n\n"
        elif words[:1] == ["sessions"] and words[1:2] in (["on"], ["off"]):
            await services.calendar.show_sessions(store, profile, words[1] == "on", now)
        token, with_sessions = await services.calendar.link(store, profile, now)
        athletes = None
        if await services.coaching.athletes(store, profile):
            athletes, _ = await services.calendar.link(
                store, profile, now, services.calendar.ATHLETES
            )
    await reply(update, head + texts.calendar.links(base, token, with_sessions, athletes))


@private
async def remind(update: Update, context: Context) -> None:
    """/remind 30 (minutes before a timed plan), /remind off, /remind (the setting now)."""
    raw = args_text(update)
    async with writing(update, context) as store:
        profile = context.runner
        if raw:
            minutes = plan_rules.remind_minutes(raw)
            await services.plans.set_remind(store, profile, minutes, context.now())
        else:
            minutes = await services.plans.remind_setting(store, profile)
    await reply(update, texts.plans.remind_set(minutes))


async def buddy(update: Update, context: Context) -> None:
    """/buddy (an invite link), /buddy settings, /buddy remove."""
    word = args_text(update).lower()
    if word == "settings":
        async with reading(context) as store:
            items = await services.buddies.buddies_of(store, context.runner)
        await reply(update, texts.buddies.buddy_status(items), keyboards.buddy_settings())
        return
    if word == "remove":
        async with writing(update, context) as store:
            profile = context.runner
            chats = await services.buddies.remove_buddies(store, profile)
        await reply(update, texts.buddies.buddies_removed(len(chats)))
        await tell(context, chats, partial(texts.buddies.buddy_gone, profile.first_name))
        return
    async with writing(update, context) as store:
        code = await services.buddies.new_invite(store, context.runner, context.now())
    await reply(update, texts.buddies.buddy_link(context.bot.username, code))


async def offer(update: Update, context: Context, code: str) -> None:
    """/start <code> from an invite link (a buddy's or a coach's): ask before linking."""
    async with reading(context) as store:
        profile = context.runner
        if await services.coaching.is_coach_code(store, code):
            coach = await services.coaching.coach_behind(store, code, profile, context.now())
            text, markup = (
                texts.coaching.coach_offer(coach.first_name),
                keyboards.coach_invite(code),
            )
        else:
            inviter = await services.buddies.inviter_of(store, code, profile.user_id, context.now())
            text, markup = (
                texts.buddies.buddy_offer(inviter.first_name),
                keyboards.buddy_invite(code),
            )
    await reply(update, text, markup)


@button(callbacks.BuddyAnswer)
async def answer(update: Update, context: Context, press: Press[callbacks.BuddyAnswer]) -> None:
    """Yes or No to an invite."""
    if not press.payload.accept:
        await press.show(texts.buddies.buddy_declined())
        return
    async with writing(update, context) as store:
        profile = context.runner
        inviter = await services.buddies.accept(store, press.payload.code, profile, context.now())
    await press.show(texts.buddies.buddies_now(inviter.first_name))
    await tell(context, [inviter.chat_id], partial(texts.buddies.buddies_now, profile.first_name))
    if profile.onboarding is not None:  # joined through the link before ever setting up
        await reply(update, texts.runners.welcome(profile.first_name), keyboards.zones())


@button(callbacks.BuddyHears)
async def hears(update: Update, context: Context, press: Press[callbacks.BuddyHears]) -> None:
    """What the runner hears about their buddies."""
    async with writing(update, context) as store:
        chosen = buddies.Hears(press.payload.hears)
        await services.buddies.set_hears(store, context.runner, chosen)
    await press.show(texts.buddies.hears_set(chosen))


async def group_week(update: Update, context: Context) -> None:
    """/week in a group: every member's week."""
    chat = message_of(update).chat
    async with reading(context) as store:
        standings = await services.groups.group_week(store, chat.id, context.now())
    await reply(update, texts.groups.group_week(standings))


# A message to someone else, written when it is sent: in the language they chose.
Render = Callable[[], str]
AnyApp = Application[Any, Any, Any, Any, BotData, Any]


async def tell(context: Context, chats: Iterable[int], render: Render) -> None:
    """Messages to other runners: in the background, behind replies, never failing a handler;
    each in its reader's language."""
    tell_from(context.application, chats, render)


def tell_from(application: AnyApp, chats: Iterable[int], render: Render) -> None:
    """`tell`, for callers outside an update (the Mini App's server)."""
    chats = list(chats)
    sessionmaker = application.bot_data.deps.sessionmaker

    async def send() -> None:
        async with sessionmaker.begin() as session:
            languages = await services.runners.languages(Store(session), chats)
        for chat in chats:
            with i18n.speaking(languages.get(chat, i18n.DEFAULT)):
                text = render()
            try:
                await send_bulk(application.bot, chat, text)
            except TelegramError as error:
                log.info("could not tell chat %s: %s", chat, error.message)

    application.create_task(send(), name="tell buddies")


async def tell_buddies(
    context: Context,
    profile: Profile,
    logged: services.sessions.Logged,
    news: services.buddies.BuddyNews,
) -> None:
    """After a session is logged: the buddies who asked to hear about it."""
    buddies_hear(context.application, profile, logged, news)


def buddies_hear(
    application: AnyApp,
    profile: Profile,
    logged: services.sessions.Logged,
    news: services.buddies.BuddyNews,
) -> None:
    session = logged.session
    if news.every:
        text = partial(texts.buddies.buddy_session, profile.first_name, session, logged.today)
        tell_from(application, news.every, text)
    if news.met:
        tell_from(application, news.met, partial(texts.buddies.buddy_met, profile.first_name))
