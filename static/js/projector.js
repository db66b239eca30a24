// The big screen: read-only. It shows the programme (from the shared live view), how many have
// joined, and, when the facilitator chooses, a question's answer wall or the report-back of
// the groups' priorities. Every text from the groups is inserted as text, never as markup.
import { connectSeminar, t } from "./live.js";

const root = document.querySelector("[data-live]");
const code = root.dataset.code;
const joined = root.querySelector("[data-joined]");
const sizes = root.querySelector("[data-group-sizes]");
const wall = root.querySelector("[data-wall]");
let latestGroups = null;
let display = null;
let anonymous = false;
let drawing = false;
let fetching = false;

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function showJoined(groups) {
  if (latestGroups && groups.version < latestGroups.version) return;
  const changed = latestGroups && groups.version !== latestGroups.version;
  latestGroups = groups;
  joined.textContent = t("groups_summary", { people: groups.joined, groups: groups.groups.length });
  sizes.textContent = groups.groups.map((group, index) => `${anonymous
    ? t("group_n", { n: index + 1 }) : group.name} (${group.size})`).join(" · ");
  if (changed && display && display.mode !== "programme") fetchDisplay(); // names, merges
}

function showDisplay(state) {
  if (display && state.version < display.version) return;
  display = state;
  draw();
}

// One group's card changed: take it if it was built with the screen on show and is newer
// than the card there; a card built after the screen changed means the screen is stale.
function showCard(card) {
  if (!display || card.version < display.version) return;
  if (card.version > display.version) return fetchDisplay();
  if (display.mode === "programme" || card.question !== display.question) return;
  const index = display.groups.findIndex((group) => group.id === card.group.id);
  if (index < 0) return fetchDisplay();
  if (card.group.seq < display.groups[index].seq) return;
  display.groups[index] = card.group;
  draw();
}

function fetchDisplay() {
  if (fetching) return;
  fetching = true;
  live.socket.timeout(8000).emit("display:fetch", { code }, (err, ack) => {
    fetching = false;
    if (!err && ack.ok) showDisplay(ack.display);
  });
}

function showSettings(settings) {
  anonymous = Boolean(settings.anonymous);
  if (latestGroups) {
    const groups = latestGroups;
    latestGroups = null;
    showJoined(groups);
  }
}

// Draw at most once per frame, however many cards arrive.
function draw() {
  if (drawing) return;
  drawing = true;
  requestAnimationFrame(() => {
    drawing = false;
    render();
  });
}

function label(group) {
  return group.name ?? t("group_n", { n: group.number });
}

function pointItem(point, group) {
  const rank = group.priorities.indexOf(point.id);
  const li = element("li", { className: "wall-point" });
  if (point.highlighted) {
    li.classList.add("is-highlighted");
    li.append(element("span", { className: "wall-mark", textContent: `★ ${t("highlighted")}: ` }));
  }
  li.append(point.text);
  if (rank >= 0 && display.prioritise) {
    li.append(element("span", { className: "wall-priority", textContent: ` ${t("priority_n", { n: rank + 1 })}` }));
  }
  return li;
}

function wallCard(group) {
  const card = element("article", { className: "wall-card" },
    element("h3", { className: "wall-group", textContent: label(group) }));
  if (display.revealed) {
    const list = element("ol", { className: "wall-points" },
      ...group.points.map((point) => pointItem(point, group)));
    card.append(group.points.length ? list
      : element("p", { className: "wall-count", textContent: t("no_points_short") }));
  } else {
    card.append(element("p", { className: "wall-count",
      textContent: t("points_count", { count: group.count }) }));
  }
  if (display.prioritise && group.prioritised) {
    card.append(element("p", { className: "wall-count", textContent: t("prioritised_flag") }));
  }
  return card;
}

function reportCard(group) {
  const byId = Object.fromEntries(group.points.map((point) => [point.id, point]));
  const points = display.prioritise ? group.priorities.map((id) => byId[id]).filter(Boolean)
    : group.points;
  const card = element("article", { className: "report-card" },
    element("h3", { className: "report-group", textContent: label(group) }));
  card.append(points.length
    ? element("ol", { className: "report-points" }, ...points.map((point) => {
      const li = element("li");
      if (point.highlighted) {
        li.classList.add("is-highlighted");
        li.append(element("span", { className: "wall-mark", textContent: `★ ${t("highlighted")}: ` }));
      }
      li.append(point.text);
      return li;
    }))
    : element("p", { className: "wall-note",
      textContent: t(display.prioritise ? "report_none" : "no_points") }));
  return card;
}

function render() {
  const mode = display ? display.mode : "programme";
  root.dataset.display = mode;
  wall.hidden = mode === "programme";
  if (wall.hidden) return;
  const groups = display.groups;
  wall.querySelector("[data-wall-title]").textContent = display.title;
  const kind = wall.querySelector("[data-wall-kind]");
  const note = wall.querySelector("[data-wall-note]");
  const cards = wall.querySelector("[data-wall-groups]");
  if (mode === "wall") {
    kind.textContent = t("wall_kind");
    note.textContent = !groups.length ? t("no_groups_yet")
      : display.revealed ? "" : t("wall_hidden");
    cards.replaceChildren(...groups.map(wallCard));
  } else {
    const group = groups[display.step];
    kind.textContent = group ? t("report_kind", { n: display.step + 1, total: groups.length })
      : t("report_kind_empty");
    const next = groups[display.step + 1];
    note.textContent = !group ? t("no_groups_yet") : next ? t("report_next", { name: label(next) }) : "";
    cards.replaceChildren(...(group ? [reportCard(group)] : []));
  }
}

const live = connectSeminar(root, {
  onJoin: (ack) => {
    latestGroups = null;
    display = null;
    anonymous = Boolean(ack.plenary.anonymous);
    showJoined(ack.groups);
    showDisplay(ack.display);
  },
});
live.socket.on("groups:state", showJoined);
live.socket.on("display:state", showDisplay);
live.socket.on("wall:group", showCard);
live.socket.on("plenary:settings", showSettings);
