"""Big inputs: the limits on kits and archives (at the limit accepted, one past it refused with
the limit named), and a restore written in short transactions that shows nothing until it is
whole. The real-server checks (the transport, the stall test) are in test_big_inputs_server.py.
"""

import pytest
from click.testing import CliRunner

from seminar import concurrency, rendering
from seminar.cli import cli
from seminar.domain.archive import decode_archive, encode_archive
from seminar.domain.errors import ArchiveInvalid, KitErrors, NotFound
from seminar.domain.kit_parser import parse_kit
from seminar.domain.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_ARCHIVE_POINTS,
    MAX_ARCHIVE_ROWS,
    MAX_BLOCKS,
    MAX_KIT_CHARS,
    MAX_QUESTIONS,
    MAX_ROLES,
)
from seminar.services import archive as archive_service
from seminar.services.archive import export_archive, import_archive, remove_unfinished_restores
from seminar.services.seminars import find_seminar, list_seminars
from seminar.store import Store
from tests.big_inputs import NOW, largest_archive, largest_kit


@pytest.fixture(scope="module")
def biggest(tmp_path_factory) -> dict:
    """The largest archive (made once: it takes a few seconds)."""
    store = Store(tmp_path_factory.mktemp("biggest") / "seminar.db")
    try:
        return largest_archive(store)
    finally:
        store.close()


def _problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(KitErrors) as refused:
        parse_kit(text, "storst.md")
    return [(error.line, error.template % error.params) for error in refused.value.errors]


def test_the_largest_kit_parses():
    kit = parse_kit(largest_kit())
    assert (len(largest_kit()), len(kit.blocks), len(kit.questions()), len(kit.roles)) == (
        MAX_KIT_CHARS, MAX_BLOCKS, MAX_QUESTIONS, MAX_ROLES)


def test_a_kit_over_the_size_limit_is_refused_before_it_is_read():
    assert _problems(largest_kit() + "x") == [
        (1, f"A kit can have at most {MAX_KIT_CHARS} characters.")]


def _kit(blocks: int, questions: int) -> str:
    """A kit of ``blocks`` plenary blocks after one group-work block of ``questions``."""
    asked = "".join(f"#### Spørsmål {n}\nid: q{n}\n\n" for n in range(questions))
    return ("# Tittel\n\n## Program\n\n### Gruppearbeid\ntype: gruppearbeid\n"
            "varighet: 10 min\n\n" + asked
            + "".join(f"### Plenum {n}\ntype: plenum\nvarighet: 5 min\n\n"
                      for n in range(blocks - 1)))


def test_a_kit_with_one_block_or_question_too_many_is_refused_naming_the_limit():
    parse_kit(_kit(MAX_BLOCKS, MAX_QUESTIONS))
    over = _kit(MAX_BLOCKS + 1, 0)
    assert _problems(over) == [(over.splitlines().index(f"### Plenum {MAX_BLOCKS - 1}") + 1,
                                f"A kit can have at most {MAX_BLOCKS} blocks.")]
    over = _kit(1, MAX_QUESTIONS + 1)
    assert _problems(over) == [(over.splitlines().index(f"#### Spørsmål {MAX_QUESTIONS}") + 1,
                                f"A kit can have at most {MAX_QUESTIONS} questions.")]


def test_seminar_check_refuses_a_kit_over_the_limit_with_file_and_line(tmp_path):
    big = tmp_path / "storst.md"
    big.write_text(largest_kit() + "x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(big)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{big}:1: ") and str(MAX_KIT_CHARS) in result.output


def test_the_largest_archive_restores_whole_and_exports_again(tmp_path, biggest):
    raw = encode_archive(biggest)
    assert MAX_ARCHIVE_BYTES - 2 * MAX_ARCHIVE_POINTS < len(raw) <= MAX_ARCHIVE_BYTES
    store = Store(tmp_path / "seminar.db")
    seminar, _ = archive_service.import_archive_file(store, raw, NOW)
    assert archive_service.export_archive_file(store, seminar.code, NOW,
                                               include_names=True) == raw
    store.close()


