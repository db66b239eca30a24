"""The store: the only module that knows SQL and table names."""

from seminar.store.groups import GroupRecord, ParticipantRecord
from seminar.store.store import SeminarRecord, Store

__all__ = ["GroupRecord", "ParticipantRecord", "SeminarRecord", "Store"]
