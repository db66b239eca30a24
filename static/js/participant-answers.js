// The group's answers on a phone. Every change is an "edit" with an id made here; it is kept
// in localStorage until the server acknowledges that it is stored, so an edit made while the
// connection is gone (even across a reload) is sent when it comes back, and the server applies
// each edit id once. What is shown is the server's answers with the waiting edits applied on
// top. Point texts are always inserted as text, never as markup.
import { t } from "./live.js";

const RETRY_MS = 1500;

function newId(prefix) {
  const random = crypto.getRandomValues(new Uint32Array(3));
  return `${prefix}-${Date.now().toString(36)}-${[...random].map((n) => n.toString(36)).join("")}`;
}

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// A small store in localStorage, one entry per seminar on this phone.
function saved(code) {
  const key = `seminar-answers:${code}`;
  let data = { pending: [], server: {}, group: null, me: null, writes: true };
  try {
    data = { ...data, ...JSON.parse(localStorage.getItem(key) || "{}") };
  } catch {
    // A damaged entry is replaced; the server has everything that was acknowledged.
  }
  return { data, save: () => localStorage.setItem(key, JSON.stringify(data)) };
}

export function answersPanel(root, live, roles) {
  const panel = root.querySelector("[data-answers]");
  const code = root.dataset.code;
  const feedback = panel.querySelector("[data-answers-feedback]");
  const writingRoles = roles.filter((role) => role.writes).map((role) => role.id);
  const { data, save } = saved(code);
  let current = Number(panel.dataset.initialBlock || 0);
  let sending = false;
  let editing = null; // the point being edited here: {id, question}
  let allMembersWrite = false;
  let latestMine = null; // the last view of this phone's group, to work out who writes
  let settings = { questions: {} }; // per question: revealed, priorities open

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

  function submit(edit) {
    // ``forQuestion`` is this phone's note of where the edit belongs; it is not sent.
    const forQuestion = edit.question || findQuestion(edit.point);
    data.pending.push({ id: newId("edit"), forQuestion, ...edit });
    save();
    render();
    flush();
  }

  function flush() {
    if (sending || !live.socket.connected || !data.pending.length || data.group === null) return;
    sending = true;
    const edit = data.pending[0];
    const { forQuestion, ...payload } = edit;
    live.socket.timeout(10000).emit("answer:edit", { code, edit: payload }, (err, ack) => {
      sending = false;
      if (err) return setTimeout(flush, RETRY_MS); // no answer: send the same edit again
      if (!ack.ok && ack.error.code === "rate_limited") return setTimeout(flush, RETRY_MS);
      data.pending = data.pending.filter((waiting) => waiting.id !== edit.id);
      if (ack.ok) applyResult(forQuestion, ack.result);
      else {
        feedback.textContent = ack.error.message;
        refetch();
      }
      save();
      render();
      flush();
    });
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
    live.socket.timeout(8000).emit("answers:fetch", { code }, (err, ack) => {
      if (err || !ack.ok) return;
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
    });
  }

  // -- on screen ----------------------------------------------------------------------------

  function render() {
    const block = panel.querySelector(`[data-answers-block="${current}"]`);
    panel.hidden = !block || data.group === null;
    for (const other of panel.querySelectorAll("[data-answers-block]")) {
      other.hidden = other !== block;
    }
    panel.querySelector("[data-answers-who]").textContent =
      t(data.writes ? "you_write" : "you_suggest");
    const waiting = data.pending.length;
    panel.querySelector("[data-answers-pending]").textContent =
      waiting && !live.socket.connected ? t("pending_edits", { count: waiting }) : "";
    if (!block || panel.hidden) return;
    for (const section of block.querySelectorAll("[data-question]")) {
      renderQuestion(section, section.dataset.question);
    }
  }

  function renderQuestion(section, question) {
    const { points, done, priorities } = view(question);
    const box = section.querySelector("[data-priorities]");
    if (box) renderPriorities(box, question, points, priorities);
    const list = section.querySelector("[data-points]");
    if (editing && editing.question === question && list.contains(document.activeElement)) {
      return; // do not pull the text being edited away from under the writer
    }
    list.replaceChildren(...points.map((point, index) => pointItem(point, index, points,
      question)));
    if (!points.length) list.append(element("li", { className: "hint", textContent: t("no_points") }));
    section.querySelector("[data-add-label]").textContent =
      t(data.writes ? "new_point" : "your_suggestion");
    section.querySelector("[data-add-button]").textContent =
      t(data.writes ? "add_point" : "suggest_point");
    section.querySelector("[data-done-box]").hidden = !data.writes;
    section.querySelector("[data-done-note]").hidden = !done;
    const checkbox = section.querySelector("[data-done]");
    if (checkbox !== document.activeElement) checkbox.checked = done;
  }

  // The group's 1–3 priorities: shown to everyone once picked; picked by the scribe while the
  // facilitator has prioritising open.
  function renderPriorities(box, question, points, priorities) {
    const open = Boolean(settings.questions[question]?.priorities_open);
    box.hidden = !open && !priorities.length;
    const byId = Object.fromEntries(points.map((point) => [point.id, point]));
    box.querySelector("[data-priority-list]").replaceChildren(...priorities.map((id) =>
      element("li", { className: "point point-text", textContent: byId[id].text })));
    box.querySelector("[data-priority-status]").textContent = priorities.length
      ? t("priorities_sent", { count: priorities.length })
      : open ? t("priorities_waiting") : "";
    const form = box.querySelector("[data-priority-form]");
    form.hidden = !open || !data.writes;
    // The choices follow the group's priorities, until the scribe changes one here.
    const known = priorities.join(" ");
    if (form.dataset.known !== known) {
      form.dataset.known = known;
      delete form.dataset.changed;
    }
    const choices = points.filter((point) => !point.suggested);
    for (const [rank, pick] of [...form.querySelectorAll("[data-pick]")].entries()) {
      if (pick === document.activeElement) continue;
      const value = form.dataset.changed ? pick.value : priorities[rank] || "";
      pick.replaceChildren(pick.options[0], ...choices.map((point, index) => element("option",
        { value: point.id, textContent: `${index + 1}. ${shorten(point.text)}` })));
      pick.value = choices.some((point) => point.id === value) ? value : "";
    }
  }

  function shorten(text) {
    const line = text.replace(/\s+/g, " ").trim();
    return line.length > 60 ? `${line.slice(0, 59)}…` : line;
  }

  function smallButton(label, onClick, ariaLabel) {
    const button = element("button", { type: "button", className: "button button-small",
      textContent: label });
    if (ariaLabel) button.setAttribute("aria-label", ariaLabel);
    button.addEventListener("click", onClick);
    return button;
  }

  function pointItem(point, index, points, question) {
    const n = index + 1;
    const li = element("li", { className: "point" });
    li.dataset.point = point.id;
    if (editing && editing.id === point.id) {
      const area = element("textarea", { value: point.text, rows: 3, maxLength: 2000 });
      area.id = `edit-${point.id}`;
      const label = element("label", { htmlFor: area.id, textContent: t("edit_point", { n }) });
      const form = element("form", { className: "form" }, label, area,
        element("button", { type: "submit", className: "button button-primary",
          textContent: t("save") }),
        smallButton(t("cancel"), () => { editing = null; render(); }));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        editing = null;
        if (area.value !== point.text) {
          submit({ kind: "edit", point: point.id, revision: point.revision, text: area.value });
        } else render();
      });
      li.append(form);
      setTimeout(() => area.focus(), 0);
      return li;
    }
    const text = element("p", { className: "point-text", textContent: point.text });
    li.append(text);
    const badges = [];
    if (point.suggested) badges.push(t("suggestion"));
    if (point.pending) badges.push(t("not_sent"));
    if (badges.length) li.append(element("p", { className: "point-badges", textContent: badges.join(" · ") }));
    const mine = point.suggested && point.author === data.me;
    const actions = element("div", { className: "point-actions" });
    const label = t("point_n", { n });
    if (data.writes || mine) {
      actions.append(
        smallButton(t("edit"), () => { editing = { id: point.id, question }; render(); },
          `${t("edit")}: ${label}`),
        smallButton(t("delete"), () => submit({ kind: "delete", point: point.id,
          revision: point.revision }), `${t("delete")}: ${label}`));
    }
    if (data.writes && point.suggested) {
      actions.append(smallButton(t("accept"), () => submit({ kind: "accept", point: point.id }),
        `${t("accept")}: ${label}`));
    }
    if (data.writes && points.length > 1) {
      const order = points.map((p) => p.id);
      if (index > 0) {
        actions.append(smallButton("↑", () => submit({ kind: "move", question,
          order: swap(order, index, index - 1) }), `${t("move_up")}: ${label}`));
      }
      if (index < points.length - 1) {
        actions.append(smallButton("↓", () => submit({ kind: "move", question,
          order: swap(order, index, index + 1) }), `${t("move_down")}: ${label}`));
      }
    }
    if (actions.children.length) li.append(actions);
    return li;
  }

  function swap(order, a, b) {
    const copy = [...order];
    [copy[a], copy[b]] = [copy[b], copy[a]];
    return copy;
  }

  for (const form of panel.querySelectorAll("[data-add-point]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const area = form.elements.text;
      if (!area.value.trim()) return;
      submit({ kind: "add", point: newId("point"),
        question: form.closest("[data-question]").dataset.question, text: area.value });
      area.value = "";
    });
  }
  for (const form of panel.querySelectorAll("[data-priority-form]")) {
    const selects = [...form.querySelectorAll("[data-pick]")];
    const error = form.querySelector("[data-pick-feedback]");
    form.addEventListener("change", () => { form.dataset.changed = "1"; });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const picks = selects.map((pick) => pick.value).filter(Boolean);
      const low = Number(form.dataset.low);
      const high = Number(form.dataset.high);
      const problem = new Set(picks).size !== picks.length ? t("pick_once")
        : picks.length < low || picks.length > high ? t("pick_range", { low, high }) : "";
      error.textContent = problem;
      for (const pick of selects) pick.setAttribute("aria-invalid", String(Boolean(problem)));
      if (problem) {
        selects[0].focus();
        return;
      }
      delete form.dataset.changed;
      submit({ kind: "prioritise", question: form.closest("[data-question]").dataset.question,
        points: picks });
    });
  }
  for (const checkbox of panel.querySelectorAll("[data-done]")) {
    checkbox.addEventListener("change", () => submit({ kind: "done",
      question: checkbox.closest("[data-question]").dataset.question, done: checkbox.checked }));
  }
  live.socket.on("answers:question", showQuestion);
  live.socket.on("plenary:settings", (state) => {
    settings = state;
    render();
  });
  live.socket.on("disconnect", render);
  render();

  return {
    // Every (re)join: take the server's whole answer state, then send what is waiting.
    joined(ack) {
      data.me = ack.me;
      allMembersWrite = Boolean(ack.groups.all_members_write);
      settings = ack.plenary;
      this.mine(ack.mine);
      refetch();
    },
    // This phone's group or roles changed.
    mine(mine) {
      if (!mine) return;
      latestMine = mine;
      const group = mine.group ? mine.group.id : null;
      if (group !== data.group) {
        data.group = group;
        data.server = {};
        if (group !== null) refetch();
      }
      if (mine.group) {
        const holders = Object.entries(mine.group.roles)
          .filter(([role]) => writingRoles.includes(role)).map(([, holder]) => holder);
        data.writes = allMembersWrite || !writingRoles.length || !holders.length
          || holders.includes(data.me);
      }
      save();
      render();
    },
    // The facilitator may have let every member write: work out who writes again.
    groups(state) {
      const changed = allMembersWrite !== Boolean(state.all_members_write);
      allMembersWrite = Boolean(state.all_members_write);
      if (changed && latestMine) this.mine(latestMine);
    },
    programme(state) {
      current = state.current;
      render();
    },
  };
}
