"""Rate cards and pay parity: what an organisation pays survivors in each role, per unit and
currency, beside what it pays other (non-survivor) consultants for the same work.

Parity is the survivor rate over the rate for other consultants. It is told in words and a
whole percent, from the figures themselves: the words come from comparing the two rates exactly,
and the percent is rounded half up but never reads 100% unless the rates are equal (99% below
parity, 101% above), so the figure and the words never disagree. Staff pages only: survivors are
not shown what others are paid.

Reads (selectors, given the acting user) and writes (services, audited) for rate cards live here,
apart from the payment lines in ``services.py`` and ``selectors.py``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from seat.accounts.models import Membership, Organisation, User
from seat.accounts.rules import PAYING_ROLES, is_member
from seat.compensation.enums import CURRENCY_CODES, RateRole, RateUnit
from seat.compensation.models import RateCard
from seat.compensation.rules import can_keep_rates
from seat.core.bounds import money_problem
from seat.core.formats import format_money, format_number
from seat.core.privacy.audit import audit_record

# Parity arithmetic ----------------------------------------------------------------------------


class Relation(enum.Enum):
    BELOW = "below"
    AT = "at"
    ABOVE = "above"


@dataclass(frozen=True)
class Parity:
    """A survivor rate beside the rate for other consultants (more than zero), same unit and
    currency."""

    survivor_rate: Decimal
    peer_rate: Decimal

    @property
    def ratio(self) -> Decimal:
        """Survivor rate / rate for other consultants: 1 is parity."""
        return self.survivor_rate / self.peer_rate

    @property
    def relation(self) -> Relation:
        if self.survivor_rate < self.peer_rate:
            return Relation.BELOW
        if self.survivor_rate > self.peer_rate:
            return Relation.ABOVE
        return Relation.AT

    @property
    def percent(self) -> int:
        """The ratio as a whole percent, rounded half up, never 100 unless the rates are equal
        and never 0 unless the survivor rate is: a percent that said "100%" for a rate below
        parity, or "0%" for a rate that pays something, would contradict the words beside it."""
        shown = int((self.ratio * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if self.relation is Relation.BELOW:
            return max(min(shown, 99), 1 if self.survivor_rate > 0 else 0)
        if self.relation is Relation.ABOVE:
            return max(shown, 101)
        return 100

    def card_words(self, *, organisation: str) -> str:
        """What a rate card says: ``organisation`` pays survivors … of what it pays others."""
        values = {"organisation": organisation, "percent": format_number(self.percent)}
        if self.survivor_rate == 0:
            return _("%(organisation)s pays survivors nothing for this work.") % values
        if self.relation is Relation.BELOW:
            return (
                _(
                    "%(organisation)s pays survivors %(percent)s%% of what it pays other consultants."
                )
                % values
            )
        if self.relation is Relation.ABOVE:
            return (
                _(
                    "%(organisation)s pays survivors more than other consultants: %(percent)s%% "
                    "of what it pays them."
                )
                % values
            )
        return (
            _("%(organisation)s pays survivors the same as other consultants: at parity.") % values
        )

    def offer_words(self, *, organisation: str, peer: str) -> str:
        """What an offered rate says beside the card: ``peer`` is the card's rate for other
        consultants with its unit ("1,000.00 BDT per hour")."""
        values = {
            "organisation": organisation,
            "percent": format_number(self.percent),
            "peer": peer,
        }
        if self.survivor_rate == 0:
            return (
                _(
                    "This pays survivors nothing, where %(organisation)s pays other consultants %(peer)s."
                )
                % values
            )
        if self.relation is Relation.BELOW:
            return (
                _(
                    "This pays survivors %(percent)s%% of what %(organisation)s pays other "
                    "consultants (%(peer)s)."
                )
                % values
            )
        if self.relation is Relation.ABOVE:
            return (
                _(
                    "This pays survivors more than %(organisation)s pays other consultants "
                    "(%(peer)s): %(percent)s%% of it."
                )
                % values
            )
        return (
            _("This is at parity: %(organisation)s pays other consultants the same (%(peer)s).")
            % values
        )


def parity_of(*, survivor_rate: Decimal, peer_rate: Decimal) -> Parity:
    if peer_rate <= 0:
        raise ValueError("the rate for other consultants must be more than zero")
    return Parity(survivor_rate=survivor_rate, peer_rate=peer_rate)


def card_parity(card: RateCard) -> Parity:
    return parity_of(survivor_rate=card.survivor_rate, peer_rate=card.peer_rate)


def rate_with_unit(amount: Decimal, currency: str, unit: str) -> str:
    """ "1,000.00 Bangladeshi takas per hour": a rate as staff read it."""
    return pgettext("a rate and its unit", "%(amount)s %(unit)s") % {
        "amount": format_money(amount, currency),
        "unit": RateUnit(unit).label,
    }


# Which card an offer or a payment line is compared with ----------------------------------------

# A consultation's or payment line's unit, as a rate card counts it: a session is paid as one fee.
_CARD_UNIT = {
    "hour": RateUnit.HOUR,
    "day": RateUnit.DAY,
    "session": RateUnit.FLAT,
    "flat": RateUnit.FLAT,
}

# Taking part in a consultation is the participant's rate; an organisation that keeps only a
# consultant's rate is compared with that.
INPUT_ROLES = (RateRole.PARTICIPANT, RateRole.CONSULTANT)


def card_for(
    *, organisation: Organisation, roles: tuple[str, ...], unit: str, currency: str
) -> RateCard | None:
    """The organisation's card for the first of ``roles`` it keeps in this unit and currency."""
    card_unit = _CARD_UNIT.get(unit)
    if card_unit is None or currency not in CURRENCY_CODES:
        return None
    cards = {
        card.role: card
        for card in RateCard.objects.filter(
            organisation=organisation, role__in=roles, unit=card_unit, currency=currency
        )
    }
    return next((cards[role] for role in roles if role in cards), None)


