"""The facilitator's members pages: who the collective's members are, profiles it keeps for
members without a device, consent said aloud in the member's language, and her own page."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.services import membership_grant
from seat.core.formats import format_moment
from seat.core.models import AuditEvent
from seat.partners.members import (
    MemberError,
    member_consent_record,
    member_get_for_user,
    member_profile_create,
    members_of,
)
from seat.people.enums import CONSENT_TEXT_VERSION
from seat.people.models import ConsentRecord, ExpertLink, ExpertProfile
from seat.people.services import consent_grant, expert_preferences_set
from seat.tests.personas import make_member, make_org, verify_second_factor

MEMBERS = "/partners/members/"
MEMBERS_QUERIES = 11
NEW = "/partners/members/new/"


def edit_url(expert) -> str:
    return f"/partners/members/{expert.pk}/"


def consent_url(expert) -> str:
    return f"/partners/members/{expert.pk}/consent/"


def profile_form(**overrides) -> dict:
    form = {
        "pseudonym": "Rupa",
        "languages": ["bn"],
        "expertise": "Recruitment fees",
        "meeting_preference": "in_person",
        "pay_preference": "cash",
        "form_key": str(uuid.uuid4()),
    }
    form.update(overrides)
    return form


def said_form(**overrides) -> dict:
    now = timezone.now().astimezone(datetime.UTC)
    form = {
        "purpose_participate": "given",
        "purpose_quote_anonymously": "given",
        "purpose_quote_pseudonym": "",
        "purpose_media": "withdrawn",
        "purpose_research": "",
        "channel": "verbal",
        "language": "bn",
        "said_on": now.date().isoformat(),
        "said_time": now.strftime("%H:%M"),
        "form_key": str(uuid.uuid4()),
    }
    form.update(overrides)
    return form


def cards(body: str) -> list[str]:
    """The member list's entries as text, one line each, without the labels every entry repeats."""
    labels = (
        "Languages",
        "Prefers to take part",
        "Prefers to be paid by",
        "Profile",
        "Consent now",
    )
    found = []
    for card in re.findall(r'<li class="card">(.*?)</li>', body, flags=re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", card).split())
        for label in labels:
            text = text.replace(f" {label} ", " | ", 1)
        found.append(text)
    return found


def rows(body: str) -> list[str]:
    """The member table's rows as text, one line each."""
    table = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in table.split("</tr>")
        if row.strip()
    ]


# The list ---------------------------------------------------------------------------------


def test_the_list_shows_her_organisations_members_only(client, world, partners):
    expert_preferences_set(
        actor=partners.member.user,
        expert=partners.member,
        meeting_preference="phone",
        pay_preference="mobile_money",
    )
    consent_grant(
        actor=partners.facilitator,
        expert=partners.device_less,
        purpose="participate",
        channel="verbal",
        language="bn",
    )
    consent_grant(actor=partners.member.user, expert=partners.member, purpose="research")
    consent_grant(actor=partners.member.user, expert=partners.member, purpose="participate")
    from seat.people.services import consent_withdraw

    consent_withdraw(actor=partners.member.user, expert=partners.member, purpose="research")
    client.force_login(partners.facilitator)
    body = client.get(MEMBERS).content.decode()
    assert cards(body) == [
        "Mina | বাংলা | – | – | No device: the collective keeps this profile | Yes take part. "
        "Consent said aloud by Mina",
        "Nadia | বাংলা , English | By phone call | Mobile money | Has an account | Yes take part. "
        "No research. Consent said aloud by Nadia",
    ]
    assert "Laila" not in body and "Collective D" not in body
    # Organisation A's experts are not the collective's members.
    assert "Tara" not in body


