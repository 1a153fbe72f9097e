"""Outcome reports: staff tell the people who took part in a consultation what was heard, what
changed, what did not and why, and what happens next (issue 12).

Writes only; reads are in ``report_selectors``. A report is written in one of the site's
languages and translated into others; once sent, its text and translations are fixed (a new
report says more), so every delivery row says exactly what its reader received. Sending
delivers to each contributor once: an expert with her own account directly, and a partner
(survivor-led organisation or collective) whose members gave input through it to its
facilitators, once per partner. Sending again reaches only those who took part since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accountability.models import (
    REPORT_PART_MAX_CHARS,
    REPORT_PARTS,
    OutcomeDelivery,
    OutcomeReport,
    OutcomeReportTranslation,
)
from seat.accountability.rules import can_manage_reports
from seat.accounts.models import Organisation, User
from seat.consultations.models import Consultation, Contribution
from seat.consultations.selectors import PARTNER_RELATED, contribution_partner
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.people.models import ExpertProfile
from seat.people.selectors import partner_facilitators


class ReportRefused(Exception):
    """Bad input, by field ("" for the whole form): nothing was saved."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def default_report_language(consultation: Consultation) -> str:
    """The consultation's own language when the site has it, else the site's default."""
    if consultation.text_language in site_languages():
        return consultation.text_language
    return str(settings.LANGUAGE_CODE)


