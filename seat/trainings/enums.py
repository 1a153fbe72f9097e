from django.db import models
from django.utils.translation import pgettext_lazy


class ImportStatus(models.TextChoices):
    """Where a file of sessions is: rows are written in the background (trainings.tasks), so a
    file of thousands of rows never holds a page open past the server's time limit."""

    WAITING = "waiting", pgettext_lazy("file import", "Waiting to be checked")
    RUNNING = "running", pgettext_lazy("file import", "Being checked")
    DONE = "done", pgettext_lazy("file import", "Checked")
