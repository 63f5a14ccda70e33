"""Persistence: SQLAlchemy models, the engine, and a repository per aggregate behind one unit of
work (`store.Store`) that returns domain values."""
