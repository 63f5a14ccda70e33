"""The Mini App: a web page Telegram opens inside the chat, served by the bot itself."""
