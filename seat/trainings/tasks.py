"""Background tasks of trainings (django-tasks; see docs/ARCHITECTURE.md, "Background work")."""

from __future__ import annotations

from django_tasks import task

from seat.trainings import services


@task()
def run_training_import(import_id: str) -> bool:
    """Write the rows of a file of sessions someone uploaded."""
    return services.training_import_run(import_id=import_id)


@task()
def resume_training_imports() -> int:
    """Periodic: files whose task was lost or whose run stopped, from where they were."""
    return services.training_imports_resume()
