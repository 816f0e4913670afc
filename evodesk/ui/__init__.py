"""Everything Qt: the main window, models, dialogs, the QR widget, the task runner."""
