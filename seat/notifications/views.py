"""The inbox and the choice of channels: for everyone signed in, each seeing only their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seat.notifications import selectors, services
from seat.notifications.forms import ContactChoiceForm, InboxActionForm
from seat.notifications.texts import inbox_text

PER_PAGE = 20


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = InboxActionForm(request.POST)
        if not form.is_valid():
            return redirect("notifications:inbox")
        data = form.cleaned_data
        if data["all"]:
            services.notifications_mark_all_read(user=request.user)  # type: ignore[arg-type]
            return redirect("notifications:inbox")
        target = data["open"] or data["read"]
        if target is None:
            return redirect("notifications:inbox")
        notification = selectors.notification_get_for_user(
            user=request.user, notification_id=target
        )
        services.notification_mark_read(user=request.user, notification=notification)  # type: ignore[arg-type]
        if data["open"] and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
            return redirect(notification.url)
        return redirect("notifications:inbox")
    page = Paginator(selectors.inbox_for_user(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    items = [(n, n.get_event_display(), inbox_text(n.event, n.context)) for n in page]
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "items": items, "any_unread": any(n.read_at is None for n in page)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def choices(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ContactChoiceForm(request.POST)
        if form.is_valid():
            services.contact_choice_update(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, _("Saved. This applies to new messages."))
            return redirect("notifications:choices")
        choice, contacts = selectors.contact_choice_for_user(user=request.user)
    else:
        choice, contacts = selectors.contact_choice_for_user(user=request.user)
        form = ContactChoiceForm(
            initial={
                "by_email": choice.by_email,
                "by_sms": choice.by_sms,
                "email": contacts.email,
                "phone": contacts.phone,
            }
        )
    return render(
        request,
        "notifications/choices.html",
        {"form": form, "from_private_details": contacts.from_private_details},
    )
