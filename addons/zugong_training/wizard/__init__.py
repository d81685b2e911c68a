from . import zugong_training_attendance_mark
