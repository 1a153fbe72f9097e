"""API tokens: what a program presents instead of a person's password and session.

The token lives here, beside the API it opens, rather than in ``accounts``: nothing else in
Seat reads it, and the API is the top of the import graph (it may use every app; no app uses it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.core.models import PublicModel


class ApiToken(PublicModel):
    """One bearer token of one person, shown to them once and stored only as a digest.

    ``digest`` is the SHA-256 of the whole token (``seat.api.tokens``). The token carries 256
    random bits, so a plain digest cannot be reversed by guessing; unlike the short one-time
    codes (``seat.core.onetime``) it needs no key, and so survives a change of SECRET_KEY.
    A revoked token stays listed, so its owner sees when it stopped working.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # The random key of the form that made it: the same form arriving twice (a double tap, a
    # reload) gives the first row a new secret instead of leaving a second token nobody saw.
    form_key = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(fields=["user", "form_key"], name="one_token_per_form")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
