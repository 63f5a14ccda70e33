"""Telegram's HTML check: why a text sent with parse_mode HTML would be refused."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
     "tg-spoiler", "span", "blockquote"}
)  # fmt: skip
_BARE_AMPERSAND = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")
# A tag that runs into the next tag or the end of the text without its '>' (a message cut
# inside a tag). HTMLParser lets such a tail through as text when it is closed.
_UNFINISHED_TAG = re.compile(r"""<(?:[^<>"']|"[^"]*(?:"|\Z)|'[^']*(?:'|\Z))*(?=<|\Z)""")


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problem: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problem = self.problem or f"unsupported start tag {tag!r}"
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problem = self.problem or f"unexpected end tag {tag!r}"
        else:
            self.stack.pop()


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse this text with parse_mode HTML, or None."""
    if _BARE_AMPERSAND.search(text):
        return "unescaped '&'"
    if re.search(r"<(?![a-zA-Z/])", text):
        return "unescaped '<'"
    if _UNFINISHED_TAG.search(text):
        return "unfinished tag"
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    if checker.problem:
        return checker.problem
    if checker.stack:
        return f"unclosed tag {checker.stack[-1]!r}"
    return None
