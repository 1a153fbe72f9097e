"""Her rights over her data: every page is hers alone (the signed-in expert's own records)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from seat.people import services as people_services
from seat.people.access import expert_required
from seat.rights import selectors, services
from seat.rights.forms import EraseForm
from seat.rights.retention import kept_for


def _attachment(body: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _everything(request: HttpRequest, expert: Any) -> list[selectors.Section]:
    # Her own identity, read the one audited way: her copy counts as a read by herself.
    identity = people_services.identity_read(actor=request.user, expert=expert)
    return selectors.everything_about(expert=expert, identity=identity)


@require_safe
@expert_required
def my_data(request: HttpRequest, expert: Any) -> HttpResponse:
    reads = selectors.reads_of_her_details(expert=expert)
    return render(request, "rights/my_data.html", {"reads": reads, "kept_for": kept_for()})


@require_safe
@expert_required
def my_data_json(request: HttpRequest, expert: Any) -> HttpResponse:
    sections = _everything(request, expert)
    services.my_data_download_record(actor=request.user, expert=expert, kind="json")
    body = {
        "format": "seat-data/1",
        "made_at": timezone.now().isoformat(),
        "data": selectors.as_json(sections),
    }
    text = json.dumps(body, ensure_ascii=False, indent=2, default=str)
    return _attachment(text, "application/json; charset=utf-8", "seat-data.json")


@require_safe
@expert_required
def my_data_pdf(request: HttpRequest, expert: Any) -> HttpResponse:
    chosen = getattr(request.user, "language", "")
    language = chosen if chosen in dict(settings.LANGUAGES) else get_language()
    try:
        from weasyprint import HTML
    except OSError:  # Pango missing: say so instead of failing with a 500
        return HttpResponse(
            _("PDF files are not available on this server yet. The JSON file has the same data."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    with translation.override(language):
        sections = _everything(request, expert)
        html = render_to_string(
            "rights/my_data_pdf.html",
            {"sections": selectors.as_readable(sections), "today": timezone.localdate()},
        )
    pdf = HTML(string=html).write_pdf()
    services.my_data_download_record(actor=request.user, expert=expert, kind="pdf")
    return _attachment(pdf, "application/pdf", "seat-data.pdf")


@expert_required
def erase(request: HttpRequest, expert: Any) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_erase(actor=request.user, expert=expert)
        logout(request)
        return render(request, "rights/erased.html")
    preview = selectors.erasure_preview(expert=expert)
    return render(request, "rights/erase.html", {"form": form, "preview": preview})
