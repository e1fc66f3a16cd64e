"""`data.mix`: records drawn from several sources in proportion to their weights, reproducibly by seed."""

import random
from collections.abc import Sequence


def mix_counts(weights: Sequence[float], total: int) -> list[int]:
    """Splits `total` samples across sources in proportion to `weights` (largest-remainder rounding, ties to the
    earlier source), so the counts always sum to `total`."""
    if not weights or any(w <= 0 for w in weights):
        raise ValueError("mix weights must be positive")
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _draw(records: Sequence, count: int, rng: random.Random) -> list:
    """`count` records without repeats until the source is used up, then again in a fresh order (oversampling)."""
    drawn: list = []
    while len(drawn) < count:
        order = list(records)
        rng.shuffle(order)
        drawn += order[: count - len(drawn)]
    return drawn


def mix_records(sources: Sequence[Sequence], weights: Sequence[float], seed: int, total: int | None = None) -> list:
    """A shuffled list of `total` records (default: as many as all sources hold together) in which source i
    contributes `mix_counts(weights, total)[i]` records. Small sources are repeated, large ones subsampled."""
    if len(sources) != len(weights):
        raise ValueError("one weight per source")
    if any(not records for records in sources):
        raise ValueError("every mix source needs at least one record")
    if total is None:
        total = sum(len(records) for records in sources)
    rng = random.Random(seed)
    mixed = [
        record
        for records, count in zip(sources, mix_counts(weights, total), strict=True)
        for record in _draw(records, count, rng)
    ]
    rng.shuffle(mixed)
    return mixed
