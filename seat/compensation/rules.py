from __future__ import annotations

from typing import Any

from seat.accounts.enums import Role
from seat.accounts.rules import role_in
from seat.compensation.models import PaymentLine
from seat.consultations.models import Contribution

# Staff record what is owed; only finance and admins approve and pay.
_RECORDING_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.FINANCE})
_PAYING_ROLES = frozenset({Role.ADMIN, Role.FINANCE})


def can_record_payment(user: Any, contribution: Contribution) -> bool:
    return role_in(user, contribution.consultation.project.organisation) in _RECORDING_ROLES


def can_advance_payment(user: Any, payment: PaymentLine) -> bool:
    return role_in(user, payment.organisation) in _PAYING_ROLES
