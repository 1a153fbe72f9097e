"""Reads of outcome reports, always scoped to who asks.

For the expert's "my input" pages (built elsewhere), use:

    outcome_reports_for_expert(user) -> list[ReaderReport]
        every report delivered to her own account, newest first;
    outcome_report_for_contribution(contribution, user) -> ReaderReport | None
        the latest report delivered to her that answers this contribution of hers.

Each ``ReaderReport`` has ``report``, ``delivery``, ``consultation``, ``text`` (a
``ReportText`` in her language when translated, else the original), ``notice_language`` (set
when the text is the original because hers is missing: show the notice in that language),
``url`` (her page, ``/me/reports/<uuid>/``) and ``read`` (she opened it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from seat.accountability.enums import Outcome
from seat.accountability.models import (
    REPORT_PARTS,
    OutcomeDelivery,
    OutcomeReport,
    OutcomeReportTranslation,
)
from seat.accountability.reports import site_languages
from seat.accountability.rules import can_manage_reports, can_read_reports
from seat.accounts.models import Organisation
from seat.accounts.rules import is_member
from seat.consultations.models import Consultation, Contribution
from seat.core.languages import language_name_translated
from seat.people.enums import ConsentPurpose
from seat.people.rules import SPEAKING_FOR_MEMBERS_ROLES
from seat.people.selectors import consent_states

# The public page's count of input not answered yet, beside the response outcomes.
NOT_ANSWERED = pgettext_lazy("response outcome", "Not answered yet")
# Counts below this are shown as "fewer than 5" on the public page (DESIGN.md: k >= 5).
SMALL_COUNT = 5


@dataclass
class ReportText:
    language: str
    heard: str
    changed: str
    unchanged: str
    next_steps: str

    @property
    def language_name(self) -> str:
        """The language it is written in, named in the reader's language (read inside the
        notice's ``{% language %}`` block)."""
        return language_name_translated(self.language)


def _text_of(source: OutcomeReport | OutcomeReportTranslation) -> ReportText:
    return ReportText(source.language, *(getattr(source, name) for name in REPORT_PARTS))


def report_text(
    report: OutcomeReport, *, wanted: list[str]
) -> tuple[ReportText, str | None, list[str]]:
    """The report in the first of ``wanted`` it is in (read from ``report.translations``,
    prefetched or not), else the original. Returns the text, the language to say "not yet
    translated" in (None when it is in hers) and every language it is in."""
    translations = {t.language: t for t in report.translations.all()}
    available = [report.language, *sorted(translations)]
    for code in wanted:
        if code == report.language:
            return _text_of(report), None, available
        if code in translations:
            return _text_of(translations[code]), None, available
    first = next((code for code in wanted if code in site_languages()), None)
    return _text_of(report), first, available


# Staff --------------------------------------------------------------------------------------


