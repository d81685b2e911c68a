from . import zugong_training_attendance_report
from . import zugong_training_person_report
from . import zugong_training_session_report
