"""Every link a person is shown leads somewhere they may go.

For each role, start at the home page and follow every same-site link on every page reached
(GET only, as a person clicking would), on the demo data and on the test personas. A link that
answers 403 or 404 promises what the role cannot open.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

import pytest
from django.test import Client

from seat.accounts.models import User
from seat.tests.personas import verify_second_factor

# Not pages: leaving, and files served by whitenoise.
_SKIP_PREFIXES = ("/exit/", "/static/")
_MAX_PAGES = 150


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def crawl(client: Client) -> tuple[set[str], dict[str, tuple[int, str]]]:
    """Follow links from the home page. Returns the pages seen and the broken links, each with
    its status and the page that showed it."""
    seen: set[str] = {"/"}
    queue = ["/"]
    broken: dict[str, tuple[int, str]] = {}
    while queue and len(seen) < _MAX_PAGES:
        page = queue.pop(0)
        response = client.get(page, follow=True)
        if response.redirect_chain:
            page = response.redirect_chain[-1][0]
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            url = urldefrag(urljoin(page, href)).url
            parts = urlsplit(url)
            if parts.netloc and parts.netloc != "testserver":
                continue
            if parts.scheme not in ("", "http", "https"):
                continue  # tel: and the like call out; they are not pages of Seat
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            # "?next=" only says where to come back to: one visit per page is enough.
            query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "next"])
            key = parts.path + (f"?{query}" if query else "")
            if key in seen or path.startswith(_SKIP_PREFIXES):
                continue
            seen.add(key)
            status = client.get(path).status_code
            if status in (403, 404):
                broken[path] = (status, page)
            elif status == 200:
                queue.append(path)
    return seen, broken


@pytest.fixture(autouse=True)
def _no_pdf_rendering(monkeypatch):
    # A PDF link is checked like any other; drawing it is another test's job, and slow.
    monkeypatch.setattr("seat.assessment.report.results_pdf", lambda **kwargs: b"%PDF-1.7")


def signed_in(user: User) -> Client:
    client = Client()
    if user.memberships.filter(role="admin").exists():  # type: ignore[attr-defined]
        verify_second_factor(client, user)
    else:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_no_demo_role_is_shown_a_link_it_cannot_open():
    from seat.demo.data import demo_load

    demo_load()  # once for every role: it is the slow part
    broken_by_role = {}
    for username in ("demo-admin", "demo-staff", "demo-finance", "demo-facilitator", "demo-expert"):
        seen, broken = crawl(signed_in(User.objects.get(username=username)))
        assert len(seen) > 3, username  # the crawl did reach the role's pages
        # Organisation members find the second step; experts are not asked for one.
        assert ("/accounts/security/" in seen) == (username != "demo-expert"), username
        broken_by_role[username] = broken
    assert broken_by_role == {username: {} for username in broken_by_role}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin_a", "staff_a", "finance_a", "viewer_a", "expert"])
def test_no_persona_is_shown_a_link_it_cannot_open(world, persona):
    person = getattr(world, persona)
    user = person.user if persona == "expert" else person
    seen, broken = crawl(signed_in(user))
    assert broken == {}
    assert len(seen) > 3
    assert ("/accounts/security/" in seen) == (persona != "expert")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["facilitator", "member", "staff_a"])
def test_no_partner_persona_is_shown_a_link_it_cannot_open(world, partners, who):
    """Collective C's facilitator (her workspace, a request, members forwarded to and one to
    answer for), Nadia (an invitation her collective brought her) and the host's staff."""
    from seat.consultations.services import invitation_answer
    from seat.partners.services import invitation_forward

    mina, nadia = invitation_forward(
        actor=partners.facilitator,
        request=partners.request,
        experts=[partners.device_less, partners.member],
    )
    invitation_answer(actor=partners.member.user, invitation=nadia, accept=True)
    user = {
        "facilitator": partners.facilitator,
        "member": partners.member.user,
        "staff_a": world.staff_a,
    }[who]
    seen, broken = crawl(signed_in(user))
    assert broken == {}
    if who == "facilitator":
        assert f"/partners/requests/{partners.request.pk}/" in seen
        assert f"/partners/invitations/{mina.pk}/answer/" in seen
    if who == "member":
        assert f"/me/invitations/{nadia.pk}/" in seen
