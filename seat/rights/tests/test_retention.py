"""The retention task: rows past their period in docs/PRIVACY.md go, younger rows stay."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from seat.accounts.enums import Role
from seat.accounts.models import MemberInvitation, Membership, User
from seat.accounts.services import member_invitation_create
from seat.api.models import ApiToken
from seat.compensation.services import payment_record
from seat.consultations.models import Answer, Consultation, Contribution
from seat.consultations.selectors import WORDS_KEPT_DAYS, words_kept_until
from seat.core.formats import format_day
from seat.core.models import AuditEvent
from seat.notifications.enums import Event
from seat.notifications.models import Notification
from seat.people.models import ExpertIdentity, ExpertLink, JoinCode, ResetCode
from seat.people.services import join_code_create, reset_code_create
from seat.rights.retention import (
    ACCOUNT_IDLE_DAYS,
    AUDIT_EVENT_DAYS,
    IDLE_WARNING_DAYS,
    JOIN_CODE_DAYS,
    MEMBER_INVITATION_DAYS,
    RESET_CODE_DAYS,
    TRAINING_IMPORT_DAYS,
    retention_enforce,
)
from seat.rights.tasks import enforce_retention
from seat.tests.personas import PASSWORD, make_consultation, make_expert, verify_second_factor
from seat.trainings.models import TrainingImport
from seat.trainings.services import trainings_import
from seat.trainings.tests.test_import import HEADER, row

pytestmark = pytest.mark.django_db


def aged(model, row, days: int, field: str = "created_at") -> None:
    """Move a row ``days`` back in time, as if made then."""
    model.objects.filter(pk=row.pk).update(
        **{field: timezone.now() - datetime.timedelta(days=days)}
    )


def run() -> dict[str, int]:
    return enforce_retention.call()


def test_the_task_runs_with_the_periodic_work():
    assert "seat.rights.tasks.enforce_retention" in settings.SEAT_PERIODIC_TASKS


def test_joining_codes_go_after_24_months_and_the_link_they_made_stays(world):
    old, _code = join_code_create(actor=world.staff_a, organisation=world.org_a)
    young, _code = join_code_create(actor=world.staff_a, organisation=world.org_a)
    link = ExpertLink.objects.get(expert=world.expert, organisation=world.org_a)
    ExpertLink.objects.filter(pk=link.pk).update(join_code=old)
    aged(JoinCode, old, JOIN_CODE_DAYS + 1)
    aged(JoinCode, young, JOIN_CODE_DAYS - 1)

    assert run()["join_codes"] == 1
    assert not JoinCode.objects.filter(pk=old.pk).exists()
    assert JoinCode.objects.filter(pk=young.pk).exists()
    link.refresh_from_db()
    assert link.join_code is None


def test_reset_codes_go_after_24_months(world):
    old, _code = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    young, _code = reset_code_create(
        actor=world.staff_a, organisation=world.org_a, expert=world.expert
    )
    aged(ResetCode, old, RESET_CODE_DAYS + 1)
    aged(ResetCode, young, RESET_CODE_DAYS - 1)

    assert run()["reset_codes"] == 1
    assert not ResetCode.objects.filter(pk=old.pk).exists()
    assert ResetCode.objects.filter(pk=young.pk).exists()


def test_staff_joining_links_go_after_24_months(world):
    old, _code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.STAFF
    )
    young, _code = member_invitation_create(
        actor=world.admin_a, organisation=world.org_a, role=Role.VIEWER
    )
    aged(MemberInvitation, old, MEMBER_INVITATION_DAYS + 1)
    aged(MemberInvitation, young, MEMBER_INVITATION_DAYS - 1)

    assert run()["member_invitations"] == 1
    assert list(MemberInvitation.objects.values_list("pk", flat=True)) == [young.pk]


def test_audit_events_go_after_24_months(world):
    old = AuditEvent.objects.order_by("id").first()
    young = AuditEvent.objects.order_by("id").last()
    aged(AuditEvent, old, AUDIT_EVENT_DAYS + 1, field="at")
    aged(AuditEvent, young, AUDIT_EVENT_DAYS - 1, field="at")
    count = AuditEvent.objects.count()

    assert run()["audit_events"] == 1
    assert AuditEvent.objects.count() == count - 1
    assert AuditEvent.objects.filter(pk=young.pk).exists()


def test_finished_import_reports_go_after_12_months(world):
    data = (HEADER + row()).encode()
    old = trainings_import(actor=world.staff_a, organisation=world.org_a, data=data)
    young = trainings_import(actor=world.staff_a, organisation=world.org_a, data=data)
    aged(TrainingImport, old, TRAINING_IMPORT_DAYS + 1, field="finished_at")
    aged(TrainingImport, young, TRAINING_IMPORT_DAYS - 1, field="finished_at")

    assert run()["training_imports"] == 1
    assert list(TrainingImport.objects.values_list("pk", flat=True)) == [young.pk]


def test_a_second_run_deletes_nothing_more(world):
    first = run()
    assert run() == dict.fromkeys(first, 0)


# What survivors wrote: two years after the project's last consultation.


def ended(consultation, days_ago: int) -> None:
    """The consultation's last day was ``days_ago`` days ago."""
    last_day = timezone.localdate() - datetime.timedelta(days=days_ago)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=last_day - datetime.timedelta(days=14), deadline=last_day
    )


