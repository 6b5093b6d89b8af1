// The question list is the same for everyone (cached once per change); this marks, in this
// browser, the questions its reader has voted for. Without the script, voting again is simply
// answered "you have voted already".
(() => {
  "use strict";
  const list = document.querySelector("[data-my-votes]");
  if (!list) return;
  const voted = new Set(list.dataset.myVotes.split(" ").filter(Boolean));
  for (const item of list.querySelectorAll("[data-question]")) {
    if (!voted.has(item.dataset.question)) continue;
    const button = item.querySelector(".live-vote");
    if (!button) continue;
    const note = document.createElement("p");
    note.className = "small mb-0";
    note.textContent = list.dataset.votedText;
    button.replaceWith(note);
  }
})();
