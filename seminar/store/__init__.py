"""The store: the only module that knows SQL and table names."""

from seminar.store.store import SeminarRecord, Store

__all__ = ["SeminarRecord", "Store"]
