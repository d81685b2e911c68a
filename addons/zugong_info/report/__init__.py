from . import zugong_quota_progress