def test_a_facilitator_of_two_collectives_chooses(client, world, partners):
    second = make_org("Collective E", OrganisationKind.COLLECTIVE)
    membership_grant(
        actor=None, user=partners.facilitator, organisation=second, role=Role.FACILITATOR
    )
    client.force_login(partners.facilitator)
    # A fresh copy of the user: roles are read once per user object.
    facilitator = type(partners.facilitator).objects.get(pk=partners.facilitator.pk)
    member_profile_create(
        actor=facilitator, organisation=second, pseudonym="Shapla", languages=["bn"]
    )
    first_page = client.get(MEMBERS).content.decode()
    assert "Collective E" in first_page and "Shapla" not in first_page
    chosen = client.get(f"{MEMBERS}?organisation={second.pk}").content.decode()
    assert [r.split()[0] for r in cards(chosen)] == ["Shapla"]
    assert f'href="{NEW}?organisation={second.pk}"' in chosen
    # Another collective, or nonsense, in the address.
    other = partners.other_collective.pk
    assert client.get(f"{MEMBERS}?organisation={other}").status_code == 404
    assert client.get(f"{MEMBERS}?organisation=nonsense").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("anon", 302), ("staff_a", 403), ("admin_a", 403), ("expert", 403), ("member", 403)],
)
def test_the_list_is_for_facilitators_of_survivor_led_organisations(
    client, world, partners, who, status
):
    if who == "member":
        client.force_login(partners.member.user)
    elif who == "expert":
        client.force_login(world.expert.user)
    elif who == "admin_a":
        verify_second_factor(client, world.admin_a)
    elif who != "anon":
        client.force_login(getattr(world, who))
    response = client.get(MEMBERS)
    assert response.status_code == status
    if who == "anon":
        assert response["Location"].startswith("/accounts/login/")


def test_staff_of_a_collective_does_not_act_for_members(client, world, partners):
    viewer = make_member("viewer-c", partners.collective, Role.VIEWER)
    client.force_login(viewer)
    assert client.get(MEMBERS).status_code == 403
    assert client.get(f"{MEMBERS}?organisation={partners.collective.pk}").status_code == 403
    assert client.get(consent_url(partners.device_less)).status_code == 403


def test_the_list_keeps_its_query_count_as_members_grow(
    client, world, partners, django_assert_num_queries
):
    """One member, then five: the same queries. Session, user, second factor, roles, her
    organisations, how many members, one page of them, their consent ledgers, and what every
    page asks (unread messages, security notices, kept form drafts)."""
    collective = make_org("Collective E", OrganisationKind.COLLECTIVE)
    facilitator = make_member("facilitator-e", collective, Role.FACILITATOR)

    def add(name: str) -> None:
        made = member_profile_create(
            actor=facilitator,
            organisation=collective,
            pseudonym=name,
            languages=["bn", "en"],
            meeting_preference="in_person",
            pay_preference="cash",
        )
        consent_grant(
            actor=facilitator, expert=made, purpose="participate", channel="verbal", language="bn"
        )

    add("Shapla")
    client.force_login(facilitator)
    client.get(MEMBERS)
    with django_assert_num_queries(MEMBERS_QUERIES):
        body = client.get(MEMBERS).content.decode()
    assert len(cards(body)) == 1
    for n in range(4):
        add(f"Member {n}")
    with django_assert_num_queries(MEMBERS_QUERIES):
        body = client.get(MEMBERS).content.decode()
    assert [r.split(" | ")[0] for r in cards(body)] == [
        "Member 0",
        "Member 1",
        "Member 2",
        "Member 3",
        "Shapla",
    ]


def test_members_of_gives_languages_preferences_and_consent(world, partners):
    consent_grant(
        actor=partners.facilitator,
        expert=partners.device_less,
        purpose="participate",
        channel="verbal",
        language="bn",
    )
    found = {m.pseudonym: m for m in members_of(organisation=partners.collective)}
    assert list(found) == ["Mina", "Nadia"]
    mina = found["Mina"]
    assert (mina.has_account, mina.kept_by_organisation, mina.language_codes) == (
        False,
        True,
        ["bn"],
    )
    assert mina.consent == {
        "participate": True,
        "quote_anonymously": None,
        "quote_pseudonym": None,
        "media": None,
        "research": None,
    }
    assert mina.consent_is_given("participate") and not found["Nadia"].consent_is_given(
        "participate"
    )
    assert (found["Nadia"].has_account, found["Nadia"].kept_by_organisation) == (True, False)


# A profile for a member with no device --------------------------------------------------------


