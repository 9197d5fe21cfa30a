// Quarterly reports: ask before a destructive form is sent (CSP forbids inline handlers).
// A form htmx sends asks through its own hx-confirm.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.js-confirm");
  if (!form || (window.htmx && form.hasAttribute("hx-post"))) return;
  if (!window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
