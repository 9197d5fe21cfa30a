// Idle warning: shortly before a session would end for want of activity, say so and offer to
// stay signed in. The server keeps the time (portal.sessions); this page only asks it, with the
// X-Session-Passive header so that asking does not count as activity. Another tab's activity
// moves the end, which the page learns when it asks.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("session-warning");
  if (!box) return;
  var warn = Number(box.getAttribute("data-warn")) * 1000;
  var statusUrl = box.getAttribute("data-status-url");
  var pingUrl = box.getAttribute("data-ping-url");
  var loginUrl = box.getAttribute("data-login-url");
  var template = box.getAttribute("data-message");
  var text = box.querySelector("[data-session-message]");
  var button = box.querySelector("button");
  var endsAt = Date.now() + Number(box.getAttribute("data-remaining")) * 1000;
  var timer = null;

  function later(fn, ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(fn, Math.max(0, ms));
  }

  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function signedOut() {
    // The session has ended: the sign-in page says why, then brings the person back here.
    var here = window.location.pathname + window.location.search;
    window.location.assign(loginUrl + "?next=" + encodeURIComponent(here));
  }

  function learn(response) {
    if (response.status === 401) { signedOut(); return; }
    return response.json().then(function (data) {
      endsAt = Date.now() + data.remaining * 1000;
      if (endsAt - Date.now() > warn) {
        box.hidden = true;
        later(check, endsAt - Date.now() - warn);
      } else {
        show();
      }
    });
  }

  function check() {
    fetch(statusUrl, {
      headers: { Accept: "application/json", "X-Session-Passive": "1" },
      credentials: "same-origin",
    }).then(learn).catch(function () { later(check, 10000); });
  }

  function show() {
    if (box.hidden) {
      box.hidden = false;
      tick();
      button.focus();
    } else {
      tick();
    }
  }

  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    text.textContent = template.replace("{time}", format(left));
    if (left <= 0) later(check, 1000);
    else later(tick, 1000);
  }

  button.addEventListener("click", function () {
    fetch(pingUrl, {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRFToken": box.getAttribute("data-csrf") },
      credentials: "same-origin",
    }).then(learn).catch(function () { later(check, 10000); });
  });

  later(check, endsAt - Date.now() - warn);
});
