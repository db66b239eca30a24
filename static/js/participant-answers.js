// The group's answers on a phone. Every change is an "edit" with an id made here; it is kept
// in localStorage until the server acknowledges that it is stored, so an edit made while the
// connection is gone (even across a reload) is sent when it comes back, and the server applies
// each edit id once. What is shown is the server's answers with the waiting edits applied on
// top. Point texts are always inserted as text, never as markup.
//
// An edit leaves the outbox only when the server has stored it, or when it refused it for good
// (`permanent` in live.js): then its text is shown, to be copied, until the person removes it.
// Any other failure (no answer, the server's storage not working, too many at once) keeps it
// ("not saved yet") and sends it again: at once when the server says its storage works again
// (`storage:state`) or the phone joins again, otherwise after a growing pause.
import { element, permanent, t } from "./live.js";

const RETRY_MS = 1500;
const RETRY_MAX_MS = 30000;
const EDIT_TIMEOUT_MS = 10000;

function newId(prefix) {
  const random = crypto.getRandomValues(new Uint32Array(3));
  return `${prefix}-${Date.now().toString(36)}-${[...random].map((n) => n.toString(36)).join("")}`;
}

// What this phone keeps in localStorage for a seminar: only the edits the server has not
// acknowledged yet, with what it takes to show them after a reload without a connection (the
// group, this person, whether they write). Nothing once every edit is sent; the group's points
// are the server's, fetched on every (re)join. `forget()`: the seminar is gone.
function saved(code) {
  const key = `seminar-answers:${code}`;
  const data = { pending: [], refused: [], server: {}, group: null, me: null, writes: true };
  let forgotten = false;
  try {
    const kept = JSON.parse(localStorage.getItem(key) || "{}");
    if (Array.isArray(kept.pending)) {
      Object.assign(data, { pending: kept.pending, group: kept.group ?? null,
        me: kept.me ?? null, writes: kept.writes ?? true });
    }
    if (Array.isArray(kept.refused)) data.refused = kept.refused;
  } catch {
    // A damaged entry is replaced; the server has everything that was acknowledged.
  }
  return {
    data,
    save() {
      if (forgotten) return;
      if (!data.pending.length && !data.refused.length) localStorage.removeItem(key);
      else {
        localStorage.setItem(key, JSON.stringify({ pending: data.pending, group: data.group,
          me: data.me, writes: data.writes, refused: data.refused }));
      }
    },
    forget() {
      forgotten = true;
      localStorage.removeItem(key);
    },
  };
}

