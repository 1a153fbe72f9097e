"""``seat check-language``: compiler-like output, JSON, exit status, and bad input without a
traceback. Most cases call the command in-process; a few run the real ``seat`` script."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

SEAT = Path(sys.executable).with_name("seat")
TEXT = "Survivors lead the council.\nThe prostitutes were\r\nrescued girls.\n"


def run(*args: str, stdin: bytes | None = None, monkeypatch=None) -> int:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    try:
        call_command("check_language", *args)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_text_output_reads_like_a_compiler_and_exits_1_on_warnings(report, capsys):
    assert run(str(report)) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{report}:2:5: warning prostitute: “prostitutes”: Labels a person by what they do or what "
        "was done to them, carries stigma, and conflates survivors of trafficking with people who "
        "sell sex. (suggest: person in the sex trade, person who sells sex, person who has "
        "experienced sexual exploitation)",
        f"{report}:3:1: warning rescued: “rescued girls”: Casts people as passive objects of a "
        "saviour; they are survivors with their own agency. (suggest: women who were supported, "
        "girls who were identified and assisted, survivors)",
    ]
    assert err == f"{report}: errors: 0, warnings: 2, suggestions: 0\n"


def test_json_output_lists_every_finding_with_its_offsets(report, capsys):
    assert run("--format", "json", str(report)) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [
        (f["line"], f["column"], f["start"], f["end"], f["text"], f["rule"], f["severity"])
        for f in findings
    ] == [
        (2, 5, 32, 43, "prostitutes", "prostitute", "warning"),
        (3, 1, 50, 63, "rescued girls", "rescued", "warning"),
    ]
    assert set(findings[0]) == {
        "line", "column", "start", "end", "text", "rule", "severity", "suggestions", "reason",
    }  # fmt: skip
    assert [TEXT[f["start"] : f["end"]] for f in findings] == ["prostitutes", "rescued girls"]


def test_clean_text_exits_0_and_suggestions_alone_do_not_fail(tmp_path, capsys):
    clean = tmp_path / "clean.txt"
    clean.write_text("Pay every contributor within 30 days.\n", encoding="utf-8")
    assert run(str(clean)) == 0
    assert capsys.readouterr() == ("", "")
    assert run("--format", "json", str(clean)) == 0
    assert json.loads(capsys.readouterr().out) == []
    mild = tmp_path / "mild.txt"
    mild.write_text("Most victims were recruited by relatives.\n", encoding="utf-8")
    assert run(str(mild)) == 0
    assert "suggestion victim-label" in capsys.readouterr().out


def test_standard_input_and_another_language(monkeypatch, capsys):
    code = run("--lang", "bn", "-", stdin="উদ্ধারকৃত মেয়েরা\n".encode(), monkeypatch=monkeypatch)
    assert code == 1
    assert capsys.readouterr().out.startswith("<stdin>:1:1: warning rescued: “উদ্ধারকৃত মেয়েরা”")


def test_auto_guesses_the_language_from_the_start_of_the_input(monkeypatch, capsys):
    text = "Las niñas rescatadas fueron trasladadas a un albergue de la ciudad.\n" * 3
    assert run("--lang", "auto", "-", stdin=text.encode(), monkeypatch=monkeypatch) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["warning rescued"] * 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "check-language: nothing to check: the input is empty.\n"),
        (b" \n\t\n", "check-language: nothing to check: the input is empty.\n"),
        (
            b"PNG\x00\x01\x02",
            "check-language: The input looks binary (a NUL byte at byte 3); give UTF-8 text.\n",
        ),
        (
            "Café ".encode() + b"\xe9t\xe9",
            "check-language: The input is not valid UTF-8 (at byte 6); save it as UTF-8 and try again.\n",
        ),
    ],
)
def test_bad_input_is_a_usage_error_with_a_clear_message(monkeypatch, capsys, data, message):
    assert run("-", stdin=data, monkeypatch=monkeypatch) == 2
    assert capsys.readouterr().err == message


def test_findings_before_bad_bytes_are_still_reported(monkeypatch, capsys):
    data = b"The pimps.\n" + b"\xff"
    assert run("--format", "json", "-", stdin=data, monkeypatch=monkeypatch) == 2
    out, err = capsys.readouterr()
    assert [f["text"] for f in json.loads(out)] == ["pimps"]
    assert "not valid UTF-8 (at byte 11)" in err


def test_unknown_language_missing_file_and_malformed_lexicon_are_usage_errors(
    report, tmp_path, capsys
):
    assert run("--lang", "xx", str(report)) == 2
    assert capsys.readouterr().err == (
        "check-language: Unknown language “xx”. Choose one of: auto, ar, bn, en, es, fr, hi, id, km, ne, tl.\n"
    )
    assert run(str(tmp_path / "missing.txt")) == 2
    assert capsys.readouterr().err == (
        f"check-language: cannot read {tmp_path / 'missing.txt'}: No such file or directory.\n"
    )
    lexicon = tmp_path / "en.toml"
    lexicon.write_text('lang = "en"\nname = "English"\n[[rule]]\nid = "pimp"\n', encoding="utf-8")
    assert run("--lexicon", str(lexicon), str(report)) == 2
    assert capsys.readouterr().err == (
        f"check-language: {lexicon}: rule “pimp”: “severity” must be one of: "
        "error, warning, suggestion.\n"
    )


def test_a_lexicon_under_review_can_be_tried_on_a_file(report, tmp_path, capsys):
    lexicon = tmp_path / "draft.toml"
    lexicon.write_text(
        'lang = "en"\nname = "Draft"\n[[rule]]\nid = "council"\nseverity = "error"\n'
        'terms = ["council"]\nsuggestions = ["board"]\nreason = "Testing."\n',
        encoding="utf-8",
    )
    assert run("--lexicon", str(lexicon), str(report)) == 1
    assert capsys.readouterr().out == (
        f"{report}:1:20: error council: “council”: Testing. (suggest: board)\n"
    )


def seat(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    if not SEAT.exists():
        pytest.skip("the seat console script is not installed in this environment")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "seat.settings"}
    return subprocess.run([str(SEAT), *args], input=stdin, capture_output=True, env=env, timeout=60)


def test_the_seat_script_takes_the_hyphenated_name_and_streams_a_long_line():
    # A 3 MB line with no newline: read in chunks and cut into segments, never whole.
    line = b"Survivors advise the ministry on the plan. " * 70_000 + b"The pimps."
    done = seat("check-language", "--format", "json", "-", stdin=line)
    assert done.returncode == 1, done.stderr
    (finding,) = json.loads(done.stdout)
    assert (finding["line"], finding["column"], finding["text"]) == (1, len(line) - 5, "pimps")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["check-language", "-"], b"\x00\x01", b"The input looks binary"),
        (["check-language", "-"], b"\xc3\x28", b"not valid UTF-8"),
        (["check-language", "--lang", "klingon", "-"], b"text", b"Unknown language"),
        (["check-language", "--format", "xml", "-"], b"text", b"invalid choice: 'xml'"),
        (["check-language"], b"", b"the following arguments are required: FILE"),
    ],
)
def test_the_seat_script_never_prints_a_traceback(args, stdin, message):
    done = seat(*args, stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr
    assert b"Traceback" not in done.stderr
