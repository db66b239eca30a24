// The console's polls, word clouds and the evaluation: open and close each item of the kit,
// its live count (poll:results, coalesced by the server), the selected item's results, "Show on
// the big screen" (display mode `poll`, step 1 by group), its breakdown by group, the word
// cloud's ban list, and hiding open answers from the big screen. Texts are inserted as text.
import { element, newer } from "./live.js";
import { pickResult, pollItems, tally } from "./projector-polls.js";

const strings = JSON.parse(document.getElementById("i18n-poll-console")?.textContent || "{}");
const BREAKDOWN_MS = 1500; // the breakdown of the selected item is asked again at most this often

function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

// "1 answer", "2 answers" (bokmål and nynorsk say "svar" for both).
function answers(count) {
  return t(count === 1 ? "answers_one" : "answers", { count });
}

function number(value) {
  return Number(value).toLocaleString(document.documentElement.lang || "nb",
    { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}

// The text the console shows of what the big screen shows in mode `poll`.
export function describePollDisplay(display) {
  const item = pollItems().find((candidate) => candidate.id === display.question);
  const title = item ? item.title : display.question;
  return t(display.step === 1 ? "screen_poll_groups" : "screen_poll", { title });
}

// What one group's (or the hall's) result says in a breakdown's last column.
function headline(item, result) {
  if (!result.count) return t("none");
  if (item.kind === "scale") {
    return result.mean === null ? t("none") : t("mean", { mean: number(result.mean), high: item.scale[1] });
  }
  if (item.kind === "choice") {
    const top = Math.max(...result.counts);
    return item.options.filter((_, i) => result.counts[i] === top).join(", ");
  }
  if (item.kind === "word-cloud") {
    return result.words.slice(0, 3).map((w) => `${w.word} (${w.count})`).join(", ") || t("none");
  }
  return String(result.answers.filter((answer) => !answer.hidden).length);
}

export function pollsConsole(root, live) {
  const panel = root.querySelector("[data-polls-panel]");
  if (!panel || panel.hidden) return { joined() {}, kit() {} };
  const detail = panel.querySelector("[data-poll-detail]");
  const feedback = panel.querySelector("[data-poll-feedback]");
  const table = panel.querySelector("[data-poll-breakdown]");
  const banForm = panel.querySelector("[data-poll-ban]");
  const banList = panel.querySelector("[data-poll-bans]");
  let open = new Set();
  let closed = new Set();
  let withBlock = new Set();
  const results = {}; // by item: {item, version, open, results}
  let selected = null;
  let breakdown = null;
  let breakdownTimer = null;
  let breakdownAsked = 0;

  const items = () => pollItems();
  const itemOf = (id) => items().find((item) => item.id === id);
  const rows = () => [...panel.querySelectorAll("[data-poll-row]")];

  function renderRows() {
    for (const row of rows()) {
      const id = row.dataset.pollRow;
      const isOpen = open.has(id);
      const entry = results[id];
      const count = entry && entry.results ? entry.results.count || 0 : 0;
      const state = isOpen ? t("open") : closed.has(id) || entry ? t("closed") : t("not_opened");
      row.dataset.open = String(isOpen);
      row.querySelector("[data-poll-facts]").textContent = isOpen || closed.has(id) || entry
        ? `${state} · ${answers(count)}` : state;
      row.querySelector("[data-poll-open]").hidden = isOpen;
      row.querySelector("[data-poll-close]").hidden = !isOpen;
      const follows = row.querySelector("[data-poll-with-block]");
      if (follows) follows.checked = withBlock.has(id);
      row.querySelector("[data-poll-pick]").setAttribute("aria-pressed", String(id === selected));
    }
  }

  function renderDetail() {
    const item = selected && itemOf(selected);
    for (const button of detail.querySelectorAll("[data-poll-show], [data-poll-show-groups]")) {
      button.disabled = !item;
    }
    if (!item) return;
    detail.querySelector("[data-poll-detail-title]").textContent = item.title;
    const entry = results[item.id];
    const result = tally(item, entry && entry.results);
    const summary = detail.querySelector("[data-poll-detail-summary]");
    summary.textContent = result.count ? `${answers(result.count)} · ${headline(item, result)}`
      : t("no_answers");
    const place = detail.querySelector("[data-poll-detail-result]");
    place.replaceChildren(resultList(item, result));
    banForm.hidden = item.kind !== "word-cloud";
    const banned = (entry && entry.results && entry.results.banned) || [];
    banList.hidden = item.kind !== "word-cloud" || !banned.length;
    banList.replaceChildren(...banned.map((word) => {
      const button = element("button", { type: "button", className: "button button-small",
        textContent: t("allow", { word }) });
      button.dataset.allow = word;
      return element("li", {}, button);
    }));
    renderBreakdown(item);
  }

  function resultList(item, result) {
    const people = Math.max(1, result.count);
    if (item.kind === "scale") {
      return element("ul", { className: "poll-detail-list" }, ...result.counts.map((c, i) =>
        element("li", { textContent: `${item.scale[0] + i}: ${t("figure", { count: c, percent: `${Math.round((100 * c) / people)} %` })}` })));
    }
    if (item.kind === "choice") {
      return element("ul", { className: "poll-detail-list" }, ...item.options.map((option, i) =>
        element("li", { textContent: `${option}: ${t("figure", { count: result.counts[i], percent: `${Math.round((100 * result.counts[i]) / people)} %` })}` })));
    }
    if (item.kind === "word-cloud") {
      return element("ul", { className: "poll-detail-list" }, ...result.words.map((w) =>
        element("li", { textContent: `${w.word} (${w.count})` })));
    }
    return element("ol", { className: "poll-open-answers" }, ...result.answers.map((answer) => {
      const li = element("li", {}, element("span", { textContent: answer.text }), " ");
      li.dataset.hidden = String(Boolean(answer.hidden));
      if (answer.hidden) li.append(element("em", { textContent: `(${t("hidden")}) ` }));
      const button = element("button", { type: "button", className: "button button-small",
        textContent: answer.hidden ? t("show_again") : t("hide") });
      button.dataset.hideAnswer = String(answer.id);
      button.dataset.hidden = String(!answer.hidden);
      li.append(button);
      return li;
    }));
  }

  function renderBreakdown(item) {
    const body = table.querySelector("tbody");
    const groups = breakdown && breakdown.item === item.id ? breakdown.groups : null;
    table.hidden = !groups || !groups.length;
    if (table.hidden) return;
    table.querySelector("[data-breakdown-what]").textContent = t(`col_${item.kind}`);
    body.replaceChildren(...groups.map((group) => {
      const result = tally(item, group.results);
      return element("tr", {},
        element("th", { scope: "row", textContent: group.name ?? t("no_group") }),
        element("td", { textContent: String(result.count) }),
        element("td", { textContent: headline(item, result) }));
    }));
  }

  function fetchBreakdown() {
    const item = selected;
    if (!item) return;
    breakdownAsked = Date.now();
    live.send("poll:breakdown", { item }, {
      then: (ack) => {
        const data = ack.breakdown || ack;
        if (item !== selected) return;
        if (breakdown && breakdown.item === item && !newer(data, breakdown)) return;
        breakdown = { item, version: data.version ?? 0, groups: data.groups || [] };
        renderBreakdown(itemOf(item));
      },
    });
  }

  // The breakdown follows the results, asked again at most every BREAKDOWN_MS.
  function breakdownSoon() {
    if (breakdownTimer) return;
    const wait = Math.max(0, BREAKDOWN_MS - (Date.now() - breakdownAsked));
    breakdownTimer = setTimeout(() => {
      breakdownTimer = null;
      fetchBreakdown();
    }, wait);
  }

  function take(entry) {
    if (!entry || !entry.item) return false;
    const shown = results[entry.item];
    if (!newer(entry, shown)) return false;
    results[entry.item] = entry;
    return true;
  }

  function fetchAll() {
    live.send("poll:fetch", {}, {
      then: (ack) => {
        for (const entry of Array.isArray(ack.results) ? ack.results : []) take(entry);
        showState(ack.state || ack);
      },
    });
  }

  function fetchOne(item) {
    live.send("poll:fetch", { item }, {
      then: (ack) => {
        if (take(pickResult(ack, item))) {
          renderRows();
          if (item === selected) renderDetail();
        }
      },
    });
  }

  function showState(state) {
    if (!state) return;
    if (Array.isArray(state.open)) open = new Set(state.open);
    if (Array.isArray(state.closed)) closed = new Set(state.closed);
    if (Array.isArray(state.with_block)) withBlock = new Set(state.with_block);
    renderRows();
    renderDetail();
  }

  function select(id) {
    selected = id;
    breakdown = null;
    renderRows();
    renderDetail();
    fetchOne(id);
    fetchBreakdown();
  }

  panel.addEventListener("click", (event) => {
    const row = event.target.closest("[data-poll-row]");
    const id = row ? row.dataset.pollRow : null;
    if (event.target.closest("[data-poll-pick]")) return select(id);
    if (event.target.closest("[data-poll-open]")) {
      if (selected !== id) select(id);
      return live.send("poll:open", { item: id }, { feedback, then: () => {
        open.add(id);
        renderRows();
      } });
    }
    if (event.target.closest("[data-poll-close]")) {
      return live.send("poll:close", { item: id }, { feedback, then: () => {
        open.delete(id);
        closed.add(id);
        renderRows();
      } });
    }
    if (!selected) return;
    if (event.target.closest("[data-poll-show]")) {
      return live.send("display:show", { mode: "poll", question: selected, step: 0 }, { feedback });
    }
    if (event.target.closest("[data-poll-show-groups]")) {
      return live.send("display:show", { mode: "poll", question: selected, step: 1 }, { feedback });
    }
    const hide = event.target.closest("[data-hide-answer]");
    if (hide) {
      return live.send("poll:hide", { item: selected, answer: Number(hide.dataset.hideAnswer),
        hidden: hide.dataset.hidden === "true" }, { feedback, then: () => fetchOne(selected) });
    }
    const allow = event.target.closest("[data-allow]");
    if (allow) {
      return live.send("poll:ban", { item: selected, word: allow.dataset.allow, banned: false },
        { feedback, then: () => fetchOne(selected) });
    }
    return undefined;
  });
  panel.addEventListener("change", (event) => {
    const follows = event.target.closest("[data-poll-with-block]");
    if (!follows) return;
    const id = follows.closest("[data-poll-row]").dataset.pollRow;
    live.send("poll:settings", { item: id, with_block: follows.checked }, {
      feedback,
      then: (answer) => showState(answer && answer.state),
      failed: () => { follows.checked = withBlock.has(id); return false; },
    });
  });
  banForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = banForm.querySelector("input");
    const word = input.value.trim();
    if (!word || !selected) return;
    live.send("poll:ban", { item: selected, word }, { feedback, busy: banForm.querySelector("button"),
      then: () => {
        input.value = "";
        fetchOne(selected);
      } });
  });

  live.socket.on("poll:state", showState);
  live.socket.on("poll:results", (entry) => {
    if (!take(entry)) return;
    renderRows();
    if (entry.item === selected) {
      renderDetail();
      breakdownSoon();
    }
  });
  live.socket.on("groups:detail", () => selected && breakdownSoon());

  return {
    joined: () => {
      fetchAll();
      if (selected) fetchOne(selected);
      else if (items().length) select(items()[0].id);
    },
    kit: () => {
      renderRows();
      renderDetail();
    },
  };
}
