"""The book layer: figures -> pages.

Modules:
    sphinx_ext  the book's Sphinx extension and myst-nb mime renderer: charts drawn offline as they
                near the viewport, the static explorer and deal panel, CSV downloads, lighter pages
    colab       the first cell of every notebook in Colab
    _static/    the browser files the extension serves (the chart loader, the explorer's and the
                panel's scripts, the book's CSS, the favicon)
"""
