"""Writes: recording a training session with its trainer's payment line, one at a time or from
a CSV file."""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from seat.accounts.models import Organisation, User
from seat.compensation.enums import CURRENCY_CODES, EXPENSE_FIELDS, LineUnit, WorkKind
from seat.compensation.services import (
    PaymentError,
    amounts_problem,
    payers_of,
    payment_for_work,
)
from seat.core.bounds import money_problem
from seat.core.formats import format_number
from seat.core.privacy.audit import audit_record
from seat.notifications.enums import Event
from seat.notifications.services import notify
from seat.people.models import ExpertLink, ExpertProfile
from seat.trainings.checks import (
    delivered_on_problem,
    length_problem,
    participants_problem,
    rating_problem,
    units_problem,
)
from seat.trainings.csvfile import EXPENSE_COLUMNS, read_table
from seat.trainings.enums import ImportStatus
from seat.trainings.models import (
    AUDIENCE_MAX,
    FEEDBACK_MAX,
    PLACE_MAX,
    TrainingImport,
    TrainingSession,
)
from seat.trainings.rules import can_manage_trainings
from seat.trainings.selectors import (
    TrainerIndex,
    normalised,
    trainer_rate_cards,
    trainers_of,
)

logger = logging.getLogger(__name__)


class TrainingError(Exception):
    """A session that cannot be recorded; the message is safe to show."""


@dataclass(frozen=True)
class SessionInput:
    """One session as typed in the form or read from a row of a file."""

    trainer: ExpertProfile
    delivered_on: datetime.date
    audience: str
    place: str
    participants: int
    units: Decimal
    unit: str
    rate: Decimal
    currency: str
    feedback: str = ""
    rating: int | None = None
    # The payment line's expense fields by name (expenses_travel …); missing ones are zero.
    expenses: Mapping[str, Decimal] = field(default_factory=dict)

    def expense_fields(self) -> dict[str, Decimal]:
        return {name: self.expenses.get(name) or Decimal(0) for name in EXPENSE_FIELDS.values()}


def session_key(session: SessionInput) -> str:
    """The digest of the natural key: the same trainer, day, audience and place is the same
    session, however the audience and place are capitalised or spaced."""
    natural = "\n".join(
        [
            str(session.trainer.pk),
            session.delivered_on.isoformat(),
            normalised(session.audience),
            normalised(session.place),
        ]
    )
    return hashlib.sha256(natural.encode()).hexdigest()


def session_problems(session: SessionInput) -> list[str]:
    """Why this session cannot be recorded; empty when it can."""
    found = [
        delivered_on_problem(session.delivered_on),
        _("Say who the session was for.") if not session.audience.strip() else None,
        length_problem(session.audience, AUDIENCE_MAX),
        _("Say where, as a town or district.") if not session.place.strip() else None,
        length_problem(session.place, PLACE_MAX),
        participants_problem(session.participants),
        length_problem(session.feedback, FEEDBACK_MAX),
        rating_problem(session.rating),
        units_problem(session.units),
        None if session.unit in LineUnit.values else _("Choose the unit from the list."),
        amounts_problem(
            units=session.units,
            rate=session.rate,
            expenses=session.expense_fields(),
            currency=session.currency,
        ),
    ]
    return [problem for problem in dict.fromkeys(found) if problem]


def is_trainer_of(*, expert: ExpertProfile, organisation: Organisation) -> bool:
    """The rule of ``selectors.trainers_of`` for one person."""
    return (
        ExpertLink.objects.filter(expert=expert, organisation=organisation)
        .filter(Q(expert__user__isnull=True) | Q(expert__user__is_active=True))
        .exists()
    )


def training_session_record(
    *, actor: User, organisation: Organisation, session: SessionInput
) -> tuple[TrainingSession, bool]:
    """Record a session and what its trainer is owed for it, in one transaction. The same
    session again (a second click, a second upload) returns the first with False, and records
    no second payment."""
    if not can_manage_trainings(actor, organisation):
        raise PermissionDenied
    if not is_trainer_of(expert=session.trainer, organisation=organisation):
        raise TrainingError(_("Choose one of the trainers who work with you."))
    if problems := session_problems(session):
        raise TrainingError(" ".join(problems))
    return _record(actor=actor, organisation=organisation, session=session)


