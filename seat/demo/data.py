"""Realistic, multilingual demo data, written through the same services the product uses.

The people, organisations and places are invented.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from seat.accountability.enums import Outcome
from seat.accountability.models import Response
from seat.accountability.services import QuestionAnswer, response_record, response_relay
from seat.accounts.enums import OrganisationKind, Role
from seat.accounts.models import Organisation, User
from seat.accounts.services import membership_grant, user_create
from seat.compensation.models import PaymentLine
from seat.compensation.services import (
    payment_approve,
    payment_pass_on,
    payment_pay,
    payment_record,
)
from seat.consultations import services as loop
from seat.consultations.enums import (
    Attribution,
    EngagementMethod,
    Influence,
    MaterialState,
    PayMethod,
    PayUnit,
    Stage,
)
from seat.consultations.models import Consultation, Contribution, Invitation, Project
from seat.consultations.plans import engagement_plan_create
from seat.consultations.translations import translation_save
from seat.core.onetime import code_digest
from seat.councils.demo import demo_councils
from seat.demo.assessment import demo_assessment
from seat.demo.ladder import demo_ladder
from seat.demo.outcomes import demo_outcome_reports, demo_village_report
from seat.demo.pay import demo_advisor_rounds_dated, demo_pay, demo_rate_cards
from seat.demo.responses import demo_awaiting_responses
from seat.insights.summaries import figures_rebuild
from seat.notifications.models import Notification
from seat.notifications.services import contact_choice_update
from seat.opportunities.demo import demo_opportunities
from seat.partners.captures import ParticipantInput, capture_record
from seat.partners.collective import collective_contribution_submit
from seat.partners.enums import CollectivePay, SessionKind
from seat.partners.members import (
    GIVEN,
    member_consent_record,
    member_get_for_user,
    member_profile_create,
)
from seat.partners.models import Capture, PartnerRequest
from seat.partners.services import (
    invitation_answer_for_member,
    invitation_forward,
    partner_request_create,
    partner_request_decide,
)
from seat.people.diversity import diversity_save
from seat.people.enums import ConsentChannel, ConsentPurpose, MeetingPreference
from seat.people.models import ConsentRecord, ExpertLink, ExpertProfile
from seat.people.services import expert_create, expert_link_add, join_code_create

DEMO_PASSWORD = "seat-demo"  # noqa: S105 - published on purpose; demo mode listens on loopback only
DEMO_ACCOUNTS = [
    ("demo-admin", "Administrator of Bridgeway (an NGO)"),
    ("demo-staff", "Programme staff at Bridgeway"),
    ("demo-finance", "Finance officer at Bridgeway"),
    ("demo-facilitator", "Facilitator at Amar Kantha, a survivor-led collective"),
    ("demo-expert", "Survivor expert “Tara”"),
]

# How Rosa describes herself, in her own words (demo): only she ever reads it.
ROSA_WORDS = "Mis palabras, solo para mí"

# Joba's basic phone (demo): Amar Kantha keeps her profile, and she takes part by text message.
JOBA_PHONE = "+880 1711 555 027"

# Identifying strings the encryption-at-rest test looks for in a raw dump of the database.
DEMO_IDENTIFYING_STRINGS = [
    "Tahmina Akter Rahman",
    "+880 1711 555 013",
    JOBA_PHONE,
    "tahmina.rahman@example.org",
    "bKash 01711-555013",
    "Sonali Bank 0012-3456789",
    "Rosa Elena Quispe",
    "+51 987 654 321",
    "Mitali Devi Sharma",
    ROSA_WORDS,
]


def demo_loaded() -> bool:
    return User.objects.filter(username="demo-admin").exists()


@transaction.atomic
def demo_load() -> bool:
    """Load the demo once; returns False when it was already there."""
    if demo_loaded():
        return False
    today = timezone.localdate()

    ngo = Organisation.objects.create(
        name="Bridgeway Anti-Trafficking Network",
        kind=OrganisationKind.NGO,
        country="BD",
        default_currency="BDT",
    )
    collective = Organisation.objects.create(
        name="Amar Kantha Survivor Collective",
        kind=OrganisationKind.SURVIVOR_LED,
        country="BD",
        default_currency="BDT",
        languages="bn,en",
    )
    ministry = Organisation.objects.create(
        name="Ministry of Labour, Anti-Trafficking Unit",
        kind=OrganisationKind.GOVERNMENT,
        country="PE",
        default_currency="USD",
    )

    def member(username: str, name: str, organisation: Organisation, role: str) -> User:
        user = user_create(username=username, password=DEMO_PASSWORD, display_name=name)
        membership_grant(actor=None, user=user, organisation=organisation, role=role)
        return user

    admin = member("demo-admin", "Farhana (admin)", ngo, Role.ADMIN)
    staff = member("demo-staff", "Imran (programmes)", ngo, Role.STAFF)
    member("demo-finance", "Shirin (finance)", ngo, Role.FINANCE)
    facilitator = member("demo-facilitator", "Nasrin (facilitator)", collective, Role.FACILITATOR)
    ministry_staff = member("ministry-staff", "Lucía (policy)", ministry, Role.STAFF)

    tara = expert_create(
        user=user_create(username="demo-expert", password=DEMO_PASSWORD),
        pseudonym="Tara",
        languages="bn,en",
        expertise="Recruitment agencies, domestic work in the Gulf, returnee support",
        represented_by=collective,
        identity={
            "legal_name": "Tahmina Akter Rahman",
            "phone": "+880 1711 555 013",
            "email": "tahmina.rahman@example.org",
            "mobile_money_number": "bKash 01711-555013",
            "bank_account": "Sonali Bank 0012-3456789",
        },
    )
    # Tara chose to hear of new messages by e-mail too: `seat demo` prints them (console backend).
    contact_choice_update(
        user=tara.user,  # type: ignore[arg-type]
        by_email=True,
        by_sms=False,
        email="tahmina.rahman@example.org",
        phone="+880 1711 555 013",
    )
    rosa = expert_create(
        user=user_create(username="expert-rosa", password=None),
        pseudonym="Rosa",
        languages="es",
        expertise="Trabajo agrícola, intermediarios laborales, acceso a la justicia",
        identity={"legal_name": "Rosa Elena Quispe", "phone": "+51 987 654 321"},
    )
    mitra = expert_create(
        user=user_create(username="expert-mitra", password=None),
        pseudonym="Mitra",
        languages="bn,hi",
        expertise="Shelter services, peer support, training police officers",
        represented_by=collective,
        identity={"legal_name": "Mitali Devi Sharma"},
    )
    sokha = expert_create(
        user=user_create(username="expert-sokha", password=None),
        pseudonym="Sokha",
        languages="km,en",
        expertise="Fishing industry, labour inspection",
    )
    nadia = expert_create(
        user=user_create(username="expert-nadia", password=None),
        pseudonym="Nadia",
        languages="bn,en",
        expertise="Garment factories, wage theft, organising returnee women",
        represented_by=collective,
    )

    def bring_in(actor: User, organisation: Organisation, *experts: ExpertProfile) -> None:
        """As the product does: the organisation makes a joining code for each person, and she
        enters it on her own page ("Organisations I work with")."""
        for expert in experts:
            _code, shown = join_code_create(actor=actor, organisation=organisation)
            assert expert.user is not None
            expert_link_add(actor=expert.user, expert=expert, digest=code_digest(shown))

    bring_in(staff, ngo, tara, rosa, mitra, sokha, nadia)
    # Some work with more than one organisation; none of them sees the others.
    bring_in(facilitator, collective, tara, mitra, nadia)
    bring_in(ministry_staff, ministry, rosa)
    # A few chose to say how they describe themselves (only they see it; organisations of this
    # size see "too few people to show this safely").
    for answering, said in (
        (tara, {"gender": "woman", "age_band": "25_34", "origin": "BD", "exploitation": "labour"}),
        (rosa, {"origin": "PE", "orientation": "self_described", "orientation_words": ROSA_WORDS}),
        (mitra, {"gender": "woman", "disability": "yes"}),
    ):
        diversity_save(actor=answering.user, expert=answering, answers=said)

    project = loop.project_create(
        actor=staff,
        organisation=ngo,
        title="Safe recruitment for migrant domestic workers",
        summary="Pre-departure information and a complaints line for women going abroad to work.",
        stage=Stage.DESIGN,
    )
    common: dict[str, Any] = {
        "actor": staff,
        "project": project,
        "text_language": "en",
        "expected_hours": Decimal("2.0"),
        "pay_unit": PayUnit.HOUR,
        "currency": "BDT",
        "expenses_covered": True,
        "expenses_how": (
            "Keep your bus or rickshaw tickets and your childcare receipt. Shirin pays them back "
            "in cash at the session, or by bKash with your pay."
        ),
        "pay_within_days": 14,
        "pay_method": PayMethod.MOBILE_MONEY,
        "interpretation": True,
        "support_name": "Amar Kantha peer line: ask for Shirin (Bangla)",
        "support_phone": "+880 9612-000111",
        "support_hours": "Every day 10:00–18:00 Dhaka time",
    }
    open_consultation = loop.consultation_create(
        **common,
        title="What should the pre-departure sessions cover?",
        purpose=(
            "We are designing information sessions for women before they travel for work. "
            "Your advice will decide the topics and who runs the sessions."
        ),
        plain_summary=(
            "We want to help women before they go abroad for work. Tell us what they should "
            "learn, and who should teach them. You are paid for your time."
        ),
        stage=Stage.DESIGN,
        material_state=MaterialState.CONCEPT,
        influence=Influence.COLLABORATE,
        opens_on=today,
        deadline=today + datetime.timedelta(days=21),
        pay_rate=Decimal("600.00"),
        languages="bn,en",
        questions=[
            "Which warning signs about a job offer should every session explain?",
            "Who should run the sessions, and where should they take place?",
            "What would make it easier for women to ask for help while abroad?",
        ],
    )
    # Offered in Bengali and English, written in English: staff enter the Bengali text, so Tara,
    # reading Seat in Bengali, reads the invitation and the questions in Bengali.
    translation_save(
        actor=staff,
        consultation=open_consultation,
        language="bn",
        title="বিদেশ যাওয়ার আগের সেশনগুলোতে কী থাকা উচিত?",
        purpose=(
            "কাজের জন্য বিদেশ যাওয়ার আগে নারীদের জন্য আমরা তথ্য-সেশন তৈরি করছি। আপনার মতামতেই "
            "ঠিক হবে কোন বিষয়গুলো থাকবে এবং কারা সেশনগুলো চালাবেন।"
        ),
        plain_summary=(
            "কাজের জন্য বিদেশ যাওয়ার আগে আমরা নারীদের সাহায্য করতে চাই। তাঁদের কী জানা দরকার আর কে "
            "শেখাবেন, তা আমাদের বলুন। আপনার সময়ের জন্য আপনি টাকা পাবেন।"
        ),
        content_note="",
        questions=[
            "কাজের প্রস্তাবের কোন সতর্ক-সংকেতগুলো প্রতিটি সেশনে বোঝানো উচিত?",
            "কারা সেশনগুলো চালাবেন, আর সেগুলো কোথায় হবে?",
            "বিদেশে থাকার সময় নারীদের সাহায্য চাওয়া কীভাবে সহজ করা যায়?",
        ],
    )
    loop.consultation_publish(actor=staff, consultation=open_consultation)
    # Tara also takes part by text message, in Bengali: the invitation below reaches her phone
    # too (printed by the console backend), and `seat sms-simulate --from "+880 1711 555 013"
    # HELP` answers as her phone would (README, "Taking part by SMS").
    from seat.sms.services import sms_contact_enrol

    sms_contact_enrol(
        actor=tara.user,  # type: ignore[arg-type]
        expert=tara,
        phone="+880 1711 555 013",
        language="bn",
    )
    loop.invitations_send(actor=staff, consultation=open_consultation, experts=[tara, rosa])

    earlier = loop.consultation_create(
        **common,
        title="Complaints line: opening hours and languages",
        purpose="The complaints line starts next year. We want to set its hours and languages with you.",
        stage=Stage.DESIGN,
        material_state=MaterialState.EARLY_DRAFT,
        influence=Influence.INVOLVE,
        opens_on=today,
        deadline=today + datetime.timedelta(days=30),
        pay_rate=Decimal("600.00"),
        languages="bn,hi,en",
        questions=[
            "At what times of day could workers abroad safely call?",
            "Which languages must the line answer in?",
        ],
    )
    loop.consultation_publish(actor=staff, consultation=earlier)
    loop.invitations_send(actor=staff, consultation=earlier, experts=[tara, mitra, nadia, sokha])
    answers = {
        tara: (
            Attribution.PSEUDONYM,
            [
                "Late evening in the Gulf, after the employer's family sleeps. Also Friday mornings.",
                "Bangla first, and Hindi. A recorded message in Sylheti would help many women.",
            ],
            "partly_adopted",
            "We will open 20:00–01:00 Gulf time and on Fridays. Sylheti needs a second funder; we "
            "have applied and will tell you the answer in March.",
        ),
        mitra: (
            Attribution.ANONYMOUS,
            ["Any time, if calls are free and do not show on the phone bill.", "Bangla and Hindi."],
            "adopted",
            "Calls will be free through a toll-free number that does not appear on bills.",
        ),
        # Three people gave input without a name, enough for it to be shown (SEAT_MIN_GROUP_SIZE).
        nadia: (
            Attribution.NOT_QUOTED,
            [
                "Sunday mornings, when the supervisor is at church and phones are not checked.",
                "Bangla, and a person who answers, not a machine: many women cannot read menus.",
            ],
            "partly_adopted",
            "A person will answer every call in Bangla. Sunday mornings are added; we could not "
            "fund a second person for Hindi yet.",
        ),
        sokha: (
            Attribution.ANONYMOUS,
            [
                "Workers on boats have signal only near port: a text message line would reach them.",
                "English and Khmer, for the men on the fishing boats who share the same agents.",
            ],
            "not_adopted",
            "This line is for domestic workers in the Gulf this year; we passed the idea of a text "
            "line for fishers to the labour ministry and will share its answer.",
        ),
    }
    for expert, (attribution, texts, outcome, reason) in answers.items():
        invitation = Invitation.objects.get(consultation=earlier, expert=expert)
        person = expert.user
        assert person is not None  # every demo expert has a login
        invitation = loop.invitation_answer(actor=person, invitation=invitation, accept=True)
        questions = list(earlier.questions.all())
        contribution = loop.contribution_submit(
            actor=person,
            invitation=invitation,
            answers={str(q.pk): text for q, text in zip(questions, texts, strict=True)},
            attribution=attribution,
            idempotency_key=uuid.uuid4(),
        )
        response_record(
            actor=staff,
            contribution=contribution,
            outcome=outcome,
            reason=reason,
            # Tara's two answers had different fates: each is answered apart too.
            per_question=[
                QuestionAnswer(
                    questions[0],
                    Outcome.ADOPTED,
                    "The line opens 20:00–01:00 Gulf time and on Friday mornings from next month.",
                ),
                QuestionAnswer(
                    questions[1],
                    Outcome.UNDER_CONSIDERATION,
                    "Sylheti needs a "
                    "second funder. We applied in January and will tell you in March.",
                ),
            ]
            if expert is tara
            else [],
        )
        line = payment_record(
            actor=staff,
            contribution=contribution,
            units=Decimal("2"),
            unit=PayUnit.HOUR,
            rate=Decimal("600.00"),
            expenses_travel=Decimal("150.00"),
            currency="BDT",
        )
        if expert is mitra:
            line = payment_approve(actor=admin, payment=line)
            payment_pay(
                actor=_finance_officer(),
                payment=line,
                method=PayMethod.MOBILE_MONEY,
                reference="BK-2611-0042",
            )

    # That consultation ran two months ago: close it as staff would have, and date it so.
    loop.consultation_close(actor=staff, consultation=earlier)
    _as_if_it_ran_earlier(
        earlier,
        opens_on=today - datetime.timedelta(days=60),
        deadline=today - datetime.timedelta(days=30),
    )
    # Its responses are recorded: the report on what came of it, sent to the four who took part.
    demo_outcome_reports(organisation=ngo, staff=staff, consultation=earlier)
    demo_awaiting_responses(
        common=common,
        staff=staff,
        today=today,
        overdue_from=(nadia, sokha),
        open_consultation=open_consultation,
        not_due_from=rosa,
        as_if_it_ran_earlier=_as_if_it_ran_earlier,
    )
    _demo_partners(
        project=project,
        common=common,
        admin=admin,
        staff=staff,
        facilitator=facilitator,
        collective=collective,
        today=today,
        forwarded=(open_consultation, [mitra, nadia]),
    )
    demo_village_report(
        staff=staff,
        consultation=Consultation.objects.get(
            project=project, title="Pre-departure sessions in villages: where and when?"
        ),
    )
    _demo_stages(
        project=project, common=common, admin=admin, staff=staff, today=today, invite=[mitra, nadia]
    )
    _demo_late_project(
        organisation=ngo, common=common, staff=staff, today=today, invite=[tara, nadia]
    )
    demo_rate_cards(organisation=ngo, admin=admin)
    demo_assessment(
        organisation=ngo,
        admin=admin,
        staff=staff,
        advisors=[tara.user, mitra.user, nadia.user, sokha.user],  # type: ignore[list-item]
    )
    demo_advisor_rounds_dated(organisation=ngo, admin=admin, finance=_finance_officer())
    demo_pay(
        organisation=ngo,
        ministry=ministry,
        admin=admin,
        staff=staff,
        finance=_finance_officer(),
        ministry_staff=ministry_staff,
        tara=tara,
        rosa=rosa,
        mitra=mitra,
        today=today,
    )
    demo_opportunities(
        ngo=ngo,
        ngo_staff=staff,
        ministry=ministry,
        ministry_staff=ministry_staff,
        applicant=tara,
        today=today,
    )
    demo_councils(
        ministry=ministry,
        ministry_staff=ministry_staff,
        tara=tara,
        rosa=rosa,
        mitra=mitra,
        sokha=sokha,
        nadia=nadia,
        today=today,
    )
    demo_ladder(
        collective=collective,
        ministry=ministry,
        ministry_staff=ministry_staff,
        members=[mitra, nadia],
        rosa=rosa,
        today=today,
        as_if_it_ran_earlier=_as_if_it_ran_earlier,
    )
    # Dates were moved into the past by queryset updates, which no summary hears of.
    figures_rebuild()
    return True


def _demo_partners(
    *,
    project: Project,
    common: dict[str, Any],
    admin: User,
    staff: User,
    facilitator: User,
    collective: Organisation,
    today: datetime.date,
    forwarded: tuple[Consultation, list[ExpertProfile]],
) -> None:
    """Issue 10's story at Amar Kantha: three members without a phone, whose profiles the
    collective keeps (Bengali); a consultation Bridgeway asked the collective to bring to its
    members, which Nasrin accepted; a focus group she wrote down in person, each member's
    consent said aloud; the collective's own contribution for the eight members who met; all of
    it paid through the collective (Bridgeway paid, Amar Kantha passed it on, to each member her
    share) and answered (Bridgeway responded, Nasrin told each member in Bengali). It ran six
    weeks ago. Today Nasrin wrote down that two of them also agreed, aloud, to be quoted without
    a name, and Bridgeway asked the collective to bring its open consultation to members too:
    Nasrin invited Mitra and Nadia (they answer in Seat) and Rupa, who said yes when Nasrin read
    it to her. Joba has a basic phone without internet: Nasrin put her number on file (Joba read
    her the code Seat texted to it) and invited her too, so it reaches her by text message."""
    members = [
        member_profile_create(
            actor=facilitator,
            organisation=collective,
            pseudonym=name,
            languages=["bn"],
            expertise=expertise,
            meeting_preference=MeetingPreference.IN_PERSON,
            pay_preference=PayMethod.CASH,
        )
        for name, expertise in [
            ("Rupa", "Brick kilns, debt bondage, returning to the village"),
            ("Joba", "Domestic work in the Gulf, recruitment agents"),
            ("Hena", "Garment work, wage theft"),
        ]
    ]
    villages = loop.consultation_create(
        **common,
        title="Pre-departure sessions in villages: where and when?",
        purpose=(
            "Many women leave from villages without a phone signal. We want to hold the "
            "pre-departure sessions where and when they can come. Your advice decides the places "
            "and the times."
        ),
        stage=Stage.DESIGN,
        material_state=MaterialState.CONCEPT,
        influence=Influence.COLLABORATE,
        opens_on=today,
        deadline=today + datetime.timedelta(days=30),
        pay_rate=Decimal("600.00"),
        languages="bn,en",
        questions=[
            "Where in your village could women meet safely for a session?",
            "At what time of day could they come without being questioned at home?",
        ],
    )
    translation_save(
        actor=staff,
        consultation=villages,
        language="bn",
        title="গ্রামে বিদেশ যাওয়ার আগের সেশন: কোথায় ও কখন?",
        purpose=(
            "অনেক নারী এমন গ্রাম থেকে রওনা দেন যেখানে ফোনের নেটওয়ার্ক নেই। আমরা এমন জায়গায় ও "
            "সময়ে সেশন করতে চাই, যখন তাঁরা আসতে পারেন। আপনার মতামতেই ঠিক হবে জায়গা আর সময়।"
        ),
        content_note="",
        questions=[
            "আপনার গ্রামে নারীরা কোথায় নিরাপদে একটি সেশনে একসাথে বসতে পারেন?",
            "দিনের কোন সময়ে তাঁরা বাড়িতে প্রশ্নের মুখে না পড়ে আসতে পারেন?",
        ],
    )
    loop.consultation_publish(actor=staff, consultation=villages)
    asked = partner_request_create(
        actor=staff,
        consultation=villages,
        partner=collective,
        collective_pay=CollectivePay.PER_MEMBER,
    )
    asked = partner_request_decide(actor=facilitator, request=asked, accept=True)
    where, when = (str(q.pk) for q in villages.questions.all())
    said = [
        (
            members[0],
            Attribution.PSEUDONYM,
            {ConsentPurpose.PARTICIPATE: True, ConsentPurpose.QUOTE_PSEUDONYM: True},
            "The school veranda after the children leave. Everyone can see it is a meeting, "
            "so nobody's husband thinks she is hiding.",
            "After the noon meal, when the men are at the kiln.",
        ),
        (
            members[1],
            Attribution.ANONYMOUS,
            {ConsentPurpose.PARTICIPATE: True, ConsentPurpose.QUOTE_ANONYMOUSLY: True},
            "The health worker's yard. Women go there anyway, so nobody asks why.",
            "Mid-morning on market day.",
        ),
        (
            members[2],
            Attribution.NOT_QUOTED,
            {ConsentPurpose.PARTICIPATE: True},
            "Not at the union office: the agents sit there.",
            "Friday afternoon.",
        ),
    ]
    capture_record(
        actor=facilitator,
        request=asked,
        idempotency_key=uuid.uuid4(),
        kind=SessionKind.FOCUS_GROUP,
        held_on=today,
        place="Jashore",
        participants=[
            ParticipantInput(
                expert_id=member.pk,
                attribution=attribution,
                answers={where: place, when: time},
                consents={str(purpose): yes for purpose, yes in consents.items()},
                language="bn",
            )
            for member, attribution, consents, place, time in said
        ],
    )
    together = collective_contribution_submit(
        actor=facilitator,
        request=asked,
        members_count=8,
        answers={
            where: (
                "Eight of us met at our office. Hold the sessions where women already go: the "
                "health worker's yard, the school, the women's savings group. Never at the union "
                "office, where the recruitment agents wait."
            ),
            when: (
                "In the afternoon, after the noon meal, and never on the day the agent's van "
                "comes. Ask the savings group leader: she knows which days are safe."
            ),
        },
        attribution=Attribution.PSEUDONYM,
        idempotency_key=uuid.uuid4(),
    )
    reasons = {
        together.pk: (
            Outcome.ADOPTED,
            "Every session will be in the health worker's yard or the school, in the afternoon. "
            "The savings group leaders will choose the days with us.",
        ),
    }
    for contribution in villages.contributions.exclude(pk=together.pk):
        reasons[contribution.pk] = (
            Outcome.PARTLY_ADOPTED,
            "We will meet at the school and the health worker's yard, in the afternoon. We "
            "cannot run sessions on Fridays yet: the trainers are not free that day.",
        )
    for contribution in villages.contributions.all():
        outcome, reason = reasons[contribution.pk]
        line = payment_record(
            actor=staff,
            contribution=contribution,
            units=Decimal("2") * (contribution.members_count or 1),
            unit=PayUnit.HOUR,
            rate=Decimal("600.00"),
            expenses_travel=Decimal("0") if contribution.expert is None else Decimal("150.00"),
            currency="BDT",
        )
        line = payment_approve(actor=admin, payment=line)
        line = payment_pay(
            actor=_finance_officer(), payment=line, method=PayMethod.CASH, reference=""
        )
        payment_pass_on(actor=facilitator, payment=line, members_count=line.members_count)
        response = response_record(
            actor=staff, contribution=contribution, outcome=outcome, reason=reason
        )
        response_relay(actor=facilitator, response=response)
    loop.consultation_close(actor=staff, consultation=villages)
    _as_if_it_ran_earlier(
        villages,
        opens_on=today - datetime.timedelta(days=50),
        deadline=today - datetime.timedelta(days=20),
    )
    # Today: Bridgeway's open consultation, brought to members by the collective.
    consultation, online = forwarded
    open_request = partner_request_decide(
        actor=facilitator,
        request=partner_request_create(
            actor=staff,
            consultation=consultation,
            partner=collective,
            collective_pay=CollectivePay.TO_COLLECTIVE,
        ),
        accept=True,
    )
    invitation_forward(actor=facilitator, request=open_request, experts=[*online, members[0]])
    invitation_answer_for_member(
        actor=facilitator,
        invitation=Invitation.objects.get(consultation=consultation, expert=members[0]),
        accept=True,
        language="bn",
        channel=ConsentChannel.VERBAL,
    )
    # Today: two of them agreed, aloud, to be quoted without a name from now on.
    for expert in members[:2]:
        member_consent_record(
            actor=facilitator,
            member=member_get_for_user(user=facilitator, expert_id=expert.pk),
            answers={ConsentPurpose.QUOTE_ANONYMOUSLY: GIVEN},
            channel=ConsentChannel.VERBAL,
            language="bn",
            said_at=timezone.now(),
        )
    # Today: Joba's number is on file (she has an account for text messages only, and the
    # collective still keeps her profile), and Bridgeway's invitation reaches her phone in
    # Bengali: `seat sms-simulate --from "+880 1711 555 027" HELP` plays her side.
    from seat.sms.services import sms_contact_enrol

    joba = members[1]
    sms_contact_enrol(actor=facilitator, expert=joba, phone=JOBA_PHONE, language="bn")
    invitation_forward(actor=facilitator, request=open_request, experts=[joba])


# Why Bridgeway's admin opened the call-handler script despite its short notice: kept with the
# quality check, shown on the consultation page and counted.
DEMO_OVERRIDE_REASON = (
    "The call handlers' training is booked for next week and cannot move. Amar Kantha read an "
    "earlier draft with us; we pay for a longer review after the first month of calls."
)


def _demo_stages(
    *,
    project: Project,
    common: dict[str, Any],
    admin: User,
    staff: User,
    today: datetime.date,
    invite: list[ExpertProfile],
) -> None:
    """The safe-recruitment project plans survivor input at every stage. Design is under way
    (its two consultations above); at implementation, a consultation the quality check blocks
    (a week's notice) was opened by the admin with her reason; evaluation is planned for next
    year, in dollars from its funder, and nobody has been asked yet."""
    engagement_plan_create(
        actor=staff,
        project=project,
        stage=Stage.DESIGN,
        method=EngagementMethod.WRITTEN,
        starts_on=today - datetime.timedelta(days=75),
        ends_on=today + datetime.timedelta(days=30),
        budget=Decimal("30000.00"),
        currency="BDT",
        lead="Programme officer, with Amar Kantha Survivor Collective",
        survivor_led=False,
    )
    engagement_plan_create(
        actor=staff,
        project=project,
        stage=Stage.IMPLEMENTATION,
        method=EngagementMethod.FOCUS_GROUP,
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=180),
        budget=Decimal("45000.00"),
        currency="BDT",
        lead="Amar Kantha Survivor Collective",
        survivor_led=True,
    )
    engagement_plan_create(
        actor=staff,
        project=project,
        stage=Stage.EVALUATION,
        method=EngagementMethod.ADVISORY_COUNCIL,
        starts_on=today + datetime.timedelta(days=300),
        ends_on=today + datetime.timedelta(days=360),
        budget=Decimal("1500.00"),
        currency="USD",
        lead="Independent evaluator with Amar Kantha's peer researchers",
        survivor_led=True,
    )
    script = loop.consultation_create(
        **common,
        title="Complaints line: the first script for call handlers",
        purpose=(
            "Call handlers start next week. Tell us what they must never say, and what a woman "
            "calling from abroad needs to hear first. We will change the script before training."
        ),
        stage=Stage.IMPLEMENTATION,
        material_state=MaterialState.NEAR_FINAL,
        influence=Influence.INVOLVE,
        opens_on=today,
        deadline=today + datetime.timedelta(days=7),
        pay_rate=Decimal("600.00"),
        languages="bn,en",
        questions=[
            "Which words in the script could make a caller feel judged or afraid?",
            "What should a call handler say in the first minute?",
        ],
    )
    loop.consultation_publish(
        actor=admin, consultation=script, override_reason=DEMO_OVERRIDE_REASON
    )
    loop.invitations_send(actor=staff, consultation=script, experts=invite)


def _demo_late_project(
    *,
    organisation: Organisation,
    common: dict[str, Any],
    staff: User,
    today: datetime.date,
    invite: list[ExpertProfile],
) -> None:
    """A programme that asks survivors only at its end, with no plan: its page flags design and
    implementation (nothing planned or gathered) and evaluation (asked without a plan)."""
    project = loop.project_create(
        actor=staff,
        organisation=organisation,
        title="Reintegration grants for returnee women",
        summary="Small business grants and mentoring for women back from work abroad.",
        stage=Stage.EVALUATION,
    )
    evaluation = loop.consultation_create(
        **{**common, "project": project},
        title="Reintegration grants: what helped and what got in the way",
        purpose=(
            "The grants end this year. Your advice decides what the next programme keeps, "
            "drops and changes."
        ),
        stage=Stage.EVALUATION,
        material_state=MaterialState.EARLY_DRAFT,
        influence=Influence.COLLABORATE,
        opens_on=today,
        deadline=today + datetime.timedelta(days=28),
        pay_rate=Decimal("600.00"),
        languages="bn,en",
        questions=[
            "Which parts of the grant process were hard to get through, and why?",
            "What should the next programme offer that this one did not?",
        ],
    )
    loop.consultation_publish(actor=staff, consultation=evaluation)
    loop.invitations_send(actor=staff, consultation=evaluation, experts=invite)


def _as_if_it_ran_earlier(
    consultation: Consultation, *, opens_on: datetime.date, deadline: datetime.date
) -> None:
    """Move a consultation made today, and everything that happened in it, into the past, so
    that no page says input was sent today to a consultation that closed a month ago.

    People answered the invitation two days after it went out, sent their input a week before
    the last day and were answered two weeks after it; each payment is due the consultation's
    promised days after the input was sent, and the ones paid were paid two days early. The
    messages that told them so are dated with what they tell of."""

    def moment(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0)))

    answered = moment(opens_on + datetime.timedelta(days=2))
    sent_on = deadline - datetime.timedelta(days=7)
    sent, responded = moment(sent_on), moment(deadline + datetime.timedelta(days=14))
    due_on = sent_on + datetime.timedelta(days=consultation.pay_within_days)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=opens_on,
        deadline=deadline,
        created_at=moment(opens_on - datetime.timedelta(days=7)),
    )
    invitations = Invitation.objects.filter(consultation=consultation)
    invitations.update(created_at=moment(opens_on), sent_at=moment(opens_on), responded_at=answered)
    contributions = Contribution.objects.filter(consultation=consultation)
    contributions.update(created_at=sent)
    Response.objects.filter(contribution__in=contributions).update(
        created_at=responded, shared_at=responded
    )
    payments = PaymentLine.objects.filter(contribution__in=contributions)
    payments.update(created_at=responded, work_on=sent_on, due_on=due_on)
    payments.exclude(paid_on=None).update(paid_on=due_on - datetime.timedelta(days=2))
    # Through a partner: asked when it opened, met a week before the last day (the members'
    # profiles kept since before, their consent said in the room), passed on the day after the
    # host paid, and the response told to them three days after it came.
    held, passed = moment(sent_on), moment(due_on - datetime.timedelta(days=1))
    relayed = moment(deadline + datetime.timedelta(days=17))
    PartnerRequest.objects.filter(consultation=consultation).update(
        created_at=moment(opens_on), decided_at=moment(opens_on)
    )
    captures = Capture.objects.filter(consultation=consultation)
    captures.update(created_at=held, held_on=sent_on)
    kept = (
        ExpertProfile.objects.filter(contributions__capture__in=captures)
        .filter(Q(user__isnull=True) | Q(sms_only=True))
        .distinct()
    )
    ExpertProfile.objects.filter(pk__in=kept).update(created_at=moment(opens_on))
    ExpertLink.objects.filter(expert__in=kept).update(created_at=moment(opens_on))
    ConsentRecord.objects.filter(expert__in=kept).update(created_at=held, given_at=held)
    payments.exclude(passed_on_at=None).update(passed_on_at=passed)
    Response.objects.filter(contribution__in=contributions).exclude(relayed_at=None).update(
        relayed_at=relayed
    )
    invited = [f"invitation.sent:{pk}" for pk in invitations.values_list("pk", flat=True)]
    # The invitation named the last day as it was then.
    for notification in Notification.objects.filter(key__in=invited):
        notification.context = {**notification.context, "deadline": deadline.isoformat()}
        notification.save(update_fields=["context"])
    told = dict.fromkeys(invited, moment(opens_on))
    told[f"consultation.closed:{consultation.pk}"] = moment(deadline + datetime.timedelta(days=1))
    for pk in contributions.values_list("pk", flat=True):
        told[f"response.recorded:{pk}"] = responded
    for pk in contributions.values_list("pk", flat=True):
        told[f"partner.response.recorded:{pk}"] = responded
    for pk in payments.values_list("pk", flat=True):
        told[f"partner.payment.paid:{pk}"] = moment(due_on - datetime.timedelta(days=2))
        told[f"payment.recorded:{pk}"] = responded
        for step in ("approved", "paid"):
            told[f"payment.{step}:{pk}"] = moment(due_on - datetime.timedelta(days=2))
    for key, when in told.items():
        Notification.objects.filter(key=key).update(created_at=when)


def _finance_officer() -> User:
    """Bridgeway's finance officer pays what its admin approved: two people, as Seat requires
    when an organisation has more than one who pays."""
    return User.objects.get(username="demo-finance")
