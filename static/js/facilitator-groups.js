// The facilitator's groups panel: prepare groups, set the rules, hand out roles, and see every
// group's members and roles. Names are always inserted as text, never as markup.
import { t } from "./live.js";

export function groupsAdmin(root, live) {
  const panel = root.querySelector("[data-groups-admin]");
  const code = root.dataset.code;
  const feedback = panel.querySelector("[data-groups-feedback]");
  const roleNames = Object.fromEntries([...root.querySelector("[data-role-names]").content
    .children].map((el) => [el.dataset.roleId, el.textContent]));

  function send(event, payload, done = () => {}) {
    live.socket.timeout(8000).emit(event, { code, ...payload }, (err, ack) => {
      if (err) feedback.textContent = t("error");
      else if (!ack.ok) feedback.textContent = ack.error.message;
      else {
        feedback.textContent = t("saved");
        render(ack.groups);
        done(ack);
      }
    });
  }

  function render(state) {
    const people = state.groups.reduce((sum, g) => sum + g.members.length, 0)
      + state.without_group;
    panel.querySelector("[data-groups-summary]").textContent =
      t("groups_summary", { people, groups: state.groups.length });
    const form = panel.querySelector("[data-configure-groups]");
    if (!form.contains(document.activeElement)) {
      form.elements.allow.checked = state.allow_participant_groups;
      form.elements.size.value = state.max_group_size ?? "";
    }
    panel.querySelector("[data-group-list]").replaceChildren(...state.groups.map((group) => {
      const li = document.createElement("li");
      li.className = "group-admin";
      const heading = document.createElement("h3");
      heading.className = "subheading";
      heading.textContent = `${group.name} (${group.members.length})`;
      const names = Object.fromEntries(group.members.map((m) => [m.id, m.name || t("anonymous")]));
      const members = document.createElement("ul");
      members.replaceChildren(...group.members.map((member) => {
        const item = document.createElement("li");
        const held = Object.entries(group.roles).filter(([, holder]) => holder === member.id)
          .map(([role]) => roleNames[role] || role);
        item.textContent = names[member.id] + (held.length ? ` – ${held.join(", ")}` : "");
        return item;
      }));
      li.append(heading, members);
      return li;
    }));
  }

  panel.querySelector("[data-prepare-groups]").addEventListener("submit", (event) => {
    event.preventDefault();
    send("groups:prepare", { text: event.target.elements.text.value },
      () => { event.target.elements.text.value = ""; });
  });
  panel.querySelector("[data-configure-groups]").addEventListener("submit", (event) => {
    event.preventDefault();
    const size = event.target.elements.size.value;
    send("groups:configure", { allow_participant_groups: event.target.elements.allow.checked,
      max_group_size: size === "" ? null : Number(size) });
  });
  panel.querySelector("[data-assign-roles]").addEventListener("click", () => {
    send("roles:assign", {});
  });
  live.socket.on("groups:state", render);
  return { joined: (ack) => render(ack.groups) };
}
