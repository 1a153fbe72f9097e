import pytest

from seat.councils.models import Council, Dissent, HostResponse, Term
from seat.demo.data import demo_load


@pytest.mark.django_db
def test_the_demo_ministry_hosts_a_council_with_every_status(client):
    demo_load()
    council = Council.objects.get()
    assert (council.name, council.organisation.name) == (
        "National Survivor Advisory Council",
        "Ministry of Labour, Anti-Trafficking Unit",
    )
    assert sorted(set(Term.objects.values_list("expert__pseudonym", flat=True))) == [
        "Mitra",
        "Nadia",
        "Rosa",
        "Sokha",
        "Tara",
    ]
    assert Term.objects.filter(renewed_from__isnull=False).count() == 1
    assert council.meetings.exclude(minutes="").count() == 3
    assert sorted(council.recommendations.values_list("status", flat=True)) == [
        "accepted",
        "implemented",
        "partly_accepted",
        "rejected",
        "submitted",
    ]
    assert HostResponse.objects.count() == 4
    assert Dissent.objects.count() == 2
    assert council.meetings.first().attendances.filter(payment__isnull=False).count() == 5
    # Tara sees it; Lucía at the ministry runs it.
    from seat.accounts.models import User

    client.force_login(User.objects.get(username="demo-expert"))
    assert client.get(f"/councils/{council.pk}/").status_code == 200
    client.force_login(User.objects.get(username="ministry-staff"))
    assert "Add a member" in client.get(f"/councils/{council.pk}/").content.decode()
