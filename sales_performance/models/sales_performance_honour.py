# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models


class SalesPerformanceHonour(models.Model):
    """An honour awarded on dimension grades, with a bonus in months of wage
    (R-P3): e.g. "Excellent salesperson" (ability >= A+, service >= A,
    teamwork >= A -> 1.5 months), "Outstanding salesperson" (AA on all
    three -> 2 months). The first honour met, by sequence, is awarded."""

    _name = "sales.performance.honour"
    _description = "Honour"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Higher honours first.")
    bonus_months = fields.Float(
        string="Bonus (Months of Wage)", digits=(16, 2), required=True
    )
    condition_ids = fields.One2many(
        "sales.performance.honour.condition",
        "honour_id",
        string="Conditions",
        copy=True,
    )
    active = fields.Boolean(default=True)

    def _met_by(self, dimension_grades):
        """All conditions hold for ``{dimension: grade}``."""
        self.ensure_one()
        return bool(self.condition_ids) and all(
            dimension_grades.get(condition.dimension_id)
            and dimension_grades[condition.dimension_id].rank
            >= condition.min_grade_id.rank
            for condition in self.condition_ids
        )

    @api.model
    def _sp_create_default_honours(self):
        """The rulebook's two honours (R-P3), on the dimension scale; called
        once from data at install."""
        levels = self.env.ref("sales_performance.grade_scale_levels").grade_ids
        grade = {g.code: g for g in levels}
        dimension = {
            code: self.env.ref(f"sales_performance.dimension_{code}")
            for code in ("ability", "service", "teamwork")
        }

        def conditions(minimums):
            return [
                Command.create(
                    {
                        "dimension_id": dimension[code].id,
                        "min_grade_id": grade[level].id,
                    }
                )
                for code, level in minimums.items()
            ]

        honours = self.create(
            [
                {
                    "name": self.env._("Outstanding Salesperson"),
                    "sequence": 10,
                    "bonus_months": 2.0,
                    "condition_ids": conditions(
                        {"ability": "AA", "service": "AA", "teamwork": "AA"}
                    ),
                },
                {
                    "name": self.env._("Excellent Salesperson"),
                    "sequence": 20,
                    "bonus_months": 1.5,
                    "condition_ids": conditions(
                        {"ability": "A+", "service": "A", "teamwork": "A"}
                    ),
                },
            ]
        )
        honours._sp_name_as_data(("honour_outstanding", "honour_excellent"))
        return honours

    def _sp_name_as_data(self, names):
        """The default honours get the addon's xml ids, so that their names
        are translated like the addon's other data when a language is
        installed (issue 23: a Chinese salesperson's honour line)."""
        self.env["ir.model.data"].create(
            [
                {
                    "module": "sales_performance",
                    "name": name,
                    "model": self._name,
                    "res_id": honour.id,
                    "noupdate": True,
                }
                for honour, name in zip(self, names, strict=True)
            ]
        )
