"""Outcome reports: staff write, translate and send them; the people who took part (or their
partner's facilitators) read them on /me/reports/; organisations that opt in publish a
"you said, we did" page. Thin: reads in report_selectors, writes in reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from seat.accountability import report_selectors as selectors
from seat.accountability import reports
from seat.accountability.models import REPORT_PART_MAX_CHARS, REPORT_PARTS, OutcomeReport
from seat.accountability.report_forms import ReportForm, TranslationForm
from seat.accountability.rules import can_manage_reports
from seat.consultations.translations import reader_titles
from seat.core.formats import format_number


def _refused(form: Any, refused: reports.ReportRefused) -> None:
    for name, problem in refused.problems.items():
        form.add_error(name if name in form.fields else None, problem)


def _parts(data: dict[str, Any]) -> dict[str, str]:
    return {name: data[name] for name in REPORT_PARTS}


# Staff ------------------------------------------------------------------------------------


@login_required
def report_new(request: HttpRequest, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_for_reports(
        user=request.user, consultation_id=consultation_id, manage=True
    )
    form = ReportForm(
        request.POST or None,
        initial={"language": reports.default_report_language(consultation)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.report_create(
                actor=request.user,  # type: ignore[arg-type]
                consultation=consultation,
                language=form.cleaned_data["language"],
                **_parts(form.cleaned_data),
            )
        except reports.ReportRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The report is saved. It is not sent yet."))
            return redirect("reports:detail", report_id=report.pk)
    return render(
        request,
        "accountability/report_form.html",
        {"consultation": consultation, "form": form, "limit": REPORT_PART_MAX_CHARS},
        status=400 if form.errors else 200,
    )


@login_required
def report_detail(request: HttpRequest, report_id: str) -> HttpResponse:
    """The report as staff see it: its text, translations, who has it (counts), and, until it
    is sent, the form to change it."""
    report = selectors.report_get_for_user(
        user=request.user, report_id=report_id, manage=request.method == "POST"
    )
    may_manage = can_manage_reports(request.user, report.consultation.project.organisation)
    form = None
    if may_manage and report.sent_at is None:
        form = ReportForm(
            request.POST or None,
            initial={"language": report.language, **{n: getattr(report, n) for n in REPORT_PARTS}},
        )
    if request.method == "POST":
        if form is None:
            messages.error(
                request,
                _(
                    "This report was sent, so its text stays as the people who took part "
                    "received it. To tell them more, write a new report."
                ),
            )
            return redirect("reports:detail", report_id=report.pk)
        if form.is_valid():
            try:
                reports.report_update(
                    actor=request.user,  # type: ignore[arg-type]
                    report=report,
                    language=form.cleaned_data["language"],
                    **_parts(form.cleaned_data),
                )
            except reports.ReportRefused as refused:
                _refused(form, refused)
            else:
                messages.success(request, _("The report is saved. It is not sent yet."))
                return redirect("reports:detail", report_id=report.pk)
    return _detail_page(request, report, form=form, may_manage=may_manage)


def _detail_page(
    request: HttpRequest,
    report: OutcomeReport,
    *,
    form: Any = None,
    translation_form: Any = None,
    may_manage: bool,
) -> HttpResponse:
    # ?lang=bn shows that translation (staff read it back before sending) and fills the
    # translation form with it, to correct.
    shown = _asked_language(request) or report.language
    text, _notice, languages = selectors.report_text(report, wanted=[shown])
    if may_manage and translation_form is None:
        translated = text.language != report.language
        translation_form = TranslationForm(
            initial={"language": text.language, **{n: getattr(text, n) for n in REPORT_PARTS}}
            if translated
            else None
        )
    deliveries = selectors.deliveries_of_report(report=report)
    status = (
        400
        if (form is not None and form.errors)
        or (translation_form is not None and translation_form.errors)
        else 200
    )
    return render(
        request,
        "accountability/report_detail.html",
        {
            "report": report,
            "consultation": report.consultation,
            "text": text,
            "translations": list(report.translations.all()),
            "form": form,
            "translation_form": translation_form if may_manage else None,
            "may_manage": may_manage,
            "public": selectors.public_once_sent(report=report),
            "small": selectors.SMALL_COUNT,
            "people": sum(1 for d in deliveries if d.recipient_id),
            "people_read": sum(1 for d in deliveries if d.recipient_id and d.read_at),
            "partner_deliveries": [d for d in deliveries if d.partner_id],
            "limit": REPORT_PART_MAX_CHARS,
        },
        status=status,
    )


@login_required
def report_translation(request: HttpRequest, report_id: str) -> HttpResponse:
    """Add or change a translation (POST); GET goes to the report's page, where the form is."""
    report = selectors.report_get_for_user(user=request.user, report_id=report_id, manage=True)
    if request.method != "POST":
        return redirect("reports:detail", report_id=report.pk)
    form = TranslationForm(request.POST)
    if form.is_valid():
        try:
            reports.report_translation_save(
                actor=request.user,  # type: ignore[arg-type]
                report=report,
                language=form.cleaned_data["language"],
                **_parts(form.cleaned_data),
            )
        except reports.ReportRefused as refused:
            _refused(form, refused)
        else:
            messages.success(request, _("The translation is saved."))
            return redirect("reports:detail", report_id=report.pk)
    return _detail_page(request, report, translation_form=form, may_manage=True)