@dataclass(frozen=True)
class OfferParity:
    """An offered rate beside the organisation's card: what staff read where they set it.
    ``parity`` is None while no rate is offered yet (the card alone is shown)."""

    card: RateCard
    parity: Parity | None
    organisation: str

    @property
    def card_text(self) -> str:
        return _(
            "Rate card of %(organisation)s for %(role)s: survivors %(survivor)s, other "
            "consultants %(peer)s."
        ) % {
            "organisation": self.organisation,
            "role": self.card.get_role_display(),
            "survivor": rate_with_unit(self.card.survivor_rate, self.card.currency, self.card.unit),
            "peer": rate_with_unit(self.card.peer_rate, self.card.currency, self.card.unit),
        }

    @property
    def words(self) -> str:
        if self.parity is None:
            return ""
        return self.parity.offer_words(
            organisation=self.organisation,
            peer=rate_with_unit(self.card.peer_rate, self.card.currency, self.card.unit),
        )

    @property
    def below(self) -> bool:
        return self.parity is not None and self.parity.relation is Relation.BELOW

    def __str__(self) -> str:
        return f"{self.card_text} {self.words}".strip()


def offer_parity(
    *,
    organisation: Organisation,
    unit: str,
    currency: str,
    rate: Decimal | None,
    roles: tuple[str, ...] = INPUT_ROLES,
) -> OfferParity | None:
    """The offered ``rate`` against the organisation's card for the first of ``roles`` it keeps
    in the same unit and currency; None without such a card. Without a usable rate (empty,
    negative, not a number) the card is returned alone."""
    card = card_for(organisation=organisation, roles=roles, unit=unit, currency=currency)
    if card is None:
        return None
    parity = None
    if rate is not None and rate.is_finite() and rate >= 0:
        parity = parity_of(survivor_rate=rate, peer_rate=card.peer_rate)
    return OfferParity(card=card, parity=parity, organisation=organisation.name)


def cards_for_input(*, organisation: Organisation, currency: str) -> list[OfferParity]:
    """Before a unit is chosen: the organisation's cards in ``currency`` for the first of
    ``INPUT_ROLES`` it keeps, every unit, each shown alone."""
    cards = list(
        RateCard.objects.filter(organisation=organisation, role__in=INPUT_ROLES, currency=currency)
    )
    role = next((r for r in INPUT_ROLES if any(c.role == r for c in cards)), None)
    return [
        OfferParity(card=c, parity=None, organisation=organisation.name)
        for c in cards
        if c.role == role
    ]


