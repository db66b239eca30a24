"""Events returned by services and announced by the web layer only after the commit."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ProgrammeChanged:
    """The programme of seminar ``code`` moved on; ``state`` is what every screen needs."""

    code: str
    state: dict
