"""Roster import and export (Excel, WPS, LibreOffice)."""

from jiedao.people.roster.exporting import XLSX_CONTENT_TYPE, roster_export, roster_template
from jiedao.people.roster.importing import ImportResult, RowError, roster_import

__all__ = ["XLSX_CONTENT_TYPE", "ImportResult", "RowError", "roster_export", "roster_import", "roster_template"]
