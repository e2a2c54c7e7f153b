from . import sales_performance_statement_xlsx
from . import sales_performance_plan_model_xlsx
