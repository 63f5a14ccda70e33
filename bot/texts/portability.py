"""Export, import and deleting everything."""

from __future__ import annotations

from bot.services.portability import Imported
from bot.texts.i18n import _, ngettext
from bot.texts.rewards import reward_news


def export_caption() -> str:
    return _(
        "Your sessions (CSV) and everything (JSON). /import takes either back: the JSON "
        "restores everything, the CSV the sessions."
    )


def import_usage() -> str:
    return _(
        "Send the JSON or the CSV from /export as a file with <code>/import</code> as its "
        "caption, or reply to that file with /import."
    )


def imported(result: Imported) -> str:
    count, duplicates = result.added, result.duplicates
    if duplicates:
        # TRANSLATORS: the form follows the sessions imported; {skipped} is "2 duplicates".
        text = ngettext(
            "📥 Imported {count} session, skipped {skipped}. /stats shows them all.",
            "📥 Imported {count} sessions, skipped {skipped}. /stats shows them all.",
            count,
        ).format(
            count=count,
            skipped=ngettext("{count} duplicate", "{count} duplicates", duplicates).format(
                count=duplicates
            ),
        )
    else:
        text = ngettext(
            "📥 Imported {count} session. /stats shows them all.",
            "📥 Imported {count} sessions. /stats shows them all.",
            count,
        ).format(count=count)
    if result.restored is not None:
        text += "\n" + _(
            "Your settings, target history, pauses, rewards ({rewards}) and plans ({plans}) are "
            "back too."
        ).format(rewards=result.restored.rewards, plans=result.restored.plans)
    return text + reward_news(result.rewards)


def import_question() -> str:
    return _("This looks like a file from /export. Import it?")


def import_button() -> str:
    return _("📥 Import it")


def files_taken() -> str:
    return _(
        "I can't do anything with that file. I take back what /export sent: the JSON (all "
        "your data) or the CSV (your sessions). To log a session, write /done kettlebell 15."
    )


def confirm_deleteme() -> str:
    return _(
        "This deletes <b>everything</b> I know about you: sessions, settings, rewards, "
        "check-ins. It cannot be undone. /export first if you want a copy. Sure?"
    )


def deleteme_cancelled() -> str:
    return _("Nothing deleted. Your data stays as it is.")


def deleted_everything(deleted: bool) -> str:
    if deleted:
        return _("🗑 Done: everything about you is deleted. /start any time to begin afresh.")
    return _("There was nothing about you to delete.")


def deleteme_buttons() -> tuple[str, str]:
    """(delete, keep)"""
    return _("🗑 Yes, delete everything"), _("Keep my data")
