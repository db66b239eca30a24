"""The reviewer's report: the 12-group national hall with a large theme, as the facilitator
gathered it, and the report built from it.

The theme is what made the old print view start with a nearly blank page: many long points
(over 200 characters) from several groups in one row of the ranking.
"""

from dataclasses import dataclass

from seminar.domain.report import Report
from seminar.services.report import build_report
from seminar.services.seminars import find_seminar
from seminar.services.summary import create_theme
from seminar.store import Store
from tests.halls import LONG_POINTS, NOW, Hall, national_hall

THEME_TITLE = "Øremerkede midler og forskning på samhandling"


@dataclass(frozen=True)
class ReportHall:
    hall: Hall
    report: Report  # without participants' names, as the report page shows it by default

    def first_item(self):
        """The ranking's first line, of the (only) question with priorities."""
        return self.report.prioritised()[0].ranking[0]

    def first_item_groups(self) -> list[str]:
        question = self.report.prioritised()[0]
        return [question.group_names[group] for group in self.first_item().groups]


def themed_national_hall(store: Store) -> ReportHall:
    """The national hall, with the prioritised question's long points and every "Øremerkede
    midler" point gathered in one theme."""
    hall = national_hall(store)
    seminar = find_seminar(store, hall.code)
    question = next(q for block in seminar.kit.blocks for q in block.questions if q.prioritise)
    members = [point.id for point in store.plenary.wall_points(seminar.record.id, question.id)
               if point.text in LONG_POINTS or point.text.startswith("Øremerkede midler")]
    create_theme(store, seminar, question.id, THEME_TITLE, members, NOW)
    return ReportHall(hall, build_report(store, hall.code, NOW))
