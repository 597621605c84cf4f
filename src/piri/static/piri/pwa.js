// On every page (base.html): installs the service worker (/sw.js, see
// docs/decisions/0015-service-worker.md), asks it to keep the plan and how-to pages, says when
// the phone is offline, and keeps a session from starting offline while a safety lock is known.
const script = document.querySelector('script[data-piri-sw]');
const root = document.documentElement;

function offlineBanner() {
  const banner = document.createElement('p');
  banner.className = 'offline-banner';
  banner.setAttribute('role', 'status');
  banner.textContent = script.dataset.offlineText;
  const main = document.getElementById('main');
  (main || document.body).prepend(banner);
  const show = () => { banner.hidden = navigator.onLine; };
  window.addEventListener('online', show);
  window.addEventListener('offline', show);
  show();
}

function ask(worker, message) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}

// The service worker notes the last safety tier the server showed ('E': the emergency lock,
// 'U': exercises paused). A session page kept on the phone must not start under either.
async function guardSession() {
  const player = document.getElementById('player');
  if (!player || !('caches' in window)) return;
  const kept = await caches.match('/__piri/safety-tier', { cacheName: 'piri-state' });
  const tier = kept ? await kept.text() : 'ok';
  if (tier !== 'E' && tier !== 'U') return;
  const message = document.createElement('section');
  message.className = 'safety-lock';
  message.setAttribute('role', 'alert');
  const title = document.createElement('h1');
  title.textContent = tier === 'E' ? script.dataset.lockedTitle : script.dataset.pausedTitle;
  const text = document.createElement('p');
  text.textContent = tier === 'E' ? script.dataset.lockedText : script.dataset.pausedText;
  message.append(title, text);
  player.replaceWith(message);
  root.dataset.sessionLocked = tier;
}

async function register() {
  if (!('serviceWorker' in navigator)) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // A new version took over: load the page again from it, unless a session is being played
    // (the player keeps its progress, but a reload mid-hold would only get in the way).
    const playing = document.querySelector('#player[data-step-id]');
    if (!hadController || reloading || playing) return;
    reloading = true;
    window.location.reload();
  });
  const registration = await navigator.serviceWorker.register(script.dataset.piriSw, { scope: '/' });
  const ready = await navigator.serviceWorker.ready;
  const updating = Boolean(registration.installing || registration.waiting);
  if (script.dataset.signedIn === 'true' && navigator.onLine && !updating) {
    // the page itself too when it was loaded before the worker controlled it
    const current = hadController ? null : window.location.pathname;
    const answer = await ask(ready.active, { type: 'warm', current });
    root.dataset.swVersion = answer.version;
  } else {
    root.dataset.swVersion = (await ask(ready.active, { type: 'version' })).version;
  }
  root.dataset.offlineReady = 'true';
}

if (script) {
  offlineBanner();
  guardSession();
  register().catch(() => { root.dataset.offlineReady = 'false'; });
}
