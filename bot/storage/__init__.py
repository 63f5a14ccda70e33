"""Persistence: SQLAlchemy models, the engine and the repository that returns domain values."""