def _record(
    *,
    actor: User | None,
    organisation: Organisation,
    session: SessionInput,
    key: str | None = None,
    known_new: bool = False,
    tell_payers: bool = True,
) -> tuple[TrainingSession, bool]:
    """Write a checked session and its payment line together, or nothing. ``known_new``: the
    caller has already looked for the key (the import reads them all at once); the unique
    constraint still catches a colleague's upload of the same session at the same moment."""
    key = key or session_key(session)
    if not known_new:
        existing = TrainingSession.objects.filter(organisation=organisation, key=key).first()
        if existing is not None:
            return existing, False
    claimed = session.expense_fields()
    try:
        with transaction.atomic():
            payment = payment_for_work(
                actor=actor,
                organisation=organisation,
                expert=session.trainer,
                work=WorkKind.TRAINING,
                description=f"{session.audience}, {session.place}",
                work_on=session.delivered_on,
                units=session.units,
                unit=session.unit,
                rate=session.rate,
                currency=session.currency,
                expenses_travel=claimed["expenses_travel"],
                expenses_data=claimed["expenses_data"],
                expenses_childcare=claimed["expenses_childcare"],
                expenses_other=claimed["expenses_other"],
                tell_payers=tell_payers,
            )
            created = TrainingSession.objects.create(
                organisation=organisation,
                trainer=session.trainer,
                audience=session.audience,
                delivered_on=session.delivered_on,
                place=session.place,
                participants=session.participants,
                feedback=session.feedback,
                rating=session.rating,
                payment=payment,
                key=key,
                recorded_by=actor,
            )
            audit_record(
                actor=actor,
                verb="training.record",
                target=created,
                organisation=str(organisation.pk),
                payment=str(payment.pk),
            )
    except PaymentError as error:
        raise TrainingError(str(error)) from None
    except IntegrityError:
        existing = TrainingSession.objects.filter(organisation=organisation, key=key).first()
        if existing is None:
            raise
        return existing, False
    return created, True


# Reading one row ---------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_WHOLE = re.compile(r"[+-]?\d+")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNITS = {"hours": "hour", "days": "day", "sessions": "session"}


@dataclass(frozen=True)
class RateBook:
    """The organisation's trainer rates, for rows that leave the unit or the rate empty."""

    rates: dict[tuple[str, str], Decimal]

    def units_in(self, currency: str) -> list[str]:
        return sorted(unit for cur, unit in self.rates if cur == currency)

    def rate(self, currency: str, unit: str) -> Decimal | None:
        # A session is paid as one fee: the flat rate (as compensation.rates.card_for reads it).
        return self.rates.get((currency, "flat" if unit == "session" else unit))


def _problem(column: str, problem: str) -> str:
    # Translators: a problem found in one column of a row of an uploaded file, e.g.
    # "date: Write the date as year-month-day". The column name stays as it is in the file.
    return _("%(column)s: %(problem)s") % {"column": column, "problem": problem}


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if _NUMBER.fullmatch(text) else None


def _number_problem() -> str:
    return _("Write a number with a point for decimals and no thousands separator, e.g. 1200.50.")


