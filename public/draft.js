// The draft of the 防贫申报 form, kept on this phone so a reload or a lost connection does not
// cost the household what it typed. On the form (#report-form, with its status line
// [data-enhance="draft-keep"]): an untouched form is filled from a draft younger than a day,
// and every keystroke and choice saves the draft again. The ID number, the phone and the
// form's tokens are never kept. On the receipt ([data-enhance="draft-clear"], shown only
// after success) the draft is deleted. /site.js deletes a draft older than a day on every
// page (phones are often shared in a family).
(function () {
  'use strict';

  var DRAFT_KEY = 'portal-report-draft';
  var SAVED_AT = '_saved_at';
  var DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;
  var NOT_KEPT = ['id_number', 'phone', 'token', 'csrf', 'website'];

  var storage = null;
  try {
    storage = window.localStorage;
  } catch (e) {
    // Storage off: nothing is kept.
  }

  var clear = document.querySelector('[data-enhance="draft-clear"]');
  if (clear) {
    try {
      if (storage) storage.removeItem(DRAFT_KEY);
    } catch (e) {
      // Nothing to delete.
    }
    clear.setAttribute('data-ready', 'true');
  }

  var status = document.querySelector('[data-enhance="draft-keep"]');
  var form = document.getElementById('report-form');
  if (!status || !form) return;

  // The controls a draft covers: named, not hidden or a button, not one never kept.
  function controls() {
    var out = [];
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      var tag = el.tagName;
      var type = (el.type || '').toLowerCase();
      if (!el.name || NOT_KEPT.indexOf(el.name) >= 0) continue;
      if (tag === 'INPUT' && (type === 'hidden' || type === 'submit' || type === 'button')) continue;
      if (tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT') continue;
      out.push(el);
    }
    return out;
  }

  function isChoice(el) {
    return el.type === 'checkbox' || el.type === 'radio';
  }

  function save() {
    var draft = new URLSearchParams();
    draft.append(SAVED_AT, String(Date.now()));
    controls().forEach(function (el) {
      if (isChoice(el)) {
        if (el.checked) draft.append(el.name, el.value);
      } else {
        draft.append(el.name, el.value);
      }
    });
    try {
      storage.setItem(DRAFT_KEY, draft.toString());
      return true;
    } catch (e) {
      return false;
    }
  }

  // Fills an untouched form from the draft. A form the server filled (a submission shown
  // again) is left as it is: its values are the newest.
  function restore() {
    var saved;
    try {
      saved = storage.getItem(DRAFT_KEY);
    } catch (e) {
      return false;
    }
    if (saved === null) return false;
    var list = controls();
    var touched = list.some(function (el) {
      return isChoice(el) ? el.checked : el.value !== '';
    });
    if (touched) return false;
    var draft = new URLSearchParams(saved);
    var at = Number(draft.get(SAVED_AT));
    if (!(at > 0 && Date.now() - at < DRAFT_LIFETIME_MS)) {
      storage.removeItem(DRAFT_KEY);
      return false;
    }
    var restored = false;
    list.forEach(function (el) {
      if (isChoice(el)) {
        var on = draft.getAll(el.name).indexOf(el.value) >= 0;
        el.checked = on;
        restored = restored || on;
      } else {
        var value = draft.get(el.name);
        if (value) {
          el.value = value;
          restored = true;
        }
      }
    });
    return restored;
  }

  if (!storage) {
    status.setAttribute('data-ready', 'true');
    return;
  }
  if (restore()) {
    status.textContent = '已恢复您上次没有提交的内容（身份证号和手机号需要重新填写）。';
  }
  function onChange() {
    if (save()) status.textContent = '草稿已保存在本机，提交成功后自动删除。';
  }
  form.addEventListener('input', onChange);
  form.addEventListener('change', onChange);
  status.setAttribute('data-ready', 'true');
})();
