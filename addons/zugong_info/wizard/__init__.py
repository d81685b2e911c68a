from . import zugong_officer_handover
