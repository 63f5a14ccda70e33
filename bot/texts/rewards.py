"""Rewards: set, progress, unlocked, claimed, deleted."""

from __future__ import annotations

from bot.domain import habits
from bot.domain import rewards as reward_rules
from bot.services.rewards import RewardNews
from bot.texts.common import bar, day_month, e, long_day, ordinal
from bot.texts.i18n import _, ngettext

Goal = reward_rules.Goal


def progress_count(progress: reward_rules.Progress) -> str:
    """`3/21 days`: how far towards the goal, in the goal's unit."""
    target = progress.target
    if progress.unit == "sessions":
        # TRANSLATORS: done so far / the goal, read "3 of 21 sessions"; the unit agrees with the
        # goal's number. The same below.
        text = ngettext("{value}/{target} session", "{value}/{target} sessions", target)
    elif progress.unit == "minutes":
        text = ngettext("{value}/{target} minute", "{value}/{target} minutes", target)
    elif progress.unit == "weeks":
        text = ngettext("{value}/{target} week", "{value}/{target} weeks", target)
    elif progress.unit == "strength":
        # TRANSLATORS: habit strength so far / the strength a habit needs, as percentages.
        return _("habit strength {value}%/{target}%").format(
            value=progress.value, target=progress.target
        )
    else:
        text = ngettext("{value}/{target} day", "{value}/{target} days", target)
    return text.format(value=progress.value, target=progress.target)


def progress_words(progress: reward_rules.Progress) -> str:
    return f"{bar(progress.value, progress.target)} {progress_count(progress)}"


def counting_from(reward: reward_rules.Reward) -> str:
    """When a reward started counting, so its progress never seems to contradict the streak."""
    return _("counting from {day}, when you set it").format(day=long_day(reward.start_day))


def keep_going(progress: reward_rules.Progress) -> str:
    needed = progress.needed_this_week
    if not needed:
        return ""
    return " " + ngettext(
        "— {count} more day this week keeps it going",
        "— {count} more days this week keep it going",
        needed,
    ).format(count=needed)


def reward_news(news: RewardNews) -> str:
    lines = []
    for unlock in news.unlocked:
        name = e(unlock.name)
        if unlock.repeating and unlock.times > 1:
            lines.append(
                _("🎁 Treat time: <b>{name}</b> ({ordinal} time). Enjoy it! 🎉").format(
                    name=name, ordinal=ordinal(unlock.times)
                )
            )
        elif unlock.repeating:
            lines.append(_("🎁 Treat time: <b>{name}</b>. Enjoy it! 🎉").format(name=name))
        else:
            lines.append(_("🎉 You earned it: <b>{name}</b>. Go get it! 🎉").format(name=name))
    for name in news.taken_back:
        lines.append(
            _(
                "↩️ Taken back: <b>{name}</b>, since what earned it no longer holds (an "
                "unclaimed reward follows the sessions and weeks that earned it)."
            ).format(name=e(name))
        )
    for name, progress in news.restarted:
        lines.append(
            _(
                "Your streak started over, so <b>{name}</b> counts again from here: "
                "{progress}. Something is always better than nothing; you've got this."
            ).format(name=e(name), progress=progress_count(progress))
        )
    if not lines and news.nearest is not None:
        name, progress = news.nearest
        lines.append(f"🎁 {e(name)}: {progress_words(progress)}{keep_going(progress)}")
    return "".join(f"\n{line}" for line in lines)


def goal_words(goal: reward_rules.Goal, amount: int) -> str:
    """`21 consistency days in a row`, `every session`, ..."""
    if goal is Goal.EVERY_SESSION:
        return _("every session")
    if goal is Goal.EVERY_N_SESSIONS:
        text = ngettext("every {n} session", "every {n} sessions", amount)
    elif goal is Goal.EVERY_WEEK:
        return _("every week on target")
    elif goal is Goal.SESSIONS:
        text = ngettext("{n} session", "{n} sessions", amount)
    elif goal is Goal.MINUTES:
        text = ngettext("{n} minute", "{n} minutes", amount)
    elif goal is Goal.DAYS:
        text = ngettext("{n} consistency day in a row", "{n} consistency days in a row", amount)
    elif goal is Goal.WEEKS:
        text = ngettext("{n} week on target in a row", "{n} weeks on target in a row", amount)
    elif goal is Goal.COMEBACK:
        return _("every comeback")
    elif goal is Goal.HABIT:
        return _("when it's a habit")
    else:
        return _("a month of consistency")
    return text.format(n=amount)


def reward_set(spec: reward_rules.RewardSpec) -> str:
    if spec.goal is Goal.COMEBACK:
        return _(
            "🎁 Deal: <b>{name}</b> every time you come back: the first session after a week "
            "without one, or after a pause. Coming back is what builds a habit."
        ).format(name=e(spec.name))
    if spec.goal is Goal.HABIT:
        return _(
            "🎁 Deal: <b>{name}</b> when it's a habit: when your habit strength has stayed at "
            "{strength}% or more for {days} days. See how you're doing with /rewards."
        ).format(
            name=e(spec.name),
            strength=round(habits.HABIT_STRENGTH * 100),
            days=habits.HABIT_DAYS,
        )
    return _(
        "🎁 Deal: <b>{name}</b> after {goal}. It counts from today on, today's sessions "
        "included; see how you're doing with /rewards."
    ).format(name=e(spec.name), goal=goal_words(spec.goal, spec.amount))


def reward_list(items: list[tuple[reward_rules.Reward, reward_rules.Progress]]) -> str:
    if not items:
        return _(
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
                line += " · " + _("earned {count}×").format(count=reward.unlocked)
            if to_claim:
                line += ", " + _("{count} to claim (/claim {number})").format(
                    count=to_claim, number=number
                )
            working.append(line)
        elif not reward.unlocked:
            working.append(
                f"{name} {progress_words(progress)}{keep_going(progress)} · "
                + counting_from(reward)
            )
        elif reward.claimed:
            earned_on = day_month(reward.earned_on) if reward.earned_on else ""
            if reward.claimed_on:
                claimed.append(
                    _("{reward} — earned {earned}, claimed {claimed}").format(
                        reward=name, earned=earned_on, claimed=day_month(reward.claimed_on)
                    )
                )
            else:
                claimed.append(
                    _("{reward} — earned {earned}").format(reward=name, earned=earned_on)
                )
        else:
            earned_on = day_month(reward.earned_on) if reward.earned_on else ""
            earned.append(
                _("{reward} — earned {earned} 🎉 /claim {number}").format(
                    reward=name, earned=earned_on, number=number
                )
            )
    parts = [_("<b>🎁 Your rewards</b>"), *working]
    if earned:
        parts += ["\n" + _("<b>Earned</b>"), *earned]
    if claimed:
        parts += ["\n" + _("<b>Claimed</b>"), *claimed]
    return "\n".join(parts)


def claimed_reward(reward: reward_rules.Reward) -> str:
    return _("✅ Claimed: <b>{name}</b>. You earned every bit of it.").format(name=e(reward.name))


def confirm_delete_reward(reward: reward_rules.Reward) -> str:
    return _(
        "Delete <b>{name}</b>? Its progress goes with it "
        "(a promise can't be made easier, only dropped)."
    ).format(name=e(reward.name))


def reward_deleted(deleted: bool) -> str:
    return _("🗑 Deleted.") if deleted else _("That reward is already gone.")


def delete_reward_button() -> str:
    return _("🗑 Yes, delete it")
