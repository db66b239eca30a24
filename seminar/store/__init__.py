"""The store: the only module that knows SQL and table names."""

from seminar.store.groups import GroupRecord, ParticipantRecord
from seminar.store.seminars import SeminarRecord
from seminar.store.store import Store

__all__ = ["GroupRecord", "ParticipantRecord", "SeminarRecord", "Store"]
