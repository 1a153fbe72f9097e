"""Synthetic data at scale, for benchmarking (``seat generate``): up to 1,000 organisations,
100,000 experts and 1,000,000 contributions with their invitations, answers, responses and
payment lines, written in minutes.

Every row is invented: organisations are "Synthetic organisation N" (the marker that tells this
data apart), experts "Expert N", staff accounts have unusable passwords. Rows go in by bulk
writes (seat.demo.writer: COPY on PostgreSQL), never through the product's services, so no
audit events, notifications or signals: this is data to measure reads on, not a history.

The same seed and day give the same rows. Each organisation gets its own "maturity" (0 to 1),
which moves how early, how well paid, how fast answered and how influential its consultations
are, so every engagement metric (DESIGN.md, "Engagement quality metrics") varies between them.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import random
import time
import uuid
from collections.abc import Callable
from decimal import Decimal

from django.db import connection

from seat.accountability.models import Response
from seat.accounts.enums import OrganisationKind, Role
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
from seat.core.bounds import CURRENCY_EXPONENT
from seat.councils.models import Council, Recommendation, Term
from seat.demo.writer import Writer
from seat.insights.summaries import figures_rebuild
from seat.partners.models import PartnerRequest
from seat.people.models import ExpertLink, ExpertProfile

MAX_ORGANISATIONS = 1_000
MAX_EXPERTS = 100_000
MAX_CONTRIBUTIONS = 1_000_000
# Each expert gives at most one contribution to a consultation (one invitation each), and an
# organisation runs at most this many consultations: together they bound what fits.
MAX_CONSULTATIONS_PER_ORGANISATION = 5_000
NAME_PREFIX = "Synthetic organisation "
USERNAME_PREFIX = "synthetic-"
# The data spreads over this many days before the day it is made.
DAYS = 3 * 365
# Rows are written when this many contributions are waiting (and at the end).
FLUSH_EVERY = 50_000

Progress = Callable[[str], None]


class SyntheticRefused(Exception):
    """The request cannot be met; the message says why, for the person who asked."""


@dataclasses.dataclass(frozen=True)
class SyntheticCounts:
    organisations: int
    users: int
    memberships: int
    experts: int
    expert_links: int
    rate_cards: int
    projects: int
    engagement_plans: int
    consultations: int
    questions: int
    checks: int
    partner_requests: int
    invitations: int
    contributions: int
    answers: int
    responses: int
    payment_lines: int
    councils: int
    terms: int
    recommendations: int

    def as_rows(self) -> list[tuple[str, int]]:
        return [(f.name.replace("_", " "), getattr(self, f.name)) for f in dataclasses.fields(self)]


# --- refusals ---------------------------------------------------------------------------------


def synthetic_problem(
    *,
    organisations: int,
    experts: int,
    contributions: int,
    big_organisation_contributions: int | None = None,
    seed: int = 0,
) -> str | None:
    """Why these numbers cannot be generated with this seed, in words; None when they can."""
    for label, value, most in (
        ("organisations", organisations, MAX_ORGANISATIONS),
        ("experts", experts, MAX_EXPERTS),
        ("contributions", contributions, MAX_CONTRIBUTIONS),
    ):
        if value < 0:
            return f"The number of {label} cannot be negative."
        if value > most:
            return f"At most {most:,} {label} can be generated (asked: {value:,})."
    if organisations == 0 and (experts or contributions):
        return "Experts and contributions need at least one organisation."
    big = big_organisation_contributions
    if big is not None:
        if big < 0:
            return "The big organisation's contributions cannot be negative."
        if big > contributions:
            return (
                f"The big organisation cannot hold {big:,} contributions out of {contributions:,}."
            )
        if organisations == 1 and big != contributions:
            return "With one organisation, it holds all the contributions."
    try:
        _plan_organisations(random.Random(seed), organisations, experts, contributions, big)
    except SyntheticRefused as refused:
        return str(refused)
    return None


def synthetic_database_problem(*, force: bool = False) -> str | None:
    """Why this database should not receive synthetic data; None when it may.

    Synthetic data is never added twice (names would clash), and never beside real data unless
    ``force``: nobody fills a production database by mistake.
    """
    if Organisation.objects.filter(name__startswith=NAME_PREFIX).exists():
        return (
            "This database already holds synthetic data. Generate into a new, empty database "
            "(for example: createdb seat_bench, then DATABASE_URL=…/seat_bench seat migrate)."
        )
    if not force and (
        Organisation.objects.exists() or User.objects.exists() or ExpertProfile.objects.exists()
    ):
        return (
            "This database holds organisations, accounts or experts that are not synthetic. "
            "Generate into a new, empty database, or add --force to write beside them."
        )
    return None


# --- the plan: how much goes where ----------------------------------------------------------


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` shared in proportion to ``weights``, in whole numbers that add up exactly."""
    if not weights:
        return []
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [math.floor(x) for x in exact]
    rest = total - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])
    for i in by_remainder[:rest]:
        parts[i] += 1
    return parts


