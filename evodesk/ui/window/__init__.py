"""The main window: its frame (painted first), its menus and toolbar, the backend's life cycle and the refresh
controller.
"""
