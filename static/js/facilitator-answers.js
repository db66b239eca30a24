// The facilitator's overview of the groups' work: per group and question of the current block
// (every question when the block has none), the points, the last change and "done", and how
// many of the group are connected right now. Group names are inserted as text.
import { element, formatTimeOfDay, t } from "./live.js";

export function answersOverview(root, live) {
  const panel = root.querySelector("[data-answers-overview]");
  const table = panel.querySelector("[data-overview-table]");
  const columns = [...table.querySelectorAll("[data-question-col]")];
  const writeAll = panel.querySelector("[data-all-members-write]");
  const feedback = panel.querySelector("[data-overview-feedback]");
  let overview = null;
  let detail = null;
  let current = 0;

  function visibleColumns() {
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
    const shown = visibleColumns();
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
        const td = element("td", { textContent: cell(entry), hidden: th.hidden });
        if (entry && entry.done) td.classList.add("is-done");
        return td;
      }));
    }));
  }

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
