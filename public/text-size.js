// 大字 / 标准字号: the switch in every page's header is a plain form (POST /settings/text-size,
// which sets the text_size cookie and sends the reader back). With this script the switch
// acts at once, without a round trip: it changes the class on <html> and sets the same
// cookie, so the next page is rendered at the same size. No WebAssembly is needed for it.
(function () {
  'use strict';
  var form = document.querySelector('form.text-size');
  if (!form) return;
  var size = form.querySelector('input[name="size"]');
  var button = form.querySelector('button');
  if (!size || !button) return;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var large = size.value === 'large';
    var root = document.documentElement;
    if (large) {
      root.classList.add('text-large');
      document.cookie = 'text_size=large; Path=/; Max-Age=31536000; SameSite=Lax';
    } else {
      root.classList.remove('text-large');
      document.cookie = 'text_size=; Path=/; Max-Age=0; SameSite=Lax';
    }
    size.value = large ? 'normal' : 'large';
    button.textContent = large ? '标准字号' : '大字';
  });
  form.setAttribute('data-hydrated', 'true');
})();
