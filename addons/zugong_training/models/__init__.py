from . import zugong_training_kind
