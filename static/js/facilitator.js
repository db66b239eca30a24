// The facilitator's console: run the programme (start, pause, extend, move) and watch the
// schedule. Every command waits for the server's acknowledgement; errors are shown in words.
import { answersOverview } from "./facilitator-answers.js";
import { consoleFrame, storageBanner } from "./facilitator-console.js";
import { displayPanel } from "./facilitator-display.js";
import { panelConsole } from "./facilitator-panel.js";
import { pollsConsole } from "./facilitator-polls.js";
import { summaryPanel } from "./facilitator-summary.js";
import { groupsAdmin } from "./facilitator-groups.js";
import { replanOffer } from "./facilitator-replan.js";
import { kitEditor } from "./facilitator-kit.js";
import { connectSeminar, forecastEndMs, formatTimeOfDay, t } from "./live.js";

const root = document.querySelector("[data-live]");
consoleFrame(root);
const feedback = root.querySelector("[data-feedback]");
const schedule = root.querySelector("[data-schedule]");
let groups = null;
let answers = null;
let plenary = null;
let polls = null;
let questions = null;
let summary = null;
let storage = null;
let kit = null;
const live = connectSeminar(root, {
  onState: (state) => {
    updateControls(state);
    if (answers) answers.programme(state);
    if (plenary) plenary.programme(state);
    if (questions) questions.programme(state);
  },
  onJoin: (ack) => {
    if (groups) groups.joined(ack);
    if (answers) answers.joined(ack);
    if (plenary) plenary.joined(ack);
    if (polls) polls.joined(ack);
    if (questions) questions.joined(ack);
    if (summary) summary.joined(ack);
    if (storage) storage.joined(ack);
    if (kit) kit.joined(ack);
  },
  // The kit was edited: its regions are swapped already; the groups' role controls follow.
  onKit: () => {
    if (groups) groups.kit();
    if (polls) polls.kit();
  },
});
groups = groupsAdmin(root, live);
answers = answersOverview(root, live);
plenary = displayPanel(root, live);
polls = pollsConsole(root, live);
questions = panelConsole(root, live, { onChange: () => plenary && plenary.describe() });
summary = summaryPanel(root, live);
storage = storageBanner(live.socket);
const replan = replanOffer(root, live);
kit = kitEditor(root, live);

function updateControls(state) {
  const status = state.timer.status;
  const last = state.current >= state.statuses.length - 1;
  const enabled = {
    start: status === "ready",
    pause: status === "running",
    resume: status === "paused",
    previous: state.current > 0,
    next: !last,
  };
  for (const button of root.querySelectorAll("[data-action]")) {
    const action = button.dataset.action;
    button.disabled = action in enabled ? !enabled[action] : false;
  }
  for (const button of root.querySelectorAll("[data-go-to]")) {
    button.disabled = Number(button.dataset.goTo) === state.current;
  }
  // Pause and Resume share one place in the bar: the one that applies is shown.
  root.querySelector("[data-action=pause]").hidden = status === "paused";
  root.querySelector("[data-action=resume]").hidden = status !== "paused";
  for (const title of root.querySelectorAll("[data-bar-title]")) {
    title.hidden = Number(title.dataset.barTitle) !== state.current;
  }
}

function renderSchedule() {
  const state = live.latest();
  const againstTheClock = replan.render(state); // a day with clock times
  if (againstTheClock !== null) {
    schedule.textContent = againstTheClock;
    return;
  }
  if (!state || !state.schedule) {
    schedule.textContent = "";
    return;
  }
  const now = live.clock.now();
  const forecast = forecastEndMs(state, now);
  const delayMinutes = Math.round((forecast - state.schedule.planned_end_ms) / 60000);
  const drift = delayMinutes === 0 ? t("on_time")
    : delayMinutes > 0 ? t("behind", { minutes: delayMinutes })
      : t("ahead", { minutes: -delayMinutes });
  schedule.textContent = `${t("planned_end")} ${formatTimeOfDay(state.schedule.planned_end_ms)} · `
    + `${t("forecast_end")} ${formatTimeOfDay(forecast)} · ${drift}`;
}

function control(command, button) {
  const state = live.latest();
  const version = state ? state.version : undefined;
  live.send("programme:control", { version, ...command }, { feedback, busy: button });
}

root.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action], button[data-go-to]");
  if (!button || button.disabled) return;
  if (button.dataset.action) {
    const command = { action: button.dataset.action };
    if (button.dataset.seconds) command.seconds = Number(button.dataset.seconds);
    control(command, button);
  } else if (button.dataset.goTo !== undefined) {
    control({ action: "go_to", block: Number(button.dataset.goTo) }, button);
  }
});

setInterval(renderSchedule, 1000);
