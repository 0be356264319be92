"""The module-level experiments shared by the Monte Carlo tests of `servicegov.simulation`."""

from __future__ import annotations

import random


def noisy_mean(seed: int) -> float:
    """A float that depends on every bit of the seed: any seed mix-up shows."""
    rng = random.Random(seed)
    return sum(rng.gauss(0.0, 1.0) for _ in range(50)) / 50


def seed_and_mean(seed: int) -> tuple[int, float]:
    return seed, noisy_mean(seed)
