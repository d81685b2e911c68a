"""Python's cycle collector paused around a computation that builds tens of thousands of
short-lived objects without reference cycles (the groups of a pivot of a province).

Each collection of the oldest generation walks every object the process holds, Odoo's
registry and caches included: 100 to 130 ms measured in a process serving a province.
The allocations of one such computation trigger one about every other run, and it finds
nothing to free: the objects die by their reference counts when the answer is sent.
Objects that die before any collection never reach the older generations, so pausing the
collector during the computation also spares the collections that would follow it."""

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
