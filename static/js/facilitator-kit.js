// The facilitator's kit editor: the seminar's own copy of its kit, as a form (kit-form.js
// builds it: the seminar's texts, the roles, the blocks, their questions and poll items, the
// evaluation's items; kit-reorder.js
// drags its blocks) or as plain text (kit-text-editor.js).
// Every change is one kit:edit with the kit version it was made against; the reply is the
// kit as stored, and the form is built again from it (what the person is typing is kept,
// and so is the focus). A refusal keeps what was typed and says why, next to the field: an
// invalid kit (the messages of `seminar check`), a change from another tab (kit_conflict:
// reloaded, and what was typed is shown), the running block (its time is changed with the
// bar's buttons), or a removal that needs a confirmation (a question or a poll item with
// answers).
import { element, newer, t } from "./live.js";
import { clockShiftNow } from "./facilitator-replan.js";
import { textEditor } from "./kit-text-editor.js";
import { blockReordering } from "./kit-reorder.js";
import { buildKitForm, SEMINAR_TEXTS, say } from "./kit-form.js";

const PREVIEW_DELAY_MS = 500;
const FOCUS_PREVIEW_DELAY_MS = 300;
const NUMBER = /^\d+$/;
// The ops that add, remove and move nothing.
const SETS = ["seminar", "role.set", "block.set", "question.set", "item.set", "times.shift"];
// A poll item's field keys ("item.2.0.title", "item.evaluation.1.option.3").
const ITEM_KEY = /^item\.(\d+|evaluation)\.(\d+)\.(.+)$/;

// The kit:edit `block` of a poll item's owner: a block's index, or "evaluation".
const ownerOf = (owner) => (owner === "evaluation" ? "evaluation" : Number(owner));


// The op that sets the field of `key` ("seminar.title", "role.0.name", "block.2.minutes",
// "question.2.1.text") to `value`.
function setOp(key, value) {
  const [part, ...rest] = key.split(".");
  if (part === "seminar") return { op: "seminar", field: rest[0], value };
  if (part === "role") return { op: "role.set", index: Number(rest[0]), field: rest[1], value };
  if (part === "block") return { op: "block.set", index: Number(rest[0]), field: rest[1], value };
  if (part === "item") {
    return { op: "item.set", block: ownerOf(rest[0]), index: Number(rest[1]), field: rest[2],
      value };
  }
  return { op: "question.set", block: Number(rest[0]), index: Number(rest[1]), field: rest[2],
    value };
}

function valueOf(control) {
  if (control.type === "checkbox") return control.checked;
  const field = control.dataset.kitKey.split(".").pop();
  if ((field === "minutes" || field === "day") && NUMBER.test(control.value.trim())) {
    return Number(control.value.trim());
  }
  return control.value;
}

function showValue(control, value) {
  if (control.type === "checkbox") control.checked = Boolean(value);
  else control.value = value ?? "";
}

// The part of the kit a kit_invalid message concerns, as the key of its place in the form.
function partKey(error) {
  if (error.part === "item" && error.block != null && error.item != null) {
    return `item.${error.block}.${error.item}`;
  }
  if (error.part === "evaluation") return "evaluation";
  if (error.part === "question" && error.block != null && error.question != null) {
    return `question.${error.block}.${error.question}`;
  }
  if (error.part === "block" && error.block != null) return `block.${error.block}`;
  if (error.part === "role" && error.role != null) return `role.${error.role}`;
  if (SEMINAR_TEXTS.includes(error.part)) return `seminar.${error.part}`;
  return "seminar";
}

