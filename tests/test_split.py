"""A long reply is split into parts that each fit one message and are valid HTML on their own."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from bot.fake.html import html_problem
from bot.texts import common

LIMIT = common.MAX_MESSAGE_CHARS


class _Styled(HTMLParser):
    """Each visible character with the tags (and their attributes) it is shown in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.chars: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag + "".join(f" {k}={v}" for k, v in attrs))

    def handle_endtag(self, tag: str) -> None:
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.chars += [(c, tuple(self.open)) for c in data if c != "\n"]


def styled(html: str) -> list[tuple[str, tuple[str, ...]]]:
    parser = _Styled()
    parser.feed(html)
    parser.close()
    return parser.chars


def assert_split_well(text: str) -> list[str]:
    parts = common.split(text)
    for part in parts:
        assert len(part) <= LIMIT, f"a part of {len(part)} characters"
        assert html_problem(part) is None, f"{html_problem(part)} at the end of {part[-40:]!r}"
        assert "".join(c for c, _ in styled(part)).strip(), f"nothing to read in {part!r}"
    together = [c for part in parts for c in styled(part)]
    assert together == styled(text), "every character comes through once, in the same tags"
    return parts


def pad(length: int) -> str:
    """Plain words, exactly `length` characters long."""
    return ("pad " * (length // 4 + 1))[:length]


@pytest.mark.parametrize("before", range(LIMIT - 45, LIMIT + 3))
def test_a_cut_near_a_tag_or_an_entity_leaves_each_part_valid(before: int) -> None:
    """Every boundary from well before to just past a bold, linked, escaped run."""
    run = '<b>bold &amp; <a href="https://example.com/?a=1&amp;b=2">linked</a> words</b>'
    assert_split_well(pad(before) + run + " " + pad(300))


@pytest.mark.parametrize("before", [LIMIT - 3, LIMIT - 1, LIMIT])
def test_a_cut_at_an_entity_never_splits_it(before: int) -> None:
    parts = assert_split_well(pad(before) + "&amp;&lt;&#128170;" + pad(100))
    assert all(not part.endswith(("&", "&a", "&am", "&amp", "&#", "&#12")) for part in parts)


def test_a_block_over_many_lines_is_closed_and_reopened_at_each_cut() -> None:
    lines = "\n".join(f"line {n}: <i>{pad(70)}</i> &amp; more" for n in range(300))
    text = f"Header\n<blockquote><b>{lines}</b></blockquote>\nFooter"
    parts = assert_split_well(text)
    assert len(parts) >= 6
    assert all(part.startswith("<blockquote><b>") for part in parts[1:-1])
    assert all(part.endswith("</b></blockquote>") for part in parts[:-1])


def test_a_single_line_longer_than_three_messages_is_cut_inside_its_tags() -> None:
    text = '<a href="https://example.com"><b>' + pad(3 * LIMIT) + "</b></a>"
    parts = assert_split_well(text)
    assert len(parts) == 4


def test_parts_keep_their_order_when_a_short_line_comes_before_a_too_long_one() -> None:
    text = "first\n" + "x" * (LIMIT + 10) + "\nlast"
    assert common.split(text) == ["first", "x" * LIMIT, "x" * 10 + "\nlast"]


def test_a_tag_closed_just_after_the_cut_is_not_opened_again_empty() -> None:
    text = "<b>" + pad(LIMIT - 20) + "\n</b>" + pad(100)
    assert assert_split_well(text) == ["<b>" + pad(LIMIT - 20) + "</b>", pad(100)]


def test_no_part_is_left_with_only_tags_and_blank_lines() -> None:
    text = "<b>" + pad(LIMIT - 10) + "\n</b>\n\n<i>\n\n</i>\n"
    assert len(assert_split_well(text)) == 1


def test_plain_lines_are_still_cut_at_line_ends_only() -> None:
    text = "\n".join(f"{n:04d} " + pad(95) for n in range(100))
    parts = assert_split_well(text)
    assert len(parts) == 3
    assert "\n".join(parts) == text


def test_a_reply_that_fits_is_left_as_it_is() -> None:
    text = "<b>Short</b> &amp; sweet\nsecond line"
    assert common.split(text) == [text]
