"""Parse a kit file (Markdown with attribute lines, see docs/kit-format.md) into a ``Kit``."""

import re

from seminar.domain import kit_syntax as syntax
from seminar.domain.clock import format_minute_of_day
from seminar.domain.errors import KitError, KitErrors
from seminar.domain.kit import Block, BlockKind, ItemKind, Kit, PollItem, Question, Role
from seminar.domain.kit_syntax import (
    LANGUAGES,
    Node,
    check_ids,
    first_text_line,
    is_list_item,
    markdown_headings,
    nested_nodes,
    parse_clock,
    parse_duration,
    parse_priorities,
    read_labels,
    slugify,
    split_options,
)
from seminar.domain.limits import (
    MAX_BLOCKS,
    MAX_DURATION,
    MAX_KIT_CHARS,
    MAX_ROLES,
    MAX_VOTES,
)
from seminar.domain.messages import N_

# What other modules read from here; the readers themselves live in ``kit_syntax``.
__all__ = ["LANGUAGES", "is_list_item", "markdown_headings", "parse_clock", "parse_duration",
           "parse_kit", "parse_priorities", "read_labels", "slugify"]


def parse_kit(text: str, source: str = "<kit>") -> Kit:
    """Parse kit ``text``; raise ``KitErrors`` listing every problem, with line numbers.

    A text longer than ``MAX_KIT_CHARS`` is refused before it is read any further."""
    if len(text.removeprefix("\ufeff")) > MAX_KIT_CHARS:
        raise KitErrors(source, [KitError(1, N_("A kit can have at most %(max)s characters."),
                                          max=MAX_KIT_CHARS)])
    parser = _Parser()
    kit = parser.parse(text.removeprefix("\ufeff"))
    if parser.errors:
        raise KitErrors(source, parser.errors)
    return kit


