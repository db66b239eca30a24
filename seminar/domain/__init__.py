"""Pure domain code: no Flask, no sqlite-utils, no clock (``now`` is always passed in)."""
