"""Check-ins on the runner's clock: the dispatcher job, the sender, and the check-in buttons."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import date, datetime, timedelta

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application

from bot import services, texts
from bot.domain import parsing
from bot.domain.checkins import CheckinAnswer, CheckinStatus, CheckinStyle
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import Profile
from bot.metrics import CHECKINS
from bot.storage.leader import Leadership
from bot.storage.store import Store
from bot.telegram import callbacks, keyboards
from bot.telegram.handlers import together
from bot.telegram.handlers.common import (
    Context,
    Deps,
    message_of,
    now,
    pressed,
    refresh_schedule,
    reply,
    runner,
    writing,
)
from bot.telegram.limiter import send_bulk

log = logging.getLogger(__name__)

CLAIM_CHUNK = 100


class PromptSender:
    """Workers that prepare and send claimed check-ins, at most `capacity` waiting at a time."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        deps: Deps,
        *,
        capacity: int = 600,
        workers: int = 40,
    ) -> None:
        self.application = application
        self.deps = deps
        self.capacity = capacity
        self.queue: asyncio.Queue[services.checkins.Due] = asyncio.Queue()
        self.in_flight = 0
        self.sent = 0
        self.failed = 0
        self._workers = [asyncio.create_task(self._work()) for _ in range(workers)]

    def room(self) -> int:
        return self.capacity - self.queue.qsize() - self.in_flight

    async def stop(self) -> None:
        for task in self._workers:
            task.cancel()
        for task in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _work(self) -> None:
        while True:
            due = await self.queue.get()
            self.in_flight += 1
            try:
                await self.deliver(due)
            except Exception:
                log.exception("check-in %s for user %s failed", due.kind, due.user_id)
            finally:
                self.in_flight -= 1
                self.queue.task_done()

    async def deliver(self, due: services.checkins.Due) -> None:
        """Prepare the check-in, send it with bounded retries, and record how it went."""
        async with self.deps.sessionmaker.begin() as session:
            store = Store(session)
            prompt = await services.checkins.prepare(store, due, self.deps.clock())
            if prompt is None:
                await services.checkins.finish(store, due, CheckinStatus.QUIET)
                CHECKINS.labels("quiet").inc()
                return
        text = texts.checkins.checkin(prompt)
        markup = keyboards.checkin(
            prompt.due.kind, prompt.due.day, with_choices=prompt.style == "full"
        )
        # The rate limiter already waits out retry_after and retries 5xx and time-outs.
        status, message_id = CheckinStatus.FAILED, None
        try:
            message = await send_bulk(
                self.application.bot, prompt.profile.chat_id, text, reply_markup=markup
            )
        except Forbidden:
            await self._deactivate(due.user_id)
            status = CheckinStatus.BLOCKED
        except TelegramError as error:
            log.warning("check-in for user %s not sent: %s", due.user_id, error.message)
        else:
            status, message_id = CheckinStatus.SENT, message.message_id
        if status is CheckinStatus.SENT:
            self.sent += 1
            await self._tell_buddies(prompt)
        else:
            self.failed += 1
        async with self.deps.sessionmaker.begin() as session:
            await services.checkins.finish(Store(session), due, status, message_id)
        CHECKINS.labels(status).inc()

    async def _tell_buddies(self, prompt: services.checkins.Prompt) -> None:
        name = prompt.profile.first_name
        if prompt.style is CheckinStyle.AT_RISK:
            text = texts.buddies.buddy_at_risk(name, prompt.state.week)
        elif prompt.style is CheckinStyle.SUMMARY:
            text = texts.buddies.buddy_weekly(name, prompt.state.week, prompt.summary)
        else:
            return
        for chat in prompt.buddy_chats:
            try:
                await send_bulk(self.application.bot, chat, text)
            except TelegramError as error:
                log.info("could not tell buddy chat %s: %s", chat, error.message)

    async def _deactivate(self, user_id: int) -> None:
        """The runner blocked the bot: no more check-ins until they come back."""
        async with self.deps.sessionmaker.begin() as session:
            store = Store(session)
            await store.runners.update(user_id, self.deps.clock(), active=False)
            profile = await store.runners.get(user_id)
            if profile is not None:
                await services.checkins.reschedule(store, profile, self.deps.clock())


