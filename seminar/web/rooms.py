"""Socket.IO room names: a seminar's screens, the screens that may see its groups' names, its
facilitators, its big screens, and one person's screens."""


def seminar_room(code: str) -> str:
    return f"seminar:{code}"


def roster_room(code: str) -> str:
    """The phones and the facilitators: every screen but the big ones, which are public."""
    return f"roster:{code}"


def facilitator_room(code: str) -> str:
    return f"facilitators:{code}"


def projector_room(code: str) -> str:
    return f"projectors:{code}"


def participant_room(code: str, participant_id: str) -> str:
    return f"participant:{code}:{participant_id}"
