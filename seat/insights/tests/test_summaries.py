"""The materialised summaries stay true: every write that changes a figure reaches it, and
medians read from the histograms are exact."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from seat.accountability.models import Response
from seat.consultations import services as loop
from seat.consultations.models import Consultation
from seat.insights.metrics import Median, Share, median_of_histogram
from seat.insights.models import AnswerDelay, ConsultationFigures, StaleConsultation
from seat.insights.summaries import consultations_mark_stale, figures_refresh
from seat.insights.tests.test_metrics import Lab, answer, consult, give_input, make_lab, measure
from seat.tests.personas import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab(db) -> Lab:
    return make_lab()


@pytest.mark.parametrize(
    ("buckets", "median"),
    [
        ([], Median(days=None, count=0)),
        ([(7, 1)], Median(days=Decimal("7.0"), count=1)),
        ([(1, 1), (3, 1), (10, 1)], Median(days=Decimal("3.0"), count=3)),
        ([(2, 2), (5, 2)], Median(days=Decimal("3.5"), count=4)),
        ([(0, 5), (30, 1)], Median(days=Decimal("0.0"), count=6)),
        ([(1, 1), (4, 3), (9, 1)], Median(days=Decimal("4.0"), count=5)),
    ],
)
def test_the_median_of_a_histogram_is_the_median_of_the_values_it_counts(buckets, median):
    assert median_of_histogram(buckets) == median


def test_input_and_answers_given_or_removed_after_a_reading_reach_the_next_one(lab):
    consultation = consult(lab)
    first = give_input(lab, consultation)
    assert measure(lab).contributions == 1  # the summary is computed here

    second = give_input(lab, consultation)
    answer(lab, first)
    answer(lab, second, "not_adopted")
    insights = measure(lab)
    assert insights.contributions == 2
    assert insights.influence.input_adopted == Share(1, 2)
    assert insights.loop_closure.median.count == 2

    Response.objects.get(contribution=second).delete()
    insights = measure(lab)
    assert insights.influence.input_adopted == Share(1, 1)
    assert insights.loop_closure.median.count == 1
    assert not StaleConsultation.objects.exists()


def test_a_consultation_counts_from_the_moment_it_is_published(lab):
    draft = make_consultation(lab.staff, lab.project, publish=False)
    assert measure(lab).consultations == 0
    assert ConsultationFigures.objects.get(consultation=draft).published is False

    loop.consultation_publish(actor=lab.admin, consultation=draft, override_reason="x" * 40)
    assert measure(lab).consultations == 1


def test_rows_written_around_the_services_are_counted_after_a_rebuild(lab, capsys):
    consultation = consult(lab)
    contribution = give_input(lab, consultation)
    answer(lab, contribution)
    assert measure(lab).loop_closure.median.count == 1
    # A bulk update (a restore, an import) tells no summary: what was there stays until rebuilt.
    Consultation.objects.filter(pk=consultation.pk).update(status="draft")
    assert measure(lab).consultations == 1

    call_command("insights_rebuild")
    assert "figures computed for" in capsys.readouterr().out
    assert measure(lab).consultations == 0


def test_a_mark_left_by_a_deleted_consultation_is_cleared_without_harm(lab):
    consultation = consult(lab)
    give_input(lab, consultation)
    measure(lab)
    gone = consult(lab, title="Deleted later")
    consultations_mark_stale([gone.pk])
    pk = gone.pk
    Consultation.objects.filter(pk=pk).delete()
    figures_refresh()
    assert not StaleConsultation.objects.filter(consultation_id=pk).exists()
    assert not AnswerDelay.objects.filter(consultation_id=pk).exists()
    assert measure(lab).consultations == 1
