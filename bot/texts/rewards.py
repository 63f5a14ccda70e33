"""Rewards: set, progress, unlocked, claimed, deleted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain import rewards as reward_rules
from bot.services.rewards import RewardNews
from bot.texts.i18n import _

if TYPE_CHECKING:
    pass
from bot.texts.common import bar, e, ordinal, plural


def progress_words(progress: reward_rules.Progress) -> str:
    return (
        f"{bar(progress.value, progress.target)} {progress.value}/{progress.target} {progress.unit}"
    )


def keep_going(progress: reward_rules.Progress) -> str:
    if not progress.needed_this_week:
        return ""
    days = plural(progress.needed_this_week, "more day")
    return f" — {days} this week keep{'s' if progress.needed_this_week == 1 else ''} it going"


def reward_news(news: RewardNews) -> str:
    lines = []
    for unlock in news.unlocked:
        if unlock.repeating:
            times = f" ({ordinal(unlock.times)} time)" if unlock.times > 1 else ""
            lines.append(f"🎁 Treat time: <b>{e(unlock.name)}</b>{times}. Enjoy it! 🎉")
        else:
            lines.append(f"🎉 You earned it: <b>{e(unlock.name)}</b>. Go get it! 🎉")
    for name, progress in news.restarted:
        lines.append(
            f"Your streak started over, so <b>{e(name)}</b> counts again from here: "
            f"{progress.value}/{progress.target} {progress.unit}. Something is always better "
            "than nothing; you've got this."
        )
    if not lines and news.nearest is not None:
        name, progress = news.nearest
        lines.append(f"🎁 {e(name)}: {progress_words(progress)}{keep_going(progress)}")
    return "".join(f"\n{line}" for line in lines)


GOAL_WORDS = {
    reward_rules.Goal.EVERY_SESSION: "every session",
    reward_rules.Goal.EVERY_N_SESSIONS: "every {n} sessions",
    reward_rules.Goal.EVERY_WEEK: "every week on target",
    reward_rules.Goal.SESSIONS: "{n} sessions",
    reward_rules.Goal.MINUTES: "{n} minutes",
    reward_rules.Goal.DAYS: "{n} consistency days in a row",
    reward_rules.Goal.WEEKS: "{n} weeks on target in a row",
    reward_rules.Goal.MONTH: "a month of consistency",
}


def goal_words(goal: reward_rules.Goal, amount: int) -> str:
    return GOAL_WORDS[goal].format(n=amount)


def reward_set(spec: reward_rules.RewardSpec) -> str:
    return (
        f"🎁 Deal: <b>{e(spec.name)}</b> after {goal_words(spec.goal, spec.amount)}. "
        "It counts from now on; see how you're doing with /rewards."
    )


def reward_list(items: list[tuple[reward_rules.Reward, reward_rules.Progress]]) -> str:
    if not items:
        return (
            "No rewards yet. Bribe yourself! e.g.\n"
            "<code>/reward running top after 21 days</code>\n"
            "<code>/reward one cookie after every session</code>\n"
            "<code>/reward new shoes after month</code>"
        )
    working, earned, claimed = [], [], []
    for number, (reward, progress) in enumerate(items, 1):
        name = f"{number}. <b>{e(reward.name)}</b>"
        if reward.goal.repeating:
            to_claim = reward.unlocked - reward.claimed
            line = f"{name} — {goal_words(reward.goal, reward.amount)}"
            if progress.target > 1:
                line += f" · {progress_words(progress)}"
            if reward.unlocked:
                line += f" · earned {reward.unlocked}×"
            if to_claim:
                line += f", {to_claim} to claim (/claim {number})"
            working.append(line)
        elif not reward.unlocked:
            working.append(f"{name} {progress_words(progress)}{keep_going(progress)}")
        elif reward.claimed:
            when = f", claimed {reward.claimed_on:%d %b}" if reward.claimed_on else ""
            claimed.append(f"{name} — earned {reward.earned_on:%d %b}{when}")
        else:
            earned.append(f"{name} — earned {reward.earned_on:%d %b} 🎉 /claim {number}")
    parts = ["<b>🎁 Your rewards</b>", *working]
    if earned:
        parts += ["\n<b>Earned</b>", *earned]
    if claimed:
        parts += ["\n<b>Claimed</b>", *claimed]
    return "\n".join(parts)


def claimed_reward(reward: reward_rules.Reward) -> str:
    return f"✅ Claimed: <b>{e(reward.name)}</b>. You earned every bit of it."


def confirm_delete_reward(reward: reward_rules.Reward) -> str:
    return (
        f"Delete <b>{e(reward.name)}</b>? Its progress goes with it "
        "(a promise can't be made easier, only dropped)."
    )


def reward_deleted(deleted: bool) -> str:
    return "🗑 Deleted." if deleted else "That reward is already gone."


def delete_reward_button() -> str:
    return _("🗑 Yes, delete it")
