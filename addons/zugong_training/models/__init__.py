from . import res_company
from . import res_config_settings
from . import zugong_training_kind
from . import zugong_training_session
from . import zugong_training_attendance
from . import hr_employee_base
