// Results that follow typing, for the Q&A box (/ask) and the report form's village finder.
// Each element marked data-enhance="live" holds a search input and a status line; its
// data-live names the path answering ?q= with HTML (drawn on the server by the same
// components the page renders, escaped as every page is), data-into the element that HTML
// replaces, and data-address (if any) the page whose address follows the query. Once
// typing pauses the server is asked; the request still under way is aborted and only the
// answer to the newest query is shown. Without this script both forms submit the plain way.
(function () {
  'use strict';

  var PAUSE_MS = 250;

  function enhance(root) {
    var input = root.querySelector('input[type="search"]');
    var status = root.querySelector('[role="status"]');
    var endpoint = root.getAttribute('data-live');
    var into = root.getAttribute('data-into');
    var address = root.getAttribute('data-address');
    var button = root.querySelector('button[type="submit"]');
    var again = button ? button.textContent.trim() : '查询';
    if (!input || !status || !endpoint || !into) return;
    var pause = null;
    var request = null;
    var turn = 0;

    function say(text) {
      status.textContent = text;
    }

    function ask(value, mine) {
      var query = value.trim();
      if (address && window.history && history.replaceState) {
        // The address follows without adding a history entry per keystroke.
        history.replaceState(history.state, '', query ? address + '?q=' + encodeURIComponent(query) : address);
      }
      request = typeof AbortController === 'function' ? new AbortController() : null;
      say('正在查找…');
      fetch(endpoint + '?q=' + encodeURIComponent(query), {
        credentials: 'same-origin',
        signal: request ? request.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          if (mine !== turn) return;
          var results = document.getElementById(into);
          if (!results) return;
          results.innerHTML = html;
          var first = results.firstElementChild;
          say((first && first.getAttribute('data-status')) || '');
        })
        .catch(function (error) {
          if (mine !== turn || (error && error.name === 'AbortError')) return;
          // What is shown stays; the form still submits the plain way.
          say('暂时没有连上，请点“' + again + '”再试。');
        });
    }

    input.addEventListener('input', function () {
      if (pause !== null) clearTimeout(pause);
      if (request) request.abort();
      request = null;
      turn += 1;
      var mine = turn;
      var value = input.value;
      pause = setTimeout(function () {
        pause = null;
        ask(value, mine);
      }, PAUSE_MS);
    });
    root.setAttribute('data-ready', 'true');
  }

  var roots = document.querySelectorAll('[data-enhance="live"]');
  for (var i = 0; i < roots.length; i++) enhance(roots[i]);
})();
