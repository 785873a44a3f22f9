"""Hand the record on: the export (exchange_export) and the import (exchange_import) of one
clinic's records, as one service for the screens and commands."""

from __future__ import annotations

from vitalsdesk.services.exchange_export import ExportService, ExportSummary, since_moment
from vitalsdesk.services.exchange_import import ImportReport, ImportService

__all__ = ["ExchangeService", "ExportSummary", "ImportReport", "since_moment"]


class ExchangeService(ExportService, ImportService):
    """Export and import on one database with one range table."""
