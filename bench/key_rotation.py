"""Values per second of ``seat rotate-keys`` (``seat.core.privacy.rotation.rotate_keys``):
20,000 encrypted values written under an old key, re-encrypted under a new one put first, then
the same again (a second run finds nothing to do).

    uv run python bench/key_rotation.py [--values 20000] [--batch-size 500]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_keys uv run python bench/key_rotation.py

It builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL: the database is
flushed first), writes the values as outgoing text messages (one encrypted column each), times
the service itself, and checks every value reads back the same under the new key alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SEAT_DATA_DIR", tempfile.mkdtemp(prefix="seat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")
os.environ.setdefault("SEAT_ENV", "demo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()

    import django

    django.setup()
    from cryptography.fernet import Fernet
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if os.environ.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)

    from seat.core.privacy.rotation import rotate_keys
    from seat.sms.models import SmsOutbound

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]
    texts = [f"Message {n:06d} for +880 1711 {n:06d}" for n in range(args.values)]
    SmsOutbound.objects.bulk_create(
        [SmsOutbound(key=f"bench-{n}", body=text) for n, text in enumerate(texts)],
        batch_size=1000,
    )
    settings.ENCRYPTION_KEYS = [new, old]

    started = time.perf_counter()
    first = rotate_keys(batch_size=args.batch_size)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = rotate_keys(batch_size=args.batch_size)
    second_seconds = time.perf_counter() - started

    settings.ENCRYPTION_KEYS = [new]
    read = list(SmsOutbound.objects.order_by("key").values_list("body", flat=True))
    assert first.reencrypted == args.values, first.reencrypted
    assert second.reencrypted == 0 and second.to_reencrypt == 0
    assert sorted(read) == sorted(texts)

    print(
        f"{connection.vendor}: {args.values} values re-encrypted in {first_seconds:.2f} s "
        f"({args.values / first_seconds:,.0f} a second, batches of {args.batch_size}); "
        f"a second run checked them all in {second_seconds:.2f} s and re-encrypted 0."
    )


if __name__ == "__main__":
    main()
