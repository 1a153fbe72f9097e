"""``seat check-language [--lang CODE] [--format text|json] FILE|-``

Reads the file (or standard input) as a UTF-8 stream, a line at a time, and prints each finding
as it is found, like a compiler: ``FILE:LINE:COL: severity rule: “text”: reason (suggest: …)``,
or a JSON list. Exit status: 1 when a finding of warning or error severity is present, 0 when
clean, 2 on a usage error (no such file, empty, binary or invalid UTF-8 input, unknown language,
malformed lexicon).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from seat.language.engine import (
    CHUNK_BYTES,
    Checker,
    Finding,
    InputError,
    MultiChecker,
    Segment,
    checker_for,
    get_checker,
    read_segments,
)
from seat.language.lexicon import LexiconError, UnknownLanguage, available_languages, load_lexicon

USAGE_ERROR = 2


class _Prefixed:
    """A byte stream that first replays bytes already read (to guess the language) and then
    continues with the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head = head
        self.rest = rest

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size < 0:
                taken, self.head = self.head + self.rest.read(), b""
            else:
                taken, self.head = self.head[:size], self.head[size:]
            return taken
        return self.rest.read(size)


class Command(BaseCommand):
    help = _(
        "Check text for labelling and stigmatising terms. Exit status 1 when a warning or error "
        "is found, 0 when clean, 2 on a usage error."
    )
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, "check-language", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", metavar="FILE", help=_("a UTF-8 text file, or - to read standard input")
        )
        parser.add_argument(
            "--lang",
            default="en",
            help=_("lexicon to use: %(codes)s, or auto to guess (default: en)")
            % {"codes": ", ".join(available_languages())},
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help=_("output format")
        )
        parser.add_argument(
            "--lexicon",
            metavar="TOML",
            help=_("check against this lexicon file instead of a built-in one (to try an edit)"),
        )

    def fail(self, message: str) -> None:
        self.stderr.write(_("check-language: %(message)s") % {"message": message})
        raise SystemExit(USAGE_ERROR)

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        display = "<stdin>" if name == "-" else name
        with contextlib.ExitStack() as stack:
            source: BinaryIO = sys.stdin.buffer
            if name != "-":
                try:
                    source = stack.enter_context(Path(name).open("rb"))
                except OSError as error:
                    self.fail(
                        _("cannot read %(file)s: %(error)s.")
                        % {"file": name, "error": error.strerror}
                    )
            try:
                checker, stream = self.checker(options["lang"], options["lexicon"], source)
                status = self.run(checker, stream, display, options["format"])
            except BrokenPipeError:
                # The reader went away (``| head``): stop quietly, as other command-line tools do.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                raise SystemExit(1) from None
            except KeyboardInterrupt:
                raise SystemExit(130) from None
        if status:
            raise SystemExit(status)

    def checker(
        self, lang: str, lexicon: str | None, stream: BinaryIO
    ) -> tuple[Checker | MultiChecker, BinaryIO]:
        try:
            if lexicon:
                return Checker(load_lexicon(Path(lexicon))), stream
            if lang == "auto":
                head = stream.read(CHUNK_BYTES)
                sample = head.decode("utf-8", errors="ignore")
                return checker_for("auto", sample), cast(BinaryIO, _Prefixed(head, stream))
            return get_checker(lang), stream
        except (UnknownLanguage, LexiconError) as error:
            self.fail(str(error))
            raise  # unreachable: fail() exits

    def run(
        self, checker: Checker | MultiChecker, stream: BinaryIO, display: str, output: str
    ) -> int:
        """Print the findings as they are found; return the exit status."""
        counts = {"error": 0, "warning": 0, "suggestion": 0}
        seen_text = [False]

        def watched(segments: Iterator[Segment]) -> Iterator[Segment]:
            for segment in segments:
                if not seen_text[0] and segment.text.strip():
                    seen_text[0] = True
                yield segment

        findings = checker.check_segments(watched(read_segments(stream)))
        write = self.stdout.write
        problem: str | None = None
        try:
            if output == "json":
                write("[", ending="")
                separator = "\n  "
                try:
                    for finding in findings:
                        counts[finding.severity] += 1
                        write(
                            separator + json.dumps(finding.as_dict(), ensure_ascii=False), ending=""
                        )
                        separator = ",\n  "
                finally:
                    write("\n]" if separator != "\n  " else "]")
            else:
                for finding in findings:
                    counts[finding.severity] += 1
                    write(text_line(display, finding))
        except InputError as error:
            problem = str(error)
        self.stdout.flush()
        if problem:
            self.fail(problem)
        if not seen_text[0]:
            self.fail(_("nothing to check: the input is empty."))
        if output == "text" and any(counts.values()):
            self.stderr.write(
                _(
                    "%(file)s: errors: %(errors)d, warnings: %(warnings)d, suggestions: %(suggestions)d"
                )
                % {
                    "file": display,
                    "errors": counts["error"],
                    "warnings": counts["warning"],
                    "suggestions": counts["suggestion"],
                }
            )
        return 1 if counts["error"] or counts["warning"] else 0


def text_line(display: str, finding: Finding) -> str:
    """One finding in the compiler-like format (kept in English: tools parse it)."""
    line = (
        f"{display}:{finding.line}:{finding.column}: {finding.severity} {finding.rule}: "
        f"“{finding.text}”: {finding.reason}"
    )
    if finding.suggestions:
        line += f" (suggest: {', '.join(finding.suggestions)})"
    return line
