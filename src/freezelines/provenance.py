"""Moved to :mod:`freezelines.ingest.provenance`; this name is an alias of that module until every importer uses the new one."""

import sys

from .ingest import provenance as _module

sys.modules[__name__] = _module
