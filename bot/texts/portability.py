"""Export, import and deleting everything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.services.portability import Imported
from bot.texts.i18n import _

if TYPE_CHECKING:
    pass
from bot.texts.common import plural
from bot.texts.rewards import reward_news


def export_caption() -> str:
    return "Your sessions (CSV) and everything else (JSON). /import takes the CSV back."


def import_usage() -> str:
    return (
        "Send the CSV from /export as a file with <code>/import</code> as its caption, "
        "or reply to that file with /import."
    )


def imported(result: Imported) -> str:
    skipped = f", skipped {plural(result.duplicates, 'duplicate')}" if result.duplicates else ""
    return (
        f"📥 Imported {plural(result.added, 'session')}{skipped}. /stats shows them all."
        f"{reward_news(result.rewards)}"
    )


def confirm_deleteme() -> str:
    return (
        "This deletes <b>everything</b> I know about you: sessions, settings, rewards, "
        "check-ins. It cannot be undone. /export first if you want a copy. Sure?"
    )


def deleteme_cancelled() -> str:
    return "Nothing deleted. Your data stays as it is."


def deleted_everything(deleted: bool) -> str:
    if deleted:
        return "🗑 Done: everything about you is deleted. /start any time to begin afresh."
    return "There was nothing about you to delete."


def import_too_big() -> str:
    return _("That file is too big to import (1 MB at most), e.g. one from /export")


def deleteme_buttons() -> tuple[str, str]:
    """(delete, keep)"""
    return _("🗑 Yes, delete everything"), _("Keep my data")
