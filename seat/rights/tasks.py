"""Periodic work of rights (run by ``seat worker``; see seat/core/tasks.py)."""

from __future__ import annotations

from django_tasks import task

from seat.rights.retention import retention_enforce


@task()
def enforce_retention() -> dict[str, int]:
    """Rows past the retention period docs/PRIVACY.md gives them."""
    return retention_enforce()
