// The big screen's vote mode: the items of the vote across groups, each with a bar as long as
// its votes against the most voted item, building up as vote:results arrive (coalesced), and
// frozen once the vote closes. Titles are inserted as text, never as markup.
import { element, newer } from "./live.js";

const strings = JSON.parse(document.getElementById("i18n-vote-screen")?.textContent || "{}");

function t(key, params = {}) {
  return strings[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

export function voteSlide(root) {
  const slide = root.querySelector("[data-vote-slide]");
  const area = slide.querySelector("[data-vote-result]");
  let shown = null; // the results on screen

  function draw(result, title) {
    slide.querySelector("[data-vote-kind]").textContent = t("kind");
    slide.querySelector("[data-vote-title]").textContent = title || "";
    const summary = slide.querySelector("[data-vote-summary]");
    if (!result || !result.opened) {
      summary.textContent = t("not_open");
      area.replaceChildren();
      return;
    }
    summary.textContent = `${result.open ? t("open_now", { allowed: result.allowed })
      : t("closed")} · ${t("voters", { voters: result.voters })}`;
    slide.dataset.open = String(result.open);
    const top = Math.max(1, ...result.items.map((item) => item.votes));
    area.replaceChildren(element("ol", { className: "poll-bars" }, ...result.items.map((item) => {
      const fill = element("div", { className: "poll-bar-fill" });
      fill.style.setProperty("--share", String((100 * item.votes) / top));
      return element("li", { className: "poll-bar" },
        element("p", { className: "poll-bar-text" }, element("span", { textContent: item.title }),
          element("span", { className: "poll-bar-figure",
            textContent: t(item.votes === 1 ? "votes_one" : "votes_n", { n: item.votes }) })),
        element("div", { className: "poll-bar-track" }, fill));
    })));
  }

  return {
    slide,
    render(display) {
      const result = display.vote;
      if (result && (!shown || shown.question !== result.question || newer(result, shown))) {
        shown = result;
      }
      draw(shown && shown.question === display.question ? shown : result, display.title);
    },
    results(result, display) {
      if (!result || !display || display.mode !== "vote" || result.question !== display.question) {
        return;
      }
      if (shown && shown.question === result.question && !newer(result, shown)) return;
      shown = result;
      draw(shown, display.title);
    },
    forget() {
      shown = null;
    },
  };
}
