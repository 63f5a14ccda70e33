"""The Mini App's page: one HTML shell, its stylesheet and its script, served from the package.

The shell holds no data: the script reads initData (from telegram-web-app.js, or from the URL's
hash where Telegram puts it) and asks the signed API for everything, in the runner's language.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from aiohttp import web

STATIC = {"app.js": "text/javascript", "app.css": "text/css"}
TELEGRAM_SCRIPT = "https://telegram.org/js/telegram-web-app.js"

SHELL = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<title>strongstreak</title>
<link rel="stylesheet" href="static/app.css">
<script async src="{telegram}"></script>
<script defer src="static/app.js"></script>
</head>
<body>
<main id="app" aria-live="polite"><p class="loading">…</p></main>
<dialog id="sheet"></dialog>
</body>
</html>
"""


# Only this page's own script (and Telegram's) runs; data comes only from this server.
POLICY = (
    "default-src 'self'; script-src 'self' https://telegram.org; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
)


async def page(request: web.Request) -> web.StreamResponse:
    """The shell; the data comes from the signed API."""
    response = web.Response(text=SHELL.format(telegram=TELEGRAM_SCRIPT), content_type="text/html")
    response.headers["Content-Security-Policy"] = POLICY
    return response


async def static(request: web.Request) -> web.StreamResponse:
    """The page's script and stylesheet (only those)."""
    name = request.match_info.get("name", "")
    if name not in STATIC:
        raise web.HTTPNotFound()
    return web.Response(body=_file(name), content_type=STATIC[name], charset="utf-8")


@cache
def _file(name: str) -> bytes:
    return files("bot.web").joinpath("static", name).read_bytes()