def parse_row(
    cells: Mapping[str, str], *, trainers: TrainerIndex, rates: RateBook
) -> SessionInput | list[str]:
    """One row of a file as a session, or every problem found in it (each naming its column)."""
    problems: list[str] = []

    def cell(column: str) -> str:
        return cells.get(column, "").strip()

    name = cell("trainer")
    trainer, matches = trainers.find(name) if name else (None, 0)
    if not name:
        problems.append(_problem("trainer", _("Write the trainer's chosen name or code.")))
    elif trainer is None and matches > 1:
        problems.append(
            _problem(
                "trainer",
                _(
                    "%(count)s of your trainers are called “%(name)s”. Write the trainer code "
                    "instead (the trainings page lists them)."
                )
                % {"count": format_number(matches), "name": name},
            )
        )
    elif trainer is None:
        problems.append(
            _problem(
                "trainer",
                _(
                    "No trainer who works with you is called “%(name)s” or has that code. The "
                    "trainings page lists their names and codes."
                )
                % {"name": name},
            )
        )

    day: datetime.date | None = None
    try:
        day = datetime.date.fromisoformat(cell("date")) if _DAY.fullmatch(cell("date")) else None
    except ValueError:
        day = None
    if day is None:
        problems.append(
            _problem("date", _("Write a real day as year-month-day, for example 2025-03-31."))
        )
    elif problem := delivered_on_problem(day):
        problems.append(_problem("date", problem))

    for column, required, limit in (
        ("audience", _("Say who the session was for."), AUDIENCE_MAX),
        ("place", _("Say where, as a town or district."), PLACE_MAX),
        ("feedback", None, FEEDBACK_MAX),
    ):
        if required and not cell(column):
            problems.append(_problem(column, required))
        elif problem := length_problem(cell(column), limit):
            problems.append(_problem(column, problem))

    participants = int(cell("participants")) if _WHOLE.fullmatch(cell("participants")) else 0
    if problem := participants_problem(participants):
        problems.append(_problem("participants", problem))

    rating: int | None = None
    if cell("rating"):
        rating = int(cell("rating")) if _WHOLE.fullmatch(cell("rating")) else 0
        if problem := rating_problem(rating):
            problems.append(_problem("rating", problem))

    units = _decimal(cell("units"))
    if units is None:
        problems.append(_problem("units", _number_problem()))
    elif problem := units_problem(units):
        problems.append(_problem("units", problem))

    currency = cell("currency").upper()
    if currency not in CURRENCY_CODES:
        problems.append(
            _problem(
                "currency",
                _("Write a currency code Seat knows, for example BDT or USD (“%(code)s” is not).")
                % {"code": cell("currency")},
            )
        )

    unit = cell("unit").lower()
    unit_unclear = False
    unit = _UNITS.get(unit, unit)
    if unit and unit not in LineUnit.values:
        unit_unclear = True
        problems.append(_problem("unit", _("Write hour, day, session or flat.")))
    elif not unit:
        known = rates.units_in(currency)
        unit_unclear = len(known) > 1
        if unit_unclear:
            problems.append(
                _problem(
                    "unit",
                    _(
                        "Your trainer rates in %(currency)s are per %(units)s: write which "
                        "one this session is paid by."
                    )
                    % {"currency": currency, "units": ", ".join(known)},
                )
            )
        unit = known[0] if len(known) == 1 else "hour"

    rate: Decimal | None
    if cell("rate"):
        rate = _decimal(cell("rate"))
        if rate is None:
            problems.append(_problem("rate", _number_problem()))
    else:
        rate = rates.rate(currency, unit)
        if rate is None and currency in CURRENCY_CODES and not unit_unclear:
            problems.append(
                _problem(
                    "rate",
                    _(
                        "Write the rate: you have no trainer rate in %(currency)s per "
                        "%(unit)s to start from."
                    )
                    % {"currency": currency, "unit": unit},
                )
            )

    expenses: dict[str, Decimal] = {}
    for column, field_name in EXPENSE_COLUMNS.items():
        if not cell(column):
            continue
        amount = _decimal(cell(column))
        if amount is None:
            problems.append(_problem(column, _number_problem()))
        else:
            expenses[field_name] = amount

    if currency in CURRENCY_CODES:
        for column, value in (
            ("rate", rate),
            *((c, expenses.get(f)) for c, f in EXPENSE_COLUMNS.items()),
        ):
            if value is not None and (problem := money_problem(value, currency)):
                problems.append(_problem(column, problem))

    if problems:
        return problems
    assert trainer is not None and day is not None
    assert units is not None and rate is not None
    session = SessionInput(
        trainer=trainer,
        delivered_on=day,
        audience=" ".join(cell("audience").split()),
        place=" ".join(cell("place").split()),
        participants=participants,
        units=units,
        unit=unit,
        rate=rate,
        currency=currency,
        feedback=cell("feedback"),
        rating=rating,
        expenses=expenses,
    )
    # What is left is the line as a whole: its total (more than zero, within the limit, whole
    # in a currency without cents).
    return session_problems(session) or session