def test_a_facilitator_adds_a_member_who_has_no_phone(client, world, partners):
    client.force_login(partners.facilitator)
    page = client.get(NEW).content.decode()
    # Nothing that identifies her is asked.
    for field in ("legal_name", "phone", "email", "address"):
        assert f'name="{field}"' not in page
    assert "Never write what happened to her" in page
    response = client.post(NEW, profile_form(languages=["bn", "hi"]))
    rupa = ExpertProfile.objects.get(pseudonym="Rupa")
    assert response.status_code == 302
    assert response["Location"] == consent_url(rupa)
    assert (rupa.user, rupa.represented_by, rupa.languages, rupa.expertise) == (
        None,
        partners.collective,
        "bn,hi",
        "Recruitment fees",
    )
    assert (rupa.meeting_preference, rupa.pay_preference) == ("in_person", "cash")
    assert list(ExpertLink.objects.filter(expert=rupa).values_list("organisation", flat=True)) == [
        partners.collective.pk
    ]
    verbs = set(AuditEvent.objects.filter(object_id=str(rupa.pk)).values_list("verb", flat=True))
    assert verbs == {"expert.create", "expert.link", "member_profile.create"}
    made = AuditEvent.objects.get(verb="member_profile.create")
    assert (made.actor, made.detail) == (
        partners.facilitator,
        {"organisation": str(partners.collective.pk)},
    )


def test_the_same_form_twice_makes_one_profile(client, world, partners):
    client.force_login(partners.facilitator)
    form = profile_form()
    first = client.post(NEW, form)
    second = client.post(NEW, form)
    assert first["Location"] == second["Location"]
    assert ExpertProfile.objects.filter(pseudonym="Rupa").count() == 1


@pytest.mark.parametrize("name", ["nadia", " MINA ", "Nadia", "ÁNGELA  rosa", "ángela Rosa"])
def test_a_name_a_member_already_uses_is_refused(client, world, partners, name):
    member_profile_create(
        actor=partners.facilitator,
        organisation=partners.collective,
        pseudonym="Ángela Rosa",
        languages=["es"],
    )
    client.force_login(partners.facilitator)
    response = client.post(NEW, profile_form(pseudonym=name))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "pseudonym": [
            "Someone in your organisation already uses this name. Please choose another, for "
            "example with a letter or number after it."
        ]
    }
    assert ExpertProfile.objects.filter(links__organisation=partners.collective).count() == 3


def test_a_name_used_in_another_collective_is_free(client, world, partners):
    client.force_login(partners.facilitator)
    assert client.post(NEW, profile_form(pseudonym="Laila")).status_code == 302
    assert ExpertProfile.objects.filter(pseudonym="Laila").count() == 2


def test_bad_input_is_explained_and_nothing_is_saved(client, world, partners):
    client.force_login(partners.facilitator)
    before = ExpertProfile.objects.count()
    response = client.post(
        NEW,
        profile_form(pseudonym="", languages=[], meeting_preference="fax", pay_preference="gold"),
    )
    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == [
        "languages",
        "meeting_preference",
        "pay_preference",
        "pseudonym",
    ]
    assert response.context["form"].errors["languages"] == [
        "Choose at least one language she speaks."
    ]
    response = client.post(NEW, profile_form(languages=["xx"]))
    assert response.status_code == 200
    assert ExpertProfile.objects.count() == before


def test_the_expertise_field_is_checked_for_stigmatising_words(client, world, partners):
    client.force_login(partners.facilitator)
    response = client.post(NEW, profile_form(pseudonym="", expertise="Helping other victims"))
    form = response.context["form"]
    assert [f.text for f in form.terminology_findings["expertise"]] == ["victims"]


def test_another_organisation_cannot_add_members_to_the_collective(client, world, partners):
    client.force_login(partners.other_facilitator)
    url = f"{NEW}?organisation={partners.collective.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, profile_form()).status_code == 404
    client.force_login(world.staff_a)
    assert client.post(NEW, profile_form()).status_code == 403
    assert not ExpertProfile.objects.filter(pseudonym="Rupa").exists()
    with pytest.raises(PermissionDenied):
        member_profile_create(
            actor=world.staff_a, organisation=partners.collective, pseudonym="R", languages=["bn"]
        )


