"""Writes that correct what was saved: edit and delete drafts, change a project, correct or cancel
an open consultation (engagement plans: plans.py). Each keeps its history (``Change``) and audit row in its transaction.

The rules in one place:
- A draft has told nobody anything: everything in it may change, and it may be deleted.
- An open consultation has been read by the people invited. A change to what they agreed to
  (``MATERIAL_FIELDS``) tells each of them who has not said no, once per change.
- Some things cannot change under people who already acted: the day invitations went out, once
  they have; the questions, once anyone has answered (or has an answer kept after a logout);
  and the offer, once anyone has sent input, may only get better for them (``promise_problems``):
  payment lines start from the consultation's offer and due date (compensation.selectors), so a
  lower rate or a longer wait would take from people what they were promised when they sent it.
- A closed or cancelled consultation is history: it is not changed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seat.accounts.models import User
from seat.consultations.enums import (
    LANGUAGE_NAMES,
    ChangeKind,
    ConsultationStatus,
    InvitationStatus,
    PayUnit,
)
from seat.consultations.limits import LIMITS, text_problems
from seat.consultations.models import (
    CANCEL_MESSAGE_MAX_CHARS,
    CONSULTATION_EDITABLE_FIELDS,
    Change,
    Consultation,
    ConsultationCheck,
    KeptAnswer,
    Project,
    Question,
)
from seat.consultations.selectors import consultation_check
from seat.consultations.services import (
    LoopError,
    consultation_check_record,
    consultation_problem,
)
from seat.core.formats import format_number
from seat.core.phone import phone_normalise
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.selectors import keys_notified
from seat.notifications.services import notify


class CorrectionError(LoopError):
    """A correction that cannot be saved; ``problems`` says why, by field name (``__all__`` for
    the whole), in words safe to show."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


# What a correction may set on a consultation (the create form's fields, without the questions).
CONSULTATION_FIELDS = CONSULTATION_EDITABLE_FIELDS
PROJECT_FIELDS = ("title", "summary", "stage")

# What an invited person read and agreed to, so a change tells her. Each is shown to her before
# she accepts (portal/_consultation_facts.html, invitation.html) or decides what her words do:
# - the last day: when her input is due;
# - the pay (rate, unit, currency), the hours it is for, when and how she is paid, and whether
#   and how her costs come back: the promise she weighed against her time;
# - the languages offered: whether she can take part at all;
# - the influence and the purpose: what her words can change, the reason she takes part;
# - the questions: what she is answering, and the content note she reads before them;
# - the support contact: who she calls if it goes wrong;
# - the project stage and how finished the work is: how much her words can still change;
# - interpretation: whether she can take part in her language.
# Not material: the title (a new name changes nothing she agreed to; the message names the
# consultation by its new title), the plain-language summary (it retells the purpose, which is) and the day invitations go out (past once it is open, and
# locked: ``LOCKED_ONCE_OPEN``).
MATERIAL_FIELDS = (
    "deadline",
    "pay_rate",
    "pay_unit",
    "currency",
    "expected_hours",
    "pay_within_days",
    "pay_method",
    "expenses_covered",
    "expenses_how",
    "languages",
    "influence",
    "purpose",
    "questions",
    "content_note",
    "support_name",
    "support_phone",
    "support_hours",
    "stage",
    "material_state",
    "interpretation",
)
# Invitations went out on that day: moving it afterwards would record something untrue.
LOCKED_ONCE_OPEN = ("opens_on",)

# Fields whose values the history keeps. The others hold a person's name or phone number, or
# long free text, and the history says only that they changed.
HISTORY_VALUES = frozenset(
    {
        "translation",  # the name of the language a translation is in, never its text
        "title",
        "stage",
        "material_state",
        "influence",
        "opens_on",
        "deadline",
        "expected_hours",
        "pay_rate",
        "pay_unit",
        "currency",
        "pay_within_days",
        "pay_method",
        "expenses_covered",
        "languages",
        "interpretation",
        "support_hours",
        "status",
        # An engagement plan's (plans.py); who leads is free text and keeps no value.
        "method",
        "starts_on",
        "ends_on",
        "budget",
        "survivor_led",
    }
)


