"""Onboarding: /start's three skippable steps (time zone, check-in time, weekly target).

The open step is kept on the runner (`Profile.onboarding`); each answer sets its value and
opens the next step. An answer from an old onboarding message still sets the value, but does
not reopen the onboarding of a runner who finished it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import services
from bot.domain import parsing, zones
from bot.domain.errors import ErrorCode, UserError
from bot.domain.model import DEFAULT_PROMPT_MINUTE, DEFAULT_TARGET, Profile, Step
from bot.services.ports import SettingsStore

STEP_ZONE, STEP_PROMPT, STEP_TARGET = Step.ZONE, Step.PROMPT, Step.TARGET
# The answers' short names, as buttons carry them: time zone, check-in time, target.
ZONE, PROMPT, TARGET = "tz", "pt", "tg"
SKIP = "skip"
OFF_WORDS = ("off", "none", "stop", "no")
_ANSWERS = {STEP_ZONE: ZONE, STEP_PROMPT: PROMPT, STEP_TARGET: TARGET}


@dataclass(frozen=True, slots=True)
class Answered:
    """What one answer set, and whether the onboarding goes on (then the next question
    follows) or was already over (then the new setting is confirmed)."""

    answer: str  # ZONE, PROMPT or TARGET
    onboarding: bool
    zone: str = "UTC"
    minute: int | None = None
    profile: Profile | None = None  # TARGET: the runner's settings after the last step


def open_answer(profile: Profile) -> str | None:
    """The answer the runner's open step waits for, or None when no step is open."""
    return None if profile.onboarding is None else _ANSWERS.get(profile.onboarding)


def prompt_minute(raw: str, language: str = "en") -> int | None:
    """Minutes after midnight from `07:30` (or `halb acht`); None for off."""
    if raw.strip().lower() in OFF_WORDS:
        return None
    clock = parsing.parse_clock(raw, language)
    return clock.hour * 60 + clock.minute


async def restart(store: SettingsStore, profile: Profile, chat_id: int, now: datetime) -> None:
    """/start again: an inactive runner is back, an unfinished onboarding begins anew."""
    if not profile.active:
        await services.runners.reactivate(store, profile, chat_id, now)
        await services.checkins.reschedule_runner(store, profile.user_id, now)
    if profile.onboarding is not None and profile.onboarding != STEP_ZONE:
        await services.runners.set_onboarding(store, profile, STEP_ZONE, now)


async def answer(
    store: SettingsStore, profile: Profile, answer: str, value: str, now: datetime
) -> Answered:
    """Apply one onboarding answer (`value` may be SKIP for the default). A step's button
    pressed after the step was answered (a location shared instead, say) changes nothing."""
    onboarding = profile.onboarding is not None
    if onboarding and open_answer(profile) != answer:
        raise UserError(ErrorCode.STEP_DONE)
    if answer == ZONE:
        zone_name = "UTC" if value == SKIP else zones.parse_zone(value)
        await services.runners.change_zone(store, profile, zone_name, now)
        if onboarding:
            await services.runners.set_onboarding(store, profile, STEP_PROMPT, now)
        return Answered(ZONE, onboarding, zone=zone_name)
    if answer == PROMPT:
        if value == SKIP:
            minute: int | None = DEFAULT_PROMPT_MINUTE
        elif value.isdecimal() and len(value) == 4:  # HHMM, as the buttons carry it
            minute = prompt_minute(f"{value[:2]}:{value[2:]}")
        else:
            minute = prompt_minute(value, profile.language)
        await services.runners.set_prompt(store, profile, minute, now)
        await services.checkins.reschedule_runner(store, profile.user_id, now)
        if onboarding:
            await services.runners.set_onboarding(store, profile, STEP_TARGET, now)
        return Answered(PROMPT, onboarding, minute=minute)
    if answer == TARGET:
        target = DEFAULT_TARGET if value == SKIP else parsing.parse_target(value, profile.language)
        await services.runners.set_target(store, profile, target, now)
        await services.runners.set_onboarding(store, profile, None, now)
        updated = await services.base.require_user(store, profile.user_id)
        return Answered(TARGET, onboarding, profile=updated)
    raise ValueError(f"no onboarding answer {answer!r}")
