// The big screen's questions to the panel (display mode `panel`): the pinned question very
// large, or the top five (visible, not answered) with their votes, most first. What the big
// screen shows comes as the projector's own panel:state view (coalesced by the server); a long
// question is never cut off: the type is made smaller, step by step, until all of it fits,
// never below the big screen's smallest. Every text is inserted as text, never as markup.
import { element, newer } from "./live.js";

const strings = JSON.parse(document.getElementById("i18n-panel-screen")?.textContent || "{}");

function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

function votes(count) {
  return t(count === 1 ? "votes_one" : "votes", { count });
}

// `least`: the smallest --fit the type may get (the big screen's smallest type as a share of
// this mode's largest).
export function panelSlide(root, { send, draw, least }) {
  const slide = root.querySelector("[data-panel-slide]");
  const area = slide.querySelector("[data-panel-area]");
  let view = null;
  let asked = false;

  function take(state) {
    if (!state || state.audience !== "projector" || !newer(state, view)) return false;
    view = state;
    return true;
  }

  function fetch() {
    asked = true;
    send("panel:fetch", { view: "projector" }, {
      then: (ack) => { if (take(ack.panel)) draw(); },
      failed: () => { asked = false; },
    });
  }

  // Smaller, step by step (through --fit, which the type of `node` and all in it is multiplied
  // by), until `node` fits the area, never below `floor`.
  function fit(node, floor) {
    node.style.removeProperty("--fit");
    const over = () => area.scrollHeight > area.clientHeight + 0.5;
    for (let f = 0.95; over() && f >= floor - 1e-6; f -= 0.05) {
      node.style.setProperty("--fit", Math.max(floor, f).toFixed(2));
    }
  }

  function render() {
    const title = slide.querySelector("[data-panel-title]");
    if (!view) {
      if (!asked) fetch();
      title.textContent = "";
      area.replaceChildren();
      return;
    }
    const pinned = view.pinned;
    slide.dataset.pinned = String(Boolean(pinned));
    if (pinned) {
      title.textContent = t("pinned");
      const node = element("div", { className: "panel-pinned-box" },
        element("p", { className: "panel-pinned", textContent: pinned.text }),
        element("p", { className: "panel-pinned-name" },
          pinned.name ? `${pinned.name} · ` : "",
          element("span", { className: "panel-pinned-votes", textContent: votes(pinned.votes) })));
      area.replaceChildren(node);
      fit(node, least.pinned);
      return;
    }
    title.textContent = t("title");
    const questions = view.questions || [];
    if (!questions.length) {
      area.replaceChildren(element("p", { className: "panel-empty", textContent: t("none") }));
      return;
    }
    const list = element("ol", { className: "panel-top" }, ...questions.map((q) => {
      const li = element("li", { className: "panel-top-item" },
        element("span", { className: "panel-top-votes", textContent: String(q.votes) }),
        element("span", { className: "panel-top-text", textContent: q.text },
          q.name ? element("span", { className: "panel-top-name", textContent: q.name }) : ""));
      li.dataset.panelQuestion = String(q.id);
      return li;
    }));
    area.replaceChildren(list);
    fit(list, least.list);
    // Even the smallest type is too tall for all of them (five long questions on a small
    // screen): the last ones give way rather than any being cut off.
    while (list.children.length > 1 && area.scrollHeight > area.clientHeight + 0.5) {
      list.lastElementChild.remove();
    }
  }

  return {
    slide,
    render,
    // The projector's view of the panel: drawn (once per frame) when the panel is on screen.
    state: (state, display) => {
      if (take(state) && display && display.mode === "panel") draw();
    },
    // After a (re)join what is kept may be stale: fetched again when next shown.
    forget: () => {
      view = null;
      asked = false;
    },
  };
}
