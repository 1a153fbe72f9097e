"""Staff pages for trainer deployments: the sessions list with its totals, recording one
session, importing a file of them and the report of each import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from seat.compensation.enums import EXPENSE_FIELDS, RateRole
from seat.compensation.rates import decimal_or_none, offer_parity
from seat.core.exports import csv_text
from seat.core.formats import format_day, format_money, format_number
from seat.trainings import selectors
from seat.trainings.csvfile import COLUMNS, PROBLEM_COLUMN, ImportFileError
from seat.trainings.enums import ImportStatus
from seat.trainings.forms import FilterForm, ImportForm, TrainingSessionForm
from seat.trainings.models import TrainingSession
from seat.trainings.rules import can_manage_trainings
from seat.trainings.services import (
    SessionInput,
    TrainingError,
    training_import_start,
    training_session_record,
)

# The list shows this many sessions at most; the totals count them all.
LIST_MAX = 200
# The report lists this many rows of each kind; the rejected-rows file holds them all.
REPORT_MAX = 200


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_reading_trainings(user=request.user)
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("trainings:session-list", organisation_id=organisations[0].pk)
    return render(request, "trainings/home.html", {"organisations": organisations})


@require_safe
@login_required
def session_list(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_trainings(
        user=request.user, organisation_id=organisation_id
    )
    trainers = selectors.trainers_of(organisation=organisation)
    codes = {t.expert.pk: t.code for t in trainers}
    everyone = {t.expert.pk: t.expert for t in trainers}
    for expert in selectors.trainers_with_sessions(organisation=organisation):
        everyone.setdefault(expert.pk, expert)
    filters = FilterForm(
        request.GET or None,
        trainers=[
            (str(pk), f"{expert.pseudonym} ({codes[pk]})" if pk in codes else expert.pseudonym)
            for pk, expert in sorted(everyone.items(), key=lambda item: item[1].pseudonym)
        ],
        months=selectors.months_with_sessions(organisation=organisation),
    )
    trainer_id, month = filters.chosen()
    sessions = selectors.sessions_of(organisation=organisation, trainer_id=trainer_id, month=month)
    totals = selectors.training_totals(sessions=sessions)
    return render(
        request,
        "trainings/session_list.html",
        {
            "organisation": organisation,
            "filters": filters,
            "filtered": trainer_id is not None or month is not None,
            "sessions": list(sessions[:LIST_MAX]),
            "totals": totals,
            "more": max(totals.sessions - LIST_MAX, 0),
            "trainers": trainers,
            "imports": selectors.imports_of(organisation=organisation),
            "can_manage": can_manage_trainings(request.user, organisation),
        },
    )


@login_required
def session_new(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_trainings(
        user=request.user, organisation_id=organisation_id, manage=True
    )
    trainers = selectors.trainers_of(organisation=organisation)
    form = TrainingSessionForm(
        request.POST or None,
        initial={"units": 1, **selectors.session_defaults(organisation=organisation)},
        trainers=trainers,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = SessionInput(
            trainer=data["trainer"],
            delivered_on=data["delivered_on"],
            audience=" ".join(data["audience"].split()),
            place=" ".join(data["place"].split()),
            participants=data["participants"],
            units=data["units"],
            unit=data["unit"],
            rate=data["rate"],
            currency=data["currency"],
            feedback=data["feedback"].strip(),
            rating=data["rating"],
            expenses={name: data[name] for name in EXPENSE_FIELDS.values()},
        )
        try:
            saved, created = training_session_record(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                session=session,
            )
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(
                    request,
                    _("The session is recorded. %(name)s is owed %(amount)s by %(date)s.")
                    % {
                        "name": saved.trainer.pseudonym,
                        "amount": format_money(saved.payment.amount, saved.payment.currency),
                        "date": format_day(saved.payment.due_on),
                    },
                )
            else:
                messages.info(
                    request,
                    _(
                        "This session was already recorded: nothing new was saved, nothing is "
                        "paid twice."
                    ),
                )
            return redirect("trainings:session-detail", session_id=saved.pk)
    return render(
        request,
        "trainings/session_form.html",
        {
            "organisation": organisation,
            "form": form,
            "has_trainers": bool(trainers),
            # Pay parity wherever a survivor's rate is set: the trainer card beside the rate.
            "parity": offer_parity(
                organisation=organisation,
                unit=str(form["unit"].value() or ""),
                currency=str(form["currency"].value() or ""),
                rate=decimal_or_none(form["rate"].value()),
                roles=(RateRole.TRAINER,),
            ),
        },
        status=400 if form.is_bound else 200,
    )


@require_safe
@login_required
def session_detail(request: HttpRequest, session_id: str) -> HttpResponse:
    session = selectors.training_session_get_for_user(user=request.user, session_id=session_id)
    line = session.payment
    return render(
        request,
        "trainings/session_detail.html",
        {
            "session": session,
            "line": line,
            "organisation": session.organisation,
            "parity": offer_parity(
                organisation=session.organisation,
                unit=line.unit,
                currency=line.currency,
                rate=line.rate,
                roles=(RateRole.TRAINER,),
            ),
        },
    )


@login_required
def import_new(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = selectors.organisation_for_trainings(
        user=request.user, organisation_id=organisation_id, manage=True
    )
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = training_import_start(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                data=form.cleaned_data["file"],
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("trainings:import-report", import_id=outcome.pk)
    return render(
        request,
        "trainings/import_form.html",
        {
            "organisation": organisation,
            "form": form,
            "trainers": selectors.trainers_of(organisation=organisation),
        },
        status=400 if form.is_bound else 200,
    )


@require_safe
@login_required
def import_template(request: HttpRequest, organisation_id: str) -> HttpResponse:
    """The column names, ready to be filled in a spreadsheet."""
    selectors.organisation_for_trainings(
        user=request.user, organisation_id=organisation_id, manage=True
    )
    return _csv("training-sessions.csv", csv_text(header=COLUMNS, rows=[]))


@require_safe
@login_required
def import_report(request: HttpRequest, import_id: str) -> HttpResponse:
    outcome = selectors.training_import_get_for_user(user=request.user, import_id=import_id)
    shown = outcome.saved_rows[:REPORT_MAX] + outcome.already_rows[:REPORT_MAX]
    by_id = {
        str(session.pk): session
        for session in TrainingSession.objects.filter(
            pk__in=[session_id for _row, session_id in shown]
        ).select_related("trainer")
    }
    earlier = selectors.earlier_upload(outcome=outcome)
    if outcome.status == ImportStatus.DONE and outcome.saved == 0 and outcome.already:
        summary = ngettext(
            "Nothing new was saved: the %(count)s session in this file that could be read was "
            "already recorded.",
            "Nothing new was saved: the %(count)s sessions in this file that could be read were "
            "already recorded.",
            outcome.already,
        ) % {"count": format_number(outcome.already)}
    else:
        summary = ""
    return render(
        request,
        "trainings/import_report.html",
        {
            "outcome": outcome,
            "organisation": outcome.organisation,
            "summary": summary,
            "earlier": earlier,
            "saved": [(row, by_id.get(pk)) for row, pk in outcome.saved_rows[:REPORT_MAX]],
            "already": [(row, by_id.get(pk)) for row, pk in outcome.already_rows[:REPORT_MAX]],
            "rejected": outcome.rejected_rows[:REPORT_MAX],
            "report_max": REPORT_MAX,
            "can_manage": can_manage_trainings(request.user, outcome.organisation),
        },
    )


@require_safe
@login_required
def import_rejected(request: HttpRequest, import_id: str) -> HttpResponse:
    """The rejected rows as they were uploaded, each with its problems in a last column: fix
    them and upload this file again (Seat reads past that column)."""
    outcome = selectors.training_import_get_for_user(user=request.user, import_id=import_id)
    # A file that was itself a rejected-rows file has a problem column already: this one's
    # problems replace it.
    keep = [i for i, name in enumerate(outcome.header) if name.strip().lower() != PROBLEM_COLUMN]
    rows = [
        [
            *(row["cells"][i] if i < len(row["cells"]) else "" for i in keep),
            " ".join(row["problems"]),
        ]
        for row in outcome.rejected_rows
    ]
    header = [outcome.header[i] for i in keep]
    return _csv("rejected-rows.csv", csv_text(header=[*header, PROBLEM_COLUMN], rows=rows))


def _csv(filename: str, text: str) -> HttpResponse:
    # The byte-order mark makes spreadsheet programs read the file as UTF-8; Seat reads past it.
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
