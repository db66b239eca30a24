// The phone's group panel: pick a group, see who is in it and who holds which role, and the
// role card for this person (with the timekeeper's nudges at five and one minute left).
import { remainingMs, t } from "./live.js";

export function groupPanel(root, live) {
  const panel = root.querySelector("[data-group-panel]");
  const code = root.dataset.code;
  const feedback = panel.querySelector("[data-group-feedback]");
  const roles = [...root.querySelector("[data-role-templates]").content.children].map((el) => ({
    id: el.dataset.roleId, name: el.dataset.roleName, html: el.innerHTML,
    keepsTime: el.dataset.keepsTime === "1", keepsTopic: el.dataset.keepsTopic === "1",
    writes: el.dataset.writes === "1",
  }));
  let me = null;
  let groups = null;
  let nudged = new Set();

  function send(event, payload) {
    live.socket.timeout(8000).emit(event, { code, ...payload }, (err, ack) => {
      if (err) feedback.textContent = t("error");
      else if (!ack.ok) feedback.textContent = ack.error.message;
      else {
        feedback.textContent = "";
        if (ack.groups) render(ack.groups);
      }
    });
  }

  function memberName(member) {
    const name = member.name || t("anonymous");
    return member.id === me ? `${name} (${t("you")})` : name;
  }

  function item(text, button) {
    const li = document.createElement("li");
    const span = document.createElement("span");
    span.textContent = text;
    li.append(span);
    if (button) li.append(button);
    return li;
  }

  function button(label, onClick, extraClass = "") {
    const element = document.createElement("button");
    element.type = "button";
    element.className = `button ${extraClass}`.trim();
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function render(state) {
    groups = state;
    const mine = state.groups.find((group) => group.members.some((m) => m.id === me));
    panel.querySelector("[data-choose-group]").hidden = Boolean(mine);
    panel.querySelector("[data-my-group]").hidden = !mine;
    panel.querySelector("[data-create-group]").hidden = !state.allow_participant_groups;
    panel.querySelector("[data-no-groups]").hidden = state.groups.length > 0;
    const choices = panel.querySelector("[data-group-choices]");
    choices.replaceChildren(...state.groups.map((group) => {
      const limit = group.max_size || state.max_group_size;
      const full = limit && group.members.length >= limit;
      const label = `${t("members_count", { count: group.members.length })}${full ? ` · ${t("full")}` : ""}`;
      const join = button(t("join_group", { name: group.name }),
        () => send("group:choose", { group: group.id }), "button-primary");
      join.disabled = Boolean(full);
      const li = item(label, null);
      li.prepend(join);
      return li;
    }));
    if (mine) renderMine(mine);
    else document.body.removeAttribute("data-role");
  }

  function renderMine(group) {
    panel.querySelector("[data-my-group-name]").textContent = group.name;
    const names = Object.fromEntries(group.members.map((m) => [m.id, memberName(m)]));
    const myRoles = roles.filter((role) => group.roles[role.id] === me);
    const card = panel.querySelector("[data-role-card]");
    card.querySelector("[data-role-title]").textContent = myRoles.length
      ? t("your_role", { role: myRoles.map((role) => role.name).join(" + ") }) : t("no_role");
    card.querySelector("[data-role-description]").innerHTML = myRoles.map((r) => r.html).join("");
    const now = [];
    if (myRoles.some((r) => r.keepsTime)) now.push(t("role_time"));
    if (myRoles.some((r) => r.writes)) now.push(t("role_writes"));
    if (myRoles.some((r) => r.keepsTopic)) now.push(t("role_topic"));
    card.querySelector("[data-role-now]").textContent = now.join(" ");
    document.body.dataset.role = myRoles.map((r) => r.id).join(" ");
    document.body.classList.toggle("keeps-time", myRoles.some((r) => r.keepsTime));
    panel.querySelector("[data-group-roles]").replaceChildren(...roles.map((role) => {
      const holder = group.roles[role.id];
      const text = `${role.name}: ${holder ? names[holder] || t("free") : t("free")}`;
      const take = holder === me ? null
        : button(t("take_role"), () => send("role:take", { role: role.id }), "button-small");
      if (take) take.setAttribute("aria-label", `${t("take_role")}: ${role.name}`);
      return item(text, take);
    }));
    panel.querySelector("[data-group-members]").replaceChildren(
      ...group.members.map((member) => item(memberName(member))));
  }

  // The timekeeper's nudges, from the same countdown as every screen.
  setInterval(() => {
    const state = live.latest();
    const nudge = panel.querySelector("[data-role-nudge]");
    if (!state || !document.body.classList.contains("keeps-time")) return;
    if (state.timer.status !== "running") return;
    const left = remainingMs(state, live.clock.now());
    for (const [limit, message] of [[60_000, "nudge_1"], [300_000, "nudge_5"]]) {
      const id = `${state.current}:${limit}`;
      if (left <= limit && left > limit - 5_000 && !nudged.has(id)) {
        nudged.add(id);
        nudge.textContent = t(message);
        if (navigator.vibrate) navigator.vibrate(300);
        break;
      }
    }
    if (left > 300_000) nudge.textContent = "";
  }, 500);

  panel.querySelector("[data-name-form]").addEventListener("submit", (event) => {
    event.preventDefault();
    send("participant:rename", { name: event.target.elements.name.value });
  });
  panel.querySelector("[data-create-group]").addEventListener("submit", (event) => {
    event.preventDefault();
    send("group:create", { name: event.target.elements.name.value });
  });
  panel.querySelector("[data-leave-group]").addEventListener("click", () => send("group:leave", {}));
  live.socket.on("groups:state", render);

  return {
    joined(ack) {
      me = ack.me;
      nudged = new Set();
      render(ack.groups);
      const mine = ack.groups.groups.flatMap((g) => g.members).find((m) => m.id === me);
      const input = panel.querySelector("#display-name");
      if (mine && document.activeElement !== input) input.value = mine.name;
    },
    state: () => groups,
  };
}
