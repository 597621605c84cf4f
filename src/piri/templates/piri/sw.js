// Piri's service worker (docs/decisions/0015-service-worker.md), served as /sw.js by
// piri.program.pwa_views with the values below filled in. No build step, no library.
//
// - Static files: cache-first, precached at install into a cache named after the version.
// - Pages (the app shell, the session page, the plan, the how-to pages): network-first; a
//   good answer is kept, the kept copy is used only when the network fails.
// - Clinic videos (/videos/: the files, captions, posters) are never touched nor kept.
// - Anything not GET (the session reports, every form) is never touched: the outbox
//   (static/piri/outbox.js) keeps a report until the network takes it.
// - Safety: a 423, or a page that ends on the emergency or urgent-care screen, deletes every
//   kept page and notes the tier; offline, a noted lock is shown instead of a kept page.
const VERSION = {{ version }};
const PRECACHE = {{ precache }};
const PAGES = {{ pages }};
const SESSION_URL = {{ session_url }};
const EMERGENCY_URL = {{ emergency_url }};
const URGENT_URL = {{ urgent_url }};
const LOGIN_URL = {{ login_url }};
const STATIC_URL = {{ static_url }};
const MEDIA_URL = {{ media_url }};
const ICON = {{ icon }};
const STOP_TITLE = {{ stop_title }};

const STATIC_CACHE = `piri-static-${VERSION}`;
const PAGE_CACHE = `piri-pages-${VERSION}`;
const STATE_CACHE = 'piri-state';  // not versioned: the last known safety tier outlives updates
const SAFETY_KEY = '/__piri/safety-tier';
const CACHED_PAGES = new Set([...PAGES, SESSION_URL, EMERGENCY_URL, URGENT_URL]);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STATIC_CACHE);
    await cache.addAll(PRECACHE);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keep = new Set([STATIC_CACHE, PAGE_CACHE, STATE_CACHE]);
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('piri-') && !keep.has(n)).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

async function tier() {
  const cache = await caches.open(STATE_CACHE);
  const answer = await cache.match(SAFETY_KEY);
  return answer ? (await answer.text()) : 'ok';
}

async function setTier(value) {
  const cache = await caches.open(STATE_CACHE);
  await cache.put(SAFETY_KEY, new Response(value, { headers: { 'Content-Type': 'text/plain' } }));
}

async function forgetPages() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith('piri-pages-')).map((n) => caches.delete(n)));
}

function pageKey(url) {
  return new URL(url.pathname, url.origin).href;  // the query does not change these pages
}

