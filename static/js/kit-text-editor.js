// The kit as plain text: a textarea with a gutter of line numbers kept in step with it (lines
// do not wrap, so one line of text is one number), the server's check of the text as it is
// typed (debounced), its messages listed with their line numbers (choosing one puts the caret
// on that line), and a Save button. No editor library: a textarea is what every screen reader
// and every browser already knows how to edit.
import { element } from "./live.js";

const CHECK_DELAY_MS = 500;

// Where line `line` (1-based) starts and ends in `text`.
export function lineRange(text, line) {
  let start = 0;
  for (let n = 1; n < line; n += 1) {
    const next = text.indexOf("\n", start);
    if (next < 0) return { start: text.length, end: text.length };
    start = next + 1;
  }
  const end = text.indexOf("\n", start);
  return { start, end: end < 0 ? text.length : end };
}

// `say(key, params)` gives the translated strings; `check(text, then)` asks the server for the
// messages of `text` and calls `then(errors)`; `save(text)` stores it.
export function textEditor(container, { say, check, save }) {
  const area = container.querySelector("[data-kit-textarea]");
  const gutter = container.querySelector("[data-kit-gutter]");
  const list = container.querySelector("[data-kit-messages]");
  const status = container.querySelector("[data-kit-check-status]");
  const saveButton = container.querySelector("[data-kit-save-text]");
  let stored = ""; // the text as it is stored on the server
  let errors = [];
  let timer = null;
  let asked = 0;

  function renderGutter() {
    const lines = area.value.split("\n").length;
    const marked = new Set(errors.map((error) => error.line));
    const numbers = [];
    // A marked line says so in text (“!”), not by colour alone.
    for (let n = 1; n <= lines; n += 1) numbers.push(marked.has(n) ? `! ${n}` : String(n));
    gutter.textContent = `${numbers.join("\n")}\n`;
    gutter.scrollTop = area.scrollTop;
  }

  function goToLine(line) {
    const { start, end } = lineRange(area.value, line);
    area.focus();
    area.setSelectionRange(start, end);
    const height = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (line - 3) * height);
    gutter.scrollTop = area.scrollTop;
  }

  function renderErrors(found) {
    errors = found;
    status.textContent = found.length ? say("errors_n", { count: found.length }) : say("no_errors");
    list.replaceChildren(...found.map((error) => {
      const button = element("button", { type: "button", className: "kit-message",
        textContent: say("line_n", { line: error.line, message: error.message }) });
      button.addEventListener("click", () => goToLine(error.line));
      return element("li", {}, button);
    }));
    area.setAttribute("aria-invalid", String(found.length > 0));
    renderGutter();
  }

  function checkNow() {
    timer = null;
    const text = area.value;
    const mine = ++asked;
    status.textContent = say("checking");
    check(text, (found) => {
      if (mine === asked) renderErrors(found);
    });
  }

  area.addEventListener("input", () => {
    renderGutter();
    clearTimeout(timer);
    timer = setTimeout(checkNow, CHECK_DELAY_MS);
  });
  area.addEventListener("scroll", () => { gutter.scrollTop = area.scrollTop; });
  saveButton.addEventListener("click", () => {
    if (errors.length) {
      status.textContent = say("fix_first");
      return;
    }
    save(area.value);
  });

  return {
    // Show the stored text (what the user typed is dropped: the caller keeps it if needed).
    load(text) {
      stored = text;
      area.value = text;
      clearTimeout(timer);
      asked += 1;
      renderErrors([]);
    },
    dirty: () => area.value !== stored,
    value: () => area.value,
    showErrors: renderErrors,
    goToLine,
    area,
  };
}
