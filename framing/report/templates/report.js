// Enhancements only: the report is complete without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Feature toggles: each legend checkbox shows or hides its feature's highlights.
  var documents = document.getElementById("documents");
  document.querySelectorAll(".legend input[type=checkbox]").forEach(function (box) {
    var feature = box.id.replace(/^show-/, "");
    function apply() { if (documents) { documents.classList.toggle("hide-" + feature, !box.checked); } }
    box.addEventListener("change", apply);
    apply();
  });
  // Sortable tables: a button in each header sorts by that column (numbers as numbers).
  function cellValue(row, index) {
    var cell = row.children[index];
    var text = cell ? cell.textContent.trim() : "";
    var number = parseFloat(text.replace(/[^0-9.+\-]/g, ""));
    return isNaN(number) ? text.toLowerCase() : number;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          if (x < y) { return ascending ? -1 : 1; }
          if (x > y) { return ascending ? 1 : -1; }
          return 0;
        });
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  // Printing opens every closed <details> (the print CSS does it where ::details-content is
  // supported; older browsers hide a closed details' content whatever its children's display).
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  // Hovering or focusing a highlight outlines every fragment of the same evidence span.
  function link(event, on) {
    var mark = event.target.closest ? event.target.closest("[data-m]") : null;
    if (!mark) { return; }
    // Fragment numbers restart in every sentence.
    var text = mark.closest(".sentence") || mark.closest(".text");
    if (!text) { return; }
    text.querySelectorAll('[data-m="' + mark.getAttribute("data-m") + '"]').forEach(function (m) {
      m.classList.toggle("linked", on);
    });
  }
  document.addEventListener("mouseover", function (e) { link(e, true); });
  document.addEventListener("mouseout", function (e) { link(e, false); });
  document.addEventListener("focusin", function (e) { link(e, true); });
  document.addEventListener("focusout", function (e) { link(e, false); });
}());
