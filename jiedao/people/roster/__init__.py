"""Roster import (``importing``: xlsx, xls, ods via calamine) and export (``exporting``: openpyxl).

Import from the submodules: the import path must not load openpyxl (memory)."""
