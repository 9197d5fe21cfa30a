// A table wider than the screen scrolls sideways inside .table-responsive. With nothing in it
// to Tab to, a keyboard user could not reach it to scroll it (WCAG 2.1.1; axe-core's rule
// scrollable-region-focusable): such a wrapper becomes a focusable region, named by the
// table's caption or the heading above it (else by the translated data-table-label on this
// script's tag). Done here for every table rather than in each template; checked again when
// the window changes size (a phone turned) and after htmx swaps content in.
(() => {
  const fallback = document.currentScript.dataset.tableLabel || "";
  const FOCUSABLE =
    "a[href], button, input:not([type=hidden]), select, textarea, summary, " +
    "[tabindex]:not([tabindex='-1']), [contenteditable='true']";
  const HEADING = "h1, h2, h3, h4, h5, h6, .card-header";

  const text = (el) => el.textContent.replace(/\s+/g, " ").trim();

  // The nearest heading before the wrapper in the page's order.
  function headingBefore(wrapper) {
    for (let el = wrapper; el && el !== document.body; el = el.parentElement) {
      for (let sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (sib.matches(HEADING)) return sib;
        const inside = sib.querySelectorAll(HEADING);
        if (inside.length) return inside[inside.length - 1];
      }
    }
    return null;
  }

  function nameOf(wrapper) {
    const table = wrapper.querySelector("table");
    if (table && table.caption && text(table.caption)) return text(table.caption);
    if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    const heading = headingBefore(wrapper);
    return (heading && text(heading)) || fallback;
  }

  function reachable(wrapper) {
    return [...wrapper.querySelectorAll(FOCUSABLE)].some(
      (el) => !el.disabled && el.getClientRects().length > 0,
    );
  }

  function mark(wrapper) {
    const ours = wrapper.hasAttribute("data-scroll-region");
    if (!ours && wrapper.hasAttribute("tabindex")) return; // the template made it reachable
    const needed = wrapper.scrollWidth > wrapper.clientWidth && !reachable(wrapper);
    if (needed && !ours) {
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", nameOf(wrapper));
      wrapper.setAttribute("data-scroll-region", "");
    } else if (!needed && ours) {
      for (const name of ["tabindex", "role", "aria-label", "data-scroll-region"]) {
        wrapper.removeAttribute(name);
      }
    }
  }

  // A chart that keeps its natural size on a phone (.portal-scroll-x) scrolls the same way.
  const markAll = () =>
    document.querySelectorAll(".table-responsive, .portal-scroll-x").forEach(mark);
  markAll();
  window.addEventListener("load", markAll); // widths settle once fonts and images are in
  let frame = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(markAll);
  });
  document.addEventListener("htmx:afterSettle", markAll);
})();
