"""Periodic work of the insights: summaries computed ahead of the readers."""

from __future__ import annotations

from django_tasks import task

from seat.insights.summaries import figures_refresh


@task()
def refresh_stale_figures() -> int:
    """Consultations whose input or answers changed since their figures were computed, and
    new ones: computed now, so the next dashboard does not wait for them."""
    return figures_refresh()
