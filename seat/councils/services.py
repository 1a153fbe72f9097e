"""Running a council: terms, meetings, attendance and its pay, recommendations, the host's
responses and dissenting views. The only writes of this app; each leaves an audit row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.models import Organisation, User
from seat.compensation.enums import CURRENCY_CODES, LineUnit, WorkKind
from seat.compensation.services import PaymentError, payment_for_work
from seat.core.bounds import date_problem, money_problem, plan_date_problem
from seat.core.formats import format_day
from seat.core.privacy.audit import audit_record
from seat.councils.enums import IMPLEMENTABLE, Decision, RecommendationStatus, TermRole
from seat.councils.models import (
    AGENDA_MAX,
    MANDATE_MAX,
    MINUTES_MAX,
    NAME_MAX,
    NOTE_MAX,
    PLACE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Attendance,
    Council,
    Dissent,
    HostResponse,
    Meeting,
    MinutesRevision,
    Recommendation,
    RecommendationEvent,
    RecommendationRevision,
    Term,
)
from seat.councils.rules import can_manage_council
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.people.models import ExpertProfile
from seat.people.selectors import expert_is_linked


class CouncilError(Exception):
    """A step that cannot happen; the message is safe to show."""


@dataclass(frozen=True)
class Pay:
    """What a meeting pays each member present: ``units`` × ``rate`` in ``currency``."""

    rate: Decimal
    units: Decimal
    unit: str
    currency: str


def pay_problem(pay: Pay | None) -> str | None:
    if pay is None:
        return None
    if pay.currency not in CURRENCY_CODES:
        return _("Choose a currency from the list.")
    if pay.unit not in LineUnit.values:
        return _("Say whether it pays per hour, day, session or a flat fee.")
    if problem := money_problem(pay.rate, pay.currency):
        return problem
    if pay.rate <= 0:
        return _("The pay must be more than zero.")
    if not pay.units.is_finite() or pay.units <= 0 or pay.units > 99:
        return _("Enter how many hours, days or sessions a meeting counts, from 1 to 99.")
    return None


def _pay_fields(pay: Pay | None) -> dict[str, Any]:
    if pay is None:
        return {"pay_rate": None, "pay_units": None, "pay_unit": "", "pay_currency": ""}
    return {
        "pay_rate": pay.rate,
        "pay_units": pay.units,
        "pay_unit": pay.unit,
        "pay_currency": pay.currency,
    }


def pay_of(holder: Council | Meeting) -> Pay | None:
    if holder.pay_rate is None or holder.pay_units is None:
        return None
    return Pay(
        rate=holder.pay_rate,
        units=holder.pay_units,
        unit=holder.pay_unit,
        currency=holder.pay_currency,
    )


def _check_secretariat(actor: User, organisation: Organisation) -> None:
    if not can_manage_council(actor, organisation):
        raise CouncilError(_("Only the host organisation's admins and staff may do this."))


def _text(value: str, *, limit: int, message: str, required: bool = True) -> str:
    value = value.strip()
    if (required and not value) or len(value) > limit:
        raise CouncilError(message % {"max": limit})
    return value


def _one_line(value: str, *, limit: int, message: str) -> str:
    return _text(" ".join(value.split()), limit=limit, message=message)


def _today() -> datetime.date:
    return timezone.localdate()


def _not_future(day: datetime.date) -> None:
    if day > _today():
        raise CouncilError(_("The day cannot be in the future."))
    if problem := date_problem(day):
        raise CouncilError(problem)


# Councils -----------------------------------------------------------------------------------


def council_create(
    *, actor: User, organisation: Organisation, name: str, mandate: str, pay: Pay | None
) -> Council:
    _check_secretariat(actor, organisation)
    fields = _council_fields(name=name, mandate=mandate, pay=pay)
    with transaction.atomic():
        council = Council.objects.create(organisation=organisation, created_by=actor, **fields)
        audit_record(actor=actor, verb="council.created", target=council)
    return council


def council_update(
    *, actor: User, council: Council, name: str, mandate: str, pay: Pay | None
) -> Council:
    """Change the name, mandate or default pay; meetings already planned keep their pay."""
    _check_secretariat(actor, council.organisation)
    fields = _council_fields(name=name, mandate=mandate, pay=pay)
    with transaction.atomic():
        for key, value in fields.items():
            setattr(council, key, value)
        council.save()
        audit_record(actor=actor, verb="council.updated", target=council)
    return council


def _council_fields(*, name: str, mandate: str, pay: Pay | None) -> dict[str, Any]:
    if problem := pay_problem(pay):
        raise CouncilError(problem)
    return {
        "name": _one_line(
            name, limit=NAME_MAX, message=_("Give it a name of at most %(max)s characters.")
        ),
        "mandate": _text(
            mandate,
            limit=MANDATE_MAX,
            message=_("Say what the council is for, in at most %(max)s characters."),
        ),
        **_pay_fields(pay),
    }


# Terms --------------------------------------------------------------------------------------


def _term_dates_problem(starts_on: datetime.date, ends_on: datetime.date) -> str | None:
    if problem := plan_date_problem(starts_on) or plan_date_problem(ends_on):
        return problem
    if ends_on < starts_on:
        return _("A term cannot end before it starts.")
    return None


def _overlap_check(
    *, council: Council, expert: ExpertProfile, starts_on: datetime.date, ends_on: datetime.date
) -> None:
    clash = (
        Term.objects.filter(council=council, expert=expert)
        .filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        .first()
    )
    if clash is not None:
        raise CouncilError(
            _("%(name)s already has a term from %(start)s to %(end)s; terms cannot overlap.")
            % {
                "name": expert.pseudonym,
                "start": format_day(clash.starts_on),
                "end": format_day(clash.ends_on),
            }
        )


def term_add(
    *,
    actor: User,
    council: Council,
    expert: ExpertProfile,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Term:
    """Seat a member for a term. Her terms on one council never overlap."""
    _check_secretariat(actor, council.organisation)
    if role not in TermRole.values:
        raise CouncilError(_("Choose member or chair."))
    if not expert_is_linked(expert=expert, organisation=council.organisation):
        raise CouncilError(
            _("She must work with your organisation first: give her a joining code.")
        )
    if problem := _term_dates_problem(starts_on, ends_on):
        raise CouncilError(problem)
    with transaction.atomic():
        # One at a time per council, so two requests cannot both pass the overlap check.
        Council.objects.select_for_update().filter(pk=council.pk).first()
        _overlap_check(council=council, expert=expert, starts_on=starts_on, ends_on=ends_on)
        term = Term.objects.create(
            council=council,
            expert=expert,
            role=role,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor,
        )
        audit_record(actor=actor, verb="council.term_added", target=term, council=str(council.pk))
    return term


def term_renew(*, actor: User, term: Term, ends_on: datetime.date, role: str | None = None) -> Term:
    """A new term for the same person, from the day after ``term`` ends to ``ends_on``."""
    council = term.council
    _check_secretariat(actor, council.organisation)
    role = role or term.role
    if role not in TermRole.values:
        raise CouncilError(_("Choose member or chair."))
    starts_on = term.ends_on + datetime.timedelta(days=1)
    if ends_on < starts_on:
        raise CouncilError(
            _("The renewed term starts on %(start)s: it must end on that day or later.")
            % {"start": format_day(starts_on)}
        )
    if problem := plan_date_problem(ends_on):
        raise CouncilError(problem)
    with transaction.atomic():
        Council.objects.select_for_update().filter(pk=council.pk).first()
        if Term.objects.filter(renewed_from=term).exists():
            raise CouncilError(_("This term was already renewed."))
        _overlap_check(council=council, expert=term.expert, starts_on=starts_on, ends_on=ends_on)
        renewal = Term.objects.create(
            council=council,
            expert=term.expert,
            role=role,
            starts_on=starts_on,
            ends_on=ends_on,
            renewed_from=term,
            created_by=actor,
        )
        audit_record(actor=actor, verb="council.term_renewed", target=renewal, renews=str(term.pk))
    return renewal


# Meetings and attendance --------------------------------------------------------------------


class _CouncilPay:
    """The council's default pay, copied into a meeting when it is planned."""


