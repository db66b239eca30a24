// The big screen: read-only; everything it shows comes from the shared live view, plus how
// many have joined.
import { connectSeminar, t } from "./live.js";

const root = document.querySelector("[data-live]");
const joined = root.querySelector("[data-joined]");

function showJoined(groups) {
  const people = groups.groups.reduce((sum, g) => sum + g.members.length, 0)
    + groups.without_group;
  joined.textContent = t("groups_summary", { people, groups: groups.groups.length });
}

const live = connectSeminar(root, { onJoin: (ack) => showJoined(ack.groups) });
live.socket.on("groups:state", showJoined);
