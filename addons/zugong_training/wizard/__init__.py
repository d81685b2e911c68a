from . import zugong_training_attendance_mark
from . import zugong_training_record_export
from . import zugong_training_walkin
