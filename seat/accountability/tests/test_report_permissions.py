"""Every person against every outcome report URL, GET and POST: another organisation 404, the
wrong role 403, a report she did not receive 404, anonymous to the login page.

The world: organisation A's consultation has a report, sent to the expert (Tara); organisation
B's has one, sent to Rosa (the other expert). A does not publish its outcomes; B does.
"""

from __future__ import annotations

import pytest

from seat.accountability.reports import report_create, report_send
from seat.tests.personas import make_contribution, make_expert, make_invitation
from seat.tests.test_permissions_more_roles import ALL_PEOPLE, login

PARTS = {
    "heard": "What we heard.",
    "changed": "What changed.",
    "unchanged": "What did not, and why.",
    "next_steps": "What happens next.",
}

MANAGERS = {"admin_a", "staff_a"}

# (name, method, path template, data). Run in this order: sending last.
CASES = [
    ("new", "get", "/input/reports/consultations/{consultation}/new/", None),
    (
        "new",
        "post",
        "/input/reports/consultations/{consultation}/new/",
        {"language": "en", **PARTS},
    ),
    ("detail", "get", "/input/reports/{report}/", None),
    ("detail", "post", "/input/reports/{unsent}/", {"language": "en", **PARTS}),
    ("translation", "get", "/input/reports/{report}/translation/", None),
    ("translation", "post", "/input/reports/{report}/translation/", {"language": "es", **PARTS}),
    ("pdf", "get", "/input/reports/{report}/report.pdf", None),
    ("pdf", "post", "/input/reports/{report}/report.pdf", {}),
    ("my-list", "get", "/me/reports/", None),
    ("my-list", "post", "/me/reports/", {}),
    ("my-report", "get", "/me/reports/{report}/", None),
    ("my-report", "post", "/me/reports/{report}/", {}),
    ("my-pdf", "get", "/me/reports/{report}/report.pdf", None),
    ("my-pdf", "post", "/me/reports/{report}/report.pdf", {}),
    ("public-a", "get", "/you-said-we-did/{org_a}/", None),
    ("public-a", "post", "/you-said-we-did/{org_a}/", {}),
    ("public-a-report", "get", "/you-said-we-did/{org_a}/{report}/", None),
    ("public-b", "get", "/you-said-we-did/{org_b}/", None),
    ("public-b", "post", "/you-said-we-did/{org_b}/", {}),
    ("public-b-report", "get", "/you-said-we-did/{org_b}/{report_b}/", None),
    # B's report under A's address.
    ("public-b-report-as-a", "get", "/you-said-we-did/{org_a}/{report_b}/", None),
    ("send", "get", "/input/reports/{report}/send/", None),
    ("send", "post", "/input/reports/{report}/send/", {}),
]


def expected(who: str, name: str, method: str) -> int:
    if name.startswith("public"):
        if method == "post":
            return 405
        return 200 if name in {"public-b", "public-b-report"} else 404
    if who == "anon":
        return 302
    if name.startswith("my-"):
        if method == "post":
            return 405
        if name == "my-list":
            return 200
        return 200 if who == "expert" else 404
    if name == "pdf" and method == "post":
        return 405  # before anything is looked up: says nothing of the report
    # Staff pages of organisation A's report: its facilitator reads like a viewer; its finance
    # officer and its survivor advisor are refused; nobody outside A learns the report exists.
    if who in {"staff_b", "expert", "other_expert", "operator"}:
        return 404
    if who in {"finance_a", "advisor_a"}:
        return 403
    if name == "pdf":
        return 200
    manage = method == "post" or name in {"new", "translation", "send"}
    if manage and who not in MANAGERS:
        return 403
    if method == "get" and name in {"translation", "send"}:
        return 302  # to the report's page, where their forms are
    if method == "post":
        return 302
    return 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ALL_PEOPLE)
def test_report_url_matrix(client, more, who):
    world = more
    report = report_create(
        actor=world.staff_a, consultation=world.consultation, language="en", **PARTS
    )
    report_send(actor=world.staff_a, report=report)
    unsent = report_create(
        actor=world.staff_a, consultation=world.consultation, language="en", **PARTS
    )
    # Five people gave B input: enough for B's report to be on its public page.
    for n in range(4):
        person = make_expert(f"b{n}", f"B{n}")
        make_contribution(make_invitation(world.staff_b, world.consultation_b, person, accept=True))
    report_b = report_create(
        actor=world.staff_b, consultation=world.consultation_b, language="en", **PARTS
    )
    report_send(actor=world.staff_b, report=report_b)
    world.org_b.publishes_outcomes = True
    world.org_b.save()
    ids = {
        "consultation": world.consultation.pk,
        "report": report.pk,
        "unsent": unsent.pk,
        "report_b": report_b.pk,
        "org_a": world.org_a.pk,
        "org_b": world.org_b.pk,
    }
    login(client, world, who)
    got = []
    for name, method, path, data in CASES:
        url = path.format(**ids)
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        got.append((name, method, response.status_code))
    assert got == [(name, method, expected(who, name, method)) for name, method, _p, _d in CASES]


@pytest.mark.django_db
def test_the_other_expert_cannot_open_a_report_she_did_not_receive(client, world):
    report = report_create(
        actor=world.staff_a, consultation=world.consultation, language="en", **PARTS
    )
    report_send(actor=world.staff_a, report=report)
    client.force_login(world.other_expert.user)
    assert client.get(f"/me/reports/{report.pk}/").status_code == 404
    assert "What we heard." not in client.get("/me/reports/").content.decode()
    client.force_login(world.expert.user)
    assert "What we heard." in client.get(f"/me/reports/{report.pk}/").content.decode()


@pytest.mark.django_db
def test_staff_of_another_organisation_cannot_send_or_translate(client, world):
    report = report_create(
        actor=world.staff_a, consultation=world.consultation, language="en", **PARTS
    )
    client.force_login(world.staff_b)
    assert client.post(f"/input/reports/{report.pk}/send/").status_code == 404
    report.refresh_from_db()
    assert report.sent_at is None
    assert report.deliveries.count() == 0
