"""The ports: what the use cases need from storage, one Protocol per aggregate, the part of the
unit of work each family of use cases needs, and `Storage`, the unit of work that holds them all
in one transaction. `bot.storage.store.Store` implements them; services see only these, so they
can be read, typed and tested without knowing SQL or SQLAlchemy."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Protocol, Unpack

from bot.domain import model
from bot.domain import rewards as reward_rules
from bot.domain.buddies import BuddyOf, Hears
from bot.domain.checkins import CheckinAnswer, CheckinKind, CheckinStatus
from bot.domain.coaches import Athlete, CoachLink, Sees
from bot.domain.invites import Invite, InviteKind
from bot.domain.model import DueSchedule, NewSession
from bot.domain.plans import DueReminder, FeedLink, FeedOwner, PlanRecord, PlanSpec
from bot.domain.streaks import Calendar, CalendarFacts
from bot.domain.streaks import Pause as PauseSpan

__all__ = ["CalendarFacts", "DueSchedule", "NewSession", "Storage"]


class Updates(Protocol):
    """Handled updates: recording one makes a redelivery a no-op."""

    async def claim(self, update_id: int, now: datetime) -> bool:
        """Record an update as handled in this transaction; False if it already was."""

    async def forget_before(self, cutoff: datetime) -> None: ...


class Runners(Protocol):
    """Runners: profile, settings, weekly rules, pauses and calendar."""

    async def get(self, user_id: int, *, with_calendar: bool = False) -> model.Profile | None:
        """The runner with their current weekly rule and reward count, in one query; with
        `with_calendar`, their calendar, sessions and rewards come in the same query, for
        `calendar`, `calendar_of`, the sessions' `facts` and `logged` and the rewards' `of`
        to use."""

    async def add(
        self,
        user_id: int,
        chat_id: int,
        first_name: str,
        today: date,
        now: datetime,
        language: str = "en",
    ) -> None:
        """A new runner with the default habit, target and check-in time."""

    async def update(
        self, user_id: int, now: datetime, **changes: Unpack[model.ProfileChanges]
    ) -> None:
        """Change some of the runner's settings (and note when)."""

    async def rules(self, habit_id: int) -> list[model.WeekRule]: ...

    async def target_chosen(self, habit_id: int) -> bool:
        """Whether the runner has chosen a weekly target yet."""

    async def choose_target(self, habit_id: int) -> None:
        """Record that the runner has chosen a weekly target."""

    async def replace_rules(self, habit_id: int, rules: list[model.WeekRule]) -> None:
        """The habit's whole rule history, as `streaks.change_rules` made it."""

    async def calendar(self, user_id: int, habit_id: int) -> CalendarFacts:
        """Session days, the weekly rules and the pauses: all a Calendar needs, in one query
        (or none, when the profile brought them)."""

    async def calendar_of(self, user_id: int, habit_id: int) -> Calendar:
        """The runner's calendar, the same one until a write changes it: the weeks it judged
        for one use serve the next."""

    async def pauses(self, user_id: int) -> list[PauseSpan]: ...

    async def add_pause(self, user_id: int, first: date, last: date, now: datetime) -> None: ...

    async def end_pauses(self, user_id: int, today: date) -> int:
        """End the pauses still running today: they stop yesterday (or vanish if not begun)."""

    async def week_start(self, user_id: int) -> int: ...

    async def delete(self, user_id: int) -> bool:
        """Remove a runner and, through the foreign keys, every row about them."""

    async def languages(self, chat_ids: list[int]) -> dict[int, str]:
        """The language chosen for each of these chats; a chat without one is left out."""

    async def admin_counts(self, since: datetime, now: datetime) -> dict[str, int]:
        """Users, active users, sessions logged since `since` and check-ins due by `now`."""


