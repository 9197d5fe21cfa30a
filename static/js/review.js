// Review page: a checkbox in the items table's header ticks or clears every item.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-check-all]").forEach(function (master) {
    var name = master.getAttribute("data-check-all");
    master.addEventListener("change", function () {
      document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
        box.checked = master.checked;
      });
    });
  });
});