@dataclasses.dataclass
class _OrgPlan:
    index: int
    contributions: int
    experts: int = 0


def _plan_organisations(
    rng: random.Random, organisations: int, experts: int, contributions: int, big: int | None
) -> list[_OrgPlan]:
    if organisations == 0:
        return []
    if big is not None:
        rest = _split(
            contributions - big, [rng.lognormvariate(0, 1) for _ in range(organisations - 1)]
        )
        shares = [big, *rest]
    else:
        shares = _split(contributions, [rng.lognormvariate(0, 1) for _ in range(organisations)])
    plans = [_OrgPlan(index=i, contributions=c) for i, c in enumerate(shares)]
    needed = [math.ceil(p.contributions / MAX_CONSULTATIONS_PER_ORGANISATION) for p in plans]
    if sum(needed) > experts:
        raise SyntheticRefused(
            f"{contributions:,} contributions do not fit {experts:,} experts: each expert gives "
            f"at most one contribution per consultation, and an organisation runs at most "
            f"{MAX_CONSULTATIONS_PER_ORGANISATION:,} consultations. Ask for at least "
            f"{sum(needed):,} experts, or fewer contributions."
        )
    weights = [float(p.contributions + 1) for p in plans]
    extra = _split(experts - sum(needed), weights)
    for plan, need, more in zip(plans, needed, extra, strict=True):
        plan.experts = need + more
    return plans


# --- invented values ------------------------------------------------------------------------

KINDS = [
    (OrganisationKind.NGO, 40),
    (OrganisationKind.GOVERNMENT, 15),
    (OrganisationKind.SURVIVOR_LED, 15),
    (OrganisationKind.COLLECTIVE, 5),
    (OrganisationKind.BUSINESS, 10),
    (OrganisationKind.FUNDER, 5),
    (OrganisationKind.RESEARCH, 10),
]
# (country, currency, a fair hourly rate in it, languages)
PLACES = [
    ("BD", "BDT", "600", "en,bn"),
    ("IN", "INR", "500", "en"),
    ("NP", "NPR", "800", "en"),
    ("PH", "PHP", "400", "en"),
    ("MX", "MXN", "300", "es,en"),
    ("CO", "COP", "40000", "es"),
    ("SN", "XOF", "5000", "en"),
    ("GB", "GBP", "20", "en"),
    ("US", "USD", "25", "en,es"),
    ("DE", "EUR", "23", "en"),
    ("KH", "KHR", "40000", "en"),
    ("TH", "THB", "300", "en"),
]
PARTICIPANT_LANGUAGE_SETS = {"en": ["en"], "bn": ["en", "bn"], "es": ["es", "en"]}
STAGES = ["design", "implementation", "evaluation"]
METHODS = ["written", "online_meeting", "in_person", "focus_group", "survey", "voice"]
MATERIAL = ["concept", "early_draft", "near_final", "final"]
INFLUENCE = ["inform", "consult", "involve", "collaborate", "empower"]
# From least to most taken up: an organisation that listens more adopts more.
OUTCOMES = ["not_adopted", "under_consideration", "partly_adopted", "adopted"]
PAY_METHODS = ["cash", "mobile_money", "bank", "voucher"]
EXPERTISE = [
    "safe recruitment",
    "shelter services",
    "legal aid",
    "labour rights",
    "peer support",
    "reintegration",
    "training police",
]
PURPOSES = [
    "We are changing how we support people after they leave a shelter. Your advice will shape "
    "the new plan.",
    "We want to know whether our training for recruiters works. What you say will change it.",
    "We are writing a guide on safe migration. Tell us what it must say.",
]
QUESTIONS = [
    "What should we change first?",
    "What worked well for you, and what did not?",
    "Who else should we ask?",
]
ANSWERS = [
    "Start with the phone line.",
    "Make the forms shorter.",
    "Pay people on the day.",
    "Ask the women's group in the district.",
    "The meeting times were hard for mothers.",
    "Use plain words.",
    "Nothing to add.",
]
REASONS = {
    "adopted": "We changed the plan because of what you said.",
    "partly_adopted": "Part of it is in the new guide; the rest needs money we do not have yet.",
    "not_adopted": "We could not do this because the law does not allow it.",
    "under_consideration": "The team is still weighing it and will tell you in a month.",
}
OVERRIDE_REASONS = [
    "The ministry asked for comments by Friday; we will pay everyone who joins.",
    "Partner organisation will run the session in person, with interpreters.",
]
RECOMMENDATION_TITLES = [
    "Survivor-led shelters in every region",
    "Pay advisors on the day of the meeting",
    "Train labour inspectors with survivors",
    "Plain-language rights leaflet",
]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _at(day: datetime.date, seconds: int = 0) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, tzinfo=datetime.UTC
    ) + datetime.timedelta(seconds=seconds)