def _clean_parts(parts: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    cleaned = {name: (parts.get(name) or "").strip() for name in REPORT_PARTS}
    problems: dict[str, str] = {}
    for name, text in cleaned.items():
        if not text:
            problems[name] = _("Write this part: the people who took part read all four.")
        elif len(text) > REPORT_PART_MAX_CHARS:
            problems[name] = _(
                "Keep this part to %(limit)s characters or fewer (it has %(count)s)."
            ) % {"limit": REPORT_PART_MAX_CHARS, "count": len(text)}
    return cleaned, problems


def _language_problem(language: str) -> str | None:
    if language not in site_languages():
        names = ", ".join(name for _code, name in settings.LANGUAGES)
        return _("Seat cannot show a report in this language. Choose one of: %(names)s.") % {
            "names": names
        }
    return None


def _check_manager(actor: User, consultation: Consultation) -> None:
    if not can_manage_reports(actor, consultation.project.organisation):
        raise PermissionDenied


@transaction.atomic
def report_create(
    *,
    actor: User,
    consultation: Consultation,
    language: str,
    heard: str,
    changed: str,
    unchanged: str,
    next_steps: str,
) -> OutcomeReport:
    """A new, unsent report on ``consultation`` in ``language`` (one of the site's)."""
    _check_manager(actor, consultation)
    parts, problems = _clean_parts(
        {"heard": heard, "changed": changed, "unchanged": unchanged, "next_steps": next_steps}
    )
    if problem := _language_problem(language):
        problems["language"] = problem
    if problems:
        raise ReportRefused(problems)
    report = OutcomeReport.objects.create(
        consultation=consultation, language=language, written_by=actor, **parts
    )
    audit_record(actor=actor, verb="outcome_report.create", target=report, language=language)
    return report


def _sent_problem() -> str:
    return _(
        "This report was sent, so its text stays as the people who took part received it. To "
        "tell them more, write a new report."
    )


@transaction.atomic
def report_update(
    *,
    actor: User,
    report: OutcomeReport,
    language: str,
    heard: str,
    changed: str,
    unchanged: str,
    next_steps: str,
) -> OutcomeReport:
    """Change an unsent report. A sent one is refused: people keep what they received."""
    report = (
        OutcomeReport.objects.select_for_update()
        .select_related("consultation__project__organisation")
        .get(pk=report.pk)
    )
    _check_manager(actor, report.consultation)
    if report.sent_at is not None:
        raise ReportRefused({"": _sent_problem()})
    parts, problems = _clean_parts(
        {"heard": heard, "changed": changed, "unchanged": unchanged, "next_steps": next_steps}
    )
    if problem := _language_problem(language):
        problems["language"] = problem
    elif report.translations.filter(language=language).exists():
        problems["language"] = _(
            "There is a translation into this language already: change that translation "
            "instead, or choose another language."
        )
    if problems:
        raise ReportRefused(problems)
    for name, text in parts.items():
        setattr(report, name, text)
    report.language = language
    report.save()
    audit_record(actor=actor, verb="outcome_report.update", target=report, language=language)
    return report


@transaction.atomic
def report_translation_save(
    *,
    actor: User,
    report: OutcomeReport,
    language: str,
    heard: str,
    changed: str,
    unchanged: str,
    next_steps: str,
) -> OutcomeReportTranslation:
    """Add or change the report's translation into ``language``: one of the site's languages,
    not the report's own. Once the report is sent, a language it has is fixed; a new one may
    still be added (readers who got the original then find the report in theirs)."""
    report = (
        OutcomeReport.objects.select_for_update()
        .select_related("consultation__project__organisation")
        .get(pk=report.pk)
    )
    _check_manager(actor, report.consultation)
    parts, problems = _clean_parts(
        {"heard": heard, "changed": changed, "unchanged": unchanged, "next_steps": next_steps}
    )
    if problem := _language_problem(language):
        problems["language"] = problem
    elif language == report.language:
        problems["language"] = _("The report is written in this language already.")
    existing = report.translations.filter(language=language).first()
    if existing is not None and report.sent_at is not None:
        problems[""] = _sent_problem()
    if problems:
        raise ReportRefused(problems)
    if existing is None:
        translation = OutcomeReportTranslation.objects.create(
            report=report, language=language, updated_by=actor, **parts
        )
        verb = "outcome_report.translate"
    else:
        for name, text in parts.items():
            setattr(existing, name, text)
        existing.updated_by = actor
        existing.save()
        translation, verb = existing, "outcome_report.translation_update"
    audit_record(actor=actor, verb=verb, target=report, language=language)
    return translation


# Sending ----------------------------------------------------------------------------------


@dataclass
class LanguageChoice:
    language: str  # the text she gets
    wanted: str  # her language
    fell_back: bool


def language_choice(*, wanted: list[str], available: set[str], original: str) -> LanguageChoice:
    """Her first language (of ``wanted``, in her order) that the report is in; else the
    original, to be shown with a notice in her first language that it is not translated yet."""
    languages = [code for code in wanted if code in site_languages()] or [
        str(settings.LANGUAGE_CODE)
    ]
    for code in languages:
        if code in available:
            return LanguageChoice(language=code, wanted=code, fell_back=False)
    return LanguageChoice(language=original, wanted=languages[0], fell_back=True)


def wanted_languages_of_person(user: User, expert: ExpertProfile | None) -> list[str]:
    """Her language on Seat (chosen on any device), else her profile's languages, else none
    (the site's default then applies)."""
    if user.language:
        return [user.language]
    return expert.language_codes if expert is not None else []


def report_languages(report: OutcomeReport) -> set[str]:
    return {report.language, *report.translations.values_list("language", flat=True)}


@dataclass
class _Recipient:
    contributions: list[Contribution] = field(default_factory=list)
    user: User | None = None
    expert: ExpertProfile | None = None
    partner: Organisation | None = None


def report_recipients(
    consultation: Consultation,
) -> tuple[dict[Any, _Recipient], dict[Any, _Recipient]]:
    """Who the consultation's report goes to: people with their own active account, by user
    id, and partners input came through, by organisation id; each with the contributions it
    answers. A contribution given through a partner by someone with her own account reaches
    both (as a response does): she reads it herself, and the partner tells the others."""
    people: dict[Any, _Recipient] = {}
    partners: dict[Any, _Recipient] = {}
    contributions = (
        Contribution.objects.filter(consultation=consultation)
        .select_related("expert__user", *PARTNER_RELATED)
        .order_by("created_at")
    )
    for contribution in contributions:
        partner = contribution_partner(contribution)
        if partner is not None:
            partners.setdefault(partner.pk, _Recipient(partner=partner)).contributions.append(
                contribution
            )
        expert = contribution.expert
        # A profile a collective keeps (an account for text messages only, at most) hears of
        # the report through the collective, which gets it for her contribution.
        if (
            expert is not None
            and expert.user is not None
            and expert.user.is_active
            and not expert.kept
        ):
            people.setdefault(
                expert.user.pk, _Recipient(user=expert.user, expert=expert)
            ).contributions.append(contribution)
    return people, partners


@dataclass
class SendResult:
    report: OutcomeReport
    new_deliveries: list[OutcomeDelivery]
    people: int = 0
    partners: int = 0
    # Contributions added to deliveries made before (their recipient already had the report).
    joined: int = 0
    # Deliveries of the report in all, before and now: none means nobody has given input.
    total: int = 0

    @property
    def already_everyone(self) -> bool:
        return not self.new_deliveries


@transaction.atomic
def report_send(*, actor: User, report: OutcomeReport) -> SendResult:
    """Deliver the report to every contributor who does not have it yet: each once, whatever
    happens (the report row is locked while sending; one delivery row per person and per
    partner, unique). Returns what was delivered now; nothing new means everyone has it."""
    report = (
        OutcomeReport.objects.select_for_update()
        .select_related("consultation__project__organisation")
        .get(pk=report.pk)
    )
    consultation = report.consultation
    _check_manager(actor, consultation)
    organisation = consultation.project.organisation
    now = timezone.now()
    available = report_languages(report)
    existing = {
        (d.recipient_id, d.partner_id): d
        for d in report.deliveries.prefetch_related("contributions")
    }
    people, partners = report_recipients(consultation)
    url = reverse("my-reports:detail", args=[report.pk])
    context = {"organisation": organisation.name, "title": consultation.title}
    result = SendResult(report=report, new_deliveries=[])
    to_tell: list[tuple[OutcomeDelivery, _Recipient]] = []
    for key, recipient in [
        *(((pk, None), r) for pk, r in people.items()),
        *(((None, pk), r) for pk, r in partners.items()),
    ]:
        delivery = existing.get(key)
        if delivery is not None:
            had = {c.pk for c in delivery.contributions.all()}
            joining = [c for c in recipient.contributions if c.pk not in had]
            if joining:
                delivery.contributions.add(*joining)
                result.joined += len(joining)
            continue
        if recipient.user is not None:
            wanted = wanted_languages_of_person(recipient.user, recipient.expert)
        else:
            wanted = recipient.partner.language_codes  # type: ignore[union-attr]
        choice = language_choice(wanted=wanted, available=available, original=report.language)
        delivery = OutcomeDelivery.objects.create(
            report=report,
            recipient=recipient.user,
            partner=recipient.partner,
            language=choice.language,
            wanted_language=choice.wanted,
            fell_back=choice.fell_back,
            sent_at=now,
        )
        delivery.contributions.add(*recipient.contributions)
        result.new_deliveries.append(delivery)
        to_tell.append((delivery, recipient))
        if recipient.user is not None:
            result.people += 1
        else:
            result.partners += 1
    for delivery, recipient in to_tell:
        if recipient.user is not None:
            notify(
                event=Event.OUTCOME_REPORT_SENT,
                recipients=[recipient.user],
                key=f"outcome.report:{report.pk}:{recipient.user.pk}",
                url=url,
                context=context,
            )
        else:
            notify(
                event=Event.PARTNER_OUTCOME_REPORT_SENT,
                recipients=partner_facilitators(organisation_id=delivery.partner_id),
                key=f"partner.outcome.report:{report.pk}:{delivery.partner_id}",
                url=url,
                context=context,
            )
    result.total = len(existing) + len(result.new_deliveries)
    if report.sent_at is None and result.new_deliveries:
        report.sent_at = now
        report.save(update_fields=["sent_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="outcome_report.send",
        target=report,
        people=result.people,
        partners=result.partners,
        joined=result.joined,
    )
    return result


def report_mark_read(*, user: User, delivery: OutcomeDelivery) -> None:
    """The first time its recipient (or one of the partner's facilitators) opens it."""
    if delivery.read_at is None:
        OutcomeDelivery.objects.filter(pk=delivery.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=user
        )


# PDF ---------------------------------------------------------------------------------------


class PdfUnavailable(RuntimeError):
    """The server lacks the system libraries WeasyPrint needs (Pango)."""


def report_pdf(*, context: dict[str, Any]) -> bytes:
    """The report as a PDF in the active language (``context``: report, text, consultation,
    notice), with the locally installed fonts only."""
    try:
        from weasyprint import HTML
    except OSError as exc:
        raise PdfUnavailable from exc
    html = render_to_string(
        "accountability/outcome_report_pdf.html", {**context, "today": timezone.localdate()}
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
