"""The calendar: the secret link's message, and the iCalendar file a calendar app reads (its
event titles and descriptions are words too, in the owner's language)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot import __version__
from bot.domain import zones
from bot.domain.model import Session
from bot.domain.plans import PlanRecord, starts_at
from bot.services.calendar import Feed, Person
from bot.texts.common import e
from bot.texts.i18n import _, speaking

PRODID = "-//strongstreak//plans//EN"
DOMAIN = "strongstreak"
REFRESH = timedelta(hours=1)


def feed_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/cal/{token}.ics"


def webcal_url(url: str) -> str:
    """The same address as `webcal://`, which opens a calendar app to subscribe."""
    return "webcal://" + url.split("://", 1)[-1]


def links(base: str, token: str, with_sessions: bool, athletes: str | None = None) -> str:
    """`/calendar`: the runner's secret link, how to subscribe, and how to make a new one."""
    url = feed_url(base, token)
    lines = [
        _("📅 <b>Your plans in your own calendar</b>"),
        _("Subscribe to this private link (it updates by itself, hourly or so):"),
        f"<code>{e(url)}</code>",
        "",
        _("• Apple Calendar, iPhone, Outlook: add a subscription with {link}").format(
            link=f"<code>{e(webcal_url(url))}</code>"
        ),
        _("• Google Calendar: Other calendars → + → From URL, and paste the link above."),
        _("• TrainingPeaks, intervals.icu: add it as an iCal calendar feed in their settings."),
        "",
        _("Logged sessions in it: on. /calendar sessions off leaves them out.")
        if with_sessions
        else _("Logged sessions in it: off. /calendar sessions on puts them in too."),
    ]
    if athletes is not None:
        lines += ["", _("Your athletes' plans (those who let you see them):"),
                  f"<code>{e(feed_url(base, athletes))}</code>"]  # fmt: skip
    lines += [
        "",
        _(
            "Anyone with the link can read your plans, so keep it to yourself. "
            "/calendar reset makes a new one and the old one stops working."
        ),
    ]
    return "\n".join(lines)


def links_reset() -> str:
    return _("🔒 Done: your old calendar link no longer works. Here is the new one.")


def no_address() -> str:
    return _(
        "Calendar links need the bot's web address, and this bot has none set up yet "
        "(its operator sets WEBAPP_URL). /plans lists your plans meanwhile."
    )


def ics(feed: Feed) -> bytes:
    """The feed as an iCalendar file: plans with a time as timed events in the runner's zone
    (with its VTIMEZONE), the others all day; the same UID through every change, SEQUENCE and
    LAST-MODIFIED on change, cleared plans as CANCELLED. The same feed gives the same bytes."""
    with speaking(feed.language):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        if feed.coach:
            name = _("Athletes' strength plans ({coach})").format(coach=feed.owner)
        else:
            name = _("Strength plans ({name})").format(name=feed.owner)
        cal.add("x-wr-calname", name)
        cal.add("name", name)
        if not zones.is_fixed_offset(feed.time_zone):
            cal.add("x-wr-timezone", feed.time_zone)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", REFRESH)
        for person in feed.people:
            for record in person.plans:
                cal.add_component(_plan_event(record, person, feed.coach))
            for session in person.sessions:
                cal.add_component(_session_event(session))
        days = [p.spec.day for person in feed.people for p in person.plans if p.spec.at]
        if days:  # the zones of timed events, as VTIMEZONEs covering the days they are on
            cal.add_missing_timezones(min(days) - timedelta(days=1), max(days) + timedelta(days=2))
        return bytes(cal.to_ical())


def etag(feed: Feed) -> str:
    """A tag that changes whenever the file `ics(feed)` would: known before drawing the file up,
    so a calendar app that has this version is answered without it."""
    facts = f"{PRODID}|{__version__}|{feed!r}".encode()
    return '"' + hashlib.sha256(facts).hexdigest()[:32] + '"'


def _plan_event(record: PlanRecord, person: Person, coach_feed: bool) -> Event:
    spec = record.spec
    event = Event()
    event.add("uid", f"{record.uid}@{DOMAIN}")
    event.add("dtstamp", record.updated_at)
    event.add("last-modified", record.updated_at)
    event.add("sequence", record.sequence)
    title = _("{activity} {minutes} min").format(activity=spec.activity, minutes=spec.minutes)
    if coach_feed:
        title = f"{person.name}: {title}"
    event.add("summary", "💪 " + title)
    description = [spec.details] if spec.details else []
    if spec.coach:
        description.append(_("Planned by coach {coach}").format(coach=spec.coach))
    elif coach_feed:
        description.append(_("Planned by {athlete}").format(athlete=person.name))
    else:
        description.append(_("Planned by you"))
    event.add("description", "\n".join(description))
    if spec.at is None:
        event.add("dtstart", spec.day)
        event.add("dtend", spec.day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        start = starts_at(spec, person.time_zone)
        tz = zones.zone(person.time_zone)
        # An IANA zone travels as TZID with its VTIMEZONE; a fixed offset as UTC.
        local = start.astimezone(tz) if isinstance(tz, ZoneInfo) else start
        event.add("dtstart", local)
        event.add("dtend", local + timedelta(minutes=spec.minutes))
    event.add("status", "CANCELLED" if record.cancelled else "CONFIRMED")
    return event


def _session_event(session: Session) -> Event:
    event = Event()
    event.add("uid", f"session-{session.id}@{DOMAIN}")
    event.add("dtstamp", session.logged_at)
    event.add("last-modified", session.logged_at)
    title = _("{activity} {minutes} min").format(activity=session.activity, minutes=session.minutes)
    event.add("summary", "✅ " + title)
    if session.note:
        event.add("description", session.note)
    event.add("dtstart", session.day)
    event.add("dtend", session.day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED")
    return event
