from . import portal
from . import dashboard
