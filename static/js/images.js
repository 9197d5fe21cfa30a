// An image whose file cannot be had (gone from storage: the server answers 404) would show
// the browser's broken-image icon. An <img data-fallback="..."> is replaced by a muted box
// with that text, translated in the template; plain text, so screen readers read it too.
// The CSP forbids onerror attributes; error events do not bubble, so listen in capture.
(() => {
  function replace(img) {
    const box = document.createElement("span");
    box.className =
      "portal-img-fallback d-inline-flex align-items-center justify-content-center gap-1 " +
      "border rounded bg-light text-muted small p-3";
    box.dataset.testid = "image-fallback";
    const icon = document.createElement("i");
    icon.className = "bi bi-image";
    icon.setAttribute("aria-hidden", "true");
    box.append(icon, document.createTextNode(img.dataset.fallback || img.alt));
    img.replaceWith(box);
  }

  document.addEventListener(
    "error",
    (event) => {
      const img = event.target;
      if (img instanceof HTMLImageElement && img.hasAttribute("data-fallback")) replace(img);
    },
    true,
  );
  // Those that failed before this script ran (it loads at the end of the page).
  for (const img of document.querySelectorAll("img[data-fallback]")) {
    if (img.complete && img.naturalWidth === 0) replace(img);
  }
})();
