"""The person's own API tokens: make one (shown once), see when each was used, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from seat.api import selectors, services
from seat.api.forms import TokenForm


def _tokens_page(request: HttpRequest, form: TokenForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": selectors.api_tokens_for_user(user=request.user),
            "max_tokens": services.MAX_LIVE_TOKENS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _tokens_page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=400)
    try:
        token, shown = services.api_token_create(
            actor=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            form_key=form.cleaned_data["form_key"],
        )
    except services.TokenRefused as refusal:
        form.add_error(None, str(refusal))
        return _tokens_page(request, form, status=400)
    # Shown in this answer only (never a redirect: the token would have to wait in the session),
    # and kept out of every cache.
    response = render(
        request,
        "api/token_made.html",
        {"token": token, "shown": shown, "docs_url": request.build_absolute_uri("/api/v1/docs")},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    token = selectors.api_token_get_for_user(user=request.user, token_id=token_id)
    services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(
        request,
        _("“%(name)s” is revoked. Programs using it can no longer reach Seat.")
        % {"name": token.name},
    )
    return redirect(reverse("api:tokens"))
