from . import test_allocation
from . import test_target_decompose
from . import test_plan
from . import test_credit
from . import test_payment
from . import test_achievement
from . import test_security
from . import test_period_lock
