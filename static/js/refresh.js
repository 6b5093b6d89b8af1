// Pages that follow what happens by themselves (room screens, the stage, the moderator's page, a
// file being made): every few seconds the part marked `data-refresh="SECONDS"` is fetched again
// and swapped in. When the network drops, the page keeps what it shows, says since when it could
// not update, and tries again: it never turns into a browser error page.
(() => {
  "use strict";
  const part = document.querySelector("[data-refresh]");
  if (!part || part.dataset.refresh === "stop" || !window.fetch || !window.DOMParser) return;
  const seconds = Math.max(2, Number(part.dataset.refresh) || 30);
  const status = document.querySelector("[data-refresh-status]");
  let failingSince = null;

  const busy = () => {
    const active = document.activeElement;
    return active && part.contains(active) && active.matches("input, select, textarea");
  };

  const update = async () => {
    if (busy()) return;
    try {
      const response = await fetch(window.location.href, {
        cache: "no-store",
        credentials: "same-origin",
        headers: { "X-Requested-With": "refresh" },
      });
      if (!response.ok) throw new Error(String(response.status));
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("[data-refresh]");
      if (fresh && fresh.innerHTML !== part.innerHTML) part.innerHTML = fresh.innerHTML;
      if (fresh && fresh.dataset.refresh === "stop") return; // finished: nothing more to follow
      failingSince = null;
      if (status) status.hidden = true;
    } catch (error) {
      failingSince = failingSince || new Date();
      if (status) {
        const time = failingSince.toTimeString().slice(0, 5);
        status.textContent = status.dataset.refreshStatus.replace("{time}", time);
        status.hidden = false;
      }
    }
    window.setTimeout(update, seconds * 1000);
  };
  window.setTimeout(update, seconds * 1000);
})();
