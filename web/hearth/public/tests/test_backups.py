"""hearth backup and hearth restore round-trip every table (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hearth.accounts.models import Organisation
from hearth.areas.tests.factories import build_england


def snapshot() -> dict[str, str]:
    """Every table's rows, hashed in primary-key order."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names from the database
            rows = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                for row in cursor.fetchall()
            )
            out[table] = (
                hashlib.sha256("\n".join(rows).encode()).hexdigest() + f":{len(rows)}"
            )
    return out


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_table_exactly(personas, tmp_path):
    from hearth.assets.tests.factories import make_asset

    build_england()
    for i in range(3):
        make_asset(i, name=f"Hall {i}", source="t", source_id=str(i))
    before = snapshot()
    assert before["accounts_user"].endswith(":8") and before["assets_asset"].endswith(
        ":3"
    )
    path = tmp_path / "hearth.backup"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert path.stat().st_size > 0 and "Backed up to" in out.getvalue()
    # The day goes wrong: records deleted, others added.
    from hearth.assets.models import Asset

    Asset.objects.all().delete()
    Organisation.objects.create(name="Added by mistake", slug="mistake", kind="other")
    assert snapshot() != before
    call_command("restore", str(path), stdout=StringIO())
    assert snapshot() == before


def test_restoring_something_that_is_not_a_backup_is_a_clear_error(db, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), stdout=StringIO())
    with pytest.raises(CommandError, match="There is no backup"):
        call_command("restore", str(tmp_path / "missing"), stdout=StringIO())