# A whole file -------------------------------------------------------------------------------

# Rows written per transaction, each in a savepoint of its own; progress is saved with them.
ROWS_PER_TRANSACTION = 100
# A file still waiting this long lost its task (the worker was down); a run that has not moved
# this long stopped (its worker died). The periodic sweep runs either again, from where it was.
WAITING_TOO_LONG = datetime.timedelta(minutes=5)
RUNNING_TOO_LONG = datetime.timedelta(minutes=10)


def training_import_start(
    *, actor: User, organisation: Organisation, data: bytes, run: bool = True
) -> TrainingImport:
    """Accept a CSV file of sessions and have its rows written in the background (``run``:
    queued when this transaction commits, trainings.tasks). A file that cannot be read at all
    raises csvfile.ImportFileError, at once, and nothing is kept."""
    if not can_manage_trainings(actor, organisation):
        raise PermissionDenied
    table = read_table(data)
    with transaction.atomic():
        outcome = TrainingImport.objects.create(
            organisation=organisation,
            uploaded_by=actor,
            digest=hashlib.sha256(data).hexdigest(),
            header=table.header,
            rows=len(table.rows),
            text=data.decode("utf-8-sig"),
        )
        audit_record(
            actor=actor,
            verb="training.import",
            target=outcome,
            organisation=str(organisation.pk),
            rows=outcome.rows,
        )
        if run:
            transaction.on_commit(lambda: _enqueue(str(outcome.pk)))
    return outcome


def _enqueue(import_id: str) -> None:
    from seat.trainings.tasks import run_training_import

    try:
        run_training_import.enqueue(import_id)
    except Exception:
        # The upload is kept; the periodic sweep (training_imports_resume) writes its rows.
        logger.exception("could not enqueue training import %s", import_id)


def trainings_import(*, actor: User, organisation: Organisation, data: bytes) -> TrainingImport:
    """Accept a file and write its rows now, in this process (the command, the demo, tests)."""
    outcome = training_import_start(actor=actor, organisation=organisation, data=data, run=False)
    training_import_run(import_id=outcome.pk)
    outcome.refresh_from_db()
    return outcome


