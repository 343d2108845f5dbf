"""reconcile: cross-source fact reconciliation for live blogs."""
from __future__ import annotations

import logging

from .errors import InputError, ReconcileError, RulesError
from .model import Entry, Event, Link, Report, Source
from .pipeline import RunOptions, run
from .rules import load_rules

__all__ = ["run", "RunOptions", "load_rules", "Report", "Source", "Entry", "Link", "Event",
           "ReconcileError", "InputError", "RulesError"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
