import pytest

from seat.demo.data import demo_load
from seat.opportunities.models import Application, Opportunity
from seat.opportunities.selectors import open_opportunities


@pytest.mark.django_db
def test_the_demo_has_opportunities_and_an_application():
    demo_load()
    assert open_opportunities().count() == 4
    kinds = set(Opportunity.objects.values_list("kind", flat=True))
    assert {"trainer", "training", "grant"} <= kinds
    assert Opportunity.objects.filter(kind="trainer", pay_currency="BDT").exists()
    assert Application.objects.get().status == "shortlisted"