COUNCIL_PAY = _CouncilPay()


def meeting_create(
    *,
    actor: User,
    council: Council,
    held_on: datetime.date,
    place: str,
    agenda: str = "",
    pay: Pay | None | _CouncilPay = COUNCIL_PAY,
) -> Meeting:
    """Plan (or record) a meeting. Its pay is the council's (``COUNCIL_PAY``, the default) unless
    ``pay`` says otherwise (None: unpaid)."""
    _check_secretariat(actor, council.organisation)
    if problem := date_problem(held_on):
        raise CouncilError(problem)
    chosen = pay_of(council) if isinstance(pay, _CouncilPay) else pay
    if problem := pay_problem(chosen):
        raise CouncilError(problem)
    fields = {
        "held_on": held_on,
        "place": _one_line(
            place,
            limit=PLACE_MAX,
            message=_("Say where it is held (a city, or online) in at most %(max)s characters."),
        ),
        "agenda": _text(
            agenda,
            limit=AGENDA_MAX,
            message=_("Keep the agenda to at most %(max)s characters."),
            required=False,
        ),
        **_pay_fields(chosen),
    }
    with transaction.atomic():
        Council.objects.select_for_update().filter(pk=council.pk).first()
        if Meeting.objects.filter(council=council, held_on=held_on, place=fields["place"]).exists():
            raise CouncilError(_("A meeting on that day in that place is already recorded."))
        meeting = Meeting.objects.create(council=council, created_by=actor, **fields)
        audit_record(actor=actor, verb="council.meeting_created", target=meeting)
    return meeting


