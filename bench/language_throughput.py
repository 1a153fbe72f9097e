"""Throughput of Seat's terminology checker against the npm linter alex, on the same text.

    uv run python bench/language_throughput.py [--size BYTES] [--alex-bytes BYTES] [--runs N]

Builds a ~1 MB English text from the labelled corpus (clean and flagged sentences, shuffled with a
fixed seed), then times, in one run:
- Seat's checker over the whole text, streamed from the file as the CLI does (best of N runs,
  lexicon compiled beforehand; the compile time is printed too);
- the CLI end to end (`seat check-language FILE`: interpreter start, Django set-up, output);
- `node_modules/.bin/alex --text FILE` on the same file (about 7 s for 1 MB here; on a slower
  machine pass --alex-bytes 100000 to give it a slice: throughput is compared in bytes per
  second either way, and alex's node start-up time is printed so it can be discounted).
Targets (issue 4): at least 10x alex's throughput, and 1 MB in under a second.
This is a benchmark, not a test: it prints figures and exits 0.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")

import django  # noqa: E402

django.setup()

from seat.language.engine import get_checker, read_segments  # noqa: E402
from seat.language.lexicon import builtin_lexicon  # noqa: E402
from seat.language.quality import load_corpus  # noqa: E402

ALEX = ROOT / "node_modules" / ".bin" / "alex"
SEAT = Path(sys.executable).with_name("seat")


def build_text(size: int) -> bytes:
    sentences = [example.sentence for example in load_corpus("en")]
    rng = random.Random(4)  # noqa: S311 - a fixed, reproducible mix, not security
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
        lines.append(line)
        total += len(line.encode()) + 1
    return ("\n".join(lines) + "\n").encode()


def time_seat(path: Path, runs: int) -> tuple[float, int]:
    checker = get_checker("en")
    best, count = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        with path.open("rb") as stream:
            count = sum(1 for _ in checker.check_segments(read_segments(stream)))
        best = min(best, time.perf_counter() - start)
    return best, count


def time_command(args: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, check=False)  # noqa: S603
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of text (default 1 MB)")
    parser.add_argument(
        "--alex-bytes", type=int, default=0, help="give alex only this many bytes (0: all)"
    )
    parser.add_argument("--runs", type=int, default=3, help="Seat runs; the best is kept")
    options = parser.parse_args()

    text = build_text(options.size)
    with tempfile.TemporaryDirectory() as folder:
        full = Path(folder) / "text.txt"
        full.write_bytes(text)
        size = len(text)
        lines = text.count(b"\n")
        print(f"text: {size:,} bytes, {lines:,} lines, English, from the corpus")

        start = time.perf_counter()
        builtin_lexicon.cache_clear()
        get_checker.cache_clear()
        get_checker("en")
        print(f"Seat: lexicon compiled in {time.perf_counter() - start:.3f} s (once per process)")
        seconds, findings = time_seat(full, options.runs)
        seat_rate = size / seconds
        print(f"Seat: {seconds:.3f} s for {size:,} bytes, {findings:,} findings")
        print(f"Seat: {seat_rate:,.0f} bytes/s; 1 MB in {1_000_000 / seat_rate:.3f} s")
        if SEAT.exists():
            cli, status = time_command([str(SEAT), "check-language", str(full)])
            print(f"Seat CLI end to end (start-up, Django, output): {cli:.3f} s, exit {status}")

        if not ALEX.exists():
            print(f"alex: not installed ({ALEX} is missing); run `npm install` in {ROOT}")
            return
        sample = full
        if options.alex_bytes and options.alex_bytes < size:
            cut = text.rfind(b"\n", 0, options.alex_bytes) + 1
            sample = Path(folder) / "slice.txt"
            sample.write_bytes(text[:cut])
        sample_size = sample.stat().st_size
        empty = Path(folder) / "empty.txt"
        empty.write_text("Hello.\n", encoding="utf-8")
        startup, _ = time_command([str(ALEX), "--text", str(empty)])
        alex_seconds, status = time_command([str(ALEX), "--text", str(sample)])
        alex_rate = sample_size / alex_seconds
        print(
            f"alex: {alex_seconds:.3f} s for {sample_size:,} bytes (exit {status}); "
            f"{alex_rate:,.0f} bytes/s (node start-up alone: {startup:.3f} s)"
        )
        if alex_seconds > startup:
            print(f"alex without start-up: {sample_size / (alex_seconds - startup):,.0f} bytes/s")
        ratio = seat_rate / alex_rate
        print(f"ratio: Seat is {ratio:,.0f}x alex's throughput (target: at least 10x)")
        print(
            "targets: "
            + ("met" if ratio >= 10 and 1_000_000 / seat_rate < 1 else "NOT met")
            + f" (10x: {ratio >= 10}; 1 MB under 1 s: {1_000_000 / seat_rate < 1})"
        )


if __name__ == "__main__":
    main()
