"""One function applied to many geometries, each distinct geometry once, spread over a process pool.

The pipeline simplifies and measures thousands of held areas after the trackers are read. With a
pool, :meth:`GeometryJobs.submit` starts the work in chunks as soon as the areas are known (the
liveuamap maps while DeepState's archive is still being read) and :meth:`GeometryJobs.result`
waits for one; without one, the work is done in this process when a result is asked for. Either
way each result is what the function returns for that geometry (equal geometries, by
:func:`.memo.fingerprint`, share one result), so the output does not depend on the pool.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future

from .memo import fingerprint

CHUNK = 24
"""Geometries per task: a few seconds of work, so that both processes stay busy to the end."""


def _apply(function: Callable, geometries: list) -> list:
    return [function(geometry) for geometry in geometries]


class GeometryJobs:
    """The results of ``function`` (a picklable, module-level callable) for geometries, by content."""

    def __init__(self, function: Callable, pool: Executor | None = None, chunk: int = CHUNK) -> None:
        self.function, self.pool, self.chunk = function, pool, chunk
        self._keys: dict[int, tuple[object, bytes]] = {}
        self._results: dict[bytes, object] = {}
        self._pending: dict[bytes, tuple[Future, int]] = {}

    def _key(self, geometry) -> bytes:
        known = self._keys.get(id(geometry))
        if known is None:
            known = self._keys[id(geometry)] = (geometry, fingerprint([geometry]))  # the geometry kept: ids stay unique
        return known[1]

    def submit(self, geometries: Iterable) -> None:
        """Start the work on each geometry not seen before (nothing happens here without a pool)."""
        if self.pool is None:
            return
        new: dict[bytes, object] = {}
        for geometry in geometries:
            key = self._key(geometry)
            if key not in self._results and key not in self._pending:
                new.setdefault(key, geometry)
        keys = list(new)
        for start in range(0, len(keys), self.chunk):
            part = keys[start : start + self.chunk]
            future = self.pool.submit(_apply, self.function, [new[key] for key in part])
            for index, key in enumerate(part):
                self._pending[key] = (future, index)

    def result(self, geometry):
        """``function(geometry)``: from the pool (waiting for it), from an equal geometry, or computed here."""
        key = self._key(geometry)
        if key not in self._results:
            if key in self._pending:
                future, index = self._pending.pop(key)
                self._results[key] = future.result()[index]
            else:
                self._results[key] = self.function(geometry)
        return self._results[key]
