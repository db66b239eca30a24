"""The short blank kit an organiser can start a seminar from: a valid kit in the interface
language (one plenary block, one group-work block with one question, and the national kit's
three roles), to adapt in the console.

It is built as a ``Kit`` and written with ``write_kit``, so it is always valid and canonical;
it is no file in ``sessions/`` and never appears in the list of shipped kits.
"""

from dataclasses import dataclass

from seminar.domain.kit import Block, BlockKind, Kit, Question, Role


@dataclass(frozen=True)
class _Texts:
    """The blank kit's words in one language (kit content: never translated by gettext)."""

    title: str
    introduction: str
    roles: tuple[tuple[str, str, str], ...]  # (id, name, description): chair, scribe, topic
    plenary: tuple[str, str]  # (title, description)
    group_work: tuple[str, str]
    question: tuple[str, str]  # (title, text)


_TEXTS = {
    "nb": _Texts(
        title="Nytt opplegg",
        introduction="Skriv her hva samlingen handler om.",
        roles=(("moteleder", "Møteleder og tidtaker",
                "Leder samtalen i gruppen og passer på tiden."),
               ("skriver", "Skriver", "Noterer gruppens svar."),
               ("tematisk-vakt", "Tematisk vakt", "Holder gruppen på sporet tematisk.")),
        plenary=("Velkommen", "Innledning i plenum."),
        group_work=("Gruppearbeid", "Snakk sammen i gruppen."),
        question=("Spørsmål 1", "Skriv spørsmålet her."),
    ),
    "nn": _Texts(
        title="Nytt opplegg",
        introduction="Skriv her kva samlinga handlar om.",
        roles=(("moteleiar", "Møteleiar og tidtakar",
                "Leier samtalen i gruppa og passar på tida."),
               ("skrivar", "Skrivar", "Noterer svara til gruppa."),
               ("tematisk-vakt", "Tematisk vakt", "Held gruppa på sporet tematisk.")),
        plenary=("Velkomen", "Innleiing i plenum."),
        group_work=("Gruppearbeid", "Snakk saman i gruppa."),
        question=("Spørsmål 1", "Skriv spørsmålet her."),
    ),
    "en": _Texts(
        title="New seminar",
        introduction="Write here what the seminar is about.",
        roles=(("chair", "Chair and timekeeper",
                "Leads the group's conversation and keeps the time."),
               ("scribe", "Scribe", "Writes down the group's answers."),
               ("topic-keeper", "Topic keeper", "Keeps the group on topic.")),
        plenary=("Welcome", "Introduction in plenary."),
        group_work=("Group work", "Talk it over in the group."),
        question=("Question 1", "Write the question here."),
    ),
}


def blank_kit(language: str) -> Kit:
    """The blank kit in ``language`` (nb, nn or en; bokmål for any other)."""
    texts = _TEXTS.get(language) or _TEXTS["nb"]
    chair, scribe, topic = texts.roles
    return Kit(
        title=texts.title,
        introduction=texts.introduction,
        language=language if language in _TEXTS else "nb",
        roles=(Role(*chair, keeps_time=True), Role(*scribe, writes=True),
               Role(*topic, keeps_topic=True)),
        blocks=(Block(texts.plenary[0], BlockKind.PLENARY, 10 * 60, texts.plenary[1]),
                Block(texts.group_work[0], BlockKind.GROUP_WORK, 30 * 60, texts.group_work[1],
                      questions=(Question("q1", *texts.question),))),
    )
