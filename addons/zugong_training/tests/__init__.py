from . import test_zugong_training_kind
from . import test_translations
