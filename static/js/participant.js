// A participant's phone: the seminar, the current block and the same countdown as the hall,
// the phone's group with its roles, and the group's answers.
import { connectSeminar } from "./live.js";
import { answersPanel } from "./participant-answers.js";
import { groupPanel } from "./participant-group.js";

const root = document.querySelector("[data-live]");
let group = null;
let answers = null;
const titles = [...root.querySelector("[data-block-titles]").content.children];
const timerTitle = root.querySelector("[data-timer-title]");
const live = connectSeminar(root, {
  onState: (state) => {
    timerTitle.textContent = titles[state.current] ? titles[state.current].textContent : "";
    if (answers) answers.programme(state);
  },
  onJoin: (ack) => {
    answers.joined(ack);
    group.joined(ack);
  },
});
group = groupPanel(root, live, { onMine: (mine) => answers && answers.mine(mine) });
answers = answersPanel(root, live);

// Keep this page and its scripts for a reload without a connection (where the browser allows
// a service worker: on localhost or over HTTPS).
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js").then(() => caches.open("seminar-pages-v1"))
    .then((cache) => cache.addAll([location.pathname,
      ...[...document.querySelectorAll("script[src], link[rel=stylesheet]")]
        .map((node) => node.src || node.href),
      ...["live.js", "participant-group.js", "participant-answers.js"]
        .map((name) => new URL(name, import.meta.url).href)]))
    .catch(() => {}); // without it the page still works; only an offline reload does not
}
