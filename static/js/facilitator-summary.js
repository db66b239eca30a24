// The facilitator's summary: the ranking of one question across groups, the suggested
// duplicates (make a theme, or "not the same"), and gathering points into themes. It is
// fetched again when the facilitators change themes, and at most every few seconds while the
// groups are writing. Every text from the groups is inserted as text.
import { votePanel, votesLabel } from "./facilitator-votes.js";
import { element, t } from "./live.js";

const REFRESH_MS = 3000;

export function summaryPanel(root, live) {
  const panel = root.querySelector("[data-summary-panel]");
  const select = panel.querySelector("[data-summary-question]");
  const feedback = panel.querySelector("[data-summary-feedback]");
  const form = panel.querySelector("[data-theme-form]");
  let summary = null;
  let timer = null;
  let vote = null;

  if (!select.options.length) {
    panel.hidden = true;
    return;
  }

  vote = votePanel(root, live, select, feedback);

  function emit(event, payload, then = () => {}) {
    live.send(event, payload, { feedback, then });
  }

  function fetchSummary() {
    timer = null;
    emit("summary:fetch", {}, (ack) => {
      summary = ack.summary;
      vote.summary(summary);
      render();
    });
  }

  function later() {
    if (!timer) timer = setTimeout(fetchSummary, REFRESH_MS);
  }

  const question = () => summary.questions.find((q) => q.id === select.value);
  const label = (point) => `${point.text} (${point.group})`;

  function button(text, onClick, ariaLabel) {
    const node = element("button", { type: "button", className: "button button-small",
      textContent: text });
    if (ariaLabel) node.setAttribute("aria-label", ariaLabel);
    node.addEventListener("click", onClick);
    return node;
  }

  function render() {
    if (!summary) return;
    const current = question();
    const ranking = panel.querySelector("[data-summary-ranking]");
    ranking.replaceChildren(...current.ranking.map((item) => {
      const li = element("li", {},
        element("span", { className: "summary-rank", textContent: `${item.rank}. ` }),
        item.theme === null ? item.title : element("strong", { textContent: item.title }),
        ` – ${t("weight_n", { n: item.weight })} · ${item.groups.join(", ")}`);
      if (item.votes !== null && item.votes !== undefined) {
        li.append(" · ", element("strong", { className: "summary-votes",
          textContent: votesLabel(item.votes) }));
      }
      if (item.theme !== null) {
        li.append(" ", button(t("dissolve_theme"), () => emit("theme:change",
          { theme: item.theme, delete: true }), `${t("dissolve_theme")}: ${item.title}`));
      }
      return li;
    }));
    if (!current.prioritise) {
      ranking.append(element("li", { className: "hint", textContent: t("no_priorities_asked") }));
    } else if (!current.ranking.length) {
      ranking.append(element("li", { className: "hint", textContent: t("no_priorities_yet") }));
    }
    const suggestions = panel.querySelector("[data-summary-suggestions]");
    suggestions.replaceChildren(...current.suggestions.map(({ a, b }) => element("li", {},
      `${label(a)} ≈ ${label(b)} `,
      button(t("make_theme"), () => emit("theme:create", { question: current.id,
        title: a.text.slice(0, 120), points: [a.id, b.id] }), `${t("make_theme")}: ${a.text}`),
      " ",
      button(t("not_same"), () => emit("suggestion:reject", { points: [a.id, b.id] }),
        `${t("not_same")}: ${a.text}`))));
    if (!current.suggestions.length) {
      suggestions.append(element("li", { className: "hint", textContent: t("no_suggestions") }));
    }
    const themes = Object.fromEntries(current.themes.map((theme) => [theme.id, theme.title]));
    const fieldset = panel.querySelector("[data-summary-points]");
    const checked = new Set([...fieldset.querySelectorAll("input:checked")].map((i) => i.value));
    fieldset.replaceChildren(fieldset.querySelector("legend"),
      ...current.groups.flatMap((group) => group.points.map((point) => {
        const box = element("input", { type: "checkbox", value: point.id,
          id: `theme-point-${point.id}`, checked: checked.has(point.id) });
        const note = [group.name];
        if (point.priority) note.push(t("priority_n", { n: point.priority }));
        if (point.theme !== null) note.push(t("in_theme", { title: themes[point.theme] }));
        return element("div", { className: "checkbox" }, box,
          element("label", { htmlFor: box.id, textContent: `${point.text} (${note.join(" · ")})` }));
      })));
  }

  select.addEventListener("change", render);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const points = [...form.querySelectorAll("[data-summary-points] input:checked")]
      .map((box) => box.value);
    if (!points.length) {
      feedback.textContent = t("choose_points");
      return;
    }
    emit("theme:create", { question: select.value, title: form.elements.title.value, points },
      () => {
        form.reset();
        for (const box of form.querySelectorAll("input[type=checkbox]")) box.checked = false;
      });
  });
  live.socket.on("summary:changed", fetchSummary);
  live.socket.on("answers:overview", later);
  live.socket.on("vote:state", fetchSummary); // the ranking shows the votes once opened
  live.socket.on("vote:results", later);
  return {
    joined: () => {
      fetchSummary();
      vote.joined();
    },
  };
}
