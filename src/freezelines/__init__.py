"""Freeze the Lines? - the data, measures and figures behind the book.

Modules:
    paths       where the book's data lives, whatever the current directory
    constants   one source of truth: dates of record, areas, colours, projection
    sources     readers of the raw archives (used by the pipeline only)
    pipeline    `make data`: raw archives -> the processed files in data/
    figures     functions that take data and return Plotly figures
"""

__version__ = "0.1.0"