def training_import_run(*, import_id: Any) -> bool:
    """Write the rows of an accepted file, each row with its payment line all or nothing (a
    savepoint of its own): good rows are saved, bad rows are rejected with their row number and
    reasons, rows already in Seat are left as they are. Safe to run twice: only a run that
    claims a waiting file writes, and it resumes after the last chunk written. False when there
    was nothing to do."""
    claimed = TrainingImport.objects.filter(pk=import_id, status=ImportStatus.WAITING).update(
        status=ImportStatus.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return False
    outcome = TrainingImport.objects.select_related("organisation", "uploaded_by").get(pk=import_id)
    organisation = outcome.organisation
    actor = outcome.uploaded_by
    actor_pk = getattr(actor, "pk", None)
    table = read_table(outcome.text.encode())
    trainers = TrainerIndex(trainers_of(organisation=organisation))
    rates = RateBook(
        {
            (card.currency, card.unit): card.survivor_rate
            for card in trainer_rate_cards(organisation=organisation)
        }
    )
    parsed: list[tuple[int, list[str], SessionInput | list[str]]] = []
    for number, cells in table.rows:
        named = {
            column: value
            for column, value in zip(table.columns, cells, strict=False)
            if column is not None
        }
        extra = [value for value in cells[len(table.columns) :] if value]
        result = parse_row(named, trainers=trainers, rates=rates)
        if extra:
            more = _("This row has more cells than the file has columns.")
            result = [*result, more] if isinstance(result, list) else [more]
        parsed.append((number, cells, result))
    keys = {
        number: session_key(result)
        for number, _cells, result in parsed
        if isinstance(result, SessionInput)
    }
    # The first row of each session in the file, for the rows an earlier run already wrote.
    first_row_of: dict[str, int] = {}
    for number, _cells, _result in parsed[: outcome.next_index]:
        if number in keys:
            first_row_of.setdefault(keys[number], number)
    waiting = parsed[outcome.next_index :]
    existing = _existing_keys(
        organisation=organisation, keys={keys[n] for n, _c, _r in waiting if n in keys}
    )
    for start in range(0, len(waiting), ROWS_PER_TRANSACTION):
        chunk = waiting[start : start + ROWS_PER_TRANSACTION]
        # The chunk's rows and the progress that says so are committed together.
        with transaction.atomic():
            for number, cells, result in chunk:
                problems = result if isinstance(result, list) else []
                if isinstance(result, SessionInput):
                    key = keys[number]
                    if key in first_row_of:
                        problems = [
                            _(
                                "The same session as row %(row)s (same trainer, day, audience "
                                "and place): it is saved once."
                            )
                            % {"row": format_number(first_row_of[key])}
                        ]
                    elif key in existing:
                        first_row_of[key] = number
                        outcome.already_rows.append([number, existing[key]])
                        continue
                    else:
                        first_row_of[key] = number
                        try:
                            session, created = _record(
                                actor=actor,
                                organisation=organisation,
                                session=result,
                                key=key,
                                known_new=True,
                                tell_payers=False,
                            )
                        except TrainingError as error:
                            problems = [str(error)]
                        else:
                            target = outcome.saved_rows if created else outcome.already_rows
                            target.append([number, str(session.pk)])
                            continue
                outcome.rejected_rows.append({"row": number, "problems": problems, "cells": cells})
            outcome.next_index += len(chunk)
            _progress_save(outcome)
    outcome.status = ImportStatus.DONE
    outcome.text = ""
    outcome.finished_at = timezone.now()
    _progress_save(outcome, "status", "text", "finished_at")
    if outcome.saved_rows:
        # Those who approve hear once of the whole file, not once per line (never whose).
        notify(
            event=Event.PAYMENTS_IMPORTED,
            recipients=[u for u in payers_of(organisation=organisation) if u.pk != actor_pk],
            key=f"payments.imported:{outcome.pk}",
            url=reverse("compensation:payments-due"),
            context={"organisation": organisation.name, "count": len(outcome.saved_rows)},
        )
    audit_record(
        actor=actor,
        verb="training.import.done",
        target=outcome,
        saved=outcome.saved,
        already=outcome.already,
        rejected=outcome.rejected,
    )
    return True


def _progress_save(outcome: TrainingImport, *more: str) -> None:
    outcome.saved = len(outcome.saved_rows)
    outcome.already = len(outcome.already_rows)
    outcome.rejected = len(outcome.rejected_rows)
    outcome.save(
        update_fields=[
            "saved",
            "already",
            "rejected",
            "saved_rows",
            "already_rows",
            "rejected_rows",
            "next_index",
            "updated_at",
            *more,
        ]
    )


def training_imports_resume() -> int:
    """Periodic: run again the files whose task was lost or whose run stopped; returns how many
    were run. Each resumes after its last chunk written."""
    now = timezone.now()
    stranded = TrainingImport.objects.filter(
        Q(status=ImportStatus.WAITING, updated_at__lt=now - WAITING_TOO_LONG)
        | Q(status=ImportStatus.RUNNING, updated_at__lt=now - RUNNING_TOO_LONG)
    ).values_list("pk", "updated_at")
    count = 0
    for pk, updated_at in stranded:
        # Claimed back only if nobody moved it meanwhile.
        TrainingImport.objects.filter(pk=pk, updated_at=updated_at).update(
            status=ImportStatus.WAITING
        )
        count += training_import_run(import_id=pk)
    return count


def _existing_keys(*, organisation: Organisation, keys: set[str]) -> dict[str, str]:
    """The organisation's sessions among ``keys``: key -> session id (in chunks, under every
    database's limit of query parameters)."""
    found: dict[str, str] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        found.update(
            (key, str(pk))
            for key, pk in TrainingSession.objects.filter(
                organisation=organisation, key__in=ordered[start : start + 500]
            ).values_list("key", "pk")
        )
    return found
