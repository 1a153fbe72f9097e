"""Static files collected for serving: hashed names, compressed once, not at every start."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Each compressed file's content digest at the time it was compressed.
RECORD = "compressed.json"
# The digest of the source files' names, sizes and times when they were last collected.
SOURCES = "sources.sha256"
# collectstatic's default ignore patterns.
IGNORED = ["CVS", ".*", "*~"]


def sources_digest() -> str:
    """What the static files to collect are now, by name, size and modification time."""
    from django.contrib.staticfiles.finders import get_finders

    found = []
    for finder in get_finders():
        for path, storage in finder.list(IGNORED):
            status = os.stat(storage.path(path))
            found.append(f"{path}\0{status.st_size}\0{status.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()


def collect(root: Path) -> bool:
    """Collect the static files into ``root`` unless nothing changed since the last time.

    Returns whether it collected. A second's work saved at each start of `seat serve`."""
    from django.core.management import call_command

    digest = sources_digest()
    marker = root / SOURCES
    try:
        if marker.read_text(encoding="utf-8") == digest and (root / "staticfiles.json").exists():
            return False
    except OSError:
        pass
    call_command("collectstatic", interactive=False, verbosity=0)
    marker.write_text(digest, encoding="utf-8")
    return True


class CollectedStaticFiles(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, which compresses every file again on each collectstatic.

    Brotli at its best setting takes about 8 s for the admin's files on two cores, and
    `seat serve` collects at every start: a file whose content has not changed since it was
    last compressed is left as it is. (Django rewrites every CSS and JS file on each run, so
    modification times cannot tell, and WhiteNoise writes no compressed copy when it would not
    be smaller, so the copies cannot tell either: a record of digests can.)"""

    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        record_path = self.path(RECORD)
        try:
            with open(record_path, encoding="utf-8") as file:
                done: dict[str, str] = json.load(file)
        except (OSError, ValueError):
            done = {}
        digests = {path: self._digest(path) for path in paths}
        todo = [path for path, digest in digests.items() if done.get(path) != digest]
        yield from super().compress_files(todo)
        done.update((path, digest) for path, digest in digests.items() if digest)
        with open(record_path, "w", encoding="utf-8") as file:
            json.dump(done, file)

    def _digest(self, path: str) -> str:
        try:
            with open(self.path(path), "rb") as file:
                return hashlib.file_digest(file, "sha256").hexdigest()
        except OSError:
            return ""


def main() -> None:
    """``python -m seat.core.staticfiles``: collect and compress into STATIC_ROOT ahead of time
    (a container image's build), so that `seat serve` finds them ready and writes nothing."""
    import django
    from django.conf import settings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seat.settings")
    os.environ.setdefault("SEAT_STATIC_COLLECTED", "1")
    django.setup()
    collect(Path(str(settings.STATIC_ROOT)))


if __name__ == "__main__":
    main()
