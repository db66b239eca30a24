// The big screen's poll mode: one item's live result, large enough to read from the back of a
// hall. A scale as columns of its distribution with the mean, a choice as bars with counts and
// percent, a word cloud with each word sized by its count, the open answers as cards laid into
// pages by the big screen's own paging. Results arrive coalesced (poll:results); the big screen
// draws at most once per frame. Every word and answer is inserted as text, never as markup.
import { element, newer } from "./live.js";

const strings = JSON.parse(document.getElementById("i18n-poll-screen")?.textContent || "{}");
const CLOUD_WORDS = 40; // the most words a cloud shows: more would not read from the back

function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

export function pollItems() {
  const node = document.getElementById("poll-items");
  return node ? JSON.parse(node.textContent) : [];
}

function number(value, digits = 1) {
  return Number(value).toLocaleString(document.documentElement.lang || "nb",
    { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

// The result of `item` as the screens use it, whatever shape of the server's tally it gets:
// {count, counts (per scale value or option), mean, words [{word, count}], answers [{id, text,
// hidden}]}.
export function tally(item, results) {
  const r = results || {};
  const count = r.count ?? r.total ?? r.respondents ?? r.answers_count ?? 0;
  const listed = (values, length) => {
    if (Array.isArray(values)) return Array.from({ length }, (_, i) => Number(values[i] || 0));
    if (values && typeof values === "object") {
      return Array.from({ length }, (_, i) => Number(values[item.kind === "scale"
        ? item.scale[0] + i : i] || 0));
    }
    return Array(length).fill(0);
  };
  if (item.kind === "scale") {
    const [low, high] = item.scale;
    const counts = listed(r.distribution ?? r.counts, high - low + 1);
    const total = counts.reduce((a, b) => a + b, 0);
    const mean = r.mean ?? (total ? counts.reduce((sum, c, i) => sum + c * (low + i), 0) / total
      : null);
    return { count: count || total, counts, mean };
  }
  if (item.kind === "choice") {
    return { count, counts: listed(r.counts ?? r.options, item.options.length) };
  }
  if (item.kind === "word-cloud") {
    const words = (r.words || []).map((w) => (Array.isArray(w) ? { word: w[0], count: w[1] }
      : { word: w.word ?? w.text, count: w.count }));
    return { count, words };
  }
  const answers = (r.answers || r.texts || []).map((a, i) => (typeof a === "string"
    ? { id: i, text: a, hidden: false } : a));
  return { count: count || answers.length, answers };
}

// One item's {item, version, results} out of a poll:fetch acknowledgement: the item's own, or
// its entry in a list of every item's.
export function pickResult(ack, itemId) {
  const listed = Array.isArray(ack.results) ? ack.results
    : Array.isArray(ack.items) ? ack.items : null;
  if (listed) return listed.find((entry) => entry.item === itemId) || null;
  if (ack.results && ack.results.item) return ack.results;
  if (ack.item === itemId) return { item: itemId, version: ack.version ?? 0, open: ack.open,
    results: ack.results };
  return null;
}

export function summaryText(item, result) {
  if (item.kind === "scale" && result.count && result.mean !== null) {
    return t("mean", { mean: number(result.mean), high: item.scale[1], count: result.count });
  }
  return result.count ? t(result.count === 1 ? "answers_one" : "answers", { count: result.count }) : t("no_answers");
}

export function pollSlide(root, { send, paginate, clearPages, draw }) {
  const slide = root.querySelector("[data-poll-slide]");
  const area = slide.querySelector("[data-poll-result]");
  const results = {}; // the newest result of each item: {version, results}
  const asked = new Set();

  function take(payload) {
    if (!payload || !payload.item) return false;
    const shown = results[payload.item];
    if (!newer(payload, shown)) return false;
    results[payload.item] = payload;
    return true;
  }

  function fetch(itemId) {
    asked.add(itemId);
    send("poll:fetch", { item: itemId }, {
      then: (ack) => {
        if (take(pickResult(ack, itemId))) draw();
      },
      failed: () => { asked.delete(itemId); },
    });
  }

  function columns(item, result) {
    const top = Math.max(1, ...result.counts);
    const [low] = item.scale;
    const list = element("ol", { className: "poll-columns" }, ...result.counts.map((c, i) => {
      const bar = element("div", { className: "poll-column-bar" });
      bar.style.setProperty("--share", String((100 * c) / top));
      return element("li", { className: "poll-column" },
        element("span", { className: "poll-column-count", textContent: String(c) }),
        element("div", { className: "poll-column-track" }, bar),
        element("span", { className: "poll-column-value", textContent: String(low + i) }));
    }));
    const nodes = [list];
    if (item.labels) {
      nodes.push(element("p", { className: "poll-ends" },
        element("span", { textContent: `${low}: ${item.labels[0]}` }),
        element("span", { textContent: `${item.scale[1]}: ${item.labels[1]}` })));
    }
    return nodes;
  }

  function bars(item, result) {
    const people = Math.max(1, result.count || result.counts.reduce((a, b) => a + b, 0));
    return element("ol", { className: "poll-bars" }, ...item.options.map((option, i) => {
      const c = result.counts[i];
      const fill = element("div", { className: "poll-bar-fill" });
      fill.style.setProperty("--share", String((100 * c) / people));
      return element("li", { className: "poll-bar" },
        element("p", { className: "poll-bar-text" }, element("span", { textContent: option }),
          element("span", { className: "poll-bar-figure",
            textContent: t("figure", { count: c, percent: `${Math.round((100 * c) / people)} %` }) })),
        element("div", { className: "poll-bar-track" }, fill));
    }));
  }

  function cloud(result) {
    const words = [...result.words].sort((a, b) => b.count - a.count).slice(0, CLOUD_WORDS);
    const top = Math.max(1, ...words.map((w) => w.count));
    const least = Math.min(top, ...words.map((w) => w.count));
    const list = element("ul", { className: "poll-cloud" });
    // The largest in the middle: alternate the words to either side of it.
    const ordered = [];
    words.forEach((w, i) => (i % 2 ? ordered.push(w) : ordered.unshift(w)));
    for (const w of ordered) {
      const li = element("li", { className: "poll-word", textContent: w.word });
      const weight = top === least ? 0.6 : (w.count - least) / (top - least);
      li.style.setProperty("--weight", weight.toFixed(3));
      li.title = String(w.count);
      list.append(li);
    }
    return list;
  }

  // Shrink the whole result (through --fit-page) until it fits its area, never below 40 %.
  function fit(node) {
    node.style.removeProperty("--fit-page");
    const over = () => area.scrollHeight > area.clientHeight + 0.5
      || node.scrollHeight > node.clientHeight + 0.5;
    for (let f = 0.95; over() && f >= 0.4; f -= 0.05) {
      node.style.setProperty("--fit-page", f.toFixed(2));
    }
  }

  // The breakdown by group, when the facilitator shows it: a card per group with its count and
  // what stands out (a scale's mean, a choice's most chosen option, a cloud's top words).
  function renderGroups(item, groups) {
    const kind = slide.querySelector("[data-poll-kind]");
    kind.textContent = `${kind.textContent} · ${t("by_group")}`;
    slide.querySelector("[data-poll-summary]").textContent = "";
    if (!groups || !groups.length) {
      area.replaceChildren(element("p", { className: "poll-empty", textContent: t("no_answers") }));
      return;
    }
    paginate(area, groups.map((group) => ({
      build: () => {
        const result = tally(item, group.results);
        return element("li", { className: "poll-answer poll-group" },
          element("strong", { textContent: group.name ?? t("no_group") }), " · ",
          t("group_answers", { count: result.count }),
          headline(item, result) ? ` · ${headline(item, result)}` : "");
      },
    })), {
      columns: Math.max(1, Math.min(2, Math.floor(area.clientWidth / (innerHeight * 0.036 * 20)))),
      wrap: (nodes) => element("ul", { className: "page-column poll-answers" }, ...nodes),
    });
  }

  function headline(item, result) {
    if (!result.count) return "";
    if (item.kind === "scale" && result.mean !== null) {
      return t("group_mean", { mean: number(result.mean) });
    }
    if (item.kind === "choice") {
      const top = Math.max(...result.counts);
      return item.options.filter((_, i) => result.counts[i] === top).join(", ");
    }
    if (item.kind === "word-cloud") return result.words.slice(0, 3).map((w) => w.word).join(", ");
    return "";
  }

  function render(display) {
    const item = pollItems().find((candidate) => candidate.id === display.question);
    slide.querySelector("[data-poll-kind]").textContent = !item ? ""
      : item.evaluation ? t("kind_evaluation") : t(`kind_${item.kind}`);
    slide.querySelector("[data-poll-title]").textContent = item ? item.title : "";
    const summary = slide.querySelector("[data-poll-summary]");
    clearPages();
    if (!item) {
      summary.textContent = "";
      area.replaceChildren();
      return;
    }
    if (display.poll && display.poll.item === item.id && display.poll.results) take(display.poll);
    if (display.step === 1) {
      renderGroups(item, display.poll && display.poll.item === item.id ? display.poll.groups : []);
      return;
    }
    if (!results[item.id] && !asked.has(item.id)) fetch(item.id);
    const result = tally(item, results[item.id] && results[item.id].results);
    summary.textContent = summaryText(item, result);
    if (item.kind === "scale") {
      area.replaceChildren(...columns(item, result));
    } else if (item.kind === "choice") {
      const list = bars(item, result);
      area.replaceChildren(list);
      fit(list);
    } else if (item.kind === "word-cloud") {
      const list = cloud(result);
      area.replaceChildren(list);
      fit(list);
    } else {
      const visible = result.answers.filter((a) => !a.hidden);
      if (!visible.length) {
        area.replaceChildren();
        return;
      }
      paginate(area, visible.map((a) => ({
        build: () => element("li", { className: "poll-answer", textContent: a.text }),
      })), {
        columns: Math.max(1, Math.min(3, Math.floor(area.clientWidth / (innerHeight * 0.036 * 16)))),
        wrap: (nodes) => element("ul", { className: "page-column poll-answers" }, ...nodes),
      });
    }
  }

  return {
    slide,
    render,
    // A coalesced result: drawn (once per frame) when it is the item on screen.
    results: (payload, display) => {
      if (take(payload) && display && display.mode === "poll" && display.question === payload.item) {
        draw();
      }
    },
    // After a (re)join what is kept may be stale: fetched again when next shown.
    forget: () => {
      for (const key of Object.keys(results)) delete results[key];
      asked.clear();
    },
  };
}
