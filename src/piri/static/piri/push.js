// Notifications on this device (decision 0019): subscribe this browser to web push with
// Piri's key, store the subscription, or remove it. No build step; the button and its status
// come from templates/push/device_toggle.html.

const box = document.querySelector('[data-push-toggle]');

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

function bytesOf(base64url) {
  const padded = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

export function pushSupported() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

export async function currentSubscription() {
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

export async function subscribe(urls) {
  if ((await Notification.requestPermission()) !== 'granted') throw new Error('blocked');
  const { key } = await (await fetch(urls.key, { credentials: 'same-origin' })).json();
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: bytesOf(key),
  });
  await post(urls.save, subscription.toJSON());
  return subscription;
}

export async function unsubscribe(urls) {
  const subscription = await currentSubscription();
  if (!subscription) return;
  await post(urls.remove, { endpoint: subscription.endpoint });
  await subscription.unsubscribe();
}

async function wire(root) {
  const button = root.querySelector('button');
  const status = root.querySelector('[data-push-status]');
  const urls = { key: root.dataset.keyUrl, save: root.dataset.saveUrl, remove: root.dataset.removeUrl };
  const say = (text) => { status.textContent = text; };
  if (!pushSupported()) {
    button.hidden = true;
    say(root.dataset.unsupported);
    return;
  }
  const show = (on) => {
    button.textContent = on ? root.dataset.turnOff : root.dataset.turnOn;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  };
  show(Boolean(await currentSubscription().catch(() => null)));
  if (Notification.permission === 'denied') say(root.dataset.blocked);
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    say(root.dataset.working);
    try {
      if (await currentSubscription()) {
        await unsubscribe(urls);
        show(false);
        say(root.dataset.nowOff);
      } else {
        await subscribe(urls);
        show(true);
        say(root.dataset.nowOn);
      }
      if (root.dataset.reload === 'true') window.location.reload();
    } catch (error) {
      say(Notification.permission === 'denied' ? root.dataset.blocked : root.dataset.failed);
    } finally {
      button.disabled = false;
    }
  });
}

if (box) wire(box);