def test_a_kept_profile_is_edited_by_its_collective(client, world, partners):
    client.force_login(partners.facilitator)
    page = client.get(edit_url(partners.device_less)).content.decode()
    assert 'value="Mina"' in page
    response = client.post(
        edit_url(partners.device_less),
        profile_form(pseudonym="Mina B", languages=["bn", "ne"], pay_preference="voucher"),
    )
    assert response.status_code == 302
    partners.device_less.refresh_from_db()
    assert (
        partners.device_less.pseudonym,
        partners.device_less.languages,
        partners.device_less.pay_preference,
    ) == ("Mina B", "bn,ne", "voucher")
    event = AuditEvent.objects.get(verb="member_profile.update")
    assert event.detail["fields"] == [
        "expertise",
        "languages",
        "meeting_preference",
        "pay_preference",
        "pseudonym",
    ]
    # Another member's name is refused here too.
    response = client.post(edit_url(partners.device_less), profile_form(pseudonym="NADIA"))
    assert "pseudonym" in response.context["form"].errors


def test_a_member_with_an_account_keeps_her_preferences_her_own(client, world, partners):
    expert_preferences_set(
        actor=partners.member.user,
        expert=partners.member,
        meeting_preference="online",
        pay_preference="bank",
    )
    client.force_login(partners.facilitator)
    page = client.get(edit_url(partners.member)).content.decode()
    assert '<form method="post">' not in page.split("<main", 1)[1]
    assert "Online, in Seat" in page and "Bank transfer" in page
    assert "Nadia has her own account" in page
    response = client.post(edit_url(partners.member), profile_form(pseudonym="Renamed"))
    assert response.status_code == 403
    partners.member.refresh_from_db()
    assert partners.member.pseudonym == "Nadia"


@pytest.mark.parametrize("page", ["edit", "consent"])
def test_a_member_of_another_collective_does_not_exist_here(client, world, partners, page):
    url = {"edit": edit_url, "consent": consent_url}[page](partners.other_member)
    client.force_login(partners.facilitator)
    assert client.get(url).status_code == 404
    assert client.post(url, said_form()).status_code == 404
    client.force_login(world.staff_a)
    assert (
        client.get(
            {"edit": edit_url, "consent": consent_url}[page](partners.device_less)
        ).status_code
        == 404
    )
    client.logout()
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert not ConsentRecord.objects.filter(expert=partners.other_member).exists()


def test_host_staff_who_also_work_with_her_are_refused(client, world, partners):
    """A member may work with the host NGO too; its staff still do not act for her."""
    from seat.people.services import expert_link_record

    expert_link_record(actor=None, expert=partners.member, organisation=world.org_a)
    client.force_login(world.staff_a)
    assert client.get(consent_url(partners.member)).status_code == 403
    assert client.post(consent_url(partners.member), said_form()).status_code == 403
    assert not ConsentRecord.objects.filter(expert=partners.member).exists()


# Consent said aloud -----------------------------------------------------------------------


def test_the_wording_is_shown_in_her_language(client, world, partners):
    client.force_login(partners.facilitator)
    page = client.get(consent_url(partners.device_less)).content.decode()
    # Her first language by default, marked as such; the page itself stays in English.
    assert '<html lang="en"' in page
    assert '<div class="card" lang="bn" dir="ltr">' in page
    assert "অংশ নেওয়া ও আমার মতামত ব্যবহার করা" in page
    assert "যে সংস্থা জানতে চেয়েছে, সে আপনার কথা পড়তে" in page
    assert f"Wording version {CONSENT_TEXT_VERSION}." in page
    assert '<option value="bn" selected>' in page
    spanish = client.get(consent_url(partners.device_less) + "?language=es").content.decode()
    assert '<div class="card" lang="es" dir="ltr">' in spanish
    assert '<option value="es" selected>' in spanish
    english = client.get(consent_url(partners.device_less) + "?language=en").content.decode()
    assert "Take part and have my input used" in english.split('lang="en" dir="ltr">', 2)[2]


def test_a_language_seat_has_no_wording_in_is_said_plainly(client, world, partners, settings):
    # Nepali as it was before its catalog was complete: a language the picker does not offer.
    settings.LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != "ne"]
    client.force_login(partners.facilitator)
    member_profile_create(
        actor=partners.facilitator,
        organisation=partners.collective,
        pseudonym="Sita",
        languages=["ne"],
    )
    sita = ExpertProfile.objects.get(pseudonym="Sita")
    page = client.get(consent_url(sita) + "?language=xx").content.decode()
    assert "Seat does not have the wording in नेपाली yet." in page
    assert '<div class="card" lang="en" dir="ltr">' in page


