// The door page on the staff's phones: read passes with the camera, send each scan or tap as one
// small request, show the answer, keep the counts live. Without this script the page still works
// with its plain forms.
(() => {
  "use strict";
  const SCAN_EVERY_MS = 200;
  const SAME_CODE_PAUSE_MS = 4000;
  const REQUEST_TIMEOUT_MS = 10000;
  const COUNTS_EVERY_MS = 15000;
  let busy = false;

  const newKey = () =>
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID().replace(/-/g, "")
      : Date.now().toString(36) + Math.random().toString(36).slice(2);

  function live() {
    return document.getElementById("door-live");
  }

  function showAnswer(html) {
    const current = live();
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const fresh = holder.querySelector("#door-live");
    if (!fresh) {
      // Not the door's answer (signed out meanwhile: the sign-in page): show the real page.
      window.location.reload();
      return;
    }
    if (!current) return;
    current.replaceWith(fresh);
    // The search box follows the answer: emptied once someone is checked in.
    for (const field of document.querySelectorAll('input[name="q"]')) {
      field.value = fresh.dataset.query;
    }
    const result = document.getElementById("door-result");
    if (result) {
      result.focus();
      if (navigator.vibrate) {
        navigator.vibrate(result.classList.contains("door-green") ? 80 : [80, 60, 80]);
      }
    }
  }

  function showFailure(action, body) {
    const current = live();
    const box = document.createElement("section");
    box.className = "door-result door-red";
    box.id = "door-result";
    box.tabIndex = -1;
    box.setAttribute("role", "alert");
    const text = document.createElement("p");
    text.className = "door-headline";
    text.textContent = current.dataset.failed;
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "btn btn-light btn-lg";
    retry.textContent = current.dataset.retry;
    // The same body, with the same request key: a check-in that did reach the server is found.
    retry.addEventListener("click", () => send(action, body));
    box.append(text, retry);
    const old = document.getElementById("door-result");
    if (old) old.replaceWith(box);
    else current.prepend(box);
    box.focus();
  }

  async function send(action, body) {
    busy = true;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(action, {
        method: "POST",
        body,
        headers: { "X-Door-Fragment": "1" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(String(response.status));
      showAnswer(await response.text());
    } catch (error) {
      showFailure(action, body);
    } finally {
      clearTimeout(timer);
      busy = false;
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("[data-door-form]")) return;
    event.preventDefault();
    const body = new FormData(form);
    body.set("request_key", newKey());
    send(form.action, body);
    if (form.id === "scan-form") form.elements.code.value = "";
  });

  // Counts of the other phones' check-ins, every few seconds while the page is in view.
  setInterval(async () => {
    const current = live();
    if (!current || document.hidden || busy) return;
    try {
      const response = await fetch(current.dataset.countsUrl, { headers: { "X-Door-Fragment": "1" } });
      if (!response.ok) return;
      const holder = document.createElement("div");
      holder.innerHTML = (await response.text()).trim();
      const fresh = holder.querySelector("#door-counts");
      const counts = document.getElementById("door-counts");
      if (fresh && counts) counts.replaceWith(fresh);
    } catch (error) {
      // The next round tries again; a failed count changes nothing that was recorded.
    }
  }, COUNTS_EVERY_MS);

  // The camera: the browser's own barcode reader where it has one, else jsQR (served by us).
  async function makeReader(video) {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return async () => {
            const codes = await detector.detect(video);
            return codes.length ? codes[0].rawValue : null;
          };
        }
      } catch (error) {
        // Fall through to jsQR.
      }
    }
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return async () => {
      if (!video.videoWidth || typeof window.jsQR !== "function") return null;
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      return code ? code.data : null;
    };
  }

  function setUpCamera() {
    const start = document.getElementById("scan-start");
    const video = document.getElementById("scan-video");
    const error = document.getElementById("scan-error");
    const form = document.getElementById("scan-form");
    if (!start || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    const startLabel = start.textContent;
    let stream = null;
    let timer = null;
    let last = { code: "", at: 0 };

    function stop() {
      clearInterval(timer);
      if (stream) stream.getTracks().forEach((track) => track.stop());
      stream = null;
      video.hidden = true;
      start.textContent = startLabel;
    }

    start.hidden = false;
    start.addEventListener("click", async () => {
      if (stream) return stop();
      error.hidden = true;
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
      } catch (failure) {
        error.textContent = error.dataset.denied;
        error.hidden = false;
        return;
      }
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      start.textContent = start.dataset.stopLabel;
      const read = await makeReader(video);
      timer = setInterval(async () => {
        if (busy) return;
        let code = null;
        try {
          code = await read();
        } catch (failure) {
          return;
        }
        const now = Date.now();
        if (!code || (code === last.code && now - last.at < SAME_CODE_PAUSE_MS)) return;
        last = { code, at: now };
        form.elements.code.value = code;
        form.requestSubmit();
      }, SCAN_EVERY_MS);
    });
  }

  document.addEventListener("DOMContentLoaded", setUpCamera);
})();
