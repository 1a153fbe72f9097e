"""Reads for a partner's "Pay and responses" page: what comes back through it to its members.

Every line of pay the host recorded through the partner, and every response to input given
through it (by its members, forwarded or written down in person, or by the collective itself),
with the response's framing in the language of the people it is read aloud to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seat.accountability.models import Response
from seat.accountability.rules import can_relay
from seat.accounts.models import Organisation
from seat.accounts.rules import roles_of
from seat.compensation.enums import PaymentStatus
from seat.compensation.models import PaymentLine
from seat.compensation.rules import can_pass_on
from seat.consultations.models import Consultation, ConsultationTranslation, Contribution
from seat.consultations.selectors import PARTNER_RELATED, contribution_partner
from seat.consultations.translations import source_digest
from seat.partners.models import PartnerRequest
from seat.partners.rules import can_decide_request, can_see_request
from seat.people.rules import can_act_for_members


def partners_acted_for(*, user: Any) -> list[Organisation]:
    """The survivor-led organisations the user acts for (as facilitator or admin)."""
    ids = list(roles_of(user))
    return [
        organisation
        for organisation in Organisation.objects.filter(pk__in=ids).order_by("name")
        if can_act_for_members(user, organisation)
    ]


def _through(organisations: list[Organisation]) -> Q:
    """Contributions that came through one of ``organisations``."""
    return (
        Q(collective__in=organisations)
        | Q(capture__partner__in=organisations)
        | Q(invitation__via__partner__in=organisations)
    )


# Payments ---------------------------------------------------------------------------------


@dataclass
class PartnerPayments:
    """A partner's lines, in the order it acts on them: paid by the host and still to pass on,
    then on their way from the host, then passed on. Totals are per currency, never mixed."""

    to_pass_on: list[PaymentLine]
    coming: list[PaymentLine]
    passed_on: list[PaymentLine]

    @property
    def to_pass_on_totals(self) -> dict[str, Decimal]:
        return _totals(self.to_pass_on)

    @property
    def coming_totals(self) -> dict[str, Decimal]:
        return _totals(self.coming)

    @property
    def late(self) -> int:
        return sum(1 for line in self.coming if line.is_late)


def _totals(lines: list[PaymentLine]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for line in lines:
        totals[line.currency] += line.amount
    return dict(sorted(totals.items()))


def payments_through(*, organisations: list[Organisation]) -> PartnerPayments:
    lines = list(
        PaymentLine.objects.filter(paid_through__in=organisations)
        .select_related("organisation", "expert", "paid_through", "contribution__consultation")
        .order_by("due_on", "created_at")
    )
    return PartnerPayments(
        to_pass_on=[
            line for line in lines if line.status == PaymentStatus.PAID and not line.passed_on_at
        ],
        coming=[line for line in lines if line.status != PaymentStatus.PAID],
        passed_on=sorted(
            (line for line in lines if line.passed_on_at),
            key=lambda line: line.passed_on_at,  # type: ignore[arg-type, return-value]
            reverse=True,
        )[:PASSED_ON_SHOWN],
    )


def payment_through_get_for_user(*, user: Any, payment_id: Any) -> PaymentLine:
    """A line paid through a partner, for that partner: 404 for anyone outside it (the host's
    staff included), 403 for its members who do not act for members."""
    line = (
        PaymentLine.objects.select_related("paid_through", "expert", "contribution__consultation")
        .filter(pk=payment_id, paid_through__isnull=False)
        .first()
    )
    if line is None or line.paid_through_id not in roles_of(user):
        raise Http404
    if not can_pass_on(user, line):
        raise PermissionDenied
    return line


# Responses --------------------------------------------------------------------------------


@dataclass
class ResponseToTell:
    """One response, as the partner's facilitator reads it aloud: the framing and the outcome
    in the listener's language (``lang``), the host's reason marked with its own language."""

    response: Response
    contribution: Contribution
    partner: Organisation
    lang: str
    title: str
    title_lang: str
    framing: SafeString
    outcome: str
    reason_lang: str

    @property
    def is_collective(self) -> bool:
        return self.contribution.expert_id is None

    @property
    def told(self) -> bool:
        return self.response.relayed_at is not None


def _listener_language(contribution: Contribution, partner: Organisation) -> str:
    """The first language Seat speaks among hers (a collective's: its organisation's), else the
    page's own."""
    spoken = {code for code, _name in settings.LANGUAGES}
    codes = (
        contribution.expert.language_codes
        if contribution.expert is not None
        else partner.language_codes
    )
    return next((code for code in codes if code in spoken), translation.get_language() or "en")


def _titles(
    contributions: list[Contribution], languages: dict[Any, str]
) -> dict[tuple[Any, str], str]:
    """Current translations of the consultations' titles, by (consultation id, language), in
    two queries whatever the number."""
    wanted = {
        (c.consultation_id, languages[c.pk])
        for c in contributions
        if c.consultation.text_language != languages[c.pk]
    }
    if not wanted:
        return {}
    found = ConsultationTranslation.objects.filter(
        consultation_id__in={pk for pk, _code in wanted},
        language__in={code for _pk, code in wanted},
    ).prefetch_related("consultation__questions")
    return {
        (t.consultation_id, t.language): t.title
        for t in found
        if (t.consultation_id, t.language) in wanted
        and t.source_digest == source_digest(consultation=t.consultation)
    }


