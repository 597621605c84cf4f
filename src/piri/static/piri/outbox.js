// The outbox: finished sessions wait in IndexedDB until the server has them.
//
// A report is written here before it is sent and removed only after the server answers
// 201 (stored) or 200 (already stored: reports are idempotent by client_id), so a session is
// never lost and never counted twice. Network failures and server errors keep it for a later
// try (the `online` event, a timer, the next page load). 401/403 keep it until the person
// signs in again. Any other 4xx means the report itself is wrong: it moves to the `rejected`
// store and is never sent again by itself.
//
// Other pages can send waiting reports too:
//   import { startOutbox } from '/static/piri/outbox.js'; startOutbox();

const DB_NAME = 'piri';
const DB_VERSION = 1;
const OUTBOX = 'outbox';
const REJECTED = 'rejected';
export const DEFAULT_URL = '/api/v1/sessions';

/** @typedef {'sent'|'offline'|'retry'|'signed_out'|'rejected'} Outcome */

let dbPromise = null;
const memory = { [OUTBOX]: new Map(), [REJECTED]: new Map() }; // when IndexedDB is unavailable

function openDb() {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve) => {
    if (!('indexedDB' in window)) return resolve(null);
    let request;
    try {
      request = indexedDB.open(DB_NAME, DB_VERSION);
    } catch {
      return resolve(null);
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'client_id' });
      if (!db.objectStoreNames.contains(REJECTED)) db.createObjectStore(REJECTED, { keyPath: 'client_id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
  });
  return dbPromise;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(storeName, mode, work) {
  const db = await openDb();
  if (!db) return work(null, memory[storeName]);
  const tx = db.transaction(storeName, mode);
  const finished = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  const result = await work(tx.objectStore(storeName), null);
  await finished;
  return result;
}

const put = (name, record) =>
  run(name, 'readwrite', (store, mem) => (mem ? mem.set(record.client_id, record) : done(store.put(record))));
const remove = (name, key) =>
  run(name, 'readwrite', (store, mem) => (mem ? mem.delete(key) : done(store.delete(key))));
const all = (name) =>
  run(name, 'readonly', (store, mem) => (mem ? [...mem.values()] : done(store.getAll())));

/** Keep a report until the server has it. Resolves once it is safely written. */
export async function queueReport(report, url = DEFAULT_URL) {
  await put(OUTBOX, { client_id: report.client_id, url, body: report, queued_at: new Date().toISOString() });
}

export const waitingReports = () => all(OUTBOX);
export const rejectedReports = () => all(REJECTED);

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const input = document.querySelector('input[name=csrfmiddlewaretoken]');
  return input ? input.value : '';
}

/** Send one record; says what happened to it. */
async function send(record) {
  let response;
  try {
    response = await fetch(record.url || DEFAULT_URL, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRFToken': csrfToken(),
      },
      body: JSON.stringify(record.body),
    });
  } catch {
    return 'offline';
  }
  if (response.status === 200 || response.status === 201) {
    await remove(OUTBOX, record.client_id);
    return 'sent';
  }
  if (response.status === 401 || response.status === 403) return 'signed_out';
  if (response.status >= 400 && response.status < 500) {
    let detail = null;
    try {
      detail = await response.json();
    } catch {
      detail = null;
    }
    await put(REJECTED, { ...record, status: response.status, detail, rejected_at: new Date().toISOString() });
    await remove(OUTBOX, record.client_id);
    return 'rejected';
  }
  return 'retry';
}

let chain = Promise.resolve();

/**
 * Try to send every waiting report, one flush at a time (in this tab; the server dedupes
 * across tabs). Resolves to a Map of client_id -> Outcome.
 */
export function flushOutbox() {
  const next = chain.then(async () => {
    const outcomes = new Map();
    let records;
    try {
      records = await waitingReports();
    } catch {
      return outcomes;
    }
    for (const record of records) {
      let outcome;
      try {
        outcome = await send(record);
      } catch {
        outcome = 'retry';
      }
      outcomes.set(record.client_id, outcome);
      if (outcome === 'offline') {
        // no network: the others would fail the same way
        for (const other of records) if (!outcomes.has(other.client_id)) outcomes.set(other.client_id, 'offline');
        break;
      }
    }
    return outcomes;
  });
  chain = next.catch(() => {});
  return next;
}

const listeners = new Set();
let started = false;
let retryTimer = null;
let retryDelay = 15_000;

function scheduleRetry(outcomes) {
  clearTimeout(retryTimer);
  const waiting = [...outcomes.values()].some((o) => o === 'offline' || o === 'retry');
  if (!waiting) {
    retryDelay = 15_000;
    return;
  }
  retryTimer = setTimeout(flushAndTell, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 5 * 60_000);
}

async function flushAndTell() {
  const outcomes = await flushOutbox();
  scheduleRetry(outcomes);
  for (const listener of listeners) {
    try {
      listener(outcomes);
    } catch {
      // a listener's problem is not the outbox's
    }
  }
  return outcomes;
}

/**
 * Send waiting reports now, when the network comes back, and every so often while some wait.
 * `onOutcomes(Map)` hears the result of every attempt. Returns the first attempt's promise.
 */
export function startOutbox(onOutcomes) {
  if (onOutcomes) listeners.add(onOutcomes);
  if (!started) {
    started = true;
    window.addEventListener('online', () => {
      retryDelay = 15_000;
      flushAndTell();
    });
  }
  return flushAndTell();
}

/** Queue a report and try to send it at once. Resolves to its Outcome. */
export async function submitReport(report, url = DEFAULT_URL) {
  await queueReport(report, url);
  const outcomes = await flushAndTell();
  return outcomes.get(report.client_id) ?? 'retry';
}
