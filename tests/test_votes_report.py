"""The vote across groups in the report: every export (CSV, Excel, Word, Markdown, e-mail and
the print view) shows the hall's votes beside the groups' own ranking; without a vote the
report is as it was."""

import csv
import io
from gettext import NullTranslations

from docx import Document
from openpyxl import load_workbook

from seminar.exports import excel, table, text, word
from seminar.services import votes
from seminar.services.report import build_report
from tests.conftest import NOW
from tests.vote_fixtures import vote_seminar  # noqa: F401

_ = NullTranslations().gettext


def _voted(store, seminar, people):
    votes.open_vote(store, seminar, "q2", NOW)
    for person, keys in ((people["kari"], ["point:point-a-0001", "point:point-b-0001"]),
                         (people["per"], ["point:point-a-0001"])):
        for key in keys:
            votes.cast_vote(store, seminar, person, "q2", key, True, NOW)
    votes.close_vote(store, seminar, "q2", NOW + 60)
    return build_report(store, seminar.code, NOW + 120)


def test_the_report_carries_the_vote(store, vote_seminar):  # noqa: F811
    seminar, people = vote_seminar
    assert next(q for q in build_report(store, seminar.code, NOW).questions
                if q.id == "q2").vote is None
    report = _voted(store, seminar, people)
    q2 = next(q for q in report.questions if q.id == "q2")
    assert q2.vote is not None
    assert (q2.vote.allowed, q2.vote.voters, q2.vote.opened_at, q2.vote.closed_at) == (
        2, 2, NOW, NOW + 60)
    assert [(item.title, q2.vote.of(item)) for item in q2.ranking] == [
        ("Mer tid", 2), ("Bedre skyss", 1), ("Felles kalender", 0)]


def test_every_export_shows_the_votes_beside_the_ranking(store, vote_seminar):  # noqa: F811
    seminar, people = vote_seminar
    report = _voted(store, seminar, people)
    rows = list(csv.reader(io.StringIO(table.render(report, _).decode("utf-8-sig")),
                           delimiter=";"))
    column = rows[0].index("Votes in the hall")
    assert [(row[4], row[column]) for row in rows[1:] if row[2] == "Spørsmål 2"] == [
        ("Mer tid", "2"), ("Felles kalender", "0"), ("Bedre skyss", "1")]
    sheet = load_workbook(io.BytesIO(excel.render(report, _)))[_("Ranking")]
    values = list(sheet.values)
    assert values[0][6] == "Votes in the hall" and [row[6] for row in values[1:4]] == [2, 1, 0]
    markdown = text.render_markdown(report, _)
    assert "| 1 | Mer tid | 3 | 2 | A |" in markdown.replace("\\\\", "")
    assert "people voted" in markdown
    assert "Mer tid (weight 3; A) – 2 votes in the hall" in text.render_email(report, _)[1]
    document = Document(io.BytesIO(word.render(report, _)))
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert cells[0] == ["Rank", "Title", "Weight", "Votes in the hall", "Groups"]
    assert cells[1][:4] == ["1", "Mer tid", "3", "2"]


def test_the_print_view_shows_the_votes(app, app_store, client):
    from seminar.services.seminars import create_seminar
    from tests.services_fixtures import kari_ola_and_per
    from tests.vote_fixtures import VOTE_KIT, answer_and_prioritise

    seminar, key = create_seminar(app_store, "short.md", VOTE_KIT, NOW)
    people = kari_ola_and_per(app_store, seminar)
    answer_and_prioritise(app_store, seminar, {"A": people["kari"], "B": people["per"]})
    _voted(app_store, seminar, people)
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    page = client.get(f"/s/{seminar.code}/report").get_data(as_text=True)
    assert page.count('class="report-votes"') == 3
    assert '<td class="report-votes">2</td>' in page


def test_without_a_vote_the_ranking_has_no_votes_column(store, seminar):
    report = build_report(store, seminar.code, NOW)
    assert "Votes in the hall" not in table.render(report, _).decode("utf-8-sig")
