// Quarterly reports: ask before a destructive form is sent (CSP forbids inline handlers).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.js-confirm");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
