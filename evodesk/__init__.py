"""evodesk: run a fleet of WhatsApp numbers on an Evolution API server from one desktop window."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("evodesk")
except PackageNotFoundError:  # running from a source tree or a frozen bundle without metadata
    __version__ = "0.1.0"

__all__ = ["__version__"]
