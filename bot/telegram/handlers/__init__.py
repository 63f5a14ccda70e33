"""Telegram glue: turn updates into service calls and results into replies."""
