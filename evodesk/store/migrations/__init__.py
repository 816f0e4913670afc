"""Alembic environment and revisions of the chips database (loaded by Alembic from their files)."""
