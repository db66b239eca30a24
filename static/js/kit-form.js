// The kit editor's form, built from the structured kit (kit:get's `kit`): the seminar's
// lines and texts, the roles, the blocks (a header that is always shown, and their fields
// while open), their questions and poll items, and the evaluation's items. Every control carries `data-kit-key` ("block.2.minutes"),
// the name facilitator-kit.js sends it by and finds it again by after a redraw; its id is
// derived from it (idOf). Texts people typed are inserted as text; the previews beside the
// Markdown texts are filled in by facilitator-kit.js.
import { element } from "./live.js";

const PRIORITY_MAX = 10; // seminar.domain.limits.MAX_PRIORITIES
const VOTES_MAX = 10; // seminar.domain.limits.MAX_VOTES
const OPTIONS_MAX = 12; // seminar.domain.limits.MAX_OPTIONS
const LABEL_MAX = 60; // seminar.domain.limits.MAX_LABEL_CHARS (longer is refused, with a message)
const HALL = ["plenary", "dialogue"]; // the blocks that can have poll items
export const SEMINAR_TEXTS = ["introduction", "preparation", "answering"];
const SEMINAR_LINES = ["title", "date", "place", "organiser", "subject"];

export const strings = JSON.parse(document.getElementById("kit-i18n")?.textContent || "{}");

