// Shared by every live screen: connect, join the seminar, keep in step with the server's
// clock, and keep the programme (current block, countdown, statuses) on screen; and the
// helpers every page script uses (building elements, sending an event and saying how it went,
// comparing versions). They live here only: tests/test_browser_modules.py keeps it so.
// The countdown is always derived from the server's deadline and the corrected clock, never
// from a counter of our own, so every screen shows the same time.

const strings = JSON.parse(document.getElementById("i18n").textContent);

export function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

// An element with its properties (`textContent`, never markup, for what people typed) and its
// children (nodes or strings, inserted as text).
export function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// Announcements and answers carry the version of the data they were built from: a screen takes
// one unless what it shows is newer.
export function newer(state, shown) {
  return Boolean(state) && (!shown || state.version >= shown.version);
}

// The refusals that sending the same thing again can never turn into a success (the one list
// of them): a malformed or over-long request, one the sender may not make, a seminar, group or
// point that is not there, a change that no longer fits what is stored. Every other failure —
// no answer, a lost connection, a server error, storage that does not work (`storage_unavailable`),
// too many at once (`rate_limited`) — may succeed later, so what was sent is kept and sent again.
export const PERMANENT_ERRORS = new Set(["invalid_input", "too_large", "not_allowed", "not_found",
  "invalid_transition", "conflict", "point_not_found", "priorities_closed", "group_not_found",
  "unknown_participant", "group_full", "name_taken", "role_held", "theme_not_found"]);

export function permanent(error) {
  return Boolean(error) && PERMANENT_ERRORS.has(error.code);
}

const SEND_TIMEOUT_MS = 8000;
const JOIN_RETRY_MS = 1000;
const JOIN_RETRY_MAX_MS = 15000;
// The server's transport closes the connection on a message over this size without answering
// (docs/socket-events.md), so a payload over it is refused here, with a message, instead.
const MAX_PAYLOAD_BYTES = JSON.parse(document.getElementById("limits").textContent)
  .max_payload_bytes;
const PACKET_OVERHEAD_BYTES = 32; // the Socket.IO packet type and acknowledgement id

// The size of `event` with `payload` as the transport counts it (UTF-8 of the JSON, at most).
export function packetBytes(event, payload) {
  return new TextEncoder().encode(JSON.stringify([event, payload])).length
    + PACKET_OVERHEAD_BYTES;
}

// The server's clock as seen from here: the offset measured with the quickest round trip.
export class ServerClock {
  constructor() {
    this.offset = 0;
    this.bestRoundTrip = Infinity;
  }

  now() {
    return Date.now() + this.offset;
  }

  sample(sentAt, serverTime, receivedAt) {
    const roundTrip = receivedAt - sentAt;
    if (roundTrip <= this.bestRoundTrip) {
      this.bestRoundTrip = roundTrip;
      this.offset = serverTime - (sentAt + receivedAt) / 2;
    }
  }
}

export function remainingMs(state, serverNow) {
  const timer = state.timer;
  return timer.status === "running" ? timer.deadline_ms - serverNow : timer.remaining_ms;
}

function pad(number) {
  return String(number).padStart(2, "0");
}

// "12:05", "1:02:00", and "+0:42" once the block runs over.
export function formatRemaining(ms) {
  const over = ms < 0;
  const total = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const text = hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
  return over ? `+${text}` : text;
}

export function formatTimeOfDay(epochMs) {
  return new Date(epochMs).toLocaleTimeString(document.documentElement.lang || "nb",
    { hour: "2-digit", minute: "2-digit" });
}

// Forecast end of the day, moved on by the time that passed since the state was sent while
// the block is paused, not started, or running over.
export function forecastEndMs(state, serverNow) {
  const schedule = state.schedule;
  if (!schedule) return null;
  const passed = Math.max(0, serverNow - state.server_time);
  const slack = state.timer.status === "running" ? Math.max(0, state.timer.remaining_ms) : 0;
  return schedule.forecast_end_ms + Math.max(0, passed - slack);
}

