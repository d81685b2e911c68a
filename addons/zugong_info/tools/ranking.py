"""Competition ranking (1, 2, 2, 4): the rank of a score is one more than the number of
scores above it in its group."""

from collections import defaultdict
from decimal import Decimal


def competition_ranks(scores, group_of=lambda key: None):
    """{key: rank} of ``scores`` ({key: points}), each key ranked among the keys of its
    group (``group_of(key)``), the highest first, equal points sharing a rank. Points
    are compared to the cent."""
    groups = defaultdict(list)
    for key, points in scores.items():
        groups[group_of(key)].append((Decimal(str(points)).quantize(Decimal("0.01")), key))
    ranks = {}
    for members in groups.values():
        members.sort(key=lambda member: member[0], reverse=True)
        previous, rank = None, 0
        for position, (points, key) in enumerate(members, 1):
            if points != previous:
                rank, previous = position, points
            ranks[key] = rank
    return ranks
