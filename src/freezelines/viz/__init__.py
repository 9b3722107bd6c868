"""The figure layer: measures -> Plotly figures, maps, text summaries and the interactive front ends.

Modules:
    style             the one figure style every chart uses (its number formats from wording)
    figures           charts of the territory series, and the glue helpers the notebooks call
    moved_figures     the updates page: what moved in words, and the weekly change in the area held
    maps              maps drawn from the book's own boundaries (no Plotly geo basemap)
    claims            the chapters' lines and claims: one call per notebook cell
    conflict_figures  charts and summaries of the ceasefire record
    costs_figures     charts and summaries of the costs of the war
    deal_figures      charts, maps and the table of the proposals
    explorer          the "freeze the lines" explorer, static (web page) and live (ipywidgets)
    deal_panel        the "build your own deal" panel, static and live
    wording           every word and number format both front ends of the explorer and the panel print
    panels            the live widgets' result panels, printed from the same table as the static pages
"""