@login_required
def report_send(request: HttpRequest, report_id: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, report_id=report_id, manage=True)
    if request.method != "POST":
        return redirect("reports:detail", report_id=report.pk)
    result = reports.report_send(actor=request.user, report=report)  # type: ignore[arg-type]
    if result.total == 0:
        messages.info(
            request, _("Nobody has given input to this consultation yet: nothing was sent.")
        )
    elif result.already_everyone:
        messages.info(
            request,
            _("Already sent to everyone who took part. Nobody got it twice."),
        )
    else:
        count = len(result.new_deliveries)
        messages.success(
            request,
            ngettext(
                "Sent to %(count)s more recipient: a person who took part, or a partner "
                "organisation that reads it to its members.",
                "Sent to %(count)s more recipients: people who took part, and partner "
                "organisations that read it to their members.",
                count,
            )
            % {"count": format_number(count)},
        )
    return redirect("reports:detail", report_id=report.pk)


@login_required
@require_safe
def report_pdf_staff(request: HttpRequest, report_id: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, report_id=report_id)
    language = request.GET.get("lang") or report.language
    text, notice, _languages = selectors.report_text(report, wanted=[language])
    return _pdf(report, text, notice)


def _pdf(report: OutcomeReport, text: Any, notice: str | None) -> HttpResponse:
    reader_titles([report.consultation], language=text.language)
    try:
        with translation.override(text.language):
            pdf = reports.report_pdf(
                context={
                    "report": report,
                    "consultation": report.consultation,
                    "text": text,
                    "notice_language": notice,
                }
            )
    except reports.PdfUnavailable:
        message = _("PDF files are not available on this server yet. The page has the same report.")
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{text.language}.pdf"'
    return response


# The people who received it ----------------------------------------------------------------


def _asked_language(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else ""


@login_required
@require_safe
def my_reports(request: HttpRequest) -> HttpResponse:
    items = selectors.outcome_reports_for_reader(user=request.user)
    reader_titles([item.consultation for item in items], language=get_language())
    return render(request, "accountability/my_reports.html", {"items": items})


@login_required
@require_safe
def my_report(request: HttpRequest, report_id: str) -> HttpResponse:
    item = selectors.outcome_report_for_reader(
        user=request.user, report_id=report_id, language=_asked_language(request)
    )
    reports.report_mark_read(user=request.user, delivery=item.delivery)  # type: ignore[arg-type]
    reader_titles([item.consultation], language=item.text.language)
    return render(
        request,
        "accountability/my_report.html",
        {"item": item, "public": selectors.is_public(report=item.report)},
    )


@login_required
@require_safe
def my_report_pdf(request: HttpRequest, report_id: str) -> HttpResponse:
    item = selectors.outcome_report_for_reader(
        user=request.user, report_id=report_id, language=_asked_language(request)
    )
    return _pdf(item.report, item.text, item.notice_language)


# Public -------------------------------------------------------------------------------------


@require_safe
def you_said_we_did(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.public_organisation(organisation_id=organisation_id)
    items = selectors.public_outcomes(organisation=organisation)
    reader_titles([item.consultation for item in items], language=get_language())
    return render(
        request,
        "accountability/you_said_we_did.html",
        {
            "organisation": organisation,
            "items": items,
            "small": selectors.SMALL_COUNT,
        },
    )


@require_safe
def you_said_we_did_report(
    request: HttpRequest, organisation_id: str, report_id: str
) -> HttpResponse:
    organisation = selectors.public_organisation(organisation_id=organisation_id)
    report = selectors.public_report(organisation=organisation, report_id=report_id)
    asked = _asked_language(request)
    wanted = [code for code in (asked, get_language()) if code]
    text, notice, languages = selectors.report_text(report, wanted=wanted)
    reader_titles([report.consultation], language=text.language)
    return render(
        request,
        "accountability/you_said_we_did_report.html",
        {
            "organisation": organisation,
            "report": report,
            "text": text,
            "notice_language": notice,
            "languages": languages,
        },
    )
