"""The embedded SQLite database, tuned for many readers and short writes; PostgreSQL's prepared
statements planned once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Seconds a write waits for another connection's write to finish before giving up. Seat's writes
# are short (a session, an answer, a payment line), so five seconds means something is wrong; a
# longer wait would only hold a server thread and the person's page hostage.
SQLITE_BUSY_TIMEOUT_SECONDS = 5

# WAL lets readers carry on while one connection writes (the default rollback journal locks the
# whole file for every write). synchronous=NORMAL is the setting SQLite recommends with WAL: a
# commit is durable once the write-ahead log is checkpointed, and a power cut can lose only the
# last transactions, never corrupt the file. journal_mode=WAL is stored in the file itself; the
# other pragmas last for one connection, so all of them are set on every new connection.
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL")


def sqlite_database(path: Path | str) -> dict[str, Any]:
    """Django's DATABASES entry for the SQLite file at ``path``."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Each server thread keeps its connection for a minute, as with PostgreSQL: opening one
        # runs the pragmas below and registers Django's SQL functions, a few percent of a page.
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            # Take the write lock when a transaction starts: a transaction that reads and then
            # writes would otherwise fail at once with "database is locked" instead of waiting.
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
            "init_command": ";".join(f"PRAGMA {pragma}" for pragma in SQLITE_PRAGMAS),
        },
    }


# A prepared statement is still planned again on each of its first runs, and after them for as
# long as PostgreSQL guesses that a plan made for the values at hand beats a general one. For
# Seat's page queries (a person's own rows, joined along foreign keys to what they belong to)
# it always guessed so: the payment lines on her home page, eight tables joined, were planned
# anew each time, 3.5 ms of a 7.5 ms query. With plans made once per statement and connection,
# survivors' pages under load went from 98 to 77 ms at p95 (README, "Prepared statements planned
# once"); the dashboard's aggregates, computed once a minute per organisation, run about as
# fast either way.
GENERIC_PLANS = "SET plan_cache_mode TO force_generic_plan"


def plan_prepared_statements_once(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On each new PostgreSQL connection that prepares statements (``SEAT_DB_PREPARE_AFTER``),
    keep one plan per prepared statement. A SET, not a startup option: PgBouncer refuses
    startup options it does not track, and the setting lasts the whole session either way."""
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get(
        "prepare_threshold"
    ):
        with connection.cursor() as cursor:
            cursor.execute(GENERIC_PLANS)
