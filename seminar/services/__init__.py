"""Use cases: take a store and ``now``, own the transaction, return the events to announce."""
