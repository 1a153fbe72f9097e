"""Periodic work of accounts (run by ``seat worker``; see seat/core/tasks.py)."""

from __future__ import annotations

from django_tasks import task

from seat.accounts.services import form_drafts_purge


@task()
def purge_form_drafts() -> int:
    """Drafts from the quick exit past the days they are offered."""
    return form_drafts_purge()


@task()
def purge_user_sessions() -> int:
    """Rows of signed-in sessions the idle logout has already ended."""
    from seat.accounts.sessions import user_sessions_purge

    return user_sessions_purge()