export function answersPanel(root, live) {
  const panel = root.querySelector("[data-answers]");
  const code = root.dataset.code;
  const feedback = panel.querySelector("[data-answers-feedback]");
  const { data, save, forget } = saved(code);
  let current = Number(panel.dataset.initialBlock || 0);
  let sending = false;
  let retryTimer = null; // the next try of the edit first in line, after a failure
  let failures = 0; // failed tries in a row of the edit first in line
  let unsaved = false; // the server refused the edit first in line for now (it is kept)
  let storageDown = false; // the server says its storage does not take writes
  const refusedBox = root.querySelector("[data-answers-refused]");
  let refusedShown = null; // the ids of the refused texts on screen
  let editing = null; // the point being edited here: {id, question}
  let settings = { questions: {} }; // per question: revealed, priorities open
  let menuOpen = null; // the point whose "…" menu is open
  const drafts = {}; // per question: the priorities tapped here but not sent yet
  const toast = root.querySelector("[data-toast]");
  let toastTimer = null;
  let undo = null; // what "Undo" on the toast does
  const chosenTabs = {}; // per block: the question tab chosen on this page
  for (const key of Object.keys(localStorage)) { // kept there by an older version of the page
    if (key.startsWith(`seminar-tab:${code}:`)) localStorage.removeItem(key);
  }

  // -- the model: the server's points, and the waiting edits on top --------------------------

  function serverPoints(question) {
    return data.server[question]?.points || [];
  }

  function view(question) {
    let points = serverPoints(question).map((point) => ({ ...point }));
    let done = Boolean(data.server[question]?.done);
    let priorities = data.server[question]?.priorities || [];
    for (const edit of data.pending) {
      if (edit.forQuestion !== question) continue;
      const index = points.findIndex((point) => point.id === edit.point);
      if (edit.kind === "add" && index < 0) {
        points.push({ id: edit.point, text: edit.text, revision: 1, suggested: !data.writes,
          author: data.me, pending: true });
      } else if (edit.kind === "edit" && index >= 0) {
        points[index] = { ...points[index], text: edit.text,
          revision: points[index].revision + 1, pending: true };
      } else if (edit.kind === "accept" && index >= 0) {
        points[index] = { ...points[index], suggested: false,
          revision: points[index].revision + 1, pending: true };
      } else if (edit.kind === "delete" && index >= 0) {
        points.splice(index, 1);
      } else if (edit.kind === "restore" && index < 0 && edit.local) {
        points.splice(Math.min(edit.local.index, points.length), 0,
          { ...edit.local.snapshot, pending: true });
      } else if (edit.kind === "move") {
        const byId = Object.fromEntries(points.map((point) => [point.id, point]));
        if (edit.order.every((id) => byId[id]) && edit.order.length === points.length) {
          points = edit.order.map((id) => byId[id]);
        }
      } else if (edit.kind === "done") {
        done = edit.done;
      } else if (edit.kind === "prioritise") {
        priorities = edit.points;
      }
    }
    const live = new Set(points.map((point) => point.id));
    return { points, done, priorities: priorities.filter((id) => live.has(id)) };
  }

  function findQuestion(pointId) {
    for (const [question, answer] of Object.entries(data.server)) {
      if (answer.points.some((point) => point.id === pointId)) return question;
    }
    const added = data.pending.find((edit) => edit.kind === "add" && edit.point === pointId);
    return added ? added.question : null;
  }

  // -- sending, in order, until the server has acknowledged every waiting edit ---------------

  // ``forQuestion`` (where the edit belongs) and ``local`` (what to show until the server
  // answers) are this phone's notes; they are not sent. Returns the edit's id.
  function submit(edit) {
    const forQuestion = edit.forQuestion || edit.question || findQuestion(edit.point);
    const id = newId("edit");
    data.pending.push({ id, ...edit, forQuestion });
    save();
    render();
    flush();
    return id;
  }

  function flush() {
    if (sending || retryTimer !== null || !live.socket.connected || !data.pending.length
      || data.group === null) return;
    sending = true;
    const edit = data.pending[0];
    const { forQuestion, local, ...payload } = edit;
    const settle = () => {
      failures = 0;
      data.pending = data.pending.filter((waiting) => waiting.id !== edit.id);
      if (!data.pending.length) unsaved = false;
      save();
      render();
      flush();
    };
    live.send("answer:edit", { edit: payload }, {
      timeout: EDIT_TIMEOUT_MS,
      then: (ack) => {
        sending = false;
        unsaved = false;
        storageDown = false; // it stored this one
        applyResult(forQuestion, ack.result);
        settle();
      },
      failed: (error) => {
        sending = false;
        if (permanent(error)) {
          feedback.textContent = error.message;
          keepToCopy(edit, error.message);
          refetch();
          settle();
          return true;
        }
        // It may work later: keep it, and send it again.
        if (error) unsaved = true;
        if (error && error.code === "storage_unavailable") storageDown = true;
        retryLater(error);
        render();
        return true;
      },
    });
  }

  // Try again after a pause that grows with every failure in a row (a steady one when the
  // server only asks for fewer at once).
  function retryLater(error) {
    failures += 1;
    const delay = error && error.code === "rate_limited" ? RETRY_MS
      : Math.min(RETRY_MS * 2 ** (failures - 1), RETRY_MAX_MS);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      flush();
    }, delay);
  }

  // Something changed that may make the waiting edits work: send them now.
  function resend() {
    clearTimeout(retryTimer);
    retryTimer = null;
    failures = 0;
    flush();
  }

  // An edit the server will never take, or one that can no longer be sent: its text (if it has
  // one) stays on screen to be copied.
  function keepToCopy(edit, message) {
    if (typeof edit.text !== "string" || !edit.text.trim()) return;
    data.refused.push({ id: edit.id, text: edit.text, message });
  }

  // Take an acknowledged edit into the server's points at once (the broadcast follows).
  function applyResult(question, result) {
    const answer = data.server[question] ||= { points: [], done: false, seq: 0 };
    if (result.point) {
      const index = answer.points.findIndex((point) => point.id === result.point.id);
      if (index >= 0) answer.points[index] = result.point;
      else answer.points.push(result.point);
    }
    if (result.deleted) answer.points = answer.points.filter((p) => p.id !== result.deleted);
    if (result.order) {
      const byId = Object.fromEntries(answer.points.map((point) => [point.id, point]));
      answer.points = result.order.map((id) => byId[id]).filter(Boolean);
    }
    if (typeof result.done === "boolean") answer.done = result.done;
    if (result.priorities) answer.priorities = result.priorities;
  }

  function showQuestion(state) {
    if (state.group !== data.group) return;
    const known = data.server[state.question];
    if (known && known.seq > state.seq) return; // an older announcement arriving late
    data.server[state.question] = { points: state.points, done: state.done, seq: state.seq,
      priorities: state.priorities || [] };
    save();
    render();
  }

  function refetch() {
    live.send("answers:fetch", {}, { then: (ack) => {
      const answers = ack.answers;
      if (!answers) {
        data.server = {};
      } else {
        data.group = answers.group;
        data.server = {};
        for (const point of answers.points) {
          (data.server[point.question] ||= { points: [], done: false, seq: answers.seq })
            .points.push(point);
        }
        for (const question of answers.done) {
          (data.server[question] ||= { points: [], done: false, seq: answers.seq }).done = true;
        }
        for (const [question, picks] of Object.entries(answers.priorities || {})) {
          (data.server[question] ||= { points: [], done: false, seq: answers.seq })
            .priorities = picks;
        }
      }
      save();
      render();
      flush();
    } });
  }

  // -- on screen ----------------------------------------------------------------------------

  function render() {
    const block = panel.querySelector(`[data-answers-block="${current}"]`);
    panel.hidden = !block || data.group === null;
    document.body.classList.toggle("task-mode", !panel.hidden);
    for (const other of panel.querySelectorAll("[data-answers-block]")) {
      other.hidden = other !== block;
    }
    for (const who of panel.querySelectorAll("[data-answers-who]")) {
      who.textContent = t(data.writes ? "you_write" : "you_suggest");
    }
    const waiting = data.pending.length;
    panel.querySelector("[data-answers-pending]").textContent = !waiting ? ""
      : !live.socket.connected ? t("pending_edits", { count: waiting })
        : unsaved || storageDown ? t("pending_not_saved", { count: waiting }) : "";
    renderRefused();
    if (!block || panel.hidden) return;
    const focusKey = panel.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey : null;
    for (const section of block.querySelectorAll("[data-question]")) {
      renderQuestion(section, section.dataset.question);
    }
    renderTabs(block);
    if (focusKey) {
      const again = panel.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      if (again && again !== document.activeElement) again.focus();
    }
  }

  // "not sent yet" while it waits for the connection, "not saved yet" once the server has
  // refused it for now.
  function waitingBadge() {
    return t(unsaved || storageDown ? "not_saved" : "not_sent");
  }

  // The texts the server refused for good, each with a button that copies it.
  function renderRefused() {
    if (!refusedBox) return;
    refusedBox.hidden = !data.refused.length;
    const shown = data.refused.map((item) => item.id).join(" ");
    if (shown === refusedShown) return; // rebuilt only when it changes: the focus stays put
    refusedShown = shown;
    const status = refusedBox.querySelector("[data-refused-status]");
    refusedBox.querySelector("[data-refused-list]").replaceChildren(...data.refused.map((item) => {
      const text = element("p", { className: "refused-text", textContent: item.text });
      text.id = `refused-${item.id}`;
      const copy = smallButton(t("copy_text"), () => copyText(item.text, text, status), null,
        "button-primary");
      copy.setAttribute("aria-describedby", text.id);
      copy.dataset.focusKey = `copy-${item.id}`;
      const remove = smallButton(t("remove_text"), () => {
        data.refused = data.refused.filter((other) => other !== item);
        status.textContent = "";
        save();
        render();
        refusedBox.querySelector("[data-refused-heading]")?.focus();
      });
      remove.setAttribute("aria-describedby", text.id);
      return element("li", { className: "refused-item" },
        element("p", { className: "refused-reason", textContent: item.message }), text,
        element("div", { className: "point-actions" }, copy, remove));
    }));
  }

  async function copyText(value, node, status) {
    try {
      await navigator.clipboard.writeText(value);
      status.textContent = t("copied");
    } catch {
      // No clipboard here (an address without HTTPS, or refused): the text is selected instead.
      const range = document.createRange();
      range.selectNodeContents(node);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = t("copy_yourself");
    }
  }

  // -- one tab per question -------------------------------------------------------------------

  function selectedTab(block) {
    const tabs = [...block.querySelectorAll("[data-tab]")];
    if (!tabs.length) return null;
    return tabs.find((tab) => tab.dataset.tab === chosenTabs[current]) || tabs[0];
  }

  function renderTabs(block) {
    const chosen = selectedTab(block);
    if (!chosen) return;
    for (const tab of block.querySelectorAll("[data-tab]")) {
      const on = tab === chosen;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      block.querySelector(`#panel-${CSS.escape(tab.dataset.tab)}`).hidden = !on;
      const question = tab.dataset.tab;
      const { done } = view(question);
      const open = Boolean(settings.questions[question]?.priorities_open);
      tab.querySelector("[data-tab-note]").textContent = done ? ` ${t("tab_done")}`
        : open && block.querySelector(`#panel-${CSS.escape(question)} [data-priorities]`)
          ? ` ${t("tab_prioritise")}` : "";
    }
  }

  function chooseTab(tab, focus) {
    chosenTabs[current] = tab.dataset.tab;
    menuOpen = null;
    render();
    if (focus) tab.focus();
  }

  // -- a question: its points, the suggestions tray, the priorities ----------------------------

  function renderQuestion(section, question) {
    const { points, done, priorities } = view(question);
    const box = section.querySelector("[data-priorities]");
    if (box) renderPriorities(box, question, points, priorities);
    const accepted = points.filter((point) => !point.suggested);
    const suggestions = points.filter((point) => point.suggested);
    section.querySelector("[data-points-heading]").textContent =
      t("group_points", { count: accepted.length });
    const list = section.querySelector("[data-points]");
    const tray = section.querySelector("[data-suggestion-list]");
    const typing = editing && editing.question === question
      && section.contains(document.activeElement) && document.activeElement.tagName === "TEXTAREA"
      && !document.activeElement.closest("[data-add-point]");
    if (!typing) { // do not pull the text being edited away from under the writer
      list.replaceChildren(...accepted.map((point, index) => pointItem(point, index, points,
        accepted, question)));
      if (!accepted.length) {
        list.append(element("li", { className: "hint no-points", textContent: t("no_points") }));
      }
      tray.replaceChildren(...suggestions.map((point, index) => suggestionItem(point, index,
        points, question)));
    }
    section.querySelector("[data-suggestions]").hidden = !suggestions.length;
    // The scribe's field comes before the points; a member follows the points and suggests
    // below them.
    const form = section.querySelector("[data-add-point]");
    const anchor = data.writes ? section.querySelector("[data-points-heading]")
      : section.querySelector("[data-done-box]");
    if (form.nextElementSibling?.nextElementSibling !== anchor) {
      section.insertBefore(form, anchor);
      section.insertBefore(section.querySelector("[data-answers-who]"), anchor);
    }
    section.querySelector("[data-add-label]").textContent =
      t(data.writes ? "new_point" : "your_suggestion");
    section.querySelector("[data-add-button]").textContent =
      t(data.writes ? "add_point" : "suggest_point");
    section.querySelector("[data-done-box]").hidden = !data.writes;
    section.querySelector("[data-done-note]").hidden = !done;
    const checkbox = section.querySelector("[data-done]");
    if (checkbox !== document.activeElement) checkbox.checked = done;
  }

  // The group's 1–3 priorities: shown to everyone once sent; ranked by the scribe, by tapping
  // the points in order, while the facilitator has prioritising open.
  function renderPriorities(box, question, points, priorities) {
    const open = Boolean(settings.questions[question]?.priorities_open);
    box.hidden = !open && !priorities.length;
    const byId = Object.fromEntries(points.map((point) => [point.id, point]));
    box.querySelector("[data-priority-list]").replaceChildren(...priorities.map((id) =>
      element("li", { className: "priority", textContent: byId[id].text })));
    box.querySelector("[data-priority-status]").textContent = priorities.length
      ? t("priorities_sent", { count: priorities.length })
      : open ? t("priorities_waiting") : "";
    const form = box.querySelector("[data-priority-form]");
    form.hidden = !open || !data.writes;
    if (form.hidden) return;
    const choices = points.filter((point) => !point.suggested);
    const choiceIds = new Set(choices.map((point) => point.id));
    const picks = (drafts[question] || priorities).filter((id) => choiceIds.has(id));
    box.querySelector("[data-rank-choices]").replaceChildren(...choices.map((point) => {
      const rank = picks.indexOf(point.id) + 1;
      const badge = element("span", { className: "rank-badge", textContent: rank || "" });
      badge.setAttribute("aria-hidden", "true");
      const choice = element("button", { type: "button", className: "rank-choice" }, badge,
        element("span", { className: "visually-hidden",
          textContent: rank ? `${t("priority_label", { n: rank })} ` : "" }),
        element("span", { className: "rank-text", textContent: point.text }));
      choice.setAttribute("aria-pressed", String(Boolean(rank)));
      choice.dataset.focusKey = `rank-${point.id}`;
      choice.addEventListener("click", () => tapRank(form, question, point.id, priorities));
      return element("li", {}, choice);
    }));
    const unsent = drafts[question] && drafts[question].join(" ") !== priorities.join(" ");
    box.querySelector("[data-rank-state]").textContent = unsent ? t("not_sent_yet") : "";
  }

  function tapRank(form, question, pointId, priorities) {
    const high = Number(form.dataset.high);
    const picks = [...(drafts[question] || priorities)];
    const at = picks.indexOf(pointId);
    const error = form.querySelector("[data-pick-feedback]");
    error.textContent = "";
    if (at >= 0) picks.splice(at, 1);
    else if (picks.length >= high) error.textContent = t("pick_full", { high });
    else picks.push(pointId);
    drafts[question] = picks;
    render();
  }

  function smallButton(label, onClick, ariaLabel, extraClass = "button-secondary") {
    const button = element("button", { type: "button", className: `button ${extraClass}`,
      textContent: label });
    if (ariaLabel) button.setAttribute("aria-label", ariaLabel);
    button.addEventListener("click", onClick);
    return button;
  }

  function mayChange(point) {
    return data.writes || (point.suggested && point.author === data.me);
  }

  function editForm(point, label, question) {
    const area = element("textarea", { defaultValue: point.text, value: point.text, rows: 4,
      maxLength: 2000 });
    area.id = `edit-${point.id}`;
    area.dataset.focusKey = `edit-${point.id}`;
    const cancel = smallButton(t("cancel"), () => {
      editing = null;
      render();
      panel.querySelector(`[data-focus-key="${CSS.escape(`open-${point.id}`)}"]`)?.focus();
    });
    const form = element("form", { className: "form edit-point" },
      element("label", { htmlFor: area.id, textContent: label }), area,
      element("div", { className: "point-actions" },
        element("button", { type: "submit", className: "button button-primary",
          textContent: t("save") }), cancel));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      editing = null;
      if (area.value.trim() && area.value !== point.text) {
        submit({ kind: "edit", point: point.id, revision: point.revision, text: area.value });
      } else render();
      panel.querySelector(`[data-focus-key="${CSS.escape(`open-${point.id}`)}"]`)?.focus();
    });
    setTimeout(() => area.focus(), 0);
    return form;
  }

  function pointItem(point, index, points, accepted, question) {
    const n = index + 1;
    const label = t("point_n", { n });
    const li = element("li", { className: "point" });
    li.dataset.point = point.id;
    if (editing && editing.id === point.id) {
      li.append(editForm(point, t("edit_point", { n }), question));
      return li;
    }
    const text = element("p", { className: "point-text", textContent: point.text });
    if (data.writes) {
      // The scribe taps a point to edit it; the rest is behind "…".
      const open = element("button", { type: "button", className: "point-open" }, text,
        element("span", { className: "visually-hidden", textContent: ` (${t("tap_to_edit")})` }));
      open.dataset.focusKey = `open-${point.id}`;
      open.addEventListener("click", () => {
        editing = { id: point.id, question };
        menuOpen = null;
        render();
      });
      const more = smallButton("…", () => {
        menuOpen = menuOpen === point.id ? null : point.id;
        render();
      }, t("more_for", { what: label }), "button-secondary point-more");
      more.setAttribute("aria-expanded", String(menuOpen === point.id));
      more.dataset.focusKey = `more-${point.id}`;
      li.append(element("div", { className: "point-row" }, open, more));
      if (menuOpen === point.id) li.append(pointMenu(point, index, points, accepted, question));
    } else {
      li.append(text);
    }
    if (point.pending) {
      li.append(element("p", { className: "point-badges", textContent: waitingBadge() }));
    }
    return li;
  }

  function pointMenu(point, index, points, accepted, question) {
    const label = t("point_n", { n: index + 1 });
    const menu = element("div", { className: "point-menu" });
    const order = points.map((p) => p.id);
    const moveTo = (other) => {
      const copy = [...order];
      const a = copy.indexOf(point.id);
      const b = copy.indexOf(other.id);
      [copy[a], copy[b]] = [copy[b], copy[a]];
      submit({ kind: "move", question, order: copy });
    };
    if (index > 0) {
      const up = smallButton(`↑ ${t("move_up")}`, () => moveTo(accepted[index - 1]),
        `${t("move_up")}: ${label}`);
      up.dataset.focusKey = `more-${point.id}`;
      menu.append(up);
    }
    if (index < accepted.length - 1) {
      menu.append(smallButton(`↓ ${t("move_down")}`, () => moveTo(accepted[index + 1]),
        `${t("move_down")}: ${label}`));
    }
    menu.append(smallButton(t("delete"), () => {
      menuOpen = null;
      removeWithUndo(point, question, points.indexOf(point), t("deleted_point", { what: label }));
    }, `${t("delete")}: ${label}`, "button-danger"));
    return menu;
  }

  // A suggestion in the tray: the scribe accepts (primary) or rejects it; its author may edit
  // or withdraw it until it is accepted. Others see it.
  function suggestionItem(point, index, points, question) {
    const n = index + 1;
    const label = t("suggestion_n", { n });
    const li = element("li", { className: "suggestion" });
    li.dataset.point = point.id;
    if (editing && editing.id === point.id) {
      li.append(editForm(point, t("edit_suggestion", { n }), question));
      return li;
    }
    const own = point.author === data.me;
    li.append(element("p", { className: "point-text", textContent: point.text }));
    const badges = [own ? t("your_suggestion_badge") : t("suggestion")];
    if (point.pending) badges.push(waitingBadge());
    li.append(element("p", { className: "point-badges", textContent: badges.join(" · ") }));
    const actions = element("div", { className: "point-actions" });
    if (data.writes) {
      const accept = smallButton(t("accept"), () => submit({ kind: "accept", point: point.id }),
        `${t("accept")}: ${label}`, "button-primary");
      accept.dataset.focusKey = `accept-${point.id}`;
      actions.append(accept, smallButton(t("reject"), () => removeWithUndo(point, question,
        points.indexOf(point), t("rejected_suggestion", { what: label })),
      `${t("reject")}: ${label}`));
    }
    if (own && !data.writes) {
      const edit = smallButton(t("edit"), () => {
        editing = { id: point.id, question };
        render();
      }, `${t("edit")}: ${label}`);
      edit.dataset.focusKey = `open-${point.id}`;
      actions.append(edit, smallButton(t("withdraw"), () => removeWithUndo(point, question,
        points.indexOf(point), t("withdrew_suggestion", { what: label })),
      `${t("withdraw")}: ${label}`));
    }
    if (actions.children.length) li.append(actions);
    return li;
  }

  // -- delete with undo -----------------------------------------------------------------------

  function removeWithUndo(point, question, index, message) {
    const editId = submit({ kind: "delete", point: point.id, revision: point.revision });
    showToast(message, () => {
      const waiting = data.pending.findIndex((edit) => edit.id === editId);
      if (waiting > 0 || (waiting === 0 && !sending)) {
        data.pending.splice(waiting, 1); // never sent: simply forget it
        save();
        render();
      } else {
        submit({ kind: "restore", point: point.id, forQuestion: question,
          local: { index, snapshot: { ...point, pending: false } } });
      }
    });
  }

  // The toast stays for ten seconds; its button has the focus meanwhile (so a keyboard or
  // screen reader user can press it at once), and the focus goes back to the question after.
  function showToast(message, onUndo) {
    toast.querySelector("[data-toast-text]").textContent = message;
    undo = onUndo;
    toast.hidden = false;
    toast.querySelector("[data-toast-undo]").focus();
    clearTimeout(toastTimer);
    toastTimer = setTimeout(hideToast, 10_000);
  }

  function hideToast() {
    clearTimeout(toastTimer);
    const hadFocus = toast.contains(document.activeElement);
    toast.hidden = true;
    undo = null;
    if (hadFocus) {
      panel.querySelector("[data-answers-block]:not([hidden]) [data-question]:not([hidden]) "
        + ".question-heading")?.focus();
    }
  }

  toast.querySelector("[data-toast-undo]").addEventListener("click", () => {
    const action = undo;
    hideToast();
    if (action) action();
  });

  // The questions' own controls are listened to on the panel (delegation): an edit of the kit
  // puts new questions in, and they work at once.
  panel.addEventListener("click", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (tab) chooseTab(tab, false);
  });
  panel.addEventListener("keydown", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (!tab) return;
    const all = [...tab.closest("[data-tabs]").querySelectorAll("[data-tab]")];
    const at = all.indexOf(tab);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[
      event.key];
    if (next === undefined) return;
    event.preventDefault();
    chooseTab(all[(next + all.length) % all.length], true);
  });
  panel.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-add-point]")) {
      event.preventDefault();
      const area = form.elements.text;
      if (!area.value.trim()) return;
      submit({ kind: "add", point: newId("point"),
        question: form.closest("[data-question]").dataset.question, text: area.value });
      area.value = "";
    } else if (form.matches("[data-priority-form]")) {
      event.preventDefault();
      const error = form.querySelector("[data-pick-feedback]");
      const question = form.closest("[data-question]").dataset.question;
      const { priorities } = view(question);
      const picks = drafts[question] || priorities;
      const low = Number(form.dataset.low);
      const high = Number(form.dataset.high);
      const problem = picks.length < low || picks.length > high
        ? t("pick_range", { low, high }) : "";
      error.textContent = problem;
      if (problem) return;
      delete drafts[question];
      submit({ kind: "prioritise", question, points: picks });
    }
  });
  panel.addEventListener("change", (event) => {
    const checkbox = event.target.closest("[data-done]");
    if (!checkbox) return;
    submit({ kind: "done", question: checkbox.closest("[data-question]").dataset.question,
      done: checkbox.checked });
  });

  // -- an edit of the kit while the group writes -----------------------------------------------

  // A question's texts from the kit as it is now (title, text, how many points to pick), in a
  // question kept on the page with what is typed in it.
  function takeTexts(section, fresh) {
    const heading = section.querySelector(".question-heading");
    heading.replaceChildren(...[...fresh.querySelector(".question-heading").childNodes]
      .map((node) => document.importNode(node, true)));
    let after = heading;
    for (const selector of [".question-text", ".question-priority", "[data-priorities]"]) {
      if (selector === "[data-priorities]") after = section.querySelector("[data-done-note]");
      const was = section.querySelector(`:scope > ${selector}`);
      const now = fresh.querySelector(`:scope > ${selector}`);
      if (was && was.contains(document.activeElement)) {
        after = was;
      } else if (now) {
        const node = document.importNode(now, true);
        if (was) was.replaceWith(node);
        else after.after(node);
        after = node;
      } else if (was) was.remove();
    }
  }

  // What was typed in a question that is no longer in the kit: kept to copy, with a plain
  // word why (it was never sent).
  function keepTyped(section) {
    const title = section.querySelector(".question-heading").textContent.trim();
    const typed = [...section.querySelectorAll("textarea")]
      .filter((area) => area.value.trim() && area.value !== area.defaultValue);
    for (const area of typed) {
      data.refused.push({ id: newId("removed"), text: area.value,
        message: t("question_removed", { title }) });
    }
    return typed.length > 0;
  }

  // The page's blocks and questions as the kit has them now (`fresh`: the page fetched again).
  // A question still there keeps its element, with what is typed in it and its listeners; the
  // block holding the focus stays in the page, so the focus (and a phone's keyboard) stays too.
  function takeKit(fresh) {
    const freshPanel = fresh.querySelector("[data-answers]");
    if (!freshPanel) return;
    const kept = new Map([...panel.querySelectorAll("[data-question]")]
      .map((section) => [section.dataset.question, section]));
    const focused = panel.contains(document.activeElement) ? document.activeElement : null;
    const focusedTab = focused && focused.closest("[data-tab]") ? focused.dataset.tab : null;
    const focusedSection = focused && focused.closest("[data-question]");
    const anchor = focusedSection ? focusedSection.closest("[data-answers-block]") : null;
    let anchorUsed = false;
    const blocks = [...freshPanel.querySelectorAll("[data-answers-block]")].map((freshBlock) => {
      const holdsFocus = focusedSection && !anchorUsed
        && freshBlock.querySelector(`[data-question="${CSS.escape(focusedSection.dataset.question)}"]`);
      const block = holdsFocus ? anchor : document.importNode(freshBlock, false);
      if (holdsFocus) {
        anchorUsed = true;
        block.dataset.answersBlock = freshBlock.dataset.answersBlock;
      }
      const parts = [...freshBlock.children].map((child) => {
        const question = child.dataset.question;
        const section = question !== undefined ? kept.get(question) : null;
        if (!section) {
          const node = document.importNode(child, true);
          const open = child.matches("details") && anchor?.querySelector(":scope > details[open]");
          if (open) node.open = true;
          return node;
        }
        kept.delete(question);
        takeTexts(section, child);
        return section;
      });
      if (holdsFocus) {
        // Around the focused question only: it never leaves the page.
        for (const child of [...block.children]) if (child !== focusedSection) child.remove();
        const at = parts.indexOf(focusedSection);
        focusedSection.before(...parts.slice(0, at));
        focusedSection.after(...parts.slice(at + 1));
      } else block.append(...parts);
      return block;
    });
    let lostTyping = false;
    for (const section of kept.values()) lostTyping = keepTyped(section) || lostTyping;
    for (const block of panel.querySelectorAll("[data-answers-block]")) {
      if (!(anchorUsed && block === anchor)) block.remove();
    }
    if (anchorUsed) {
      const at = blocks.indexOf(anchor);
      anchor.before(...blocks.slice(0, at));
      anchor.after(...blocks.slice(at + 1));
    } else panel.append(...blocks);
    refusedShown = null;
    save();
    render();
    if (focusedTab && !focused.isConnected) {
      panel.querySelector(`[data-tab="${CSS.escape(focusedTab)}"]`)?.focus();
    } else if (focused && !focused.isConnected) {
      const heading = refusedBox?.querySelector("[data-refused-heading]");
      if (lostTyping && heading) heading.focus();
    }
  }
  live.socket.on("answers:question", showQuestion);
  live.socket.on("plenary:settings", (state) => {
    settings = state;
    render();
  });
  live.socket.on("disconnect", render);
  // The server's storage stopped or started again taking writes (every screen hears it).
  live.socket.on("storage:state", (state) => {
    storageDown = !state.ok;
    if (state.ok) {
      unsaved = false;
      resend();
    }
    render();
  });
  render();

  return {
    // The seminar was deleted: nothing of it stays on this phone.
    forget() {
      data.pending = [];
      data.refused = [];
      forget();
    },
    // Every (re)join: take the server's whole answer state, then send what is waiting.
    joined(ack) {
      data.me = ack.me;
      settings = ack.plenary;
      storageDown = Boolean(ack.storage && ack.storage.ok === false);
      clearTimeout(retryTimer); // the answers are fetched and the waiting edits sent now
      retryTimer = null;
      failures = 0;
      this.mine(ack.mine);
      refetch();
    },
    // This phone's group or roles changed, or who may write: the server says whether this
    // member writes the group's points.
    mine(mine) {
      if (!mine) return;
      const group = mine.group ? mine.group.id : null;
      if (group !== data.group) {
        // Edits waiting for a group this phone has left (or that was removed) would land in
        // no group, or the wrong one: they go, their texts kept to copy. A merged group keeps
        // them (it has the points).
        if (group === null) {
          for (const edit of data.pending) keepToCopy(edit, t("left_group_unsaved"));
          data.pending = [];
        }
        data.group = group;
        data.server = {};
        if (group !== null) refetch();
      }
      if (mine.group) data.writes = Boolean(mine.may_write);
      save();
      render();
    },
    programme(state) {
      current = state.current;
      render();
    },
    // The kit was edited: the blocks and questions as they are now.
    kit(fresh) {
      takeKit(fresh);
    },
  };
}
