"""Survivor advisory councils a host organisation (often a ministry) runs: members' terms,
meetings with attendance and pay, recommendations with the host's dated responses, and the
dissenting views recorded beside them. Members are known by their chosen names only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seat.accounts.models import Organisation
from seat.compensation.enums import LineUnit
from seat.compensation.models import PaymentLine
from seat.core.models import PublicModel
from seat.councils.enums import Decision, RecommendationStatus, TermRole
from seat.people.models import ExpertProfile

NAME_MAX = 120
MANDATE_MAX = 4_000
PLACE_MAX = 100
AGENDA_MAX = 4_000
MINUTES_MAX = 20_000
TITLE_MAX = 200
TEXT_MAX = 8_000
NOTE_MAX = 1_000


def _pay_whole_or_absent(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(
            models.Q(pay_rate__isnull=True, pay_units__isnull=True, pay_unit="", pay_currency="")
            | (
                models.Q(pay_rate__isnull=False, pay_rate__gt=0, pay_units__gt=0)
                & ~models.Q(pay_unit="")
                & ~models.Q(pay_currency="")
            )
        ),
        name=name,
    )


class MeetingPay(models.Model):
    """What a meeting pays each member present: units × rate in one currency, or nothing."""

    pay_rate = models.DecimalField(
        _("rate"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    pay_units = models.DecimalField(
        _("units per meeting"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    pay_unit = models.CharField(_("unit"), max_length=10, choices=LineUnit.choices, blank=True)
    pay_currency = models.CharField(_("currency"), max_length=3, blank=True)

    class Meta:
        abstract = True

    @property
    def is_paid(self) -> bool:
        return self.pay_rate is not None


class Council(PublicModel, MeetingPay):
    """An advisory council its host organisation runs; the host's admins and staff are its
    secretariat. The pay is the default for each new meeting."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="councils"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    mandate = models.TextField(_("mandate"), max_length=MANDATE_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("advisory council")
        verbose_name_plural = _("advisory councils")
        constraints = [_pay_whole_or_absent("council_pay_whole_or_absent")]

    def __str__(self) -> str:
        return self.name


class Term(PublicModel):
    """One member's term on a council. A renewal is a new term that starts the day after the
    one it renews ends; the same person's terms never overlap."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="terms")
    expert = models.ForeignKey(
        ExpertProfile, on_delete=models.PROTECT, related_name="council_terms"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=TermRole.choices, default=TermRole.MEMBER
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    renewed_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
        verbose_name=_("renews"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "expert__pseudonym"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="term_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} {self.starts_on}–{self.ends_on}"

    def covers(self, day: Any) -> bool:
        return bool(self.starts_on <= day <= self.ends_on)


class Meeting(PublicModel, MeetingPay):
    """A council meeting. Its pay is copied from the council when it is planned; the minutes
    may be written afterwards."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("day of the meeting"))
    place = models.CharField(_("place"), max_length=PLACE_MAX)
    agenda = models.TextField(_("agenda"), max_length=AGENDA_MAX, blank=True)
    minutes = models.TextField(_("minutes"), max_length=MINUTES_MAX, blank=True)
    minutes_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [_pay_whole_or_absent("meeting_pay_whole_or_absent")]

    def __str__(self) -> str:
        return f"{self.council} {self.held_on}"


class MinutesRevision(models.Model):
    """An earlier text of a meeting's minutes, kept when they were corrected: append-only."""

    id = models.BigAutoField(primary_key=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes_revisions")
    text = models.TextField(max_length=MINUTES_MAX)
    written_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["replaced_at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting} {self.replaced_at}"

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("Earlier minutes are kept for good: they are never deleted.")


class Attendance(PublicModel):
    """Whether a member was at a meeting; when present at a paid meeting, the one payment line
    that pays her for it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="attendances")
    present = models.BooleanField(_("present"))
    payment = models.OneToOneField(
        PaymentLine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_attendance",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["term__expert__pseudonym"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "term"], name="attendance_once_per_term"),
            models.CheckConstraint(
                condition=models.Q(present=True) | models.Q(payment__isnull=True),
                name="attendance_paid_only_if_present",
            ),
        ]


class Recommendation(PublicModel):
    """What the council recommends to its host. Its title and text may be corrected until the
    host responds; each earlier wording is kept (RecommendationRevision)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="recommendations")
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = models.TextField(_("recommendation"), max_length=TEXT_MAX)
    submitted_on = models.DateField(_("submitted on"))
    # Where it stands now: the latest of its status events.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.SUBMITTED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_on", "title"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.title


class RecommendationRevision(models.Model):
    """An earlier wording of a recommendation, kept when it was corrected."""

    id = models.BigAutoField(primary_key=True)
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="revisions"
    )
    title = models.CharField(max_length=TITLE_MAX)
    text = models.TextField(max_length=TEXT_MAX)
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["replaced_at", "id"]

    def __str__(self) -> str:
        return self.title


class RecommendationEvent(models.Model):
    """One step of a recommendation's status timeline: append-only."""

    id = models.BigAutoField(primary_key=True)
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="events"
    )
    status = models.CharField(_("status"), max_length=20, choices=RecommendationStatus.choices)
    on = models.DateField(_("day"))
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("status step")
        verbose_name_plural = _("status steps")

    def __str__(self) -> str:
        return f"{self.status} {self.on}"


class HostResponse(PublicModel):
    """The host's formal, dated response. A revised response is a new row; none is changed."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="responses"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    text = models.TextField(_("response"), max_length=TEXT_MAX)
    responded_on = models.DateField(_("responded on"))
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["responded_on", "created_at"]
        verbose_name = _("host response")
        verbose_name_plural = _("host responses")


class Dissent(PublicModel):
    """A minority or dissenting view recorded beside a recommendation. Only a member puts a name
    to it, her own (``terms``: her current term); the secretariat records a view without naming
    anyone (``unnamed``: said by one or more members). Never edited, never deleted."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="dissents"
    )
    text = models.TextField(_("dissenting view"), max_length=TEXT_MAX)
    terms = models.ManyToManyField(Term, blank=True, related_name="dissents")
    unnamed = models.BooleanField(_("members who asked not to be named"), default=False)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["recorded_on", "created_at"]
        verbose_name = _("dissenting view")
        verbose_name_plural = _("dissenting views")

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("A dissenting view is kept for good: it is never deleted.")
