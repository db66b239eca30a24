// The big screen: read-only; everything it shows comes from the shared live view, plus how
// many have joined.
import { connectSeminar, t } from "./live.js";

const root = document.querySelector("[data-live]");
const joined = root.querySelector("[data-joined]");
const sizes = root.querySelector("[data-group-sizes]");
let latest = null;

function showJoined(groups) {
  if (latest && groups.version < latest.version) return;
  latest = groups;
  joined.textContent = t("groups_summary", { people: groups.joined, groups: groups.groups.length });
  sizes.textContent = groups.groups.map((group) => `${group.name} (${group.size})`).join(" · ");
}

const live = connectSeminar(root, {
  onJoin: (ack) => {
    latest = null;
    showJoined(ack.groups);
  },
});
live.socket.on("groups:state", showJoined);
