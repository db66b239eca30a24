// The phone's group panel: pick a group, see who is in it and who holds which role, and the
// role card for this person (with the timekeeper's nudges at five and one minute left).
import { remainingMs, t } from "./live.js";

export function groupPanel(root, live, { onMine = () => {}, onGroups = () => {} } = {}) {
  const panel = root.querySelector("[data-group-panel]");
  const code = root.dataset.code;
  const feedback = panel.querySelector("[data-group-feedback]");
  const roles = [...root.querySelector("[data-role-templates]").content.children].map((el) => ({
    id: el.dataset.roleId, name: el.dataset.roleName, html: el.innerHTML,
    keepsTime: el.dataset.keepsTime === "1", keepsTopic: el.dataset.keepsTopic === "1",
    writes: el.dataset.writes === "1",
  }));
  let me = null;
  let groups = null; // every group, with its size (the public view)
  let mine = null; // this person and their own group in full
  let nudged = new Set();
  const choiceItems = new Map(); // group id → its list item, button and size label

  function send(event, payload) {
    live.socket.timeout(8000).emit(event, { code, ...payload }, (err, ack) => {
      if (err) feedback.textContent = t("error");
      else if (!ack.ok) feedback.textContent = ack.error.message;
      else {
        feedback.textContent = "";
        showGroups(ack.groups);
        showMine(ack.mine);
      }
    });
  }

  // Announcements carry a version; one that arrives after a newer one is ignored.
  function newer(state, latest) {
    return state && (!latest || state.version >= latest.version);
  }

  function showGroups(state) {
    if (!newer(state, groups)) return;
    groups = state;
    onGroups(state);
    render();
  }

  function showMine(state) {
    if (!newer(state, mine)) return;
    mine = state;
    onMine(state);
    render();
  }

  function memberName(member) {
    const name = member.name || t("anonymous");
    const who = member.id === me ? `${name} (${t("you")})` : name;
    return member.online ? who : `${who} (${t("offline")})`;
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

  function render() {
    if (!groups || !mine) return;
    const group = mine.group;
    panel.querySelector("[data-choose-group]").hidden = Boolean(group);
    panel.querySelector("[data-my-group]").hidden = !group;
    panel.querySelector("[data-create-group]").hidden = !groups.allow_participant_groups;
    panel.querySelector("[data-no-groups]").hidden = groups.groups.length > 0;
    // The choices are updated in place: announcements arrive often while a hall joins, and a
    // button replaced under a finger would lose the tap.
    const choices = panel.querySelector("[data-group-choices]");
    const ids = new Set(groups.groups.map((choice) => choice.id));
    for (const [id, entry] of choiceItems) {
      if (!ids.has(id)) {
        entry.li.remove();
        choiceItems.delete(id);
      }
    }
    groups.groups.forEach((choice, index) => {
      if (!choiceItems.has(choice.id)) {
        const join = button("", () => send("group:choose", { group: choice.id }),
          "button-primary");
        const li = item("", null);
        li.prepend(join);
        choiceItems.set(choice.id, { li, join, label: li.querySelector("span") });
      }
      const entry = choiceItems.get(choice.id);
      entry.join.textContent = t("join_group", { name: choice.name });
      entry.join.disabled = choice.full;
      entry.label.textContent =
        `${t("members_count", { count: choice.size })}${choice.full ? ` · ${t("full")}` : ""}`;
      if (choices.children[index] !== entry.li) {
        choices.insertBefore(entry.li, choices.children[index] || null);
      }
    });
    if (group) renderMine(group);
    else {
      document.body.removeAttribute("data-role");
      document.body.classList.remove("keeps-time");
    }
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
  live.socket.on("groups:state", showGroups);
  live.socket.on("group:mine", showMine);

  return {
    roles,
    joined(ack) {
      me = ack.me;
      nudged = new Set();
      // A (re)join brings the whole current state: take it whatever came before.
      groups = ack.groups;
      mine = ack.mine;
      render();
      const input = panel.querySelector("#display-name");
      if (mine && mine.me && document.activeElement !== input) input.value = mine.me.name;
    },
  };
}