def minutes_save(*, actor: User, meeting: Meeting, minutes: str) -> Meeting:
    """Write the minutes once the day of the meeting has come. A correction keeps the earlier
    text (MinutesRevision); minutes are never emptied."""
    _check_secretariat(actor, meeting.council.organisation)
    if meeting.held_on > _today():
        raise CouncilError(_("You can write the minutes once the day of the meeting has come."))
    if not minutes.strip():
        raise CouncilError(_("Write the minutes: they cannot be left empty."))
    text = _text(
        minutes,
        limit=MINUTES_MAX,
        message=_("Write the minutes in at most %(max)s characters."),
    )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.minutes == text:
            return locked
        corrected = bool(locked.minutes)
        if corrected:
            MinutesRevision.objects.create(
                meeting=locked,
                text=locked.minutes,
                written_at=locked.minutes_changed_at,
                replaced_by=actor,
            )
        locked.minutes = text
        locked.minutes_changed_at = timezone.now()
        locked.save(update_fields=["minutes", "minutes_changed_at"])
        audit_record(
            actor=actor,
            verb="council.minutes_corrected" if corrected else "council.minutes_saved",
            target=locked,
        )
    meeting.minutes, meeting.minutes_changed_at = locked.minutes, locked.minutes_changed_at
    return meeting


def terms_covering(*, meeting: Meeting) -> list[Term]:
    """The terms of the council that cover the meeting day: who may be marked present."""
    return list(
        Term.objects.filter(
            council=meeting.council, starts_on__lte=meeting.held_on, ends_on__gte=meeting.held_on
        ).select_related("expert")
    )


def term_outside_message(term: Term) -> str:
    return _("%(name)s's term runs from %(start)s to %(end)s: not on the day of this meeting.") % {
        "name": term.expert.pseudonym,
        "start": format_day(term.starts_on),
        "end": format_day(term.ends_on),
    }


