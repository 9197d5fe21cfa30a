// Document page: while the PDF is being made, ask for its status and reload when it is ready.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-status-url]");
  if (!box) return;
  var state = box.getAttribute("data-status");
  if (state !== "pending" && state !== "running") return;
  var url = box.getAttribute("data-status-url");
  var delay = 1000;
  function poll() {
    // Passive: polling is not the person's activity (portal.sessions, the idle timeout).
    fetch(url, {
      headers: { Accept: "application/json", "X-Session-Passive": "1" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var progress = box.querySelector("[data-testid=progress]");
        if (progress && data.label) progress.textContent = data.label;
        if (data.ready || data.status === "failed") {
          window.location.reload();
        } else {
          delay = Math.min(delay * 1.5, 5000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, delay);
});
