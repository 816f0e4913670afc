"""The QR dialog, what it polls with, and the widget that draws a QR code from its payload."""
