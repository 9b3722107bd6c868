"""The book layer: figures -> pages.

Modules:
    sphinx_ext     the book's Sphinx extension (named in _config.yml): wires the modules below
    names          mime types, CSS classes and served files, named once
    templates      Jinja2 markup (templates/, package data) and inert JSON for data blocks
    chart_markup   one chart: headline, empty div, figure as inert JSON, its CSV link
    figure_files   after the build, each chart's figure out of its page into a file under _static/
    integer_steps  whole-number arrays of a figure sent as packed steps
    widget_markup  the static explorer and deal panel
    widget_data    the widgets' data as files under _static/, fetched when a widget starts
    mime_renderer  notebook outputs and glued charts -> page content, each chart's CSV node
    chart_csv      a chart's CSV from its figure: named columns with units, precision, rounding
    html_tree      built HTML read with html.parser, changed in place (no regular expressions)
    page_body      accessibility fixes and phone cards in a page's body
    page_scripts   which scripts a page loads (an extension's, only where the page uses it)
    page_styles    which stylesheets a page loads (an extension's, only where the page uses it)
    page_meta      a page's meta description
    link_guard     only http(s)/mailto links
    static_files   the book's plotly.js bundle, vendor and book files copied into _static
    lighten        fontawesome.js and the search index dropped, icon fonts and the theme CSS's icon rules cut down
    redirect       the root page
    csp            the pages' Content-Security-Policy
    downloads      each proposal's GeoJSON and the deals table
    colab       the first cell of every notebook in Colab
    _static/    the browser files the extension serves (the chart loader, the explorer's and the
                panel's scripts, the book's CSS, the favicon)
"""
