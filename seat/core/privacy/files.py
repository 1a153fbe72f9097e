"""Files kept encrypted at rest: receipts of payments carry names and account numbers.

The same keys as the encrypted columns (crypto.py): a file is written as one Fernet token under
the first key of SEAT_ENCRYPTION_KEYS, read under any of them, and ``seat rotate-keys`` writes
it again under the first (rotation.py). A copy of the folder, or a disk taken from a server,
holds nothing readable without the keys, which are kept apart (README, "Keys").
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography.fernet import InvalidToken
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from seat.core.privacy.crypto import cipher

# Every Fernet token starts with its version byte 0x80, "gAAAAA" in base64; a PDF, JPG or PNG
# never does. Tells a file written before encryption from one written since.
TOKEN_PREFIX = b"gAAAAA"


class UnreadableFile(OSError):
    """A kept file no configured key reads: its key was taken out of SEAT_ENCRYPTION_KEYS."""


class EncryptedFileSystemStorage(FileSystemStorage):
    """A folder whose files are encrypted on the way in and decrypted on the way out, and
    readable by Seat's own user only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(*args, **kwargs)

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        data = content.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        # _save and _open are the methods Django's docs say a storage overrides; its type stubs
        # do not declare them on FileSystemStorage.
        return super()._save(name, ContentFile(cipher().encrypt(data)))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("an encrypted file is written whole, with save()")
        with super()._open(name, "rb") as stored:  # type: ignore[misc]
            token = stored.read()
        try:
            plaintext = cipher().decrypt(token)
        except InvalidToken as error:
            raise UnreadableFile(name) from error
        return ContentFile(plaintext, name=name)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` over ``path`` in one step: a crash leaves the old file or the new one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".seat-")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
            output.flush()
            os.fsync(output.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def encrypt_plain_files(storage: FileSystemStorage, names: Any) -> int:
    """Encrypt, in place, those of ``names`` still kept in the clear (written before files were
    encrypted); returns how many. A file already encrypted, or missing, is left alone."""
    done = 0
    for name in names:
        path = Path(storage.path(name))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        if data.startswith(TOKEN_PREFIX):
            continue
        replace_file(path, cipher().encrypt(data))
        done += 1
    return done
