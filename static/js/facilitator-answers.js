// The facilitator's overview of the groups' work: per group and question of the current block
// (every question when the block has none), the points, the last change and "done", and how
// many of the group are connected right now; and, per group and question, the history of its
// points, where the facilitator restores any changed or deleted point (a new change that the
// group's phones and the wall get like any edit). Names and points are inserted as text.
import { element, formatTimeOfDay, t } from "./live.js";

export function answersOverview(root, live) {
  const panel = root.querySelector("[data-answers-overview]");
  const table = panel.querySelector("[data-overview-table]");
  // The kit's questions as the table has them now (an edit of the kit swaps its head).
  const columnsNow = () => [...table.querySelectorAll("[data-question-col]")];
  const writeAll = panel.querySelector("[data-all-members-write]");
  const feedback = panel.querySelector("[data-overview-feedback]");
  let overview = null;
  let detail = null;
  let current = 0;
  let history = null; // {group, question, name, title} of the history shown
  const historyBox = panel.querySelector("[data-history]");
  const historyFeedback = historyBox.querySelector("[data-history-feedback]");

  function visibleColumns() {
    const columns = columnsNow();
    const inBlock = columns.filter((th) => Number(th.dataset.block) === current);
    return inBlock.length ? inBlock : columns;
  }

  function cell(entry) {
    if (!entry || !entry.points) return entry && entry.done ? t("done_flag") : t("no_points_short");
    const parts = [t("points_count", { count: entry.points })];
    if (entry.last) parts.push(t("last_change", { time: formatTimeOfDay(entry.last * 1000) }));
    if (entry.done) parts.push(t("done_flag"));
    if (entry.prioritised) parts.push(t("prioritised_flag"));
    return parts.join(" · ");
  }

  function render() {
    if (!overview) return;
    const focused = table.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey : null;
    const shown = visibleColumns();
    const columns = columnsNow();
    for (const th of columns) th.hidden = !shown.includes(th);
    table.hidden = overview.groups.length === 0;
    panel.querySelector("[data-overview-empty]").hidden = overview.groups.length > 0;
    const online = Object.fromEntries((detail ? detail.groups : []).map((group) => [group.id,
      `${group.members.filter((m) => m.online).length}/${group.members.length}`]));
    table.tBodies[0].replaceChildren(...overview.groups.map((group) => {
      const name = element("th", { scope: "row", textContent: group.name });
      const connected = element("td", { textContent: online[group.group] ?? "–" });
      return element("tr", {}, name, connected, ...columns.map((th) => {
        const entry = group.questions[th.dataset.questionCol];
        const td = element("td", { hidden: th.hidden },
          element("span", { textContent: cell(entry) }), " ",
          historyButton(group, th));
        if (entry && entry.done) td.classList.add("is-done");
        return td;
      }));
    }));
    if (focused) table.querySelector(`[data-focus-key="${focused}"]`)?.focus();
  }

  function historyButton(group, th) {
    const node = element("button", { type: "button", className: "button button-small",
      textContent: t("history") });
    node.setAttribute("aria-label", t("history_of", { group: group.name,
      question: th.textContent }));
    node.dataset.focusKey = `history-${group.group}-${th.dataset.questionCol}`;
    node.addEventListener("click", () => {
      history = { group: group.group, question: th.dataset.questionCol, name: group.name,
        title: th.textContent };
      historyFeedback.textContent = "";
      fetchHistory(true);
    });
    return node;
  }

  function fetchHistory(focus = false) {
    const { group, question } = history;
    live.send("answers:history", { group, question }, { feedback: focus ? historyFeedback : null,
      then: (ack) => {
        showHistory(ack.history);
        if (focus) historyBox.querySelector("[data-history-heading]").focus();
      } });
  }

  function versionText(version) {
    const time = formatTimeOfDay(version.replaced_at * 1000);
    return version.deleted ? t("history_version_deleted", { time })
      : t("history_version", { time, text: version.text });
  }

  function showHistory(state) {
    historyBox.hidden = false;
    historyBox.querySelector("[data-history-heading]").textContent =
      t("history_of", { group: history.name, question: history.title });
    historyBox.querySelector("[data-history-empty]").hidden = state.points.length > 0;
    historyBox.querySelector("[data-history-points]").replaceChildren(
      ...state.points.map((point) => {
        const now = element("p", { className: "history-now", textContent: point.deleted
          ? t("history_now_deleted", { text: point.text }) : t("history_now",
            { text: point.text }) });
        const versions = element("ul", { className: "history-versions" },
          ...point.versions.map((version) => {
            const restore = element("button", { type: "button",
              className: "button button-small", textContent: t("restore") });
            restore.setAttribute("aria-label", t("restore_version", {
              text: version.deleted ? t("history_version_deleted", {
                time: formatTimeOfDay(version.replaced_at * 1000) }) : version.text }));
            restore.dataset.restoreVersion = version.id;
            restore.addEventListener("click", () => live.send("point:restore",
              { version: version.id }, { feedback: historyFeedback, success: t("restored"),
                then: () => fetchHistory() }));
            return element("li", {}, element("span", { textContent: versionText(version) }),
              restore);
          }));
        const li = element("li", {}, now, versions);
        li.dataset.historyPoint = point.id;
        return li;
      }));
  }

  historyBox.querySelector("[data-history-close]").addEventListener("click", () => {
    const key = `history-${history.group}-${history.question}`;
    history = null;
    historyBox.hidden = true;
    table.querySelector(`[data-focus-key="${key}"]`)?.focus();
  });

  function fetchOverview() {
    live.send("answers:fetch", {}, { then: (ack) => {
      overview = ack.overview;
      render();
    } });
  }

  writeAll.addEventListener("change", () => {
    live.send("answers:configure", { all_members_write: writeAll.checked },
      { feedback, success: t("saved") });
  });
  live.socket.on("answers:overview", (state) => {
    overview = state;
    render();
  });
  live.socket.on("groups:detail", (state) => {
    detail = state;
    if (document.activeElement !== writeAll) {
      writeAll.checked = Boolean(state.summary.all_members_write);
    }
    fetchOverview(); // groups were added, renamed, merged or removed
  });

  return {
    joined(ack) {
      detail = ack.detail;
      writeAll.checked = Boolean(ack.groups.all_members_write);
      fetchOverview();
    },
    programme(state) {
      current = state.current;
      render();
    },
  };
}
