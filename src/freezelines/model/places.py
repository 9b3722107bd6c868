"""Places: the cities of 10,000 people or more and the key sites the essay names.

Built into ``data/places.csv`` by :mod:`freezelines.ingest.places`; the book reads it back
with :func:`load_places`.
"""

from __future__ import annotations

import pandas as pd

from ..ingest.places import MIN_POPULATION, inside, points
from ..paths import data_path

__all__ = ["MIN_POPULATION", "inside", "load_places", "points"]


def load_places() -> pd.DataFrame:
    """``data/places.csv``."""
    return pd.read_csv(data_path("places.csv"), keep_default_na=False, na_values=[""])
