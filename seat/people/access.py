"""Who opens an expert's own pages under /me/ (``portal``, ``opportunities``, ``rights``): a
signed-in account with an expert profile. Anyone else is answered 404, as if the page were not
there, so an organisation's account learns nothing of those pages."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from seat.people.selectors import expert_for_user


def expert_required(view: Any) -> Any:
    """Call ``view(request, expert, ...)`` with the signed-in person's expert profile."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        expert = expert_for_user(user=request.user)
        if expert is None:
            raise Http404
        return view(request, expert, *args, **kwargs)

    return wrapper
