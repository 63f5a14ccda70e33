# strongstreak: the bot in a small image; SQLite data lives on the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/strongstreak.db

RUN useradd --create-home --uid 10001 strongstreak \
    && mkdir /data && chown strongstreak /data

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY migrations ./migrations
RUN pip install -e .

USER strongstreak
VOLUME ["/data"]
# Only used in webhook mode (WEBHOOK_URL set).
EXPOSE 8443
CMD ["python", "-m", "bot"]
