// The big screen: read-only, one mode at a time on the whole screen. The programme (or, while
// a block with questions runs, its questions), how to join, a question's answer wall, the
// report-back of the groups' priorities, the compiled summary (a bar chart in SVG, revealed
// item by item) or the closing slide. Every text from the groups is inserted as text, never as
// markup.
//
// Nothing is cut off: what does not fit the screen is laid into pages, measured in the real
// layout (each item's height in a column as wide as the page's), and the pages turn by
// themselves. Which page is on screen follows the server's clock and the paging state the
// server keeps with the display (anchor, offset, paused), so every screen of the same size
// shows the same page at the same moment.
import { connectSeminar, element, newer, renderProgramme as showStatuses, t } from "./live.js";
import { panelSlide } from "./projector-panel.js";
import { pollSlide } from "./projector-polls.js";
import { voteSlide } from "./projector-votes.js";

const root = document.querySelector("[data-live]");
const joined = root.querySelector("[data-joined]");
const sizes = root.querySelector("[data-group-sizes]");
const wall = root.querySelector("[data-wall]");
const slide = root.querySelector("[data-summary]");
const indicator = root.querySelector("[data-page-indicator]");
const countdown = root.querySelector("[data-countdown]");
const SVG = "http://www.w3.org/2000/svg";
// The smallest type a fitted item may get: 2.6 % of the screen height, as a share of the
// projector's body type (3.6 %; see projector.css).
const BODY_VH = 3.6;
const READABLE_VH = 3.5; // titles, names and points, before a single too-long item is shrunk
const MIN_VH = 2.6;
let latestGroups = null;
let display = null;
let drawing = false;
let fetching = false;
let pager = null; // the pages of what is on screen now: {area, pages, shown, wrap}
// The day's blocks: out of the page while the day is laid into pages (copies are shown then).
let dayList = root.querySelector("[data-day-list]");

function showJoined(groups) {
  if (!newer(groups, latestGroups)) return;
  const changed = latestGroups && groups.version !== latestGroups.version;
  latestGroups = groups;
  joined.textContent = t("groups_summary", { people: groups.joined, groups: groups.groups.length });
  // The server leaves the names out when the seminar is anonymous: each group is its number.
  sizes.textContent = groups.groups.map((group) => `${label(group)} (${group.size})`)
    .join(" · ");
  if (changed && display && !["programme", "join"].includes(display.mode)) fetchDisplay();
  if (mode() === "join") draw();
}

function showDisplay(state) {
  if (!newer(state, display)) return;
  display = state;
  draw();
}

