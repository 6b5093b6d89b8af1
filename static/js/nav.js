// On a phone the edition's pages sit in one line that scrolls sideways: bring the current one
// into view (without it, "Participants" could be the page you are on and be out of sight).
(() => {
  "use strict";
  const nav = document.querySelector(".site-header .site-nav");
  const current = nav && nav.querySelector("[aria-current]");
  if (!current || nav.scrollWidth <= nav.clientWidth) return;
  const item = current.closest("li");
  nav.scrollLeft = item.offsetLeft - (nav.clientWidth - item.offsetWidth) / 2;
})();