class Sessions(Protocol):
    """The sessions a runner logged."""

    async def add(self, new: model.NewSession) -> model.Session | None:
        """Insert a session; None when its source message was logged already."""

    async def from_source(self, chat_id: int, message_id: int) -> model.Session | None: ...

    async def get(self, user_id: int, session_id: int) -> model.Session | None: ...

    async def latest(self, user_id: int) -> model.Session | None: ...

    async def delete(self, user_id: int, session_id: int) -> None: ...

    async def change(
        self, user_id: int, session_id: int, *, activity: str, minutes: int, day: date
    ) -> None:
        """Set a past session's activity, minutes and day (its note and source stay)."""

    async def since(self, user_id: int, first: date, limit: int) -> list[model.Session]:
        """The runner's sessions on `first` or later, newest day first."""

    async def on_day(
        self, user_id: int, day: date, limit: int | None = None
    ) -> list[model.Session]:
        """The runner's sessions on one day, in the order they were logged."""

    async def recent(self, user_id: int, limit: int, skip: int = 0) -> list[model.Session]:
        """The runner's sessions, newest day first, after skipping `skip` of them."""

    async def logged_since(
        self, user_id: int, habit_id: int, after: datetime
    ) -> list[model.RecentSession]:
        """The sessions logged after an instant."""

    async def count(self, user_id: int) -> int:
        """How many sessions the runner has logged."""

    async def recent_activities(self, user_id: int, limit: int) -> list[str]:
        """Activities by how recently they were last logged."""

    async def recent_minutes(self, user_id: int, activity: str, limit: int) -> list[int]: ...

    async def usual_activity(self, user_id: int, window: int) -> str | None:
        """The activity logged most often lately (the latest one on a tie)."""

    async def facts(self, habit_id: int, since: date | None = None) -> list[model.SessionFact]:
        """The local date, minutes and activity of every session (from `since` on, when given), by
        day: only the columns stats need."""

    async def logged(self, habit_id: int, since: date) -> list[reward_rules.LoggedSession]:
        """What reward progress reads: id, day, minutes and when each session was logged,
        in no particular order (one JSON text: years of sessions are read on every /done;
        none when a calendar read brought them)."""

    async def export(self, user_id: int) -> list[model.ExportedSession]:
        """Every session, as an export writes it."""

    async def keys(self, habit_id: int) -> Counter[model.SessionKey]:
        """How many sessions of each (day, activity, minutes, note) a habit holds."""


class Rewards(Protocol):
    """A runner's rewards and their unlock ledger."""

    async def of(self, user_id: int) -> list[reward_rules.Reward]:
        """Every reward of a runner, oldest first, with its ledger summed up (none read when
        the profile brought them)."""

    async def add(
        self, user_id: int, spec: reward_rules.RewardSpec, start_day: date, now: datetime
    ) -> None: ...

    async def delete(self, user_id: int, reward_id: int) -> bool: ...

    async def add_unlocks(
        self,
        earned: list[model.Earned],
        day: date,
        now: datetime,
    ) -> None:
        """One unlock per (reward id, session that earned it), in one statement."""

    async def earners(self, reward_id: int) -> set[int]:
        """The sessions that hold an unlock of a reward."""

    async def take_back_unlocks(self, session_id: int) -> list[str]:
        """Remove the unclaimed unlocks a session earned; the reward names, one per unlock."""

    async def claim_unlock(self, reward_id: int, now: datetime) -> bool:
        """Mark the oldest unclaimed unlock of a reward as claimed; False if there is none."""

    async def set_resets_seen(self, reward_id: int, value: int) -> None: ...

    async def ledger(self, user_id: int) -> list[reward_rules.LedgerEntry]:
        """Every unlock of the runner's rewards."""

    async def take_back_latest(self, reward_id: int, count: int) -> None:
        """Remove a reward's `count` latest unclaimed unlocks."""

    async def restore(
        self,
        user_id: int,
        spec: reward_rules.RewardSpec,
        start_day: date,
        created_at: datetime,
        resets_seen: int,
        unlocks: list[model.SavedUnlock],
    ) -> None:
        """A reward from an export, with its ledger."""


class Checkins(Protocol):
    """Check-in schedules and the check-ins claimed from them."""

    async def set_schedule(
        self, user_id: int, kind: CheckinKind, due_at: datetime | None
    ) -> None: ...

    async def schedules(self, user_id: int) -> dict[str, datetime]: ...

    async def due(self, now: datetime, limit: int) -> list[DueSchedule]:
        """Due check-ins with their owner's timing, oldest first, locked for this transaction;
        rows another process holds are skipped (PostgreSQL; SQLite has one writer at a time)."""

    async def oldest_due(self, now: datetime) -> datetime | None:
        """When the longest-waiting due check-in fell due (the dispatcher's lag), or None."""

    async def claim(
        self, wanted: list[model.CheckinKey], now: datetime
    ) -> dict[model.CheckinKey, int]:
        """Claim check-ins (user, kind, local date) in one statement; those claimed before
        are left out of the answer, which maps each newly claimed one to its id."""

    async def move_schedules(self, moves: list[model.ScheduleAt]) -> None:
        """Set the next due instant of many schedules in one round trip."""

    async def drop_schedules(self, done: list[model.ScheduleAt]) -> None:
        """Remove schedules that are due once, each only if still due at that instant."""

    async def last_day(self, user_id: int, kind: CheckinKind) -> date | None: ...

    async def answer_of(self, user_id: int, day: date) -> CheckinAnswer | None:
        """How the runner answered that morning's check-in, if they did."""

    async def answer(self, user_id: int, day: date, answer: CheckinAnswer, now: datetime) -> None:
        """Record the morning answer, creating the day's row if the prompt was never sent."""

    async def finish(
        self, checkin_id: int, status: CheckinStatus, message_id: int | None
    ) -> None: ...


