from . import sales_performance_target_decompose
from . import sales_performance_target_decompose_line
from . import sales_performance_commission_run
from . import sales_performance_dispute
from . import hr_payslip_employees
from . import sales_performance_appraisal_generate
from . import sales_performance_appraisal_appeal
from . import sales_performance_payroll_unpost
