"""Accountability: /plan, /plans, /buddy and its buttons, the group week and leaderboard."""

from __future__ import annotations

from functools import partial

from telegram import InputFile, Update

from bot import services, texts
from bot.domain import buddies
from bot.domain import plans as plan_rules
from bot.domain.invites import InviteKind
from bot.domain.model import Profile
from bot.telegram import callbacks, keyboards
from bot.telegram.context import Context
from bot.telegram.handlers import invites
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
from bot.telegram.handlers.telling import Render, tell
from bot.texts import i18n


async def plan(update: Update, context: Context) -> None:
    """/plan <day> <activity> <minutes> [details], /plan week, /plan clear <day>; a coach
    names an athlete (/plan @anna tue kettlebell 20) or picks one from buttons."""
    raw = args_text(update)
    first, _, rest = raw.partition(" ")
    if first.startswith("@"):
        async with reading(context) as store:
            found = await services.coaching.athletes_named(store, context.runner, first)
        if len(found) > 1:
            choices = [(a.user_id, a.name) for a in found]
            await ask_which(update, texts.coaching.pick_athlete(True), choices, me=False)
            return
        async with writing(update, context) as store:
            coach = context.runner
            done = await services.plans.for_athlete(
                store, coach, found[0].user_id, rest, context.now()
            )
        text, news = athlete_reply(coach, done)
        await reply(update, text)
        await tell(context, [news[0]], news[1])
        return
    async with writing(update, context) as store:
        profile = context.runner
        chosen = await services.plans.plan_or_pick(
            store, profile, raw, context.now(), i18n.current()
        )
    if isinstance(chosen, services.plans.PickAthlete):
        await ask_which(update, texts.coaching.pick_athlete(True), chosen.choices, me=True)
        return
    text, coach_news = own_reply(profile, chosen)
    await reply(update, text)
    if coach_news is not None:
        await tell(context, [coach_news[0]], coach_news[1])


def own_reply(
    profile: Profile, done: services.plans.OwnPlan
) -> tuple[str, tuple[int, Render] | None]:
    """The reply to the runner's own /plan, and the coach to tell when a plan of theirs went."""
    match done:
        case services.plans.WeekCopied(today, specs):
            return texts.coaching.week_copied(specs, today), None
        case services.plans.DayCleared(today, day, count, coach_chat):
            text, replaced = texts.plans.plan_cleared(day, today, count), None
        case services.plans.PlanSet(today, spec, changed, remind, coach_chat):
            day, replaced = spec.day, spec
            text = texts.plans.plan_set(spec, today, changed=changed, remind=remind)
    news = partial(texts.coaching.coach_plan_dropped, profile.first_name, day, replaced)
    return text, (coach_chat, news) if coach_chat is not None else None


def athlete_reply(
    coach: Profile, done: services.plans.AthletePlan
) -> tuple[str, tuple[int, Render]]:
    """The reply to a coach's /plan for an athlete, and the athlete's chat and message."""
    match done:
        case services.plans.ClearedForAthlete(name, chat, day, specs):
            news = partial(texts.plans.cleared_by_coach, coach.first_name, day, specs)
            return texts.plans.coach_cleared(name, day, specs), (chat, news)
        case services.plans.PlannedForAthlete(name, chat, specs, today, athlete_today):
            news = partial(texts.coaching.plans_from_coach, coach.first_name, specs, athlete_today)
            return texts.coaching.coach_planned(name, specs, today), (chat, news)


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
    reset = words[:1] == ["reset"]
    sessions = (
        words[1] == "on" if words[:1] == ["sessions"] and words[1:2] in (["on"], ["off"]) else None
    )
    async with writing(update, context) as store:
        found = await services.calendar.links(
            store, context.runner, context.now(), reset=reset, sessions=sessions
        )
    head = texts.calendar.links_reset() + "\n\n" if reset else ""
    text = texts.calendar.links(base, found.token, found.with_sessions, found.athletes)
    await reply(update, head + text)


@private
async def remind(update: Update, context: Context) -> None:
    """/remind 30 (minutes before a timed plan), /remind off, /remind (the setting now)."""
    raw = args_text(update)
    async with writing(update, context) as store:
        profile = context.runner
        if raw:
            minutes = plan_rules.remind_minutes(raw, i18n.current())
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
        markup = keyboards.buddy_settings() if items else None  # nothing to hear about yet
        await reply(update, texts.buddies.buddy_status(items), markup)
        return
    if word == "remove":
        async with writing(update, context) as store:
            profile = context.runner
            chats = await services.buddies.remove_buddies(store, profile)
        await reply(update, texts.buddies.buddies_removed(len(chats)))
        await tell(context, chats, partial(texts.buddies.buddy_gone, profile.first_name))
        return
    await invites.send_link(update, context, InviteKind.BUDDY)


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
