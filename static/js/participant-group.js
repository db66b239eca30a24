// The phone's group: the two-step start (name, then group: the name is sent with the group
// choice, so it is never lost), the role card, who is in the group and who holds which role.
// A role someone else holds is asked for (after a confirmation on this phone): the holder's
// phone asks them to give it up or keep it, and this phone waits for the answer. While the
// facilitator has locked the groups, a phone joins only the group it was placed in and asks
// to join another. Names are always inserted as text.
import { element, newer, remainingMs, t } from "./live.js";

function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

export function groupPanel(root, live, { onMine = () => {} } = {}) {
  const panel = root.querySelector("[data-group-panel]");
  const start = root.querySelector("[data-start]");
  const card = root.querySelector("[data-role-card]");
  const notice = root.querySelector("[data-role-notice]");
  const nameInput = start.querySelector("#display-name");
  const search = start.querySelector("[data-group-search]");
  const code = root.dataset.code;
  const feedback = panel.querySelector("[data-group-feedback]");
  const startFeedback = start.querySelector("[data-start-feedback]");
  const draftKey = `seminar-name:${code}`;
  // The kit's roles, read again when the kit is edited (the template is swapped then).
  const readRoles = () => [...root.querySelector("[data-role-templates]").content.children]
    .map((el) => ({
      id: el.dataset.roleId, name: el.dataset.roleName, html: el.innerHTML,
      keepsTime: el.dataset.keepsTime === "1", keepsTopic: el.dataset.keepsTopic === "1",
      writes: el.dataset.writes === "1",
    }));
  let roles = readRoles();
  let me = null;
  let groups = null; // every group, with its size (the public view)
  let mine = null; // this person and their own group in full
  let step = null; // "name" or "group" while the phone has no group
  let asking = null; // the role whose request is being confirmed on this phone
  let withdrawing = false;
  let focusAfter = null; // what gets the focus once the next render has replaced a question
  let nudged = new Set();
  const choiceItems = new Map(); // group id → its list item and button parts

  function send(event, payload, { onError, where = feedback } = {}) {
    live.send(event, payload, {
      feedback: where,
      failed: (error) => Boolean(error && onError && onError(error)),
      then: (ack) => {
        showGroups(ack.groups);
        showMine(ack.mine);
      },
    });
  }

  function showGroups(state) {
    if (!newer(state, groups)) return;
    groups = state;
    render();
  }

  function showMine(state) {
    if (!newer(state, mine)) return;
    const hadGroup = Boolean(mine && mine.group);
    const asked = mine ? mine.asked : null;
    mine = state;
    if (asked && !mine.asked && !mine.group && !withdrawing && groups && groups.locked) {
      startFeedback.textContent = t("join_declined", { name: groupName(asked) });
    }
    if (!mine.asked) withdrawing = false;
    if (!mine.group && hadGroup) step = "group";
    if (mine.group) localStorage.removeItem(draftKey);
    onMine(state);
    render();
  }

  function groupName(id) {
    return groups?.groups.find((group) => group.id === id)?.name || "";
  }

  function memberName(member) {
    const name = member.name || t("anonymous");
    const who = member.id === me ? `${name} (${t("you")})` : name;
    return member.online ? who : `${who} (${t("offline")})`;
  }

  function button(label, onClick, extraClass = "") {
    const node = element("button", { type: "button", className: `button ${extraClass}`.trim(),
      textContent: label });
    node.addEventListener("click", onClick);
    return node;
  }

  // -- the start: step 1 the name, step 2 the group ------------------------------------------

  function showStep(next, focus = true) {
    step = next;
    for (const part of start.querySelectorAll("[data-start-step]")) {
      part.hidden = part.dataset.startStep !== step;
    }
    const name = nameInput.value.trim();
    start.querySelector("[data-start-as]").textContent = name
      ? t("joining_as", { name }) : t("joining_anonymously");
    if (focus) {
      const heading = start.querySelector(`[data-start-step="${step}"] [data-step-heading]`);
      heading.focus();
      window.scrollTo(0, 0);
    }
  }

  // While the groups are locked, only the group this phone was placed in is joined directly;
  // another is asked for, and the facilitator lets the phone in (or not).
  function mayJoin(group) {
    return !groups.locked || (mine && mine.placed === group);
  }

  function choose(group) {
    startFeedback.textContent = "";
    const event = mayJoin(group) ? "group:choose" : "group:ask";
    send(event, { group, display_name: nameInput.value }, { where: startFeedback });
  }

  function renderChoices() {
    start.querySelector("[data-create-group]").hidden =
      !groups.allow_participant_groups || groups.locked;
    start.querySelector("[data-locked-hint]").hidden = !groups.locked;
    const waiting = start.querySelector("[data-ask-status]");
    const asked = groups.locked && mine ? mine.asked : null;
    waiting.hidden = !asked;
    waiting.querySelector("[data-ask-text]").textContent = asked
      ? t("join_waiting", { name: groupName(asked) }) : "";
    start.querySelector("[data-no-groups]").hidden = groups.groups.length > 0;
    start.querySelector("[data-group-search-box]").hidden = groups.groups.length <= 10;
    const wanted = groups.groups.length > 10 ? fold(search.value.trim()) : "";
    // The choices are updated in place: announcements arrive often while a hall joins, and a
    // button replaced under a finger would lose the tap.
    const choices = start.querySelector("[data-group-choices]");
    const ids = new Set(groups.groups.map((choice) => choice.id));
    for (const [id, entry] of choiceItems) {
      if (!ids.has(id)) {
        entry.li.remove();
        choiceItems.delete(id);
      }
    }
    let shown = 0;
    groups.groups.forEach((choice, index) => {
      if (!choiceItems.has(choice.id)) {
        const name = element("span", { className: "group-choice-name" });
        const size = element("span", { className: "group-choice-size" });
        const action = element("span", { className: "group-choice-action" });
        const join = element("button", { type: "button", className: "button group-choice" },
          name, size, action);
        join.addEventListener("click", () => choose(choice.id));
        const li = element("li", {}, join);
        choiceItems.set(choice.id, { li, join, name, size, action });
      }
      const entry = choiceItems.get(choice.id);
      const asks = !mayJoin(choice.id);
      entry.name.textContent = choice.name;
      entry.size.textContent =
        `${t("members_count", { count: choice.size })}${choice.full ? ` · ${t("full")}` : ""}`;
      entry.action.textContent = asks ? t("ask_to_join") : "";
      entry.action.hidden = !asks;
      entry.join.dataset.asks = asks ? "1" : "0";
      entry.join.disabled = (choice.full && !asks) || (asks && asked === choice.id);
      entry.li.hidden = Boolean(wanted) && !fold(choice.name).includes(wanted);
      if (!entry.li.hidden) shown += 1;
      if (choices.children[index] !== entry.li) {
        choices.insertBefore(entry.li, choices.children[index] || null);
      }
    });
    start.querySelector("[data-group-search-count]").textContent = wanted
      ? (shown ? t("groups_found", { count: shown }) : t("no_group_found")) : "";
  }

  // -- with a group --------------------------------------------------------------------------

  function render() {
    if (!groups || !mine) return;
    const group = mine.group;
    document.body.classList.toggle("has-group", Boolean(group));
    start.hidden = Boolean(group);
    panel.hidden = !group;
    card.hidden = !group;
    if (!group) {
      if (step === null) step = mine.me && mine.me.name ? "group" : "name";
      showStep(step, false);
      renderChoices();
      document.body.removeAttribute("data-role");
      document.body.classList.remove("keeps-time");
      return;
    }
    renderMine(group);
  }

  function renderMine(group) {
    panel.querySelector("[data-my-group-name]").textContent = group.name;
    const names = Object.fromEntries(group.members.map((m) => [m.id, memberName(m)]));
    const myRoles = roles.filter((role) => group.roles[role.id] === me);
    card.querySelector("[data-role-title]").textContent = myRoles.length
      ? t("your_role", { role: myRoles.map((role) => role.name).join(" + ") }) : t("no_role");
    card.querySelector("[data-role-description]").innerHTML = myRoles.map((r) => r.html).join("");
    const now = [];
    if (myRoles.some((r) => r.keepsTime)) now.push(t("role_time"));
    if (myRoles.some((r) => r.writes)) now.push(t("role_writes"));
    if (myRoles.some((r) => r.keepsTopic)) now.push(t("role_topic"));
    if (!myRoles.length) now.push(t("no_role_hint"));
    card.querySelector("[data-role-now]").textContent = now.join(" ");
    document.body.dataset.role = myRoles.map((r) => r.id).join(" ");
    document.body.classList.toggle("keeps-time", myRoles.some((r) => r.keepsTime));
    const focused = panel.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey : null;
    const requests = group.requests || [];
    forgetRequest(requests.some((r) => r.to === me));
    panel.querySelector("[data-group-roles]").replaceChildren(...roles.map((role) => {
      const holder = group.roles[role.id];
      const holderName = holder ? names[holder] || t("free") : t("free");
      const li = element("li", {}, element("span", { textContent: `${role.name}: ${holderName}` }));
      const askingMe = requests.filter((r) => r.role === role.id && r.to === me);
      const askedByMe = requests.some((r) => r.role === role.id && r.from === me);
      if (holder === me && askingMe.length) {
        li.append(...askingMe.map((request) => answerRequest(role, request, names)));
      } else if (askedByMe && holder !== me) {
        const waiting = element("p", { className: "role-waiting",
          textContent: t("role_waiting", { name: holderName }) });
        waiting.dataset.roleWaiting = role.id;
        waiting.tabIndex = -1;
        waiting.dataset.focusKey = `waiting-${role.id}`;
        li.append(waiting);
      } else if (asking === role.id && holder && holder !== me) {
        li.append(confirmAsk(role, holderName));
      } else if (holder !== me) {
        const take = button(t("take_role"), () => takeRole(role), "button-secondary");
        take.setAttribute("aria-label", `${t("take_role")}: ${role.name}`);
        take.dataset.focusKey = `take-${role.id}`;
        li.append(take);
      }
      return li;
    }));
    if (asking && group.roles[asking] === me) asking = null;
    panel.querySelector("[data-group-members]").replaceChildren(
      ...group.members.map((member) => element("li", { textContent: memberName(member) })));
    const rename = panel.querySelector("#rename");
    if (document.activeElement !== rename) rename.value = mine.me ? mine.me.name : "";
    if (focused) panel.querySelector(`[data-focus-key="${focused}"]`)?.focus();
    const next = focusAfter && panel.querySelector(focusAfter);
    if (next) {
      focusAfter = null;
      next.focus();
    }
  }

  // The question, in the page: the holder's name, "ask for it" or "cancel".
  function confirmAsk(role, holderName) {
    const box = element("div", { className: "confirm" });
    box.setAttribute("role", "group");
    const question = element("p", { className: "confirm-text",
      textContent: t("confirm_ask_role", { name: holderName, role: role.name }) });
    question.id = `confirm-${role.id}`;
    box.setAttribute("aria-labelledby", question.id);
    const yes = button(t("ask_role"), () => {
      asking = null;
      focusAfter = `[data-role-waiting="${role.id}"]`;
      send("role:take", { role: role.id, take_over: true });
    }, "button-primary");
    yes.dataset.focusKey = `confirm-${role.id}`;
    const no = button(t("cancel"), () => {
      asking = null;
      render();
      panel.querySelector(`[data-focus-key="take-${role.id}"]`)?.focus();
    });
    box.append(question, element("div", { className: "confirm-actions" }, yes, no));
    return box;
  }

  // The holder's question: someone asks for their role; give it up, or keep it.
  function answerRequest(role, request, names) {
    const asker = names[request.from] || t("anonymous");
    const box = element("div", { className: "confirm" });
    box.setAttribute("role", "group");
    box.dataset.roleRequest = role.id;
    const question = element("p", { className: "confirm-text",
      textContent: t("role_asked", { name: asker, role: role.name }) });
    question.id = `request-${role.id}-${request.from}`;
    box.setAttribute("aria-labelledby", question.id);
    const answer = (accept) => {
      focusAfter = "[data-group-roles]";
      send("role:answer", { role: role.id, requester: request.from, accept });
    };
    const yes = button(t("give_role"), () => answer(true), "button-primary");
    yes.dataset.roleAnswer = "yes";
    yes.dataset.focusKey = `give-${role.id}-${request.from}`;
    const no = button(t("keep_role"), () => answer(false));
    no.dataset.roleAnswer = "no";
    no.dataset.focusKey = `keep-${role.id}-${request.from}`;
    box.append(question, element("div", { className: "confirm-actions" }, yes, no));
    return box;
  }

  function takeRole(role) {
    send("role:take", { role: role.id }, {
      onError: (error) => {
        if (error.code !== "role_held") return false;
        asking = role.id;
        render();
        panel.querySelector(`[data-focus-key="confirm-${role.id}"]`)?.focus();
        return true;
      },
    });
  }

  // The timekeeper's nudges, from the same countdown as every screen.
  setInterval(() => {
    const state = live.latest();
    const nudge = root.querySelector("[data-role-nudge]");
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

  // The name typed before a group is chosen is sent with the choice; until then it is kept
  // here (and forgotten once the phone has a group, or the seminar is deleted).
  let forgotten = false;
  nameInput.value = localStorage.getItem(draftKey) || "";
  nameInput.addEventListener("input", () => {
    if (!forgotten) localStorage.setItem(draftKey, nameInput.value);
  });
  start.querySelector("[data-name-step]").addEventListener("submit", (event) => {
    event.preventDefault();
    showStep("group");
  });
  start.querySelector("[data-start-back]").addEventListener("click", () => {
    showStep("name");
    nameInput.focus();
  });
  search.addEventListener("input", () => groups && renderChoices());
  start.querySelector("[data-create-group]").addEventListener("submit", (event) => {
    event.preventDefault();
    send("group:create", { name: event.target.elements.name.value,
      display_name: nameInput.value }, { where: startFeedback });
  });
  panel.querySelector("[data-name-form]").addEventListener("submit", (event) => {
    event.preventDefault();
    send("participant:rename", { name: event.target.elements.name.value });
  });
  panel.querySelector("[data-leave-group]").addEventListener("click", () => {
    if (mine && mine.me) nameInput.value = mine.me.name;
    send("group:leave", {});
  });
  live.socket.on("groups:state", showGroups);
  live.socket.on("group:mine", showMine);
  function roleName(id) {
    const role = roles.find((r) => r.id === id);
    return role ? role.name.toLocaleLowerCase(document.documentElement.lang) : id;
  }

  function tell(text) {
    notice.classList.remove("role-notice-urgent");
    notice.textContent = text;
    notice.hidden = false;
  }

  // Someone asks for this person's role: wherever they are on the page (the scribe is writing,
  // the roles are far below), the question stays in view until they go to it or it is gone.
  function tellRequest(event) {
    tell(t("role_request_notice", { name: event.by.name || t("anonymous"),
      role: roleName(event.role) }));
    notice.classList.add("role-notice-urgent");
    notice.append(" ", button(t("answer_request"), () => {
      notice.classList.remove("role-notice-urgent");
      const yes = panel.querySelector(`[data-role-request="${event.role}"] [data-role-answer]`);
      if (yes) {
        yes.scrollIntoView({ block: "center" });
        yes.focus();
      }
    }, "role-notice-answer"));
  }

  // The request was answered (here or elsewhere) or went stale: its notice goes too.
  function forgetRequest(waitingForMe) {
    if (!waitingForMe && notice.classList.contains("role-notice-urgent")) {
      notice.classList.remove("role-notice-urgent");
      notice.hidden = true;
    }
  }

  live.socket.on("role:request", tellRequest);
  live.socket.on("role:answered", (event) => {
    tell(t(event.accepted ? "role_given" : "role_kept", {
      name: event.by.name || t("anonymous"), role: roleName(event.role) }));
  });
  start.querySelector("[data-ask-withdraw]").addEventListener("click", () => {
    withdrawing = true;
    send("group:ask", { group: null }, { where: startFeedback });
  });

  return {
    forget() {
      forgotten = true;
      localStorage.removeItem(draftKey);
    },
    joined(ack) {
      me = ack.me;
      nudged = new Set();
      // A (re)join brings the whole current state: take it whatever came before.
      groups = ack.groups;
      mine = ack.mine;
      if (mine && mine.me && mine.me.name && !nameInput.value) nameInput.value = mine.me.name;
      render();
    },
    // The kit was edited: its roles may have other names, texts or duties.
    kit() {
      roles = readRoles();
      render();
    },
  };
}
