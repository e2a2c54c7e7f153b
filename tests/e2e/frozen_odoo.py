# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``python frozen_odoo.py YYYY-MM-DD <odoo arguments>``: Odoo's command line
with the clock of the whole process set to that day (freezegun, ticking from
09:00), so that a demo database is built and read as on that day."""

import logging
import sys
import time

from freezegun import freeze_time

if __name__ == "__main__":
    day = sys.argv.pop(1)
    # Log records keep the real clock: freezegun's localtime cannot be
    # logging's converter (it would be bound as a method), and every log
    # line (the reason of a failure among them) would be lost.
    logging.Formatter.converter = staticmethod(time.localtime)
    freeze_time(f"{day} 09:00:00", tick=True).start()
    from odoo.cli import main

    sys.exit(main())
