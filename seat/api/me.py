"""``/api/v1/me``: the caller themselves, and their inbox. Only ever the caller's own data.

What it says about an expert is what she sees on her own pages (her chosen name, languages,
expertise and the organisations she works with), never her private details.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.rules import roles_of
from seat.accounts.selectors import organisations_for_user
from seat.notifications import selectors as inbox
from seat.notifications.enums import Event
from seat.notifications.texts import inbox_text
from seat.people import selectors as people

router = Router(tags=["me"])


class OrganisationOut(Schema):
    id: UUID
    name: str
    kind: OrganisationKind
    role: Role


class WorksWithOut(Schema):
    id: UUID
    name: str


class ExpertOut(Schema):
    id: UUID
    pseudonym: str
    languages: list[str]
    expertise: str
    works_with: list[WorksWithOut]


class MeOut(Schema):
    id: UUID
    username: str
    organisations: list[OrganisationOut]
    expert: ExpertOut | None


@router.get("", response=MeOut, summary="Who you are")
def me(request: HttpRequest) -> dict[str, Any]:
    """Your account, your role in each organisation you are a member of, and, if you are a
    survivor expert, what your own pages show about you (never your private details)."""
    user = request.auth  # type: ignore[attr-defined]
    roles = roles_of(user)
    expert = people.expert_for_user(user=user)
    return {
        "id": user.pk,
        "username": user.username,
        "organisations": [
            {"id": o.pk, "name": o.name, "kind": o.kind, "role": roles[o.pk]}
            for o in organisations_for_user(user=user)
        ],
        "expert": None
        if expert is None
        else {
            "id": expert.pk,
            "pseudonym": expert.pseudonym,
            "languages": expert.language_codes,
            "expertise": expert.expertise,
            "works_with": [
                {"id": link.organisation.pk, "name": link.organisation.name}
                for link in people.organisations_of_expert(expert=expert)
            ],
        },
    }


class NotificationOut(Schema):
    id: UUID
    event: Event
    title: str
    text: str
    message: str | None = Field(description="What the organisation wrote, when it wrote anything.")
    link: str | None = Field(description="The page it is about, on this site.")
    read: bool
    created_at: datetime.datetime


class NotificationPageOut(Schema):
    count: int
    page: int
    per_page: int
    has_next: bool
    items: list[NotificationOut]


class PageIn(Schema):
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(20, ge=1, le=100)


@router.get("/notifications", response=NotificationPageOut, summary="Your messages")
def notifications(request: HttpRequest, query: Query[PageIn]) -> dict[str, Any]:
    """Your inbox, newest first, in the same words as your messages page, in your language.
    Reading them here does not mark them read."""
    user = request.auth  # type: ignore[attr-defined]
    messages = inbox.inbox_for_user(user=user)
    count = messages.count()
    start = (query.page - 1) * query.per_page
    items = list(messages[start : start + query.per_page])
    return {
        "count": count,
        "page": query.page,
        "per_page": query.per_page,
        "has_next": start + query.per_page < count,
        "items": [
            {
                "id": n.pk,
                "event": n.event,
                "title": n.get_event_display(),
                "text": inbox_text(n.event, n.context),
                "message": str(n.context["message"]) if n.context.get("message") else None,
                "link": n.url or None,
                "read": n.read_at is not None,
                "created_at": n.created_at,
            }
            for n in items
        ],
    }
