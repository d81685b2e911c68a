from . import portal
from . import dashboard
from . import ledger
from . import notice
from . import export
from . import roster
from . import official_document
