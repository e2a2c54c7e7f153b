# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Groups of states used across the addon, in one place.

Plain constants: this module imports nothing from ``models/``, so that
models and tools alike can import it.
"""

# Commission statements (draft → computed → approved → posted → paid).
# Open: a run rewrites their computed lines.
OPEN_STATES = ("draft", "computed")
# Frozen: approved or later, their lines never change; differences are
# booked as corrections in a later period (R-C11).
FROZEN_STATES = ("approved", "posted", "paid")
# On payroll: their lines are payslip inputs.
POSTED_STATES = ("posted", "paid")

# Appraisals.
# The grade is final: published, or closed.
APPRAISAL_FINAL_STATES = ("published", "closed")
# The grade is not final (yet, or again while appealed).
APPRAISAL_PENDING_STATES = (
    "draft",
    "self_assessment",
    "manager_review",
    "to_approve",
    "appeal",
)
# What the appraised employee sees in the portal.
APPRAISAL_SHOWN_STATES = ("published", "appeal", "closed")

# OCA payroll payslips that still take inputs.
PAYSLIP_OPEN_STATES = ("draft", "verify")