def attendance_record(
    *, actor: User, meeting: Meeting, present: Iterable[Term]
) -> list[Attendance]:
    """Who was at the meeting: those in ``present`` were, every other member whose term covers
    the day was not. Each member present at a paid meeting is owed once for it (one payment
    line, never two, however often this is saved); nobody absent is paid. Either all of it is
    saved or nothing is."""
    council = meeting.council
    _check_secretariat(actor, council.organisation)
    if meeting.held_on > _today():
        raise CouncilError(_("You can record who came once the day of the meeting has come."))
    chosen = list(present)
    for term in chosen:
        if term.council_id != council.pk:
            raise CouncilError(_("Choose members of this council."))
        if not term.covers(meeting.held_on):
            raise CouncilError(term_outside_message(term))
    present_ids = {term.pk for term in chosen}
    with transaction.atomic():
        # One save at a time per meeting: two at once cannot both pay someone.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        existing = {a.term_id: a for a in Attendance.objects.filter(meeting=meeting)}
        saved = []
        for term in terms_covering(meeting=meeting):
            here = term.pk in present_ids
            row = existing.get(term.pk)
            if row is None:
                row = Attendance(meeting=meeting, term=term, present=here, recorded_by=actor)
            elif row.present and not here and row.payment_id is not None:
                raise CouncilError(
                    _(
                        "%(name)s's pay for this meeting is already recorded, so she stays "
                        "marked present. If she was not there, cancel the payment first."
                    )
                    % {"name": term.expert.pseudonym}
                )
            else:
                row.present = here
                row.recorded_by = actor
            if here and meeting.is_paid and row.payment_id is None:
                row.payment = _pay_for(actor=actor, meeting=meeting, term=term)
            row.save()
            saved.append(row)
        audit_record(
            actor=actor,
            verb="council.attendance_recorded",
            target=meeting,
            present=len(present_ids),
        )
    return saved


def _pay_for(*, actor: User, meeting: Meeting, term: Term) -> Any:
    assert meeting.pay_rate is not None and meeting.pay_units is not None
    try:
        return payment_for_work(
            actor=actor,
            organisation=meeting.council.organisation,
            expert=term.expert,
            work=WorkKind.COUNCIL,
            # Pages name the line from its meeting in the reader's language (PaymentLine.for_what);
            # this stored wording, in the payer's, is read only if the meeting is gone.
            description=_("%(council)s: meeting of %(day)s")
            % {"council": meeting.council.name, "day": format_day(meeting.held_on)},
            work_on=meeting.held_on,
            units=meeting.pay_units,
            unit=meeting.pay_unit,
            rate=meeting.pay_rate,
            currency=meeting.pay_currency,
        )
    except PaymentError as error:
        raise CouncilError(str(error)) from error


# Recommendations ----------------------------------------------------------------------------


def _title_and_text(title: str, text: str) -> tuple[str, str]:
    return (
        _one_line(
            title, limit=TITLE_MAX, message=_("Give it a title of at most %(max)s characters.")
        ),
        _text(
            text,
            limit=TEXT_MAX,
            message=_("Write the recommendation in at most %(max)s characters."),
        ),
    )


def recommendation_submit(
    *,
    actor: User,
    council: Council,
    title: str,
    text: str,
    submitted_on: datetime.date,
    meeting: Meeting | None = None,
) -> Recommendation:
    """Record a recommendation the council submitted to its host."""
    _check_secretariat(actor, council.organisation)
    if meeting is not None and meeting.council_id != council.pk:
        raise CouncilError(_("Choose a meeting of this council."))
    _not_future(submitted_on)
    if meeting is not None and meeting.held_on > _today():
        raise CouncilError(_("Choose a meeting that has taken place: this one is still to come."))
    if meeting is not None and submitted_on < meeting.held_on:
        raise CouncilError(
            _("It cannot be submitted before %(date)s, the day of the meeting that agreed it.")
            % {"date": format_day(meeting.held_on)}
        )
    title, text = _title_and_text(title, text)
    with transaction.atomic():
        Council.objects.select_for_update().filter(pk=council.pk).first()
        if Recommendation.objects.filter(council=council, title=title).exists():
            raise CouncilError(_("The council already has a recommendation with this title."))
        recommendation = Recommendation.objects.create(
            council=council,
            meeting=meeting,
            title=title,
            text=text,
            submitted_on=submitted_on,
            created_by=actor,
        )
        RecommendationEvent.objects.create(
            recommendation=recommendation,
            status=RecommendationStatus.SUBMITTED,
            on=submitted_on,
            actor=actor,
        )
        audit_record(actor=actor, verb="council.recommendation_submitted", target=recommendation)
    return recommendation