def _framing(*, contribution: Contribution, title: str, title_lang: str) -> SafeString:
    """The sentence before the outcome, in the active language, the title marked with its own."""
    consultation: Consultation = contribution.consultation
    if contribution.expert_id is None:
        template = _(
            "%(organisation)s has read the input you gave together on “%(title)s”. What it decided:"
        )
    else:
        template = _("%(organisation)s has read your input on “%(title)s”. What it decided:")
    return mark_safe(  # noqa: S308 - the template is escaped, and so is each value
        conditional_escape(template)
        % {
            "organisation": conditional_escape(consultation.project.organisation.name),
            "title": format_html('<span lang="{}">{}</span>', title_lang, title),
        }
    )


def responses_through(*, organisations: list[Organisation]) -> list[ResponseToTell]:
    """Each response to input given through ``organisations``: those not yet told first, the
    oldest first; then those told, the latest first. Each in its listener's language."""
    contributions = list(
        Contribution.objects.filter(_through(organisations), response__isnull=False)
        .select_related(
            "response",
            "expert",
            "consultation__project__organisation",
            *PARTNER_RELATED,
        )
        .order_by("-response__shared_at")
    )
    partners = {c.pk: contribution_partner(c) for c in contributions}
    languages = {c.pk: _listener_language(c, partners[c.pk]) for c in contributions}  # type: ignore[arg-type]
    titles = _titles(contributions, languages)
    items = []
    for contribution in contributions:
        lang = languages[contribution.pk]
        consultation = contribution.consultation
        title = titles.get((consultation.pk, lang))
        title_lang = lang if title is not None else consultation.text_language
        response: Response = contribution.response  # type: ignore[attr-defined]
        with translation.override(lang):
            framing = _framing(
                contribution=contribution,
                title=title or consultation.title,
                title_lang=title_lang,
            )
            outcome = str(response.get_outcome_display())
        items.append(
            ResponseToTell(
                response=response,
                contribution=contribution,
                partner=partners[contribution.pk],  # type: ignore[arg-type]
                lang=lang,
                title=title or consultation.title,
                title_lang=title_lang,
                framing=framing,
                outcome=outcome,
                reason_lang=consultation.text_language,
            )
        )
    # Still to tell first, oldest answered first; then those told, latest first.
    items.sort(key=lambda item: item.response.shared_at or item.response.created_at)
    return [i for i in items if not i.told] + sorted(
        (i for i in items if i.told),
        key=lambda i: i.response.relayed_at,  # type: ignore[arg-type, return-value]
        reverse=True,
    )


# A facilitator's page stays within one round trip on a slow connection: the responses still to
# tell are shown a few at a time (each may carry a long reason), those told as one line each, and
# only the latest passed-on lines. Marking one as told brings the next.
RESPONSES_SHOWN = 3
TOLD_SHOWN = 10
PASSED_ON_SHOWN = 10


@dataclass
class ResponsesPage:
    to_tell: list[ResponseToTell]
    more_to_tell: int
    told: list[ResponseToTell]


def responses_page(*, organisations: list[Organisation]) -> ResponsesPage:
    items = responses_through(organisations=organisations)
    to_tell = [item for item in items if not item.told]
    return ResponsesPage(
        to_tell=to_tell[:RESPONSES_SHOWN],
        more_to_tell=max(0, len(to_tell) - RESPONSES_SHOWN),
        told=[item for item in items if item.told][:TOLD_SHOWN],
    )


def waiting_for_response(*, organisations: list[Organisation]) -> int:
    """Input given through ``organisations`` that the host has not answered yet."""
    return Contribution.objects.filter(_through(organisations), response__isnull=True).count()


def response_through_get_for_user(*, user: Any, response_id: Any) -> Response:
    """A response to input given through a partner, for that partner: 404 for anyone outside
    it (the host's staff included), 403 for its members who do not act for members."""
    response = (
        Response.objects.select_related(
            *(f"contribution__{name}" for name in PARTNER_RELATED), "contribution__expert"
        )
        .filter(pk=response_id)
        .first()
    )
    partner = contribution_partner(response.contribution) if response is not None else None
    if response is None or partner is None or partner.pk not in roles_of(user):
        raise Http404
    if not can_relay(user, response):
        raise PermissionDenied
    return response


# The collective's own contribution ---------------------------------------------------------


def request_get_for_collective(*, user: Any, request_id: Any) -> PartnerRequest:
    """A partner request, for the partner's facilitators to give the collective's input: 404
    for anyone who neither asked nor was asked, 403 for the host and the partner's other roles.
    """
    request = (
        PartnerRequest.objects.select_related("partner", "consultation__project__organisation")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise Http404
    if not can_decide_request(user, request):
        if can_see_request(user, request) or request.partner_id in roles_of(user):
            raise PermissionDenied
        raise Http404
    return request
