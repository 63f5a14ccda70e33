"""Button payloads: compact on the way out, validated on the way back in."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.telegram import callbacks


@pytest.mark.parametrize(
    "payload",
    [
        callbacks.Undo(42),
        callbacks.Log(15, date(2026, 11, 25), "kettlebell"),
        callbacks.PickActivity(date(2026, 11, 24), "stability ball core"),
        callbacks.Onboard("tz", "America/Argentina/Buenos_Aires"),
        callbacks.Onboard("pt", "0730"),
        callbacks.Onboard("tg", "skip"),
        callbacks.EditPick(999_999_999_999),
        callbacks.EditSession(999_999_999_999, "minutes", 600),
        callbacks.EditSession(999_999_999_999, "day", date(2026, 11, 22)),
        callbacks.EditSession(999_999_999_999, "activity", "a" * 40),
        callbacks.EditSession(999_999_999_999, "delete"),
        callbacks.CoachAnswer(True, "Ab-_9xYz12345678"),
        callbacks.CoachAnswer(False, "abcdefgh"),
        callbacks.CoachSees("notes"),
        callbacks.PickAthlete(0),
        callbacks.PickAthlete(9_007_199_254_740),
    ],
)
def test_payloads_survive_the_round_trip(payload: callbacks.Payload) -> None:
    data = callbacks.encode(payload)
    assert data is not None and len(data.encode()) <= 64
    assert callbacks.decode(data) == payload


def test_a_payload_that_cannot_fit_64_bytes_is_not_encoded() -> None:
    assert callbacks.encode(callbacks.Log(15, date(2026, 11, 25), "ü" * 32)) is None
    assert callbacks.encode(callbacks.EditSession(1, "activity", "ü" * 32)) is None


def test_an_edit_whose_value_does_not_fit_its_field_is_not_encoded() -> None:
    """Never a delete by accident: a malformed edit has no callback data at all."""
    assert callbacks.encode(callbacks.EditSession(1, "minutes", "20")) is None
    assert callbacks.encode(callbacks.EditSession(1, "day", 20261122)) is None
    assert callbacks.encode(callbacks.EditSession(1, "rename", "x")) is None


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "u:",
        "u:abc",
        "l:15:20261345:kb",
        "x:1",
        "ob:tz:<b>",
        "u:1" + "1" * 80,
        "es:1:d:20261131",
        "es:1:m:6000",
        "es:1:x:1",
        "es::x",
        "ep:",
        "cv:rewards",
        "ca:-1",
        "ca:",
        "co:y:short",
        "co:maybe:abcdefgh12",
    ],
)
def test_malformed_data_decodes_to_nothing(data: str | None) -> None:
    assert callbacks.decode(data) is None


@given(st.text(max_size=100))
def test_no_callback_data_makes_decoding_raise(data: str) -> None:
    payload = callbacks.decode(data)
    if payload is not None:
        assert callbacks.decode(callbacks.encode(payload)) == payload