export function kitEditor(root, live) {
  const panel = root.querySelector("[data-kit-editor]");
  if (!panel) return { joined() {} };
  const form = panel.querySelector("[data-kit-form]");
  const textMode = panel.querySelector("[data-kit-text-mode]");
  const status = panel.querySelector("[data-kit-status]");
  const announcer = panel.querySelector("[data-kit-announce]");
  const notice = panel.querySelector("[data-kit-notice]");
  const dialog = panel.querySelector("[data-kit-confirm]");
  const modeButtons = [...panel.querySelectorAll("[data-kit-mode]")];
  const formHint = panel.querySelector("[data-kit-form-hint]");

  let state = null; // the last kit:get / kit:edit / kit:text reply
  let mode = "form";
  let running = null; // {current, started} from a programme state newer than the last reply
  let sending = false;
  let inFlight = null; // the kit:edit on its way
  let changedMeanwhile = null; // a kit:changed heard while a change of ours was on its way
  const queue = []; // [{ops, focus, label}] waiting for the one on its way
  const dirty = new Map(); // key -> what is typed there and not stored
  const refused = new Map(); // key -> kit_invalid messages for what is typed there
  const previews = new Map(); // key -> {markdown, html}: the last preview of each text
  const previewTimers = new Map();
  const opened = new Set(); // the indexes of the blocks whose fields are shown

  const text = textEditor(textMode, {
    say,
    check: (value, then) => live.send("kit:check", { text: value },
      { then: (ack) => then(ack.errors || []), failed: () => true }),
    save: (value) => saveText(value),
  });

  // -- the notice, the status line and the live region

  function showNotice(message, { typed = "", reload = false } = {}) {
    notice.querySelector("[data-kit-notice-text]").textContent = message;
    notice.querySelector("[data-kit-notice-typed]").hidden = !typed;
    notice.querySelector("[data-kit-typed]").value = typed;
    notice.querySelector("[data-kit-reload]").hidden = !reload;
    notice.hidden = false;
  }

  function hideNotice() {
    notice.hidden = true;
  }

  function announce(message) {
    announcer.textContent = "";
    // A new text node each time, so the same words are announced again.
    setTimeout(() => { announcer.textContent = message; }, 50);
  }

  notice.querySelector("[data-kit-notice-close]").addEventListener("click", () => {
    hideNotice();
    panel.querySelector(`[data-kit-mode="${mode}"]`).focus();
  });
  notice.querySelector("[data-kit-reload]").addEventListener("click", () => {
    const typed = [...dirty.entries()].map(([key, value]) => `${labelOf(key)}: ${value}`);
    if (mode === "text" && text.dirty()) typed.push(text.value());
    dirty.clear();
    refused.clear();
    load(() => {
      if (typed.length) showNotice(say("reloaded"), { typed: typed.join("\n") });
      else hideNotice();
    }, { replace: true });
  });

  // -- the programme: which block runs (its kind and duration are not edited here)

  // The index of the block whose timer has started (running or paused), or -1: from the
  // last programme state, or else from the last reply (its `running`).
  function runningIndex() {
    if (running) return running.started ? running.current : -1;
    return state && state.running ? state.current : -1;
  }

  live.socket.on("programme:state", (programme) => {
    const next = { current: programme.current,
      started: ["running", "paused"].includes(programme.timer.status) };
    const was = runningIndex();
    running = next;
    if (state && runningIndex() !== was && mode === "form") render();
  });

  // How many minutes the day is behind its published clock times (0 without clock times),
  // the same shift the bar's offer to move the rest of the day proposes.
  function delayMinutes() {
    const shift = clockShiftNow(live.latest(), live.clock.now());
    return shift ? Math.max(0, shift.minutes) : 0;
  }

  // -- building the form

  function labelOf(key) {
    const control = form.querySelector(`[data-kit-key="${CSS.escape(key)}"]`);
    const label = control && control.labels && control.labels[0];
    const group = control && control.closest("fieldset, [role=group]");
    const name = group && (group.querySelector("legend")
      || document.getElementById(group.getAttribute("aria-labelledby")));
    const own = label ? label.textContent : key;
    return name ? `${name.textContent} – ${own}` : own;
  }

  // Build the form again from the stored kit, keeping what is typed and not stored, the
  // refusals next to it, the scroll position and the focus (on `focusKey` if given).
  function render(focusKey = null) {
    const active = document.activeElement;
    const activeKey = active && form.contains(active) ? active.dataset.kitKey : null;
    const selection = active && "selectionStart" in active && active.type !== "number"
      && active.type !== "time" && active.type !== "checkbox"
      ? [active.selectionStart, active.selectionEnd] : null;
    const scroll = form.scrollTop;
    for (const key of [focusKey, ...dirty.keys(), ...refused.keys()]) {
      const block = blockOfField(key);
      if (block !== null) opened.add(block);
    }
    form.replaceChildren(...buildKitForm(state.kit, { opened,
      running: runningIndex(), answered: state.answered || {},
      answeredItems: state.answered_items || {}, delay: delayMinutes() }));
    for (const [key, value] of dirty) {
      const node = form.querySelector(`[data-kit-key="${CSS.escape(key)}"]`);
      if (node) showValue(node, value);
    }
    previewShown(form);
    showRefusals();
    form.scrollTop = scroll;
    const wanted = focusKey || activeKey;
    const target = wanted && byKey(wanted);
    // A Move up that is disabled now (the block is first): its block's header instead.
    const usable = target && !target.disabled ? target
      : wanted && byKey(wanted.replace(/\.(up|down)$/, ""));
    if (usable) {
      usable.focus({ preventScroll: !focusKey });
      if (!focusKey && selection && usable === byKey(activeKey)) {
        try {
          usable.setSelectionRange(...selection);
        } catch {
          // Not a text field after all.
        }
      }
      if (focusKey) usable.scrollIntoView({ block: "nearest" });
    }
  }

  function byKey(key) {
    return form.querySelector(`[data-kit-key="${CSS.escape(key)}"]`);
  }

  function showRefusals() {
    for (const node of form.querySelectorAll("[data-kit-error-for], [data-kit-part-error]")) {
      node.hidden = true;
      node.replaceChildren();
    }
    for (const node of form.querySelectorAll("[aria-invalid]")) {
      node.removeAttribute("aria-invalid");
    }
    for (const [key, errors] of refused) {
      const control = form.querySelector(`[data-kit-key="${CSS.escape(key)}"]`);
      const own = form.querySelector(`[data-kit-error-for="${CSS.escape(key)}"]`);
      if (control) control.setAttribute("aria-invalid", "true");
      if (own) {
        own.append(...errors.map((error) => element("span", { textContent: error.message })));
        own.hidden = false;
      }
      // The part the message concerns, when it is another one than the field's.
      for (const error of errors) {
        const part = form.querySelector(`[data-kit-part-error="${CSS.escape(partKey(error))}"]`);
        if (part && !key.startsWith(`${partKey(error)}.`)) {
          part.append(element("p", { className: "kit-error", textContent: error.message }));
          part.hidden = false;
        }
      }
    }
  }

  // -- sending changes, one at a time, each against the version the last reply gave

  function edit(ops, { focus = null, label = "", keys = [], confirm = false,
    after = null, typed = null } = {}) {
    queue.push({ ops, focus, label, keys, confirm, after, typed });
    if (!sending) next();
  }

  // Whether a change is on its way (also for the tests, as data-kit-sending).
  function busy(value) {
    sending = value;
    if (!value) inFlight = null;
    panel.dataset.kitSending = String(value);
  }

  // Whether a change on its way (or waiting) adds, removes or moves parts: until its reply
  // is drawn, the places this form shows may be out of date.
  function moving() {
    return [inFlight, ...queue].some((change) => change
      && change.ops.some((op) => !SETS.includes(op.op)));
  }

  function next() {
    const change = queue.shift();
    inFlight = change || null;
    if (!change || !state) {
      busy(false);
      if (changedMeanwhile) kitChanged(changedMeanwhile);
      return;
    }
    busy(true);
    status.textContent = say("saving");
    const payload = { version: state.version, ops: change.ops };
    if (change.confirm) payload.confirm = true;
    live.send("kit:edit", payload, {
      then: (ack) => {
        // What was typed is stored, unless more was typed since it was sent.
        const sent = change.ops.find((op) => "value" in op);
        for (const key of change.keys) {
          refused.delete(key);
          const typed = change.typed && key in change.typed ? change.typed[key] : sent?.value;
          if (dirty.has(key) && (!sent || dirty.get(key) === typed)) dirty.delete(key);
        }
        status.textContent = say("saved");
        for (const op of change.ops) followBlocks(op);
        take(ack, change.focus);
        if (change.after) change.after();
        next();
      },
      failed: (error) => {
        refusedChange(change, error);
        return true;
      },
    });
  }

  function refusedChange(change, error) {
    const code = error ? error.code : null;
    const rest = () => next();
    if (code === "kit_invalid") {
      const errors = error.errors || [];
      for (const key of change.keys) refused.set(key, errors.length ? errors
        : [{ message: error.message }]);
      if (!change.keys.length) showNotice(errors.map((e) => e.message).join("\n") || error.message);
      status.textContent = say("invalid");
      showRefusals();
      return rest();
    }
    if (code === "kit_conflict") {
      queue.length = 0;
      const typed = change.label;
      for (const key of change.keys) dirty.delete(key);
      refused.clear();
      busy(false);
      status.textContent = say("not_saved", { message: error.message });
      load(() => showNotice(say("conflict"), { typed: typed ? say("conflict_typed",
        { what: typed }) : "" }));
      return null;
    }
    if (code === "confirm_needed") {
      busy(false);
      status.textContent = "";
      confirmRemoval(error.questions || [], error.items || []).then((yes) => {
        if (yes) edit(change.ops, { ...change, confirm: true });
        else next();
      });
      return null;
    }
    if (code === "block_running") {
      for (const key of change.keys) {
        dirty.delete(key);
        refused.set(key, [{ message: say("running_refused") }]);
      }
      status.textContent = say("not_saved", { message: say("running_refused") });
      render();
      return rest();
    }
    status.textContent = say("not_saved", { message: error ? error.message : t("error") });
    return rest();
  }

  // The open blocks stay open when blocks are added, removed or moved (a new one opens).
  function followBlocks(op) {
    if (!["block.add", "block.remove", "block.move"].includes(op.op)) return;
    const flags = state.kit.blocks.map((_, index) => opened.has(index));
    if (op.op === "block.add") flags.splice(op.at, 0, true);
    else if (op.op === "block.remove") flags.splice(op.index, 1);
    else flags.splice(op.to, 0, flags.splice(op.index, 1)[0]);
    opened.clear();
    flags.forEach((open, index) => { if (open) opened.add(index); });
  }

  // The block whose fields hold `key` ("block.2.title", "question.2.0.text",
  // "item.2.0.title"), or null.
  function blockOfField(key) {
    const match = /^(?:block\.(\d+)\.(?!up$|down$)|(?:question|item)\.(\d+)\.)/.exec(key || "");
    return match ? Number(match[1] ?? match[2]) : null;
  }

  // Take a reply with the stored kit (kit:get, kit:edit, kit:text) and show it.
  function take(ack, focus = null) {
    state = ack;
    running = null; // the reply says which block runs; later programme states update it
    if (changedMeanwhile && newer(state, changedMeanwhile)) changedMeanwhile = null;
    if (mode === "form") render(focus);
    else if (!text.dirty()) text.load(state.text);
    if (changedMeanwhile && !sending) kitChanged(changedMeanwhile);
  }

  // Fetch the stored kit; in the plain text, what is typed there stays unless `replace`.
  function load(then = () => {}, { replace = false } = {}) {
    live.send("kit:get", {}, {
      then: (ack) => {
        if (mode === "text" && (replace || !text.dirty())) text.load(ack.text);
        take(ack);
        then();
      },
      failed: (error) => {
        status.textContent = error ? error.message : t("error");
        return true;
      },
    });
  }

  // -- what the person does in the form

  form.addEventListener("input", (event) => {
    const node = event.target.closest("[data-kit-key]");
    if (!node || node.type === "checkbox" || node.tagName === "SELECT") return;
    dirty.set(node.dataset.kitKey, valueOf(node));
    if (node.hasAttribute("data-kit-markdown")) previewSoon(node.dataset.kitKey);
  });
  // A text's first preview when the focus comes to it (one at a time: tabbing through the
  // form asks only for the field it stops at; the server allows 30 a socket in 10 s).
  let focusPreview = null;
  form.addEventListener("focusin", (event) => {
    clearTimeout(focusPreview);
    const node = event.target.closest("[data-kit-markdown]");
    if (node && previews.get(node.dataset.kitKey)?.markdown !== node.value) {
      focusPreview = setTimeout(() => previewSoon(node.dataset.kitKey, 0), FOCUS_PREVIEW_DELAY_MS);
    }
  });
  form.addEventListener("change", (event) => {
    const node = event.target.closest("[data-kit-key]");
    if (!node || node.dataset.kitAction || !node.dataset.kitKey) return;
    const key = node.dataset.kitKey;
    if (/\.add-kind$/.test(key)) return; // the type a new item gets: read when it is added
    const value = valueOf(node);
    dirty.set(key, value);
    const item = ITEM_KEY.exec(key);
    if (item && /^(label_low|label_high|option\.\d+)$/.test(item[3])) {
      itemFieldChanged(key, item);
      return;
    }
    edit([setOp(key, value)], { keys: [key], label: `${labelOf(key)}: ${value}` });
  });

  // A scale's end label or a choice's option: the item's `labels` (`low | high`, both or
  // neither) or `options` (one a line) as the form shows them now.
  function itemFieldChanged(key, [, owner, index, field]) {
    const base = `item.${owner}.${index}`;
    const typed = {};
    let op;
    if (field.startsWith("label_")) {
      const low = byKey(`${base}.label_low`).value.trim();
      const high = byKey(`${base}.label_high`).value.trim();
      op = { op: "item.set", block: ownerOf(owner), index: Number(index), field: "labels",
        value: low || high ? `${low} | ${high}` : "" };
    } else {
      op = optionsOp(owner, index, optionValues(base));
    }
    typed[key] = dirty.get(key);
    edit([op], { keys: [key], typed, label: `${labelOf(key)}: ${dirty.get(key)}` });
  }

  function optionValues(base) {
    const prefix = CSS.escape(`${base}.option.`);
    return [...form.querySelectorAll(`[data-kit-option][data-kit-key^="${prefix}"]`)]
      .map((node) => node.value);
  }

  function optionsOp(owner, index, options) {
    return { op: "item.set", block: ownerOf(owner), index: Number(index), field: "options",
      value: options.map((option) => option.replace(/[\r\n]+/g, " ")).join("\n") };
  }

  function showPreview(key) {
    const body = form.querySelector(`[data-kit-preview-for="${CSS.escape(key)}"]`);
    const node = byKey(key);
    const shown = previews.get(key);
    if (!body || !node || !shown || shown.markdown !== node.value) return false;
    if (shown.markdown.trim()) {
      body.innerHTML = shown.html; // rendered and sanitised by the server, as on the screens
    } else {
      body.replaceChildren(element("p", { className: "hint",
        textContent: say("preview_nothing") }));
    }
    return true;
  }

  // The previews of the texts in `container` that are shown (not in a closed block): from
  // what was rendered before, or asked for now.
  function previewShown(container) {
    for (const node of container.querySelectorAll("[data-kit-markdown]")) {
      if (node.closest(".kit-block-body[hidden]")) continue;
      if (!showPreview(node.dataset.kitKey)) previewSoon(node.dataset.kitKey, 0);
    }
  }

  function previewSoon(key, delay = PREVIEW_DELAY_MS) {
    clearTimeout(previewTimers.get(key));
    previewTimers.set(key, setTimeout(() => {
      const node = form.querySelector(`[data-kit-key="${CSS.escape(key)}"]`);
      if (!node) return;
      const markdown = node.value;
      live.send("kit:preview", { markdown }, {
        then: (ack) => {
          previews.set(key, { markdown, html: ack.html });
          showPreview(key);
        },
        failed: () => true,
      });
    }, delay));
  }

  function titleOfBlock(index) {
    return state.kit.blocks[index]?.title || say("untitled");
  }

  function moveBlock(index, to, focusSuffix) {
    const total = state.kit.blocks.length;
    if (to < 0 || to >= total || to === index) return;
    const title = titleOfBlock(index);
    const moved = say("moved", { title, n: to + 1, total });
    edit([{ op: "block.move", index, to }], { focus: `block.${to}${focusSuffix}`, label: moved,
      after: () => announce(moved) });
  }

  function moveQuestion(block, index, to, focusSuffix) {
    const count = state.kit.blocks[block].questions.length;
    if (to < 0 || to >= count || to === index) return;
    const title = state.kit.blocks[block].questions[index].title || say("untitled");
    const moved = say("moved", { title, n: to + 1, total: count });
    edit([{ op: "question.move", block, index, to }], {
      focus: `question.${block}.${to}${focusSuffix}`, label: moved, after: () => announce(moved) });
  }

  function itemsOf(owner) {
    return owner === "evaluation" ? state.kit.evaluation : state.kit.blocks[owner].items;
  }

  function moveItem(owner, index, to, focusSuffix) {
    const items = itemsOf(ownerOf(owner));
    if (to < 0 || to >= items.length || to === index) return;
    const title = items[index].title || say("untitled");
    const moved = say("moved", { title, n: to + 1, total: items.length });
    edit([{ op: "item.move", block: ownerOf(owner), index, to }], {
      focus: `item.${owner}.${to}${focusSuffix}`, label: moved, after: () => announce(moved) });
  }

  form.addEventListener("click", (event) => {
    const node = event.target.closest("button[data-kit-action]");
    if (!node || node.disabled || !state) return;
    const action = node.dataset.kitAction;
    const parts = (node.dataset.kitKey || "").split(".");
    const kit = state.kit;
    // An addition, removal or move names parts by their place in the kit this form shows:
    // not while another change may still move them (it takes a moment; then it is redrawn).
    if (action !== "block.toggle" && moving()) {
      status.textContent = say("saving");
      return;
    }
    if (action === "block.toggle") {
      const index = Number(parts[1]);
      const open = !opened.has(index);
      if (open) opened.add(index);
      else opened.delete(index);
      node.setAttribute("aria-expanded", String(open));
      const item = node.closest("[data-kit-block]");
      item.querySelector(".kit-block-body").hidden = !open;
      item.toggleAttribute("data-kit-open", open);
      if (open) previewShown(item);
    } else if (action === "times.shift") {
      const index = Number(parts[1]);
      const input = form.querySelector(`[data-kit-shift-for="block.${index}"]`);
      const minutes = Number(input.value);
      if (!Number.isInteger(minutes) || minutes === 0) return;
      edit([{ op: "times.shift", from: index, minutes }], { focus: `block.${index}.shift`,
        label: `${say("shift")}: ${minutes}`, keys: [`block.${index}.start`] });
    } else if (action === "role.add") {
      edit([{ op: "role.add", at: kit.roles.length }], { focus: `role.${kit.roles.length}.name` });
    } else if (action === "role.remove") {
      const index = Number(parts[1]);
      edit([{ op: "role.remove", index }], { focus: kit.roles.length > 1
        ? `role.${Math.min(index, kit.roles.length - 2)}.name` : "roles.add",
      label: say("remove_role") });
    } else if (action === "block.add") {
      edit([{ op: "block.add", at: kit.blocks.length }],
        { focus: `block.${kit.blocks.length}.title` });
    } else if (action === "block.remove") {
      const index = Number(parts[1]);
      edit([{ op: "block.remove", index }], { focus: kit.blocks.length > 1
        ? `block.${Math.min(index, kit.blocks.length - 2)}` : "blocks.add",
      label: `${say("remove_block")}: ${titleOfBlock(index)}` });
    } else if (action === "block.up" || action === "block.down") {
      const index = Number(parts[1]);
      moveBlock(index, index + (action === "block.up" ? -1 : 1),
        action === "block.up" ? ".up" : ".down");
    } else if (action === "question.add") {
      const block = Number(parts[1]);
      const count = kit.blocks[block].questions.length;
      edit([{ op: "question.add", block, at: count }],
        { focus: `question.${block}.${count}.title` });
    } else if (action === "question.remove") {
      const [block, index] = [Number(parts[1]), Number(parts[2])];
      const count = kit.blocks[block].questions.length;
      const question = kit.blocks[block].questions[index];
      edit([{ op: "question.remove", block, index }], {
        focus: count > 1 ? `question.${block}.${Math.min(index, count - 2)}`
          : `block.${block}.add-question`,
        label: `${say("remove_question")}: ${question.title}` });
    } else if (action === "item.add") {
      const owner = parts[0] === "evaluation" ? "evaluation" : parts[1];
      const items = itemsOf(ownerOf(owner));
      const select = byKey(owner === "evaluation" ? "evaluation.add-kind"
        : `block.${owner}.add-kind`);
      edit([{ op: "item.add", block: ownerOf(owner), at: items.length,
        kind: select ? select.value : "scale" }], { focus: `item.${owner}.${items.length}.title`,
        label: say("add_item") });
    } else if (action === "item.remove") {
      const [owner, index] = [parts[1], Number(parts[2])];
      const items = itemsOf(ownerOf(owner));
      edit([{ op: "item.remove", block: ownerOf(owner), index }], {
        focus: items.length > 1 ? `item.${owner}.${Math.min(index, items.length - 2)}`
          : (owner === "evaluation" ? "evaluation.add" : `block.${owner}.add-item`),
        label: `${say("remove_item")}: ${items[index].title}` });
    } else if (action === "item.up" || action === "item.down") {
      const [owner, index] = [parts[1], Number(parts[2])];
      moveItem(owner, index, index + (action === "item.up" ? -1 : 1),
        action === "item.up" ? ".up" : ".down");
    } else if (action === "option.add" || action === "option.remove") {
      const [owner, index] = [parts[1], parts[2]];
      const base = `item.${owner}.${index}`;
      const options = optionValues(base);
      const key = `${base}.options`;
      let focus;
      if (action === "option.add") {
        options.push(say("option_n", { n: options.length + 1 }));
        focus = `${base}.option.${options.length - 1}`;
      } else {
        const n = Number(parts[4]);
        options.splice(n, 1);
        focus = options.length ? `${base}.option.${Math.min(n, options.length - 1)}`
          : `${base}.add-option`;
      }
      for (const typed of [...dirty.keys()]) {
        if (typed.startsWith(`${base}.option.`)) dirty.delete(typed);
      }
      edit([optionsOp(owner, index, options)], { focus, keys: [key],
        label: `${say("options")}: ${options.join(", ")}` });
    } else if (action === "question.up" || action === "question.down") {
      const [block, index] = [Number(parts[1]), Number(parts[2])];
      moveQuestion(block, index, index + (action === "question.up" ? -1 : 1),
        action === "question.up" ? ".up" : ".down");
    }
  });

  // Alt+Arrow up/down moves the block (or the question) the focus is in; the focus follows.
  form.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
    if (!state) return;
    if (moving()) {
      event.preventDefault();
      return;
    }
    const step = event.key === "ArrowUp" ? -1 : 1;
    const key = event.target.dataset?.kitKey || "";
    const suffix = key.match(/^(?:block\.\d+|question\.\d+\.\d+)(.*)$/)?.[1] || "";
    const poll = event.target.closest("[data-kit-poll]");
    if (poll) {
      event.preventDefault();
      const [owner, index] = poll.dataset.kitPoll.split(".");
      const own = key.match(/^item\.(?:\d+|evaluation)\.\d+(.*)$/)?.[1] || "";
      moveItem(owner, Number(index), Number(index) + step, own);
      return;
    }
    const question = event.target.closest("[data-kit-question]");
    if (question) {
      event.preventDefault();
      const [block, index] = question.dataset.kitQuestion.split(".").map(Number);
      moveQuestion(block, index, index + step, key.startsWith("question.") ? suffix : "");
      return;
    }
    const block = event.target.closest("[data-kit-block]");
    if (block) {
      event.preventDefault();
      const index = Number(block.dataset.kitBlock);
      moveBlock(index, index + step, key.startsWith("block.") ? suffix : "");
    }
  });

  blockReordering(form, {
    move: (index, to) => {
      if (!moving()) moveBlock(index, to, "");
    },
  });

  // -- the confirmation of a removal that takes answers out of the kit

  function confirmRemoval(questions, items = []) {
    const total = (parts) => parts.reduce((sum, part) => sum + (part.answers || 0), 0);
    const texts = [];
    if (questions.length) texts.push(say("confirm_text", { count: total(questions) }));
    if (items.length) texts.push(say("confirm_items_text", { count: total(items) }));
    dialog.querySelector("[data-kit-confirm-text]").textContent = texts.join(" ");
    const removed = [...questions, ...items];
    dialog.querySelector("[data-kit-confirm-list]").replaceChildren(...removed.map((question) =>
      element("li", { textContent: say("confirm_item", { title: question.title,
        count: question.answers }) })));
    const opener = document.activeElement;
    return new Promise((resolve) => {
      const yes = dialog.querySelector("[data-kit-confirm-yes]");
      const no = dialog.querySelector("[data-kit-confirm-no]");
      const done = (answer) => {
        yes.removeEventListener("click", onYes);
        no.removeEventListener("click", onNo);
        dialog.removeEventListener("close", onClose);
        if (dialog.open) dialog.close();
        if (opener && opener.isConnected) opener.focus();
        resolve(answer);
      };
      const onYes = () => done(true);
      const onNo = () => done(false);
      const onClose = () => done(false); // Escape
      yes.addEventListener("click", onYes);
      no.addEventListener("click", onNo);
      dialog.addEventListener("close", onClose);
      dialog.showModal();
      no.focus();
    });
  }

  // -- the plain text

  function saveText(value, confirm = false) {
    if (!state) return;
    status.textContent = say("saving");
    const payload = { version: state.version, text: value };
    if (confirm) payload.confirm = true;
    busy(true);
    live.send("kit:text", payload, {
      then: (ack) => {
        busy(false);
        text.load(ack.text);
        take(ack);
        status.textContent = say("text_saved");
      },
      failed: (error) => {
        busy(false);
        const code = error ? error.code : null;
        if (code === "kit_invalid") {
          text.showErrors(error.errors || []);
          status.textContent = say("fix_first");
        } else if (code === "kit_conflict") {
          load(() => showNotice(say("conflict"), { typed: value }), { replace: true });
        } else if (code === "confirm_needed") {
          confirmRemoval(error.questions || [], error.items || []).then((yes) => {
            if (yes) saveText(value, true);
          });
        } else if (code === "block_running") {
          status.textContent = say("not_saved", { message: say("running_refused") });
        } else {
          status.textContent = say("not_saved", { message: error ? error.message : t("error") });
        }
        return true;
      },
    });
  }

  function setMode(wanted) {
    if (wanted === mode) return;
    const typed = mode === "text" && text.dirty() ? text.value() : "";
    mode = wanted;
    for (const node of modeButtons) {
      node.setAttribute("aria-pressed", String(node.dataset.kitMode === mode));
    }
    form.hidden = mode !== "form";
    textMode.hidden = mode !== "text";
    formHint.hidden = mode !== "form";
    status.textContent = "";
    dirty.clear();
    refused.clear();
    load(() => {
      if (typed) showNotice(say("text_unsaved"), { typed });
    }, { replace: true });
  }
  for (const node of modeButtons) {
    node.addEventListener("click", () => setMode(node.dataset.kitMode));
  }

  // -- another tab's change

  function unsaved() {
    return dirty.size > 0 || (mode === "text" && text.dirty());
  }

  function kitChanged(changed) {
    if (!state || newer(state, changed)) {
      changedMeanwhile = null;
      return;
    }
    if (sending) {
      changedMeanwhile = changed;
      return;
    }
    changedMeanwhile = null;
    if (unsaved()) {
      showNotice(say("changed_elsewhere"), { reload: true });
      return;
    }
    load(() => { status.textContent = say("reloaded"); });
  }
  live.socket.on("kit:changed", (changed) => kitChanged(changed || {}));

  return {
    // After every (re)join: the kit as it is stored now.
    joined() {
      if (!sending) load();
    },
  };
}
