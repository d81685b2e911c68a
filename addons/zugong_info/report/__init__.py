from . import zugong_quota_progress
from . import zugong_reporting_contract