def test_a_facilitator_writes_down_what_she_said(client, world, partners):
    client.force_login(partners.facilitator)
    mina = partners.device_less
    said_at = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=1)
    if said_at < mina.created_at.replace(second=0, microsecond=0):
        said_at = mina.created_at.replace(second=0, microsecond=0)
    response = client.post(
        consent_url(mina),
        said_form(
            said_on=said_at.date().isoformat(),
            said_time=said_at.strftime("%H:%M"),
            channel="phone",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == consent_url(mina) + "?language=bn"
    records = list(
        ConsentRecord.objects.filter(expert=mina)
        .order_by("purpose")
        .values_list(
            "purpose", "given", "channel", "language", "witness", "given_at", "text_version"
        )
    )
    assert records == [
        ("media", False, "phone", "bn", partners.facilitator.pk, said_at, CONSENT_TEXT_VERSION),
        (
            "participate",
            True,
            "phone",
            "bn",
            partners.facilitator.pk,
            said_at,
            CONSENT_TEXT_VERSION,
        ),
        (
            "quote_anonymously",
            True,
            "phone",
            "bn",
            partners.facilitator.pk,
            said_at,
            CONSENT_TEXT_VERSION,
        ),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Written down: 3 answers from Mina, witnessed by you." in page
    assert page.count("Said on a phone call to facilitator-c") == 3
    said = " ".join(format_moment(said_at).split())
    history = rows(page.split('<h2 id="history">History</h2>', 1)[1])
    how = f"Said on a phone call to facilitator-c বাংলা {CONSENT_TEXT_VERSION} {said}"
    assert sorted(row.split(" (UTC) ")[0] for row in history) == [
        f"Quote my words without any name Given {how}",
        f"Share my words with journalists or the media Withdrawn {how}",
        f"Take part and have my input used Given {how}",
    ]
    # The list says so at once.
    assert "Yes take part, quote without a name. No media." in " ".join(
        cards(client.get(MEMBERS).content.decode())
    )


def test_withdrawing_works_the_same_way(client, world, partners):
    client.force_login(partners.facilitator)
    mina = partners.device_less
    client.post(consent_url(mina), said_form())
    client.post(
        consent_url(mina),
        said_form(
            purpose_participate="withdrawn",
            purpose_quote_anonymously="",
            purpose_media="",
        ),
    )
    member = member_get_for_user(user=partners.facilitator, expert_id=mina.pk)
    assert member.consent == {
        "participate": False,
        "quote_anonymously": True,
        "quote_pseudonym": None,
        "media": False,
        "research": None,
    }
    assert ConsentRecord.objects.filter(expert=mina).count() == 4


def test_the_same_consent_form_twice_is_written_once(client, world, partners):
    client.force_login(partners.facilitator)
    form = said_form()
    client.post(consent_url(partners.device_less), form)
    client.post(consent_url(partners.device_less), form)
    assert ConsentRecord.objects.filter(expert=partners.device_less).count() == 3


def test_when_she_said_it_is_checked(client, world, partners):
    client.force_login(partners.facilitator)
    url = consent_url(partners.device_less)
    future = timezone.now() + datetime.timedelta(hours=2)
    response = client.post(
        url, said_form(said_on=future.date().isoformat(), said_time=future.strftime("%H:%M"))
    )
    assert response.context["form"].errors == {
        "said_on": ["That moment is in the future. Write when she said it."]
    }
    before = partners.device_less.created_at - datetime.timedelta(days=3)
    response = client.post(
        url, said_form(said_on=before.date().isoformat(), said_time=before.strftime("%H:%M"))
    )
    assert (
        response.context["form"]
        .errors["said_on"][0]
        .startswith("That is before her profile was made in Seat")
    )
    response = client.post(
        url,
        said_form(
            purpose_participate="",
            purpose_quote_anonymously="",
            purpose_media="",
            said_time="25:99",
            channel="web",
        ),
    )
    errors = response.context["form"].errors
    assert sorted(errors) == ["channel", "said_time"]
    response = client.post(
        url, said_form(purpose_participate="", purpose_quote_anonymously="", purpose_media="")
    )
    assert response.context["form"].errors == {
        "__all__": ["Choose what she said for at least one purpose."]
    }
    assert not ConsentRecord.objects.filter(expert=partners.device_less).exists()


def test_the_service_refuses_what_the_form_would(world, partners):
    member = member_get_for_user(user=partners.facilitator, expert_id=partners.device_less.pk)
    now = timezone.now()
    with pytest.raises(MemberError):
        member_consent_record(
            actor=partners.facilitator,
            member=member,
            answers={"participate": "given"},
            channel="web",
            language="bn",
            said_at=now,
        )
    with pytest.raises(MemberError):
        member_consent_record(
            actor=partners.facilitator,
            member=member,
            answers={"nonsense": "given"},
            channel="verbal",
            language="bn",
            said_at=now,
        )
    with pytest.raises(PermissionDenied):
        member_consent_record(
            actor=partners.other_facilitator,
            member=member,
            answers={"participate": "given"},
            channel="verbal",
            language="bn",
            said_at=now,
        )
    assert not ConsentRecord.objects.filter(expert=partners.device_less).exists()


def test_she_sees_consent_she_said_aloud_on_her_own_page_and_can_withdraw(client, world, partners):
    partners.facilitator.display_name = "Nasrin"
    partners.facilitator.save()
    client.force_login(partners.facilitator)
    assert client.post(consent_url(partners.member), said_form(language="en")).status_code == 302
    client.force_login(partners.member.user)
    page = client.get("/me/consent/").content.decode()
    today = timezone.now()
    from seat.core.formats import format_day

    assert f"You said yes aloud to Nasrin on {format_day(today)}." in page
    assert f"You said no aloud to Nasrin on {format_day(today)}." in page
    # She takes it back online herself.
    client.post("/me/consent/", {"purpose": "participate", "given": "0"})
    page = client.get("/me/consent/").content.decode()
    assert page.count("You said yes aloud to Nasrin") == 1
    member = member_get_for_user(user=partners.facilitator, expert_id=partners.member.pk)
    assert member.consent["participate"] is False
    history = client.get(consent_url(partners.member))
    assert history.status_code == 404  # her collective's pages are not hers
    client.force_login(partners.facilitator)
    assert "Given online by her" in client.get(consent_url(partners.member)).content.decode()


# Her own preferences ------------------------------------------------------------------------


def test_she_sets_her_own_preferences_and_her_collective_sees_them(client, world, partners):
    client.force_login(partners.member.user)
    page = client.get("/me/private-details/").content.decode()
    assert 'action="/me/preferences/"' in page
    response = client.post(
        "/me/preferences/", {"meeting_preference": "phone", "pay_preference": "mobile_money"}
    )
    assert response["Location"] == "/me/private-details/"
    partners.member.refresh_from_db()
    assert (partners.member.meeting_preference, partners.member.pay_preference) == (
        "phone",
        "mobile_money",
    )
    assert AuditEvent.objects.filter(verb="expert.preferences").count() == 1
    assert client.post("/me/preferences/", {"meeting_preference": "fax"}).status_code == 302
    partners.member.refresh_from_db()
    assert partners.member.meeting_preference == "phone"
    client.force_login(partners.facilitator)
    nadia = [r for r in cards(client.get(MEMBERS).content.decode()) if r.startswith("Nadia")]
    assert "| By phone call | Mobile money |" in nadia[0]


def test_nobody_else_sets_her_preferences(client, world, partners):
    client.force_login(partners.facilitator)
    response = client.post("/me/preferences/", {"meeting_preference": "phone"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        expert_preferences_set(
            actor=partners.facilitator,
            expert=partners.member,
            meeting_preference="phone",
            pay_preference="",
        )


def test_a_long_list_comes_in_pages(client, world, partners, settings):
    from seat.partners import members as members_module

    members_module.MEMBERS_PER_PAGE = 1
    try:
        client.force_login(partners.facilitator)
        first = client.get(MEMBERS).content.decode()
        second = client.get(f"{MEMBERS}?organisation={partners.collective.pk}&page=2")
        second_body = second.content.decode()
        beyond = client.get(f"{MEMBERS}?page=99").content.decode()
    finally:
        members_module.MEMBERS_PER_PAGE = 50
    assert [r.split()[0] for r in cards(first)] == ["Mina"]
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert [r.split()[0] for r in cards(second_body)] == ["Nadia"]
    assert 'rel="prev"' in second_body and 'rel="next"' not in second_body
    assert [r.split()[0] for r in cards(beyond)] == ["Nadia"]