async def dispatch(context: Context) -> None:
    """The one repeating dispatcher: claim due check-ins (as many as the sender has room for),
    and post the group boards that are due; only in the process that holds the leadership."""
    sender = context.bot_data.get("sender")
    if not isinstance(sender, PromptSender):
        return
    leadership = context.bot_data.get("leadership")
    if isinstance(leadership, Leadership) and not await leadership.holds():
        return  # another process sharing the database dispatches
    deps = sender.deps
    grace = timedelta(minutes=deps.settings.prompt_grace_minutes)
    while (room := min(sender.room(), CLAIM_CHUNK)) > 0:
        async with deps.sessionmaker.begin() as session:
            claimed = await services.checkins.claim_due(Store(session), deps.clock(), room, grace)
        for due in claimed:
            sender.queue.put_nowait(due)
        if len(claimed) < room:
            break
    async with deps.sessionmaker.begin() as session:
        boards = await services.groups.due_boards(Store(session), deps.clock())
    for chat_id, standings in boards:
        context.application.create_task(_post_board(sender, chat_id, standings))
    async with deps.sessionmaker.begin() as session:
        digests = await services.coaching.due_digests(Store(session), deps.clock())
    for digest in digests:
        context.application.create_task(_post_digest(sender, digest))


async def _post_digest(sender: PromptSender, digest: services.coaching.Digest) -> None:
    """A coach's Monday digest: one message for all their athletes, split only past 4096."""
    for part in texts.common.split(texts.coaching.athletes_table(digest.lines, digest=True)):
        try:
            await send_bulk(sender.application.bot, digest.chat_id, part)
        except TelegramError as error:
            log.warning("coach digest for chat %s not sent: %s", digest.chat_id, error.message)
            return


async def _post_board(
    sender: PromptSender, chat_id: int, standings: list[services.groups.Standing]
) -> None:
    """The weekly leaderboard in a group; a group that removed the bot hears no more."""
    try:
        await send_bulk(
            sender.application.bot, chat_id, texts.groups.group_week(standings, board=True)
        )
    except Forbidden:
        async with sender.deps.sessionmaker.begin() as session:
            await Store(session).groups.leave(chat_id)
    except TelegramError as error:
        log.warning("leaderboard for group %s not sent: %s", chat_id, error.message)


async def button(update: Update, context: Context) -> None:
    """Done, Tonight and Rest day under a check-in."""
    button = await pressed(update, callbacks.CheckInChoice)
    if button is None:
        return
    query, payload = button
    message = message_of(update)
    moment = now(context)
    logged: services.sessions.Logged | None = None
    async with writing(update, context) as store:
        profile = await runner(store, update, context, with_calendar=payload.action == "done")
        today = services.base.today_for(profile, moment)
        if payload.action != "done":
            if payload.day != today:
                raise UserError(ErrorCode.CHECKIN_EXPIRED, day=payload.day)
            await services.checkins.answer(
                store, profile, today, CheckinAnswer(payload.action), moment
            )
            text, markup = texts.checkins.checkin_answered(payload.action, profile), None
        else:
            choice = await _what_done_logs(store, profile, payload.day, moment)
            if choice is None:
                text = texts.sessions.ask_minutes("strength", payload.day, today, None)
                markup = keyboards.minutes("strength", payload.day, None)
            else:
                logged = await services.sessions.log_session(
                    store, profile, activity=choice[0], minutes=choice[1], day=payload.day,
                    note=choice[2], now=moment, source=(message.chat_id, message.message_id),
                    last=True,
                )  # fmt: skip
                text = texts.sessions.logged(logged)
                markup = keyboards.undo(logged.session.id)
                buddy_news = await services.buddies.news_for_buddies(store, profile, logged)
    await query.answer()
    await query.edit_message_text(text, reply_markup=markup)
    if logged is not None:
        await together.tell_buddies(context, profile, logged, buddy_news)


async def _what_done_logs(
    store: Store, profile: Profile, day: date, now: datetime
) -> tuple[str, int, str | None] | None:
    """The day's plan exactly (its details as the note) if there is one, else what the runner
    sticks with at its usual minutes, else their usual; None when there is none of these."""
    planned = await services.plans.plan_for(store, profile, day)
    if planned is not None:
        return planned.activity, planned.minutes, planned.details
    usual = await services.plans.usual(store, profile, now)
    return (*usual, None) if usual else None


async def evening(update: Update, context: Context) -> None:
    """/evening 19:00: when Tonight reminders and at-risk nudges come."""
    raw = " ".join(context.args or [])
    if not raw:
        raise UserError(ErrorCode.EVENING_MISSING)
    clock = parsing.parse_clock(raw)
    async with writing(update, context) as store:
        profile = await runner(store, update, context)
        await store.runners.update(
            profile.user_id, now(context), evening_minute=clock.hour * 60 + clock.minute
        )
        await refresh_schedule(store, profile.user_id, context)
    await reply(update, texts.checkins.evening_set(clock.hour * 60 + clock.minute))
