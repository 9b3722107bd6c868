"""The model layer: the processed files in ``data/`` -> measures, scenarios and the numbers the pages quote.

Modules:
    datapackage  data/ tables read with the schemas of data/datapackage.json
    territory    the daily area series of each tracker, their flags, the published weekly lines
    places       places and settlements, and which side of a line they are on
    scenarios    the "freeze the lines" model: what a ceasefire on a line would leave on each side
    retaken      the share of the seized land retaken by 17 November 2022, under every definition
    deals        the peace proposals drawn as lines and priced; the "build your own deal" pieces
    conflict     the ceasefire record (chapters 2-3): UCDP, OHCHR, OSCE, the ceasefires
    costs        the costs of the war (chapters 4 and 10)

It imports no chart library.
"""
