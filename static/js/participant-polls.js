// The hall's polls on a phone: the items the facilitator has open (poll:state), shown at once
// above everything else, each with the person's own answer, which can be changed until the item
// closes. Each person answers for themselves; nobody else sees who answered what. An item that
// closes while it is on screen stays there, saying so, with its controls disabled.
import { permanent } from "./live.js";

const strings = JSON.parse(document.getElementById("i18n-polls").textContent);

function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

// The answer in `form` as poll:answer takes it, or null when nothing is chosen or written.
export function formValue(form) {
  const kind = form.dataset.kind;
  if (kind === "scale") {
    const picked = form.querySelector("input[name=value]:checked");
    return picked ? Number(picked.value) : null;
  }
  if (kind === "choice") {
    const picked = [...form.querySelectorAll("input[name=value]:checked")].map((i) => Number(i.value));
    return picked.length ? picked : null;
  }
  if (kind === "word-cloud") {
    const words = [...form.querySelectorAll("input[name=word]")].map((i) => i.value.trim())
      .filter(Boolean);
    return words.length ? words : null;
  }
  const text = form.querySelector("textarea").value.trim();
  return text ? text : null;
}

function fill(form, value) {
  const kind = form.dataset.kind;
  if (value === undefined || value === null) return;
  if (kind === "scale" || kind === "choice") {
    const chosen = new Set((Array.isArray(value) ? value : [value]).map(String));
    for (const input of form.querySelectorAll("input[name=value]")) {
      input.checked = chosen.has(input.value);
    }
  } else if (kind === "word-cloud") {
    const words = Array.isArray(value) ? value : [];
    form.querySelectorAll("input[name=word]").forEach((input, index) => {
      input.value = words[index] || "";
    });
  } else {
    form.querySelector("textarea").value = String(value);
  }
  count(form);
}

function count(form) {
  const counter = form.querySelector("[data-poll-count]");
  if (!counter) return;
  const area = form.querySelector("textarea");
  counter.textContent = t("count", { count: area.value.length, limit: area.maxLength });
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export function pollsPanel(root, live) {
  const section = root.querySelector("[data-polls]");
  const status = section.querySelector("[data-polls-status]");
  let open = new Set();
  let known = false; // the open items are known (a fetch or an announcement came)
  const seen = new Set(); // items shown on this phone since it loaded: they stay once closed
  const answers = {}; // the person's saved answers, by item

  const forms = () => [...section.querySelectorAll("[data-poll]")];

  function render() {
    let shown = 0;
    for (const form of forms()) {
      const item = form.dataset.poll;
      const isOpen = open.has(item);
      if (isOpen) seen.add(item);
      form.hidden = !(isOpen || seen.has(item));
      if (form.hidden) continue;
      shown += 1;
      form.dataset.open = String(isOpen);
      for (const control of form.querySelectorAll("input, textarea, button")) {
        control.disabled = !isOpen;
      }
      const saved = Object.hasOwn(answers, item);
      const state = form.querySelector("[data-poll-state]");
      const button = form.querySelector("[data-poll-send]");
      button.textContent = saved ? t("change") : t("send");
      button.hidden = !isOpen;
      if (!isOpen) state.textContent = saved ? t("closed_saved") : t("closed");
      else if (form.dataset.dirty === "true") state.textContent = t("not_sent");
      else if (saved) state.textContent = t("saved");
      else if (state.textContent === t("closed") || state.textContent === t("closed_saved")) {
        state.textContent = "";
      }
    }
    section.hidden = shown === 0;
  }

  function showOpen(ids) {
    const before = open;
    open = new Set(Array.isArray(ids) ? ids : []);
    const fresh = known ? [...open].filter((id) => !before.has(id)) : [];
    known = true;
    render();
    const first = fresh.map((id) => section.querySelector(`[data-poll="${CSS.escape(id)}"]`))
      .find(Boolean);
    if (first) {
      status.textContent = t("opened", { title: first.querySelector("h3").textContent });
      if (!root.contains(document.activeElement) || document.activeElement === document.body) {
        first.scrollIntoView({ block: "start", behavior: "smooth" });
      }
    }
  }

  function fetchPolls() {
    live.send("poll:fetch", {}, {
      then: (ack) => {
        const mine = ack.answers || ack.mine || {};
        for (const [item, value] of Object.entries(mine)) {
          answers[item] = value;
          const form = section.querySelector(`[data-poll="${CSS.escape(item)}"]`);
          if (form && form.dataset.dirty !== "true") fill(form, value);
        }
        showOpen(ack.open || (ack.state && ack.state.open) || []);
      },
    });
  }

  function submit(form) {
    const item = form.dataset.poll;
    const state = form.querySelector("[data-poll-state]");
    const value = formValue(form);
    if (value === null) {
      const kind = form.dataset.kind;
      state.textContent = t(kind === "word-cloud" ? "words_first" : kind === "open" ? "text_first"
        : "pick_first");
      return;
    }
    state.textContent = t("sending");
    live.send("poll:answer", { item, value }, {
      feedback: state,
      busy: form.querySelector("[data-poll-send]"),
      success: t("saved"),
      then: () => {
        answers[item] = value;
        if (same(formValue(form), value)) form.dataset.dirty = "false";
        render();
      },
      failed: (error) => {
        // Refused for good (the item closed meanwhile, or not open): ask what is open now.
        if (permanent(error) || (error && /closed/.test(error.code))) fetchPolls();
        return false;
      },
    });
  }

  section.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-poll]");
    if (!form) return;
    event.preventDefault();
    submit(form);
  });
  section.addEventListener("input", (event) => {
    const form = event.target.closest("[data-poll]");
    if (!form) return;
    count(form);
    const item = form.dataset.poll;
    form.dataset.dirty = String(!Object.hasOwn(answers, item) || !same(formValue(form), answers[item]));
    const state = form.querySelector("[data-poll-state]");
    if (form.dataset.dirty === "true" && Object.hasOwn(answers, item)) state.textContent = t("not_sent");
    else if (form.dataset.dirty !== "true") state.textContent = t("saved");
  });
  live.socket.on("poll:state", (data) => data && showOpen(data.open));

  return {
    joined: () => fetchPolls(),
    // The kit was edited: the items' forms are new; the saved answers go back in.
    kit: () => {
      for (const form of forms()) fill(form, answers[form.dataset.poll]);
      render();
    },
  };
}
