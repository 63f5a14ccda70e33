"""strongstreak: a Telegram bot that helps runners keep up their strength training."""

__version__ = "0.1.0"
