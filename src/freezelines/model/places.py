"""Places: the cities of 10,000 people or more and the key sites the essay names.

Built into ``data/places.csv`` by :mod:`freezelines.ingest.places`; the book reads it back
with :func:`load_places`.
"""

from __future__ import annotations

import pandas as pd

from ..ingest.places import MIN_POPULATION, inside, points
from .datapackage import load

__all__ = ["MIN_POPULATION", "inside", "load_places", "points"]


def load_places() -> pd.DataFrame:
    """``data/places.csv``, typed by its schema (:func:`freezelines.model.datapackage.load`)."""
    return load("places")
