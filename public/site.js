// What every page does on the device, without WebAssembly:
//  - 大字 / 标准字号: the switch in the header is a plain form (POST /settings/text-size, which
//    sets the text_size cookie and sends the reader back). Here it acts at once, without a
//    round trip: it changes the class on <html> and sets the same cookie, so the next page is
//    rendered at the same size.
//  - A draft of the 防贫申报 form kept on this phone (localStorage) is deleted once it is
//    older than a day, whichever page is opened: phones are often shared in a family.
//  - An old link to a section of a long document (/policies/<id>#s-<n>, from before it was
//    read chapter by chapter) lands on that section's entry in the outline; from there it
//    goes on to the section on its chapter's page.
//  - An old link to a figure (/data#<id>, from before /data had pages) whose figure is not on
//    this page goes on to the figure's own page, /data/<id>.
(function () {
  'use strict';

  var DRAFT_KEY = 'portal-report-draft';
  var DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;
  try {
    var saved = window.localStorage.getItem(DRAFT_KEY);
    if (saved !== null) {
      var at = Number(new URLSearchParams(saved).get('_saved_at'));
      if (!(at > 0 && Date.now() - at < DRAFT_LIFETIME_MS)) {
        window.localStorage.removeItem(DRAFT_KEY);
      }
    }
  } catch (e) {
    // Storage off: there is no draft to delete.
  }

  if (/^#s-\d+$/.test(window.location.hash)) {
    var entry = document.getElementById(window.location.hash.slice(1));
    var link = entry && entry.tagName === 'LI' ? entry.querySelector('a[href*="#s-"]') : null;
    if (link) window.location.replace(link.href);
  }

  var figure = /^#([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  if (figure && window.location.pathname === '/data' && !document.getElementById(figure[1])) {
    window.location.replace('/data/' + figure[1]);
  }

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
  form.setAttribute('data-ready', 'true');
})();
