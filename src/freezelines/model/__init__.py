"""The model layer: the processed files in ``data/`` -> measures, scenarios and the numbers the pages quote.

Modules:
    datapackage  data/ tables read with the schemas of data/datapackage.json: every processed table's one reader
    territory    the daily area series of each tracker, their flags, the published weekly lines
    places       places and settlements, and which side of a line they are on
    scenarios    the "freeze the lines" model: what a ceasefire on a line would leave on each side
    price_of_a_deal  chapter 5: the claimed oblasts not held ("claimed, not held", measured once), the yardsticks
    retaken      the share of the seized land retaken by 17 November 2022, under every definition
    mineral_towns  the mining towns the essay names: ever on the Russian-held side?
    proposals    the proposals as data (proposals.yaml, read on first use) and their sources
    deals        the peace proposals drawn as lines and priced; the "build your own deal" pieces
    conflict     the ceasefire record (chapters 2-3): UCDP, OHCHR, OSCE (and how constant its firing was), the ceasefires
    costs        the costs of the war (chapters 4 and 10)

It imports no chart library.
"""
