// "My agenda" for visitors: a star on each session, kept in this browser (localStorage), and a
// button that shows only the starred ones. The agenda reads the same without this script.
(() => {
  "use strict";
  function setUp() {
    const bar = document.getElementById("my-agenda-bar");
    const sessions = document.querySelectorAll("li.session[data-session]");
    if (!bar || !sessions.length) return;
    const key = "cmr-my-agenda:" + bar.dataset.edition;
    let starred;
    try {
      starred = new Set(JSON.parse(localStorage.getItem(key) || "[]"));
    } catch (error) {
      return; // storage refused (private mode): the agenda stays as it is
    }
    const only = document.getElementById("my-agenda-only");
    const count = document.getElementById("my-agenda-count");

    function save() {
      localStorage.setItem(key, JSON.stringify([...starred]));
      count.textContent = String(starred.size);
    }

    function showOnlyStarred(on) {
      only.setAttribute("aria-pressed", String(on));
      sessions.forEach((item) => {
        item.hidden = on && !starred.has(item.dataset.session);
      });
      document.querySelectorAll(".agenda-day").forEach((day) => {
        day.hidden = on && !day.querySelector("li.session:not([hidden])");
      });
    }

    function paint(button, item) {
      const on = starred.has(item.dataset.session);
      button.setAttribute("aria-pressed", String(on));
      button.classList.toggle("btn-primary", on);
      button.classList.toggle("btn-outline-primary", !on);
      button.querySelector(".star-sign").textContent = on ? "★" : "☆";
      button.querySelector(".star-label").textContent = on ? bar.dataset.added : bar.dataset.add;
    }

    sessions.forEach((item) => {
      const title = item.querySelector(".session-title");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm star-button";
      button.innerHTML =
        '<span class="star-sign" aria-hidden="true"></span> <span class="star-label"></span>' +
        '<span class="visually-hidden"></span>';
      button.querySelector(".visually-hidden").textContent = ": " + title.textContent.trim();
      paint(button, item);
      button.addEventListener("click", () => {
        const slug = item.dataset.session;
        if (starred.has(slug)) starred.delete(slug);
        else starred.add(slug);
        save();
        paint(button, item);
        if (only.getAttribute("aria-pressed") === "true") showOnlyStarred(true);
      });
      title.after(button);
    });
    only.addEventListener("click", () => showOnlyStarred(only.getAttribute("aria-pressed") !== "true"));
    bar.hidden = false;
    save();
  }
  document.addEventListener("DOMContentLoaded", setUp);
})();
