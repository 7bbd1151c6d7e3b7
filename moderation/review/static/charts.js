// Small SVG charts for the administrators' view, drawn with DOM calls (no library, nothing from elsewhere,
// no inline style: the page's CSP forbids it; colours are presentation attributes). Every bar carries a
// <title> with its exact figure, shown on hover.
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";
  var PALETTE = ["#2271b1", "#d63638", "#dba617", "#00a32a", "#8c5fbf", "#3c434a", "#e26f56", "#50b5c9"];

  function svg(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
    if (text !== undefined) { node.textContent = String(text); }
    return node;
  }

  function titled(node, text) { node.appendChild(svg("title", {}, text)); return node; }

  function legend(series, colors) {
    var box = document.createElement("ul");
    box.className = "legend";
    series.forEach(function (s, i) {
      var li = document.createElement("li");
      var swatch = svg("svg", { width: 10, height: 10, "aria-hidden": "true" });
      swatch.appendChild(svg("rect", { width: 10, height: 10, fill: colors[i] }));
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(" " + s.label));
      box.appendChild(li);
    });
    return box;
  }

  // Stacked columns, one per category (e.g. a day): `rows` = [{ label, values: { key: number } }],
  // `series` = [{ key, label, color? }]. `format` turns a value into the hover text.
  function stacked(rows, series, options) {
    options = options || {};
    var colors = series.map(function (s, i) { return s.color || PALETTE[i % PALETTE.length]; });
    var width = 360, height = 170, left = 30, bottom = 26, top = 8;
    var max = 0;
    rows.forEach(function (row) {
      var sum = 0;
      series.forEach(function (s) { sum += row.values[s.key] || 0; });
      max = Math.max(max, sum);
    });
    var scaleMax = options.max || niceMax(max);
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", class: "svg-chart",
                             "aria-label": options.label || "" });
    var plotH = height - bottom - top;
    [0, 0.5, 1].forEach(function (f) {
      var y = top + plotH * (1 - f);
      chart.appendChild(svg("line", { x1: left, x2: width, y1: y, y2: y, stroke: "#dcdcde" }));
      chart.appendChild(svg("text", { x: left - 4, y: y + 4, "text-anchor": "end", class: "tick" },
        options.axis ? options.axis(scaleMax * f) : Math.round(scaleMax * f * 10) / 10));
    });
    var step = (width - left) / Math.max(rows.length, 1);
    var barW = Math.max(3, Math.min(28, step * 0.7));
    rows.forEach(function (row, i) {
      var x = left + step * i + (step - barW) / 2;
      var y = top + plotH;
      series.forEach(function (s, k) {
        var value = row.values[s.key] || 0;
        if (!value) { return; }
        var h = scaleMax ? plotH * value / scaleMax : 0;
        y -= h;
        var rect = svg("rect", { x: x, y: y, width: barW, height: Math.max(h, 0.5), fill: colors[k],
                                 "data-series": s.key, "data-value": value, class: "bar" });
        titled(rect, row.label + " · " + s.label + " : " + (options.format ? options.format(value) : value));
        chart.appendChild(rect);
      });
      if (rows.length <= 7 || i % Math.ceil(rows.length / 7) === (rows.length - 1) % Math.ceil(rows.length / 7)) {
        chart.appendChild(svg("text", { x: x + barW / 2, y: height - bottom + 14, "text-anchor": "middle",
                                         class: "tick" }, row.short || row.label));
      }
    });
    var figure = document.createDocumentFragment();
    figure.appendChild(chart);
    if (series.length > 1 || options.legend) { figure.appendChild(legend(series, colors)); }
    return figure;
  }

  // Horizontal bars, one per row: `rows` = [{ label, value, text? }] with value in [0, max] (null: no bar,
  // `text` says why).
  function bars(rows, options) {
    options = options || {};
    var width = 360, rowH = 22, left = 112, right = 96;
    var height = rows.length * rowH + 6;
    var max = options.max || niceMax(Math.max.apply(null, rows.map(function (r) { return r.value || 0; }).concat([0])));
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", class: "svg-chart",
                             "aria-label": options.label || "" });
    rows.forEach(function (row, i) {
      var y = 3 + i * rowH;
      chart.appendChild(svg("text", { x: left - 6, y: y + 14, "text-anchor": "end", class: "label" }, row.label));
      chart.appendChild(svg("rect", { x: left, y: y + 4, width: width - left - right, height: rowH - 10,
                                      fill: "#f0f0f1" }));
      if (row.value !== null && row.value !== undefined) {
        var w = max ? (width - left - right) * row.value / max : 0;
        var rect = svg("rect", { x: left, y: y + 4, width: Math.max(w, 0.5), height: rowH - 10,
                                 fill: row.color || PALETTE[0], class: "bar", "data-value": row.value });
        titled(rect, row.label + " : " + (row.text || row.value));
        chart.appendChild(rect);
      }
      chart.appendChild(svg("text", { x: width - right + 6, y: y + 14, class: "value" }, row.text || String(row.value)));
    });
    return chart;
  }

  function niceMax(value) {
    if (value <= 0) { return 1; }
    var power = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * power >= value) { return steps[i] * power; } }
    return 10 * power;
  }

  window.ModerationCharts = { stacked: stacked, bars: bars, palette: PALETTE };
}());
