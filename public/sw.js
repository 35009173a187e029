// The service worker of the 防贫申报 form (scope /report; registered by /offline.js on the
// form and the receipt only, so the rest of the portal never passes through it).
//
// 1. Keeps the form (/report and the last /report?village=…), the help page, the CSS, the
//    plain scripts and the form's WebAssembly, and shows them when the network is gone. Pages
//    and files are always asked of the network first: nothing is slower online.
// 2. A report sent (POST /report) while the network is gone is kept in IndexedDB with its
//    form token and the browser is sent back to the form, which says so. It is sent again,
//    with the same token (the server gives one receipt per token), by the page when the
//    network returns or by Background Sync; it is deleted the moment the server answers,
//    and after 7 days unsent.
'use strict';

const CACHE = 'portal-report-v4';
const FILES = [
  '/report',
  '/report/help',
  // This build's stylesheet (the server writes its hashed name here).
  '/pkg/portal.css',
  '/site.js',
  '/wasm.js',
  '/draft.js',
  '/offline.js',
  '/read-aloud.js',
  '/manifest.webmanifest',
  '/icons/icon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/favicon.svg',
];
// The form's WebAssembly and its glue (this build's names, written here by the server): kept
// when they can be, so the form checks itself offline too; where they cannot be fetched (no
// WebAssembly on the way) the form works without them, so the rest is kept all the same.
const WASM = ['/pkg/portal.js', '/pkg/portal.wasm'];
const KEEP_MS = 7 * 24 * 60 * 60 * 1000;
const SYNC_TAG = 'report-queue';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all([cache.addAll(FILES), ...WASM.map((file) => cache.add(file).catch(() => {}))]),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('portal-report-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(pruneOldBuilds)
      .then(() => self.clients.claim()),
  );
});

// Each build names its stylesheet anew (by its content): the files of builds before this
// one are dropped, so a phone keeps one copy, not one per update.
async function pruneOldBuilds() {
  const cache = await caches.open(CACHE);
  const keep = new Set([...FILES, ...WASM]);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/pkg/') && !keep.has(path)) await cache.delete(request);
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && request.mode === 'navigate' && url.pathname === '/report') {
    event.respondWith(submit(request));
  } else if (request.method !== 'GET') {
    return;
  } else if (request.mode === 'navigate') {
    if (url.pathname === '/report' || url.pathname === '/report/help') {
      event.respondWith(page(request, url));
    }
  } else if ((FILES.includes(url.pathname) || url.pathname.startsWith('/pkg/')) && !url.search) {
    event.respondWith(file(request, url));
  }
});

// The page asks for its own address to be kept (its first visit was not yet through here).
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (typeof data.keep === 'string') {
    const url = new URL(data.keep, self.location.origin);
    if (url.origin === self.location.origin && keyOf(url)) {
      event.waitUntil(
        fetch(url.href, { credentials: 'same-origin' })
          .then((res) => remember(url, res))
          .catch(() => {}),
      );
    }
  }
});

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(sendAll());
});

// The cache key of a page kept for offline use, or null: the form without a village, the
// form of one village (only the last one is kept), the help page.
function keyOf(url) {
  if (url.pathname === '/report/help') return '/report/help';
  if (url.pathname !== '/report') return null;
  const params = [...url.searchParams.keys()];
  if (params.length === 0) return '/report';
  const village = url.searchParams.get('village') || '';
  if (params.length === 1 && /^[A-Za-z0-9-]{1,32}$/.test(village)) {
    return `/report?village=${village}`;
  }
  return null;
}

async function remember(url, res) {
  const key = keyOf(url);
  if (!key || !res.ok || res.redirected) return;
  const cache = await caches.open(CACHE);
  if (key.startsWith('/report?village=')) {
    for (const old of await cache.keys()) {
      const path = new URL(old.url);
      if (path.pathname === '/report' && path.search && `${path.pathname}${path.search}` !== key) {
        await cache.delete(old);
      }
    }
  }
  await cache.put(key, res);
}

async function page(request, url) {
  try {
    const res = await fetch(request);
    await remember(url, res.clone());
    return res;
  } catch (err) {
    const cache = await caches.open(CACHE);
    const key = keyOf(url);
    const hit =
      (key && (await cache.match(key))) ||
      (await cache.match(url.pathname === '/report/help' ? '/report/help' : '/report'));
    if (!hit) throw err;
    return freshToken(hit);
  }
}

// A kept form carries the token of the visit it was kept on: each copy shown gets its own,
// so two reports made offline are two reports.
async function freshToken(res) {
  const html = await res.text();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const token = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return new Response(html.replace(/(name="token" value=")[0-9a-fA-F]*(")/, `$1${token}$2`), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

async function file(request, url) {
  try {
    const res = await fetch(request);
    if (res.ok) {
      const copy = res.clone();
      caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)).catch(() => {});
    }
    return res;
  } catch (err) {
    const hit = await caches.match(url.pathname);
    if (!hit) throw err;
    return hit;
  }
}

