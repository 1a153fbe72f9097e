"""Importing a CSV file of sessions: each bad row rejected with its row number and reason, good
rows saved with their payment lines, nothing saved twice."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from seat.compensation.enums import WorkKind
from seat.compensation.models import PaymentLine
from seat.compensation.rates import rate_card_create
from seat.tests.personas import make_expert, make_link
from seat.trainings.csvfile import MAX_ROWS, ImportFileError, read_table
from seat.trainings.models import TrainingImport, TrainingSession
from seat.trainings.selectors import trainers_of
from seat.trainings.services import trainings_import
from seat.trainings.tests.helpers import days_ago

pytestmark = pytest.mark.django_db

HEADER = "trainer,date,audience,place,participants,units,rate,currency,travel,feedback\n"


def row(
    trainer: str = "Tara",
    day: str | None = None,
    audience: str = "Mirpur police station",
    place: str = "Dhaka",
    participants: str = "20",
    units: str = "2",
    rate: str = "25.00",
    currency: str = "USD",
    travel: str = "",
    feedback: str = "",
) -> str:
    day = day if day is not None else days_ago(5).isoformat()
    cells = [trainer, day, audience, place, participants, units, rate, currency, travel, feedback]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def upload(world, text: str | bytes, who: str = "staff_a") -> TrainingImport:
    data = text.encode() if isinstance(text, str) else text
    return trainings_import(actor=getattr(world, who), organisation=world.org_a, data=data)


def problems(outcome: TrainingImport) -> dict[int, list[str]]:
    return {r["row"]: r["problems"] for r in outcome.rejected_rows}


def test_good_rows_are_saved_each_with_its_payment_line(world):
    outcome = upload(
        world,
        HEADER
        + row(travel="3.50", feedback="Clear and practical.")
        + row(audience="Savar police station", units="1.5", rate="30"),
    )
    assert (outcome.rows, outcome.saved, outcome.already, outcome.rejected) == (2, 2, 0, 0)
    first, second = (TrainingSession.objects.get(pk=pk) for _row, pk in outcome.saved_rows)
    assert [r for r, _pk in outcome.saved_rows] == [2, 3]
    assert first.payment.amount == Decimal("53.50")
    assert first.payment.expenses_travel == Decimal("3.50")
    assert first.feedback == "Clear and practical."
    assert second.payment.amount == Decimal("45.00")
    assert second.payment.due_on == days_ago(5) + __import__("datetime").timedelta(days=14)
    assert {s.trainer for s in (first, second)} == {world.expert}


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (
            row(trainer="Priya"),
            "trainer: No trainer who works with you is called “Priya” or has that code. The "
            "trainings page lists their names and codes.",
        ),
        # Rosa works with organisation B, not A.
        (row(trainer="Rosa"), "trainer: No trainer who works with you is called “Rosa”"),
        (row(day="31/03/2025"), "date: Write a real day as year-month-day"),
        (row(day="2025-02-30"), "date: Write a real day as year-month-day"),
        (row(day=days_ago(-2).isoformat()), "date: This day has not come yet"),
        (row(day=days_ago(400).isoformat()), "date: Choose a date after"),
        (row(units="-2"), "units: Enter how many hours, days or sessions, more than zero."),
        (row(units="2.125"), "units: Write the hours, days or sessions with at most 2 digits"),
        (row(units="two"), "units: Write a number with a point for decimals"),
        (row(rate="1,200.50"), "rate: Write a number with a point for decimals"),
        (row(rate="25.005"), "rate: USD has at most 2 digits after the decimal point."),
        (
            row(currency="XOF", rate="1500.50"),
            "rate: XOF has no smaller unit: enter a whole number.",
        ),
        (row(currency="EURO"), "currency: Write a currency code Seat knows"),
        (row(travel="-5"), "travel: This cannot be negative."),
        (row(participants="0"), "participants: Write how many people took part"),
        (row(participants="12.5"), "participants: Write how many people took part"),
        (row(audience=""), "audience: Say who the session was for."),
        (row(place=""), "place: Say where, as a town or district."),
        (row(feedback="x" * 301), "feedback: Keep it to 300 characters (now 301)."),
        (row(rate="0"), "The total to pay must be more than zero."),
    ],
)
def test_each_bad_row_is_rejected_with_its_row_number_and_reason(world, bad, expected):
    outcome = upload(world, HEADER + row(audience="Good one") + bad)
    assert (outcome.saved, outcome.rejected) == (1, 1)
    (found,) = problems(outcome)[3]
    assert found.startswith(expected)
    assert TrainingSession.objects.count() == 1
    assert PaymentLine.objects.filter(work=WorkKind.TRAINING).count() == 1


def test_a_row_lists_all_its_problems(world):
    outcome = upload(world, HEADER + row(trainer="Priya", units="-1", currency="ZZZ"))
    assert [p.split(":")[0] for p in problems(outcome)[2]] == ["trainer", "units", "currency"]


def test_a_duplicate_within_the_file_is_rejected_and_saved_once(world):
    outcome = upload(
        world, HEADER + row() + row(audience="  mirpur POLICE station ", place="DHAKA", units="5")
    )
    assert (outcome.saved, outcome.rejected) == (1, 1)
    assert problems(outcome)[3] == [
        "The same session as row 2 (same trainer, day, audience and place): it is saved once."
    ]


def test_the_same_file_again_creates_nothing_and_says_so(client, world):
    text = HEADER + row() + row(audience="Savar police station") + row(trainer="Priya")
    first = upload(world, text)
    again = upload(world, text)
    assert (again.saved, again.already, again.rejected) == (0, 2, 1)
    assert again.already_rows == first.saved_rows
    assert TrainingSession.objects.count() == 2
    assert PaymentLine.objects.filter(work=WorkKind.TRAINING).count() == 2
    client.force_login(world.staff_a)
    page = client.get(f"/trainings/imports/{again.pk}/").content.decode()
    assert "Nothing new was saved: the 2 sessions in this file that could be read were" in page
    assert "The same file was uploaded before" in page


def test_a_trainer_is_found_by_code_and_a_shared_name_is_refused(world):
    namesake = make_expert("tara-two", "Tara")
    make_link(world.staff_a, namesake, world.org_a)
    codes = {t.expert: t.code for t in trainers_of(organisation=world.org_a)}
    outcome = upload(
        world,
        HEADER + row(trainer="tara") + row(trainer=codes[namesake].lower(), audience="School"),
    )
    assert problems(outcome)[2] == [
        "trainer: 2 of your trainers are called “tara”. Write the trainer code instead (the "
        "trainings page lists them)."
    ]
    (saved,) = TrainingSession.objects.all()
    assert saved.trainer == namesake


def test_rate_and_unit_come_from_the_trainer_rate_card_when_left_empty(world):
    for unit, rate in (("day", "2400.00"), ("flat", "900.00")):
        rate_card_create(
            actor=world.admin_a,
            organisation=world.org_a,
            role="trainer",
            unit=unit,
            currency="BDT",
            survivor_rate=Decimal(rate),
            peer_rate=Decimal("3000.00"),
        )
    text = (
        "trainer,date,audience,place,participants,units,unit,rate,currency\n"
        f"Tara,{days_ago(5)},Tongi police station,Gazipur,18,1,day,,BDT\n"
        f"Tara,{days_ago(5)},Tongi school,Gazipur,40,2,session,,BDT\n"
        f"Tara,{days_ago(6)},Tongi school,Gazipur,40,3,hour,,BDT\n"
        f"Tara,{days_ago(7)},Tongi school,Gazipur,40,3,,,USD\n"
        f"Tara,{days_ago(8)},Tongi school,Gazipur,40,3,,,BDT\n"
    )
    outcome = upload(world, text)
    by_day = TrainingSession.objects.order_by("audience")
    assert [(s.payment.unit, s.payment.rate, s.payment.amount) for s in by_day] == [
        ("day", Decimal("2400.00"), Decimal("2400.00")),
        # A session is paid as one fee: the flat rate.
        ("session", Decimal("900.00"), Decimal("1800.00")),
    ]
    assert problems(outcome) == {
        4: ["rate: Write the rate: you have no trainer rate in BDT per hour to start from."],
        5: ["rate: Write the rate: you have no trainer rate in USD per hour to start from."],
        6: [
            "unit: Your trainer rates in BDT are per day, flat: write which one this session is "
            "paid by."
        ],
    }


def test_a_file_seat_cannot_read_saves_nothing(world):
    cases = {
        b"": "The file is empty.",
        HEADER.encode(): "no sessions under them",
        (HEADER + row(feedback="Très bien")).encode("latin-1"): "not in UTF-8",
        b"trainer,date,audience,place,participants,units,currency,colour\n": "colour",
        b"trainer,date,audience,place,participants,units\n": "missing: currency",
        b"trainer,date,date,audience,place,participants,units,currency\n": "there twice: date",
        (HEADER + 'Tara,"2025-01-01,x\n').encode(): "a quotation mark is not closed",
        b"\x00\x01PK" * 10: "not a CSV file",
    }
    for data, message in cases.items():
        with pytest.raises(ImportFileError, match=message):
            upload(world, data)
    assert not TrainingImport.objects.exists()
    assert not TrainingSession.objects.exists()


def test_limits_of_size_and_rows():
    with pytest.raises(ImportFileError, match="larger than 1 MB"):
        read_table(b"x" * (1024 * 1024 + 1))
    many = HEADER + "Tara,2025-01-01,A,B,1,1,1,USD,,\n" * (MAX_ROWS + 1)
    with pytest.raises(ImportFileError, match="more than 5,000 sessions"):
        read_table(many.encode())
    assert (
        len(read_table((HEADER + "Tara,2025-01-01,A,B,1,1,1,USD,,\n" * MAX_ROWS).encode()).rows)
        == MAX_ROWS
    )


def test_bom_semicolons_blank_rows_and_an_unnamed_last_column_are_read(world):
    text = (
        "\ufefftrainer;date;audience;place;participants;units;rate;currency;\n"
        f"Tara;{days_ago(5)};Mirpur police station;Dhaka;20;2;25;usd;\n"
        ";;;;;;;;\n"
        f"Tara;{days_ago(6)};Savar police station;Savar;20;2;25;USD;\n"
    )
    outcome = upload(world, text.encode("utf-8"))
    assert (outcome.saved, outcome.rejected) == (2, 0)
    assert [r for r, _pk in outcome.saved_rows] == [2, 4]


def test_the_rejected_rows_download_fixes_and_comes_back(client, world):
    outcome = upload(
        world,
        HEADER
        + row()
        + row(trainer="Priya", audience="School A", feedback="-not a formula")
        + row(units="-2", audience="School B"),
    )
    client.force_login(world.finance_a)  # finance reads reports too
    download = client.get(f"/trainings/imports/{outcome.pk}/rejected.csv")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="rejected-rows.csv"'
    text = download.content.decode("utf-8")
    assert text.startswith("\ufefftrainer,date,")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[0][-1] == "problem"
    # Defused for the spreadsheet: a cell starting with '-' is text, not a formula.
    assert lines[1][0] == "Priya" and lines[1][9] == "'-not a formula"
    assert lines[2][5] == "'-2"
    assert lines[1][-1].startswith("trainer: No trainer who works with you")
    # Fixed in the spreadsheet and uploaded again: the apostrophes are read past, the problem
    # column too, and only the fixed rows are saved.
    lines[1][0] = "Tara"
    lines[2][5] = "2"
    fixed = io.StringIO()
    csv.writer(fixed).writerows(lines)
    again = upload(world, "\ufeff" + fixed.getvalue())
    assert (again.saved, again.rejected) == (2, 0)
    saved = TrainingSession.objects.get(pk=again.saved_rows[0][1])
    assert saved.feedback == "-not a formula"
    assert TrainingSession.objects.count() == 3


def test_the_import_page_and_its_report(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.staff_a)
    page = client.get(f"/trainings/{world.org_a.pk}/import/").content.decode()
    assert "T-" in page and "<code>participants</code>" in page
    # The immediate task backend (tests, demo, SQLite) writes the rows as the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/trainings/{world.org_a.pk}/import/",
            {"file": SimpleUploadedFile("s.csv", (HEADER + row() + row(trainer="Priya")).encode())},
        )
    outcome = TrainingImport.objects.get()
    assert response["Location"] == f"/trainings/imports/{outcome.pk}/"
    report = client.get(response["Location"]).content.decode()
    assert "No trainer who works with you is called “Priya”" in report
    assert f"/trainings/imports/{outcome.pk}/rejected.csv" in report
    assert "Mirpur police station" in report


def test_a_file_that_cannot_be_read_is_explained_on_the_page(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        f"/trainings/{world.org_a.pk}/import/",
        {"file": SimpleUploadedFile("s.csv", b"name,day\nTara,yesterday\n")},
    )
    assert response.status_code == 400
    assert "Seat does not know these columns: name, day." in response.content.decode()
    assert not TrainingImport.objects.exists()


def test_the_template_lists_the_columns(client, world):
    client.force_login(world.staff_a)
    text = client.get(f"/trainings/{world.org_a.pk}/import/columns.csv").content.decode()
    assert text == (
        "\ufefftrainer,date,audience,place,participants,units,unit,rate,currency,travel,data,"
        "childcare,other,feedback,rating\r\n"
    )


def test_the_command_imports_through_the_same_service(world, tmp_path, capsys):
    path = tmp_path / "sessions.csv"
    path.write_text(HEADER + row() + row(trainer="Priya"), encoding="utf-8")
    call_command("import_trainings", str(path), organisation=str(world.org_a.pk), user="staff-a")
    out = capsys.readouterr().out
    assert "2 rows: 1 saved, 0 already recorded, 1 rejected." in out
    assert "row 2" not in out and "row 3: trainer: No trainer" in out
    assert TrainingSession.objects.count() == 1


# Written in the background ------------------------------------------------------------------


def test_an_upload_is_written_in_the_background_and_once(
    client, world, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from seat.trainings.services import training_import_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(world.staff_a)
    text = HEADER + row() + row(audience="Savar police station")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/trainings/{world.org_a.pk}/import/",
            {"file": SimpleUploadedFile("s.csv", text.encode())},
        )
    outcome = TrainingImport.objects.get()
    # Queued, not written: the page that took the file answered at once.
    assert (outcome.status, outcome.next_index, TrainingSession.objects.count()) == (
        "waiting",
        0,
        0,
    )
    task = DBTaskResult.objects.get(task_path="seat.trainings.tasks.run_training_import")
    assert task.args_kwargs["args"] == [str(outcome.pk)]
    page = client.get(f"/trainings/imports/{outcome.pk}/").content.decode()
    assert "Seat is writing the sessions of this file: 0 of 2 rows so far." in page
    assert training_import_run(import_id=outcome.pk) is True
    assert training_import_run(import_id=outcome.pk) is False  # a second run writes nothing
    outcome.refresh_from_db()
    assert (outcome.status, outcome.saved, outcome.text) == ("done", 2, "")
    assert TrainingSession.objects.count() == 2
    assert "Seat is writing" not in client.get(f"/trainings/imports/{outcome.pk}/").content.decode()


def test_a_run_that_stopped_resumes_after_its_last_written_chunk(world, monkeypatch):
    import datetime

    from seat.trainings import services

    monkeypatch.setattr(services, "ROWS_PER_TRANSACTION", 2)
    text = (
        HEADER
        + row(audience="One")
        + row(audience="Two")
        + row(audience="Three")
        + row(audience="one")  # the same session as row 2, after the stop
        + row(audience="Four")
    )
    outcome = services.training_import_start(
        actor=world.staff_a, organisation=world.org_a, data=text.encode(), run=False
    )
    written = services._record
    calls = []

    def worker_dies_on_the_third_row(**kwargs):
        calls.append(kwargs["session"].audience)
        if kwargs["session"].audience == "Three" and calls.count("Three") == 1:
            raise RuntimeError("the worker died")
        return written(**kwargs)

    monkeypatch.setattr(services, "_record", worker_dies_on_the_third_row)
    with pytest.raises(RuntimeError):
        services.training_import_run(import_id=outcome.pk)
    outcome.refresh_from_db()
    assert (outcome.status, outcome.next_index, outcome.saved) == ("running", 2, 2)
    assert TrainingSession.objects.count() == 2
    # Not moved for long: the periodic sweep runs it again, from row 4 on.
    assert services.training_imports_resume() == 0
    TrainingImport.objects.filter(pk=outcome.pk).update(
        updated_at=outcome.updated_at - datetime.timedelta(minutes=11)
    )
    assert services.training_imports_resume() == 1
    outcome.refresh_from_db()
    assert (outcome.status, outcome.saved, outcome.already, outcome.rejected) == ("done", 4, 0, 1)
    assert problems(outcome) == {
        5: ["The same session as row 2 (same trainer, day, audience and place): it is saved once."]
    }
    assert TrainingSession.objects.count() == 4
    assert PaymentLine.objects.filter(work=WorkKind.TRAINING).count() == 4


def test_those_who_approve_hear_once_of_a_whole_file(world):
    """Each payer gets one message for the file (how many payments wait), not one per line;
    the person who uploaded it gets none."""
    from seat.notifications.models import Notification

    text = HEADER + "".join(row(audience=f"Police station {n}") for n in range(12))
    outcome = upload(world, text, who="admin_a")
    assert outcome.saved == 12
    lines = PaymentLine.objects.filter(work=WorkKind.TRAINING).values_list("pk", flat=True)
    assert not Notification.objects.filter(key__in=[f"payment.recorded:{pk}" for pk in lines])
    told = Notification.objects.filter(event="payments.imported")
    assert [(n.recipient, n.context["count"]) for n in told] == [(world.finance_a, 12)]
    # A second file is one more message to each payer who did not upload it.
    outcome = upload(world, HEADER + row(audience="Savar police station"), who="staff_a")
    assert Notification.objects.filter(event="payments.imported").count() == 3
