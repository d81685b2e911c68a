from . import test_zugong_unit
from . import test_zugong_unit_member
from . import test_zugong_officer
from . import test_zugong_officer_handover
from . import test_access
from . import test_translations
