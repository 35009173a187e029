// Loads the portal's WebAssembly (browser/ in the source: the report form's checks, made by
// the server's own rules, and results while typing), named by this script's data-glue
// (wasm-bindgen's glue) and data-wasm (the module). It is fetched and compiled only once the
// page has loaded and the reader first does something on it (a tap, a key, a scroll, a
// field focused, the pointer moved): reading the page never waits for it, and on a slow
// phone its compiling never falls on the page's first seconds. Where WebAssembly is missing
// or blocked nothing changes: every form still posts and the server answers.
(function () {
  'use strict';

  var me = document.currentScript;
  var glue = me && me.getAttribute('data-glue');
  var wasm = me && me.getAttribute('data-wasm');
  if (!glue || !wasm || typeof WebAssembly !== 'object') return;

  var FIRST = ['pointerdown', 'pointermove', 'touchstart', 'keydown', 'focusin', 'scroll', 'wheel'];
  var options = { capture: true, passive: true };
  var started = false;

  function load() {
    if (started) return;
    started = true;
    FIRST.forEach(function (type) {
      window.removeEventListener(type, load, options);
    });
    import(glue)
      .then(function (module) {
        return module.default({ module_or_path: wasm });
      })
      .catch(function () {
        // The page works as it is without it.
      });
  }

  function arm() {
    FIRST.forEach(function (type) {
      window.addEventListener(type, load, options);
    });
    // A field the reader is already in (focused before the page had loaded).
    if (document.activeElement && document.activeElement !== document.body) load();
  }

  if (document.readyState === 'complete') arm();
  else window.addEventListener('load', arm);
})();
