from django.db import models
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    """What became of input. "Under consideration" is an answer too (she hears that it is being
    weighed, and why), but not a decision: she is told again when the decision is made."""

    UNDER_CONSIDERATION = (
        "under_consideration",
        pgettext_lazy("response outcome", "Under consideration"),
    )
    ADOPTED = "adopted", pgettext_lazy("response outcome", "Adopted")
    PARTLY_ADOPTED = "partly_adopted", pgettext_lazy("response outcome", "Partly adopted")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("response outcome", "Not adopted")


DECISIONS = frozenset({Outcome.ADOPTED, Outcome.PARTLY_ADOPTED, Outcome.NOT_ADOPTED})