class _Parser:
    def __init__(self) -> None:
        self.errors: list[KitError] = []
        self.question_lines: list[tuple[Question, int]] = []
        self.item_lines: list[tuple[PollItem, int]] = []
        self.block_headings = 0

    def error(self, line: int, template: str, **params: object) -> None:
        self.errors.append(KitError(line, template, **params))

    # -- reading the file into heading nodes ---------------------------------------------------

    def _nodes(self, text: str) -> list[Node]:
        nodes: list[Node] = [Node(0, "", 0)]
        in_fence = False
        reading_attributes = False
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.rstrip()
            if syntax.FENCE.match(line):
                in_fence = not in_fence
            heading = None if in_fence else syntax.HEADING.match(line)
            if heading and self._is_structural(nodes, len(heading[1])):
                nodes.append(Node(len(heading[1]), heading[2] or "", number))
                reading_attributes = True
                continue
            node = nodes[-1]
            attribute = syntax.ATTRIBUTE.match(line) if reading_attributes else None
            if attribute and " " in attribute[1] and attribute[1] not in syntax.SPACED_KEYS:
                attribute = None
            if attribute:
                key = attribute[1]
                if key in node.attributes:
                    self.error(number, N_("The attribute «%(key)s» is given twice."), key=key)
                node.attributes[key] = (attribute[2], number)
                continue
            reading_attributes = False
            if not node.body:
                node.body_line = number
            node.body.append(line)
        return nodes

    def _is_structural(self, nodes: list[Node], level: int) -> bool:
        """Decide whether a heading of ``level`` starts a node or is Markdown content."""
        if level <= 2:
            return True
        section = self._section_of(nodes)
        if section == "roles":
            return level == 3
        if section == "programme":
            return level in (3, 4)
        if section == "evaluation":
            return level == 3
        return False

    @staticmethod
    def _section_of(nodes: list[Node]) -> str | None:
        for node in reversed(nodes):
            if node.level == 2:
                return syntax.SECTIONS.get(node.title.lower())
        return None

    # -- building the kit -----------------------------------------------------------------------

    def parse(self, text: str) -> Kit:
        nodes = self._nodes(text)
        preamble, nodes = nodes[0], nodes[1:]
        if preamble.text.strip():
            self.error(first_text_line(preamble), N_("The kit must start with its title as a "
                                                      "level-1 heading (# Title)."))
        title_node = nodes[0] if nodes and nodes[0].level == 1 else None
        if title_node is None:
            self.error(1, N_("The kit has no title (a level-1 heading: # Title)."))
            title_node = Node(1, "-", 1)
        else:
            nodes = nodes[1:]
        if not title_node.title:
            self.error(title_node.line, N_("The title is empty."))
        meta = self._attributes(title_node, "title")

        sections: dict[str, str] = {}
        roles: list[Role] = []
        blocks: list[Block] = []
        evaluation: list[PollItem] = []
        seen_sections: dict[str, int] = {}
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if node.level == 1:
                self.error(node.line, N_("There is more than one title (level-1 heading)."))
                index += 1
                continue
            children = nested_nodes(nodes, index)
            index += 1 + len(children)
            section = syntax.SECTIONS.get(node.title.lower())
            if section is None:
                self.error(node.line, N_("Unknown section «%(name)s». Known sections: "
                                         "Forberedelser, Hvordan svarer vi?, Roller, Program, "
                                         "Evaluering."),
                           name=node.title)
                continue
            if section in seen_sections:
                self.error(node.line, N_("The section «%(name)s» appears twice (first on line "
                                         "%(first)s)."), name=node.title,
                           first=seen_sections[section])
                continue
            seen_sections[section] = node.line
            self._attributes(node, "section")
            if section == "roles":
                roles = self._roles(node, children)
            elif section == "programme":
                blocks = self._blocks(node, children)
            elif section == "evaluation":
                evaluation = self._evaluation(node, children)
            else:
                sections[section] = node.text
        if "programme" not in seen_sections:
            self.error(title_node.line, N_("The kit has no programme (a section «## Program»)."))
        elif not self.block_headings:
            self.error(seen_sections["programme"], N_("The programme has no blocks."))
        check_ids(self.question_lines, self.item_lines, self.error)
        return Kit(
            title=title_node.title,
            blocks=tuple(blocks),
            introduction=title_node.text,
            preparation=sections.get("preparation", ""),
            answering=sections.get("answering", ""),
            roles=tuple(roles),
            date=meta.get("date"),
            place=meta.get("place"),
            organiser=meta.get("organiser"),
            subject=meta.get("subject"),
            language=meta.get("language", "nb"),
            evaluation=tuple(evaluation),
        )

    def _attributes(self, node: Node, kind: str) -> dict[str, str]:
        known = syntax.KEYS.get(kind, {})
        values: dict[str, str] = {}
        for key, (value, line) in node.attributes.items():
            if key not in known:
                self.error(line, N_("Unknown attribute «%(key)s» under «%(heading)s»."),
                           key=key, heading=node.title)
            else:
                values[known[key]] = value
        if kind == "title" and "date" in values and not re.match(r"^\d{4}-\d{2}-\d{2}$",
                                                                  values["date"]):
            self.error(node.attributes.get("dato", node.attributes.get("date", ("", 0)))[1],
                       N_("The date «%(value)s» must be written YYYY-MM-DD."),
                       value=values["date"])
        if kind == "title" and "language" in values:
            written = values.pop("language")
            if written.lower() in LANGUAGES:
                values["language"] = written.lower()
            else:
                line = node.attributes.get("språk", node.attributes.get("language", ("", 0)))[1]
                self.error(line, N_("Unknown language «%(value)s». Use nb (bokmål), nn "
                                    "(nynorsk) or en (English)."), value=written)
        return values

    def _roles(self, section: Node, nodes: list[Node]) -> list[Role]:
        roles: list[Role] = []
        seen: dict[str, int] = {}
        for node in nodes:
            if node.level != 3:
                continue
            values = self._attributes(node, "role")
            role_id = values.get("id") or slugify(node.title)
            if not node.title:
                self.error(node.line, N_("A role has no name."))
            if not syntax.ID_PATTERN.match(role_id):
                self.error(node.line, N_("The id «%(id)s» may only contain a-z, 0-9 and -."),
                           id=role_id)
            if role_id in seen:
                self.error(node.line, N_("The role id «%(id)s» is used before (line %(first)s)."),
                           id=role_id, first=seen[role_id])
            seen[role_id] = node.line
            flags = {flag: self._yes_no(values.get(flag, "nei"), node.line)
                     for flag in ("writes", "keeps_time", "keeps_topic")}
            if flags["writes"] and any(role.writes for role in roles):
                self.error(self._line(node, "skriver", "skrivar", "writes"),
                           N_("Only one role can be the scribe (skriver: ja)."))
            if len(roles) == MAX_ROLES:
                self.error(node.line, N_("A kit can have at most %(max)s roles."), max=MAX_ROLES)
            roles.append(Role(role_id, node.title, node.text, **flags))
        if not roles and section.text.strip():
            self.error(section.line, N_("Each role needs its own level-3 heading (### Name)."))
        return roles

    def _yes_no(self, value: str, line: int) -> bool:
        if value.lower() not in syntax.YES:
            self.error(line, N_("Write «ja» or «nei», not «%(value)s»."), value=value)
            return False
        return syntax.YES[value.lower()]

    def _blocks(self, section: Node, nodes: list[Node]) -> list[Block]:
        blocks: list[Block] = []
        previous: tuple[int, int | None, int] | None = None  # (day, end clock, line)
        seen_block = False
        for position, node in enumerate(nodes):
            if node.level == 4 and not seen_block:
                self.error(node.line, N_("The question «%(title)s» is not under a block."),
                           title=node.title)
            if node.level != 3:
                continue
            seen_block = True
            self.block_headings += 1
            if self.block_headings == MAX_BLOCKS + 1:
                self.error(node.line, N_("A kit can have at most %(max)s blocks."),
                           max=MAX_BLOCKS)
            questions = [q for q in nested_nodes(nodes, position) if q.level == 4]
            block = self._block(node, questions)
            if block is None:
                continue
            if previous and block.day < previous[0]:
                self.error(node.line, N_("Day %(day)s comes after day %(previous)s."),
                           day=block.day, previous=previous[0])
            elif (previous and block.day == previous[0] and block.start is not None
                  and previous[1] is not None and block.start < previous[1]):
                self.error(node.line, N_("«%(title)s» starts at %(start)s, before the previous "
                                         "block ends (%(end)s, line %(previous_line)s)."),
                           title=block.title, start=format_minute_of_day(block.start),
                           end=format_minute_of_day(previous[1]), previous_line=previous[2])
            if block.end is not None:
                previous = (block.day, block.end, node.line)
            elif previous and previous[0] == block.day and previous[1] is not None:
                previous = (block.day, previous[1] + block.duration // 60, previous[2])
            else:
                previous = (block.day, None, node.line)
            blocks.append(block)
        return blocks

    def _block(self, node: Node, question_nodes: list[Node]) -> Block | None:
        values = self._attributes(node, "block")
        ok = True
        if not node.title:
            self.error(node.line, N_("A block has no title."))
            ok = False
        kind = syntax.KINDS.get(values.get("kind", "").lower())
        if "kind" not in values:
            self.error(node.line, N_("The block «%(title)s» has no type (type: plenum, "
                                     "dialogtema, gruppearbeid, pause, måltid or annet)."),
                       title=node.title)
            ok = False
        elif kind is None:
            self.error(self._line(node, "type", "kind"),
                       N_("Unknown block type «%(value)s». Use plenum, dialogtema, gruppearbeid, "
                          "pause, måltid or annet."), value=values["kind"])
            ok = False
        day = 1
        if "day" in values:
            if re.fullmatch(r"[0-9]{1,2}", values["day"]) and 1 <= int(values["day"]) <= 14:
                day = int(values["day"])
            else:
                self.error(self._line(node, "dag", "day"),
                           N_("The day must be a number from 1 to 14, not «%(value)s»."),
                           value=values["day"])
        start = self._clock(node, values, "start", "start")
        end = self._clock(node, values, "end", "slutt", "end")
        duration = None
        if "duration" in values:
            duration = parse_duration(values["duration"])
            if duration is None:
                self.error(self._line(node, "varighet", "varigheit", "duration"),
                           N_("Cannot read the duration «%(value)s» (write e.g. 25 min or "
                              "1 t 30 min)."), value=values["duration"])
                return None
        if start is not None and end is not None:
            span = (end - start) * 60
            if duration is not None and duration != span:
                self.error(node.line, N_("The duration of «%(title)s» does not match its start "
                                         "and end times."), title=node.title)
            duration = span
        elif end is not None:
            self.error(node.line, N_("The block «%(title)s» has an end time but no start time."),
                       title=node.title)
            return None
        if duration is None:
            self.error(node.line, N_("The block «%(title)s» has no duration (varighet, or start "
                                     "and slutt)."), title=node.title)
            return None
        if duration <= 0:
            self.error(node.line, N_("The block «%(title)s» must last at least one minute."),
                       title=node.title)
            return None
        if duration > MAX_DURATION:
            self.error(node.line, N_("The block «%(title)s» lasts more than 12 hours."),
                       title=node.title)
            return None
        hall = kind in (BlockKind.PLENARY, BlockKind.DIALOGUE)
        item_nodes = [q for q in question_nodes if kind is not BlockKind.GROUP_WORK
                      and ("type" in q.attributes or "kind" in q.attributes)]
        question_nodes = [q for q in question_nodes if q not in item_nodes]
        audience_questions = False
        if "audience_questions" in values:
            line = self._line(node, *syntax.SPACED_KEYS, "audience-questions")
            audience_questions = self._yes_no(values["audience_questions"], line)
            if audience_questions and kind is not None and not hall:
                self.error(line, N_("Only plenary and dialogue blocks (type: plenum or "
                                    "dialogtema) can take questions from the hall (spørsmål fra "
                                    "salen)."))
        if hall:
            for question in question_nodes:
                self.error(question.line, N_("The poll item «%(title)s» has no type (type: "
                                             "skala, flervalg, ordsky or åpent); questions for "
                                             "the groups belong under a group-work block (type: "
                                             "gruppearbeid)."), title=question.title)
            question_nodes = []
        parsed = [(self._question(q), q.line) for q in question_nodes]
        self.question_lines.extend(parsed)
        questions = tuple(question for question, _ in parsed)
        if questions and kind is not BlockKind.GROUP_WORK:
            self.error(question_nodes[0].line, N_("Only group-work blocks (type: gruppearbeid) "
                                                  "can have questions."))
        items = tuple(item for item in map(self._item, item_nodes) if item is not None)
        if item_nodes and kind is not None and not hall:
            self.error(item_nodes[0].line, N_("Only plenary and dialogue blocks (type: plenum or "
                                              "dialogtema) can have poll items."))
        if not ok or kind is None:
            return None
        return Block(node.title, kind, duration, node.text, day, start, questions,
                     audience_questions, items if hall else ())

    def _clock(self, node: Node, values: dict[str, str], name: str, *keys: str) -> int | None:
        if name not in values:
            return None
        minutes = parse_clock(values[name])
        if minutes is None:
            self.error(self._line(node, *keys), N_("Cannot read the clock time «%(value)s» "
                                                   "(write HH:MM)."), value=values[name])
        return minutes

    @staticmethod
    def _line(node: Node, *keys: str) -> int:
        for key in keys:
            if key in node.attributes:
                return node.attributes[key][1]
        return node.line

    def _question(self, node: Node) -> Question:
        values = self._attributes(node, "question")
        if "kind" in values:
            self.error(self._line(node, "type", "kind"),
                       N_("The group question «%(title)s» cannot have a type: poll items belong "
                          "under a plenary or dialogue block (type: plenum or dialogtema)."),
                       title=node.title)
        prioritise = None
        if "prioritise" in values:
            prioritise = parse_priorities(values["prioritise"])
            if prioritise is None:
                self.error(self._line(node, "prioriter", "prioritise"),
                           N_("Cannot read the priority range «%(value)s» (write e.g. 1-3; at "
                              "most 10)."), value=values["prioritise"])
        votes = None
        if "votes" in values:
            line = self._line(node, "stemmer", "stemmar", "votes")
            if (not re.fullmatch(r"[0-9]{1,2}", values["votes"])
                    or not 1 <= int(values["votes"]) <= MAX_VOTES):
                self.error(line, N_("Cannot read the number of votes «%(value)s» (write a "
                                    "number from 1 to %(max)s)."),
                           value=values["votes"], max=MAX_VOTES)
            elif "prioritise" not in values:
                self.error(line, N_("Only a prioritised question (prioriter: ...) can have "
                                    "votes (stemmer)."))
            elif prioritise is not None:
                votes = int(values["votes"])
        if not node.title:
            self.error(node.line, N_("A question has no title."))
        return Question(values.get("id", ""), node.title, node.text, prioritise, votes)

    def _item(self, node: Node) -> PollItem | None:
        """A poll item (a ``####`` under a plenary or dialogue block, or a ``###`` under
        ``## Evaluering``); ``None`` if its type cannot be read."""
        values = self._attributes(node, "item")
        if not node.title:
            self.error(node.line, N_("A poll item has no title."))
        kind = syntax.ITEM_KINDS.get(values.get("kind", "").lower())
        if "kind" not in values:
            self.error(node.line, N_("The poll item «%(title)s» has no type (type: skala, "
                                     "flervalg, ordsky or åpent)."), title=node.title)
        elif kind is None:
            self.error(self._line(node, "type", "kind"),
                       N_("Unknown poll item type «%(value)s». Use skala, flervalg, ordsky or "
                          "åpent."), value=values["kind"])
        for key, (_, line) in node.attributes.items():
            name = syntax.KEYS["item"].get(key)
            if kind is not None and name in ("scale", "labels") and kind is not ItemKind.SCALE:
                self.error(line, N_("Only a scale item (type: skala) can have «%(key)s»."),
                           key=key)
            if kind is not None and name == "multiple" and kind is not ItemKind.CHOICE:
                self.error(line, N_("Only a choice item (type: flervalg) can have «%(key)s»."),
                           key=key)
        if kind is None:
            return None
        item = PollItem(values.get("id", ""), node.title, kind, node.text)
        if kind is ItemKind.SCALE:
            item = self._scale(node, values, item)
        elif kind is ItemKind.CHOICE:
            multiple = self._yes_no(values.get("multiple", "nei"),
                                    self._line(node, "flere", "fleire", "multiple"))
            text, options = split_options(node, self.error)
            item = PollItem(item.id, item.title, kind, text, options=options, multiple=multiple)
        self.item_lines.append((item, node.line))
        return item

    def _scale(self, node: Node, values: dict[str, str], item: PollItem) -> PollItem:
        written = values.get("scale", "1-5")
        scale = syntax.SCALES.get(written.replace(" ", "").replace("–", "-"))
        if scale is None:
            self.error(self._line(node, "skala", "scale"),
                       N_("Cannot read the scale «%(value)s» (write 1-5 or 1-10)."), value=written)
        labels = None
        if "labels" in values:
            labels, problem = read_labels(values["labels"])
            if problem is not None:
                self.error(self._line(node, "ytterpunkter", "ytterpunkt", "labels"),
                           problem[0], **problem[1])
        return PollItem(item.id, item.title, item.kind, item.text, scale or (1, 5), labels)

    def _evaluation(self, section: Node, nodes: list[Node]) -> list[PollItem]:
        if section.text.strip():
            self.error(section.line, N_("Each evaluation item needs its own level-3 heading "
                                        "(### Title) and a type."))
        items = [item for item in map(self._item, nodes) if item is not None]
        if not nodes and not section.text.strip():
            self.error(section.line, N_("The evaluation has no items."))
        return items

