"""Where a person's e-mail address and phone number for notifications live.

One copy of each, never two: an expert's are the ones in her private details
(``people.ExpertIdentity``, read only through ``people.services.identity_read``, which checks
who reads and writes the audit event); everyone else's are in ``ContactChoice``. Organisations
never see either.

``people`` is imported inside the functions: every app, ``accounts`` included, may call
``notify``, and ``accounts`` comes before ``people`` in the import direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seat.accounts.models import User
from seat.notifications.models import ContactChoice


@dataclass(frozen=True)
class Contacts:
    email: str
    phone: str
    # Whether the addresses are the expert's private details (shown as such on the page).
    from_private_details: bool


def _expert_of(user: User) -> Any:
    from seat.people.selectors import expert_for_user

    return expert_for_user(user=user)


def contacts_read(*, user: User, purpose: str) -> Contacts:
    """The person's own addresses. ``user`` is both the reader and the owner: only the person
    herself, or Seat sending to her on her behalf, reads them."""
    expert = _expert_of(user)
    if expert is not None:
        from seat.people.services import identity_read

        identity = identity_read(actor=user, expert=expert, purpose=purpose)
        return Contacts(email=identity.email, phone=identity.phone, from_private_details=True)
    choice = ContactChoice.objects.filter(user=user).first()
    if choice is None:
        return Contacts(email="", phone="", from_private_details=False)
    return Contacts(email=choice.email, phone=choice.phone, from_private_details=False)


def contacts_write(*, user: User, email: str, phone: str) -> bool:
    """Store the person's addresses where they live; returns whether they are an expert's."""
    expert = _expert_of(user)
    if expert is not None:
        from seat.people.services import identity_update

        identity_update(actor=user, expert=expert, email=email, phone=phone)
        return True
    ContactChoice.objects.update_or_create(user=user, defaults={"email": email, "phone": phone})
    return False
