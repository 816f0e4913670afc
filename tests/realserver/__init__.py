"""Tests against the real Evolution API 2.3.7 server (``../shared/realevo/up.sh``), marked ``realserver``."""
