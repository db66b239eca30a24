// The facilitator's vote across groups, beside the summary's ranking: open and close the vote
// on the chosen question, show it on the big screen, and watch its result build up
// (vote:results). Titles are inserted as text.
import { element, newer } from "./live.js";

const strings = JSON.parse(document.getElementById("i18n-vote-console").textContent);

function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

// "12 votes", for the ranking's items beside the groups' own weight.
export function votesLabel(n) {
  return t(n === 1 ? "votes_one" : "votes_n", { n });
}

export function votePanel(root, live, select, feedback) {
  const box = root.querySelector("[data-vote-console]");
  const allowed = box.querySelector("[data-vote-console-allowed]");
  const state = box.querySelector("[data-vote-console-state]");
  const toggle = box.querySelector("[data-vote-console-toggle]");
  const show = box.querySelector("[data-vote-console-show]");
  const list = box.querySelector("[data-vote-console-results]");
  const results = {}; // by question
  let summary = null;

  function render() {
    const question = summary && summary.questions.find((q) => q.id === select.value);
    box.hidden = !question || !question.vote;
    if (box.hidden) return;
    const found = results[question.id];
    const vote = found ? { opened: found.opened, open: found.open, voters: found.voters }
      : question.vote;
    allowed.textContent = t("allowed", { allowed: question.vote.allowed });
    state.textContent = !vote.opened ? t("state_new")
      : t(vote.open ? "state_open" : "state_closed", { voters: vote.voters });
    toggle.textContent = vote.open ? t("close") : t(vote.opened ? "reopen" : "open");
    toggle.dataset.open = String(Boolean(vote.open));
    show.hidden = !vote.opened;
    const items = found ? found.items : [];
    const top = Math.max(1, ...items.map((item) => item.votes));
    list.replaceChildren(...items.map((item) => {
      const bar = element("span", { className: "vote-bar" });
      bar.style.width = `${(100 * item.votes) / top}%`;
      return element("li", {},
        element("span", { className: "vote-result-line" },
          element("span", { textContent: item.title }),
          element("strong", { textContent: votesLabel(item.votes) })), bar);
    }));
  }

  function take(result) {
    if (!result || !result.question) return;
    const shown = results[result.question];
    if (shown && !newer(result, shown)) return;
    results[result.question] = result;
    render();
  }

  toggle.addEventListener("click", () => {
    const event = toggle.dataset.open === "true" ? "vote:close" : "vote:open";
    live.send(event, { question: select.value }, { feedback,
      then: () => live.send("vote:fetch", { question: select.value },
        { then: (ack) => (ack.results || []).forEach(take) }) });
  });
  show.addEventListener("click", () => live.send("display:show",
    { mode: "vote", question: select.value }, { feedback }));
  live.socket.on("vote:results", take);
  select.addEventListener("change", render);

  return {
    summary: (fresh) => {
      summary = fresh;
      render();
    },
    joined: () => live.send("vote:fetch", {}, {
      then: (ack) => (ack.results || []).forEach(take),
    }),
  };
}