export function say(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

export const idOf = (key) => `kit-${key.replace(/\./g, "-")}`;

// What the form is built for besides the kit: the open blocks (a Set of indexes), the
// running block's index (-1: none), the answers per question id, and how many minutes the
// programme is behind its plan (for re-anchoring the clock times).
let view = { opened: new Set(), running: -1, answered: {}, answeredItems: {}, delay: 0,
  kit: null };

function control(key, value, { multiline = false, type = "text", lang = null,
  disabled = false, describedBy = [] } = {}) {
  const id = idOf(key);
  const node = multiline
    ? element("textarea", { id, rows: 4, value: value ?? "" })
    : element("input", { id, type, value: value ?? "" });
  node.dataset.kitKey = key;
  if (lang) node.lang = lang;
  if (type === "number") {
    node.min = key.endsWith(".day") || key.endsWith(".votes") ? "1" : "0";
    if (key.endsWith(".votes")) node.max = String(VOTES_MAX);
    node.inputMode = "numeric";
  }
  node.disabled = disabled;
  if (describedBy.length) node.setAttribute("aria-describedby", describedBy.join(" "));
  return node;
}

function errorLine(key) {
  const node = element("p", { className: "kit-error", id: `${idOf(key)}-error` });
  node.dataset.kitErrorFor = key;
  node.hidden = true;
  return node;
}

function field(key, label, value, options = {}) {
  const input = control(key, value, { ...options,
    describedBy: [`${idOf(key)}-error`, ...(options.describedBy || [])] });
  return element("div", { className: "kit-field" },
    element("label", { htmlFor: input.id, textContent: label }), input, errorLine(key));
}

// A Markdown text: its field, and beside it (below it on a narrow screen) the preview.
function markdownField(key, label, value, lang) {
  const hintId = `${idOf(key)}-hint`;
  const input = control(key, value, { multiline: true, lang,
    describedBy: [`${idOf(key)}-error`, hintId] });
  input.dataset.kitMarkdown = "";
  const body = element("div", { className: "kit-preview-body prose" });
  body.dataset.kitPreviewFor = key;
  if (lang) body.lang = lang;
  body.append(element("p", { className: "hint", textContent: say("preview_empty") }));
  return element("div", { className: "kit-field kit-field-markdown" },
    element("div", { className: "kit-markdown-input" },
      element("label", { htmlFor: input.id, textContent: label }), input,
      element("p", { className: "hint", id: hintId, textContent: say("markdown_hint") }),
      errorLine(key)),
    element("div", { className: "kit-preview" },
      element("p", { className: "kit-preview-label", textContent: say("preview") }), body));
}

function checkbox(key, label, checked, hint = "") {
  const input = element("input", { type: "checkbox", id: idOf(key), checked: Boolean(checked) });
  input.dataset.kitKey = key;
  const described = [`${idOf(key)}-error`];
  if (hint) described.push(`${idOf(key)}-hint`);
  input.setAttribute("aria-describedby", described.join(" "));
  return element("div", { className: "kit-check" },
    element("div", { className: "checkbox" }, input,
      element("label", { htmlFor: input.id, textContent: label })),
    hint ? element("p", { className: "hint", id: `${idOf(key)}-hint`, textContent: hint }) : "",
    errorLine(key));
}

// A select of `choices` ([value, label]) with `value` selected, labelled, with its message.
function selectField(key, label, choices, value, { disabled = false } = {}) {
  const select = element("select", { id: idOf(key), disabled });
  select.dataset.kitKey = key;
  select.setAttribute("aria-describedby", `${idOf(key)}-error`);
  select.append(...choices.map(([v, text]) => element("option", { value: v, textContent: text,
    selected: v === value })));
  return element("div", { className: "kit-field" },
    element("label", { htmlFor: select.id, textContent: label }), select, errorLine(key));
}

function button(label, action, { key = null, disabled = false, className = "button",
  described = "" } = {}) {
  const node = element("button", { type: "button", className, textContent: label, disabled });
  node.dataset.kitAction = action;
  if (key) node.dataset.kitKey = key;
  if (described) node.setAttribute("aria-label", `${label}: ${described}`);
  return node;
}

function partError(key) {
  const node = element("div", { className: "kit-part-error", id: `${idOf(key)}-part-error` });
  node.dataset.kitPartError = key;
  node.hidden = true;
  return node;
}

function heading(tag, key, textContent, lang) {
  const node = element(tag, { className: "kit-part-heading", tabIndex: -1, textContent });
  node.dataset.kitKey = key;
  if (lang) node.lang = lang;
  return node;
}

function seminarPart(kit, lang) {
  const labels = { title: say("title"), date: say("date"), place: say("place"),
    organiser: say("organiser"), subject: say("subject") };
  return element("fieldset", { className: "kit-part kit-seminar" },
    element("legend", { textContent: say("seminar") }), partError("seminar"),
    element("div", { className: "kit-grid" }, ...SEMINAR_LINES.map((name) => field(
      `seminar.${name}`, labels[name], kit[name], { lang: name === "date" ? null : lang }))),
    ...SEMINAR_TEXTS.map((name) => markdownField(`seminar.${name}`, say(name), kit[name], lang)));
}

function rolePart(role, index, lang) {
  const key = `role.${index}`;
  const name = role.name || say("untitled");
  return element("li", { className: "kit-item" },
    element("fieldset", { className: "kit-part" },
      element("legend", { textContent: say("role_n", { n: index + 1, name }) }),
      partError(key),
      field(`${key}.name`, say("name"), role.name, { lang }),
      element("div", { className: "kit-checks" },
        checkbox(`${key}.writes`, say("writes"), role.writes),
        checkbox(`${key}.keeps_time`, say("keeps_time"), role.keeps_time),
        checkbox(`${key}.keeps_topic`, say("keeps_topic"), role.keeps_topic)),
      markdownField(`${key}.description`, say("description"), role.description, lang),
      element("div", { className: "controls" },
        button(say("remove_role"), "role.remove", { key: `${key}.remove`,
          className: "button button-danger", described: name }))));
}

function prioritiseSelect(key, value) {
  const select = element("select", { id: idOf(key) });
  select.dataset.kitKey = key;
  const options = [["", say("no_priorities")]];
  for (let n = 1; n <= PRIORITY_MAX; n += 1) {
    options.push([`1-${n}`, say("prioritise_range", { n })]);
  }
  const current = value ? `${value[0]}-${value[1]}` : "";
  if (!options.some(([v]) => v === current)) {
    options.push([current, say("prioritise_other", { low: value[0], high: value[1] })]);
  }
  select.append(...options.map(([v, label]) => element("option", { value: v, textContent: label,
    selected: v === current })));
  return element("div", { className: "kit-field" },
    element("label", { htmlFor: select.id, textContent: say("prioritise") }), select,
    errorLine(key));
}

function questionPart(question, block, index, count, lang) {
  const key = `question.${block}.${index}`;
  const title = question.title || say("untitled");
  const answers = view.answered?.[question.id] || 0;
  const header = element("div", { className: "kit-item-header" },
    heading("h6", key, say("question_n", { n: index + 1, title }), lang));
  if (answers) {
    header.append(element("span", { className: "kit-badge",
      textContent: say("answers_n", { count: answers }) }));
  }
  const item = element("li", { className: "kit-item kit-question" },
    element("fieldset", { className: "kit-part" },
      element("legend", { className: "visually-hidden",
        textContent: say("question_n", { n: index + 1, title }) }),
      header, partError(key),
      element("div", { className: "kit-grid" },
        field(`${key}.title`, say("question_title"), question.title, { lang }),
        field(`${key}.id`, say("question_id"), question.id),
        prioritiseSelect(`${key}.prioritise`, question.prioritise),
        question.prioritise || question.votes
          ? field(`${key}.votes`, say("votes"), question.votes, { type: "number" }) : ""),
      markdownField(`${key}.text`, say("question_text"), question.text, lang),
      element("div", { className: "controls" },
        button(say("move_up"), "question.up", { key: `${key}.up`, disabled: index === 0,
          described: title }),
        button(say("move_down"), "question.down", { key: `${key}.down`,
          disabled: index === count - 1, described: title }),
        button(say("remove_question"), "question.remove", { key: `${key}.remove`,
          className: "button button-danger", described: title }))));
  item.dataset.kitQuestion = `${block}.${index}`;
  return item;
}

// A choice item's options: one one-line field each (its own key, `...option.2`; a change
// sends them all), each with its Remove button, and a button that adds one.
function optionsPart(key, item, title, lang) {
  const count = item.options.length;
  const list = element("ol", { className: "kit-options" }, ...item.options.map((option, n) => {
    const optionKey = `${key}.option.${n}`;
    const input = control(optionKey, option, { lang, describedBy: [`${idOf(key)}-options-error`] });
    input.dataset.kitOption = "";
    return element("li", { className: "kit-option" },
      element("label", { htmlFor: input.id, textContent: say("option_n", { n: n + 1 }) }),
      element("div", { className: "kit-option-row" }, input,
        button(say("remove_option", { n: n + 1 }), "option.remove", {
          key: `${optionKey}.remove`, className: "button button-danger", described: title })));
  }));
  return element("fieldset", { className: "kit-part kit-options-part" },
    element("legend", { textContent: say("options") }), list,
    errorLine(`${key}.options`),
    button(say("add_option"), "option.add", { key: `${key}.add-option`,
      disabled: count >= OPTIONS_MAX, described: title }),
    checkbox(`${key}.multiple`, say("multiple"), item.multiple));
}

// A scale: 1-5 or 1-10, and its two end labels (sent together as `low | high`).
function scalePart(key, item, lang) {
  const [low, high] = item.labels || ["", ""];
  const scale = item.scale ? `${item.scale[0]}-${item.scale[1]}` : "1-5";
  const label = (name, value, text) => {
    const input = control(`${key}.${name}`, value, { lang,
      describedBy: [`${idOf(`${key}.${name}`)}-error`] });
    input.maxLength = LABEL_MAX * 2; // a longer one is still sent, and refused with a message
    return element("div", { className: "kit-field" },
      element("label", { htmlFor: input.id, textContent: text }), input,
      errorLine(`${key}.${name}`));
  };
  return element("div", { className: "kit-grid" },
    selectField(`${key}.scale`, say("scale"), [["1-5", "1–5"], ["1-10", "1–10"]], scale),
    label("label_low", low, say("label_low")),
    label("label_high", high, say("label_high")));
}

// A poll item of a block (`owner` its index) or of the evaluation (`owner` "evaluation").
function itemPart(item, owner, index, count, lang, tag) {
  const key = `item.${owner}.${index}`;
  const title = item.title || say("untitled");
  const answers = view.answeredItems?.[item.id] || 0;
  const header = element("div", { className: "kit-item-header" },
    heading(tag, key, say("item_n", { n: index + 1, title }), lang));
  if (answers) {
    header.append(element("span", { className: "kit-badge",
      textContent: say("answers_n", { count: answers }) }));
  }
  const node = element("li", { className: "kit-item kit-poll" },
    element("fieldset", { className: "kit-part" },
      element("legend", { className: "visually-hidden",
        textContent: say("item_n", { n: index + 1, title }) }),
      header, partError(key),
      element("div", { className: "kit-grid" },
        field(`${key}.title`, say("item_title"), item.title, { lang }),
        field(`${key}.id`, say("item_id"), item.id),
        selectField(`${key}.kind`, say("item_kind"), strings.item_kinds, item.kind)),
      item.kind === "scale" ? scalePart(key, item, lang) : "",
      markdownField(`${key}.text`, say("item_text"), item.text, lang),
      item.kind === "choice" ? optionsPart(key, item, title, lang) : "",
      element("div", { className: "controls" },
        button(say("move_up"), "item.up", { key: `${key}.up`, disabled: index === 0,
          described: title }),
        button(say("move_down"), "item.down", { key: `${key}.down`,
          disabled: index === count - 1, described: title }),
        button(say("remove_item"), "item.remove", { key: `${key}.remove`,
          className: "button button-danger", described: title }))));
  node.dataset.kitPoll = `${owner}.${index}`;
  return node;
}

// The items of a block or of the evaluation, and how to add one (its type, then Add).
function itemsPart(items, owner, lang, { heading: title, tag, hint = "" }) {
  const kindKey = owner === "evaluation" ? "evaluation.add-kind" : `block.${owner}.add-kind`;
  return [
    title,
    hint ? element("p", { className: "hint", textContent: hint }) : "",
    element("ol", { className: "kit-list" }, ...items.map((item, n) =>
      itemPart(item, owner, n, items.length, lang, tag))),
    element("div", { className: "kit-add-item" },
      selectField(kindKey, say("new_item_kind"), strings.item_kinds, "scale"),
      button(say("add_item"), "item.add", { key: owner === "evaluation" ? "evaluation.add"
        : `block.${owner}.add-item` })),
  ];
}

// Re-anchoring: move the clock times of this block and the later ones of its day by some
// minutes (filled in with how far behind the programme is), or keep the published times.
function shiftPart(key, delay) {
  const id = `${idOf(key)}-shift`;
  const input = element("input", { id, type: "number", value: String(delay || 0),
    min: "-1440", max: "1440", step: "1" });
  input.dataset.kitShiftFor = key;
  input.setAttribute("aria-describedby", `${id}-hint`);
  return element("div", { className: "kit-field kit-shift" },
    element("label", { htmlFor: id, textContent: say("shift") }),
    element("div", { className: "kit-shift-row" }, input,
      button(say("shift_go"), "times.shift", { key: `${key}.shift` })),
    element("p", { className: "hint", id: `${id}-hint`, textContent: say("shift_hint") }));
}

// A block: a header that is always there (its drag handle, the button that opens and
// closes its fields, what it is and how long, Move up / Move down), and its fields, shown
// while it is open: the programme stays short enough to see, and to drag a block across.
function blockPart(block, index, count, lang) {
  const key = `block.${index}`;
  const title = block.title || say("untitled");
  const locked = index === view.running;
  const open = view.opened.has(index);
  const bodyId = `${idOf(key)}-body`;
  const hintId = `${idOf(key)}-running`;
  const kind = element("select", { id: idOf(`${key}.kind`), disabled: locked });
  kind.dataset.kitKey = `${key}.kind`;
  kind.append(...strings.kinds.map(([value, label]) => element("option",
    { value, textContent: label, selected: value === block.kind })));
  if (locked) kind.setAttribute("aria-describedby", hintId);
  const handle = element("span", { className: "kit-handle", title: say("drag"),
    textContent: "⠿", draggable: true });
  handle.setAttribute("aria-hidden", "true");
  handle.dataset.kitHandle = String(index);
  const toggle = element("button", { type: "button", className: "kit-toggle",
    id: `${idOf(key)}-toggle`, textContent: say("block_n", { n: index + 1, title }) });
  toggle.dataset.kitAction = "block.toggle";
  toggle.dataset.kitKey = key;
  toggle.setAttribute("aria-expanded", String(open));
  toggle.setAttribute("aria-controls", bodyId);
  if (lang) toggle.lang = lang;
  const kindLabel = (strings.kinds.find(([value]) => value === block.kind) || [, block.kind])[1];
  const meta = [kindLabel, say("minutes_short", { n: block.minutes })];
  if (view.kit.blocks.some((other) => other.day !== 1)) meta.push(say("day_n", { n: block.day }));
  if (block.start) meta.push(block.start);
  const withQuestions = block.kind === "group-work" || block.questions.length > 0;
  const hall = HALL.includes(block.kind);
  if (block.questions.length) meta.push(say("questions_n", { count: block.questions.length }));
  if (block.items.length) meta.push(say("items_n", { count: block.items.length }));
  const body = element("div", { className: "kit-block-body", id: bodyId, hidden: !open },
    partError(key),
    locked ? element("p", { className: "kit-running", id: hintId,
      textContent: say("running_hint") }) : "",
    element("div", { className: "kit-grid" },
      field(`${key}.title`, say("title"), block.title, { lang }),
      element("div", { className: "kit-field" },
        element("label", { htmlFor: kind.id, textContent: say("kind") }), kind,
        errorLine(`${key}.kind`)),
      field(`${key}.minutes`, say("minutes"), block.minutes, { type: "number",
        disabled: locked, describedBy: locked ? [hintId] : [] }),
      field(`${key}.day`, say("day"), block.day, { type: "number" }),
      field(`${key}.start`, say("start"), block.start, { type: "time" })),
    block.start ? shiftPart(key, view.delay) : "",
    hall || block.audience_questions ? element("div", { className: "kit-checks" },
      checkbox(`${key}.audience_questions`, say("audience_questions"), block.audience_questions,
        say("audience_hint"))) : "",
    markdownField(`${key}.description`, say("description"), block.description, lang),
    withQuestions ? element("div", { className: "kit-questions" },
      element("h5", { className: "subheading", textContent: say("questions") }),
      element("ol", { className: "kit-list" }, ...block.questions.map((question, q) =>
        questionPart(question, index, q, block.questions.length, lang))),
      button(say("add_question"), "question.add", { key: `${key}.add-question`,
        described: title })) : "",
    hall || block.items.length ? element("div", { className: "kit-questions kit-polls" },
      ...itemsPart(block.items, index, lang, { tag: "h6", heading: element("h5",
        { className: "subheading", textContent: say("polls") }) })) : "",
    element("div", { className: "controls" },
      button(say("remove_block"), "block.remove", { key: `${key}.remove`, disabled: locked,
        className: "button button-danger", described: title })));
  body.setAttribute("role", "group"); // its fields, named by the block's header
  body.setAttribute("aria-labelledby", toggle.id);
  const item = element("li", { className: "kit-item kit-block" },
    element("div", { className: "kit-item-header" }, handle,
      element("h4", { className: "kit-part-heading" }, toggle),
      element("p", { className: "kit-block-meta", textContent: meta.join(" · ") }),
      locked ? element("p", { className: "kit-badge kit-running-badge",
        textContent: say("running_now") }) : "",
      element("div", { className: "controls kit-move" },
        button(say("move_up"), "block.up", { key: `${key}.up`, disabled: index === 0,
          described: title }),
        button(say("move_down"), "block.down", { key: `${key}.down`,
          disabled: index === count - 1, described: title }))),
    body);
  item.dataset.kitBlock = String(index);
  if (open) item.dataset.kitOpen = "";
  return item;
}

export function buildKitForm(kit, shown) {
  view = { ...shown, kit };
  const lang = kit.language || null;
  return [
    seminarPart(kit, lang),
    element("section", { className: "kit-section" },
      element("h3", { className: "subheading", textContent: say("roles") }),
      element("ol", { className: "kit-list" },
        ...kit.roles.map((role, index) => rolePart(role, index, lang))),
      button(say("add_role"), "role.add", { key: "roles.add" })),
    element("section", { className: "kit-section" },
      element("h3", { className: "subheading", textContent: say("programme") }),
      element("p", { className: "hint", textContent: say("drag_hint") }),
      element("ol", { className: "kit-list kit-blocks" },
        ...kit.blocks.map((block, index) => blockPart(block, index, kit.blocks.length, lang))),
      button(say("add_block"), "block.add", { key: "blocks.add" })),
    element("section", { className: "kit-section kit-evaluation" }, partError("evaluation"),
      ...itemsPart(kit.evaluation, "evaluation", lang, { tag: "h4",
        hint: say("evaluation_hint"), heading: element("h3", { className: "subheading",
          textContent: say("evaluation") }) })),
  ];
}