def test_words_go_two_years_after_the_projects_last_consultation(world, client):
    ended(world.consultation, WORDS_KEPT_DAYS + 1)
    kept_words = list(Answer.objects.filter(contribution=world.contribution_b))

    assert run()["contributions_emptied"] == 1
    world.contribution.refresh_from_db()
    assert world.contribution.words_deleted_at is not None
    assert not Answer.objects.filter(contribution=world.contribution).exists()
    # Another organisation's project, still running, keeps every word.
    assert list(Answer.objects.filter(contribution=world.contribution_b)) == kept_words

    client.force_login(world.expert.user)
    page = client.get(reverse("portal:contribution", args=[world.contribution.pk]))
    assert "Seat deleted your words on" in page.content.decode()
    client.force_login(world.staff_a)
    page = client.get(reverse("accountability:contribution-detail", args=[world.contribution.pk]))
    assert "Seat deleted these words on" in page.content.decode()


def test_a_project_that_consults_again_keeps_its_words(world):
    ended(world.consultation, WORDS_KEPT_DAYS + 1)
    make_consultation(world.staff_a, world.project)

    assert run()["contributions_emptied"] == 0
    assert Answer.objects.filter(contribution=world.contribution).exists()


def test_words_go_on_the_day_her_page_names(world):
    ended(world.consultation, WORDS_KEPT_DAYS)
    assert words_kept_until(project_id=world.project.pk) == timezone.localdate()

    assert run()["contributions_emptied"] == 1


def test_words_younger_than_two_years_stay(world):
    ended(world.consultation, WORDS_KEPT_DAYS - 1)

    assert run()["contributions_emptied"] == 0
    assert Answer.objects.filter(contribution=world.contribution).exists()


def test_her_page_says_until_when_her_words_are_kept(world, client):
    client.force_login(world.expert.user)
    page = client.get(reverse("portal:contribution", args=[world.contribution.pk]))
    until = world.consultation.deadline + datetime.timedelta(days=WORDS_KEPT_DAYS)
    assert words_kept_until(project_id=world.project.pk) == until
    assert f"Seat will delete your words on {format_day(until)}" in page.content.decode()


def owed_for_her_input(world):
    """Her input's pay, recorded and not yet paid."""
    return payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal("2"),
        unit="hour",
        rate=Decimal("10.00"),
        currency="USD",
    )


def test_a_contribution_with_a_payment_line_keeps_its_row_and_line_without_its_words(world):
    line = owed_for_her_input(world)
    ended(world.consultation, WORDS_KEPT_DAYS + 1)

    assert run()["contributions_emptied"] == 1
    line.refresh_from_db()
    assert line.contribution_id == world.contribution.pk
    assert not Answer.objects.filter(contribution=world.contribution).exists()


# Accounts nobody uses: a survivor's is erased after a month's warning, a staff member's
# switched off.


def unused_for(user, days: int) -> None:
    then = timezone.now() - datetime.timedelta(days=days)
    User.objects.filter(pk=user.pk).update(date_joined=then, last_login=then)


def later(days: int) -> dict[str, int]:
    return retention_enforce(now=timezone.now() + datetime.timedelta(days=days))


