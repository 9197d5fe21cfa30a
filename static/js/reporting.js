// Quarterly reports: ask before a destructive form is sent (CSP forbids inline handlers).
// A form htmx sends asks through its own hx-confirm.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.js-confirm");
  if (!form || (window.htmx && form.hasAttribute("hx-post"))) return;
  if (!window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// A save htmx could not deliver (the network, or an error page): say so in the form, whose
// fields keep what was typed, so the clerk can simply press the button again.
document.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
  if (!form || event.detail.successful) return;
  let notice = form.querySelector("[data-save-failed]");
  if (!notice) {
    notice = document.createElement("div");
    notice.className = "alert alert-danger";
    notice.setAttribute("role", "alert");
    notice.setAttribute("data-save-failed", "");
    notice.textContent = form.dataset.saveFailed || "";
    form.prepend(notice);
  }
});

// The item form tells the server whether it has anything to clear (errors shown, files kept
// from a refused try); a clean form is emptied here after a save, instead of sent again.
document.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt;
  if (!form || form.id !== "item-form") return;
  const clean = !form.querySelector(".is-invalid, .alert-danger, input[name=kept_clippings]");
  event.detail.headers["X-Form-Clean"] = clean ? "1" : "0";
});
document.addEventListener("itemAdded", () => {
  const form = document.getElementById("item-form");
  if (!form) return;
  form.reset();
  const title = form.querySelector("#id_title");
  if (title) title.focus();
});

// Who opens the report at its add form (the answer after a save, "Add an item" at the top)
// came to add: the title takes the focus. A plain visit focuses nothing (the form can be far
// down a phone's page); a refused save focuses its first field in error through autofocus.
function focusAddForm() {
  if (window.location.hash !== "#add-item") return;
  const title = document.querySelector("#item-form #id_title");
  // The browser has scrolled to the card already; focusing must not jump past its header.
  if (title && !document.querySelector("#item-form [autofocus]")) title.focus({ preventScroll: true });
}
// After load: Chrome, scrolling to the address's #fragment, clears a focus given earlier.
window.addEventListener("load", focusAddForm);
window.addEventListener("hashchange", focusAddForm);
