"""Moved to :mod:`freezelines.ingest.quality`; this name is an alias of that module until every importer uses the new one."""

import sys

from .ingest import quality as _module

sys.modules[__name__] = _module
