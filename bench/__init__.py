"""Benchmarks that measure the budgets of design.md section 6 (``python -m bench``; see bench/README.md)."""
