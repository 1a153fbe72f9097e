from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q

from seat.accountability.models import Response
from seat.accounts.models import Membership, Organisation, User
from seat.compensation.models import PaymentLine, RateCard
from seat.consultations.models import (
    Answer,
    Consultation,
    ConsultationCheck,
    Contribution,
    EngagementPlan,
    Invitation,
    Project,
    Question,
)
from seat.councils.models import Council, Recommendation, Term
from seat.demo.synthetic import (
    SyntheticRefused,
    synthetic_database_problem,
    synthetic_generate,
    synthetic_problem,
)
from seat.demo.writer import Writer
from seat.partners.models import PartnerRequest
from seat.people.models import ExpertLink, ExpertProfile
from seat.tests.personas import make_org

TODAY = datetime.date(2026, 12, 2)
SMALL = {"organisations": 3, "experts": 30, "contributions": 200}


def check_deferred_keys() -> None:
    """On PostgreSQL, foreign keys are checked at commit, which a test never reaches: check
    them now, so a row pointing nowhere fails the test."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def org_of(contribution_filter: Q | None = None) -> dict[str, int]:
    rows = (
        Contribution.objects.filter(contribution_filter or Q())
        .values("consultation__project__organisation__name")
        .annotate(n=Count("id"))
    )
    return {row["consultation__project__organisation__name"]: row["n"] for row in rows}


@pytest.mark.django_db
def test_a_small_scale_writes_exactly_what_was_asked():
    counts = synthetic_generate(**SMALL, today=TODAY)
    check_deferred_keys()

    assert Organisation.objects.count() == counts.organisations == 3
    assert ExpertProfile.objects.count() == counts.experts == 30
    assert Contribution.objects.count() == counts.contributions == 200
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Synthetic organisation 1",
        "Synthetic organisation 2",
        "Synthetic organisation 3",
    ]
    # Every other count the summary gives is what the database holds.
    assert (
        counts.users,
        counts.memberships,
        counts.expert_links,
        counts.rate_cards,
        counts.projects,
        counts.engagement_plans,
        counts.consultations,
        counts.questions,
        counts.checks,
        counts.partner_requests,
        counts.invitations,
        counts.answers,
        counts.responses,
        counts.payment_lines,
        counts.councils,
        counts.terms,
        counts.recommendations,
    ) == (
        User.objects.count(),
        Membership.objects.count(),
        ExpertLink.objects.count(),
        RateCard.objects.count(),
        Project.objects.count(),
        EngagementPlan.objects.count(),
        Consultation.objects.count(),
        Question.objects.count(),
        ConsultationCheck.objects.count(),
        PartnerRequest.objects.count(),
        Invitation.objects.count(),
        Answer.objects.count(),
        Response.objects.count(),
        PaymentLine.objects.count(),
        Council.objects.count(),
        Term.objects.count(),
        Recommendation.objects.count(),
    )
    # One invitation per contribution from a person; a collective's has none.
    assert Invitation.objects.count() == Contribution.objects.filter(expert__isnull=False).count()
    assert Contribution.objects.filter(expert__isnull=False, invitation__isnull=True).count() == 0
    # At least one answer each.
    assert Contribution.objects.filter(answers__isnull=True).count() == 0
    # Nobody can log in to a synthetic account.
    assert not any(user.has_usable_password() for user in User.objects.all())


@pytest.mark.django_db
def test_every_contribution_to_a_paid_consultation_has_its_payment_line_in_its_currency():
    synthetic_generate(**SMALL, today=TODAY)

    paid = Contribution.objects.filter(consultation__pay_rate__gt=0)
    assert paid.count() > 0
    assert PaymentLine.objects.count() == paid.count()
    for contribution in paid.select_related("consultation", "payment"):
        line = contribution.payment
        assert line.currency == contribution.consultation.currency
        assert line.rate == contribution.consultation.pay_rate
        assert line.expert_id == contribution.expert_id
        assert line.work_on == contribution.created_at.date()
    unpaid = Contribution.objects.exclude(consultation__pay_rate__gt=0)
    assert unpaid.filter(payment__isnull=False).count() == 0


@pytest.mark.django_db
def test_one_organisation_holds_the_contributions_asked_for_it():
    synthetic_generate(**SMALL, big_organisation_contributions=150, today=TODAY)

    by_org = org_of()
    assert by_org["Synthetic organisation 1"] == 150
    assert sum(by_org.values()) == 200


@pytest.mark.django_db
def test_values_vary_so_that_every_metric_has_something_to_show():
    synthetic_generate(organisations=8, experts=120, contributions=1500, seed=3, today=TODAY)

    def distinct(queryset, field):
        return set(queryset.values_list(field, flat=True))

    assert distinct(Consultation.objects, "influence") == {
        "inform",
        "consult",
        "involve",
        "collaborate",
        "empower",
    }
    assert distinct(Consultation.objects, "stage") == {"design", "implementation", "evaluation"}
    assert distinct(Consultation.objects, "status") == {"open", "closed"}
    assert distinct(Response.objects, "outcome") == {
        "adopted",
        "partly_adopted",
        "not_adopted",
        "under_consideration",
    }
    assert {"owed", "paid"} <= distinct(PaymentLine.objects, "status")
    assert {"web", "facilitator"} <= distinct(Contribution.objects, "channel")
    assert Consultation.objects.filter(pay_rate=0).exists()
    assert ConsultationCheck.objects.exclude(override_reason="").exists()
    assert distinct(EngagementPlan.objects, "survivor_led") == {True, False}
    # The data spreads over about three years.
    first = Contribution.objects.order_by("created_at").first()
    assert first is not None
    assert (TODAY - first.created_at.date()).days > 2 * 365
    # Responses come after the input they answer; payments are paid on or after the work.
    for response in Response.objects.select_related("contribution").exclude(shared_at=None):
        assert response.shared_at > response.contribution.created_at
    assert PaymentLine.objects.filter(paid_on__lt=F("work_on")).count() == 0


def snapshot() -> list[tuple[object, ...]]:
    return sorted(
        Contribution.objects.values_list(
            "id", "created_at", "consultation_id", "expert_id", "channel", "idempotency_key"
        )
    ) + sorted(PaymentLine.objects.values_list("id", "rate", "currency", "status", "paid_on"))


def wipe() -> None:
    for model in (
        PaymentLine,
        Response,
        Answer,
        Contribution,
        Invitation,
        PartnerRequest,
        ConsultationCheck,
        Question,
        Consultation,
        EngagementPlan,
        Project,
        Recommendation,
        Term,
        Council,
        RateCard,
        ExpertLink,
        ExpertProfile,
        Membership,
        User,
        Organisation,
    ):
        model.objects.all().delete()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    synthetic_generate(**SMALL, seed=7, today=TODAY)
    first = snapshot()
    wipe()
    synthetic_generate(**SMALL, seed=7, today=TODAY)
    assert snapshot() == first
    wipe()
    synthetic_generate(**SMALL, seed=8, today=TODAY)
    assert snapshot() != first


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        (
            {"organisations": -1, "experts": 1, "contributions": 1},
            "The number of organisations cannot be negative.",
        ),
        (
            {"organisations": 1, "experts": -5, "contributions": 0},
            "The number of experts cannot be negative.",
        ),
        (
            {"organisations": 1001, "experts": 1, "contributions": 1},
            "At most 1,000 organisations can be generated (asked: 1,001).",
        ),
        (
            {"organisations": 1, "experts": 100_001, "contributions": 1},
            "At most 100,000 experts can be generated (asked: 100,001).",
        ),
        (
            {"organisations": 1, "experts": 1, "contributions": 1_000_001},
            "At most 1,000,000 contributions can be generated (asked: 1,000,001).",
        ),
        (
            {"organisations": 0, "experts": 1, "contributions": 0},
            "Experts and contributions need at least one organisation.",
        ),
        (
            {"organisations": 1, "experts": 1, "contributions": 5001},
            "5,001 contributions do not fit 1 experts: each expert gives at most one "
            "contribution per consultation, and an organisation runs at most 5,000 "
            "consultations. Ask for at least 2 experts, or fewer contributions.",
        ),
        (
            {"organisations": 3, "experts": 2, "contributions": 100},
            "100 contributions do not fit 2 experts: each expert gives at most one "
            "contribution per consultation, and an organisation runs at most 5,000 "
            "consultations. Ask for at least 3 experts, or fewer contributions.",
        ),
        (
            {
                "organisations": 2,
                "experts": 10,
                "contributions": 10,
                "big_organisation_contributions": 11,
            },
            "The big organisation cannot hold 11 contributions out of 10.",
        ),
        (
            {
                "organisations": 1,
                "experts": 10,
                "contributions": 10,
                "big_organisation_contributions": 5,
            },
            "With one organisation, it holds all the contributions.",
        ),
    ],
)
def test_numbers_that_cannot_be_met_are_refused_with_a_reason(numbers, message):
    assert synthetic_problem(**numbers) == message


def test_numbers_that_fit_are_accepted():
    assert synthetic_problem(organisations=1, experts=1, contributions=5000) is None
    assert (
        synthetic_problem(
            organisations=1000,
            experts=100_000,
            contributions=1_000_000,
            big_organisation_contributions=100_000,
        )
        is None
    )
    assert synthetic_problem(organisations=0, experts=0, contributions=0) is None


@pytest.mark.django_db
def test_the_command_refuses_bad_numbers_with_a_message_and_writes_nothing():
    with pytest.raises(CommandError) as refused:
        call_command(
            "generate", organisations=1, experts=1, contributions=5001, stdout=io.StringIO()
        )
    assert "5,001 contributions do not fit 1 experts" in str(refused.value)
    with pytest.raises(CommandError, match="cannot be negative"):
        call_command("generate", contributions=-1, stdout=io.StringIO())
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_the_command_prints_counts_and_time():
    out = io.StringIO()
    call_command(
        "generate",
        organisations=2,
        experts=10,
        contributions=40,
        big_organisation_contributions=30,
        stdout=out,
    )
    text = out.getvalue()
    assert "Synthetic data written in " in text
    assert "  contributions              40\n" in text
    assert "  organisations               2\n" in text
    assert org_of()["Synthetic organisation 1"] == 30


@pytest.mark.django_db
def test_a_database_with_real_data_is_refused_unless_forced():
    make_org("Coastal Shelter Trust")

    assert synthetic_database_problem() == (
        "This database holds organisations, accounts or experts that are not synthetic. "
        "Generate into a new, empty database, or add --force to write beside them."
    )
    with pytest.raises(CommandError, match="not synthetic"):
        call_command("generate", organisations=2, experts=10, contributions=40)
    assert Organisation.objects.count() == 1

    call_command(
        "generate", organisations=2, experts=10, contributions=40, force=True, stdout=io.StringIO()
    )
    assert Organisation.objects.count() == 3
    # The real organisation got nothing.
    assert Project.objects.filter(organisation__name="Coastal Shelter Trust").count() == 0


@pytest.mark.django_db
def test_synthetic_data_is_never_added_twice():
    synthetic_generate(organisations=1, experts=5, contributions=10, today=TODAY)

    with pytest.raises(SyntheticRefused, match="already holds synthetic data"):
        synthetic_generate(organisations=1, experts=5, contributions=10, force=True)
    assert Contribution.objects.count() == 10


@pytest.mark.django_db
def test_the_insert_path_writes_the_same_rows_as_copy():
    """The generic INSERT path (SQLite's, and PostgreSQL's without COPY) gives the same data."""
    synthetic_generate(**SMALL, seed=4, today=TODAY, method="insert")
    check_deferred_keys()
    first = snapshot()
    if connection.vendor != "postgresql":
        assert Contribution.objects.count() == 200
        return
    wipe()
    synthetic_generate(**SMALL, seed=4, today=TODAY, method="copy")
    check_deferred_keys()
    assert snapshot() == first


@pytest.mark.django_db
def test_bulk_key_check_finds_a_row_that_points_nowhere():
    writer = Writer()
    if not writer.keys_later:
        pytest.skip("Only a PostgreSQL superuser skips the per-row key triggers.")
    table = writer.table(ExpertLink, ["id", "created_at", "expert_id", "organisation_id"])
    table.add(
        uuid.uuid4(),
        datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        uuid.uuid4(),
        make_org("Somewhere").id,
    )
    writer.flush()
    assert writer.check_keys() == ["people_expertlink.expert_id"]


@pytest.mark.django_db
def test_organisations_without_experts_or_contributions():
    counts = synthetic_generate(organisations=2, experts=0, contributions=0, today=TODAY)

    assert (counts.organisations, counts.experts, counts.contributions) == (2, 0, 0)
    # Each still runs a consultation, open or closed, that nobody has answered yet.
    assert Consultation.objects.count() == 2
    assert Invitation.objects.count() == 0