def decimal_or_none(value: Any) -> Decimal | None:
    """A typed figure as a Decimal, or None when it is not one (forms shown before cleaning)."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


# Selectors ------------------------------------------------------------------------------------


def organisations_keeping_rates(*, user: Any) -> list[Organisation]:
    """The organisations where the user keeps the rate cards (admins and finance)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        m.organisation
        for m in Membership.objects.filter(user=user, role__in=PAYING_ROLES)
        .select_related("organisation")
        .order_by("organisation__name")
    ]


def rates_organisation_get_for_user(*, user: Any, organisation_id: Any) -> Organisation:
    """404 outside the organisation, 403 for its members who do not keep the rates."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not is_member(user, organisation):
        raise Http404
    if not can_keep_rates(user, organisation):
        raise PermissionDenied
    return organisation


def rate_card_get_for_user(*, user: Any, card_id: Any) -> RateCard:
    card = RateCard.objects.select_related("organisation").filter(pk=card_id).first()
    if card is None or not is_member(user, card.organisation):
        raise Http404
    if not can_keep_rates(user, card.organisation):
        raise PermissionDenied
    return card


@dataclass(frozen=True)
class CardRow:
    card: RateCard
    parity: Parity
    words: str


def rate_cards_of(*, organisation: Organisation) -> list[CardRow]:
    """Each card with its parity in words, by role, unit and currency. One query."""
    rows = []
    for card in RateCard.objects.filter(organisation=organisation).select_related("updated_by"):
        parity = card_parity(card)
        rows.append(CardRow(card, parity, parity.card_words(organisation=organisation.name)))
    return rows


# Services -------------------------------------------------------------------------------------


class RateCardRefused(Exception):
    """What is wrong with a rate card, by form field; safe to show."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


def rates_problems(
    *, survivor_rate: Decimal | None, peer_rate: Decimal | None, currency: str
) -> dict[str, str]:
    """Why these rates cannot make a card, by field; empty when they can."""
    problems: dict[str, str] = {}
    if currency not in CURRENCY_CODES:
        problems["currency"] = _("Choose a currency from the list.")
        return problems
    if survivor_rate is None or (survivor_rate.is_finite() and survivor_rate == 0):
        # Unpaid work is what the quality check blocks: a card cannot set it as the rate.
        problems["survivor_rate"] = _("Enter the rate survivors are paid, more than zero.")
    elif problem := money_problem(survivor_rate, currency):
        problems["survivor_rate"] = problem
    if peer_rate is None or (peer_rate.is_finite() and peer_rate == 0):
        problems["peer_rate"] = _("Enter what other consultants are paid, more than zero.")
    elif problem := money_problem(peer_rate, currency):
        problems["peer_rate"] = problem
    return problems


def _duplicate_message(*, role: str, unit: str, currency: str) -> str:
    return _(
        "There is already a rate for %(role)s %(unit)s in %(currency)s. Change that one instead."
    ) % {"role": RateRole(role).label, "unit": RateUnit(unit).label, "currency": currency}


def _card_exists(*, organisation: Organisation, role: str, unit: str, currency: str) -> bool:
    return RateCard.objects.filter(
        organisation=organisation, role=role, unit=unit, currency=currency
    ).exists()


def rate_card_create(
    *,
    actor: User,
    organisation: Organisation,
    role: str,
    unit: str,
    currency: str,
    survivor_rate: Decimal,
    peer_rate: Decimal,
) -> RateCard:
    """Add a card; one per role, unit and currency (a second is refused, even in a race)."""
    if not can_keep_rates(actor, organisation):
        raise PermissionDenied
    problems = rates_problems(survivor_rate=survivor_rate, peer_rate=peer_rate, currency=currency)
    if role not in RateRole.values:
        problems["role"] = _("Choose a role from the list.")
    if unit not in RateUnit.values:
        problems["unit"] = _("Choose per hour, per day or a flat fee.")
    if problems:
        raise RateCardRefused(problems)
    duplicate = {"role": _duplicate_message(role=role, unit=unit, currency=currency)}
    if _card_exists(organisation=organisation, role=role, unit=unit, currency=currency):
        raise RateCardRefused(duplicate)
    try:
        with transaction.atomic():
            card = RateCard.objects.create(
                organisation=organisation,
                role=role,
                unit=unit,
                currency=currency,
                survivor_rate=survivor_rate,
                peer_rate=peer_rate,
                updated_by=actor,
            )
            audit_record(
                actor=actor,
                verb="rate_card.create",
                target=card,
                role=role,
                unit=unit,
                currency=currency,
            )
    except IntegrityError:
        # A colleague added the same card between the check and the write.
        raise RateCardRefused(duplicate) from None
    return card


