// Loads the portal's WebAssembly (browser/ in the source: the report form's checks, made by
// the server's own rules, and results while typing) once the page has loaded and the phone
// is idle, so it never delays the page. Its two files are named by this script's
// data-glue (wasm-bindgen's glue) and data-wasm (the module). Where WebAssembly is missing
// or blocked nothing changes: every form still posts and the server answers.
(function () {
  'use strict';

  var me = document.currentScript;
  var glue = me && me.getAttribute('data-glue');
  var wasm = me && me.getAttribute('data-wasm');
  if (!glue || !wasm || typeof WebAssembly !== 'object') return;

  function load() {
    import(glue)
      .then(function (module) {
        return module.default({ module_or_path: wasm });
      })
      .catch(function () {
        // The page works as it is without it.
      });
  }

  function idle() {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 2000 });
    else setTimeout(load, 0);
  }

  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle);
})();
