// A participant's phone: the seminar, the current block and the same countdown as the hall,
// the phone's group with its roles, and the group's answers.
import { connectSeminar } from "./live.js";
import { answersPanel } from "./participant-answers.js";
import { groupPanel } from "./participant-group.js";
import { panelPhone } from "./participant-panel.js";
import { pollsPanel } from "./participant-polls.js";
import { votesPanel } from "./participant-votes.js";

const root = document.querySelector("[data-live]");
let group = null;
let answers = null;
let polls = null;
let votes = null;
let panel = null;
const timerTitle = root.querySelector("[data-timer-title]");
const live = connectSeminar(root, {
  onState: (state) => {
    // The block titles as the page has them now (an edit of the kit swaps them).
    const titles = [...root.querySelector("[data-block-titles]").content.children];
    timerTitle.textContent = titles[state.current] ? titles[state.current].textContent : "";
    if (answers) answers.programme(state);
    if (panel) panel.programme(state);
  },
  // The kit was edited: the regions marked in the page are swapped already; the answers
  // (where people type) and the roles are taken over by their own panels.
  onKit: (fresh) => {
    answers.kit(fresh);
    group.kit();
    polls.kit();
  },
  onJoin: (ack) => {
    answers.joined(ack);
    group.joined(ack);
    polls.joined(ack);
    votes.joined(ack);
    panel.joined(ack);
  },
  // The seminar is gone: the phone keeps nothing of it (what it stored, its page, its worker).
  onDeleted: () => {
    answers.forget();
    group.forget();
    forgetPage().catch(() => {}); // a page or worker left behind holds nothing of the seminar
  },
});
group = groupPanel(root, live, { onMine: (mine) => answers && answers.mine(mine) });
answers = answersPanel(root, live);
polls = pollsPanel(root, live);
votes = votesPanel(root, live);
panel = panelPhone(root, live);

// Keep this page and its scripts for a reload without a connection (where the browser allows
// a service worker: on localhost or over HTTPS). The worker's scope is this seminar's phone
// page; it keeps nothing but that page and the static files (see sw.js).
const CACHE = "seminar-pages-v1";
const offline = "serviceWorker" in navigator && window.isSecureContext;
let forgotten = false;
if (offline) {
  navigator.serviceWorker.register("/sw.js", { scope: location.pathname })
    .then(() => (forgotten ? null : caches.open(CACHE)))
    .then((cache) => cache && cache.addAll([location.pathname,
      ...[...document.querySelectorAll("script[src], link[rel=stylesheet]")]
        .map((node) => node.src || node.href),
      ...["live.js", "participant-group.js", "participant-answers.js", "participant-panel.js",
        "participant-polls.js", "participant-votes.js"]
        .map((name) => new URL(name, import.meta.url).href)]))
    .then(() => forgotten && forgetPage())
    .catch(() => {}); // without it the page still works; only an offline reload does not
}

async function forgetPage() {
  forgotten = true;
  if (!offline) return;
  const registration = await navigator.serviceWorker.getRegistration(location.pathname);
  if (registration && new URL(registration.scope).pathname === location.pathname) {
    await registration.unregister();
  }
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname === location.pathname) await cache.delete(request);
  }
}
