// Moving a block of the kit editor by dragging its handle (HTML5 drag and drop): a line shows
// where it will land (above or below the block under the pointer, said by a text marker too,
// not by colour alone), and dropping asks for the move. The keyboard has the Move up / Move
// down buttons and Alt+Arrow keys (facilitator-kit.js); this is the pointer's way.

const TYPE = "application/x-kit-block";

// Where a block dragged from `from` lands when dropped before (`after` false) or after block
// `target`, as its index once it is out of its old place.
export function dropIndex(from, target, after) {
  const place = after ? target + 1 : target;
  return from < place ? place - 1 : place;
}

export function blockReordering(list, { move }) {
  let from = null;

  function clear() {
    for (const node of list.querySelectorAll("[data-kit-drop]")) {
      node.removeAttribute("data-kit-drop");
    }
  }

  function over(event) {
    const card = event.target.closest?.("[data-kit-block]");
    if (!card || from === null) return null;
    const box = card.getBoundingClientRect();
    return { card, target: Number(card.dataset.kitBlock),
      after: event.clientY > box.top + box.height / 2 };
  }

  list.addEventListener("dragstart", (event) => {
    const handle = event.target.closest?.("[data-kit-handle]");
    if (!handle) return;
    from = Number(handle.dataset.kitHandle);
    const card = handle.closest("[data-kit-block]");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData(TYPE, String(from));
    event.dataTransfer.setData("text/plain", card.querySelector("h4")?.textContent || "");
    if (card && event.dataTransfer.setDragImage) event.dataTransfer.setDragImage(card, 16, 16);
    card.dataset.kitDragging = "";
  });
  list.addEventListener("dragover", (event) => {
    const place = over(event);
    if (!place) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clear();
    place.card.dataset.kitDrop = place.after ? "after" : "before";
  });
  list.addEventListener("dragleave", (event) => {
    if (!list.contains(event.relatedTarget)) clear();
  });
  list.addEventListener("drop", (event) => {
    const place = over(event);
    clear();
    if (!place) return;
    event.preventDefault();
    const to = dropIndex(from, place.target, place.after);
    const source = from;
    from = null;
    if (to !== source) move(source, to);
  });
  list.addEventListener("dragend", () => {
    clear();
    for (const node of list.querySelectorAll("[data-kit-dragging]")) {
      node.removeAttribute("data-kit-dragging");
    }
    from = null;
  });
}