def _as_text(value: Any) -> Any:
    """A value as the history stores it: JSON text for dates and amounts."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (None if old is None else Decimal(old)) == (None if new is None else Decimal(new))
    return bool(old == new)


def _history_fields(diff: dict[str, tuple[Any, Any]]) -> dict[str, list[Any]]:
    return {
        name: [_as_text(old), _as_text(new)] if name in HISTORY_VALUES else []
        for name, (old, new) in diff.items()
    }


def change_record(
    *,
    actor: User,
    project: Project,
    consultation: Consultation | None,
    kind: str,
    subject: str,
    diff: dict[str, tuple[Any, Any]],
    plan_stage: str = "",
) -> Change:
    return Change.objects.create(
        project=project,
        consultation=consultation,
        actor=actor,
        kind=kind,
        subject=subject[:200],
        plan_stage=plan_stage,
        fields=_history_fields(diff),
    )


# Projects ------------------------------------------------------------------------------------


@transaction.atomic
def project_update(
    *, actor: User, project: Project, title: str, summary: str, stage: str
) -> Change | None:
    """Correct a project's title and summary, or move it to another stage (at any time).
    Returns the recorded change; None when nothing differed (a form sent twice)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    new = {"title": title.strip(), "summary": summary.strip(), "stage": stage}
    diff = {
        name: (getattr(project, name), value)
        for name, value in new.items()
        if getattr(project, name) != value
    }
    if not diff:
        return None
    for name, (_old, value) in diff.items():
        setattr(project, name, value)
    project.save(update_fields=list(diff))
    change = change_record(
        actor=actor,
        project=project,
        consultation=None,
        kind=ChangeKind.EDITED,
        subject=project.title,
        diff=diff,
    )
    audit_record(actor=actor, verb="project.update", target=project, fields=sorted(diff))
    return change


def project_delete_problem(*, project: Project) -> str | None:
    """Why the project cannot be deleted; None if it can."""
    if project.consultations.exclude(status=ConsultationStatus.DRAFT).exists():
        return _(
            "This project has a consultation that was opened to people, so it cannot be "
            "deleted: what they were told and what they gave stays on record. You can change its "
            "stage instead."
        )
    return None


