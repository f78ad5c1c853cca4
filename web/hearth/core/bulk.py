"""Update many rows fast, on SQLite and PostgreSQL.

Django's ``bulk_update`` builds one CASE expression per batch, which takes
a second per thousand rows of a wide model; a prepared UPDATE run with
``executemany`` is an order of magnitude faster on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def update_rows(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Update rows by primary key; each row is the new values, then the pk."""
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    # Table and column names come from our own models, never from input.
    sql = f"UPDATE {connection.ops.quote_name(table)} SET {assignments} WHERE id = %s"  # noqa: S608
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def save_fields(objects: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write these fields of these (saved) objects, converting values as
    Django would; no signals are sent (callers record revisions and audit)."""
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    concrete: list[models.Field] = []
    for name in fields:
        field = meta.get_field(name)
        assert isinstance(field, models.Field)  # noqa: S101 - concrete fields only
        concrete.append(field)
    update_rows(
        meta.db_table,
        [str(f.column) for f in concrete],
        (
            [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in concrete]
            + [obj.pk]
            for obj in objects
        ),
    )
