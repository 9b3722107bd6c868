"""Moved to :mod:`freezelines.ingest.pipeline` (``python -m freezelines.ingest.pipeline``); this name is an
alias of that module until the Makefile, the entry point and every importer use the new one."""

import sys

from .ingest import pipeline as _module

if __name__ == "__main__":
    sys.exit(_module.main())
sys.modules[__name__] = _module
