"""The Mini App's settings: `check` refuses what Telegram would not open."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.config import Refusal, Settings
from bot.preflight import DatabaseState, check_settings, plan

TOKEN = SecretStr("123456:test-token-for-the-local-fake-not-real-000")


def test_a_plain_http_webapp_url_is_refused() -> None:
    settings = Settings(bot_token=TOKEN, webapp_url="http://example.org/app", webapp_port=8081)
    with pytest.raises(Refusal, match="WEBAPP_URL must start with https://"):
        check_settings(settings)


def test_a_webapp_url_needs_a_port_to_serve_it() -> None:
    settings = Settings(bot_token=TOKEN, webapp_url="https://example.org/app")
    with pytest.raises(Refusal, match="WEBAPP_PORT"):
        check_settings(settings)


def test_check_says_where_the_mini_app_is_served() -> None:
    settings = Settings(bot_token=TOKEN, webapp_url="https://example.org/app", webapp_port=8081)
    check_settings(settings)
    lines = plan(settings, DatabaseState("0008_languages", "0008_languages"), "strongstreak_bot")
    assert "would serve the Mini App on 0.0.0.0:8081 (opened as https://example.org/app)" in lines


def test_the_signature_is_good_for_a_day_unless_told_otherwise() -> None:
    assert Settings().webapp_max_age_hours == 24
    assert Settings(webapp_max_age_hours=1).webapp_max_age_hours == 1


def test_an_empty_webapp_url_means_no_mini_app() -> None:
    assert Settings(webapp_url="").webapp_url is None
    assert Settings(webapp_url=" ").webapp_url is None
