"""Every module that declares socket events: importing this registers the whole protocol."""

from seminar.web import (  # noqa: F401
    answer_sockets,
    group_sockets,
    kit_sockets,
    panel_sockets,
    plenary_sockets,
    poll_sockets,
    sockets,
    summary_sockets,
    vote_sockets,
)
from seminar.web.protocol import EVENTS

__all__ = ["EVENTS"]
