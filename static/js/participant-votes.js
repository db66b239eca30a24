// The vote across groups on a phone: while a vote is open (vote:state) the summary's items,
// each with a toggle (aria-pressed) that gives or takes back one of the person's N votes, and
// "X of N votes left". Each person votes for themselves; the big screen shows only counts.
// Every title is set as text (textContent), never as markup.
import { element, permanent } from "./live.js";

const strings = JSON.parse(document.getElementById("i18n-votes").textContent);

function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

export function votesPanel(root, live) {
  const section = root.querySelector("[data-votes]");
  const list = section.querySelector("[data-votes-list]");
  const status = section.querySelector("[data-votes-status]");
  let votes = []; // from vote:state
  let known = false;
  const seen = new Set(); // votes shown on this phone: they stay, closed, once shown
  const mine = {}; // the person's votes: item keys, by question

  function card(vote) {
    const given = new Set(mine[vote.question] || []);
    const heading = element("h3", { className: "question-heading", tabIndex: -1 });
    heading.textContent = vote.title;
    const left = element("p", { className: "vote-left" });
    left.dataset.voteLeft = "";
    left.textContent = vote.open
      ? t("left", { left: Math.max(vote.allowed - given.size, 0), allowed: vote.allowed })
      : t("closed");
    const items = element("ul", { className: "vote-items" });
    vote.items.forEach((item, index) => {
      const id = `vote-${vote.question}-${index}`;
      const title = element("span", { className: "vote-item-title", id: `${id}-title` });
      title.textContent = item.title;
      const pressed = given.has(item.key);
      // One name whatever the state ("Vote" and the item's title); aria-pressed says whether
      // the person's vote is on it, the check mark (CSS) shows it.
      const toggle = element("button", { type: "button", className: "button vote-toggle", id });
      toggle.textContent = t("vote");
      toggle.setAttribute("aria-pressed", String(pressed));
      toggle.setAttribute("aria-labelledby", `${id} ${id}-title`);
      toggle.dataset.voteItem = item.key;
      toggle.disabled = !vote.open;
      items.append(element("li", { className: "vote-item" }, title, toggle));
    });
    const state = element("p", { className: "vote-state" });
    state.setAttribute("role", "status");
    state.setAttribute("aria-live", "polite");
    state.dataset.voteState = "";
    const box = element("article", { className: "vote card" }, heading, left, items, state);
    box.dataset.vote = vote.question;
    box.dataset.open = String(vote.open);
    return box;
  }

  function render() {
    const shown = votes.filter((vote) => vote.open || seen.has(vote.question));
    for (const vote of shown) seen.add(vote.question);
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.voteItem : undefined;
    list.replaceChildren(...shown.map(card));
    if (focused) {
      const again = list.querySelector(`[data-vote-item="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
    section.hidden = shown.length === 0;
  }

  function showState(state) {
    if (!state) return;
    const before = new Set(votes.filter((v) => v.open).map((v) => v.question));
    votes = Array.isArray(state.votes) ? state.votes : [];
    const fresh = known ? votes.find((v) => v.open && !before.has(v.question)) : null;
    known = true;
    render();
    if (fresh) status.textContent = t("opened", { title: fresh.title });
  }

  function fetchVotes() {
    live.send("vote:fetch", {}, {
      then: (ack) => {
        Object.assign(mine, ack.mine || {});
        showState(ack.state);
      },
    });
  }

  list.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-vote-item]");
    if (!toggle || toggle.disabled) return;
    const box = toggle.closest("[data-vote]");
    const question = box.dataset.vote;
    const up = toggle.getAttribute("aria-pressed") !== "true";
    const state = box.querySelector("[data-vote-state]");
    live.send("vote:cast", { question, item: toggle.dataset.voteItem, up }, {
      feedback: state,
      busy: toggle,
      then: (ack) => {
        mine[question] = ack.mine || [];
        render();
      },
      failed: (error) => {
        // Closed meanwhile (or refused for good): ask what is open now; the refusal's message
        // stays in the section's status, which a new drawing of the cards keeps.
        if (permanent(error) || (error && error.code === "vote_closed")) {
          status.textContent = error.message;
          fetchVotes();
          return true;
        }
        return false; // the card says why (no votes left)
      },
    });
  });
  live.socket.on("vote:state", (state) => showState(state));

  return { joined: () => fetchVotes() };
}