// -- the kit, edited while the seminar runs -----------------------------------------------------
// A page is built from one version of the seminar's kit (#kit-version). When the kit is edited
// (`kit:changed`, or a programme state with a higher `kit_version`), the page is fetched again
// and each region marked `data-kit-fragment` here takes the place of the one of the same name
// there; the page script then takes what it reads from the kit again (`onKit`) and the last
// programme state is put on screen once more. Nothing is reloaded: what is typed, the outbox
// and the focus stay (a page script may keep a region itself: `keepFragment`).

export function kitVersionOf(doc) {
  const node = doc.getElementById("kit-version");
  return node ? Number(JSON.parse(node.textContent)) : 0;
}

// The focused element as a selector that finds its counterpart in a fresh copy of the page.
function focusSelector(node) {
  if (!node || node === document.body || !(node instanceof Element)) return null;
  if (node.id) return `#${CSS.escape(node.id)}`;
  const data = [...node.attributes].filter((attribute) => attribute.name.startsWith("data-"))
    .map((attribute) => `[${attribute.name}="${CSS.escape(attribute.value)}"]`).join("");
  return data ? `${node.tagName.toLowerCase()}${data}` : null;
}

// Put `fresh`'s version of one region in place of `old`: a list of choices keeps the chosen
// value (and the element, with its listeners), disclosures stay open, the focus stays on its
// counterpart.
function swapFragment(old, replacement) {
  if (old.tagName === "SELECT") {
    const value = old.value;
    old.replaceChildren(...[...replacement.children].map((node) => document.importNode(node, true)));
    if ([...old.options].some((option) => option.value === value)) old.value = value;
    return;
  }
  const node = document.importNode(replacement, true);
  const open = new Set([...old.querySelectorAll("details[open] > summary")]
    .map((summary) => summary.textContent.trim()));
  for (const summary of node.querySelectorAll("details > summary")) {
    if (open.has(summary.textContent.trim())) summary.parentElement.open = true;
  }
  const focus = old.contains(document.activeElement) ? focusSelector(document.activeElement)
    : null;
  old.replaceWith(node);
  if (focus) {
    const again = node.matches(focus) ? node : node.querySelector(focus);
    if (again) again.focus({ preventScroll: true });
  }
}

// Swap every kit region of this page for its version in `fresh` (unless `keep(old, fresh)`
// says the page script puts it in place itself); returns the names swapped.
export function swapKitFragments(fresh, keep = () => false) {
  const swapped = [];
  for (const old of document.querySelectorAll("[data-kit-fragment]")) {
    if (!old.isConnected || old.parentElement.closest("[data-kit-fragment]")) continue;
    const name = old.dataset.kitFragment;
    const replacement = fresh.querySelector(`[data-kit-fragment="${CSS.escape(name)}"]`);
    if (!replacement || keep(old, replacement)) continue;
    swapFragment(old, replacement);
    swapped.push(name);
  }
  if (fresh.title) document.title = fresh.title;
  const version = document.getElementById("kit-version");
  if (version) version.textContent = String(kitVersionOf(fresh));
  return swapped;
}

const KIT_RETRY_MS = 2000;

