"use strict";
(function () {
  // Every value shown comes from the JSON data block and is set with textContent: never parsed as HTML.
  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var labels = data.labels;
  var rows = data.rows;
  var body = document.querySelector("#gk-table tbody");
  var statusSelect = document.getElementById("gk-f-status");
  var ruleSelect = document.getElementById("gk-f-rule");
  var unitSelect = document.getElementById("gk-f-unit");
  var search = document.getElementById("gk-f-text");
  var shown = document.getElementById("gk-shown");
  var sortKey = null;
  var sortDir = 1;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function option(select, value, text) {
    var node = el("option", null, text);
    node.value = value;
    select.appendChild(node);
  }

  function distinct(key) {
    var seen = {};
    var values = [];
    rows.forEach(function (row) {
      var value = row[key];
      if (value !== null && value !== undefined && !Object.prototype.hasOwnProperty.call(seen, value)) {
        seen[value] = true;
        values.push(value);
      }
    });
    return values;
  }

  option(statusSelect, "", labels.all);
  data.statuses.forEach(function (pair) { option(statusSelect, pair[0], pair[1]); });
  option(ruleSelect, "", labels.all);
  distinct("rule").forEach(function (value) { option(ruleSelect, value, value); });
  option(unitSelect, "", labels.all);
  distinct("unit").sort().forEach(function (value) { option(unitSelect, value, value); });

  rows.forEach(function (row, index) {
    var tr = el("tr", "item");
    tr.dataset.index = String(index);
    var toggle = el("button", "toggle", "+");
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-label", labels.expand);
    var first = el("td");
    first.appendChild(toggle);
    tr.appendChild(first);
    tr.appendChild(el("td", null, row.rule));
    tr.appendChild(el("td", null, row.title));
    tr.appendChild(el("td", null, row.key));
    var kindCell = el("td");
    kindCell.appendChild(el("span", "kind kind-" + row.kind, row.kind_label));
    tr.appendChild(kindCell);
    tr.appendChild(el("td", "date", row.deadline_text));
    tr.appendChild(el("td", "date", row.fulfilled_text));
    tr.appendChild(el("td", "n", row.amount_text));
    tr.appendChild(el("td", null, row.cite));

    var detail = el("tr", "detail");
    detail.hidden = true;
    var cell = el("td");
    cell.colSpan = 9;
    cell.appendChild(el("div", null, labels.explanation));
    var list = el("ol");
    row.explanation.forEach(function (line) { list.appendChild(el("li", null, line)); });
    cell.appendChild(list);
    if (row.cite) { cell.appendChild(el("p", "cite", labels.cite + ": " + row.cite)); }
    if (row.quote) { cell.appendChild(el("p", "cite", row.quote)); }
    if (row.source) { cell.appendChild(el("p", "where", labels.where + ": " + row.source)); }
    detail.appendChild(cell);

    toggle.addEventListener("click", function () {
      detail.hidden = !detail.hidden;
      toggle.textContent = detail.hidden ? "+" : "−";
      toggle.setAttribute("aria-expanded", detail.hidden ? "false" : "true");
    });
    row._tr = tr;
    row._detail = detail;
    row._text = [row.rule, row.title, row.key, row.kind_label, row.cite, row.quote || "",
                 row.explanation.join(" ")].join(" ").toLowerCase();
  });

  function matches(row) {
    var status = statusSelect.value;
    if (status && status !== "status:" + row.status && status !== "kind:" + row.kind) {
      return false;
    }
    if (ruleSelect.value && row.rule !== ruleSelect.value) { return false; }
    if (unitSelect.value && row.unit !== unitSelect.value) { return false; }
    var needle = search.value.trim().toLowerCase();
    if (needle && row._text.indexOf(needle) < 0) { return false; }
    return true;
  }

  function compare(a, b) {
    var x = a[sortKey];
    var y = b[sortKey];
    if (x === y) { return a.order - b.order; }
    if (x === null || x === undefined || x === "") { return 1; }
    if (y === null || y === undefined || y === "") { return -1; }
    if (typeof x === "number" && typeof y === "number") { return sortDir * (x - y); }
    return sortDir * String(x).localeCompare(String(y), "zh-Hans-CN");
  }

  function render() {
    var ordered = rows.slice();
    if (sortKey) { ordered.sort(compare); }
    var fragment = document.createDocumentFragment();
    var count = 0;
    ordered.forEach(function (row) {
      if (matches(row)) {
        fragment.appendChild(row._tr);
        fragment.appendChild(row._detail);
        count += 1;
      }
    });
    while (body.firstChild) { body.removeChild(body.firstChild); }
    body.appendChild(fragment);
    shown.textContent = String(count);
  }

  document.querySelectorAll("#gk-table th[data-key]").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.dataset.key;
      sortDir = sortKey === key ? -sortDir : 1;
      sortKey = key;
      document.querySelectorAll("#gk-table th[data-key]").forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", sortDir === 1 ? "ascending" : "descending");
      render();
    });
  });
  [statusSelect, ruleSelect, unitSelect].forEach(function (select) {
    select.addEventListener("change", render);
  });
  search.addEventListener("input", render);
  render();
  document.body.dataset.ready = "true";
})();
