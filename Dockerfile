# Seat's container image: docs/DEPLOY.md, "With containers". Built from the repository's root:
#   docker build -t seat:0.1.0 .
# The same image runs the web server (its CMD) and the worker (`seat worker`, deploy/compose.yaml).
FROM python:3.11-slim-bookworm

# uv, the same version that wrote uv.lock, installs exactly what the lock file says.
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv

# What Seat needs from Debian at run time: Pango for WeasyPrint's PDF reports, Noto fonts for
# every script the interface and the reports use (Bengali, Devanagari, Khmer, Arabic...), and
# espeak-ng with opus-tools to read consultations aloud. The translation catalogs (.mo) are
# committed, so gettext is not needed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        fonts-noto-core \
        espeak-ng \
        opus-tools \
    && rm -rf /var/lib/apt/lists/*

# Seat runs as a user of its own, never root; its data folder (payment receipts, recordings read
# aloud) is a volume.
RUN groupadd --system --gid 10001 seat \
    && useradd --system --uid 10001 --gid seat --home-dir /var/lib/seat --no-create-home \
        --shell /usr/sbin/nologin seat \
    && mkdir -p /var/lib/seat \
    && chown seat:seat /var/lib/seat

WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv

# Dependencies first (a layer that changes only with uv.lock), then Seat itself.
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project
COPY README.md ./
COPY locale ./locale
COPY seat ./seat
RUN uv sync --locked --no-dev \
    && /app/.venv/bin/python -m compileall -q seat

ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    SEAT_DATA_DIR=/var/lib/seat \
    SEAT_STATIC_ROOT=/app/static

# Static files collected with hashed names and compressed (gzip, brotli) once, here, so that
# `seat serve` finds them ready at every start and writes nothing. No keys exist at build time,
# hence development mode for this one step.
RUN SEAT_ENV=development SEAT_DATA_DIR=/tmp/seat-build python -m seat.core.staticfiles \
    && rm -rf /tmp/seat-build

ENV SEAT_ENV=production
USER seat
EXPOSE 8000

# Ready: the database answers, every migration is applied, the shared cache answers (/readyz).
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 \
    CMD ["python", "-m", "seat.core.probe"]

CMD ["seat", "serve", "--host", "0.0.0.0", "--port", "8000"]