@transaction.atomic
def project_delete(*, actor: User, project: Project) -> None:
    """Delete a project whose consultations are all drafts (they go with it: nobody was told)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if problem := project_delete_problem(project=project):
        raise LoopError(problem)
    audit_record(
        actor=actor,
        verb="project.delete",
        target=project,
        consultations=[str(pk) for pk in project.consultations.values_list("pk", flat=True)],
    )
    project.delete()


# Consultations -------------------------------------------------------------------------------


def contributions_count(consultation: Consultation) -> int:
    return consultation.contributions.count()


def questions_locked(consultation: Consultation) -> bool:
    """Whether anyone has answered: then the questions stay as they were answered."""
    return (
        consultation.contributions.exists()
        or KeptAnswer.objects.filter(invitation__consultation=consultation).exists()
    )


def promise_problems(
    *, before: Consultation, after: dict[str, Any], contributed: int
) -> dict[str, str]:
    """What a correction would take from people who already sent input, by field; empty when
    it takes nothing. Their payment lines start from the consultation's offer (rate, unit, units
    by the expected hours, currency) and are due ``pay_within_days`` after their input: the offer
    may get better for them, never worse."""
    if not contributed:
        return {}
    problems: dict[str, str] = {}
    sent = ngettext(
        "%(count)s person has already sent input and was promised this.",
        "%(count)s people have already sent input and were promised this.",
        contributed,
    ) % {"count": format_number(contributed)}
    old_rate = before.pay_rate or Decimal(0)
    new_rate = after.get("pay_rate") or Decimal(0)
    if new_rate < old_rate:
        problems["pay_rate"] = sent + " " + _("The pay can go up, but not down.")
    if after.get("pay_unit", before.pay_unit) != before.pay_unit and before.is_paid:
        problems["pay_unit"] = sent + " " + _("The pay unit cannot change.")
    if after.get("currency", before.currency) != before.currency and before.is_paid:
        problems["currency"] = sent + " " + _("The currency cannot change.")
    # Paid by the hour, the hours are the units she is paid for; at a day or session rate, fewer
    # hours for the same pay is better for her.
    hourly = before.is_paid and before.pay_unit == PayUnit.HOUR
    if hourly and after.get("expected_hours", before.expected_hours) < before.expected_hours:
        problems["expected_hours"] = sent + " " + _("The expected hours can go up, but not down.")
    if after.get("pay_within_days", before.pay_within_days) > before.pay_within_days:
        problems["pay_within_days"] = (
            sent + " " + _("People can be paid sooner than promised, but not later.")
        )
    if before.expenses_covered and not after.get("expenses_covered", True):
        problems["expenses_covered"] = (
            sent + " " + _("Their costs were promised to be covered, and stay covered.")
        )
    return problems


def correction_problems(
    *, consultation: Consultation, fields: dict[str, Any], questions: list[str]
) -> dict[str, str]:
    """Everything that stops this correction, by field name (``__all__`` for the whole form),
    in words for staff; empty when it may be saved."""
    if consultation.status not in (ConsultationStatus.DRAFT, ConsultationStatus.OPEN):
        return {
            "__all__": _(
                "A closed or cancelled consultation cannot be changed: it is kept as it was."
            )
        }
    problems: dict[str, str] = {}
    if problem := consultation_problem(
        opens_on=fields["opens_on"],
        deadline=fields["deadline"],
        pay_rate=fields["pay_rate"],
        currency=fields["currency"],
        pay_within_days=fields["pay_within_days"],
        pay_method=fields["pay_method"],
        expenses_covered=fields["expenses_covered"],
        expenses_how=fields["expenses_how"],
        support_phone=fields["support_phone"],
        support_hours=fields["support_hours"],
        expected_hours=fields["expected_hours"],
    ):
        problems["__all__"] = problem
    current = [q.text for q in consultation.questions.all()]
    # Text saved before the limits stays whole; only what is changed must fit them.
    problems.update(
        text_problems(
            values={name: fields[name] for name in LIMITS},
            questions=questions,
            before={name: getattr(consultation, name) for name in LIMITS},
            before_questions=current,
        )
    )
    if consultation.status == ConsultationStatus.DRAFT:
        return problems
    if fields["deadline"] < timezone.localdate():
        # Moving the last day into the past would close it without telling anyone.
        problems["deadline"] = _("The last day cannot be in the past.")
    for name in LOCKED_ONCE_OPEN:
        if fields[name] != getattr(consultation, name):
            problems[name] = _(
                "Invitations went out when the consultation opened, so this day stays as it was."
            )
    if questions != current and questions_locked(consultation):
        problems["questions"] = _(
            "Someone has already answered these questions, so they cannot change: their answers "
            "would no longer match. Start a new consultation to ask something else."
        )
    problems.update(
        promise_problems(
            before=consultation, after=fields, contributed=contributions_count(consultation)
        )
    )
    return problems


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    for name in (
        "title",
        "plain_summary",
        "content_note",
        "expenses_how",
        "support_name",
        "support_hours",
    ):
        fields[name] = fields[name].strip()
    fields["support_phone"] = phone_normalise(fields["support_phone"])
    return fields


@transaction.atomic
def consultation_update(
    *, actor: User, consultation: Consultation, questions: list[str], **fields: Any
) -> Change | None:
    """Correct a draft or open consultation (``fields``: every name in ``CONSULTATION_FIELDS``).

    Refused whole, with nothing saved, when ``correction_problems`` finds anything. Returns the
    recorded change; None when nothing differed (a form sent twice changes nothing and tells
    nobody twice). For an open consultation, a change to a ``MATERIAL_FIELDS`` field tells each
    person invited who has not said no, once per change (its key is the change's id).
    """
    if set(fields) != set(CONSULTATION_FIELDS):
        raise TypeError("consultation_update takes every field of CONSULTATION_FIELDS")
    # Held until the end: a contribution, a cancellation or a second correction waits for this.
    consultation = (
        Consultation.objects.select_for_update()
        .select_related("project__organisation")
        .get(pk=consultation.pk)
    )
    fields = _normalised(fields)
    if problems := correction_problems(
        consultation=consultation, fields=fields, questions=questions
    ):
        raise CorrectionError(problems)
    diff = {
        name: (getattr(consultation, name), value)
        for name, value in fields.items()
        if not _same(getattr(consultation, name), value)
    }
    current = list(consultation.questions.order_by("position"))
    if [q.text for q in current] != questions:
        diff["questions"] = ([q.text for q in current], questions)
        _questions_replace(consultation, current, questions)
    if not diff:
        return None
    for name, (_old, value) in diff.items():
        if name != "questions":
            setattr(consultation, name, value)
    consultation.save(update_fields=[name for name in diff if name != "questions"])
    change = change_record(
        actor=actor,
        project=consultation.project,
        consultation=consultation,
        kind=ChangeKind.EDITED,
        subject=consultation.title,
        diff=diff,
    )
    audit_record(actor=actor, verb="consultation.update", target=consultation, fields=sorted(diff))
    if consultation.status == ConsultationStatus.OPEN:
        # People read this version now: its check is kept with it, as on opening.
        consultation_check_record(
            actor=actor,
            consultation=consultation,
            result=consultation_check(consultation=consultation),
            trigger=ConsultationCheck.Trigger.CORRECTION,
        )
    changes = _what_changed(consultation, diff)
    if consultation.status == ConsultationStatus.OPEN and changes:
        _tell_invited_of_change(consultation, change, changes)
    return change


def _change_key(change: Change) -> str:
    return f"consultation.changed:{change.pk}"


def told_invited(change: Change) -> bool:
    """Whether anyone invited was told of this change."""
    return bool(keys_notified(keys=[_change_key(change)]))


def _questions_replace(
    consultation: Consultation, current: list[Question], texts: list[str]
) -> None:
    """Set the questions by position, keeping each position's row (and id) where one exists.
    Only called while nobody has answered (``correction_problems``)."""
    for question, text in zip(current, texts, strict=False):
        if question.text != text:
            question.text = text
            question.save(update_fields=["text"])
    Question.objects.filter(consultation=consultation, position__gt=len(texts)).delete()
    Question.objects.bulk_create(
        Question(consultation=consultation, position=position, text=text)
        for position, text in enumerate(texts[len(current) :], start=len(current) + 1)
    )


def _tell_still_invited(
    consultation: Consultation, *, event: str, key: str, context: dict[str, Any]
) -> None:
    """Tell everyone invited who has not said no (they may still take part, or already have),
    each with a link to her own invitation page, which shows the consultation as it is now.
    ``key`` is per change: the same change never reaches anyone twice."""
    for invitation in (
        consultation.invitations.exclude(status=InvitationStatus.DECLINED)
        # An invitation whose day has not come has not reached her: she reads it as it is then.
        .filter(sent_at__isnull=False)
        .select_related("expert__user")
    ):
        notify(
            event=event,
            recipients=[invitation.expert.user],
            key=key,
            url=reverse("portal:invitation", args=[invitation.pk]),
            context=context,
        )


def _what_changed(
    consultation: Consultation, diff: dict[str, tuple[Any, Any]]
) -> list[dict[str, Any]]:
    """What changed that the people invited can see (``MATERIAL_FIELDS``, as their pages show
    them), as data for the inbox sentence (notifications.texts.change_sentences): the new values
    she needs, in her language when she reads it; nothing about any person. Empty when nothing
    she sees changed (say, the currency of a consultation that pays nothing)."""
    material = {name for name in MATERIAL_FIELDS if name in diff}
    changes: list[dict[str, Any]] = []
    old_rate = diff["pay_rate"][0] if "pay_rate" in diff else consultation.pay_rate
    was_paid = bool(old_rate and old_rate > 0)
    old_covered = (
        diff["expenses_covered"][0] if "expenses_covered" in diff else consultation.expenses_covered
    )
    if "deadline" in material:
        changes.append({"kind": "deadline", "date": consultation.deadline.isoformat()})
    if {"pay_rate", "pay_unit", "currency"} & material:
        if consultation.is_paid:
            changes.append(
                {
                    "kind": f"pay.{consultation.pay_unit}",
                    "amount": str(consultation.pay_rate),
                    "currency": consultation.currency,
                }
            )
        elif was_paid:
            changes.append({"kind": "unpaid"})
    if "expected_hours" in material:
        changes.append({"kind": "hours", "hours": str(consultation.expected_hours)})
    if "pay_within_days" in material and consultation.is_paid:
        changes.append({"kind": "pay_within", "days": consultation.pay_within_days})
    if "pay_method" in material and consultation.is_paid:
        changes.append({"kind": "pay_method"})
    if {"expenses_covered", "expenses_how"} & material:
        if consultation.expenses_covered:
            changes.append({"kind": "costs"})
        elif old_covered:
            changes.append({"kind": "no_costs"})
    if {"stage", "material_state"} & material:
        changes.append({"kind": "where"})
    if "interpretation" in material:
        changes.append(
            {"kind": "interpretation" if consultation.interpretation else "no_interpretation"}
        )
    if "languages" in material:
        names = ", ".join(LANGUAGE_NAMES.get(c, c) for c in consultation.language_codes)
        changes.append({"kind": "languages", "languages": names})
    if material & {"influence", "purpose"}:
        changes.append({"kind": "purpose"})
    if "questions" in material:
        changes.append({"kind": "questions"})
    if "content_note" in material:
        changes.append({"kind": "content_note"})
    if {"support_name", "support_phone", "support_hours"} & material:
        changes.append({"kind": "support"})
    return changes


def _tell_invited_of_change(
    consultation: Consultation, change: Change, changes: list[dict[str, Any]]
) -> None:
    _tell_still_invited(
        consultation,
        event=Event.CONSULTATION_CHANGED,
        key=_change_key(change),
        context={
            "organisation": consultation.project.organisation.name,
            "title": consultation.title,
            "deadline": consultation.deadline.isoformat(),
            "changes": changes,
        },
    )


def consultation_delete_problem(*, consultation: Consultation) -> str | None:
    if consultation.status != ConsultationStatus.DRAFT:
        return _(
            "Only a draft can be deleted. An opened consultation stays on record: you can "
            "cancel it while it is open."
        )
    return None


@transaction.atomic
def consultation_delete(*, actor: User, consultation: Consultation) -> None:
    """Delete a draft, its questions and the invitations saved for it (nobody was told yet).
    Its project's history keeps that it existed and who deleted it."""
    consultation = (
        Consultation.objects.select_for_update().select_related("project").get(pk=consultation.pk)
    )
    if problem := consultation_delete_problem(consultation=consultation):
        raise LoopError(problem)
    change_record(
        actor=actor,
        project=consultation.project,
        consultation=None,
        kind=ChangeKind.DELETED,
        subject=consultation.title,
        diff={},
    )
    audit_record(actor=actor, verb="consultation.delete", target=consultation)
    consultation.delete()


@transaction.atomic
def consultation_cancel(*, actor: User, consultation: Consultation, message: str) -> Change:
    """Stop an open consultation before its last day, with a message to the people invited.

    Each person invited who has not said no is told once, with the message. Input already sent
    stays, and is still owed its response and its payment as promised (nothing here touches
    contributions or payment lines); answers kept after a logout are deleted, since they can
    no longer be sent.
    """
    message = message.strip()
    if not message:
        raise LoopError(_("Write a message to the people invited."))
    if len(message) > CANCEL_MESSAGE_MAX_CHARS:
        raise LoopError(
            _("Keep the message under %(limit)s characters.")
            % {"limit": format_number(CANCEL_MESSAGE_MAX_CHARS)}
        )
    consultation = (
        Consultation.objects.select_for_update()
        .select_related("project__organisation")
        .get(pk=consultation.pk)
    )
    if consultation.status == ConsultationStatus.CANCELLED:
        raise LoopError(_("This consultation was already cancelled. Nobody was told twice."))
    if consultation.status != ConsultationStatus.OPEN:
        raise LoopError(_("Only an open consultation can be cancelled."))
    diff = {"status": (consultation.status, ConsultationStatus.CANCELLED)}
    consultation.status = ConsultationStatus.CANCELLED
    consultation.cancel_message = message
    consultation.save(update_fields=["status", "cancel_message"])
    KeptAnswer.objects.filter(invitation__consultation=consultation).delete()
    change = change_record(
        actor=actor,
        project=consultation.project,
        consultation=consultation,
        kind=ChangeKind.CANCELLED,
        subject=consultation.title,
        diff=diff,
    )
    audit_record(actor=actor, verb="consultation.cancel", target=consultation)
    _tell_still_invited(
        consultation,
        event=Event.CONSULTATION_CANCELLED,
        key=f"consultation.cancelled:{consultation.pk}",
        context={
            "organisation": consultation.project.organisation.name,
            "title": consultation.title,
            # Shown as text in her inbox only (never in an e-mail or SMS: texts.py).
            "message": message,
        },
    )
    return change
