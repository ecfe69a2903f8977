"""Excel workbooks in and out (openpyxl, streaming): what the office sends upward and what it reads in.
Pure readers and writers over plain data: this package imports only the domain, never services, store or Qt.
Every sheet and column is described in FORMAT.md here."""
