"""Pure rules of the product: standard library only, no Telegram, no database."""
