"""``GET /api/v1/languages``: the languages of Seat's interface and how far each has come."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from seat.core.i18n import catalog_completeness
from seat.core.languages import UI_LANGUAGES

router = Router(tags=["languages"])


class LanguageOut(Schema):
    code: str = Field(
        description="The code Seat uses for it (ISO 639-1), as in ?lang= or Accept-Language."
    )
    name: str = Field(description="Its name, written in the language itself.")
    direction: Literal["ltr", "rtl"] = Field(description="Left to right, or right to left.")
    completeness: int = Field(
        ge=0,
        le=100,
        description=(
            "Percent of the interface translated and reviewed, rounded down (100 only when every "
            "string is), counting the messages of the libraries Seat shows too."
        ),
    )
    offered: bool = Field(description="Whether a person can choose it in Seat's language picker.")


@router.get(
    "",
    url_name="languages",
    response=list[LanguageOut],
    auth=None,
    summary="The interface's languages",
)
def languages(request: HttpRequest) -> list[LanguageOut]:
    """Every language Seat's interface is in or being translated into, each named in itself,
    with its direction and how complete its catalog is. No login."""
    completeness = catalog_completeness()
    offered = dict(settings.LANGUAGES)
    return [
        LanguageOut(
            code=code,
            name=name,
            direction=direction,  # type: ignore[arg-type]
            completeness=completeness.get(code, 0),
            offered=code in offered,
        )
        for code, name, direction in UI_LANGUAGES
    ]