function plainPage(title, text, status) {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Piri</title>
<link rel="stylesheet" href="${STATIC_URL}piri/app.css"></head>
<body><main id="main" class="offline-page"><h1>${title}</h1><p>${text}</p></main></body></html>`;
  return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

async function lockedPage(kept, lockUrl, title, text) {
  return (await kept.match(pageKey(new URL(lockUrl, self.location.origin)))) || plainPage(title, text, 423);
}

async function fromNetwork(request, url) {
  const response = await fetch(request);
  const path = url.pathname;
  if (response.status === 423 || (response.status === 200 && path === EMERGENCY_URL)) {
    await setTier('E');
    await forgetPages();
  } else if (response.status === 200 && path === URGENT_URL) {
    await setTier('U');
    await forgetPages();
  } else if (path === LOGIN_URL) {
    await forgetPages();  // signed out: no one else's pages stay on the phone
  } else if (response.status === 200 && path === SESSION_URL) {
    await setTier('ok');  // the safety gate let the session page through
  } else if (response.status === 200 && CACHED_PAGES.has(path) && (await tier()) === 'E') {
    await setTier('U');  // the emergency lock is lifted; exercises wait for the session page
  }
  const cache = await caches.open(PAGE_CACHE);
  if (response.status === 200 && response.type === 'basic' && CACHED_PAGES.has(path)) {
    await cache.put(pageKey(url), response.clone());
  } else if (response.type === 'opaqueredirect' || !response.ok) {
    await cache.delete(pageKey(url));  // moved elsewhere (signed out, locked…): not kept
  }
  return response;
}

async function page(request, url) {
  try {
    return await fromNetwork(request, url);
  } catch (error) {
    const kept = await caches.open(PAGE_CACHE);
    const lock = await tier();
    if (lock === 'E' && url.pathname !== EMERGENCY_URL) {
      return lockedPage(kept, EMERGENCY_URL, 'Get help now',
        'Your answers need emergency care. Piri is locked until a clinician has seen you.');
    }
    if (lock === 'U' && url.pathname === SESSION_URL) {
      return lockedPage(kept, URGENT_URL, 'See a clinician first',
        'Your exercises are paused until a clinician has seen you.');
    }
    const copy = await kept.match(pageKey(url));
    return copy || plainPage('You are offline',
      'This page was not saved on this phone. Open it again when you are back online.', 503);
  }
}

async function staticFile(request) {
  const cache = await caches.open(STATIC_CACHE);
  const copy = await cache.match(request, { ignoreSearch: true });
  if (copy) return copy;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

async function api(request) {
  const response = await fetch(request);
  if (response.status === 423) {
    await setTier('E');
    await forgetPages();
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== 'GET') return;
  // Clinic videos, their captions and posters: straight to the network, never kept (range
  // requests, large files, and only for the people of that clinic).
  if (url.pathname.startsWith(MEDIA_URL)) return;
  if (url.pathname.startsWith(STATIC_URL)) {
    event.respondWith(staticFile(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith('/api/')) {
    event.respondWith(api(request));
  }
});

// The page asks for the plan and how-to pages to be kept after its first online visit, and for
// itself when it was loaded before this worker was there (the session page is never asked for
// in the background: opening it marks the plan's changes as seen).
async function warm(current) {
  const cache = await caches.open(PAGE_CACHE);
  const paths = CACHED_PAGES.has(current) && current !== EMERGENCY_URL && current !== URGENT_URL
    ? [...PAGES, current] : PAGES;
  await Promise.all([...new Set(paths)].map(async (path) => {
    try {
      const response = await fetch(path, { credentials: 'same-origin', redirect: 'manual' });
      if (response.status === 200 && response.type === 'basic') {
        await cache.put(new URL(path, self.location.origin).href, response);
      }
    } catch (error) {
      // offline: the pages are kept on the next visit
    }
  }));
}

self.addEventListener('message', (event) => {
  const reply = (value) => event.ports[0] && event.ports[0].postMessage(value);
  if (event.data && event.data.type === 'warm') {
    // Not held with waitUntil: a newer version waiting to take over must not wait for this
    // best-effort refresh of the kept pages (activation waits for the old worker's events).
    warm(event.data.current).then(() => reply({ version: VERSION }), () => reply({ version: VERSION }));
  } else if (event.data && event.data.type === 'version') {
    reply({ version: VERSION });
  }
});

// Web push (decision 0019): a reminder shows as a notification. The payload holds our words
// and two addresses, never health details; "Stop reminders" posts to the signed stop link
// (no sign-in needed), any other tap opens Piri (an open window first).
self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  const options = {
    body: message.body || '',
    tag: message.tag || 'piri',
    icon: ICON,
    badge: ICON,
    data: { url: message.url || '/', stop_url: message.stop_url || null },
    actions: message.stop_url ? [{ action: 'stop', title: STOP_TITLE }] : [],
  };
  event.waitUntil(self.registration.showNotification(message.title || 'Piri', options));
});

self.addEventListener('notificationclick', (event) => {
  const data = event.notification.data || {};
  event.notification.close();
  if (event.action === 'stop' && data.stop_url) {
    event.waitUntil(fetch(data.stop_url, { method: 'POST', credentials: 'same-origin' }).catch(() => null));
    return;
  }
  const target = new URL(data.url || '/', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url.startsWith(self.location.origin));
      if (open) {
        return open.focus().then((client) => (client && client.url !== target ? client.navigate(target) : client));
      }
      return self.clients.openWindow(target);
    }),
  );
});
