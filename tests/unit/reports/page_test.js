(function () {
  "use strict";
  var results = {};
  var errors = [];
  function shown() { return document.querySelectorAll("#gk-table tbody tr.item").length; }
  function choose(id, value) {
    var select = document.getElementById(id);
    select.value = value;
    select.dispatchEvent(new Event("change"));
  }
  function type(value) {
    var input = document.getElementById("gk-f-text");
    input.value = value;
    input.dispatchEvent(new Event("input"));
  }
  function cells(column) {
    return Array.prototype.map.call(
      document.querySelectorAll("#gk-table tbody tr.item"),
      function (tr) { return tr.children[column].textContent; });
  }
  try {
    results.ready = document.body.dataset.ready === "true";
    results.initial = shown();
    results.shown_text = document.getElementById("gk-shown").textContent;
    results.total_text = document.getElementById("gk-total").textContent;
    results.status_options = Array.prototype.map.call(
      document.getElementById("gk-f-status").options, function (o) { return o.value; });
    results.by_status = {};
    results.status_options.forEach(function (value) {
      if (!value) { return; }
      choose("gk-f-status", value);
      results.by_status[value] = shown();
    });
    choose("gk-f-status", "");
    results.by_rule = {};
    Array.prototype.forEach.call(document.getElementById("gk-f-rule").options, function (o) {
      if (!o.value) { return; }
      choose("gk-f-rule", o.value);
      results.by_rule[o.value] = shown();
    });
    choose("gk-f-rule", "");
    results.by_unit = {};
    Array.prototype.forEach.call(document.getElementById("gk-f-unit").options, function (o) {
      if (!o.value) { return; }
      choose("gk-f-unit", o.value);
      results.by_unit[o.value] = shown();
    });
    choose("gk-f-unit", "");
    choose("gk-f-status", "status:violated");
    choose("gk-f-unit", "办公室");
    results.violated_in_office = shown();
    results.shown_text_filtered = document.getElementById("gk-shown").textContent;
    choose("gk-f-status", "");
    choose("gk-f-unit", "");
    type("A3");
    results.text_a3 = shown();
    results.text_a3_keys = cells(3);
    type("no such thing anywhere");
    results.text_none = shown();
    type("");
    results.after_clear = shown();
    var deadlineHeader = document.querySelector('#gk-table th[data-key="deadline_sort"]');
    deadlineHeader.click();
    results.deadlines_ascending = cells(5);
    results.sort_state = deadlineHeader.getAttribute("aria-sort");
    deadlineHeader.click();
    results.deadlines_descending = cells(5);
    var firstToggle = document.querySelector("#gk-table tbody tr.item button.toggle");
    var detail = firstToggle.closest("tr").nextElementSibling;
    results.detail_hidden_before = detail.hidden;
    firstToggle.click();
    results.detail_hidden_after = detail.hidden;
    results.detail_steps = detail.querySelectorAll("li").length;
    results.detail_text = detail.textContent;
    results.summary_rows = document.querySelectorAll("#gk-summary tbody tr").length;
    results.chart_bars = Array.prototype.map.call(
      document.querySelectorAll("#gk-chart-svg g.month"),
      function (g) { return [g.dataset.month, Number(g.dataset.count)]; });
    // Hostile values: fire every event an injected handler could listen to, at every element.
    var names = ["mouseover", "mouseenter", "mousemove", "focus", "load", "error", "click"];
    Array.prototype.forEach.call(document.querySelectorAll("body *"), function (node) {
      names.forEach(function (name) {
        try { node.dispatchEvent(new Event(name)); } catch (e) { errors.push(String(e)); }
      });
    });
  } catch (e) {
    errors.push(String(e && e.stack || e));
  }
  results.errors = errors;
  results.title = document.title;
  results.pwned = typeof window.__pwned === "undefined" ? null : window.__pwned;
  results.handler_attributes = document.querySelectorAll(
    "[onmouseover],[onerror],[onload],[onclick],[onfocus]").length;
  results.injected_elements = document.querySelectorAll("body img, body b, body svg:not(#gk-chart-svg)").length;
  results.scripts = document.scripts.length;
  var pre = document.createElement("pre");
  pre.id = "gk-test-results";
  pre.textContent = JSON.stringify(results);
  document.body.appendChild(pre);
})();