class Plans(Protocol):
    """Plans written ahead, by the runner or their coach; their reminders and calendar links."""

    async def add(
        self,
        user_id: int,
        spec: PlanSpec,
        now: datetime,
        coach_id: int | None = None,
        remind_at: datetime | None = None,
    ) -> str:
        """A new plan; its uid."""

    async def change(
        self,
        uid: str,
        spec: PlanSpec,
        now: datetime,
        coach_id: int | None,
        remind_at: datetime | None,
        *,
        reminded: bool,
    ) -> None: ...

    async def cancel(self, uids: list[str], now: datetime) -> None: ...

    async def live(self, user_id: int, day: date, activity: str | None = None) -> list[PlanRecord]:
        """The plans standing for a day (of one activity, when given)."""

    async def records(
        self, user_ids: list[int], first: date, last: date, cancelled_since: datetime
    ) -> dict[int, list[PlanRecord]]: ...

    async def between(self, user_id: int, first: date, last: date) -> list[PlanSpec]: ...

    async def remind_minutes(self, user_id: int) -> int | None: ...

    async def set_remind_minutes(self, user_id: int, minutes: int | None) -> None: ...

    async def timed_from(self, user_id: int, first: date) -> list[PlanRecord]: ...

    async def set_remind_at(self, uid: str, remind_at: datetime | None) -> None: ...

    async def claim_reminders(self, now: datetime, limit: int) -> list[DueReminder]:
        """Claim due reminders, oldest first; once committed, never claimed again."""

    async def feed(self, token: str) -> FeedOwner | None:
        """Whose calendar link this token is; None when there is no such link."""

    async def feed_of(self, user_id: int, kind: str) -> FeedLink | None:
        """The runner's calendar link of a kind, if they have one."""

    async def set_feed(
        self, user_id: int, kind: str, token: str, with_sessions: bool, now: datetime
    ) -> None: ...

    async def drop_feeds(self, user_id: int) -> int: ...

    async def count_live(self, user_id: int) -> int: ...


class Invites(Protocol):
    """Single-use invite codes of each kind: a buddy's or a coach's."""

    async def add(self, kind: InviteKind, code: str, inviter_id: int, now: datetime) -> None: ...

    async def get(self, kind: InviteKind, code: str) -> Invite | None:
        """The invite of this kind with this code; None when there is no such code."""

    async def use(self, kind: InviteKind, code: str, now: datetime) -> bool:
        """Mark an unused invite used; False when it was used meanwhile."""


class Buddies(Protocol):
    """Buddy pairs and who hears what."""

    async def pair(self, first: int, second: int, now: datetime) -> bool:
        """Make two runners buddies (both directions); False if they already were."""

    async def unpair_all(self, user_id: int) -> list[int]:
        """End every buddy pair of a runner, for both sides; the former buddies."""

    async def of(self, user_id: int) -> list[BuddyOf]:
        """The runner's buddies, and what the runner hears about each."""

    async def listeners(self, user_id: int, hears: Hears) -> list[int]:
        """Chats of active runners who hear `hears` about this runner."""

    async def set_hears(self, user_id: int, hears: Hears) -> None: ...


class Groups(Protocol):
    """Group chats, their members and weekly boards."""

    async def join(
        self, chat_id: int, title: str, user_id: int, now: datetime, board_due_at: datetime
    ) -> None: ...

    async def language(self, chat_id: int) -> str | None:
        """The language chosen for the group, if anyone chose one."""

    async def set_language(self, chat_id: int, language: str) -> bool:
        """Choose the group's language; False when the bot does not know the group."""

    async def leave(self, chat_id: int) -> None: ...

    async def members(self, chat_id: int) -> list[int]: ...

    async def due_boards(self, now: datetime, limit: int) -> list[int]: ...

    async def move_board(self, chat_id: int, due_at: datetime) -> None: ...


class Coaching(Protocol):
    """Coach–athlete links and digests."""

    async def link(self, coach_id: int, athlete_id: int, sees: Sees, now: datetime) -> bool:
        """Make `coach_id` the athlete's coach; False when the athlete has a coach already."""

    async def coach_of(self, athlete_id: int) -> CoachLink | None:
        """An athlete's coach, and what the coach sees."""

    async def athletes_of(self, coach_id: int) -> list[Athlete]:
        """A coach's athletes, by name."""

    async def set_username(self, user_id: int, username: str | None) -> None: ...

    async def count_athletes(self, coach_id: int) -> int: ...

    async def unlink(self, athlete_id: int, coach_id: int | None = None) -> int | None:
        """End an athlete's coaching (only by `coach_id`, when given); the former coach."""

    async def set_sees(self, athlete_id: int, sees: Sees) -> bool: ...

    async def set_digest(self, coach_id: int, due_at: datetime) -> None:
        """When the coach's next digest is due (kept if one is already set)."""

    async def due_digests(self, now: datetime, limit: int) -> list[int]: ...

    async def move_digest(self, coach_id: int, due_at: datetime) -> None: ...


