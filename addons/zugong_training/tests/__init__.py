from . import test_zugong_training_kind
from . import test_res_config_settings
from . import test_zugong_training_session
from . import test_zugong_training_attendance
from . import test_zugong_training_attendance_mark
from . import test_zugong_training_signin
from . import test_access
from . import test_translations
