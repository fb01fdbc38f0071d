// Sort and filter for the briefing's data tables, embedded in the page (no network).
// A header click sorts by that column (numbers as numbers); the box above filters rows.
// A table's or chart's box that scrolls sideways can be scrolled from the keyboard.
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
    var number = parseFloat(text.replace(/,/g, ""));
    return isNaN(number) || !/^[\d.,\s–-]+$/.test(text.replace(/[^\d.,\s–-]/g, "") || "x") ? text.toLowerCase() : number;
  }
  function sortBy(table, index, button) {
    var body = table.tBodies[0];
    var ascending = button.getAttribute("data-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      if (typeof x === typeof y) { return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1); }
      return (typeof x === "number" ? -1 : 1) * (ascending ? 1 : -1);
    });
    rows.forEach(function (r) { body.appendChild(r); });
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    table.querySelectorAll("button[data-sort]").forEach(function (b) { b.removeAttribute("data-sort"); });
    button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    button.setAttribute("data-sort", ascending ? "ascending" : "descending");
  }
  function enhance(table, n) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.addEventListener("click", function () { sortBy(table, index, button); });
      th.textContent = "";
      th.appendChild(button);
    });
    // a table read at a glance gets no box (render.FILTER_FROM_ROWS marks the others)
    if (!table.hasAttribute("data-filter")) { return; }
    var label = document.createElement("label");
    label.className = "filter";
    label.textContent = "Filter rows: ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "filter-" + n;
    label.setAttribute("for", input.id);
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = needle && row.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
    var wrap = table.parentNode;
    wrap.parentNode.insertBefore(label, wrap);
    label.appendChild(input);
  }
  document.querySelectorAll("table.data").forEach(enhance);
  // A box that scrolls sideways (a wide table, or a chart at a phone's width) takes the
  // keyboard's focus, so that the arrow keys scroll it; one that fits adds no tab stop.
  // A chart's figure that scrolls says so under it (briefing.css words the hint).
  function focusableWhereScrolling() {
    document.querySelectorAll(".table-wrap, .chart-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls) { box.tabIndex = 0; } else { box.removeAttribute("tabindex"); }
      if (box.classList.contains("chart-scroll")) { box.parentNode.classList.toggle("scrolls", scrolls); }
    });
  }
  focusableWhereScrolling();
  window.addEventListener("load", focusableWhereScrolling);  // the charts' images, once drawn
  window.addEventListener("resize", focusableWhereScrolling);
})();
