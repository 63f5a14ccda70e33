"""Telegram: the application, polling and webhook, sending, buttons and the handlers."""
