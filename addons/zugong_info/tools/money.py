"""Sums of money kept exact: amounts come from numeric columns as floats, and a float sum
drifts (0.1 + 0.2 is not 0.3). They are summed as decimals, to the cent."""
from decimal import Decimal


def exact_sum(amounts):
    """The sum of ``amounts`` (floats or numbers holding cents at most), as a float that
    prints to the cent."""
    return float(sum((Decimal(str(amount)) for amount in amounts), Decimal(0)))
