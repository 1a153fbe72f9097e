"""Key rotation: re-encrypt every stored encrypted value under the first configured key.

Why it is built this way:
- The columns are found, not listed: every ``EncryptedTextField`` of every installed model, so
  a field added next year is rotated without anyone remembering this file.
- Fernet tokens do not say which key made them, so each key is tried (the first one first, as
  most values are already under it) and named by ``crypto.key_id``, never printed itself.
- Rows are read and written with plain SQL, a batch at a time, each written in one transaction
  with one audit event (counts and key ids, nothing identifying). The write is a compare-and-set
  (``WHERE pk = .. AND column = <the token read>``), one ``UPDATE .. FROM`` a batch of ``VALUES``:
  a person saving the row meanwhile wrote it under the first key already, and her change is kept
  rather than overwritten with the older value.
- Values under the first key are skipped, so a run stopped halfway resumes where it was, and a
  second run re-encrypts nothing.
- A value no configured key reads is counted, left as it is, and makes the command fail.
- Files kept encrypted (receipts: ``files.EncryptedFileSystemStorage``) are found the same way,
  through the file fields whose storage encrypts, and each is written again in one step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.db import connections, models, transaction

from seat.core.privacy.audit import audit_record
from seat.core.privacy.crypto import EncryptedTextField, configured_keys
from seat.core.privacy.files import EncryptedFileSystemStorage, replace_file

BATCH_SIZE = 500
AUDIT_VERB = "keys.rotate"


@dataclass
class FieldRotation:
    """What one encrypted column held, and what the run did to it."""

    label: str  # app_label.Model.field, never a value
    by_key: Counter[str] = field(default_factory=Counter)  # key id → values found under it
    reencrypted: int = 0
    changed_meanwhile: int = 0  # saved by someone else between the read and the write
    unreadable: int = 0

    @property
    def values(self) -> int:
        return sum(self.by_key.values()) + self.unreadable


@dataclass
class Rotation:
    first_key: str
    key_ids: list[str]
    dry_run: bool
    fields: list[FieldRotation] = field(default_factory=list)

    @property
    def to_reencrypt(self) -> int:
        """Values found under a key other than the first one."""
        return sum(n for f in self.fields for k, n in f.by_key.items() if k != self.first_key)

    @property
    def reencrypted(self) -> int:
        return sum(f.reencrypted for f in self.fields)

    @property
    def changed_meanwhile(self) -> int:
        return sum(f.changed_meanwhile for f in self.fields)

    @property
    def unreadable(self) -> int:
        return sum(f.unreadable for f in self.fields)


def encrypted_columns() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    """Every encrypted column of the database, once each (proxies share their model's table)."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.local_concrete_fields:
            if isinstance(model_field, EncryptedTextField):
                yield model, model_field


def read_token(token: str, keys: tuple[tuple[str, Fernet], ...]) -> tuple[str, bytes] | None:
    """(id of the key that made ``token``, the plaintext), or None when no key reads it."""
    data = token.encode("ascii", errors="replace")
    for kid, fernet in keys:
        try:
            return kid, fernet.decrypt(data)
        except InvalidToken:
            continue
    return None


def rotate_keys(
    *, dry_run: bool = False, batch_size: int = BATCH_SIZE, using: str = "default"
) -> Rotation:
    keys = configured_keys()
    first_id, first = keys[0]
    rotation = Rotation(first_key=first_id, key_ids=[kid for kid, _f in keys], dry_run=dry_run)
    for model, model_field in encrypted_columns():
        found = FieldRotation(label=f"{model._meta.label}.{model_field.name}")
        rotation.fields.append(found)
        for batch in _batches(model, model_field, batch_size=batch_size, using=using):
            _rotate_batch(
                model,
                model_field,
                batch,
                found,
                keys=keys,
                first=first,
                dry_run=dry_run,
                using=using,
            )
    for model, file_field in encrypted_file_fields():
        found = FieldRotation(label=f"{model._meta.label}.{file_field.name} (files)")
        rotation.fields.append(found)
        _rotate_files(
            model, file_field, found, keys=keys, first=first, dry_run=dry_run, using=using
        )
    return rotation


def encrypted_file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every file field whose files are kept encrypted (files.EncryptedFileSystemStorage)."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.local_concrete_fields:
            if isinstance(model_field, models.FileField) and isinstance(
                model_field.storage, EncryptedFileSystemStorage
            ):
                yield model, model_field


def _rotate_files(
    model: type[models.Model],
    file_field: models.FileField,
    found: FieldRotation,
    *,
    keys: tuple[tuple[str, Fernet], ...],
    first: Fernet,
    dry_run: bool,
    using: str,
) -> None:
    """Each kept file written again under the first key, in one step (files.replace_file). A
    file's name is new for each upload and never reused, so nobody writes it meanwhile."""
    first_id = keys[0][0]
    from_keys: Counter[str] = Counter()
    names = (
        model._default_manager.using(using)
        .exclude(**{file_field.name: ""})
        .values_list(file_field.attname, flat=True)
        .iterator()
    )
    for name in names:
        path = Path(file_field.storage.path(name))
        try:
            token = path.read_bytes().decode("ascii", errors="replace")
        except FileNotFoundError:
            continue
        read = read_token(token, keys)
        if read is None:
            found.unreadable += 1
            continue
        kid, plaintext = read
        found.by_key[kid] += 1
        if kid != first_id and not dry_run:
            replace_file(path, reencrypt(plaintext, first).encode("ascii"))
            from_keys[kid] += 1
    found.reencrypted += sum(from_keys.values())
    _audit_rotated(model, file_field.name, from_keys, to_key=first_id)


def _quoted_names(
    model: type[models.Model], model_field: EncryptedTextField, using: str
) -> tuple[str, str, str]:
    """The table, primary-key column and encrypted column, quoted for plain SQL."""
    quote = connections[using].ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    return quote(model._meta.db_table), quote(str(pk.column)), quote(str(model_field.column))


def _batches(
    model: type[models.Model], model_field: EncryptedTextField, *, batch_size: int, using: str
) -> Iterator[list[tuple[Any, str]]]:
    """(pk, token) of the non-empty values, ``batch_size`` at a time in primary-key order."""
    connection = connections[using]
    table, pk, column = _quoted_names(model, model_field, using)
    select = f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''"  # noqa: S608 - names from the ORM
    last: Any = None
    while True:
        with connection.cursor() as cursor:
            if last is None:
                cursor.execute(f"{select} ORDER BY {pk} LIMIT %s", [batch_size])
            else:
                cursor.execute(f"{select} AND {pk} > %s ORDER BY {pk} LIMIT %s", [last, batch_size])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _rotate_batch(
    model: type[models.Model],
    model_field: EncryptedTextField,
    rows: list[tuple[Any, str]],
    found: FieldRotation,
    *,
    keys: tuple[tuple[str, Fernet], ...],
    first: Fernet,
    dry_run: bool,
    using: str,
) -> None:
    first_id = keys[0][0]
    to_write: list[tuple[Any, str, str]] = []  # (pk, token read, new token)
    key_of: dict[Any, str] = {}
    for row_pk, token in rows:
        read = read_token(token, keys)
        if read is None:
            found.unreadable += 1
            continue
        kid, plaintext = read
        found.by_key[kid] += 1
        if kid != first_id and not dry_run:
            to_write.append((row_pk, token, reencrypt(plaintext, first)))
            key_of[row_pk] = kid
    if not to_write:
        return
    with transaction.atomic(using=using):
        written = _compare_and_set(model, model_field, to_write, using=using)
        from_keys = Counter(key_of[row_pk] for row_pk in written)
        found.reencrypted += len(written)
        found.changed_meanwhile += len(to_write) - len(written)
        _audit_rotated(model, model_field.name, from_keys, to_key=first_id)


def _audit_rotated(
    model: type[models.Model], field_name: str, from_keys: Counter[str], *, to_key: str
) -> None:
    """One ``keys.rotate`` event for what was written again: counts and key ids, no value."""
    if from_keys:
        audit_record(
            actor=None,
            verb=AUDIT_VERB,
            target=model,
            field=field_name,
            rows=sum(from_keys.values()),
            from_keys=dict(from_keys),
            to_key=to_key,
        )


def _compare_and_set(
    model: type[models.Model],
    model_field: EncryptedTextField,
    to_write: list[tuple[Any, str, str]],
    *,
    using: str,
) -> list[Any]:
    """Write each new token where the row still holds the token read, in one statement (one
    round trip a batch, not one a row); the primary keys of the rows written."""
    table, pk, column = _quoted_names(model, model_field, using)
    values = ", ".join(["(%s, %s, %s)"] * len(to_write))
    update = (
        f"WITH batch(pk, old, new) AS (VALUES {values}) "  # noqa: S608 - names from the ORM
        f"UPDATE {table} SET {column} = batch.new FROM batch "
        f"WHERE {table}.{pk} = batch.pk AND {table}.{column} = batch.old "
        f"RETURNING {table}.{pk}"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(update, [value for row in to_write for value in row])
        return [row[0] for row in cursor.fetchall()]


def reencrypt(plaintext: bytes, first: Fernet) -> str:
    """The value as a new token under the first key (a seam the tests use to save a row
    between the read and the write)."""
    return first.encrypt(plaintext).decode("ascii")
