// The facilitator's groups panel: prepare groups, set the rules, hand out roles, see every
// group's members (and who is connected right now), and rename, resize, merge or remove a
// group; lock membership, answer the phones asking to join a locked group, and place a
// participant in a group. Each group's card is built once and then updated in place, so a
// form being typed in keeps its text and its focus. Names are always inserted as text, never
// as markup.
import { element, newer, t } from "./live.js";

// The longest list of groups the server takes (characters, counted as Python counts them).
const MAX_GROUP_LIST_CHARS = JSON.parse(document.getElementById("limits").textContent)
  .max_group_list_chars;

function labelled(id, label, control) {
  control.id = id;
  return [element("label", { htmlFor: id, textContent: label }), control];
}

export function groupsAdmin(root, live) {
  const panel = root.querySelector("[data-groups-admin]");
  const feedback = panel.querySelector("[data-groups-feedback]");
  // The kit's roles (read again when the kit is edited: the template is swapped then).
  const readRoles = () => [...root.querySelector("[data-role-names]").content.children]
    .map((el) => ({ id: el.dataset.roleId, name: el.textContent }));
  let roles = readRoles();
  const list = panel.querySelector("[data-group-list]");
  const cards = new Map();
  let latest = null;

  function send(event, payload, done = () => {}) {
    live.send(event, payload, { feedback, success: t("saved"), then: (ack) => {
      show(ack.detail);
      done(ack);
    } });
  }

  function personText(person) {
    return `${person.name || t("anonymous")} (${t(person.online ? "online" : "offline")})`;
  }

  function show(detail) {
    if (!newer(detail, latest)) return;
    latest = detail;
    const summary = detail.summary;
    panel.querySelector("[data-groups-summary]").textContent =
      `${t("groups_summary", { people: summary.joined, groups: summary.groups.length })} · ${
        t("online_count", { count: summary.online })}`;
    const form = panel.querySelector("[data-configure-groups]");
    if (!form.contains(document.activeElement)) {
      form.elements.allow.checked = summary.allow_participant_groups;
      form.elements.locked.checked = Boolean(summary.locked);
      form.elements.size.value = summary.max_group_size ?? "";
    }
    showRequests(detail);
    showPlacing(detail);
    const without = panel.querySelector("[data-without-group]");
    without.hidden = detail.without_group.length === 0;
    without.querySelector("ul").replaceChildren(...detail.without_group
      .map((person) => element("li", { textContent: personText(person) })));
    const ids = new Set(detail.groups.map((group) => group.id));
    for (const [id, card] of cards) {
      if (!ids.has(id)) {
        card.node.remove();
        cards.delete(id);
      }
    }
    for (const group of detail.groups) {
      if (!cards.has(group.id)) cards.set(group.id, groupCard(group.id));
      const card = cards.get(group.id);
      card.update(group, detail.groups);
      list.append(card.node); // keeps the server's order; moving keeps focus in place
    }
  }

  // The phones asking to join a locked group, oldest first, each with "let in" and "decline".
  function showRequests(detail) {
    const box = panel.querySelector("[data-join-requests]");
    const names = Object.fromEntries(detail.groups.map((group) => [group.id, group.name]));
    box.hidden = detail.requests.length === 0;
    const focused = box.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey : null;
    box.querySelector("ul").replaceChildren(...detail.requests.map(({ person, group }) => {
      const text = t("asks_to_join", { name: personText(person), group: names[group] || "" });
      const answer = (accept, label) => {
        const node = element("button", { type: "button", className: "button button-small",
          textContent: label });
        node.setAttribute("aria-label", `${label}: ${text}`);
        node.dataset.focusKey = `${accept ? "admit" : "decline"}-${person.id}`;
        node.addEventListener("click", () => send("group:admit",
          { participant: person.id, accept }));
        return node;
      };
      return element("li", { className: "join-request" }, element("span", { textContent: text }),
        answer(true, t("let_in")), answer(false, t("decline")));
    }));
    if (focused) box.querySelector(`[data-focus-key="${focused}"]`)?.focus();
  }

  // Everyone who has joined, to place in a group (or out of every group).
  function showPlacing(detail) {
    const form = panel.querySelector("[data-place-participant]");
    const people = [...detail.groups.flatMap((group) => group.members), ...detail.without_group];
    form.hidden = people.length === 0 || detail.groups.length === 0;
    if (form.contains(document.activeElement)) return;
    const { person, group } = form.elements;
    const chosen = [person.value, group.value];
    person.replaceChildren(...people.map((p) => element("option", { value: p.id,
      textContent: personText(p) })));
    group.replaceChildren(...detail.groups.map((g) => element("option", { value: g.id,
      textContent: g.name })), element("option", { value: "", textContent: t("no_group") }));
    if (people.some((p) => p.id === chosen[0])) person.value = chosen[0];
    if ([...group.options].some((o) => o.value === chosen[1])) group.value = chosen[1];
  }

  function groupCard(id) {
    const heading = element("h3", { className: "subheading" });
    const members = element("ul", { className: "group-admin-members" });
    const roleControls = roles.map((role) => {
      const select = element("select");
      select.addEventListener("change", () => {
        if (select.value) send("role:take", { role: role.id, member: select.value });
      });
      const [label] = labelled(`group-${id}-role-${role.id}`, role.name, select);
      const where = element("span", { className: "visually-hidden" });
      label.append(where);
      const wrapper = element("div", { className: "field-inline" }, label, select);
      return { role, select, wrapper, where };
    });
    const rolesBox = element("div", { className: "group-admin-roles" },
      element("p", { className: "hint", textContent: t("hand_roles_hint") }),
      ...roleControls.map((control) => control.wrapper));

    const nameInput = element("input", { name: "name", maxLength: 60, required: true });
    const rename = element("form", { className: "form form-inline" },
      ...labelled(`group-${id}-name`, t("new_name"), nameInput),
      element("button", { type: "submit", className: "button", textContent: t("rename") }));
    rename.addEventListener("submit", (event) => {
      event.preventDefault();
      send("group:rename", { group: id, name: nameInput.value });
    });

    const sizeInput = element("input", { type: "number", min: 1, max: 100, name: "size",
      inputMode: "numeric" });
    const resize = element("form", { className: "form form-inline" },
      ...labelled(`group-${id}-size`, t("group_size"), sizeInput),
      element("button", { type: "submit", className: "button", textContent: t("save_size") }));
    resize.addEventListener("submit", (event) => {
      event.preventDefault();
      send("group:resize", { group: id,
        max_size: sizeInput.value === "" ? null : Number(sizeInput.value) });
    });

    const mergeSelect = element("select", { name: "target" });
    const merge = element("form", { className: "form form-inline" },
      ...labelled(`group-${id}-merge`, t("merge_into"), mergeSelect),
      element("button", { type: "submit", className: "button", textContent: t("merge") }));
    merge.addEventListener("submit", (event) => {
      event.preventDefault();
      const target = Number(mergeSelect.value);
      if (target && window.confirm(t("confirm_merge", { name: latestName(id),
        target: latestName(target) }))) send("group:merge", { source: id, target });
    });

    const remove = element("button", { type: "button", className: "button button-danger",
      textContent: t("remove_group") });
    remove.addEventListener("click", () => {
      if (window.confirm(t("confirm_remove", { name: latestName(id) }))) {
        send("group:remove", { group: id });
      }
    });

    const manage = element("details", { className: "group-manage" },
      element("summary", { textContent: t("change_group") }), rename, resize, merge, remove);
    const node = element("li", { className: "group-admin" }, heading, members, rolesBox, manage);

    return {
      node,
      update(group, all) {
        const size = group.limit ? `${group.members.length}/${group.limit}`
          : `${group.members.length}`;
        heading.textContent = `${group.name} (${size})`;
        manage.querySelector("summary").textContent = `${t("change_group")}: ${group.name}`;
        const holders = {};
        for (const [role, holder] of Object.entries(group.roles)) {
          (holders[holder] ||= []).push(roles.find((r) => r.id === role)?.name || role);
        }
        members.replaceChildren(...group.members.map((member) => element("li", {
          className: member.online ? "is-online" : "is-offline",
          textContent: personText(member)
            + (holders[member.id] ? ` – ${holders[member.id].join(", ")}` : ""),
        })));
        if (group.members.length === 0) {
          members.append(element("li", { textContent: t("no_members") }));
        }
        rolesBox.hidden = group.members.length === 0;
        for (const { role, select, where } of roleControls) {
          where.textContent = ` (${group.name})`;
          if (select === document.activeElement) continue;
          const holder = group.roles[role.id] || "";
          select.replaceChildren(
            element("option", { value: "", textContent: t("free"), disabled: true }),
            ...group.members.map((member) => element("option", { value: member.id,
              textContent: personText(member) })));
          select.value = holder;
        }
        if (!rename.contains(document.activeElement)) nameInput.value = group.name;
        if (!resize.contains(document.activeElement)) sizeInput.value = group.max_size ?? "";
        if (!merge.contains(document.activeElement)) {
          mergeSelect.replaceChildren(...all.filter((other) => other.id !== group.id)
            .map((other) => element("option", { value: other.id, textContent: other.name })));
        }
        merge.hidden = all.length < 2;
      },
    };
  }

  function latestName(id) {
    return latest.groups.find((group) => group.id === id)?.name || "";
  }

  panel.querySelector("[data-prepare-groups]").addEventListener("submit", (event) => {
    event.preventDefault();
    const count = [...event.target.elements.text.value].length;
    if (count > MAX_GROUP_LIST_CHARS) { // refused here, with the limit, rather than by the server
      feedback.textContent = t("list_too_long", { count, limit: MAX_GROUP_LIST_CHARS });
      return;
    }
    send("groups:prepare", { text: event.target.elements.text.value },
      () => { event.target.elements.text.value = ""; });
  });
  panel.querySelector("[data-configure-groups]").addEventListener("submit", (event) => {
    event.preventDefault();
    const size = event.target.elements.size.value;
    send("groups:configure", { allow_participant_groups: event.target.elements.allow.checked,
      max_group_size: size === "" ? null : Number(size),
      locked: event.target.elements.locked.checked });
  });
  panel.querySelector("[data-place-participant]").addEventListener("submit", (event) => {
    event.preventDefault();
    const { person, group } = event.target.elements;
    send("participant:place", { participant: person.value,
      group: group.value === "" ? null : Number(group.value) });
  });
  panel.querySelector("[data-assign-roles]").addEventListener("click", () => {
    send("roles:assign", {});
  });
  live.socket.on("groups:detail", show);
  return {
    joined: (ack) => {
      latest = null;
      show(ack.detail);
    },
    // The kit was edited: when its roles changed, every group's card is built again.
    kit: () => {
      const now = readRoles();
      if (JSON.stringify(now) === JSON.stringify(roles)) return;
      roles = now;
      for (const card of cards.values()) card.node.remove();
      cards.clear();
      const detail = latest;
      latest = null;
      if (detail) show(detail);
    },
  };
}
