// The day planned against the clock (a kit with clock times): how far the forecast is off the
// published times, in the schedule line, and when it is five minutes or more, what to do about
// it: move the rest of today's clock times by the shift (kit:edit with `times.shift`; the big
// screen and the phones then show the new times), or keep the published ones (the offer goes,
// the schedule line keeps saying how far off the day is). The shift is the server's
// (seminar/domain/replanning.py, in the programme state): here it only moves on with the clock
// between two states.
import { formatTimeOfDay, t } from "./live.js";

const NOTICE_MINUTES = 5; // NOTICE_MINUTES in seminar/domain/replanning.py

// The state's shift at `serverNow`: once the forecast no longer holds (the block runs over, the
// start is late) every minute that passes is a minute more.
export function clockShiftNow(state, serverNow) {
  const shift = state && state.clock_shift;
  if (!shift) return null;
  const moved = Math.max(0, serverNow - Math.max(shift.steady_until_ms, state.server_time));
  const forecast = shift.forecast_end_ms + moved;
  return { ...shift, forecast_ms: forecast,
    minutes: Math.round((forecast - shift.published_end_ms) / 60000) };
}

function drift(minutes) {
  return minutes > 0 ? t("shift_behind", { minutes })
    : minutes < 0 ? t("shift_ahead", { minutes: -minutes }) : t("shift_on_time");
}

// The offer under the schedule line; `render(state)` returns the schedule line for a day with
// clock times (null without them: the line is then the day measured against itself).
export function replanOffer(root, live) {
  const box = root.querySelector("[data-replan]");
  const text = box.querySelector("[data-replan-text]");
  const move = box.querySelector("[data-replan-move]");
  const feedback = root.querySelector("[data-feedback]");
  const storageKey = `replan-kept:${root.dataset.code}`;
  let kept = null; // {day, minutes}: the facilitator keeps the published times at this shift
  try {
    kept = JSON.parse(localStorage.getItem(storageKey) || "null");
  } catch {
    kept = null;
  }
  let offered = null;

  function render(state) {
    const shift = clockShiftNow(state, live.clock.now());
    if (!shift) {
      box.hidden = true;
      offered = null;
      return null;
    }
    // Kept: not offered again until the day has moved another five minutes off.
    const keptHere = kept && kept.day === shift.day
      && Math.abs(shift.minutes - kept.minutes) < NOTICE_MINUTES;
    const offer = Math.abs(shift.minutes) >= NOTICE_MINUTES && !keptHere;
    box.hidden = !offer;
    offered = offer ? shift : null;
    if (offer && text.textContent !== drift(shift.minutes)) text.textContent = drift(shift.minutes);
    // While offered, the offer says how far off the day is; the line does not say it again.
    const line = `${t("published_end")} ${formatTimeOfDay(shift.published_end_ms)} · `
      + `${t("forecast_end")} ${formatTimeOfDay(shift.forecast_ms)}`;
    return offer ? line : `${line} · ${drift(shift.minutes)}`;
  }

  move.addEventListener("click", () => {
    const state = live.latest();
    if (!offered || !state) return;
    const { minutes } = offered;
    live.send("kit:edit", { version: state.kit_version,
      ops: [{ op: "times.shift", from: offered.from, minutes }] },
    { feedback, busy: move, success: t("shift_moved", { minutes }) });
  });
  box.querySelector("[data-replan-keep]").addEventListener("click", () => {
    if (!offered) return;
    kept = { day: offered.day, minutes: offered.minutes };
    try {
      localStorage.setItem(storageKey, JSON.stringify(kept));
    } catch {
      // A private window may refuse storage: kept for this page only.
    }
    render(live.latest());
  });

  return { render };
}
