from django.db import models
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    ADOPTED = "adopted", pgettext_lazy("response outcome", "Adopted")
    PARTLY_ADOPTED = "partly_adopted", pgettext_lazy("response outcome", "Partly adopted")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("response outcome", "Not adopted")