def report_get_for_user(*, user: Any, report_id: Any, manage: bool = False) -> OutcomeReport:
    """404 for another organisation's report (or none); 403 for a role that does not read
    reports, or (``manage``) does not write them."""
    report = (
        OutcomeReport.objects.select_related("consultation__project__organisation", "written_by")
        .prefetch_related("translations")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not is_member(user, report.consultation.project.organisation):
        raise Http404
    organisation = report.consultation.project.organisation
    if not can_read_reports(user, organisation):
        raise PermissionDenied
    if manage and not can_manage_reports(user, organisation):
        raise PermissionDenied
    return report


def consultation_for_reports(
    *, user: Any, consultation_id: Any, manage: bool = False
) -> Consultation:
    consultation = (
        Consultation.objects.select_related("project__organisation")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None or not is_member(user, consultation.project.organisation):
        raise Http404
    organisation = consultation.project.organisation
    if not can_read_reports(user, organisation) or (
        manage and not can_manage_reports(user, organisation)
    ):
        raise PermissionDenied
    return consultation


def reports_for_consultation(*, consultation: Consultation) -> list[OutcomeReport]:
    """Its reports, newest first, each with ``delivered`` and ``read`` counts (one query)."""
    return list(
        OutcomeReport.objects.filter(consultation=consultation)
        .annotate(
            delivered=Count("deliveries", distinct=True),
            read=Count("deliveries", filter=Q(deliveries__read_at__isnull=False), distinct=True),
        )
        .order_by("-created_at")
    )


def deliveries_of_report(*, report: OutcomeReport) -> list[OutcomeDelivery]:
    """Who has it, for the staff page: partners by name, people counted only (never named)."""
    return list(
        report.deliveries.select_related("partner")
        .annotate(contribution_count=Count("contributions"))
        .order_by("sent_at")
    )


# The people who received it ----------------------------------------------------------------


@dataclass
class ReaderReport:
    report: OutcomeReport
    delivery: OutcomeDelivery
    text: ReportText
    notice_language: str | None
    languages: list[str]

    @property
    def consultation(self) -> Consultation:
        return self.report.consultation

    @property
    def url(self) -> str:
        return reverse("my-reports:detail", args=[self.report.pk])

    @property
    def read(self) -> bool:
        return self.delivery.read_at is not None


def _deliveries_for_reader(user: Any) -> QuerySet[OutcomeDelivery]:
    if not getattr(user, "is_authenticated", False):
        return OutcomeDelivery.objects.none()
    return OutcomeDelivery.objects.filter(
        Q(recipient=user)
        | Q(
            partner__memberships__user=user,
            partner__memberships__role__in=SPEAKING_FOR_MEMBERS_ROLES,
        )
    ).select_related("report__consultation__project__organisation", "partner")


def _reader(delivery: OutcomeDelivery, wanted: list[str]) -> ReaderReport:
    text, notice, languages = report_text(delivery.report, wanted=wanted)
    return ReaderReport(delivery.report, delivery, text, notice, languages)


def _translations() -> Prefetch[Any]:
    return Prefetch("report__translations", queryset=OutcomeReportTranslation.objects.all())


def outcome_reports_for_reader(*, user: Any) -> list[ReaderReport]:
    """Every report delivered to her account or to a partner she reads reports for, newest
    first (two queries)."""
    deliveries = _deliveries_for_reader(user).prefetch_related(_translations()).distinct()
    return [_reader(d, [d.wanted_language]) for d in deliveries.order_by("-sent_at")]


def outcome_reports_for_expert(user: Any) -> list[ReaderReport]:
    """The reports delivered to her own account, newest first, each in her language when it is
    translated (two queries). For the "my input" page."""
    if not getattr(user, "is_authenticated", False):
        return []
    deliveries = (
        OutcomeDelivery.objects.filter(recipient=user)
        .select_related("report__consultation__project__organisation")
        .prefetch_related(_translations())
        .order_by("-sent_at")
    )
    return [_reader(d, [d.wanted_language]) for d in deliveries]


def outcome_report_for_contribution(contribution: Contribution, user: Any) -> ReaderReport | None:
    """The latest report delivered to her own account that answers ``contribution``; None when
    there is none, or the contribution is not one she received a report for."""
    if not getattr(user, "is_authenticated", False):
        return None
    delivery = (
        OutcomeDelivery.objects.filter(recipient=user, contributions=contribution)
        .select_related("report__consultation__project__organisation")
        .prefetch_related(_translations())
        .order_by("-sent_at")
        .first()
    )
    return _reader(delivery, [delivery.wanted_language]) if delivery is not None else None


def outcome_report_for_reader(*, user: Any, report_id: Any, language: str = "") -> ReaderReport:
    """One report as its recipient reads it, in ``language`` when asked for and available,
    else in hers; 404 for anyone it was not delivered to (nothing says it exists)."""
    delivery = (
        _deliveries_for_reader(user)
        .filter(report_id=report_id)
        .prefetch_related(_translations())
        .order_by("sent_at")
        .first()
    )
    if delivery is None:
        raise Http404
    wanted = [language, delivery.wanted_language] if language else [delivery.wanted_language]
    return _reader(delivery, wanted)


# The public "you said, we did" page ---------------------------------------------------------


def public_organisation(*, organisation_id: Any) -> Organisation:
    """The organisation, if it publishes its outcomes; 404 otherwise (as for none at all)."""
    organisation = Organisation.objects.filter(pk=organisation_id, publishes_outcomes=True).first()
    if organisation is None:
        raise Http404
    return organisation


@dataclass
class PublicCount:
    label: str
    value: int | None  # None: fewer than SMALL_COUNT, not shown


@dataclass
class PublicConsultation:
    consultation: Consultation
    report: OutcomeReport
    contributions: int | None
    outcomes: list[PublicCount]


def suppressed(counts: list[tuple[str, int]]) -> list[PublicCount]:
    """Counts below SMALL_COUNT hidden; when only one would be hidden, the next smallest is
    too, so that it cannot be worked out from the total and the others."""
    hidden = {label for label, value in counts if value < SMALL_COUNT}
    if len(hidden) == 1:
        shown = sorted((value, label) for label, value in counts if label not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return [PublicCount(label, None if label in hidden else value) for label, value in counts]


# The most consultations the public page lists (the latest reports): it stays one round trip.
PUBLIC_LIST_LENGTH = 20


def _counted_rows(*, consultation_ids: list[Any]) -> list[tuple[Any, str | None, int]]:
    """(consultation id, response outcome or None, how many people) for each contribution the
    public page may count (a collective's stands for its members who took part): input whose
    giver has withdrawn her consent to its use is not counted."""
    rows = list(
        Contribution.objects.filter(consultation_id__in=consultation_ids).values_list(
            "consultation_id", "expert_id", "response__outcome", "members_count"
        )
    )
    consent = consent_states(expert_ids=list({row[1] for row in rows if row[1] is not None}))
    return [
        (consultation_id, outcome, members or 1)
        for consultation_id, expert_id, outcome, members in rows
        if expert_id is None or consent[expert_id][ConsentPurpose.PARTICIPATE]
    ]


def public_once_sent(*, report: OutcomeReport) -> bool:
    """Whether the report is (or, once sent, will be) on its organisation's public page: the
    organisation publishes, and at least SMALL_COUNT people's input is counted in it. A report
    on fewer people's input is theirs alone."""
    if not report.consultation.project.organisation.publishes_outcomes:
        return False
    rows = _counted_rows(consultation_ids=[report.consultation_id])
    return sum(people for _c, _o, people in rows) >= SMALL_COUNT


def is_public(*, report: OutcomeReport) -> bool:
    return report.sent_at is not None and public_once_sent(report=report)


def public_outcomes(
    *, organisation: Organisation, limit: int = PUBLIC_LIST_LENGTH
) -> list[PublicConsultation]:
    """Its consultations with a sent report, latest report first: the number of contributions
    and how many were adopted, partly adopted, not adopted or not answered yet (each below
    SMALL_COUNT suppressed), counting only input its giver still lets be used; a consultation
    with fewer than SMALL_COUNT counted is not listed at all. Never anyone's words or name.
    Three queries."""
    reports = list(
        OutcomeReport.objects.filter(
            consultation__project__organisation=organisation, sent_at__isnull=False
        )
        .select_related("consultation")
        .order_by("-sent_at")
    )
    latest: dict[Any, OutcomeReport] = {}
    for report in reports:
        latest.setdefault(report.consultation_id, report)
    rows = _counted_rows(consultation_ids=list(latest))
    totals: dict[Any, int] = {}
    people: dict[Any, int] = {}
    by_outcome: dict[Any, dict[str, int]] = {}
    for consultation_id, outcome, members in rows:
        totals[consultation_id] = totals.get(consultation_id, 0) + 1
        people[consultation_id] = people.get(consultation_id, 0) + members
        if outcome:
            counts = by_outcome.setdefault(consultation_id, {})
            counts[outcome] = counts.get(outcome, 0) + 1
    # A report on input from fewer than SMALL_COUNT people is theirs alone: it is not public.
    chosen = [r for r in latest.values() if people.get(r.consultation_id, 0) >= SMALL_COUNT]
    chosen = chosen[:limit]
    result = []
    for report in chosen:
        total = totals.get(report.consultation_id, 0)
        counts = by_outcome.get(report.consultation_id, {})
        cells = [(str(label), counts.get(value, 0)) for value, label in Outcome.choices]
        cells.append((str(NOT_ANSWERED), total - sum(counts.values())))
        result.append(
            PublicConsultation(
                consultation=report.consultation,
                report=report,
                contributions=total if total >= SMALL_COUNT else None,
                outcomes=suppressed(cells),
            )
        )
    return result


def public_report(*, organisation: Organisation, report_id: Any) -> OutcomeReport:
    """A sent report of the organisation, with its translations; 404 otherwise."""
    report = (
        OutcomeReport.objects.filter(
            pk=report_id,
            consultation__project__organisation=organisation,
            sent_at__isnull=False,
        )
        .select_related("consultation__project__organisation")
        .prefetch_related("translations")
        .first()
    )
    if report is None or not is_public(report=report):
        raise Http404
    return report
