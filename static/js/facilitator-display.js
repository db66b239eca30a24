// The facilitator's control of the big screen and the plenary: what the projector shows (the
// programme, how to join, a question's answer wall, the report-back group by group, the
// summary, the closing slide), its pages (turn one, pause the turning), whether the question's
// points are revealed, whether its prioritising is open, anonymity, and the moderation of every
// group's points (highlight, hide from the big screen). Texts are inserted as text.
import { element, newer, t } from "./live.js";
import { describePanelDisplay } from "./facilitator-panel.js";
import { describePollDisplay } from "./facilitator-polls.js";

export function displayPanel(root, live) {
  const panel = root.querySelector("[data-display-panel]");
  const select = panel.querySelector("[data-display-question]");
  const feedback = panel.querySelector("[data-display-feedback]");
  const moderation = panel.querySelector("[data-moderation]");
  const reportControls = panel.querySelector("[data-report-controls]");
  const summaryControls = panel.querySelector("[data-summary-controls]");
  let display = null; // what the projector shows
  let settings = null; // anonymity, and per question revealed / priorities open
  let wall = null; // the selected question's wall, with every point and flag
  let chosenByHand = false;
  let fetching = false;

  if (!select.options.length) {
    panel.hidden = true; // a kit without questions has no wall
    return { joined() {}, programme() {}, describe() {} };
  }

  const question = () => select.value;
  const option = () => select.selectedOptions[0];

  function emit(event, payload, then = () => {}, failed = () => {}) {
    live.send(event, payload, { feedback, then, failed: () => { failed(); } });
  }

  function fetchWall() {
    const asked = question();
    fetching = true;
    emit("wall:fetch", { question: asked }, (ack) => {
      fetching = false;
      if (asked !== question()) return;
      wall = ack.wall;
      renderWall();
    }, () => { fetching = false; });
  }

  function titleOf(id) {
    const match = [...select.options].find((o) => o.value === id);
    return match ? match.textContent : "";
  }

  function renderDisplay() {
    const now = panel.querySelector("[data-display-now]");
    if (!display || display.mode === "programme") now.textContent = t("screen_programme");
    else if (display.mode === "join") now.textContent = t("screen_join");
    else if (display.mode === "closing") now.textContent = t("screen_closing");
    else if (display.mode === "poll") now.textContent = describePollDisplay(display);
    else if (display.mode === "vote") now.textContent = t("screen_vote", { title: display.title });
    else if (display.mode === "panel") now.textContent = describePanelDisplay();
    else if (display.mode === "wall") {
      now.textContent = t("screen_wall", { title: titleOf(display.question) });
    } else if (display.mode === "summary") {
      now.textContent = t("screen_summary", { title: titleOf(display.question),
        n: display.items.length, total: display.total });
    } else {
      const group = display.groups[display.step];
      now.textContent = t("screen_report", { title: titleOf(display.question),
        n: display.step + 1, total: display.groups.length,
        name: group ? group.name ?? t("group_n", { n: group.number }) : "–" });
    }
    reportControls.hidden = !display || display.mode !== "report";
    summaryControls.hidden = !display || display.mode !== "summary";
    if (display && display.mode === "summary") {
      const [back, next, all] = summaryControls.querySelectorAll("button");
      back.disabled = display.items.length === 0;
      next.disabled = all.disabled = display.items.length >= display.total;
    }
    for (const button of panel.querySelectorAll("[data-show]")) {
      const shown = display && display.mode === button.dataset.show
        && (!display.question || display.question === question());
      button.setAttribute("aria-pressed", String(Boolean(shown)));
    }
    panel.querySelector("[data-needs-priorities]").hidden = !option().dataset.prioritise;
    const paging = display && display.paging;
    const paused = Boolean(paging && paging.paused);
    panel.querySelector("[data-display-paging-toggle]").setAttribute("aria-pressed",
      String(paused));
    panel.querySelector("[data-paging-status]").textContent = paused ? t("paging_paused")
      : t("paging_running", { seconds: paging ? Math.round(paging.page_ms / 1000) : 15 });
  }

  function renderSettings() {
    if (!settings) return;
    const own = settings.questions[question()] || {};
    const revealed = panel.querySelector("[data-setting=revealed]");
    const open = panel.querySelector("[data-setting=priorities_open]");
    const anonymous = panel.querySelector("[data-anonymous]");
    if (document.activeElement !== revealed) revealed.checked = Boolean(own.revealed);
    if (document.activeElement !== open) open.checked = Boolean(own.priorities_open);
    if (document.activeElement !== anonymous) anonymous.checked = Boolean(settings.anonymous);
    panel.querySelector("[data-priorities-box]").hidden = !option().dataset.prioritise;
  }

  function moderationButton(text, pressed, onClick) {
    const button = element("button", { type: "button", className: "button button-small",
      textContent: text });
    button.setAttribute("aria-pressed", String(pressed));
    button.addEventListener("click", onClick);
    return button;
  }

  function renderWall() {
    const status = panel.querySelector("[data-priorities-status]");
    if (!wall) return;
    if (wall.prioritise) {
      const done = wall.groups.filter((g) => g.prioritised).map((g) => g.name);
      const missing = wall.groups.filter((g) => !g.prioritised).map((g) => g.name);
      status.textContent = t("priorities_status", { done: done.join(", ") || "–",
        missing: missing.join(", ") || "–" });
    } else status.textContent = "";
    const focused = document.activeElement && moderation.contains(document.activeElement)
      ? document.activeElement.dataset.key : null;
    moderation.replaceChildren(...wall.groups.map((group) => {
      const list = element("ol", { className: "points" }, ...group.points.map((point, index) => {
        const rank = group.priorities.indexOf(point.id);
        const badges = [];
        if (rank >= 0) badges.push(t("priority_n", { n: rank + 1 }));
        if (point.hidden) badges.push(t("hidden_flag"));
        if (point.highlighted) badges.push(t("highlighted"));
        const name = t("point_n", { n: index + 1 });
        const highlight = moderationButton(t("highlight"), point.highlighted,
          () => emit("point:moderate", { point: point.id, highlighted: !point.highlighted }));
        highlight.setAttribute("aria-label", `${t("highlight")}: ${group.name}, ${name}`);
        highlight.dataset.key = `${point.id}:highlight`;
        const hide = moderationButton(t("hide"), point.hidden,
          () => emit("point:moderate", { point: point.id, hidden: !point.hidden }));
        hide.setAttribute("aria-label", `${t("hide")}: ${group.name}, ${name}`);
        hide.dataset.key = `${point.id}:hide`;
        const item = element("li", { className: "point" },
          element("p", { className: "point-text", textContent: point.text }));
        if (badges.length) {
          item.append(element("p", { className: "point-badges", textContent: badges.join(" · ") }));
        }
        item.append(element("div", { className: "point-actions" }, highlight, hide));
        return item;
      }));
      return element("section", { className: "moderation-group" },
        element("h4", { className: "moderation-heading", textContent: group.name }),
        group.points.length ? list : element("p", { className: "hint", textContent: t("no_points") }));
    }));
    if (focused) moderation.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
  }

  select.addEventListener("change", () => {
    chosenByHand = true;
    wall = null;
    moderation.replaceChildren();
    renderSettings();
    renderDisplay();
    fetchWall();
  });
  panel.addEventListener("click", (event) => {
    const page = event.target.closest("button[data-display-page-next], button[data-display-page-prev]");
    if (page) emit("display:page", { step: page.hasAttribute("data-display-page-next") ? 1 : -1 });
    if (event.target.closest("button[data-display-paging-toggle]")) {
      emit("display:paging", { paused: !(display && display.paging && display.paging.paused) });
    }
    const show = event.target.closest("button[data-show]");
    if (show) {
      const mode = show.dataset.show;
      emit("display:show", ["programme", "join", "closing"].includes(mode) ? { mode }
        : { mode, question: question(), step: 0 });
    }
    const reveal = event.target.closest("button[data-reveal]");
    if (reveal && display && display.mode === "summary") {
      const wanted = reveal.dataset.reveal === "all" ? display.total
        : display.items.length + Number(reveal.dataset.reveal);
      emit("display:show", { mode: "summary", question: display.question,
        step: Math.max(0, Math.min(display.total, wanted)) });
    }
    const step = event.target.closest("button[data-step]");
    if (step && display && display.mode === "report") {
      const next = Math.max(0, Math.min(display.groups.length - 1,
        display.step + Number(step.dataset.step)));
      emit("display:show", { mode: "report", question: display.question, step: next });
    }
  });
  // A refused change puts the box back as it was.
  for (const box of panel.querySelectorAll("[data-setting]")) {
    box.addEventListener("change", () => emit("plenary:configure",
      { question: question(), [box.dataset.setting]: box.checked }, () => {},
      () => { box.checked = !box.checked; }));
  }
  const anonymousBox = panel.querySelector("[data-anonymous]");
  anonymousBox.addEventListener("change", () => emit("plenary:configure",
    { anonymous: anonymousBox.checked }, () => {},
    () => { anonymousBox.checked = !anonymousBox.checked; }));

  live.socket.on("display:state", (state) => {
    if (!newer(state, display)) return;
    display = state;
    renderDisplay();
  });
  live.socket.on("plenary:settings", (state) => {
    settings = state;
    renderSettings();
  });
  // A card built after the wall was fetched (a moderation) means the wall is stale.
  live.socket.on("wall:group", (card) => {
    if (!wall || card.question !== question() || !newer(card, wall)) return;
    if (card.version > wall.version) {
      if (!fetching) fetchWall();
      return;
    }
    const index = wall.groups.findIndex((group) => group.id === card.group.id);
    if (index < 0) return fetchWall();
    if (card.group.seq < wall.groups[index].seq) return;
    wall.groups[index] = card.group;
    renderWall();
  });
  live.socket.on("groups:detail", fetchWall); // groups were added, renamed, merged or removed

  return {
    // What the big screen shows in words again (the pinned question may have changed).
    describe() {
      if (display) renderDisplay();
    },
    joined(ack) {
      display = ack.display;
      settings = ack.plenary;
      renderSettings();
      renderDisplay();
      fetchWall();
    },
    // Follow the programme to its first question, until the facilitator picks one by hand.
    programme(state) {
      const first = [...select.options].find((o) => Number(o.dataset.block) === state.current);
      if (first && !chosenByHand && first.value !== question()) {
        select.value = first.value;
        renderSettings();
        renderDisplay();
        fetchWall();
      }
    },
  };
}
