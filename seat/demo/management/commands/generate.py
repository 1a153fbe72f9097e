"""``seat generate``: synthetic data at scale, for benchmarks (seat.demo.synthetic)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seat.demo.synthetic import (
    MAX_CONTRIBUTIONS,
    MAX_EXPERTS,
    MAX_ORGANISATIONS,
    SyntheticRefused,
    synthetic_generate,
)


class Command(BaseCommand):
    help = (
        "Fill an empty database with synthetic organisations, experts and contributions, "
        "for benchmarks. Refuses a database that holds other data unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisations", type=int, default=10, help=f"At most {MAX_ORGANISATIONS:,}."
        )
        parser.add_argument("--experts", type=int, default=500, help=f"At most {MAX_EXPERTS:,}.")
        parser.add_argument(
            "--contributions", type=int, default=5_000, help=f"At most {MAX_CONTRIBUTIONS:,}."
        )
        parser.add_argument(
            "--big-organisation-contributions",
            type=int,
            default=None,
            help="How many of the contributions the first organisation holds; the rest are "
            "spread over the others.",
        )
        parser.add_argument("--seed", type=int, default=0, help="The same seed, the same data.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write beside data that is not synthetic (never into a production database).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()

        def say(message: str) -> None:
            self.stdout.write(f"  {message}")

        try:
            counts = synthetic_generate(
                organisations=options["organisations"],
                experts=options["experts"],
                contributions=options["contributions"],
                big_organisation_contributions=options["big_organisation_contributions"],
                seed=options["seed"],
                force=options["force"],
                progress=say if options["verbosity"] >= 1 else None,
            )
        except SyntheticRefused as refused:
            raise CommandError(str(refused)) from None
        seconds = time.monotonic() - started
        self.stdout.write(f"Synthetic data written in {seconds:.1f} s:")
        for label, count in counts.as_rows():
            self.stdout.write(f"  {label:<18} {count:>10,}")
