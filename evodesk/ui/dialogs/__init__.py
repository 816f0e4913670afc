"""The dialogs opened from the main window's menus: create an instance, settings."""
