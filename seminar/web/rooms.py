"""Socket.IO room names: a seminar's screens, its facilitators, its big screens, and one
person's screens."""


def seminar_room(code: str) -> str:
    return f"seminar:{code}"


def facilitator_room(code: str) -> str:
    return f"facilitators:{code}"


def projector_room(code: str) -> str:
    return f"projectors:{code}"


def participant_room(code: str, participant_id: str) -> str:
    return f"participant:{code}:{participant_id}"
