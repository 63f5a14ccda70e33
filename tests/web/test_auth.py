"""The initData check: Telegram's signature, its age, and the user taken only from it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.web.auth import Unauthorized, sign, signed_for, verify

TOKEN = "123456:test-token-for-the-local-fake-not-real-000"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


def fields_of(init_data: str) -> dict[str, str]:
    return dict(parse_qsl(init_data, keep_blank_values=True))


def reason(init_data: str | None, *, now: datetime = NOW, token: str = TOKEN) -> str:
    with pytest.raises(Unauthorized) as refused:
        verify(init_data, token, now, DAY)
    return refused.value.reason


def test_data_telegram_signed_names_its_user() -> None:
    user = verify(signed_for(501, "Anna", TOKEN, NOW, "de"), TOKEN, NOW, DAY)
    assert (user.user_id, user.first_name, user.language_code) == (501, "Anna", "de")


def test_the_documented_example_checks_out() -> None:
    """Fields signed the documented way, sorted by key, newer fields (signature) included."""
    fields = {
        "auth_date": str(int(NOW.timestamp())),
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": 279058397, "first_name": "Vladislav", "language_code": "ru"}),
        "signature": "6fbdaab833d39f54518bd5c3eb3f511d035e68cb",
    }
    assert verify(sign(fields, TOKEN), TOKEN, NOW, DAY).user_id == 279058397


def test_missing_data_is_refused() -> None:
    assert reason(None) == "missing"
    assert reason("") == "missing"


def test_data_signed_with_another_token_is_refused() -> None:
    assert reason(signed_for(501, "Anna", "654321:another-bot", NOW)) == "bad signature"


def test_a_valid_signature_for_one_user_does_not_carry_another_user() -> None:
    """Anna's signed data with Boris's id swapped in: the signature no longer matches."""
    fields = fields_of(signed_for(501, "Anna", TOKEN, NOW))
    fields["user"] = json.dumps({"id": 502, "first_name": "Boris"})
    assert reason(urlencode(fields)) == "bad signature"


def test_changing_the_age_breaks_the_signature() -> None:
    fields = fields_of(signed_for(501, "Anna", TOKEN, NOW - 2 * DAY))
    fields["auth_date"] = str(int(NOW.timestamp()))
    assert reason(urlencode(fields)) == "bad signature"


def test_data_older_than_the_allowed_age_is_refused() -> None:
    assert reason(signed_for(501, "Anna", TOKEN, NOW - DAY - timedelta(seconds=1))) == "expired"
    assert verify(signed_for(501, "Anna", TOKEN, NOW - DAY + timedelta(seconds=1)), TOKEN, NOW, DAY)


def test_the_allowed_age_is_configurable() -> None:
    data = signed_for(501, "Anna", TOKEN, NOW - timedelta(hours=2))
    with pytest.raises(Unauthorized):
        verify(data, TOKEN, NOW, timedelta(hours=1))
    assert verify(data, TOKEN, NOW, timedelta(hours=3)).user_id == 501


def test_data_from_the_future_is_refused() -> None:
    assert reason(signed_for(501, "Anna", TOKEN, NOW + timedelta(hours=1))) == "from the future"


@pytest.mark.parametrize(
    "init_data",
    ["hash=", "user=%7B%7D", "a=1&a=2&hash=00", "%%%", "x" * 5000],
)
def test_malformed_data_is_refused(init_data: str) -> None:
    reason(init_data)


def test_signed_data_without_a_user_is_refused() -> None:
    data = sign({"auth_date": str(int(NOW.timestamp())), "query_id": "x"}, TOKEN)
    assert reason(data) == "no user"


def test_the_hash_is_compared_without_regard_to_case() -> None:
    fields = fields_of(signed_for(501, "Anna", TOKEN, NOW))
    fields["hash"] = fields["hash"].upper()
    assert verify(urlencode(fields), TOKEN, NOW, DAY).user_id == 501
