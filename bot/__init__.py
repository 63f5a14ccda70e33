"""strongstreak: a Telegram bot that helps runners keep up their strength training."""

import os

__version__ = "0.1.0"

# Opt in to python-telegram-bot's coming `RetryAfter.retry_after` as a timedelta; the code
# handles both forms.
os.environ.setdefault("PTB_TIMEDELTA", "1")