@pytest.mark.parametrize("change, message", [
    (lambda s: s["points"].append(dict(s["points"][-1], key="one-more")),
     f"An archive can have at most {MAX_ARCHIVE_POINTS} points."),
    (lambda s: s.update(kit_source=s["kit_source"] + "x"),
     f"A kit can have at most {MAX_KIT_CHARS} characters."),
    (lambda s: s.update(participants=[dict(s["participants"][0], key=f"x{n}")
                                      for n in range(MAX_ARCHIVE_ROWS + 1)]),
     f"An archive can have at most {MAX_ARCHIVE_ROWS} rows besides its points (participants, "
     "roles, priorities, themes and the like)."),
])
def test_an_archive_over_a_limit_is_refused_naming_it(store, biggest, change, message):
    data = {**biggest, "seminar": {key: list(value) if isinstance(value, list) else value
                                   for key, value in biggest["seminar"].items()}}
    change(data["seminar"])
    with pytest.raises(ArchiveInvalid) as refused:
        import_archive(store, data, NOW)
    assert str(refused.value) == message
    assert list_seminars(store) == []


def test_a_file_over_the_size_limit_is_refused_naming_it():
    with pytest.raises(ArchiveInvalid) as refused:
        decode_archive(b" " * (MAX_ARCHIVE_BYTES + 1))
    assert str(refused.value) == f"The file is larger than {MAX_ARCHIVE_BYTES // 2**20} MB."


def _rows(store: Store) -> dict[str, int]:
    tables = store.db.table_names()
    return {name: store.db.table(name).count for name in tables if name != "_write_probe"}


def test_a_restore_cut_short_shows_nothing_and_is_removed_at_the_next_start(store, biggest):
    before = _rows(store)
    archived, kit = archive_service._checked(biggest)
    steps = archive_service._steps(archived, "hash", NOW)
    seminar_id, code = None, ""
    for _, step in zip(range(20), steps, strict=False):  # the server dies after twenty
        with store.write():
            seminar_id, code = step(store, seminar_id, code)
    assert _rows(store)["points"] > 0
    assert list_seminars(store) == []
    with pytest.raises(NotFound):
        find_seminar(store, code)
    assert store.seminars.code_exists(code)  # its code is not handed out meanwhile
    remove_unfinished_restores(store, NOW + 60)  # another process may still be writing it
    assert _rows(store)["points"] > 0
    remove_unfinished_restores(store, NOW + 601)
    assert _rows(store) == before


def test_a_restore_that_fails_halfway_takes_back_what_it_wrote(store, biggest, monkeypatch):
    before = _rows(store)
    calls = []

    def failing(rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise OSError("the disk went away")

    monkeypatch.setattr(store.archive, "insert_status_rows", failing)
    data = {**biggest, "seminar": {**biggest["seminar"], "question_status": [
        {"group": f"g{n}", "question": "q1-1", "done": True, "updated_at": NOW}
        for n in range(1, 201)] * 1}}
    monkeypatch.setattr(archive_service, "_ROWS_AT_ONCE", 50)
    with pytest.raises(OSError):
        import_archive(store, data, NOW)
    assert calls == [50, 50, 50]
    assert _rows(store) == before


def test_the_restored_largest_archive_is_found_once_whole(store, biggest):
    seminar, _ = import_archive(store, biggest, NOW)
    assert [record.code for record in list_seminars(store)] == [seminar.code]
    assert export_archive(store, seminar.code, NOW, include_names=True) == biggest


def test_a_long_kits_texts_are_rendered_in_another_process_exactly_as_here(monkeypatch):
    texts = list(dict.fromkeys(parse_kit(largest_kit(5)).markdown_texts()))
    calls = []
    monkeypatch.setattr(rendering, "in_process", lambda *args: calls.append(args[0]) or
                        concurrency.in_process(*args))
    rendering.render_all(texts)
    assert calls == ["seminar.rendering"]
    assert [rendering.render_markdown(text) for text in texts] == [
        rendering._render(text) for text in texts]
