"""Benchmark: the report of a big seminar in every format.

A seminar with 60 groups × 6 questions × 10 points (3,600 points; three questions ask for
priorities and every group has picked three) is built in a fresh SQLite file through the
services. Then, several times each, it measures building the report from the database and
writing each format (Word, Excel, CSV, Markdown, the e-mail text, the JSON archive) and
restoring the archive into a fresh database, and as a baseline in the same
run the least any export must do: read the same points with one query and write them with the
csv module. Prints the median and the slowest run per format, and the ratio to the baseline.
Floor from the issue: each format under 2 s on this machine.

Usage: ``python -m benchmarks.exports [--groups 60] [--points 10] [--runs 5]``
"""

import argparse
import csv
import io
import json
import statistics
import tempfile
import time
from pathlib import Path

from seminar import exports
from seminar.domain.archive import decode_archive, encode_archive
from seminar.exports.text import render_email
from seminar.i18n import cli_translations
from seminar.services import answers, groups, plenary
from seminar.services.archive import export_archive, import_archive
from seminar.services.report import build_report
from seminar.services.seminars import create_seminar
from seminar.store import Store

QUESTIONS = 6


def _kit() -> str:
    blocks = []
    for block in range(2):
        questions = "\n".join(
            f"#### Spørsmål {block * 3 + n}\nid: q{block * 3 + n}\n"
            + ("prioriter: 1-3\n" if n == 3 or block == 1 and n == 1 else "")
            + "\nHva tenker dere om dette?\n" for n in range(1, 4))
        blocks.append(f"### Gruppearbeid {block + 1}\ntype: gruppearbeid\nvarighet: 45 min\n\n"
                      f"Snakk sammen.\n\n{questions}")
    return ("# Stor samling\ndato: 2026-11-21\nsted: Oslo\n\n## Roller\n\n### Skriver\n"
            "id: skriver\nskriver: ja\n\nSkriver.\n\n## Program\n\n" + "\n".join(blocks))


def build_seminar(store: Store, groups_count: int, points: int) -> str:
    seminar, _ = create_seminar(store, "stor.md", _kit(), time.time())
    groups.prepare_groups(store, seminar, f"Kommune 1-{groups_count}", time.time())
    prioritised = [q.id for q in seminar.kit.questions() if q.prioritise]
    for question in prioritised:
        plenary.configure(store, seminar, question, priorities_open=True)
    n = 0
    for index, group in enumerate(store.groups.all(seminar.record.id)):
        person, _ = groups.enter_seminar(store, seminar, f"scribe-{index:04d}", time.time())
        groups.choose_group(store, seminar, person.id, group.id, time.time())
        for question in seminar.kit.questions():
            ids = []
            for k in range(points):
                n += 1
                ids.append(f"point-{n:07d}")
                answers.apply_edit(store, seminar, person.id, {
                    "id": f"edit-{n:07d}", "kind": "add", "point": ids[-1],
                    "question": question.id,
                    "text": f"=Punkt {k + 1} fra {group.name}: økt samarbeid om tjenester "
                            "på tvers av nivåene, med æ, ø og å"}, time.time())
            if question.id in prioritised:
                n += 1
                answers.apply_edit(store, seminar, person.id, {
                    "id": f"edit-{n:07d}", "kind": "prioritise", "question": question.id,
                    "points": ids[2::-1]}, time.time())
    return seminar.code


def _timed(work, runs: int) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        size = len(work())
        times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "bytes": size}


def baseline(store: Store) -> bytes:
    rows = store.db.execute("SELECT group_id, question_id, text, created_at, updated_at "
                            "FROM points WHERE deleted = 0 ORDER BY group_id, position")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=60)
    parser.add_argument("--points", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    gettext = cli_translations().gettext
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "seminar.db")
        started = time.perf_counter()
        code = build_seminar(store, args.groups, args.points)
        setup_s = time.perf_counter() - started
        results = {"baseline (SQL + csv)": _timed(lambda: baseline(store), args.runs),
                   "report from the database": _timed(
                       lambda: repr(build_report(store, code, time.time())), args.runs)}
        for fmt in exports.FORMATS:
            results[f"{fmt} (report + file)"] = _timed(lambda fmt=fmt: exports.render(
                build_report(store, code, time.time()), fmt, gettext), args.runs)
        results["e-mail (report + text)"] = _timed(lambda: "".join(render_email(
            build_report(store, code, time.time()), gettext)), args.runs)
        results["json archive (export)"] = _timed(lambda: encode_archive(export_archive(
            store, code, time.time(), include_names=False)), args.runs)
        archive = encode_archive(export_archive(store, code, time.time(), include_names=False))
        restored = Store(Path(folder) / "restored.db")
        results["json archive (import)"] = _timed(lambda: import_archive(
            restored, decode_archive(archive), time.time())[0].code, args.runs)
        restored.close()
        points = store.db.execute("SELECT count(*) FROM points").fetchone()[0]
        store.close()
    base = results["baseline (SQL + csv)"]["median_ms"]
    print(f"groups={args.groups} questions={QUESTIONS} points={points} runs={args.runs} "
          f"(built in {setup_s:.1f} s)")
    print(f"{'':28}{'median':>10}{'max':>10}{'ratio':>8}{'size':>10}")
    for name, figures in results.items():
        print(f"{name:28}{figures['median_ms']:>8} ms{figures['max_ms']:>7} ms"
              f"{figures['median_ms'] / max(base, 0.1):>8.1f}{figures['bytes']:>10}")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "exports.json").write_text(json.dumps({"groups": args.groups, "points": points,
                                                  "results": results}, indent=2))


if __name__ == "__main__":
    main()
