"""Socket.IO events for the plenary: what the big screen shows, the answer wall, moderation,
prioritising and the report-back. See docs/socket-events.md.

The projector gets ``display:state`` (what it shows, with the wall's content) and ``wall:group``
(one group's card, after each change to the question it shows). The facilitators get the same
``display:state``, and ``wall:group`` with everything for every change, for moderation. Every
screen gets ``plenary:settings`` (anonymity; per question revealed, prioritising open).
"""

from seminar.extensions import socketio
from seminar.services import plenary as svc
from seminar.services.seminars import Seminar, find_seminar
from seminar.web.context import groups_broadcaster, now, store
from seminar.web.rooms import facilitator_room, projector_room, seminar_room
from seminar.web.sockets import acknowledged, checked_payload, facilitated_seminar


def announce_display(seminar: Seminar) -> dict:
    view = svc.projector_view(store(), seminar)
    socketio.emit("display:state", view,
                  to=[projector_room(seminar.code), facilitator_room(seminar.code)])
    return view


def announce_settings(seminar: Seminar) -> None:
    socketio.emit("plenary:settings", svc.plenary_settings(store(), seminar),
                  to=seminar_room(seminar.code))


def announce_wall(seminar: Seminar, updates: list[svc.WallUpdate]) -> None:
    """Send each changed card; rebuild the projector's summary once if it summarises one."""
    if any(update.summarised for update in updates):
        announce_display(seminar)
    for update in updates:
        entry = svc.wall_entry(store(), seminar, update, svc.FACILITATOR)
        if entry is None:
            continue
        socketio.emit("wall:group", entry, to=facilitator_room(seminar.code))
        if update.shown:
            socketio.emit("wall:group", svc.wall_entry(store(), seminar, update, svc.PROJECTOR),
                          to=projector_room(seminar.code))


@socketio.on("display:show")
@acknowledged
def on_show(data=None):
    """The facilitator: the projector shows ``mode`` (programme, join, wall, report, summary
    or closing) of ``question``; ``step`` is the report-back's group (0 for the first) or the
    number of the summary's items revealed. The projectors and facilitators get
    ``display:state``."""
    data = checked_payload(data, {"code", "mode", "question", "step"}, {"code", "mode"})
    seminar = facilitated_seminar(data)
    svc.show(store(), seminar, data["mode"], data.get("question"), data.get("step", 0),
             now=now())
    return {"display": announce_display(seminar)}


@socketio.on("display:page")
@acknowledged
def on_page(data=None):
    """The facilitator: the projector turns to the next (``step`` 1) or the previous (-1) page
    of what it shows. The projectors and facilitators get ``display:state``."""
    data = checked_payload(data, {"code", "step"}, {"code", "step"})
    seminar = facilitated_seminar(data)
    svc.turn_page(store(), seminar, data["step"], now())
    return {"display": announce_display(seminar)}


@socketio.on("display:paging")
@acknowledged
def on_paging(data=None):
    """The facilitator: pause (``paused`` true) or resume the projector's page turning. The
    projectors and facilitators get ``display:state``."""
    data = checked_payload(data, {"code", "paused"}, {"code", "paused"})
    seminar = facilitated_seminar(data)
    svc.set_paging(store(), seminar, data["paused"], now())
    return {"display": announce_display(seminar)}


@socketio.on("display:fetch")
@acknowledged
def on_fetch_display(data=None):
    """Any screen: what the projector shows now (after the groups changed, say)."""
    data = checked_payload(data, {"code"}, {"code"})
    return {"display": svc.projector_view(store(), find_seminar(store(), data["code"]))}


@socketio.on("wall:fetch")
@acknowledged
def on_fetch_wall(data=None):
    """The facilitator: one question's wall with every point and flag."""
    data = checked_payload(data, {"code", "question"}, {"code", "question"})
    return {"wall": svc.facilitator_wall(store(), facilitated_seminar(data), data["question"])}


@socketio.on("plenary:configure")
@acknowledged
def on_configure(data=None):
    """The facilitator: ``revealed`` or ``priorities_open`` of ``question``, or ``anonymous``."""
    data = checked_payload(data, {"code", "question", "revealed", "priorities_open",
                                  "anonymous"}, {"code"})
    seminar = facilitated_seminar(data)
    svc.configure(store(), seminar, data.get("question"), revealed=data.get("revealed"),
                  priorities_open=data.get("priorities_open"), anonymous=data.get("anonymous"))
    announce_settings(seminar)
    announce_display(seminar)
    if data.get("anonymous") is not None:
        groups_broadcaster().changed(seminar.code)  # the big screens' groups, named or not
    return {"settings": svc.plenary_settings(store(), seminar)}


@socketio.on("point:moderate")
@acknowledged
def on_moderate(data=None):
    """The facilitator: hide a point from the big screen, or highlight it there."""
    data = checked_payload(data, {"code", "point", "hidden", "highlighted"}, {"code", "point"})
    seminar = facilitated_seminar(data)
    update = svc.moderate(store(), seminar, data["point"], hidden=data.get("hidden"),
                          highlighted=data.get("highlighted"))
    announce_wall(seminar, [update])
    return {}
