from . import zugong_officer_handover
from . import zugong_item_return
from . import zugong_item_accept_similar
from . import zugong_bulletin_compile
from . import zugong_quota_generate
from . import zugong_period_reopen
from . import zugong_award_wizard
from . import zugong_score_deduct