// A random id of this page, for the whole time it is open (its reconnections included).
function pageId() {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Connect to the seminar in `root` (data-code, data-view) and call `onState(state, clock)`
// with every newer programme state, `onJoin(ack)` after every (re)join, `onKit(fresh)` once
// the kit's regions are swapped for those of `fresh` (the page fetched again after an edit of
// the kit; `keepFragment(old, fresh)` keeps a region for the page script to update) and
// `onDeleted()` once the seminar is deleted; returns {socket, clock, send, latest}.
export function connectSeminar(root, { onState = () => {}, onJoin = () => {},
  onDeleted = () => {}, onKit = () => {}, keepFragment = () => false } = {}) {
  const code = root.dataset.code;
  const view = root.dataset.view;
  const clock = new ServerClock();
  // The seminar's code and this page's own random id travel in the connection's query: behind
  // nginx with several processes, every request of one connection (long-polling before the
  // upgrade) reaches the same process by the id, and several machines are chosen by the code
  // (deploy/nginx.conf, docs/scaling.md).
  const socket = io({ reconnectionDelayMax: 5000, query: { code, tab: pageId() } });
  const connection = document.querySelector("[data-connection]");
  let latest = null;
  let kitShown = kitVersionOf(document);
  let kitWanted = kitShown;
  let kitFetching = false;

  function show(state) {
    if (!newer(state, latest)) return;
    latest = state;
    if (typeof state.kit_version === "number") kitChanged(state.kit_version);
    if (kitFetching) return; // shown on the kit it was made for, once that is in place
    renderProgramme(root, state);
    onState(state, clock);
  }

  function kitChanged(version) {
    if (!(version > kitShown)) return;
    kitWanted = Math.max(kitWanted, version);
    fetchKit();
  }

  // The page again, as the server builds it now; tried again while it fails.
  async function fetchKit() {
    if (kitFetching) return;
    kitFetching = true;
    let fetched = false;
    try {
      // The phones' copy is rendered once for all of them (data-parts); other screens ask
      // for their own page.
      const parts = document.getElementById("kit-version")?.dataset.parts;
      const response = await fetch(parts || window.location.pathname + window.location.search,
        { cache: "no-store", credentials: "same-origin" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      const version = kitVersionOf(fresh);
      swapKitFragments(fresh, keepFragment);
      kitShown = version;
      if (kitWanted < version) kitWanted = version;
      fetched = true;
      onKit(fresh);
    } catch {
      fetched = false;
    } finally {
      kitFetching = false;
    }
    if (latest) {
      renderProgramme(root, latest);
      onState(latest, clock);
    }
    if (!fetched) setTimeout(() => kitWanted > kitShown && fetchKit(), KIT_RETRY_MS);
    else if (kitWanted > kitShown) {
      kitWanted = kitShown; // the next announcement asks again; no loop on a stale copy
      setTimeout(fetchKit, 0);
    }
  }

  function syncClock(times) {
    const sentAt = Date.now();
    socket.timeout(5000).emit("clock:sync", {}, (err, ack) => {
      if (!err && ack && ack.ok) clock.sample(sentAt, ack.server_time, Date.now());
      if (times > 1) setTimeout(() => syncClock(times - 1), 150);
    });
  }

  // A join refused for now (the server's storage, too many at once) is tried again, less
  // often each time; one refused for good (no such seminar) is not.
  let joinDelay = JOIN_RETRY_MS;
  function join() {
    socket.timeout(8000).emit("seminar:join", { code, view }, (err, ack) => {
      if (err) return setTimeout(join, JOIN_RETRY_MS);
      if (!ack.ok) {
        if (connection) connection.textContent = ack.error.message;
        if (!permanent(ack.error)) {
          setTimeout(() => socket.connected && join(), joinDelay);
          joinDelay = Math.min(joinDelay * 2, JOIN_RETRY_MAX_MS);
        }
        return;
      }
      joinDelay = JOIN_RETRY_MS;
      if (connection && connection.dataset.state === "connected") {
        connection.textContent = t("connected"); // not the refusal of a try before
      }
      if (followLanguage(ack.language)) return;
      show(ack.state);
      onJoin(ack);
    });
  }

  socket.on("connect", () => {
    if (connection) {
      connection.textContent = t("connected");
      connection.dataset.state = "connected";
    }
    syncClock(5);
    join();
  });
  socket.on("disconnect", () => {
    if (connection) {
      connection.textContent = t("reconnecting");
      connection.dataset.state = "disconnected";
    }
  });
  socket.on("programme:state", show);
  socket.on("kit:changed", (data) => data && kitChanged(data.version));
  // The big screen speaks the seminar's language: when the facilitator changes it (or it was
  // changed while this screen was away), the page is shown again in that language.
  function followLanguage(language) {
    if (view !== "projector" || !language || language === document.documentElement.lang) {
      return false;
    }
    window.location.reload();
    return true;
  }
  socket.on("seminar:language", (data) => followLanguage(data && data.language));
  // The seminar is gone: say so and stop listening. The socket is left to the server (a
  // client-side close right after the message makes gevent's server end the WebSocket with
  // bytes Chromium reports as an invalid frame), and nothing is shown from it any more.
  socket.on("seminar:deleted", () => {
    socket.removeAllListeners();
    socket.io.reconnection(false);
    if (connection) {
      connection.textContent = t("seminar_deleted");
      connection.dataset.state = "deleted";
    }
    const notice = element("p", { className: "notice", textContent: t("seminar_deleted") });
    notice.setAttribute("role", "alert");
    root.prepend(notice);
    onDeleted();
  });

  // Send `event` to this seminar (its code added to `payload`) and wait at most `timeout` ms
  // for the acknowledgement; a payload too large for the transport is not sent (`failed` gets
  // the error `too_large`). `then(ack)` runs when the server did it; `failed(error)` when it
  // refused (`error` is the acknowledgement's error) or did not answer in time (`error` is
  // null). Unless `failed` returns true, `feedback` (if given) says how it went: the server's
  // message, "Something went wrong" without an answer, or `success` once it is done. `busy` (a
  // button) is marked aria-busy meanwhile.
  function send(event, payload = {}, { feedback = null, success = "", then = () => {},
    failed = () => false, busy = null, timeout = SEND_TIMEOUT_MS } = {}) {
    const message = { code, ...payload };
    if (packetBytes(event, message) > MAX_PAYLOAD_BYTES) {
      const error = { code: "too_large",
        message: t("too_large", { kilobytes: Math.floor(MAX_PAYLOAD_BYTES / 1024) }) };
      if (failed(error) !== true && feedback) feedback.textContent = error.message;
      return;
    }
    if (busy) busy.setAttribute("aria-busy", "true");
    socket.timeout(timeout).emit(event, message, (err, ack) => {
      if (busy) busy.removeAttribute("aria-busy");
      if (err || !ack || !ack.ok) {
        const error = !err && ack ? ack.error : null;
        if (failed(error) === true || !feedback) return;
        feedback.textContent = error ? error.message : t("error");
        return;
      }
      if (feedback) feedback.textContent = success;
      then(ack);
    });
  }

  startTicker(root, clock, () => latest);
  return { socket, clock, send, latest: () => latest };
}

// Put a programme state on screen: statuses, the current block, "next up".
export function renderProgramme(root, state) {
  const previous = root.dataset.current;
  for (const item of root.querySelectorAll("[data-block]")) {
    const status = state.statuses[Number(item.dataset.block)];
    if (!status) continue; // a state made before an edit of the kit, on the edited page
    item.dataset.status = status;
    if (status === "current") item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
    const text = item.querySelector("[data-status-text]");
    if (text) text.textContent = t(`status_${status}`);
  }
  for (const detail of root.querySelectorAll("[data-block-detail]")) {
    detail.hidden = Number(detail.dataset.blockDetail) !== state.current;
  }
  const titles = [...(root.querySelector("[data-block-titles]")?.content.children || [])];
  const nextTitle = root.querySelector("[data-next-title]");
  if (nextTitle) {
    const upcoming = titles[state.current + 1];
    nextTitle.textContent = upcoming ? upcoming.textContent : t("nothing_next");
  }
  const announce = root.querySelector("[data-announce]");
  const countdown = root.querySelector("[data-countdown]");
  const oldStatus = countdown ? countdown.dataset.timerStatus : undefined;
  if (countdown) countdown.dataset.timerStatus = state.timer.status;
  if (announce && (String(state.current) !== previous || oldStatus !== state.timer.status)) {
    const title = titles[state.current] ? titles[state.current].textContent : "";
    const what = state.timer.status === "running" ? t("started")
      : state.timer.status === "paused" ? t("was_paused") : "";
    announce.textContent = `${t("now_showing", { title })} ${what}`.trim();
  }
  root.dataset.current = String(state.current);
}

function startTicker(root, clock, getState) {
  const countdown = root.querySelector("[data-countdown]");
  if (!countdown) return;
  const value = countdown.querySelector("[data-countdown-value]");
  const label = countdown.querySelector("[data-countdown-label]");
  const tick = () => {
    const state = getState();
    if (!state) return;
    const ms = remainingMs(state, clock.now());
    const over = ms < 0;
    const text = formatRemaining(ms);
    if (value.textContent !== text) value.textContent = text;
    const status = over && state.timer.status === "running" ? "overrun" : state.timer.status;
    if (countdown.dataset.status !== status) {
      countdown.dataset.status = status;
      label.textContent = t(status === "overrun" ? "overrun" : status);
    }
  };
  tick();
  setInterval(tick, 200);
}
