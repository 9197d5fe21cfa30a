// The items grid: rows pasted from Excel fill the cells from the one pasted into, adding
// rows as needed; "Add 10 rows" adds them here; Enter moves down a row as in a sheet.
// Without JavaScript the form still works: the server adds rows and checks every cell.
(function () {
  "use strict";
  var form = document.querySelector("[data-testid=item-grid]");
  if (!form) return;
  var body = form.querySelector("[data-grid-body]");
  var count = form.querySelector("[data-grid-rows]");
  var template = form.querySelector("[data-grid-template]");
  var maxRows = parseInt(form.getAttribute("data-max-rows"), 10);

  function rows() {
    return body.querySelectorAll("tr");
  }

  function addRow() {
    var index = rows().length;
    if (index >= maxRows) return false;
    var html = template.innerHTML.split("__i__").join(String(index)).split("__n__").join(String(index + 1));
    body.insertAdjacentHTML("beforeend", html);
    count.value = String(index + 1);
    return true;
  }

  // Tab-separated text as Excel copies it: quoted cells may hold tabs, newlines and "".
  function parseSheet(text) {
    var table = [[]], cell = "", quoted = false, i = 0;
    text = text.replace(/\r\n?/g, "\n");
    while (i < text.length) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (ch === '"') { quoted = false; i += 1; continue; }
        cell += ch; i += 1; continue;
      }
      if (ch === '"' && cell === "") { quoted = true; i += 1; continue; }
      if (ch === "\t") { table[table.length - 1].push(cell); cell = ""; i += 1; continue; }
      if (ch === "\n") { table[table.length - 1].push(cell); cell = ""; table.push([]); i += 1; continue; }
      cell += ch; i += 1;
    }
    table[table.length - 1].push(cell);
    if (table.length > 1 && table[table.length - 1].join("") === "") table.pop();
    return table;
  }

  function position(input) {
    var row = input.closest("tr");
    var cells = Array.prototype.slice.call(row.querySelectorAll("input"));
    return { row: Array.prototype.indexOf.call(rows(), row), column: cells.indexOf(input) };
  }

  form.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-field]")) return;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (text.indexOf("\t") === -1 && text.indexOf("\n") === -1) return; // one cell: as usual
    event.preventDefault();
    var start = position(input), table = parseSheet(text);
    for (var r = 0; r < table.length; r++) {
      while (start.row + r >= rows().length) {
        if (!addRow()) return;
      }
      var inputs = rows()[start.row + r].querySelectorAll("input");
      for (var c = 0; c < table[r].length && start.column + c < inputs.length; c++) {
        inputs[start.column + c].value = table[r][c].trim();
      }
    }
  });

  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.matches || !input.matches("input[data-field]")) return;
    event.preventDefault();
    var at = position(input);
    if (at.row + 1 >= rows().length && !addRow()) return;
    rows()[at.row + 1].querySelectorAll("input")[at.column].focus();
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[value=more]");
    if (!button) return;
    event.preventDefault();
    var first = rows().length;
    for (var n = 0; n < 10; n++) addRow();
    var added = rows()[first];
    if (added) added.querySelector("input").focus();
  });
})();
