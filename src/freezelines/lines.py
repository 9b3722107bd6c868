"""Moved to :mod:`freezelines.ingest.lines`; this name is an alias of that module until every importer uses the new one."""

import sys

from .ingest import lines as _module

sys.modules[__name__] = _module
