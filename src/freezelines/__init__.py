"""Freeze the Lines? - the data, measures and figures behind the book, in layers.

Each layer imports only from itself and the layers above it in this list (``tests/test_layers.py``
checks it on the source):

    freezelines          the base: ``paths`` (where the data are), ``constants`` (dates of record,
                         areas, colours), ``geometry`` (the equal-area frame)
    freezelines.ingest   raw archives in data/raw -> the processed files in data/ (``make data``);
                         no chart library
    freezelines.model    data/ -> measures, scenarios, proposals and the numbers the pages quote
    freezelines.viz      measures -> Plotly figures, maps, text summaries, the explorer and the
                         "build your own deal" panel (static and live)
    freezelines.book     figures -> pages: the Sphinx extension (and the browser files it serves)
                         and the Colab cell

A notebook imports what it shows, for example
``from freezelines.model import scenarios`` and ``from freezelines.viz import explorer``.
"""

__version__ = "0.1.0"
