"""Socket.IO events for the compiled summary: the facilitator fetches it and gathers points
into themes. See docs/socket-events.md."""

from seminar.extensions import socketio
from seminar.services import summary as svc
from seminar.services.plenary import summary_shown
from seminar.services.seminars import Seminar
from seminar.web.context import now, store
from seminar.web.plenary_sockets import announce_display
from seminar.web.rooms import facilitator_room
from seminar.web.sockets import acknowledged, checked_payload, facilitated_seminar


def _changed(seminar: Seminar) -> None:
    """Every facilitator screen fetches the summary again; a summary on the big screen is
    rebuilt."""
    socketio.emit("summary:changed", {"code": seminar.code}, to=facilitator_room(seminar.code))
    if summary_shown(store(), seminar):
        announce_display(seminar)


@socketio.on("summary:fetch")
@acknowledged
def on_fetch(data=None):
    """The facilitator: the compiled summary of every question."""
    data = checked_payload(data, {"code"}, {"code"})
    return {"summary": svc.compile_summary(store(), facilitated_seminar(data))}


@socketio.on("theme:create")
@acknowledged
def on_create(data=None):
    """The facilitator: gather ``points`` of ``question`` under ``title``."""
    data = checked_payload(data, {"code", "question", "title", "points"},
                           {"code", "question", "title", "points"})
    seminar = facilitated_seminar(data)
    theme = svc.create_theme(store(), seminar, data["question"], data["title"], data["points"],
                             now())
    _changed(seminar)
    return {"theme": theme}


@socketio.on("theme:change")
@acknowledged
def on_change(data=None):
    """The facilitator: rename a theme, add or remove points, or dissolve it (``delete``)."""
    data = checked_payload(data, {"code", "theme", "title", "add", "remove", "delete"},
                           {"code", "theme"})
    seminar = facilitated_seminar(data)
    svc.change_theme(store(), seminar, data["theme"], title=data.get("title"),
                     add=data.get("add"), remove=data.get("remove"),
                     delete=data.get("delete", False))
    _changed(seminar)
    return {}


@socketio.on("suggestion:reject")
@acknowledged
def on_reject(data=None):
    """The facilitator: two suggested points are not the same."""
    data = checked_payload(data, {"code", "points"}, {"code", "points"})
    seminar = facilitated_seminar(data)
    svc.reject_suggestion(store(), seminar, data["points"])
    _changed(seminar)
    return {}
