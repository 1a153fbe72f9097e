"""The one way to write the audit log."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from seat.core.models import AuditEvent

# Links followed from a target without an organisation of its own towards one that has it
# (an invitation's consultation's project), at most _MAX_STEPS of them.
_THROUGH = ("consultation", "project", "council", "round", "opportunity", "meeting", "plan")
_MAX_STEPS = 3
# Per model: the lookup path to its organisation ("consultation__project__organisation"), or
# None when there is none. Models do not change while the process runs.
_paths: dict[type[models.Model], str | None] = {}


def _as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _has_organisation(model: type[models.Model]) -> bool:
    return any(f.name == "organisation" for f in model._meta.concrete_fields)


def _path_to_organisation(model: type[models.Model]) -> str | None:
    if model not in _paths:
        found = None
        frontier: list[tuple[type[models.Model], list[str]]] = [(model, [])]
        for _step in range(_MAX_STEPS):
            following = []
            for current, path in frontier:
                names = {f.name: f for f in current._meta.concrete_fields if f.many_to_one}
                for name in _THROUGH:
                    related = names[name].related_model if name in names else None
                    if not isinstance(related, type):
                        continue
                    if _has_organisation(related):
                        found = "__".join([*path, name, "organisation"])
                        break
                    following.append((related, [*path, name]))
                if found:
                    break
            if found:
                break
            frontier = following
        _paths[model] = found
    return _paths[model]


def _organisation_of(
    target: models.Model | type[models.Model], detail: dict[str, Any]
) -> uuid.UUID | None:
    """The organisation an event happened in, when it can be read cheaply: the one named in
    ``detail``, the target itself, the target's own ``organisation``, or the one reached
    through its consultation, project, council (one small query). None otherwise."""
    if detail.get("organisation"):
        return _as_uuid(detail["organisation"])
    if not isinstance(target, models.Model):
        return None  # many rows of a model (a key rotation): no one organisation's
    if target._meta.label_lower == "accounts.organisation":
        return _as_uuid(target.pk)
    # The model from _meta, not type(): a target may be a lazy object (request.user).
    model = target._meta.model
    if _has_organisation(model):
        return _as_uuid(getattr(target, "organisation_id", None))
    path = _path_to_organisation(model)
    if path is None or target.pk is None:
        return None
    found = model._default_manager.filter(pk=target.pk).values_list(path, flat=True)
    return _as_uuid(found.first())


def audit_record(
    *, actor: Any, verb: str, target: models.Model | type[models.Model], **detail: Any
) -> AuditEvent:
    """Record that ``actor`` did ``verb`` to ``target``. ``detail`` must hold ids, never free text.

    ``target`` is a row, or a model for what was done to many of its rows (``detail`` says which).
    The event is filed under the organisation it happened in when that can be told from the
    target or from ``detail["organisation"]`` (its admins read the log by it)."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        object_type=target._meta.label_lower,
        object_id=str(target.pk) if isinstance(target, models.Model) else "",
        detail=detail,
        organisation_id=_organisation_of(target, detail),
    )
