// Questions to the panel on a phone: shown while the current block takes questions from the
// hall (panel:state `open`). The person writes a question (and a name if they want) and upvotes
// the others' (one vote each, taken back by a second tap). The list is the server's, most votes
// first; the phone's own questions that wait for approval come from its own part (panel:mine)
// and the last list made for it (the shared panel:state does not carry them). Every text is
// inserted as text, never as markup.
import { element, newer } from "./live.js";

const strings = JSON.parse(document.getElementById("i18n-panel").textContent);

function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

function votes(count) {
  return t(count === 1 ? "votes_one" : "votes", { count });
}

export function panelPhone(root, live) {
  const section = root.querySelector("[data-panel]");
  const form = section.querySelector("[data-panel-ask]");
  const area = form.querySelector("textarea");
  const counter = form.querySelector("[data-panel-count]");
  const feedback = form.querySelector("[data-panel-feedback]");
  const list = section.querySelector("[data-panel-list]");
  const empty = section.querySelector("[data-panel-empty]");
  let panel = null; // the newest shared view: {version, open, approval, questions}
  let mine = { votes: [], asked: [], pending: [] };
  const own = new Map(); // the phone's own waiting questions as last sent to it, by id
  let current = null; // the programme's current block: a new one may open or close the panel

  // The phone's own part: its votes, its questions, and those of them that wait for approval
  // (whole questions, or their ids: then the text is the one last sent to this phone).
  function takeMine(part) {
    if (!part) return;
    const pending = (part.pending || []).map((entry) => {
      if (entry && typeof entry === "object") {
        own.set(entry.id, { ...entry, state: "pending" });
        return entry.id;
      }
      return entry;
    });
    mine = { votes: part.votes || [], asked: part.asked || [], pending };
  }

  // A list made for this phone (an answer to its ask, vote or fetch) may hold its own waiting
  // questions: they are kept to show beside the shared view.
  function takeOwn(view) {
    for (const question of view.questions || []) {
      if (question.state === "pending") own.set(question.id, question);
    }
  }

  function take(view) {
    if (!view || (view.audience && view.audience !== "phone") || !newer(view, panel)) return false;
    panel = view;
    return true;
  }

  function questions() {
    const shown = (panel.questions || []).filter((q) => q.state !== "pending");
    const ids = new Set(shown.map((q) => q.id));
    const waiting = mine.pending.filter((id) => !ids.has(id) && own.has(id)).map((id) => own.get(id));
    return [...waiting, ...shown];
  }

  function item(question) {
    const isMine = mine.asked.includes(question.id) || question.mine;
    const li = element("li", { className: "panel-question" });
    li.dataset.panelQuestion = String(question.id);
    li.dataset.state = question.state;
    const textId = `panel-question-${question.id}`;
    const body = element("div", { className: "panel-question-body" },
      element("p", { className: "panel-question-text", id: textId, textContent: question.text }));
    const facts = [];
    if (question.name) facts.push(question.name);
    if (isMine) facts.push(t("mine"));
    if (facts.length) body.append(element("p", { className: "hint", textContent: facts.join(" · ") }));
    if (question.state === "pending") {
      body.append(element("p", { className: "panel-mark", textContent: t("pending") }));
      li.append(body);
      return li;
    }
    if (question.state === "answered") {
      body.append(element("p", { className: "panel-mark is-answered", textContent: `✓ ${t("answered")}` }));
    }
    const voted = mine.votes.includes(question.id);
    const button = element("button", { type: "button", className: "button panel-vote" },
      element("span", { className: "panel-vote-word", textContent: t("upvote") }),
      element("span", { className: "panel-vote-count", textContent: votes(question.votes) }));
    button.dataset.panelVote = String(question.id);
    button.setAttribute("aria-pressed", String(voted));
    button.setAttribute("aria-describedby", textId); // which question: its text
    li.append(body, button);
    return li;
  }

  function render() {
    section.hidden = !panel || !panel.open;
    if (section.hidden) return;
    const shown = questions();
    const focused = document.activeElement && document.activeElement.dataset.panelVote;
    list.replaceChildren(...shown.map(item));
    if (focused) list.querySelector(`[data-panel-vote="${focused}"]`)?.focus();
    empty.textContent = shown.length ? "" : t("none");
    empty.hidden = Boolean(shown.length);
  }

  function answered(ack) {
    if (!ack) return;
    takeMine(ack.mine);
    if (ack.panel) {
      takeOwn(ack.panel);
      take(ack.panel);
    }
    render();
  }

  function fetchPanel() {
    live.send("panel:fetch", {}, { then: answered });
  }

  function count() {
    counter.textContent = t("count", { count: area.value.length, limit: area.maxLength });
  }

  form.addEventListener("input", count);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = area.value.trim();
    if (!text) {
      feedback.textContent = t("text_first");
      return;
    }
    const name = form.querySelector("[name=name]").value.trim();
    feedback.textContent = t("sending");
    live.send("panel:ask", name ? { text, name } : { text }, {
      feedback,
      busy: form.querySelector("[data-panel-send]"),
      then: (ack) => {
        answered(ack);
        area.value = "";
        count();
        feedback.textContent = mine.pending.includes(ack.id) ? t("sent_pending") : t("sent");
      },
    });
  });
  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-panel-vote]");
    if (!button) return;
    const id = Number(button.dataset.panelVote);
    live.send("panel:vote", { question_id: id, up: button.getAttribute("aria-pressed") !== "true" },
      { feedback, busy: button, then: answered });
  });
  live.socket.on("panel:state", (view) => {
    if (take(view)) render();
  });
  live.socket.on("panel:mine", (part) => {
    takeMine(part);
    if (panel) render();
  });

  return {
    joined: () => fetchPanel(),
    // Another block may take questions from the hall (or stop): ask what the phone may see.
    programme: (state) => {
      if (state.current === current) return;
      const first = current === null;
      current = state.current;
      if (!first) fetchPanel();
    },
  };
}