def recommendation_update(
    *, actor: User, recommendation: Recommendation, title: str, text: str
) -> Recommendation:
    """Correct the wording until the host has responded; the earlier wording is kept."""
    _check_secretariat(actor, recommendation.council.organisation)
    title, text = _title_and_text(title, text)
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if HostResponse.objects.filter(recommendation=locked).exists():
            raise CouncilError(
                _(
                    "The host has responded to this recommendation, so its wording stays as it "
                    "was answered."
                )
            )
        if (locked.title, locked.text) == (title, text):
            return locked
        RecommendationRevision.objects.create(
            recommendation=locked, title=locked.title, text=locked.text, replaced_by=actor
        )
        locked.title, locked.text = title, text
        locked.save(update_fields=["title", "text"])
        audit_record(actor=actor, verb="council.recommendation_corrected", target=locked)
    return locked


def _latest_day(recommendation: Recommendation) -> datetime.date:
    last = recommendation.events.order_by("-on", "-id").first()
    return last.on if last is not None else recommendation.submitted_on


def response_record(
    *,
    actor: User,
    recommendation: Recommendation,
    decision: str,
    text: str,
    responded_on: datetime.date,
) -> HostResponse:
    """The host's formal response, dated. A revised response is recorded the same way, as a new
    response beside the earlier ones, which stay as they were."""
    _check_secretariat(actor, recommendation.council.organisation)
    if decision not in Decision.values:
        raise CouncilError(_("Choose accepted, partly accepted or rejected."))
    text = _text(
        text, limit=TEXT_MAX, message=_("Write the response in at most %(max)s characters.")
    )
    _not_future(responded_on)
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status == RecommendationStatus.IMPLEMENTED:
            raise CouncilError(_("It is marked implemented: no further response is recorded."))
        latest = locked.responses.order_by("-responded_on", "-created_at").first()
        if latest is not None and (latest.decision, latest.text, latest.responded_on) == (
            decision,
            text,
            responded_on,
        ):
            # The same response sent twice (a double click): recorded once.
            return latest
        if latest is not None and (latest.decision, latest.text) == (decision, text):
            raise CouncilError(
                _(
                    "This is the same decision and text as the latest response. Change what the "
                    "host says, or leave the latest response as it is."
                )
            )
        if responded_on < _latest_day(locked):
            raise CouncilError(
                _("The response cannot be dated before %(date)s, the last step so far.")
                % {"date": format_day(_latest_day(locked))}
            )
        response = HostResponse.objects.create(
            recommendation=locked,
            decision=decision,
            text=text,
            responded_on=responded_on,
            responded_by=actor,
        )
        _step(actor=actor, recommendation=locked, status=decision, on=responded_on)
        _tell_members(locked, response)
        audit_record(
            actor=actor,
            verb="council.response_recorded",
            target=response,
            recommendation=str(locked.pk),
            decision=decision,
        )
    recommendation.status = locked.status
    return response


def _tell_members(recommendation: Recommendation, response: HostResponse) -> None:
    """The council's members now (whose term covers today) hear the host answered, once per
    response, in their inbox; e-mail and SMS say only that there is a message."""
    council = recommendation.council
    today = _today()
    members = [
        term.expert.user
        for term in Term.objects.filter(
            council=council, starts_on__lte=today, ends_on__gte=today
        ).select_related("expert__user")
        if term.expert.user is not None and term.expert.user.is_active
    ]
    notify(
        event=Event.COUNCIL_RESPONSE,
        recipients=members,
        key=f"council.response:{response.pk}",
        url=reverse("councils:recommendation", kwargs={"recommendation_id": recommendation.pk}),
        context={
            "organisation": council.organisation.name,
            "council": council.name,
            "title": recommendation.title,
        },
    )


