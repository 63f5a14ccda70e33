"""Check-ins on the runner's clock: the dispatcher job and the workers that send what it claims
(check-ins, group leaderboards, coach digests), in the background behind replies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from functools import partial

from telegram.error import Forbidden, TelegramError
from telegram.ext import Application

from bot import services, texts
from bot.domain.checkins import CheckinStatus, CheckinStyle
from bot.metrics import CHECKINS
from bot.storage.store import Store
from bot.telegram import attempts, keyboards
from bot.telegram.context import Context, Deps
from bot.telegram.limiter import send_bulk
from bot.texts import i18n

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
        """Prepare the check-in, send it with bounded retries, and record how it went.

        Its claim was committed before: it is sent once at most, and a database fault while
        preparing or recording it waits for the database rather than dropping or resending it.
        """
        deps, database = self.deps, self.application.bot_data.database

        async def prepare() -> services.checkins.Prompt | None:
            async with deps.sessionmaker.begin() as session:
                return await services.checkins.prepare_or_quiet(Store(session), due, deps.clock())

        prompt = await attempts.transaction(database, prepare)
        if prompt is None:
            CHECKINS.labels("quiet").inc()
            return
        with i18n.speaking(prompt.profile.language):
            text = texts.checkins.checkin(prompt)
            markup = keyboards.checkin(
                prompt.due.kind, prompt.due.day, with_choices=prompt.style is CheckinStyle.FULL
            )
        # The rate limiter already waits out retry_after and retries 5xx and time-outs.
        status, message_id = CheckinStatus.FAILED, None
        try:
            message = await send_bulk(
                self.application.bot, prompt.profile.chat_id, text, reply_markup=markup
            )
        except Forbidden:

            async def blocked() -> None:
                async with deps.sessionmaker.begin() as session:
                    await services.checkins.blocked(Store(session), due, deps.clock())

            await attempts.transaction(database, blocked)
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

        async def finish() -> None:
            async with deps.sessionmaker.begin() as session:
                await services.checkins.finish(Store(session), due, status, message_id)

        await attempts.transaction(database, finish)
        CHECKINS.labels(status).inc()

    async def _tell_buddies(self, prompt: services.checkins.Prompt) -> None:
        name = prompt.profile.first_name
        if prompt.style is CheckinStyle.AT_RISK:
            render = partial(texts.buddies.buddy_at_risk, name, prompt.state.week)
        elif prompt.style is CheckinStyle.SUMMARY:
            render = partial(texts.buddies.buddy_weekly, name, prompt.state.week, prompt.summary)
        else:
            return
        languages = await languages_of(self.deps, list(prompt.buddy_chats))
        for chat in prompt.buddy_chats:
            with i18n.speaking(languages.get(chat, i18n.DEFAULT)):
                text = render()
            try:
                await send_bulk(self.application.bot, chat, text)
            except TelegramError as error:
                log.info("could not tell buddy chat %s: %s", chat, error.message)


async def dispatch(context: Context) -> None:
    """The one repeating dispatcher: claim due check-ins (as many as the sender has room for),
    and post the group boards that are due; only in the process that holds the leadership."""
    sender = context.bot_data.sender
    if sender is None:
        return
    database = context.bot_data.database
    if database is not None and not database.is_up:
        return  # paused until the database answers; what is due then is claimed then
    leadership = context.bot_data.leadership
    if leadership is not None and not await leadership.holds():
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
    while True:  # reminders before timed plans: claimed once, then sent behind replies
        async with deps.sessionmaker.begin() as session:
            reminders, taken = await services.plans.claim_reminders(
                Store(session), deps.clock(), CLAIM_CHUNK, grace
            )
        for reminder in reminders:
            context.application.create_task(_post_reminder(sender, reminder))
        CHECKINS.labels("reminder").inc(len(reminders))
        if taken < CLAIM_CHUNK:
            break


async def languages_of(deps: Deps, chats: list[int]) -> dict[int, str]:
    """The language chosen in each of these chats (English where none was)."""
    async with deps.sessionmaker.begin() as session:
        return await services.runners.languages(Store(session), chats)


async def _post_reminder(sender: PromptSender, reminder: services.plans.Reminder) -> None:
    """A reminder shortly before a timed plan, through the bulk limiter like a check-in."""
    with i18n.speaking(reminder.language):
        text = texts.plans.reminder(reminder.spec, reminder.lead)
    try:
        await send_bulk(sender.application.bot, reminder.chat_id, text)
    except TelegramError as error:
        log.warning("plan reminder for chat %s not sent: %s", reminder.chat_id, error.message)


async def _post_digest(sender: PromptSender, digest: services.coaching.Digest) -> None:
    """A coach's Monday digest: one message for all their athletes, split only past 4096."""
    languages = await languages_of(sender.deps, [digest.chat_id])
    with i18n.speaking(languages.get(digest.chat_id, i18n.DEFAULT)):
        table = texts.coaching.athletes_table(digest.lines, digest=True)
    for part in texts.common.split(table):
        try:
            await send_bulk(sender.application.bot, digest.chat_id, part)
        except TelegramError as error:
            log.warning("coach digest for chat %s not sent: %s", digest.chat_id, error.message)
            return


async def _post_board(
    sender: PromptSender, chat_id: int, standings: list[services.groups.Standing]
) -> None:
    """The weekly leaderboard in a group; a group that removed the bot hears no more."""
    languages = await languages_of(sender.deps, [chat_id])
    with i18n.speaking(languages.get(chat_id, i18n.DEFAULT)):
        board = texts.groups.group_week(standings, board=True)
    try:
        await send_bulk(sender.application.bot, chat_id, board)
    except Forbidden:
        async with sender.deps.sessionmaker.begin() as session:
            await services.groups.leave_group(Store(session), chat_id)
    except TelegramError as error:
        log.warning("leaderboard for group %s not sent: %s", chat_id, error.message)