@pytest.fixture
def idle_expert(world):
    expert = make_expert("mina", "Mina", identity={"legal_name": "Mina Secret Name"})
    unused_for(expert.user, ACCOUNT_IDLE_DAYS - IDLE_WARNING_DAYS + 1)
    return expert


def test_an_unused_survivor_account_is_warned_then_erased_a_month_later(idle_expert):
    user = idle_expert.user
    assert run()["experts_warned"] == 1
    warning = Notification.objects.get(recipient=user, event=Event.ACCOUNT_IDLE)
    assert run()["experts_warned"] == 0  # once
    assert later(IDLE_WARNING_DAYS - 2)["experts_erased"] == 0

    assert later(IDLE_WARNING_DAYS + 1)["experts_erased"] == 1
    user.refresh_from_db()
    assert not user.is_active and user.username.startswith("erased-")
    assert not ExpertIdentity.objects.filter(profile=idle_expert).exists()
    erase = AuditEvent.objects.get(verb="account.erase", object_id=str(idle_expert.pk))
    assert erase.actor is None and erase.detail["reason"] == "idle"
    assert not Notification.objects.filter(pk=warning.pk).exists()
    assert later(IDLE_WARNING_DAYS + 2)["experts_erased"] == 0


def test_logging_in_after_the_warning_keeps_the_account(idle_expert, client):
    run()
    client.force_login(idle_expert.user)  # logs in as the product does: last_login is now
    page = client.get(reverse("notifications:inbox"))
    assert "You have logged in, so it is kept." in page.content.decode()

    assert later(IDLE_WARNING_DAYS + 1)["experts_erased"] == 0
    idle_expert.user.refresh_from_db()
    assert idle_expert.user.is_active


def test_money_still_owed_keeps_the_account(world):
    unused_for(world.expert.user, ACCOUNT_IDLE_DAYS + 1)
    Contribution.objects.filter(pk=world.contribution.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=ACCOUNT_IDLE_DAYS + 1)
    )
    ended(world.consultation, 40)  # her invitation can no longer be answered
    owed_for_her_input(world)
    assert run()["experts_warned"] == 1
    assert later(IDLE_WARNING_DAYS + 1)["experts_erased"] == 0
    world.expert.user.refresh_from_db()
    assert world.expert.user.is_active


def test_input_written_down_for_her_counts_as_using_seat(world):
    unused_for(world.expert.user, ACCOUNT_IDLE_DAYS + 1)  # her contribution is from today

    assert run()["experts_warned"] == 0


def test_a_staff_account_nobody_used_for_a_year_is_switched_off(world, client):
    unused_for(world.viewer_a, ACCOUNT_IDLE_DAYS + 1)
    token = ApiToken.objects.create(user=world.viewer_a, name="scripts", digest="0" * 64)
    unused_for(world.staff_a, ACCOUNT_IDLE_DAYS - 1)

    assert run()["staff_switched_off"] == 1
    world.viewer_a.refresh_from_db()
    world.staff_a.refresh_from_db()
    assert not world.viewer_a.is_active and world.staff_a.is_active
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert Membership.objects.filter(user=world.viewer_a).exists()  # the record stays

    verify_second_factor(client, world.admin_a)
    page = client.get(f"/organisation/{world.org_a.pk}/audit/")
    assert "Switched off an account nobody used for a year" in page.content.decode()


def test_operators_are_not_switched_off(world):
    operator = User.objects.create_user(username="operator", password=PASSWORD, is_staff=True)
    unused_for(operator, ACCOUNT_IDLE_DAYS + 1)

    assert run()["staff_switched_off"] == 0


def test_her_data_page_tells_the_periods_the_schedule_keeps(world, client, monkeypatch):
    client.force_login(world.expert.user)
    page = client.get(reverse("rights:my-data")).content.decode()
    assert "What you wrote: until 2 years after the last consultation of its project." in page
    assert "if nobody uses it for 12 months, Seat sends you a message." in page
    assert "If you do not log in within 30 days, Seat erases it" in page

    # Said from the periods themselves, not written beside them.
    monkeypatch.setattr("seat.rights.retention.ACCOUNT_IDLE_DAYS", 730)
    monkeypatch.setattr("seat.rights.retention.IDLE_WARNING_DAYS", 60)
    page = client.get(reverse("rights:my-data")).content.decode()
    assert "if nobody uses it for 24 months" in page
    assert "within 60 days" in page
