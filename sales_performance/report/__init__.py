from . import sales_performance_statement_xlsx
