"""Rate card pages under /payments/rates/: an organisation's admins and finance keep what it pays
survivors in each role beside what it pays other consultants, and read the parity of each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from seat.compensation import rates
from seat.compensation.rate_forms import RateCardForm, RatesForm


@require_safe
@login_required
def rates_index(request: HttpRequest) -> HttpResponse:
    """The organisations whose rates the person keeps; straight to the one when there is one."""
    organisations = rates.organisations_keeping_rates(user=request.user)
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("rates:cards", organisation_id=organisations[0].pk)
    return render(request, "compensation/rates_index.html", {"organisations": organisations})


@login_required
def rate_cards(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """The organisation's cards with their parity, and the form to add one."""
    organisation = rates.rates_organisation_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    form = RateCardForm(request.POST or None, default_currency=organisation.default_currency)
    if request.method == "POST" and form.is_valid():
        try:
            card = rates.rate_card_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **form.cleaned_data,
            )
        except rates.RateCardRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(
                request,
                _("Saved. %(parity)s")
                % {"parity": rates.card_parity(card).card_words(organisation=organisation.name)},
            )
            return redirect("rates:cards", organisation_id=organisation.pk)
    return render(
        request,
        "compensation/rate_cards.html",
        {
            "organisation": organisation,
            "rows": rates.rate_cards_of(organisation=organisation),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def rate_card_edit(request: HttpRequest, card_id: str) -> HttpResponse:
    card = rates.rate_card_get_for_user(user=request.user, card_id=card_id)
    form = RatesForm(
        request.POST or None,
        initial={"survivor_rate": card.survivor_rate, "peer_rate": card.peer_rate},
        currency=card.currency,
    )
    if request.method == "POST" and form.is_valid():
        try:
            card = rates.rate_card_update(
                actor=request.user,  # type: ignore[arg-type]
                card=card,
                **form.cleaned_data,
            )
        except rates.RateCardRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(
                request,
                _("Saved. %(parity)s")
                % {
                    "parity": rates.card_parity(card).card_words(
                        organisation=card.organisation.name
                    )
                },
            )
            return redirect("rates:cards", organisation_id=card.organisation_id)
    return render(
        request,
        "compensation/rate_card_edit.html",
        {"card": card, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def rate_card_remove(request: HttpRequest, card_id: str) -> HttpResponse:
    card = rates.rate_card_get_for_user(user=request.user, card_id=card_id)
    rates.rate_card_remove(actor=request.user, card=card)  # type: ignore[arg-type]
    messages.success(
        request,
        _(
            "The rate for %(role)s %(unit)s in %(currency)s is removed. Payments already recorded keep their rate."
        )
        % {
            "role": card.get_role_display(),
            "unit": card.get_unit_display(),
            "currency": card.currency,
        },
    )
    return redirect("rates:cards", organisation_id=card.organisation_id)
