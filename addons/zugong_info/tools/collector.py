"""Python's cycle collector paused around a computation that builds tens of thousands of
short-lived objects without reference cycles (the groups of a pivot of a province).

Each collection of the oldest generation walks every object the process holds, Odoo's
registry and caches included: 100 to 170 ms measured in processes serving a province.
The allocations of a province's pivot triggered one in 15 of 20 runs, and it found
nothing to free: the objects die by their reference counts when the answer is sent.
Paused, the computation triggers none; the process's next full collection still comes,
later, in other work (in the portal benchmark, in one of the city pivots run just after
the province's)."""

import contextlib
import gc


@contextlib.contextmanager
def collection_paused():
    """Runs the block with the cycle collector off, unless it already was (a profiler,
    another thread's pause): only the pause that switched it off switches it on again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
