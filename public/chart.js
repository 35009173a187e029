// The controls of an industry's chart (form[data-enhance="chart"]), a plain GET form that
// works without this script. With it, every change puts the new state in the address bar
// as a history entry (a link reproduces the view, Back restores the one before), fetches
// the chart's body drawn on the server (/industries/<slug>/chart?…, the same components the
// page renders) and swaps it in. Pointing at, focusing or tapping a point of the chart
// writes its value, year, kind and source under the drawing. The drawing is always made on
// the server; the address is written the way the server writes it (ChartState in
// app/src/model/industries.rs).
(function () {
  'use strict';

  var KINDS = ['baseline', 'target', 'actual', 'standard'];
  var form = document.querySelector('form[data-enhance="chart"]');
  if (!form || !window.fetch || !window.history || !history.pushState) return;
  var page = form.getAttribute('action');
  var status = document.querySelector('.chart-status');
  var metric = document.getElementById('c-metric');
  var from = document.getElementById('c-from');
  var to = document.getElementById('c-to');
  var turn = 0;
  var active = null;

  function box(kind) {
    return document.getElementById('c-show-' + kind);
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  // A year from 1949 to 2100, or '' (the server ignores anything else).
  function year(text) {
    var value = String(text || '').trim();
    if (!/^\d{1,4}$/.test(value)) return '';
    var n = Number(value);
    return n >= 1949 && n <= 2100 ? String(n) : '';
  }

  // The state the form shows, as the server writes it: metric, then the years set, then
  // the kinds shown unless every kind is.
  function query() {
    var out = new URLSearchParams();
    out.append('metric', metric ? metric.value : '');
    if (year(from && from.value)) out.append('from', year(from.value));
    if (year(to && to.value)) out.append('to', year(to.value));
    var shown = KINDS.filter(function (kind) {
      var check = box(kind);
      return check && check.checked;
    });
    if (shown.length < KINDS.length) out.append('show', shown.join(','));
    return out.toString();
  }

  // Puts the state of an address in the form (after Back or Forward).
  function writeForm(search) {
    var params = new URLSearchParams(search);
    if (metric) {
      metric.value = params.get('metric') || '';
      if (metric.selectedIndex < 0 || !params.get('metric')) metric.selectedIndex = 0;
    }
    if (from) from.value = year(params.get('from'));
    if (to) to.value = year(params.get('to'));
    var said = params.getAll('show');
    var shown = [];
    said.forEach(function (value) {
      value.split(',').forEach(function (kind) {
        if (KINDS.indexOf(kind.trim()) >= 0) shown.push(kind.trim());
      });
    });
    KINDS.forEach(function (kind) {
      var check = box(kind);
      if (check) check.checked = said.length === 0 || shown.indexOf(kind) >= 0;
    });
  }

  function redraw(search) {
    turn += 1;
    var mine = turn;
    say('正在更新图表…');
    fetch(page + '/chart?' + search, { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        if (mine !== turn) return;
        var body = document.getElementById('chart-body');
        if (!body) throw new Error('no chart');
        active = null;
        body.innerHTML = html;
        var first = body.firstElementChild;
        say('图表已更新。' + ((first && first.getAttribute('data-status')) || ''));
      })
      .catch(function () {
        if (mine === turn) say('暂时没有连上，请点“显示”再试。');
      });
  }

  function changed(event) {
    if (event) event.preventDefault();
    var search = query();
    history.pushState(null, '', page + '?' + search);
    redraw(search);
  }

  form.addEventListener('change', function () {
    changed(null);
  });
  form.addEventListener('submit', changed);
  window.addEventListener('popstate', function () {
    writeForm(location.search);
    redraw(query());
  });

  function pointOf(target) {
    return target && target.closest ? target.closest('.chart-point') : null;
  }

  function show(point) {
    var tip = document.getElementById('chart-tip');
    if (tip) tip.textContent = point.getAttribute('data-tip') || '';
    if (active) active.classList.remove('active');
    point.classList.add('active');
    active = point;
  }

  document.addEventListener('click', function (event) {
    var point = pointOf(event.target);
    if (point) {
      // Tapping shows the words here instead of jumping to the table row.
      event.preventDefault();
      show(point);
    }
  });
  ['pointerover', 'focusin'].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var point = pointOf(event.target);
      if (point) show(point);
    });
  });
  form.setAttribute('data-ready', 'true');
})();