class Milestones(Protocol):
    """Comebacks and habit milestones the runner was told of."""

    async def claim(self, habit_id: int, kind: str, day: date, now: datetime) -> bool:
        """True when this one was not told before (and now counts as told)."""

    async def told(self, habit_id: int, kind: str) -> list[date]:
        """The days of the milestones of this kind told so far, oldest first."""


# -- what each family of use cases needs ---------------------------------------------------------
# One Protocol per repository, then one per family of use cases (a services module, or a few of its
# functions other families call) naming the repositories it reads and writes, those of the use
# cases it calls included. `Storage` is all of them; `bot.storage.store.Store` satisfies it.


class HasUpdates(Protocol):
    @property
    def updates(self) -> Updates: ...


class HasRunners(Protocol):
    @property
    def runners(self) -> Runners: ...


class HasSessions(Protocol):
    @property
    def sessions(self) -> Sessions: ...


class HasRewards(Protocol):
    @property
    def rewards(self) -> Rewards: ...


class HasCheckins(Protocol):
    @property
    def checkins(self) -> Checkins: ...


class HasPlans(Protocol):
    @property
    def plans(self) -> Plans: ...


class HasInvites(Protocol):
    @property
    def invites(self) -> Invites: ...


class HasBuddies(Protocol):
    @property
    def buddies(self) -> Buddies: ...


class HasGroups(Protocol):
    @property
    def groups(self) -> Groups: ...


class HasCoaching(Protocol):
    @property
    def coaching(self) -> Coaching: ...


class HasMilestones(Protocol):
    @property
    def milestones(self) -> Milestones: ...


class RunnerStore(HasRunners, Protocol):
    """A runner's profile and calendar (`services.base`)."""


class ScheduleStore(HasRunners, HasCheckins, HasPlans, Protocol):
    """Check-in schedules (`services.checkins.reschedule`, `claim_due`)."""


class InviteStore(HasRunners, HasInvites, Protocol):
    """Invite codes (`services.invites`)."""


class BuddyStore(InviteStore, HasBuddies, Protocol):
    """Buddies and their invites (`services.buddies`)."""


class SessionStore(HasRunners, HasSessions, HasRewards, HasMilestones, Protocol):
    """Sessions and the rewards they earn (`services.sessions`, `rewards`, `editing`)."""


class PlanStore(HasRunners, HasSessions, HasPlans, Protocol):
    """Plans and what was logged against them (`services.plans`, `stats`)."""


class CoachingStore(InviteStore, PlanStore, HasCoaching, Protocol):
    """Coaches, athletes and the plans coaches write (`services.coaching`)."""


class CalendarStore(PlanStore, HasCoaching, Protocol):
    """The calendar links and what they show (`services.calendar`)."""


class GroupStore(PlanStore, HasGroups, Protocol):
    """Group chats and their weekly boards (`services.groups`)."""


class SharingStore(SessionStore, HasBuddies, Protocol):
    """A session logged and the buddies who hear of it (`services.buddies.log_shared`)."""


class CheckinStore(ScheduleStore, PlanStore, SharingStore, Protocol):
    """Check-ins: prompts, answers and what Done logs (`services.checkins`, `cues`)."""


class SettingsStore(ScheduleStore, GroupStore, SessionStore, Protocol):
    """A runner's settings and onboarding (`services.runners`, `onboarding`)."""


class PortabilityStore(ScheduleStore, PlanStore, SessionStore, Protocol):
    """Export and import (`services.portability`)."""


class SeasonStore(PlanStore, SessionStore, HasCoaching, Protocol):
    """A runner's season, looked back on by them or their coach (`services.season`)."""


class MilestoneStore(HasMilestones, Protocol):
    """Milestones told (`services.habits`)."""


class Storage(
    HasUpdates,
    BuddyStore,
    CheckinStore,
    CoachingStore,
    CalendarStore,
    SettingsStore,
    PortabilityStore,
    SeasonStore,
    MilestoneStore,
    Protocol,
):
    """One unit of work: a repository per aggregate, all in the caller's one transaction.

    The caller opens and commits it (a handler's `reading`/`writing`, a job's `begin()`);
    use cases never commit."""
