"""Pieces every room of the window uses: status widgets and colours, the translated texts of errors and disconnect
reasons, the saved layout.
"""
