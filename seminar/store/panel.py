"""Questions to the panel: the store's SQL for the questions, their upvotes and the seminar's
panel settings (``seminars.panel_approval``, ``seminars.panel_version``)."""

from sqlite_utils import Database

from seminar.domain.panel import PanelQuestion, State

_QUESTION = ("SELECT q.id, q.author_id, q.text, q.name, q.state, q.pinned, q.asked_at, "
             "(SELECT COUNT(*) FROM panel_votes v WHERE v.question_id = q.id) "
             "FROM panel_questions q")


def _question(row: tuple) -> PanelQuestion:
    return PanelQuestion(id=row[0], author=row[1], text=row[2], name=row[3], state=State(row[4]),
                         pinned=bool(row[5]), asked_at=row[6], votes=row[7])


class PanelStore:
    """The ``panel_questions`` and ``panel_votes`` tables."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- settings and version -------------------------------------------------------------------

    def settings(self, seminar_id: int) -> tuple[bool, int]:
        """Whether questions wait for approval, and the panel's version."""
        row = self.db.execute("SELECT panel_approval, panel_version FROM seminars WHERE id = ?",
                              [seminar_id]).fetchone()
        return bool(row[0]), row[1]

    def set_approval(self, seminar_id: int, approval: bool) -> None:
        self.db.execute("UPDATE seminars SET panel_approval = ? WHERE id = ?",
                        [int(approval), seminar_id])

    def bump_version(self, seminar_id: int) -> None:
        self.db.execute("UPDATE seminars SET panel_version = panel_version + 1 WHERE id = ?",
                        [seminar_id])

    # -- questions ------------------------------------------------------------------------------

    def questions(self, seminar_id: int) -> list[PanelQuestion]:
        return [_question(row) for row in self.db.execute(
            f"{_QUESTION} WHERE q.seminar_id = ? ORDER BY q.id", [seminar_id])]

    def question(self, seminar_id: int, question_id: int) -> PanelQuestion | None:
        row = self.db.execute(f"{_QUESTION} WHERE q.seminar_id = ? AND q.id = ?",
                              [seminar_id, question_id]).fetchone()
        return _question(row) if row else None

    def count(self, seminar_id: int) -> int:
        return self.db.execute("SELECT COUNT(*) FROM panel_questions WHERE seminar_id = ?",
                               [seminar_id]).fetchone()[0]

    def insert(self, seminar_id: int, author: str, text: str, name: str, state: State,
               asked_at: float) -> int:
        cursor = self.db.execute(
            "INSERT INTO panel_questions (seminar_id, author_id, text, name, state, pinned, "
            "asked_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
            [seminar_id, author, text, name, str(state), asked_at])
        return int(cursor.lastrowid or 0)

    def update(self, question: PanelQuestion) -> None:
        self.db.execute("UPDATE panel_questions SET state = ?, pinned = ? WHERE id = ?",
                        [str(question.state), int(question.pinned), question.id])

    def unpin_all(self, seminar_id: int) -> None:
        self.db.execute("UPDATE panel_questions SET pinned = 0 WHERE seminar_id = ? AND pinned",
                        [seminar_id])

    # -- votes ----------------------------------------------------------------------------------

    def voted(self, seminar_id: int, participant_id: str) -> set[int]:
        """The questions this person has upvoted."""
        return {row[0] for row in self.db.execute(
            "SELECT question_id FROM panel_votes WHERE seminar_id = ? AND participant_id = ?",
            [seminar_id, participant_id])}

    def vote(self, seminar_id: int, question_id: int, participant_id: str, up: bool,
             now: float) -> bool:
        """Give (``up``) or take back this person's one vote; True if that changed anything."""
        if up:
            cursor = self.db.execute(
                "INSERT INTO panel_votes (question_id, participant_id, seminar_id, voted_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [question_id, participant_id, seminar_id, now])
        else:
            cursor = self.db.execute(
                "DELETE FROM panel_votes WHERE question_id = ? AND participant_id = ?",
                [question_id, participant_id])
        return cursor.rowcount > 0
