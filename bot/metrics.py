"""The bot's Prometheus metrics, process-wide (prometheus-client's default registry).

bot/health.py serves them, with /healthz, when METRICS_PORT is set.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPDATES = Counter("strongstreak_updates", "Updates handled, by kind", ["kind"])
HANDLER_ERRORS = Counter(
    "strongstreak_handler_errors", "Updates whose handling failed unexpectedly (logged)"
)
UPDATE_SECONDS = Histogram(
    "strongstreak_update_seconds",
    "From taking an update to its handlers finishing, replies included",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
BOT_API_ERRORS = Counter(
    "strongstreak_bot_api_errors",
    "Bot API requests that failed, by method and HTTP status ('network' when none came)",
    ["method", "code"],
)
RATE_LIMITED = Counter("strongstreak_bot_api_429", "429 Too Many Requests answers from the Bot API")
CHECKINS = Counter(
    "strongstreak_checkins",
    "Check-ins by outcome: sent, failed, blocked, quiet (nothing to say), skipped (stale)",
    ["outcome"],
)
DISPATCH_LAG = Gauge(
    "strongstreak_dispatcher_lag_seconds",
    "Age of the oldest check-in that is due and not yet claimed (0 when none is waiting)",
)
SEND_QUEUE = Gauge(
    "strongstreak_send_queue_depth", "Check-ins claimed and waiting to be sent, or being sent"
)
LAST_FETCH = Gauge(
    "strongstreak_last_fetch_timestamp_seconds", "When getUpdates last answered (Unix time)"
)
for outcome in ("sent", "failed", "blocked", "quiet", "skipped"):
    CHECKINS.labels(outcome)
