"""Roster import and export.

Import: ``importing`` (the entry point, ``roster_import``) runs ``reading``
(xlsx, xls, ods through the shared guarded reader, ``core.spreadsheets``),
``checking`` and ``writing``; ``problems`` holds the errors they report,
``column_fields`` the Person fields each column sets. Export: ``exporting``
(the shared writer, ``core.spreadsheets.writing``). ``columns`` is the file
format both share.

Import from the submodules: the import path must not load openpyxl (memory)."""
