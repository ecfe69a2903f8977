"""Qt only: application start, main window, pages, table models, dialogs, background work."""