// POST /report as the browser sends it. Answered: the queued copy (if any) is deleted,
// unless the server was too busy; no network: the report is queued and the browser goes
// back to the form, which says it is kept.
async function submit(request) {
  const copy = request.clone();
  let res;
  try {
    res = await fetch(request);
  } catch (err) {
    const body = await copy.text();
    const token = field(body, 'token');
    const back = formAddress(request.referrer);
    if (!token) throw err;
    const old = await get(token);
    // Not again by itself for a while (a network that says it is there but is not), only
    // when the browser says it is back.
    await put({ token, body, savedAt: old ? old.savedAt : Date.now(), back, notBefore: Date.now() + 5 * 1000 });
    try {
      await self.registration.sync.register(SYNC_TAG);
    } catch (e) {
      // No Background Sync: the page sends it when the network returns.
    }
    return Response.redirect(`${back}#saved`, 303);
  }
  const body = await copy.text();
  const token = field(body, 'token');
  const queued = token ? await get(token) : null;
  if (!queued) return res;
  // The anti-forgery cookie may have expired while the report waited: the refusal carries a
  // fresh one; send once more with it.
  if (res.status === 403) {
    const csrf = /name="csrf" value="([0-9a-f]{32})"/.exec(await res.clone().text());
    if (csrf) {
      try {
        res = await fetch('/report', post(setField(body, 'csrf', csrf[1]), 'manual'));
      } catch (err) {
        return Response.redirect(`${queued.back || '/report'}#saved`, 303);
      }
    }
  }
  if (res.status === 429 || res.status >= 500) {
    queued.notBefore = Date.now() + 60 * 1000;
    await put(queued);
  } else {
    // A receipt (303) or the form back with the server's words beside the fields.
    await del(token);
  }
  return res;
}

// Background Sync: every queued report, oldest first, while the network holds.
async function sendAll() {
  for (const item of await all()) {
    if (Date.now() - item.savedAt > KEEP_MS) {
      await del(item.token);
      await addNote({ kind: 'expired', savedAt: item.savedAt });
      continue;
    }
    if (item.refused) continue;
    const outcome = await send(item.body);
    if (outcome.receipt) {
      await del(item.token);
      await addNote({ kind: 'sent', receipt: outcome.receipt, at: Date.now() });
      await tell({ receipt: outcome.receipt });
      if (self.Notification && Notification.permission === 'granted') {
        const code = `${outcome.receipt.slice(0, 4)}-${outcome.receipt.slice(4)}`;
        await self.registration.showNotification('防贫申报已提交', {
          body: `回执号 ${code}，请抄下保存，查询进度时要用。`,
          icon: '/icons/icon-192.png',
          tag: `receipt-${outcome.receipt}`,
          data: { receipt: outcome.receipt },
        });
      }
    } else {
      // Refused (a field to correct): the page puts it back into the form, unless it did
      // so already.
      if (await get(item.token)) {
        item.refused = true;
        await put(item);
        await tell({ refused: true });
      }
    }
  }
}

async function send(body, retried) {
  const res = await fetch('/report', post(body, 'follow'));
  const done = res.redirected && /^\/report\/done\/([0-9A-Z]{8})$/.exec(new URL(res.url).pathname);
  if (done) return { receipt: done[1] };
  if (res.status === 403 && !retried) {
    const csrf = /name="csrf" value="([0-9a-f]{32})"/.exec(await res.text());
    if (csrf) return send(setField(body, 'csrf', csrf[1]), true);
  }
  if (res.status === 429 || res.status >= 500) throw new Error('busy, later');
  return { refused: true };
}

function post(body, redirect) {
  return {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    credentials: 'same-origin',
    redirect,
    cache: 'no-store',
  };
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const receipt = (event.notification.data || {}).receipt;
  if (receipt) event.waitUntil(self.clients.openWindow(`/report/done/${receipt}`));
});

async function tell(message) {
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(message);
}

// The form page the report was sent from (same origin, /report only), to go back to.
function formAddress(referrer) {
  try {
    const url = new URL(referrer);
    if (url.origin === self.location.origin && url.pathname === '/report') {
      return `${url.pathname}${url.search}`;
    }
  } catch (e) {
    // No referrer.
  }
  return '/report';
}

function field(body, name) {
  return new URLSearchParams(body).get(name) || '';
}

function setField(body, name, value) {
  const params = new URLSearchParams(body);
  params.set(name, value);
  return params.toString();
}

// IndexedDB: `reports` (by token) and `notes` (what the page tells once: sent, expired).
function db() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('portal-report-queue', 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('reports', { keyPath: 'token' });
      open.result.createObjectStore('notes', { autoIncrement: true });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function run(store, mode, work) {
  const conn = await db();
  return new Promise((resolve, reject) => {
    const tx = conn.transaction(store, mode);
    const req = work(tx.objectStore(store));
    tx.oncomplete = () => {
      conn.close();
      resolve(req && req.result);
    };
    tx.onerror = () => {
      conn.close();
      reject(tx.error);
    };
  });
}

const get = (token) => run('reports', 'readonly', (s) => s.get(token));
const all = () => run('reports', 'readonly', (s) => s.getAll()).then((items) => items.sort((a, b) => a.savedAt - b.savedAt));
const put = (item) => run('reports', 'readwrite', (s) => s.put(item));
const del = (token) => run('reports', 'readwrite', (s) => s.delete(token));
const addNote = (note) => run('notes', 'readwrite', (s) => s.add(note));
