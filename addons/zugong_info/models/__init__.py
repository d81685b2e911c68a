from . import zugong_unit_category
from . import zugong_unit
from . import zugong_unit_member
from . import zugong_officer
from . import res_users
