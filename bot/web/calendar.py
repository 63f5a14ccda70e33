"""The calendar feed, `GET /cal/<token>.ics`: unsigned, the secret token is the key.

An unknown (or reset) token is a 404 like any missing page; a calendar app that already has
this version of the feed (`If-None-Match`) gets a 304 without a body.
"""

from __future__ import annotations

import asyncio
import re
from collections import OrderedDict

from aiohttp import web

from bot import services, texts
from bot.storage.store import Store
from bot.web.app import application

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Files drawn up lately, by ETag: many calendar apps poll without If-None-Match, and a coach's
# feed of a hundred athletes takes seconds to draw up. A tag names its content exactly.
_DRAWN: OrderedDict[str, bytes] = OrderedDict()
DRAWN_KEPT = 64
# Calendar apps poll on their own schedule; they may keep this copy and ask again with its ETag.
CACHE = "private, max-age=900"


async def feed(request: web.Request) -> web.StreamResponse:
    """The runner's plans (or a coach's athletes') as iCalendar."""
    token = request.match_info.get("token", "")
    if not _TOKEN.fullmatch(token):
        raise web.HTTPNotFound()
    deps = application(request).bot_data.deps
    async with deps.sessionmaker.begin() as session:
        found = await services.calendar.feed(Store(session), token, deps.clock())
    if found is None:
        raise web.HTTPNotFound()
    tag = texts.calendar.etag(found)
    headers = {"ETag": tag, "Cache-Control": CACHE}
    if tag in {t.strip() for t in request.headers.get("If-None-Match", "").split(",")}:
        return web.Response(status=304, headers=headers)
    # A coach's feed can hold thousands of events: drawn up off the event loop, so that
    # nobody's reply waits for it.
    body = _DRAWN.get(tag)
    if body is None:
        body = await asyncio.to_thread(texts.calendar.ics, found)
        _DRAWN[tag] = body
        while len(_DRAWN) > DRAWN_KEPT:
            _DRAWN.popitem(last=False)
    else:
        _DRAWN.move_to_end(tag)
    return web.Response(
        body=body,
        headers={**headers, "Content-Disposition": 'inline; filename="strongstreak.ics"'},
        content_type="text/calendar",
        charset="utf-8",
    )
