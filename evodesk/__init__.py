"""evodesk: run a fleet of WhatsApp numbers on an Evolution API server from one desktop window."""

# The single source of the version (pyproject.toml reads it from here). A literal rather than an
# importlib.metadata lookup: that import alone costs about 25 ms of every start, and a frozen bundle has no metadata.
__version__ = "0.1.0"

__all__ = ["__version__"]
