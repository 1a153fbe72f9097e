"""Fast row writing for the synthetic data generator (seat.demo.synthetic).

Rows are plain tuples in a model's column order. On PostgreSQL they go in by COPY (psycopg's
``cursor.copy``); elsewhere by ``executemany`` of one INSERT, each value prepared by its field as
Django would. Neither path runs ``save()``, ``pre_save`` or signals, on purpose: bulk_create's
``pre_save`` would overwrite every ``created_at`` (``auto_now_add``) with the present moment, and
the data must spread over years.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models, transaction
from django.db.models.fields import AutoFieldMixin

COPY = "copy"
INSERT = "insert"


class Table:
    """Rows waiting to be written to one model's table. ``columns`` are attnames the caller
    gives in each row; every other concrete field is written with its default."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no field {sorted(unknown)}")
        rest = [
            field
            for name, field in fields.items()
            if name not in columns and not isinstance(field, AutoFieldMixin)
        ]
        self.fields = [fields[name] for name in columns] + rest
        self.defaults = tuple(field.get_default() for field in rest)
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, *values: Any) -> None:
        self.rows.append(values)

    def __len__(self) -> int:
        return len(self.rows)


class Writer:
    """Writes tables in the order they were made (parents first), each flush in one transaction,
    so every foreign key points at a row already written."""

    def __init__(self, method: str | None = None) -> None:
        postgres = connection.vendor == "postgresql"
        self.method = method or (COPY if postgres else INSERT)
        if self.method == COPY and not postgres:
            raise ValueError("COPY needs PostgreSQL.")
        self.tables: list[Table] = []
        # A superuser on PostgreSQL may skip the per-row foreign-key triggers (replica mode) and
        # check every key afterwards in one join per key (check_keys): about half the time.
        self.keys_later = self.method == COPY and _is_superuser()

    def table(self, model: type[models.Model], columns: Sequence[str]) -> Table:
        table = Table(model, columns)
        self.tables.append(table)
        return table

    def flush(self) -> None:
        with transaction.atomic():
            if self.keys_later:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            for table in self.tables:
                if table.rows:
                    given = len(table.fields) - len(table.defaults)
                    if len(table.rows[0]) != given:
                        raise ValueError(f"{table.model.__name__}: rows of {given} values expected")
                    if self.method == COPY:
                        self._copy(table)
                    else:
                        self._insert(table)
                    table.written += len(table.rows)
                    table.rows = []

    def _copy(self, table: Table) -> None:
        from psycopg import sql

        json_at = [i for i, f in enumerate(table.fields) if isinstance(f, models.JSONField)]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.model._meta.db_table),
            sql.SQL(", ").join([sql.Identifier(str(field.column)) for field in table.fields]),
        )
        defaults = list(table.defaults)
        offset = len(table.fields) - len(defaults)
        for i in json_at:
            if i >= offset:
                defaults[i - offset] = json.dumps(defaults[i - offset])
        rest = tuple(defaults)
        given_json = [i for i in json_at if i < offset]
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in table.rows:
                if given_json:
                    row = tuple(
                        json.dumps(v) if i in given_json and v is not None else v
                        for i, v in enumerate(row)
                    )
                copy.write_row(row + rest)

    def _insert(self, table: Table) -> None:
        quote = connection.ops.quote_name
        # Names come from the models (quoted), values are parameters: nothing typed reaches it.
        statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(table.model._meta.db_table),
            ", ".join(quote(str(field.column)) for field in table.fields),
            ", ".join(["%s"] * len(table.fields)),
        )
        fields = table.fields
        prepared = [
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(fields, row + table.defaults, strict=True)
            ]
            for row in table.rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(statement, prepared)

    def check_keys(self) -> list[str]:
        """Foreign keys of the written tables that point at no row (none, unless the generator
        has a bug), as "table.column" names. Needed only when keys_later skipped the triggers."""
        if not self.keys_later:
            return []
        broken = []
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in self.tables:
                if not table.written:
                    continue
                child = table.model._meta.db_table
                for field in table.model._meta.concrete_fields:
                    if not isinstance(field, models.ForeignKey):
                        continue
                    parent = field.related_model._meta.db_table  # type: ignore[union-attr]
                    target = str(field.target_field.column)
                    column = str(field.column)
                    cursor.execute(
                        f"SELECT 1 FROM {quote(child)} c WHERE c.{quote(column)} IS NOT NULL "  # noqa: S608
                        f"AND NOT EXISTS (SELECT 1 FROM {quote(parent)} p "
                        f"WHERE p.{quote(target)} = c.{quote(column)}) LIMIT 1"
                    )
                    if cursor.fetchone():
                        broken.append(f"{child}.{column}")
        return broken


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SHOW is_superuser")
        row = cursor.fetchone()
    return bool(row and row[0] == "on")
