// A participant's phone: the seminar, the current block and the same countdown as the hall,
// and the phone's group with its roles.
import { connectSeminar } from "./live.js";
import { groupPanel } from "./participant-group.js";

const root = document.querySelector("[data-live]");
let panel = null;
const live = connectSeminar(root, { onJoin: (ack) => panel && panel.joined(ack) });
panel = groupPanel(root, live);