def _money(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-CURRENCY_EXPONENT[currency]))


def _weighted(rng: random.Random, items: list[str], lean: float) -> str:
    """One of ``items``, later ones likelier as ``lean`` (0 to 1) grows."""
    position = min(len(items) - 1, int(len(items) * (rng.random() * 0.7 + lean * 0.5)))
    return items[max(0, position)]


# --- the generator --------------------------------------------------------------------------


def synthetic_generate(
    *,
    organisations: int,
    experts: int,
    contributions: int,
    big_organisation_contributions: int | None = None,
    seed: int = 0,
    today: datetime.date | None = None,
    force: bool = False,
    method: str | None = None,
    progress: Progress | None = None,
) -> SyntheticCounts:
    """Write the synthetic data; the counts say how many rows of each kind were written.

    Refuses (SyntheticRefused) numbers that cannot be met and a database that is not fit for
    it (``synthetic_database_problem``). Each batch is its own transaction: a failure part-way
    leaves what was written, and the next run refuses, so generate into a fresh database.
    """
    problem = synthetic_problem(
        organisations=organisations,
        experts=experts,
        contributions=contributions,
        big_organisation_contributions=big_organisation_contributions,
        seed=seed,
    ) or synthetic_database_problem(force=force)
    if problem:
        raise SyntheticRefused(problem)
    generator = _Generator(
        seed=seed, today=today or datetime.datetime.now(datetime.UTC).date(), method=method
    )
    say = progress or (lambda message: None)
    plans = _plan_organisations(
        random.Random(seed), organisations, experts, contributions, big_organisation_contributions
    )
    generator.run(plans, experts, say)
    return generator.counts()


