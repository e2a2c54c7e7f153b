# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: statement lines disputed before 18.0.1.2.0 get the date of
their dispute (issue 22).

``dispute_date`` came in 18.0.1.2.0 with the dispute note the salesperson
reads ("Disputed on <date>: <reason> ..."); lines disputed before it read
"Disputed on -". Their date is the one of the chatter message the dispute
posted on the statement (by the disputer, naming the line; not the notices
of the activities it scheduled for the approvers), else the line's last
change. Only lines with a dispute and no date are filled, so the script
can run again.
"""

from odoo.tools import sql


def migrate(cr, version):
    if not sql.column_exists(cr, "sales_performance_statement_line", "dispute_date"):
        return
    cr.execute(
        """
        UPDATE sales_performance_statement_line line
           SET dispute_date = coalesce(
                   (SELECT max(message.date)
                      FROM mail_message message
                      JOIN res_users author ON author.partner_id = message.author_id
                     WHERE message.model = 'sales.performance.statement'
                       AND message.res_id = line.statement_id
                       -- not the notices of the activities it scheduled
                       AND message.message_type != 'user_notification'
                       AND author.id = line.dispute_uid
                       AND strpos(message.body, line.name) > 0),
                   line.write_date)
         WHERE line.dispute_state IS NOT NULL
           AND line.dispute_date IS NULL
        """
    )