def _step(
    *, actor: User, recommendation: Recommendation, status: str, on: datetime.date, note: str = ""
) -> RecommendationEvent:
    event = RecommendationEvent.objects.create(
        recommendation=recommendation, status=status, on=on, note=note, actor=actor
    )
    recommendation.status = status
    recommendation.save(update_fields=["status"])
    return event


def recommendation_mark_implemented(
    *, actor: User, recommendation: Recommendation, on: datetime.date, note: str = ""
) -> RecommendationEvent:
    """The host did what it accepted (in whole or in part)."""
    _check_secretariat(actor, recommendation.council.organisation)
    note = _text(
        note,
        limit=NOTE_MAX,
        message=_("Keep the note to at most %(max)s characters."),
        required=False,
    )
    _not_future(on)
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status not in IMPLEMENTABLE:
            raise CouncilError(
                _("Only a recommendation the host accepted, in whole or in part, is implemented.")
            )
        if on < _latest_day(locked):
            raise CouncilError(
                _("It cannot be implemented before %(date)s, the last step so far.")
                % {"date": format_day(_latest_day(locked))}
            )
        event = _step(
            actor=actor,
            recommendation=locked,
            status=RecommendationStatus.IMPLEMENTED,
            on=on,
            note=note,
        )
        audit_record(actor=actor, verb="council.recommendation_implemented", target=locked)
    recommendation.status = locked.status
    return event


def dissent_record(
    *,
    actor: User,
    recommendation: Recommendation,
    text: str,
    terms: Iterable[Term] = (),
    unnamed: bool = False,
) -> Dissent:
    """Record a dissenting view beside a recommendation. Only a member puts a name to it: her
    own (``terms``: her current term, nobody else's). The secretariat records a view without
    naming anyone (``unnamed``: said by one or more members); a member may do so too. The same
    words by the same holders are recorded once. It is never changed or deleted."""
    council = recommendation.council
    chosen = list(terms)
    today = _today()
    own = _own_term(actor, council)
    secretariat = can_manage_council(actor, council.organisation)
    if not secretariat and own is None:
        raise CouncilError(_("A member records only her own dissenting view."))
    if chosen:
        current = own if own is not None and own.covers(today) else None
        # Her own term (any of hers names her by the current one), never another's.
        if current is None or any(term.expert_id != current.expert_id for term in chosen):
            if own is None:
                raise CouncilError(
                    _(
                        "Only a member puts her name to a dissenting view, from her own page. "
                        "Record it without naming anyone."
                    )
                )
            if current is None:
                raise CouncilError(
                    _("Your term on this council has ended: record the view without your name.")
                )
            raise CouncilError(_("A member records only her own dissenting view."))
        chosen = [current]
    if bool(chosen) == unnamed:
        raise CouncilError(_("Say whether it is shown with your name, or without naming anyone."))
    text = _text(
        text,
        limit=TEXT_MAX,
        message=_("Write the dissenting view in at most %(max)s characters."),
    )
    holders = {term.pk for term in chosen}
    with transaction.atomic():
        Recommendation.objects.select_for_update().filter(pk=recommendation.pk).first()
        for same in Dissent.objects.filter(
            recommendation=recommendation, text=text, unnamed=unnamed
        ).prefetch_related("terms"):
            if {term.pk for term in same.terms.all()} == holders:
                raise CouncilError(_("This dissenting view is already recorded."))
        dissent = Dissent.objects.create(
            recommendation=recommendation,
            text=text,
            unnamed=unnamed,
            recorded_on=today,
            recorded_by=actor,
        )
        dissent.terms.set(chosen)
        audit_record(
            actor=actor,
            verb="council.dissent_recorded",
            target=dissent,
            recommendation=str(recommendation.pk),
        )
    return dissent


def _own_term(actor: User, council: Council) -> Term | None:
    """The actor's current term on the council, else her latest, when she is a member."""
    today = _today()
    mine = list(Term.objects.filter(council=council, expert__user=actor).order_by("-starts_on"))
    current = [term for term in mine if term.covers(today)]
    found = current or mine
    return found[0] if found else None
