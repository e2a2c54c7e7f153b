# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Test databases go with their filestores: ``scripts/test`` (its
``sp_drop_db``) and the end-to-end suites (``databases.drop_db``) left a
folder of attachments behind for every database they dropped."""

import os
import subprocess
import sys
import uuid

import pytest

from .databases import drop_db, filestore
from .demo_checks import ROOT


def _exists(db):
    found = subprocess.run(
        [
            "psql",
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{db}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip() == "1"


def _database_with_files(db):
    subprocess.run(["createdb", db], check=True)
    store = filestore(db)
    (store / "ab").mkdir(parents=True)
    (store / "ab" / "abcdef").write_text("an attachment")
    return store


def _drop_with_python(db):
    drop_db(db)


def _drop_with_scripts(db):
    subprocess.run(
        ["bash", "-c", f'source "{ROOT}/scripts/lib.sh"; sp_drop_db "$0"', db],
        env=dict(os.environ, SP_PYTHON=sys.executable),
        check=True,
    )


@pytest.mark.parametrize("drop", [_drop_with_python, _drop_with_scripts])
def test_a_database_is_dropped_with_its_filestore(drop):
    db = f"sp_drop_{uuid.uuid4().hex[:8]}"
    # another database whose name starts the same keeps its files
    neighbour = f"{db}_kept"
    store = _database_with_files(db)
    kept = _database_with_files(neighbour)
    try:
        assert _exists(db) and store.is_dir()
        drop(db)
        assert not _exists(db)
        assert not store.exists()
        assert _exists(neighbour) and (kept / "ab" / "abcdef").is_file()
        # dropping what is gone already is not an error
        drop(db)
    finally:
        drop_db(neighbour)
        drop_db(db)
    assert not kept.exists()
