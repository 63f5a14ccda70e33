# strongstreak: the bot in a small image; SQLite data lives on the /data volume.

# Stage 1: build the wheel and install it, with its dependencies, into a virtualenv.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md alembic.ini ./
COPY bot ./bot
COPY migrations ./migrations
RUN pip wheel --no-deps --wheel-dir /dist . \
    && python -m venv /opt/strongstreak \
    && /opt/strongstreak/bin/pip install /dist/strongstreak-*.whl

# Stage 2: only the virtualenv; no sources, no build tools.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/strongstreak/bin:$PATH \
    DATABASE_URL=sqlite+aiosqlite:////data/strongstreak.db \
    METRICS_PORT=9108
RUN useradd --create-home --uid 10001 strongstreak \
    && mkdir /data && chown strongstreak /data
COPY --from=build /opt/strongstreak /opt/strongstreak

USER strongstreak
WORKDIR /data
VOLUME ["/data"]
# Only used in webhook mode (WEBHOOK_URL set). /healthz and /metrics listen on 127.0.0.1:9108
# inside the container unless METRICS_HOST=0.0.0.0 is set (then publish 9108 too).
EXPOSE 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot"]