@transaction.atomic
def rate_card_update(
    *, actor: User, card: RateCard, survivor_rate: Decimal, peer_rate: Decimal
) -> RateCard:
    """Change a card's two rates. Its role, unit and currency name it: to change those, remove
    it and add another. Returns the card unchanged (and records nothing) when nothing changed."""
    card = RateCard.objects.select_for_update().get(pk=card.pk)
    if not can_keep_rates(actor, card.organisation):
        raise PermissionDenied
    if problems := rates_problems(
        survivor_rate=survivor_rate, peer_rate=peer_rate, currency=card.currency
    ):
        raise RateCardRefused(problems)
    if (card.survivor_rate, card.peer_rate) == (survivor_rate, peer_rate):
        return card
    card.survivor_rate, card.peer_rate, card.updated_by = survivor_rate, peer_rate, actor
    card.save(update_fields=["survivor_rate", "peer_rate", "updated_by", "updated_at"])
    audit_record(actor=actor, verb="rate_card.update", target=card)
    return card


@transaction.atomic
def rate_card_remove(*, actor: User, card: RateCard) -> None:
    """Remove a card. Payment lines already recorded keep their own rate; a second removal of
    the same card does nothing."""
    if not can_keep_rates(actor, card.organisation):
        raise PermissionDenied
    current = RateCard.objects.select_for_update().filter(pk=card.pk).first()
    if current is None:
        return
    audit_record(
        actor=actor,
        verb="rate_card.remove",
        target=current,
        role=current.role,
        unit=current.unit,
        currency=current.currency,
    )
    current.delete()


# What a survivor advisor is paid for a round of the self-assessment ------------------------------


def advisor_round_card(*, organisation: Organisation) -> RateCard | None:
    """The card that pays a survivor advisor for answering one round of the self-assessment:
    the organisation's advisor card with a flat fee, else one day of its per-day card (a
    per-hour card is not used: Seat cannot know her hours). The same card makes her line when
    the round is completed (assessment.services.round_close) and tells her beforehand."""
    cards = RateCard.objects.filter(
        organisation=organisation, role=RateRole.ADVISOR, unit__in=[RateUnit.FLAT, RateUnit.DAY]
    )
    return min(cards, key=lambda card: (card.unit != RateUnit.FLAT, card.currency), default=None)


def advisor_round_pay_for_her(*, organisation: Organisation) -> str:
    """What the request to advise tells her about pay, from the card that will pay her."""
    card = advisor_round_card(organisation=organisation)
    if card is None:
        return _(
            "%(organisation)s has not set what it pays survivor advisors. You can ask them "
            "before you answer."
        ) % {"organisation": organisation.name}
    return _(
        "For each round you answer, %(organisation)s pays you %(pay)s, due %(days)s days after "
        "the round is completed."
    ) % {
        "organisation": organisation.name,
        "pay": format_money(card.survivor_rate, card.currency),
        "days": format_number(organisation.pay_within_days),
    }


def advisor_round_pay_for_staff(*, organisation: Organisation) -> str:
    """What completing a round will record, said where it is completed."""
    card = advisor_round_card(organisation=organisation)
    if card is None:
        return _(
            "Completing the round records no payment for survivor advisors: there is no rate "
            "card for advisors as a flat fee or per day."
        )
    return _(
        "Completing the round records a payment of %(pay)s for each survivor advisor who "
        "answered (rate card for advisors)."
    ) % {"pay": format_money(card.survivor_rate, card.currency)}
