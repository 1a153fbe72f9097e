"""Whether this Seat is ready to serve: ``GET /readyz`` and the worker's healthcheck.

Liveness (``/healthz``) says the process answers; readiness says it can do its work: the
database answers, every migration this code knows is applied (a new release started before
``seat migrate`` is not ready), and the shared cache answers (Redis when ``REDIS_URL`` is set,
else the database table that login throttling shares). Each part is named with one word so an
operator sees what failed; nothing else (no host name, address, error text or version) leaves.

``python -m seat.core.readiness`` runs the same checks without a web server (the worker
container's healthcheck, or by hand) and exits 0 when ready, 1 when not.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

OK = "ok"
# Once every migration is applied it stays so for this process's code: asked once, not at every
# probe (loading the migration graph is the slow part).
_migrated = False


def _database() -> str:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means the database is not usable
        logger.warning("Not ready: the database does not answer (%s).", type(error).__name__)
        return "unavailable"
    return OK


def _migrations() -> str:
    global _migrated
    if _migrated:
        return OK
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # noqa: BLE001
        logger.warning("Not ready: migrations could not be read (%s).", type(error).__name__)
        return "unknown"
    if pending:
        logger.warning("Not ready: %d migrations are not applied (seat migrate).", len(pending))
        return "pending"
    _migrated = True
    return OK


def _cache() -> str:
    from django.core.cache import caches

    try:
        # The cache every process shares (login throttling's): a read is enough to show it answers.
        caches["axes"].get("seat-readiness")
    except Exception as error:  # noqa: BLE001
        logger.warning("Not ready: the shared cache does not answer (%s).", type(error).__name__)
        return "unavailable"
    return OK


def readiness() -> dict[str, str]:
    """Each part's state ("ok" or one word saying what is wrong), and the overall status."""
    database = _database()
    parts = {
        "database": database,
        "migrations": _migrations() if database == OK else "unknown",
        "cache": _cache(),
    }
    ready = all(state == OK for state in parts.values())
    return {"status": OK if ready else "error", **parts}


def main() -> int:
    import json
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")
    django.setup()
    result = readiness()
    print(json.dumps(result))
    return 0 if result["status"] == OK else 1


if __name__ == "__main__":
    raise SystemExit(main())
