// The 防贫申报 form without a network (loaded by the form and the receipt only).
//
// Registers the service worker (/sw.js, scope /report), says when a report is kept on the
// phone, and sends it when the network returns: as the browser would, by posting the kept
// form, so the receipt or the form with the server's words beside the fields is shown as
// usual. Without a service worker (old browsers) nothing here runs and the page is as before.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || !window.indexedDB || !window.fetch) return;

  var KEEP_MS = 7 * 24 * 60 * 60 * 1000;
  var sending = false;
  var timer = null;
  var controlled = !!navigator.serviceWorker.controller;

  navigator.serviceWorker
    .register('/sw.js', { scope: '/report' })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function (registration) {
      // The first visit was not through the worker: ask it to keep this form too.
      if (!controlled && location.pathname === '/report' && registration.active) {
        registration.active.postMessage({ keep: location.pathname + location.search });
      }
    })
    .catch(function () {});

  // Just kept by the worker: the device draft is not needed any more (the queue holds it).
  if (location.hash === '#saved') {
    try {
      localStorage.removeItem('portal-report-draft');
    } catch (e) {
      // Storage off.
    }
    history.replaceState(null, '', location.pathname + location.search);
  }

  navigator.serviceWorker.addEventListener('message', function (event) {
    var data = event.data || {};
    if (data.receipt && /^[0-9A-Z]{8}$/.test(data.receipt)) {
      location.assign('/report/done/' + data.receipt);
    } else if (data.refused) {
      check(true);
    }
  });
  window.addEventListener('online', function () {
    check(true);
  });
  document.addEventListener('DOMContentLoaded', function () {
    check(false);
  });

  // Shows what is kept and what happened, then sends the oldest report when the network
  // is there (`online`: the browser just said so).
  function check(online) {
    store('notes', 'readwrite', function (s) {
      var notes = s.getAll();
      s.clear();
      return notes;
    }).then(function (notes) {
      (notes || []).forEach(showNote);
    });
    store('reports', 'readonly', function (s) {
      return s.getAll();
    }).then(function (items) {
      items = (items || []).sort(function (a, b) {
        return a.savedAt - b.savedAt;
      });
      var kept = [];
      items.forEach(function (item) {
        if (Date.now() - item.savedAt > KEEP_MS) {
          store('reports', 'readwrite', function (s) {
            return s.delete(item.token);
          });
          showNote({ kind: 'expired', savedAt: item.savedAt });
        } else {
          kept.push(item);
        }
      });
      showPanel(kept);
      if (!kept.length || sending) return;
      var refused = kept.filter(function (item) {
        return item.refused;
      })[0];
      var next = refused || kept[0];
      var wait = next.notBefore > Date.now() ? next.notBefore - Date.now() : 0;
      if (refused || online || (navigator.onLine && !wait)) {
        send(next);
      } else if (navigator.onLine && !timer) {
        // Just failed on a network that said it was there: once more a little later.
        timer = setTimeout(function () {
          timer = null;
          check(false);
        }, wait + 100);
      }
    });
  }

  // Posts the kept form as the browser would; the worker deletes it once the server answers.
  function send(item) {
    sending = true;
    var form = document.createElement('form');
    form.method = 'post';
    form.action = '/report';
    form.hidden = true;
    new URLSearchParams(item.body).forEach(function (value, name) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function place(node) {
    var main = document.getElementById('main') || document.body;
    var heading = main.querySelector('h1');
    if (heading && heading.parentNode === main) heading.after(node);
    else main.prepend(node);
  }

  function para(text, strong) {
    var p = document.createElement('p');
    if (strong) {
      var b = document.createElement('strong');
      b.textContent = text;
      p.appendChild(b);
    } else {
      p.textContent = text;
    }
    return p;
  }

  function day(ms) {
    var d = new Date(ms);
    var mm = String(d.getMinutes()).padStart(2, '0');
    return d.getMonth() + 1 + ' 月 ' + d.getDate() + ' 日 ' + d.getHours() + ':' + mm;
  }

  function showPanel(items) {
    var old = document.getElementById('offline-queue');
    if (old) old.remove();
    if (!items.length) return;
    var box = document.createElement('div');
    box.id = 'offline-queue';
    box.className = 'notice offline-queue';
    box.setAttribute('aria-live', 'polite');
    box.appendChild(para('已保存在手机上，有网络时会自动提交；提交成功后会显示回执号。', true));
    box.appendChild(
      para(
        (items.length > 1 ? '共 ' + items.length + ' 份，' : '') +
          '保存于 ' + day(items[0].savedAt) + '。请不要清除浏览器数据；7 天内没能提交的会自动删除，需要重新填写。',
      ),
    );
    box.appendChild(
      para(
        '如果这部手机别人也在用：提交成功前，这份申报（包括身份证号和电话）存在这部手机上。' +
          '不想留在手机上，可以点“删除保存的申报”，有网络时再重新填写，或请村干部代为申报。',
      ),
    );
    if (window.Notification && Notification.permission === 'default') {
      var notify = document.createElement('button');
      notify.type = 'button';
      notify.textContent = '提交成功后通知我';
      notify.addEventListener('click', function () {
        Notification.requestPermission().then(function () {
          notify.remove();
        });
      });
      box.appendChild(notify);
    }
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = '删除保存的申报';
    remove.addEventListener('click', function () {
      store('reports', 'readwrite', function (s) {
        return s.clear();
      }).then(function () {
        box.replaceChildren(para('保存在手机上的申报已删除，没有提交。'));
      });
    });
    box.appendChild(remove);
    place(box);
  }

  function showNote(note) {
    var box = document.createElement('div');
    box.className = 'notice offline-queue';
    box.setAttribute('aria-live', 'polite');
    if (note.kind === 'sent' && /^[0-9A-Z]{8}$/.test(note.receipt || '')) {
      var code = note.receipt.slice(0, 4) + '-' + note.receipt.slice(4);
      var p = para('您保存在手机上的申报已经提交，回执号 ' + code + '。请抄下保存。');
      var link = document.createElement('a');
      link.href = '/report/done/' + note.receipt;
      link.textContent = '查看回执';
      p.append(' ', link);
      box.appendChild(p);
    } else if (note.kind === 'expired') {
      box.appendChild(
        para(
          '有一份 ' + day(note.savedAt) + ' 保存在手机上的申报 7 天内没能提交，为保护您的信息已经删除。' +
            '请重新填写提交，或拨打热线、找村干部登记。',
        ),
      );
    } else {
      return;
    }
    place(box);
  }

  function store(name, mode, work) {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open('portal-report-queue', 1);
      open.onupgradeneeded = function () {
        open.result.createObjectStore('reports', { keyPath: 'token' });
        open.result.createObjectStore('notes', { autoIncrement: true });
      };
      open.onerror = function () {
        reject(open.error);
      };
      open.onsuccess = function () {
        var conn = open.result;
        var tx = conn.transaction(name, mode);
        var req = work(tx.objectStore(name));
        tx.oncomplete = function () {
          conn.close();
          resolve(req && req.result);
        };
        tx.onerror = function () {
          conn.close();
          reject(tx.error);
        };
      };
    }).catch(function () {
      return null;
    });
  }
})();
