// The console's questions to the panel: every question with its votes and state (panel:state,
// the facilitator's view), the buttons that moderate it (panel:moderate), whether new questions
// wait for approval (panel:settings), the counts per state, and "show the questions on the big
// screen" (display mode `panel`). Texts are inserted as text, never as markup.
import { element, newer } from "./live.js";

const strings = JSON.parse(document.getElementById("i18n-panel-console")?.textContent || "{}");

function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

function votes(count) {
  return t(count === 1 ? "votes_one" : "votes", { count });
}

let latest = null; // the newest facilitator's view, for describePanelDisplay

const EXCERPT_CHARS = 60; // of the pinned question, in the console's line about the big screen

// The text the console shows of what the big screen shows in mode `panel`.
export function describePanelDisplay() {
  const pinned = latest && (latest.questions || []).find((q) => q.pinned && q.state === "visible");
  if (!pinned) return t("screen_panel");
  const text = pinned.text.length > EXCERPT_CHARS
    ? `${pinned.text.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : pinned.text;
  return t("screen_panel_pinned", { text });
}

// The moderation buttons a question in `state` gets: [action, label key].
function actions(question) {
  if (question.state === "pending") return [["approve", "approve"], ["hide", "hide"], ["pin", "pin"]];
  if (question.state === "visible") {
    return [["hide", "hide"], ["answered", "answered"],
      question.pinned ? ["unpin", "unpin"] : ["pin", "pin"]];
  }
  if (question.state === "hidden") return [["approve", "show_again"]];
  return [["approve", "show_again"], ["hide", "hide"]];
}

export function panelConsole(root, live, { onChange = () => {} } = {}) {
  const section = root.querySelector("[data-panel-console]");
  if (!section || section.hidden) return { joined() {}, programme() {} };
  const list = section.querySelector("[data-panel-mod-list]");
  const approval = section.querySelector("[data-panel-approval]");
  const feedback = section.querySelector("[data-panel-console-feedback]");
  let current = null;

  function row(question) {
    const li = element("li", { className: "panel-mod" });
    li.dataset.panelQuestion = String(question.id);
    li.dataset.state = question.state;
    const facts = [votes(question.votes), t(`state_${question.state}`)];
    if (question.pinned) facts.push(t("pinned"));
    const textId = `panel-mod-text-${question.id}`;
    li.append(
      element("p", { className: "panel-mod-text", id: textId, textContent: question.text }),
      element("span", { className: "panel-mod-facts",
        textContent: [question.name, ...facts].filter(Boolean).join(" · ") }));
    const controls = element("div", { className: "controls", role: "group" });
    controls.setAttribute("aria-labelledby", textId);
    for (const [action, label] of actions(question)) {
      const button = element("button", { type: "button", className: "button button-small",
        textContent: t(label) });
      button.dataset.panelAction = action;
      controls.append(button);
    }
    li.append(controls);
    return li;
  }

  function render() {
    const view = latest;
    approval.checked = Boolean(view.approval);
    section.dataset.approval = String(Boolean(view.approval));
    const c = view.counts || {};
    section.querySelector("[data-panel-counts]").textContent = t("counts", {
      pending: c.pending || 0, visible: c.visible || 0, answered: c.answered || 0, hidden: c.hidden || 0 });
    section.querySelector("[data-panel-open]").textContent = view.open ? t("open") : t("closed");
    const questions = view.questions || [];
    section.querySelector("[data-panel-none]").textContent = questions.length ? "" : t("none");
    // The list is drawn anew: the focus stays on the question it was on (its same button, or
    // its first one when that action is gone with the new state).
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    const was = focused && focused.closest("[data-panel-question]");
    list.replaceChildren(...questions.map(row));
    if (was) {
      const again = list.querySelector(`[data-panel-question="${was.dataset.panelQuestion}"]`);
      const button = again && (again.querySelector(
        `[data-panel-action="${focused.dataset.panelAction}"]`) || again.querySelector("button"));
      if (button) button.focus();
    }
    onChange();
  }

  function take(view) {
    if (!view || view.audience !== "facilitator" || !newer(view, latest)) return;
    latest = view;
    render();
  }

  function fetchPanel() {
    live.send("panel:fetch", { view: "facilitator" }, { then: (ack) => take(ack.panel) });
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-panel-action]");
    if (!button) return;
    const id = Number(button.closest("[data-panel-question]").dataset.panelQuestion);
    live.send("panel:moderate", { question_id: id, action: button.dataset.panelAction },
      { feedback, busy: button, then: (ack) => take(ack.panel) });
  });
  approval.addEventListener("change", () => {
    live.send("panel:settings", { approval: approval.checked },
      { feedback, then: (ack) => take(ack.panel) });
  });
  section.querySelector("[data-panel-show]").addEventListener("click", () => {
    live.send("display:show", { mode: "panel" }, { feedback });
  });
  live.socket.on("panel:state", take);

  return {
    joined: () => fetchPanel(),
    // Another block may take questions from the hall: the `open` line follows.
    programme: (state) => {
      if (state.current === current) return;
      const first = current === null;
      current = state.current;
      if (!first) fetchPanel();
    },
  };
}
