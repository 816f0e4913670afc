"""Reliability and security suite (issue 7): faults injected, bad input refused, secrets kept, nothing lost."""
