"""The ingest layer: the raw archives in ``data/raw`` -> the processed files in ``data/``.

Readers of the raw files (each raises :class:`~freezelines.ingest.raw_files.RawDataError` naming the
file, the line and the value at fault, or records what it left out in the QA log), the defect
rules, the build steps and ``make data`` (``python -m freezelines.ingest.pipeline``). It imports
no chart library and nothing from the model, figure or book modules: only ``freezelines.constants``,
``freezelines.paths`` and ``freezelines.geometry`` from outside itself.

Modules and files:
    descriptor  reads ``datapackage.yaml``: every raw source and processed file, their schemas,
                licences and methods (metadata as data, in one place)
    sources     readers of the tracker archives; raw CSV tables read and checked against their
                Frictionless schemas (errors name the file, line, column and value); the QA log
    lines       each tracker's map state per day (clipped to Ukraine's borders)
    quality     the defect rules (broken maps, outliers, stale, off-reference, redrawn)
    series      the daily series of each tracker, and the oblast rows, from the map states
    places      places.csv, settlements.csv, population_oblast.csv and place_control.csv
    conflict    data/conflict/: UCDP, OHCHR, OSCE and the ceasefires
    costs       data/costs/: The Economist's meta-estimate, published estimates, UK MoD, facts
                (what each quoted fact counts: ``costs_facts.csv``)
    archive     the daily line archives (JSON lines, xz): written here, read by the model
    provenance  data/datapackage.json and data/README.md (from ``data_readme.md``), written from the
                descriptor; the raw files' hashes (``data/raw/SHA256SUMS``)
    pipeline    ``make data``: every stage, in order
"""
