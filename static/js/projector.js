// The big screen: read-only. It shows the programme (from the shared live view), how many have
// joined, and, when the facilitator chooses, a question's answer wall, the report-back of the
// groups' priorities, the compiled summary (a bar chart in SVG, revealed item by item) or the
// closing slide. Every text from the groups is inserted as text, never as markup.
import { connectSeminar, t } from "./live.js";

const root = document.querySelector("[data-live]");
const code = root.dataset.code;
const joined = root.querySelector("[data-joined]");
const sizes = root.querySelector("[data-group-sizes]");
const wall = root.querySelector("[data-wall]");
const slide = root.querySelector("[data-summary]");
const SVG = "http://www.w3.org/2000/svg";
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
  if (!["wall", "report"].includes(display.mode) || card.question !== display.question) return;
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

// A bar as long as the item's weight is of the first item's: SVG attributes, no inline style.
function bar(weight, top) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "slide-bar");
  svg.setAttribute("viewBox", "0 0 100 10");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const rect = document.createElementNS(SVG, "rect");
  rect.setAttribute("width", String(top ? Math.max(1, (100 * weight) / top) : 0));
  rect.setAttribute("height", "10");
  svg.append(rect);
  return svg;
}

function summaryItem(item) {
  const groups = item.groups.map(label).join(", ");
  const facts = [t("summary_weight", { weight: item.weight })];
  if (item.theme) facts.push(t("summary_theme", { count: item.points }));
  return element("li", { className: "slide-item" },
    element("span", { className: "slide-rank", textContent: `${item.rank}.` }),
    element("div", { className: "slide-body" },
      element("p", { className: "slide-text", textContent: item.title }),
      element("div", { className: "slide-measure" }, bar(item.weight, display.top_weight),
        element("span", { className: "slide-weight", textContent: facts.join(" · ") })),
      element("p", { className: "slide-groups", textContent: t("summary_groups", { groups }) })));
}

function renderSlide() {
  const closing = display.mode === "closing";
  slide.querySelector("[data-summary-kind]").textContent = t(closing ? "closing_kind" : "summary_kind");
  slide.querySelector("[data-summary-title]").textContent = closing ? t("closing_thanks")
    : display.title;
  const note = slide.querySelector("[data-summary-note]");
  const more = slide.querySelector("[data-summary-more]");
  const items = slide.querySelector("[data-slide-items]");
  if (closing) {
    note.textContent = t("closing_stats", { groups: display.groups_total, points: display.points_total });
    items.replaceChildren();
    more.textContent = "";
    return;
  }
  const status = t("summary_status", { done: display.groups_prioritised, total: display.groups_total });
  note.textContent = !display.total ? `${status} ${t("summary_empty")}`
    : display.items.length ? status : `${status} ${t("summary_waiting")}`;
  items.replaceChildren(...display.items.map(summaryItem));
  more.textContent = display.more && display.items.length === display.total
    ? t("summary_more", { count: display.more }) : "";
}

function render() {
  const mode = display ? display.mode : "programme";
  root.dataset.display = mode;
  slide.hidden = !["summary", "closing"].includes(mode);
  if (!slide.hidden) renderSlide();
  wall.hidden = !["wall", "report"].includes(mode);
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