class _Generator:
    def __init__(self, *, seed: int, today: datetime.date, method: str | None) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.now = _at(today, 12 * 3600)
        w = Writer(method)
        self.writer = w
        self.organisations = w.table(
            Organisation,
            [
                "id",
                "created_at",
                "name",
                "kind",
                "country",
                "default_currency",
                "languages",
                "min_lead_days",
                "response_days",
                "pay_within_days",
                "consultant_rate",
                "consultant_rate_currency",
            ],
        )
        self.users = w.table(
            User,
            ["id", "password", "username", "display_name", "date_joined", "language"],
        )
        self.memberships = w.table(
            Membership, ["id", "created_at", "user_id", "organisation_id", "role"]
        )
        self.experts = w.table(
            ExpertProfile,
            [
                "id",
                "created_at",
                "pseudonym",
                "languages",
                "expertise",
                "meeting_preference",
                "pay_preference",
                "represented_by_id",
            ],
        )
        self.links = w.table(ExpertLink, ["id", "created_at", "expert_id", "organisation_id"])
        self.rate_cards = w.table(
            RateCard,
            [
                "id",
                "created_at",
                "organisation_id",
                "role",
                "unit",
                "currency",
                "survivor_rate",
                "peer_rate",
                "updated_at",
            ],
        )
        self.councils = w.table(Council, ["id", "created_at", "organisation_id", "name", "mandate"])
        self.terms = w.table(
            Term, ["id", "created_at", "council_id", "expert_id", "role", "starts_on", "ends_on"]
        )
        self.recommendations = w.table(
            Recommendation,
            ["id", "created_at", "council_id", "title", "text", "submitted_on", "status"],
        )
        self.projects = w.table(
            Project, ["id", "created_at", "organisation_id", "title", "summary", "stage"]
        )
        self.plans = w.table(
            EngagementPlan,
            [
                "id",
                "created_at",
                "project_id",
                "stage",
                "method",
                "starts_on",
                "ends_on",
                "budget",
                "currency",
                "lead",
                "survivor_led",
            ],
        )
        self.consultations = w.table(
            Consultation,
            [
                "id",
                "created_at",
                "project_id",
                "title",
                "purpose",
                "stage",
                "material_state",
                "influence",
                "opens_on",
                "deadline",
                "expected_hours",
                "pay_rate",
                "pay_unit",
                "currency",
                "expenses_covered",
                "pay_within_days",
                "pay_method",
                "languages",
                "interpretation",
                "status",
            ],
        )
        self.questions = w.table(
            Question, ["id", "created_at", "consultation_id", "position", "text"]
        )
        self.checks = w.table(
            ConsultationCheck,
            [
                "id",
                "created_at",
                "consultation_id",
                "trigger",
                "checked_at",
                "score",
                "findings",
                "blockers",
                "override_reason",
                "override_by_id",
                "checked_by_id",
            ],
        )
        self.partner_requests = w.table(
            PartnerRequest,
            [
                "id",
                "created_at",
                "consultation_id",
                "partner_id",
                "collective_pay",
                "status",
                "requested_by_id",
                "decided_at",
            ],
        )
        self.invitations = w.table(
            Invitation,
            [
                "id",
                "created_at",
                "consultation_id",
                "expert_id",
                "status",
                "invited_by_id",
                "responded_at",
                "sent_at",
            ],
        )
        self.contributions = w.table(
            Contribution,
            [
                "id",
                "created_at",
                "consultation_id",
                "invitation_id",
                "expert_id",
                "collective_id",
                "members_count",
                "channel",
                "captured_by_id",
                "attribution",
                "idempotency_key",
            ],
        )
        self.answers = w.table(Answer, ["contribution_id", "question_id", "text"])
        self.responses = w.table(
            Response,
            [
                "id",
                "created_at",
                "contribution_id",
                "outcome",
                "reason",
                "responded_by_id",
                "shared_at",
            ],
        )
        self.payments = w.table(
            PaymentLine,
            [
                "id",
                "created_at",
                "organisation_id",
                "expert_id",
                "paid_through_id",
                "members_count",
                "collective_pay",
                "contribution_id",
                "work_on",
                "units",
                "unit",
                "rate",
                "currency",
                "status",
                "due_on",
                "recorded_by_id",
                "approved_at",
                "approved_by_id",
                "paid_on",
                "paid_by_id",
                "method",
                "cancel_reason",
                "expenses_travel",
            ],
        )

    def counts(self) -> SyntheticCounts:
        return SyntheticCounts(
            organisations=self.organisations.written,
            users=self.users.written,
            memberships=self.memberships.written,
            experts=self.experts.written,
            expert_links=self.links.written,
            rate_cards=self.rate_cards.written,
            projects=self.projects.written,
            engagement_plans=self.plans.written,
            consultations=self.consultations.written,
            questions=self.questions.written,
            checks=self.checks.written,
            partner_requests=self.partner_requests.written,
            invitations=self.invitations.written,
            contributions=self.contributions.written,
            answers=self.answers.written,
            responses=self.responses.written,
            payment_lines=self.payments.written,
            councils=self.councils.written,
            terms=self.terms.written,
            recommendations=self.recommendations.written,
        )

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    # The whole run --------------------------------------------------------------------------

    def run(self, plans: list[_OrgPlan], experts: int, say: Progress) -> None:
        started = time.monotonic()

        def seconds() -> str:
            return f"({time.monotonic() - started:.0f} s)"

        orgs = [self.organisation(plan) for plan in plans]
        survivor_led = [o for o in orgs if o.survivor_led]
        expert_ids = self.make_experts(plans, orgs, experts, survivor_led)
        self.writer.flush()
        say(f"{len(orgs):,} organisations and {experts:,} experts {seconds()}")
        total = sum(plan.contributions for plan in plans)
        done = 0
        for org, plan in zip(orgs, plans, strict=True):
            pool = [expert_ids[i] for i in org.pool]
            self.organisation_work(org, plan, pool, survivor_led)
            if len(self.contributions) >= FLUSH_EVERY:
                done += len(self.contributions)
                self.writer.flush()
                say(f"{done:,} of {total:,} contributions {seconds()}")
        self.writer.flush()
        if broken := self.writer.check_keys():
            raise RuntimeError(f"Synthetic rows point at rows that do not exist: {broken}")
        rows = sum(table.written for table in self.writer.tables)
        say(f"{rows:,} rows written, their keys checked {seconds()}")
        # Written without the services, so no summary heard of them: compute them all once.
        figures_rebuild()
        say(f"insights summaries computed {seconds()}")
        if connection.vendor == "postgresql":
            # Fresh statistics, so the first benchmark query is planned on what is there; and,
            # outside a transaction, a vacuum, so the first one does not pay for setting hint
            # bits and can use index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        say(f"statistics gathered {seconds()}")

    # Organisations and their people --------------------------------------------------------

    def organisation(self, plan: _OrgPlan) -> _Org:
        rng = self.rng
        kinds, weights = zip(*KINDS, strict=True)
        kind = rng.choices(kinds, weights)[0]
        country, currency, hourly, languages = rng.choice(PLACES)
        survivor_led = kind in (OrganisationKind.SURVIVOR_LED, OrganisationKind.COLLECTIVE)
        maturity = min(1.0, rng.betavariate(2, 2) + (0.3 if survivor_led else 0))
        org = _Org(
            id=_uuid(rng),
            kind=str(kind),
            currency=currency,
            hourly=Decimal(hourly),
            languages=languages,
            maturity=maturity,
            survivor_led=survivor_led,
            min_lead_days=rng.choice([7, 10, 14, 14, 21]),
            pay_within_days=rng.choice([7, 14, 14, 30, 45]),
            created_at=_at(self.day(DAYS + rng.randrange(365)), rng.randrange(86400)),
        )
        has_rate = rng.random() < 0.7
        consultant = _money(org.hourly * Decimal(rng.choice(["1.2", "1.5", "2", "3"])), currency)
        self.organisations.add(
            org.id,
            org.created_at,
            f"{NAME_PREFIX}{plan.index + 1}",
            org.kind,
            country,
            currency,
            languages,
            org.min_lead_days,
            rng.choice([14, 30, 30, 60]),
            org.pay_within_days,
            consultant if has_rate else None,
            currency if has_rate else "",
        )
        roles = [Role.ADMIN, Role.STAFF, Role.FINANCE]
        if survivor_led:
            roles.append(Role.FACILITATOR)
        for role in roles:
            user_id = _uuid(rng)
            self.users.add(
                user_id,
                "!" + f"{rng.getrandbits(160):040x}",
                f"{USERNAME_PREFIX}{plan.index + 1}-{role}",
                f"Synthetic {role} {plan.index + 1}",
                org.created_at,
                "",
            )
            self.memberships.add(_uuid(rng), org.created_at, user_id, org.id, str(role))
            org.users[str(role)] = user_id
        for rate_role in rng.sample(
            ["advisor", "consultant", "trainer", "participant"], rng.randint(1, 3)
        ):
            survivor = _money(org.hourly * Decimal(str(round(0.5 + 0.6 * maturity, 2))), currency)
            peer = _money(org.hourly * Decimal(rng.choice(["1", "1.3", "1.6"])), currency)
            self.rate_cards.add(
                _uuid(rng),
                org.created_at,
                org.id,
                rate_role,
                "hour",
                currency,
                survivor,
                peer,
                org.created_at,
            )
        return org

    def make_experts(
        self, plans: list[_OrgPlan], orgs: list[_Org], experts: int, survivor_led: list[_Org]
    ) -> list[uuid.UUID]:
        rng = self.rng
        ids = [_uuid(rng) for _ in range(experts)]
        start = 0
        for org, plan in zip(orgs, plans, strict=True):
            org.pool = list(range(start, start + plan.experts))
            start += plan.experts
        for org in orgs:
            for i in org.pool:
                created = org.created_at + datetime.timedelta(days=rng.randrange(30))
                represented = (
                    rng.choice(survivor_led).id if survivor_led and rng.random() < 0.1 else None
                )
                self.experts.add(
                    ids[i],
                    created,
                    f"Expert {i + 1}",
                    rng.choice(["en", "en,bn", "bn", "es", "es,en", "hi", "ne"]),
                    rng.choice(EXPERTISE),
                    rng.choice(["in_person", "phone", "online", ""]),
                    rng.choice(["cash", "mobile_money", "bank", ""]),
                    represented,
                )
                self.links.add(_uuid(rng), created, ids[i], org.id)
        # Some experts work with a second organisation too.
        if len(orgs) > 1:
            for org in orgs:
                for _ in range(len(org.pool) // 8):
                    other = rng.choice(orgs)
                    if other is org or not other.pool:
                        continue
                    i = rng.choice(other.pool)
                    if i in org.seconds:
                        continue
                    org.seconds.add(i)
                    self.links.add(_uuid(rng), org.created_at, ids[i], org.id)
            for org in orgs:
                org.pool.extend(sorted(org.seconds))
        return ids

    # One organisation's projects, consultations and everything under them ------------------

    def organisation_work(
        self, org: _Org, plan: _OrgPlan, pool: list[uuid.UUID], survivor_led: list[_Org]
    ) -> None:
        rng = self.rng
        size = max(1, min(len(pool), rng.randint(8, 60)))
        count = min(
            MAX_CONSULTATIONS_PER_ORGANISATION, max(1, math.ceil(plan.contributions / size))
        )
        sizes = _split(plan.contributions, [rng.uniform(0.4, 1.6) for _ in range(count)])
        _cap(sizes, len(pool))
        projects = []
        for n in range(max(1, count // rng.randint(4, 12))):
            project_id = _uuid(rng)
            projects.append(project_id)
            self.projects.add(
                project_id,
                org.created_at + datetime.timedelta(days=rng.randrange(60)),
                org.id,
                f"Synthetic project {n + 1}",
                "",
                rng.choice(STAGES),
            )
            self.plans_for(org, project_id)
        self.councils_for(org, pool)
        partners = [o for o in survivor_led if o is not org]
        for n, contributions in enumerate(sizes):
            self.consultation(org, rng.choice(projects), n, contributions, pool, partners)

    def plans_for(self, org: _Org, project_id: uuid.UUID) -> None:
        """How the project means to hear survivors, at some of its stages: more of them, and
        led by survivors more often, the more mature the organisation."""
        rng = self.rng
        starts = self.day(DAYS - rng.randrange(180))
        for stage in STAGES:
            ends = starts + datetime.timedelta(days=rng.randint(60, 360))
            if rng.random() < 0.3 + 0.6 * org.maturity:
                survivor_led = rng.random() < org.maturity
                self.plans.add(
                    _uuid(rng),
                    org.created_at,
                    project_id,
                    stage,
                    rng.choice(METHODS),
                    starts,
                    ends,
                    _money(org.hourly * rng.randint(50, 2000), org.currency),
                    org.currency,
                    "A survivor-led partner" if survivor_led else "Our programme officer",
                    survivor_led,
                )
            starts = ends + datetime.timedelta(days=1)

    def councils_for(self, org: _Org, pool: list[uuid.UUID]) -> None:
        rng = self.rng
        if org.kind not in ("government", "ngo") or len(pool) < 5 or rng.random() > 0.3:
            return
        council_id = _uuid(rng)
        self.councils.add(
            council_id,
            org.created_at,
            org.id,
            f"Synthetic advisory council {org.id.hex[:6]}",
            "Advises on every policy that touches survivors.",
        )
        for n, expert in enumerate(rng.sample(pool, min(len(pool), rng.randint(5, 9)))):
            starts = self.day(rng.randrange(DAYS))
            self.terms.add(
                _uuid(rng),
                _at(starts),
                council_id,
                expert,
                "chair" if n == 0 else "member",
                starts,
                starts + datetime.timedelta(days=rng.choice([365, 730])),
            )
        statuses = ["submitted", "accepted", "partly_accepted", "rejected", "implemented"]
        for _ in range(rng.randint(2, 8)):
            submitted = self.day(rng.randrange(DAYS))
            self.recommendations.add(
                _uuid(rng),
                _at(submitted),
                council_id,
                rng.choice(RECOMMENDATION_TITLES),
                "We recommend this, for the reasons we gave at the meeting.",
                submitted,
                _weighted(rng, statuses, org.maturity),
            )

    def consultation(
        self,
        org: _Org,
        project_id: uuid.UUID,
        n: int,
        size: int,
        pool: list[uuid.UUID],
        partners: list[_Org],
    ) -> None:
        rng = self.rng
        m = org.maturity
        consultation_id = _uuid(rng)
        opens = self.day(rng.randrange(DAYS))
        lead = max(1, int(rng.choice([3, 5, 7, 10, 14, 21, 28, 42]) * (0.5 + m)))
        deadline = opens + datetime.timedelta(days=lead)
        closed = deadline < self.today
        paid = rng.random() < 0.3 + 0.65 * m
        unit = rng.choice(["hour", "hour", "day", "session"])
        hours = Decimal(rng.choice(["1.0", "1.5", "2.0", "3.0"]))
        per = {"hour": Decimal(1), "day": Decimal(6), "session": Decimal(2)}[unit]
        rate = (
            _money(org.hourly * per * Decimal(rng.choice(["0.6", "0.8", "1", "1.2"])), org.currency)
            if paid
            else (Decimal(0) if rng.random() < 0.5 else None)
        )
        units = hours if unit == "hour" else Decimal(1)
        self.consultations.add(
            consultation_id,
            _at(opens - datetime.timedelta(days=rng.randint(1, 20))),
            project_id,
            f"Synthetic consultation {n + 1}",
            rng.choice(PURPOSES),
            _weighted(rng, STAGES, 1 - m),
            _weighted(rng, MATERIAL, 1 - m),
            _weighted(rng, INFLUENCE, m),
            opens,
            deadline,
            hours,
            rate,
            unit if paid else "",
            org.currency,
            rng.random() < 0.3 + 0.6 * m,
            org.pay_within_days,
            rng.choice(PAY_METHODS) if paid else "",
            org.languages,
            rng.random() < m,
            "closed" if closed else "open",
        )
        question_ids = []
        for position in range(1, rng.randint(1, 3) + 1):
            question_id = _uuid(rng)
            question_ids.append(question_id)
            self.questions.add(
                question_id, _at(opens), consultation_id, position, QUESTIONS[position - 1]
            )
        admin = org.users["admin"]
        blockers = int(lead < org.min_lead_days) + int(not paid)
        findings = []
        if lead < org.min_lead_days:
            findings.append(
                {"code": "short_lead_time", "severity": "blocker", "field": "respond_by"}
            )
        if not paid:
            findings.append({"code": "unpaid", "severity": "blocker", "field": "pay_rate"})
        override = rng.choice(OVERRIDE_REASONS) if blockers else ""
        self.checks.add(
            _uuid(rng),
            _at(opens),
            consultation_id,
            "publish",
            _at(opens),
            max(0, 100 - 30 * blockers - rng.choice([0, 10, 20])),
            findings,
            blockers,
            override,
            admin if blockers else None,
            admin,
        )
        partner = None
        request_pay = ""
        if partners and rng.random() < 0.05 + 0.4 * m:
            partner = rng.choice(partners)
            status = rng.choice(["accepted", "accepted", "accepted", "declined", "pending"])
            request_pay = rng.choice(["per_member", "to_collective"])
            self.partner_requests.add(
                _uuid(rng),
                _at(opens),
                consultation_id,
                partner.id,
                request_pay,
                status,
                org.users["staff"],
                _at(opens, 3600) if status != "pending" else None,
            )
            if status != "accepted" or partner.kind != "collective":
                partner = None
        if size == 0:
            return
        # Who contributed: distinct experts of the organisation; a partner collective speaks
        # once, in the name of its members.
        givers: list[uuid.UUID | None] = list(rng.sample(pool, size - (partner is not None)))
        if partner is not None:
            givers.append(None)
        base = _at(opens)
        end = min(_at(deadline + datetime.timedelta(days=1)), self.now)
        span = max(1, int((end - base).total_seconds()))
        staff, finance = org.users["staff"], org.users["finance"]
        facilitator = org.users.get("facilitator", staff)
        answer_rate = 0.2 + 0.75 * m if closed else 0.2
        for expert in givers:
            created = base + datetime.timedelta(seconds=rng.randrange(span))
            contribution_id = _uuid(rng)
            if expert is None:
                assert partner is not None
                members = rng.randint(3, 12)
                self.contributions.add(
                    contribution_id,
                    created,
                    consultation_id,
                    None,
                    None,
                    partner.id,
                    members,
                    "collective",
                    None,
                    "not_quoted",
                    _uuid(rng),
                )
            else:
                members = None
                invitation_id = _uuid(rng)
                self.invitations.add(
                    invitation_id,
                    _at(opens),
                    consultation_id,
                    expert,
                    "accepted",
                    staff,
                    created,
                    _at(opens, rng.randrange(7200)),
                )
                r = rng.random()
                channel = "web" if r < 0.9 else "facilitator"
                self.contributions.add(
                    contribution_id,
                    created,
                    consultation_id,
                    invitation_id,
                    expert,
                    None,
                    None,
                    channel,
                    facilitator if channel == "facilitator" else None,
                    ("not_quoted", "anonymous", "pseudonym")[int(r * 30) % 3],
                    _uuid(rng),
                )
            self.answers.add(contribution_id, question_ids[0], rng.choice(ANSWERS))
            for question_id in question_ids[1:]:
                if rng.random() < 0.5:
                    self.answers.add(contribution_id, question_id, rng.choice(ANSWERS))
            if rng.random() < answer_rate:
                later = max(1, int(rng.expovariate(1 / (10 + 60 * (1 - m)))))
                shared = _at(deadline + datetime.timedelta(days=later), rng.randrange(86400))
                if shared <= self.now:
                    outcome = _weighted(rng, OUTCOMES, m)
                    self.responses.add(
                        _uuid(rng),
                        shared - datetime.timedelta(hours=2),
                        contribution_id,
                        outcome,
                        REASONS[outcome],
                        staff,
                        shared if rng.random() < 0.95 else None,
                    )
            if paid:
                assert rate is not None
                work_on = created.date()
                due = work_on + datetime.timedelta(days=org.pay_within_days)
                delay = int(rng.expovariate(1 / (3 + 40 * (1 - m))))
                paid_on: datetime.date | None = work_on + datetime.timedelta(days=delay)
                approved_at = None
                assert paid_on is not None
                if paid_on <= self.today and rng.random() < 0.6 + 0.38 * m:
                    status = "paid"
                    approved_at = _at(paid_on)
                elif rng.random() < 0.03:
                    status, paid_on = "cancelled", None
                else:
                    status, paid_on = rng.choice(["owed", "owed", "approved"]), None
                    if status == "approved":
                        approved_at = min(self.now, created + datetime.timedelta(days=1))
                self.payments.add(
                    _uuid(rng),
                    created,
                    org.id,
                    expert,
                    partner.id if partner is not None and expert is None else None,
                    members,
                    request_pay if expert is None else "",
                    contribution_id,
                    work_on,
                    units,
                    unit,
                    rate,
                    org.currency,
                    status,
                    due,
                    finance,
                    approved_at,
                    finance if approved_at else None,
                    paid_on,
                    finance if paid_on else None,
                    rng.choice(PAY_METHODS) if status == "paid" else "",
                    "The session did not take place." if status == "cancelled" else "",
                    _money(org.hourly / 5, org.currency) if rng.random() < 0.2 else Decimal(0),
                )


def _cap(sizes: list[int], most: int) -> None:
    """Keep each size at most ``most``, moving the excess to sizes with room (there is room:
    the plan gives an organisation enough experts for its consultations)."""
    excess = 0
    for i, size in enumerate(sizes):
        if size > most:
            excess += size - most
            sizes[i] = most
    i = 0
    while excess:
        room = most - sizes[i]
        if room > 0:
            moved = min(room, excess)
            sizes[i] += moved
            excess -= moved
        i += 1


@dataclasses.dataclass
class _Org:
    id: uuid.UUID
    kind: str
    currency: str
    hourly: Decimal
    languages: str
    maturity: float
    survivor_led: bool
    min_lead_days: int
    pay_within_days: int
    created_at: datetime.datetime
    users: dict[str, uuid.UUID] = dataclasses.field(default_factory=dict)
    pool: list[int] = dataclasses.field(default_factory=list)
    seconds: set[int] = dataclasses.field(default_factory=set)