// One group's card changed: take it if it was built with the screen on show and is newer
// than the card there; a card built after the screen changed means the screen is stale.
function showCard(card) {
  if (!display || !newer(card, display)) return;
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
  live.send("display:fetch", {}, {
    then: (ack) => {
      fetching = false;
      showDisplay(ack.display);
    },
    failed: () => { fetching = false; },
  });
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

// -- paging ----------------------------------------------------------------------------------

function cssPixels(node, property) {
  return parseFloat(getComputedStyle(node)[property]) || 0;
}

function heightOf(node) {
  return node.getBoundingClientRect().height;
}

// Shrink `node` (through --fit, which its font size is multiplied by) until it is at most
// `height` tall, never below MIN_VH; return its height.
function shrinkToFit(node, height, base) {
  let fit = 1;
  let measured = heightOf(node);
  const least = MIN_VH / base;
  while (measured > height && fit > least) {
    fit = Math.max(least, fit - 0.04);
    node.style.setProperty("--fit", String(fit));
    measured = heightOf(node);
  }
  return measured;
}

// Lay `entries` into pages of `area`: each page has `columns` columns as tall as the area (a
// page of one wide column for an item too tall for a column). An entry is
// {parts, build(from, to, continued)}: a card of `parts` pieces (a group's points) that is split
// between columns, its name repeated, only when it is taller than a whole column; a single
// piece taller than a page is shrunk to fit. `wrap(nodes, first)` makes a column's container
// (`first`: the index of its first entry, for a list's numbering).
function layPages(area, entries, { columns = 1, wrap, base = BODY_VH }) {
  const height = area.clientHeight;
  const width = area.clientWidth;
  const gap = cssPixels(area, "columnGap");
  const pages = [];
  let page = null;
  let used = 0;
  const probe = wrap([], 0);
  probe.classList.add("page-probe");
  area.replaceChildren(probe);
  const rowGap = cssPixels(probe, "rowGap");

  const setWidth = (wide) => {
    page.width = wide ? width : (width - gap * (columns - 1)) / columns;
    probe.style.width = `${page.width}px`;
  };
  const measure = (node) => {
    probe.replaceChildren(node);
    return heightOf(node);
  };
  const newPage = (wide = false) => {
    page = { wide, columns: [[]], width: 0 };
    pages.push(page);
    used = 0;
    setWidth(wide);
  };
  const column = () => page.columns[page.columns.length - 1];
  const nextColumn = () => {
    if (!page.wide && page.columns.length < columns) {
      page.columns.push([]);
      used = 0;
    } else newPage();
  };
  const fits = (h) => used + (column().length ? rowGap : 0) + h <= height + 0.5;
  const put = (node, h, index) => {
    used += (column().length ? rowGap : 0) + h;
    column().push({ node, index });
  };
  // One piece alone is too tall for a column: a page of its own, as wide as the screen.
  const putAlone = (build, buildContinued, index) => {
    if (page.columns.some((c) => c.length)) newPage(true);
    else {
      page.wide = true;
      page.columns = [[]];
      setWidth(true);
    }
    placeShrunk(build, buildContinued, index);
  };
  // Shrink a single piece to fit a page; if even the smallest type is too tall (a point of
  // 2,000 characters on a narrow screen), its text goes on over as many pages as it takes,
  // each part with "…" where it breaks off and goes on.
  const placeShrunk = (build, buildContinued, index) => {
    const node = build();
    measure(node);
    const h = shrinkToFit(node, height, base);
    if (h <= height + 0.5) {
      put(node, h, index);
      return newPage();
    }
    let words = longestText(node).textContent.split(" ");
    let continued = false;
    while (words.length) {
      const part = continued ? buildContinued() : build();
      part.style.setProperty("--fit", String(MIN_VH / base));
      const text = longestText(part);
      const shown = (count) => {
        text.textContent = `${continued ? "… " : ""}${words.slice(0, count).join(" ")}${
          count < words.length ? " …" : ""}`;
        return measure(part) <= height + 0.5;
      };
      let low = 1;
      let high = words.length;
      while (low < high) { // the most words that fit
        const middle = Math.ceil((low + high) / 2);
        if (shown(middle)) low = middle;
        else high = middle - 1;
      }
      shown(low);
      put(part, heightOf(part), index);
      words = words.slice(low);
      newPage(page.wide && words.length > 0);
      continued = true;
    }
  };

  newPage();
  entries.forEach((entry, index) => {
    const parts = Math.max(entry.parts || 1, 1);
    const whole = entry.build(0, parts, false);
    let h = measure(whole);
    if (fits(h)) return put(whole, h, index);
    if (column().length && h <= height + 0.5) {
      nextColumn();
      return put(whole, h, index);
    }
    if (parts === 1) {
      if (column().length) nextColumn();
      if (fits(h)) return put(whole, h, index);
      if (columns === 1) return placeShrunk(() => entry.build(0, 1, false),
        () => entry.build(0, 1, true), index);
      return putAlone(() => entry.build(0, 1, false), () => entry.build(0, 1, true), index);
    }
    // A card taller than a column: as many of its pieces as fit, then on in the next column.
    let from = 0;
    while (from < parts) {
      let to = parts;
      let node = entry.build(from, to, from > 0);
      h = measure(node);
      while (!fits(h) && to > from + 1) {
        to -= 1;
        node = entry.build(from, to, from > 0);
        h = measure(node);
      }
      if (fits(h)) {
        put(node, h, index);
        from = to;
        if (from < parts) nextColumn();
      } else if (column().length) {
        nextColumn();
      } else {
        const start = from;
        putAlone(() => entry.build(start, start + 1, start > 0),
          () => entry.build(start, start + 1, true), index);
        from += 1;
      }
    }
  });
  const laid = pages.filter((p) => p.columns.some((c) => c.length));
  probe.remove();
  return laid.length ? laid : [{ wide: false, columns: [[]], width }];
}

// The longest text in `node`: the participants' words, in a card or an item.
function longestText(node) {
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  let longest = null;
  while (walker.nextNode()) {
    if (!longest || walker.currentNode.textContent.length > longest.textContent.length) {
      longest = walker.currentNode;
    }
  }
  return longest;
}

// The page on screen now: the same on every screen, from the server's clock.
function pageNow(count) {
  const paging = display && display.paging;
  if (!paging || count <= 1) return 0;
  const turned = paging.paused ? paging.offset
    : paging.offset + Math.floor((live.clock.now() - paging.anchor_ms) / paging.page_ms);
  return ((turned % count) + count) % count;
}

function showPage(index) {
  if (!pager) return;
  const page = pager.pages[index];
  pager.shown = index;
  const container = element("div", { className: page.wide ? "page page-wide" : "page" });
  container.append(...page.columns.filter((c) => c.length).map((items) => {
    const column = pager.wrap(items.map((item) => item.node), items[0].index);
    column.style.width = `${page.width}px`;
    return column;
  }));
  pager.area.replaceChildren(container);
  const count = pager.pages.length;
  indicator.hidden = count <= 1;
  indicator.textContent = count > 1 ? t("page_n_of", { n: index + 1, total: count }) : "";
}

// Lay out and show `entries` in `area`, on the page the clock says. With `fitFirst` (the
// smallest share of the type that still reads from the back), the type shrinks that far
// rather than spill over onto a second page.
function layOut(area, entries, options) {
  area.style.removeProperty("--fit-page");
  let pages = layPages(area, entries, options);
  if (pages.length > 1 && options.fitFirst) {
    for (let fit = 0.97; fit >= options.fitFirst - 1e-6; fit -= 0.03) {
      area.style.setProperty("--fit-page", fit.toFixed(2));
      const fitted = layPages(area, entries, options);
      if (fitted.length === 1) {
        pages = fitted;
        break;
      }
    }
    if (pages.length > 1) {
      area.style.removeProperty("--fit-page");
      pages = layPages(area, entries, options);
    }
  }
  pager = { area, pages, wrap: options.wrap, shown: -1 };
  showPage(pageNow(pages.length));
}

// Lay out and show; again if showing the page number changed the room left for the pages
// (the bar can wrap on a narrow screen).
function paginate(area, entries, options) {
  for (let tries = 0; tries < 3; tries += 1) {
    const height = area.clientHeight;
    const width = area.clientWidth;
    layOut(area, entries, options);
    if (Math.abs(area.clientHeight - height) < 1 && Math.abs(area.clientWidth - width) < 1) return;
  }
}

function clearPages() {
  pager = null;
  indicator.hidden = true;
  indicator.textContent = "";
}

function columnsFor(area, emWidth, most) {
  const em = (BODY_VH * innerHeight) / 100;
  return Math.max(1, Math.min(most, Math.floor(area.clientWidth / (em * emWidth))));
}

// -- the wall and the report-back -------------------------------------------------------------

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

// A group's card, or the part of it with points `from`–`to` ("(cont.)" after the first part);
// "prioritised" beside the group's name.
function wallCard(group, from, to, continued) {
  const name = continued ? t("continued", { name: label(group) }) : label(group);
  const heading = element("h3", { className: "wall-group", textContent: name });
  if (display.prioritise && group.prioritised) {
    heading.append(element("span", { className: "wall-flag", textContent: t("prioritised_flag") }));
  }
  const card = element("article", { className: "wall-card" }, heading);
  if (!display.revealed) {
    card.append(element("p", { className: "wall-count",
      textContent: t("points_count", { count: group.count }) }));
  } else if (group.points.length) {
    card.append(element("ol", { className: "wall-points", start: from + 1 },
      ...group.points.slice(from, to).map((point) => pointItem(point, group))));
  } else card.append(element("p", { className: "wall-count", textContent: t("no_points_short") }));
  return card;
}

function reportItem(point) {
  const li = element("li");
  if (point.highlighted) {
    li.classList.add("is-highlighted");
    li.append(element("span", { className: "wall-mark", textContent: `★ ${t("highlighted")}: ` }));
  }
  li.append(point.text);
  return li;
}

function renderWall(area) {
  const groups = display.groups;
  wall.querySelector("[data-wall-title]").textContent = display.title;
  const kind = wall.querySelector("[data-wall-kind]");
  const note = wall.querySelector("[data-wall-note]");
  const heading = wall.querySelector("[data-report-group]");
  if (display.mode === "wall") {
    heading.hidden = true;
    kind.textContent = t("wall_kind");
    note.textContent = !groups.length ? t("no_groups_yet")
      : display.revealed ? "" : t("wall_hidden");
    note.hidden = !note.textContent;
    const entries = groups.map((group) => ({
      parts: display.revealed ? group.points.length : 1,
      build: (from, to, continued) => wallCard(group, from, to, continued),
    }));
    const columns = columnsFor(area, display.revealed ? 15 : 10, display.revealed ? 3 : 5);
    paginate(area, entries, { columns,
      wrap: (nodes) => element("div", { className: "page-column" }, ...nodes) });
    return;
  }
  const group = groups[display.step];
  kind.textContent = group ? t("report_kind", { n: display.step + 1, total: groups.length })
    : t("report_kind_empty");
  const next = groups[display.step + 1];
  note.textContent = !group ? t("no_groups_yet") : next ? t("report_next", { name: label(next) }) : "";
  note.hidden = !note.textContent;
  heading.hidden = !group;
  heading.textContent = group ? label(group) : "";
  if (!group) {
    clearPages();
    area.replaceChildren();
    return;
  }
  const byId = Object.fromEntries(group.points.map((point) => [point.id, point]));
  const points = display.prioritise ? group.priorities.map((id) => byId[id]).filter(Boolean)
    : group.points;
  if (!points.length) {
    clearPages();
    area.replaceChildren(element("p", { className: "report-none",
      textContent: t(display.prioritise ? "report_none" : "no_points") }));
    return;
  }
  paginate(area, points.map((point) => ({ build: () => reportItem(point) })), {
    base: 4.4, fitFirst: READABLE_VH / 4.4,
    wrap: (nodes, first) => element("ol", { className: "report-points", start: first + 1 },
      ...nodes),
  });
}

// -- the summary and the closing slide --------------------------------------------------------

// A bar as long as the item's weight is of the first item's, and its label right after its
// end: SVG attributes, no inline style.
function bar(weight, top) {
  const share = top ? Math.max(1, (100 * weight) / top) : 0;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "slide-bar");
  svg.setAttribute("viewBox", `0 0 ${Math.max(share, 1)} 10`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("width", `${(share * 0.62).toFixed(2)}%`);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const rect = document.createElementNS(SVG, "rect");
  rect.setAttribute("width", String(share));
  rect.setAttribute("height", "10");
  svg.append(rect);
  return svg;
}

function summaryItem(item) {
  const groups = item.groups.map(label).join(", ");
  const facts = [t("summary_weight", { weight: item.weight })];
  if (item.theme) facts.push(t("summary_theme", { count: item.points }));
  // The hall's vote beside the groups' own ranking, once the vote was opened.
  if (item.votes !== null && item.votes !== undefined) {
    facts.push(t(item.votes === 1 ? "summary_vote" : "summary_votes", { n: item.votes }));
  }
  // A long point as an item: its title in the body size, so that it fits on a page.
  return element("li", { className: item.title.length > 160 ? "slide-item is-long" : "slide-item" },
    element("span", { className: "slide-rank", textContent: `${item.rank}.` }),
    element("div", { className: "slide-body" },
      element("p", { className: "slide-text", textContent: item.title }),
      element("div", { className: "slide-measure" }, bar(item.weight, display.top_weight),
        element("span", { className: "slide-weight", textContent: facts.join(" · ") })),
      element("p", { className: "slide-groups", textContent: t("summary_groups", { groups }) })));
}

function renderSlide(area) {
  const closing = display.mode === "closing";
  slide.querySelector("[data-summary-kind]").textContent = closing ? t("closing_kind")
    : t("summary_kind");
  slide.querySelector("[data-summary-title]").textContent = closing ? t("closing_thanks")
    : display.title;
  const note = slide.querySelector("[data-summary-note]");
  const more = slide.querySelector("[data-summary-more]");
  if (closing) {
    note.textContent = t("closing_stats", { groups: display.groups_total, points: display.points_total });
    more.textContent = display.title;
    clearPages();
    area.replaceChildren();
    return;
  }
  const status = t("summary_status", { done: display.groups_prioritised, total: display.groups_total });
  note.textContent = !display.total ? `${status} ${t("summary_empty")}`
    : display.items.length ? status : `${status} ${t("summary_waiting")}`;
  more.textContent = display.more && display.items.length === display.total
    ? t("summary_more", { count: display.more }) : "";
  more.hidden = !more.textContent;
  if (!display.items.length) {
    clearPages();
    area.replaceChildren();
    return;
  }
  paginate(area, display.items.map((item) => ({ build: () => summaryItem(item) })), {
    wrap: (nodes) => element("ol", { className: "slide-items" }, ...nodes),
  });
}

// -- the programme and the running block's questions ------------------------------------------

function currentBlock() {
  const state = live.latest();
  return state ? state.current : Number(root.dataset.current || 0);
}

function currentDetail() {
  return root.querySelector(`[data-block-detail="${currentBlock()}"]`);
}

// The day's blocks, every one of them: the type shrinks (not below 2.6 % of the height) until
// they fit; only a day too long even then is paged.
function renderProgramme() {
  const list = dayList;
  const area = root.querySelector('[data-pages="programme"]');
  const current = currentBlock();
  area.replaceChildren(list);
  if (live.latest()) showStatuses(root, live.latest()); // it may have been out of the page
  const items = [...list.querySelectorAll(".day-item")];
  const day = items[current] ? items[current].dataset.day : "1";
  for (const item of items) item.hidden = item.dataset.day !== day;
  const dayLabel = root.querySelector("[data-day-label]");
  if (dayLabel) {
    const names = [...root.querySelector("[data-day-names]").content.children];
    const name = names[Number(day) - 1];
    dayLabel.textContent = name ? ` · ${name.textContent}` : "";
  }
  const now = root.querySelector("[data-now]");
  const block = root.querySelector("[data-now-block]");
  now.classList.remove("drops-description");
  list.style.setProperty("--fit", "1");
  let fit = 1;
  const least = MIN_VH / 3.5;
  while (list.scrollHeight > area.clientHeight + 0.5 && fit > least) {
    fit = Math.max(least, fit - 0.03);
    list.style.setProperty("--fit", String(fit));
  }
  if (list.scrollHeight > area.clientHeight + 0.5) {
    const shown = items.filter((item) => !item.hidden);
    paginate(area, shown.map((item) => ({ build: () => item.cloneNode(true) })), {
      base: 3.5 * fit,
      wrap: (nodes) => element("ol", { className: "day-list" }, ...nodes),
    });
  } else clearPages();
  // The block's introduction only when all of it fits (the phones have it anyway); a title
  // too long for its place shrinks, not below 3.5 % of the height.
  if (block.scrollHeight > block.clientHeight + 0.5) now.classList.add("drops-description");
  const title = currentDetail()?.querySelector(".block-title");
  if (title) {
    title.style.removeProperty("--fit");
    for (let fit = 0.95; block.scrollHeight > block.clientHeight + 0.5 && fit >= READABLE_VH / 6;
      fit -= 0.05) title.style.setProperty("--fit", fit.toFixed(2));
  }
}

// The big countdown as large as its place allows: "1:02:00" is wider than "9:59".
let countdownChars = 0;
function fitCountdown() {
  const value = countdown.querySelector("[data-countdown-value]");
  countdownChars = value.textContent.trim().length;
  value.style.removeProperty("--fit");
  const slot = countdown.parentElement;
  if (slot.dataset.countdownSlot !== "main") return;
  for (let fit = 0.95; value.scrollWidth > slot.clientWidth + 0.5 && fit > 0.3; fit -= 0.05) {
    value.style.setProperty("--fit", fit.toFixed(2));
  }
}

function renderQuestions() {
  const area = root.querySelector('[data-pages="questions"]');
  const detail = currentDetail();
  const questions = detail ? [...detail.querySelectorAll(".question")] : [];
  paginate(area, questions.map((question) => ({ build: () => question.cloneNode(true) })), {
    columns: columnsFor(area, 24, 2),
    wrap: (nodes) => element("ol", { className: "questions page-questions" }, ...nodes),
  });
}

// -- the screen -------------------------------------------------------------------------------

// What the screen shows: the facilitator's choice; the programme becomes the running block's
// questions when it has some.
function mode() {
  const chosen = display ? display.mode : "programme";
  if (chosen !== "programme") return chosen;
  const detail = currentDetail();
  return detail && detail.querySelector(".question") ? "groupwork" : "programme";
}

// The countdown is large on the programme and with the questions, small in the bar on the
// wall, the report-back and the summary, and not there at all on the join and closing slides.
function placeCountdown(shown) {
  const slot = root.querySelector(`[data-countdown-slot="${
    ["programme", "groupwork"].includes(shown) ? "main" : "bar"}"]`);
  if (countdown.parentElement !== slot) slot.append(countdown);
}

function render() {
  const shown = mode();
  root.dataset.display = shown;
  placeCountdown(shown);
  root.querySelector("[data-bar]").hidden = ["join", "closing"].includes(shown);
  root.querySelector("[data-now]").hidden = !["programme", "groupwork"].includes(shown);
  root.querySelector("[data-join-slide]").hidden = shown !== "join";
  wall.hidden = !["wall", "report"].includes(shown);
  slide.hidden = !["summary", "closing"].includes(shown);
  polls.slide.hidden = shown !== "poll";
  votes.slide.hidden = shown !== "vote";
  questions.slide.hidden = shown !== "panel";
  root.querySelector("[data-groupwork]").hidden = shown !== "groupwork";
  root.querySelector("[data-day-programme]").hidden = shown !== "programme";
  clearPages();
  fitCountdown();
  if (shown === "programme") renderProgramme();
  else if (shown === "groupwork") renderQuestions();
  else if (!wall.hidden) renderWall(wall.querySelector("[data-wall-groups]"));
  else if (!slide.hidden) renderSlide(slide.querySelector("[data-slide-items]"));
  else if (shown === "poll") polls.render(display);
  else if (shown === "vote") votes.render(display);
  else if (shown === "panel") questions.render();
  else if (shown === "join") {
    sizes.hidden = false;
    const text = root.querySelector("[data-join-slide] .join-text");
    const joinCode = text.querySelector(".join-code strong");
    joinCode.style.removeProperty("--fit");
    for (let fit = 0.95; joinCode.offsetWidth > text.clientWidth + 0.5 && fit > 0.4; fit -= 0.05) {
      joinCode.style.setProperty("--fit", fit.toFixed(2)); // the code on one line, whole
    }
    sizes.hidden = text.scrollHeight > text.clientHeight + 0.5; // all the sizes, or none
  }
}

const live = connectSeminar(root, {
  onJoin: (ack) => {
    latestGroups = null;
    display = null;
    polls.forget();
    votes.forget();
    questions.forget();
    showJoined(ack.groups);
    showDisplay(ack.display);
  },
  onState: () => draw(),
  // The kit was edited: the day's blocks are taken from the page as it is now (they may be
  // out of the page, laid into pages); the rest is swapped in place.
  keepFragment: (old) => old === dayList,
  onKit: (fresh) => {
    const list = document.importNode(fresh.querySelector("[data-day-list]"), true);
    if (dayList.isConnected) dayList.replaceWith(list);
    dayList = list;
    draw();
    // What the big screen shows of a question (its wall, its summary) may have changed too.
    if (display && !["programme", "join"].includes(display.mode)) fetchDisplay();
  },
});
live.socket.on("groups:state", showJoined);
live.socket.on("display:state", showDisplay);
live.socket.on("wall:group", showCard);
const polls = pollSlide(root, { send: live.send, paginate, clearPages, draw });
live.socket.on("poll:results", (payload) => polls.results(payload, display));
const votes = voteSlide(root);
live.socket.on("vote:results", (payload) => votes.results(payload, display));
// The panel's big type (8 % of the screen height for the pinned one, 4.4 % for the list) goes
// down to the big screen's smallest, no further.
const questions = panelSlide(root, { send: live.send, draw,
  least: { pinned: MIN_VH / 8, list: MIN_VH / 4.4 } });
live.socket.on("panel:state", (state) => questions.state(state, display));

// Turn the pages when the clock says so; lay them out again when the screen changes size.
setInterval(() => {
  const chars = countdown.querySelector("[data-countdown-value]").textContent.trim().length;
  if (chars !== countdownChars) fitCountdown();
  if (!pager) return;
  const index = pageNow(pager.pages.length);
  if (index !== pager.shown) showPage(index);
}, 250);
let resizing = null;
addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(draw, 150);
});
if (document.fonts) document.fonts.ready.then(draw);
draw();
