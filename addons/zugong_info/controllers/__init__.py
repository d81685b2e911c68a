from . import portal
from . import dashboard
from . import ledger
