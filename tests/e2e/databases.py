# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The end-to-end suites' databases, dropped with their filestores: Odoo
keeps a database's attachments (assets, reports) in a folder of its data
directory, which ``dropdb`` leaves behind."""

import shutil
import subprocess
from pathlib import Path


def filestore(db):
    """The filestore of ``db`` in the data directory Odoo uses here (its
    default: the suites run Odoo without ``--data-dir``)."""
    from odoo.tools import config

    return Path(config.filestore(db))


def drop_db(db):
    """Drop ``db`` if it exists, and its filestore."""
    subprocess.run(["dropdb", "--if-exists", db], check=False)
    store = filestore(db)
    if store.name == db and store.is_dir():
        shutil.rmtree(store, ignore_errors=True)
