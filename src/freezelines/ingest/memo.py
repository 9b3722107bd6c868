"""Geometry work done once per distinct input.

The trackers often publish the same map on several days (NZZ's files repeat a map under a new
date; DeepState leaves its map unchanged on quiet days), and each map would otherwise be
unioned, clipped and simplified again. GEOS is deterministic: inputs with byte-equal WKB give
byte-equal results, so a result computed once can stand for every equal input. A
:class:`Memo` keys results by a :func:`fingerprint` of the input geometries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
import shapely

T = TypeVar("T")


def fingerprint(*groups: Sequence) -> bytes:
    """A digest of one or more lists of geometries: equal digests, byte-equal WKB in the same order
    and the same grouping (each group's length is hashed with it)."""
    digest = hashlib.blake2b(digest_size=32)
    for group in groups:
        digest.update(len(group).to_bytes(8, "little"))
        for wkb in shapely.to_wkb(np.asarray(group, dtype=object)) if len(group) else ():
            digest.update(len(wkb).to_bytes(8, "little"))
            digest.update(wkb)
    return digest.digest()


class Memo:
    """Results of one computation by the fingerprint of its input geometries.

    One memo serves one computation with fixed other arguments (a reader's frame, a tolerance):
    only the geometries are in the key."""

    def __init__(self) -> None:
        self._results: dict[bytes, object] = {}
        self.hits = 0

    def get(self, key: bytes, compute: Callable[[], T]) -> T:
        """The result stored under ``key``, computed (by ``compute()``) and stored the first time."""
        if key in self._results:
            self.hits += 1
        else:
            self._results[key] = compute()
        return self._results[key]
