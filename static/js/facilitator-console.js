// The console's frame: one task shown at a time (kept in the address as #task-NAME, and
// remembered for this seminar), keyboard shortcuts that click the console's own buttons, the
// focus kept on a control when the one it was on disables or hides itself, and the text of
// what the big screen shows beside its live preview.

const TASK_HASH = /^#task-([a-z]+)$/;

// Alt+Shift+key, never a single key: screen readers use single letters to move through a
// page, WCAG 2.1.4 asks for a way to turn single-key shortcuts off, and Ctrl+Alt is AltGr on a
// Norwegian keyboard. P, G and V are free in Chrome, Firefox and ChromeOS (which take
// Alt+Shift+A, B, I, L, M, N, S and T). `code` is the key's place, so macOS's Option+Shift
// characters do not matter.
const SHORTCUTS = {
  KeyP: () => clickFirst("[data-action=pause]", "[data-action=resume]", "[data-action=start]"),
  KeyG: () => clickFirst("[data-action=next]"),
  KeyV: () => clickFirst("[data-display-page-next]"),
};

// Where the focus goes when the control it is on disables or hides itself.
const COUNTERPARTS = [
  ["[data-action=start]", "[data-action=pause], [data-action=resume]"],
  ["[data-action=pause]", "[data-action=resume], [data-action=start]"],
  ["[data-action=resume]", "[data-action=pause], [data-action=start]"],
  ["[data-action=next]", "[data-action=start], [data-action=pause], [data-action=resume]"],
  ["[data-action=previous]", "[data-action=next], [data-action=start]"],
  ["[data-go-to]", "[data-action=start], [data-action=pause], [data-action=resume]"],
];

function usable(element) {
  return Boolean(element) && element.isConnected && !element.disabled
    && !element.closest("[hidden], [inert]") && element.getClientRects().length > 0;
}

// A shortcut's button may sit in a task that is not shown (the big screen's "next page" in the
// plenary task): it still works, unless the button itself is hidden or disabled.
function clickable(element) {
  return Boolean(element) && element.isConnected && !element.disabled
    && !element.closest("[hidden]:not([data-task]), [inert]");
}

function clickFirst(...selectors) {
  for (const selector of selectors) {
    const button = document.querySelector(selector);
    if (clickable(button)) {
      button.click();
      return true;
    }
  }
  return false;
}

function typing(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable || target.closest("textarea, select")) return true;
  const input = target.closest("input");
  return Boolean(input) && !["checkbox", "radio", "button", "submit", "reset"].includes(input.type);
}

// The banner that says the server's disk refuses writes: shown from the join answer and every
// `storage:state` until writes work again.
export function storageBanner(socket) {
  const banner = document.querySelector("[data-storage-banner]");
  const show = (state) => {
    if (banner && state) banner.hidden = state.ok !== false;
  };
  socket.on("storage:state", show);
  return { joined: (ack) => show(ack.storage) };
}

export function consoleFrame(root) {
  const tasks = [...root.querySelectorAll("[data-task]")];
  const links = [...root.querySelectorAll("[data-task-link]")];
  const storageKey = `console-task:${root.dataset.code}`;

  function heading(task) {
    const title = task.querySelector("h2");
    if (title && !title.hasAttribute("tabindex")) title.tabIndex = -1;
    return title || task;
  }

  function showTask(name, { focus = false } = {}) {
    const task = tasks.find((candidate) => candidate.dataset.task === name) || tasks[0];
    for (const candidate of tasks) candidate.hidden = candidate !== task;
    for (const link of links) {
      if (link.dataset.taskLink === task.dataset.task) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    try {
      localStorage.setItem(storageKey, task.dataset.task);
    } catch {
      // Private windows may refuse storage; the address still says which task it is.
    }
    if (focus) {
      window.scrollTo(0, 0);
      heading(task).focus({ preventScroll: true });
    }
    return task;
  }

  function taskInHash() {
    const match = TASK_HASH.exec(window.location.hash);
    return match && tasks.some((task) => task.dataset.task === match[1]) ? match[1] : null;
  }

  window.addEventListener("hashchange", () => {
    const name = taskInHash();
    if (name) return showTask(name, { focus: true });
    // A link to something inside a task (or the skip link to the main content).
    const target = window.location.hash.length > 1
      && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    const task = target && target.closest("[data-task]");
    if (task) showTask(task.dataset.task);
  });
  let remembered = null;
  try {
    remembered = localStorage.getItem(storageKey);
  } catch {
    remembered = null;
  }
  showTask(taskInHash() || remembered);

  // Shortcuts.
  const pageRows = root.querySelectorAll("[data-shortcut-page]");
  for (const row of pageRows) row.hidden = !document.querySelector("[data-display-page-next]");
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    const action = SHORTCUTS[event.code];
    if (!action || typing(event.target)) return;
    event.preventDefault();
    if (!event.repeat) action();
  });

  // Focus: never left on the page body when a control disables, hides or removes itself.
  let last = null;
  let lastTask = null;
  document.addEventListener("focusin", (event) => {
    last = event.target;
    lastTask = last.closest ? last.closest("[data-task]") : null;
  });
  document.addEventListener("mousedown", (event) => {
    // A click on something that takes no focus: the person has moved on.
    if (!(event.target instanceof Element) || !event.target.closest(
      "a, button, input, select, textarea, summary, [tabindex]")) last = null;
  });
  function rescue() {
    if (!last || usable(last)) return;
    const active = document.activeElement;
    const dropped = !active || active === last || active === document.body
      || active === document.documentElement;
    if (!dropped) return; // the person has moved the focus on themselves
    const lost = last;
    const counterpart = COUNTERPARTS.find(([selector]) => lost.matches?.(selector));
    const candidates = counterpart ? [...document.querySelectorAll(counterpart[1])] : [];
    const target = candidates.find(usable)
      || (lastTask && !lastTask.hidden ? heading(lastTask) : null)
      || document.getElementById("main");
    if (target) target.focus({ preventScroll: true });
  }
  new MutationObserver(rescue).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["disabled", "hidden"],
  });

  // The words beside the preview: what the plenary panel says the big screen shows.
  const mode = root.querySelector("[data-preview-mode]");
  const source = root.querySelector("[data-display-now]");
  if (mode && source) {
    const copy = () => {
      const text = source.textContent.trim();
      if (text && mode.textContent !== text) mode.textContent = text;
    };
    new MutationObserver(copy).observe(source, { childList: true, characterData: true,
      subtree: true });
    copy();
  }

  // The tasks fill the screen below the bar: its height is measured, not guessed.
  // What stands above the bar (the language switch, the title bar) is measured too.
  const bar = root.querySelector("[data-console-bar]");
  const main = document.getElementById("main");
  if (bar && main && "ResizeObserver" in window) {
    const measure = () => {
      const style = document.documentElement.style;
      style.setProperty("--bar-height", `${bar.offsetHeight}px`);
      style.setProperty("--topbar-height", `${main.offsetTop}px`);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(bar);
    for (const above of document.querySelectorAll("body > :not(main, script)")) {
      observer.observe(above);
    }
  }

  return { showTask };
}
