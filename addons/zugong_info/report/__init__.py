from . import zugong_required_month
from . import zugong_quota_progress
from . import zugong_reporting_contract
