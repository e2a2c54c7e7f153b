# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: the grades of the S/A/B/C/D scale became data records of their
own (``grade_sabcd_<code>``) so that their names translate. Databases of
1.0.0 created them without an XML id: give the existing ones their XML ids,
so the upgrade keeps them (with what users changed) instead of adding
duplicates."""


def migrate(cr, version):
    cr.execute(
        """
        INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
        SELECT 'sales_performance', 'grade_sabcd_' || lower(g.code),
               'sales.performance.grade', g.id, true
          FROM sales_performance_grade g
          JOIN ir_model_data scale
            ON scale.module = 'sales_performance'
           AND scale.name = 'grade_scale_sabcd'
           AND scale.res_id = g.scale_id
         WHERE g.code IN ('S', 'A', 'B', 'C', 'D')
        ON CONFLICT (module, name) DO NOTHING
        """
    )
